// Lookaround and back-references through the whole engine: the schema check accepts realistic patterns,
// generation honours them (judged by the native RegExp, independently of the engine's matcher), the data
// validator accepts what was generated, and catastrophic patterns are refused before any row.
import { strict as assert } from "node:assert";
import { prepareGeneration, UnsupportedSchemaError } from "../../../functions/engine/generate";
import type { JsonSchemaObject, Row } from "../../../functions/engine/schema/types";
import { validateDataset, validateSchema } from "../../../functions/engine/validate";
import { DECIMAL, LOOKAROUND_PATTERNS, REDOS_IN_FIXED_LOOKAROUND, REDOS_WITH_LOOKAROUND, SSN } from "../patternCases";

const objectWith = (properties: Record<string, JsonSchemaObject>, required = Object.keys(properties)): JsonSchemaObject => ({ type: "object", properties, required });

function rowsOf(schema: JsonSchemaObject, rows: number, seed: number | string = 1): Row[] {
  return [...prepareGeneration({ schema, rows, format: "jsonl", seed }).rows()];
}

function errorsOf(schema: JsonSchemaObject): string[] {
  return validateSchema({ schema }).errors.filter((e) => e.severity === "error").map((e) => `${e.field} ${e.rule}`);
}

describe("lookaround and back-reference patterns through the engine", () => {
  it("accepts each realistic pattern, generates 500 rows that match it, and the data validator agrees", async () => {
    for (const pattern of LOOKAROUND_PATTERNS) {
      const schema = objectWith({ v: { type: "string", pattern } });
      assert.deepEqual(errorsOf(schema), [], pattern);
      const rows = rowsOf(schema, 500, pattern);
      const re = new RegExp(pattern, "u");
      for (const row of rows) assert.ok(typeof row.v === "string" && re.test(row.v), `${JSON.stringify(row.v)} does not match ${pattern}`);
      const report = await validateDataset(schema, rows);
      assert.equal(report.rows, 500);
      assert.equal(report.validity_rate, 1, `${pattern}: ${JSON.stringify(report.top_errors)}`);
    }
  });

  it("generates SSNs the SSA could issue, the same rows for the same seed", () => {
    const schema = { type: "object", properties: { ssn: { type: "string", pattern: SSN } }, required: ["ssn"] };
    const rows = rowsOf(schema, 200);
    const re = new RegExp(SSN, "u");
    for (const row of rows) assert.ok(re.test(String(row.ssn)), String(row.ssn));
    assert.ok(new Set(rows.map((r) => r.ssn)).size > 190);
    assert.deepEqual(rowsOf(schema, 200), rows);
  });

  it("lets an optional property with a lookaround pattern leave its required parent satisfiable", async () => {
    const handle = "^(?!.*--)[a-z][a-z0-9-]{2,30}[a-z0-9]$";
    const schema = objectWith({
      account: { type: "object", properties: { name: { type: "string" }, handle: { type: "string", pattern: handle } }, required: ["name"] },
    });
    assert.deepEqual(errorsOf(schema), []);
    const rows = rowsOf(schema, 200);
    const handles = rows.map((r) => (r.account as { handle?: unknown }).handle).filter((h) => h !== undefined);
    assert.ok(handles.length > 0, "the optional property is generated now and then");
    for (const h of handles) assert.ok(new RegExp(handle, "u").test(String(h)), String(h));
    assert.equal((await validateDataset(schema, rows)).validity_rate, 1);
  });

  it("generates property names for patternProperties with lookaround", () => {
    const schema: JsonSchemaObject = { type: "object", patternProperties: { "^(?!id$)[a-z]{3,8}$": { type: "integer" } }, additionalProperties: false, minProperties: 2 };
    for (const row of rowsOf(schema, 50)) {
      assert.ok(Object.keys(row).length >= 2);
      for (const key of Object.keys(row)) assert.match(key, /^(?!id$)[a-z]{3,8}$/u);
    }
  });

  it("accepts pydantic's Decimal and catastrophic lookaheads at a fixed position: they run on RE2, in linear time", async () => {
    for (const pattern of REDOS_IN_FIXED_LOOKAROUND) {
      assert.deepEqual(errorsOf(objectWith({ s: { type: "string", pattern } })), [], pattern);
      // and rows of them are made: from the lookahead's body (^(?=(a+)+$)) or with a tail (^(?!(\w+\s?)+$)x)
      for (const row of rowsOf(objectWith({ s: { type: "string", pattern } }), 50)) assert.match(String(row.s), new RegExp(pattern, "u"), pattern);
    }
    const schema = objectWith({ amount: { type: "string", pattern: DECIMAL } });
    assert.deepEqual(errorsOf(schema), []);
    const rows = rowsOf(schema, 200);
    for (const row of rows) assert.match(String(row.amount), new RegExp(DECIMAL, "u"));
    assert.equal((await validateDataset(schema, [...rows, { amount: "+." }])).rows, 201);
    assert.equal((await validateDataset(schema, [{ amount: "+." }])).validity_rate, 0);
  });

  it("refuses classic ReDoS patterns with lookaround in the schema check (pattern-redos) and before any row", () => {
    for (const pattern of REDOS_WITH_LOOKAROUND) {
      const schema = objectWith({ s: { type: "string", pattern } });
      assert.deepEqual(errorsOf(schema), ["s pattern-redos"], pattern);
      const finding = validateSchema({ schema }).errors.find((e) => e.rule === "pattern-redos")!;
      assert.match(finding.message, /^pattern ".*" may take (exponential|polynomial) time.* on a backtracking engine: /);
      assert.throws(() => prepareGeneration({ schema, rows: 10, format: "jsonl", seed: 1 }), (err: unknown) => {
        assert.ok(err instanceof UnsupportedSchemaError, pattern);
        assert.ok(err.problems.some((p) => p.path === "/s" && /on a backtracking engine/.test(p.message)), JSON.stringify(err.problems));
        return true;
      });
    }
    // In patternProperties, and on an optional property, just the same.
    const keys = { type: "object", patternProperties: { "^a*(?=(a+)+$)": { type: "string" } } } as JsonSchemaObject;
    assert.deepEqual(errorsOf(objectWith({ m: keys })), ["m pattern-redos"]);
    assert.throws(() => prepareGeneration({ schema: objectWith({ m: keys }), rows: 1, format: "jsonl", seed: 1 }), UnsupportedSchemaError);
    const optional = objectWith({ a: { type: "string" }, s: { type: "string", pattern: "^(a|a)*(?=b)" } }, ["a"]);
    assert.deepEqual(errorsOf(optional), ["s pattern-redos"]);
    assert.throws(() => prepareGeneration({ schema: optional, rows: 1, format: "jsonl", seed: 1 }), UnsupportedSchemaError);
  });
});
