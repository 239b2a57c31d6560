import { strict as assert } from "node:assert";
import { validateSchema } from "../../../functions/engine/validate";
import { validateSchemaOperation } from "../../../functions/validate/operations";

const DRAFT = "https://json-schema.org/draft/2020-12/schema";

// The agent supplies what only it knows: validateSchema names the text fields the generator would fill with
// generic words, and once the model has described them they are no longer named.
describe("validateSchema: fields whose meaning is unknown", () => {
  const schema = (spec: Record<string, unknown>) => ({
    $schema: DRAFT, type: "object", required: ["email", "widget_spec", "parts"],
    properties: {
      email: { type: "string", format: "email" },
      city: { type: "string" },
      widget_spec: { type: "string", ...spec },
      parts: { type: "array", minItems: 1, items: { type: "object", required: ["gizmo"], properties: { gizmo: { type: "string" }, sku: { type: "string", pattern: "^SKU-[0-9]{6}$" } } } },
    },
  });

  it("names them by data path and asks for a description and examples; known meanings and patterns are not named", () => {
    const r = validateSchema({ schema: schema({}) });
    assert.equal(r.valid, true);
    assert.deepEqual(r.unknown_meanings, ["widget_spec", "parts[*].gizmo"]);
    const advice = r.suggestions.find((s) => s.includes("widget_spec"));
    assert.match(advice ?? "", /description.*examples/);
  });

  it("a field the model gave examples is no longer unknown (the tool answer carries the list too)", () => {
    const described = schema({ description: "Hardware specification of the widget", examples: ["M4 x 20 mm, zinc plated", "M6 x 35 mm, stainless"] });
    assert.deepEqual(validateSchema({ schema: described }).unknown_meanings, ["parts[*].gizmo"]);
    const answer = validateSchemaOperation({ maxVolume: 1_000_000 }, { schema: described as never });
    assert.deepEqual(answer.unknown_meanings, ["parts[*].gizmo"]);
  });

  it("says nothing of meanings for a schema with errors", () => {
    const r = validateSchema({ schema: { ...schema({}), properties: { x: { type: "string", minLength: 5, maxLength: 2 } } } });
    assert.equal(r.valid, false);
    assert.deepEqual(r.unknown_meanings, []);
  });
});
