import { strict as assert } from "node:assert";
import { prepareGeneration, UnsupportedSchemaError } from "../../../functions/engine/generate";
import type { GenerationOptions } from "../../../functions/engine/generate";
import { OPTIONAL_VALUES_PER_ROW } from "../../../functions/engine/generate/context";

function problemsOf(opts: Partial<GenerationOptions>): Array<{ path: string; message: string }> {
  try {
    prepareGeneration({ rows: 5, format: "jsonl", schema: { type: "object" }, ...opts } as GenerationOptions);
  } catch (err) {
    assert.ok(err instanceof UnsupportedSchemaError, `expected UnsupportedSchemaError, got ${String(err)}`);
    assert.ok(err.problems.length > 0);
    return err.problems;
  }
  assert.fail("expected the schema to be refused");
}

describe("generator refusals (UnsupportedSchemaError before any row)", () => {
  it("names a dangling or remote $ref", () => {
    const p = problemsOf({ schema: { type: "object", properties: { a: { $ref: "#/$defs/missing" }, b: { $ref: "https://example.com/x.json" } } } });
    assert.deepEqual(p.map((x) => x.path).sort(), ["/properties/a", "/properties/b"]);
    assert.match(p[0].message, /does not resolve/);
  });

  it("names contradictory bounds, lengths and enums with the property's path", () => {
    const p = problemsOf({ schema: { type: "object", properties: {
      n: { type: "integer", minimum: 10, maximum: 5 },
      s: { type: "string", minLength: 5, maxLength: 2 },
      e: { enum: ["a", "b"], type: "integer" },
      m: { type: "integer", minimum: 1, maximum: 4, multipleOf: 5 },
    }, required: ["n", "s", "e", "m"] } });
    const paths = new Set(p.map((x) => x.path));
    for (const path of ["/n", "/s", "/e", "/m"]) assert.ok(paths.has(path), `no problem at ${path}: ${JSON.stringify(p)}`);
  });

  it("refuses a required property that can have no value, and a false schema", () => {
    assert.ok(problemsOf({ schema: { type: "object", properties: { a: false }, required: ["a"] } }).some((x) => x.path === "/a"));
    assert.ok(problemsOf({ schema: { not: {} } }).length > 0);
  });

  it("refuses patterns it cannot run safely instead of guessing", () => {
    const p = problemsOf({ schema: { type: "string", pattern: "^a*(?=(a+)+$)\\w+$" } });
    assert.ok(p.some((x) => /pattern .* may take exponential time on a backtracking engine/.test(x.message)), JSON.stringify(p));
    // Each refusal carries the pattern module's own reason, not a generic "cannot be run" for all.
    assert.ok(!p.some((x) => /cannot be run by the linear-time regex engine/.test(x.message)), JSON.stringify(p));
    const repeat = problemsOf({ schema: { type: "string", pattern: "a{2000}" } });
    assert.ok(repeat.some((x) => /^pattern "a\{2000\}" is not supported by the linear-time regex engine: invalid repeat count/.test(x.message)), JSON.stringify(repeat));
  });

  it("runs untrusted patterns safely: a catastrophic-backtracking pattern still generates matching values", () => {
    const schema = { type: "object", properties: { a: { type: "string", pattern: "^(a+)+$", maxLength: 30 }, b: { type: "string", pattern: "^a*a*a*a*a*a*b$", minLength: 3 } }, required: ["a", "b"] };
    for (const row of prepareGeneration({ schema, rows: 200, seed: 1, format: "jsonl" }).rows()) {
      assert.match(String(row.a), /^a+$/);
      assert.match(String(row.b), /^a*b$/);
    }
  });

  it("refuses schemas too tight to sample rather than emitting invalid rows", () => {
    // Every integer the bounds allow is excluded by not: unsatisfiable, found by the probe run.
    const p = problemsOf({ schema: { type: "integer", minimum: 1, maximum: 3, not: { enum: [1, 2, 3] } } });
    assert.ok(p.length > 0);
  });

  it("reports field-list problems by a pointer to the field, naming it, and bad options", () => {
    // "1bad" is a name the field-list reader accepts now (SQL quotes it); a dotted name is still refused.
    const p = problemsOf({ schema: { fields: [{ name: "a.b", type: "string" }, { name: "x", type: "money" }] } as never });
    assert.deepEqual(p.map((x) => x.path), ["/fields/0", "/fields/1"]);
    assert.match(p[0].message, /a\.b/);
    assert.match(p[1].message, /x/);
    const o = problemsOf({ rows: -1, format: "xml" as never, shard: { index: 3, count: 2 }, compliance: ["NOPE" as never] });
    assert.deepEqual(o.map((x) => x.path).sort(), ["compliance", "format", "rows", "shard"]);
  });

  it("accepts recursive schemas and bounds their depth", () => {
    const tree = { $defs: { node: { type: "object", properties: { value: { type: "integer" }, children: { type: "array", items: { $ref: "#/$defs/node" } } }, required: ["value", "children"] } }, $ref: "#/$defs/node" };
    const rows = [...prepareGeneration({ schema: tree, rows: 20, seed: 1, format: "json" }).rows()];
    const depth = (n: { children: unknown[] }): number => 1 + Math.max(0, ...n.children.map((c) => depth(c as { children: unknown[] })));
    assert.ok(rows.every((r) => depth(r as { children: unknown[] }) < 12));
  });

  it("compiles a schema that is itself again under many optional names once per cycle, and keeps its rows bounded", () => {
    // As Renovate's configuration: every package manager's settings are the whole configuration (`$ref: "#"`).
    const managers = Array.from({ length: 60 }, (_, i) => `manager${i}`);
    const schema = {
      type: "object",
      properties: {
        ...Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`setting${i}`, { type: "string", maxLength: 12 }])),
        ...Object.fromEntries(managers.map((m) => [m, { $ref: "#", description: `settings for ${m}` }])),
      },
    };
    const rows = [...prepareGeneration({ schema, rows: 5, seed: 3, format: "jsonl" }).rows()];
    assert.equal(rows.length, 5);
    const values = (v: unknown): number => (typeof v === "object" && v !== null ? Object.values(v).reduce<number>((n, x) => n + 1 + values(x), 0) : 0);
    for (const row of rows) {
      assert.ok(managers.some((m) => m in row), "managers are in the rows, nested configuration and all");
      assert.ok(values(row) <= OPTIONAL_VALUES_PER_ROW, `a row of ${values(row)} values`);
    }
  });
});
