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
