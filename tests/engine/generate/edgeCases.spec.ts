import assert from "node:assert/strict";
import { prepareGeneration, UnsupportedSchemaError } from "../../../functions/engine/generate";

const oneString = (s: Record<string, unknown>) => ({ type: "object", properties: { s: { type: "string", ...s } }, required: ["s"] });

describe("generator: string lengths", () => {
  it("keeps free text a few words long under a huge maxLength, and honours minLength", () => {
    const plan = prepareGeneration({ schema: oneString({ minLength: 5, maxLength: 1e9 }), rows: 200, seed: 7, format: "jsonl" });
    const lengths = [...plan.rows()].map((r) => String(r.s).length);
    assert.ok(lengths.every((n) => n >= 5 && n <= 5 + 64), `lengths ${Math.min(...lengths)}..${Math.max(...lengths)}`);
    assert.ok(new Set(lengths).size > 10, "lengths vary");
  });

  it("refuses a minLength beyond what it builds, before generating", () => {
    assert.throws(() => prepareGeneration({ schema: oneString({ minLength: 5e6 }), rows: 1, seed: 1, format: "jsonl" }),
      (err: unknown) => err instanceof UnsupportedSchemaError && /minLength 5000000/.test(JSON.stringify(err.problems)));
  });
});

describe("generator: object-member property names and empty keyword maps", () => {
  it("generates for a schema that forbids a property named constructor, with an empty patternProperties beside it", () => {
    const schema = { type: "object", properties: { constructor: false, a: { patternProperties: {} } }, required: [] };
    const rows = [...prepareGeneration({ schema, rows: 30, seed: 4, format: "jsonl" }).rows()];
    assert.equal(rows.length, 30);
    for (const row of rows) assert.ok(!Object.prototype.hasOwnProperty.call(row, "constructor"));
  });

  it("generates a required property named toString as the row's own value", () => {
    const schema = { type: "object", properties: { toString: { type: "string", minLength: 1 } }, required: ["toString"], additionalProperties: false };
    for (const row of prepareGeneration({ schema, rows: 10, seed: 2, format: "jsonl" }).rows()) {
      assert.equal(typeof (row as Record<string, unknown>).toString, "string");
    }
  });
});
