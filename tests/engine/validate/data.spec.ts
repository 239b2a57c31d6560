import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validator } from "@cfworker/json-schema";
import fc from "fast-check";
import { DataReadError, SchemaCompileError, validateDataset } from "../../../functions/engine/validate";
import { readRows } from "../../../functions/engine/io";
import type { Row } from "../../../functions/engine/schema/types";

const orders = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: {
    id: { type: "integer", minimum: 1 },
    email: { type: "string", format: "email" },
    amount: { type: "number", minimum: 0, multipleOf: 0.01 },
    items: { type: "array", items: { type: "object", properties: { sku: { type: "string", pattern: "^[A-Z]{3}-\\d{3}$" }, qty: { type: "integer", minimum: 1 } }, required: ["sku", "qty"] } },
  },
  required: ["id", "email", "amount"],
  additionalProperties: false,
};

async function* fromArray(rows: Row[]): AsyncGenerator<Row> {
  yield* rows;
}

describe("validateDataset", () => {
  it("counts valid and invalid rows and groups errors by data path and keyword with example rows", async () => {
    const rows: Row[] = [
      { id: 1, email: "a@example.com", amount: 9.95, items: [{ sku: "ABC-123", qty: 1 }] }, // 1 valid
      { id: 0, email: "a@example.com", amount: 9.95 }, // 2 id minimum
      { id: 3, email: "nope", amount: 1.5, items: [{ sku: "abc", qty: 0 }, { sku: "xyz", qty: 2 }] }, // 3 email, sku pattern (once), qty
      { id: 4, email: "d@example.com" }, // 4 amount missing
      { id: 5, email: "e@example.com", amount: 0.07, extra: true }, // 5 additional property
      { id: -1, email: "f@example.com", amount: 19.99 }, // 6 id minimum
      { id: 7, email: "g@example.com", amount: 3 }, // 7 valid
    ];
    const report = await validateDataset(orders, fromArray(rows));
    assert.equal(report.rows, 7);
    assert.equal(report.valid_rows, 2);
    assert.equal(report.invalid_rows, 5);
    assert.equal(report.validity_rate, 2 / 7);
    const groups = Object.fromEntries(report.top_errors.map((g) => [`${g.field} ${g.keyword}`, [g.count, g.example_rows]]));
    assert.deepEqual(groups, {
      "id minimum": [2, [2, 6]],
      "email format": [1, [3]],
      "items[*].sku pattern": [1, [3]],
      "items[*].qty minimum": [1, [3]],
      "amount required": [1, [4]],
      "extra additionalProperties": [1, [5]],
    });
    assert.equal(report.top_errors[0].field, "id", "most frequent first");
    assert.equal(report.error_kinds, 6);
  });

  it("accepts a field list and checks it as its JSON Schema", async () => {
    const report = await validateDataset({ fields: [{ name: "n", type: "integer", constraints: { min: 1, max: 3 } }] }, fromArray([{ n: 1 }, { n: 4 }, { n: 2, m: 1 }, {}]));
    assert.deepEqual([report.valid_rows, report.invalid_rows], [1, 3]);
    assert.deepEqual(report.top_errors.map((g) => `${g.field} ${g.keyword}`).sort(), ["m additionalProperties", "n maximum", "n required"]);
  });

  it("keeps memory bounded: examples per group and the number of groups are capped", async () => {
    async function* many(): AsyncGenerator<Row> {
      for (let i = 1; i <= 2000; i++) yield { id: 1, email: "a@example.com", amount: 1, [`extra_${i % 50}`]: i };
    }
    const report = await validateDataset(orders, many(), { maxGroups: 10, examplesPerGroup: 3, maxReportedGroups: 4 });
    assert.equal(report.invalid_rows, 2000);
    assert.equal(report.top_errors.length, 4);
    assert.ok(report.top_errors.every((g) => g.example_rows.length === 3 && g.count === 40));
    assert.equal(report.ungrouped_errors, 2000 - 10 * 40);
    assert.equal(report.error_kinds, 11, "ten tracked kinds plus the ungrouped bucket");
  });

  it("reports no rows as a null validity rate", async () => {
    const report = await validateDataset(orders, fromArray([]));
    assert.deepEqual([report.rows, report.validity_rate, report.top_errors], [0, null, []]);
  });

  it("throws SchemaCompileError for a schema that cannot compile and DataReadError naming the row for unreadable data", async () => {
    await assert.rejects(validateDataset({ type: "string", pattern: "^(a+)+\\1$" }, fromArray([])), SchemaCompileError);
    const dir = mkdtempSync(join(tmpdir(), "sdga-validate-"));
    try {
      const file = join(dir, "bad.jsonl");
      writeFileSync(file, '{"id":1,"email":"a@example.com","amount":1}\n\n{"id":2,\n');
      await assert.rejects(validateDataset(orders, readRows("jsonl", file)), (err: unknown) => {
        assert.ok(err instanceof DataReadError);
        assert.equal(err.row, 2);
        assert.match(err.message, /could not read row 2: .*line 3/);
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("agrees with an independent validator (@cfworker/json-schema) on random rows (property)", async () => {
    const independent = new Validator(orders as never, "2020-12", false);
    const item = fc.record({ sku: fc.constantFrom("ABC-123", "abc", "XYZ-999"), qty: fc.integer({ min: -1, max: 3 }) }, { requiredKeys: [] });
    const row = fc.record({
      id: fc.integer({ min: -2, max: 5 }),
      email: fc.constantFrom("a@example.com", "nope"),
      amount: fc.constantFrom(0, 9.95, 0.07, 1.234, -1),
      items: fc.array(item, { maxLength: 3 }),
    }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(fc.array(row, { maxLength: 30 }), async (rows) => {
      const expectedInvalid = rows.filter((r) => !independent.validate(r).valid).length;
      const report = await validateDataset(orders, fromArray(rows as Row[]));
      return report.invalid_rows === expectedInvalid && report.valid_rows + report.invalid_rows === rows.length;
    }), { numRuns: 100 });
  });
});
