import { strict as assert } from "node:assert";
import { CONFORMANCE_SUITE_DIR } from "../../fixtures/conformance";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileValidator, SchemaCompileError, schemaDigest } from "../../../functions/engine/validate";

describe("compileValidator", () => {
  describe("ajv traps", () => {
    it("accepts cent amounts as multiples of 0.01 (9.95, 0.07, 19.99) and still rejects 9.955", () => {
      const validate = compileValidator({ type: "number", multipleOf: 0.01 });
      // 631868.47 / 0.01 is 63186846.99999999: large amounts too (an absolute tolerance rejected them).
      for (const ok of [9.95, 0.07, 19.99, 1234.56, 631868.47, 98765432.1]) assert.equal(validate(ok), true, String(ok));
      assert.equal(validate(631868.475), false);
      assert.equal(validate(9.955), false);
      assert.equal(validate.errors?.[0]?.keyword, "multipleOf");
    });

    it("compiles a schema that declares the draft 2020-12 $schema", () => {
      const validate = compileValidator({
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "array", prefixItems: [{ type: "string" }], items: false,
      });
      assert.equal(validate(["a"]), true);
      assert.equal(validate(["a", 1]), false);
    });

    it("does not throw on valid schemas that strict mode rejects (strictTypes, strictRequired, unknown keywords)", () => {
      const validate = compileValidator({
        properties: { age: { minimum: 18 } }, // strictTypes: a number keyword without a type
        required: ["id"], // strictRequired: required but not in properties
        "x-semantic": "person", "x-unique": true, // annotations
      });
      assert.equal(validate({ id: 1, age: 20 }), true);
      assert.equal(validate({ age: 20 }), false);
    });

    it("checks the formats the generator emits, and formatMinimum/formatMaximum on dates", () => {
      const validate = compileValidator({
        type: "object",
        properties: {
          date: { type: "string", format: "date", formatMinimum: "2025-01-01", formatMaximum: "2025-12-31" },
          at: { type: "string", format: "date-time" }, time: { type: "string", format: "time" },
          duration: { type: "string", format: "duration" }, email: { type: "string", format: "email" },
          id: { type: "string", format: "uuid" }, url: { type: "string", format: "uri" },
          host: { type: "string", format: "hostname" }, v4: { type: "string", format: "ipv4" }, v6: { type: "string", format: "ipv6" },
        },
      });
      const good = {
        date: "2025-06-30", at: "2025-06-30T12:00:00Z", time: "12:00:00Z", duration: "P1DT2H", email: "a@example.com",
        id: "3b241101-e2bb-4255-8caf-4136c566a962", url: "https://example.com/x", host: "example.com", v4: "192.0.2.1", v6: "2001:db8::1",
      };
      assert.equal(validate(good), true, JSON.stringify(validate.errors));
      const bad = {
        date: "2024-06-30", at: "yesterday", time: "25:00:00Z", duration: "1 day", email: "nope", id: "x",
        url: "not a uri", host: "-bad-", v4: "300.1.1.1", v6: "2001:::1",
      };
      assert.equal(validate(bad), false);
      const failed = new Set(validate.errors!.map((e) => e.instancePath));
      assert.deepEqual([...failed].sort(), Object.keys(bad).map((k) => `/${k}`).sort());
      assert.equal(validate.errors!.find((e) => e.instancePath === "/date")?.keyword, "formatMinimum");
    });
  });

  describe("untrusted patterns", () => {
    it("runs ^(a+)+$ in linear time: a long non-matching string is rejected without hanging", () => {
      const validate = compileValidator({ type: "string", pattern: "^(a+)+$" });
      assert.equal(validate(`${"a".repeat(100_000)}!`), false);
      assert.equal(validate("a".repeat(100_000)), true);
    });

    it("keeps JavaScript pattern syntax: \\d, named groups, \\u escapes, unicode classes", () => {
      const validate = compileValidator({
        type: "object",
        properties: {
          a: { type: "string", pattern: "^\\d{3}-\\d{4}$" }, b: { type: "string", pattern: "^(?<year>\\d{4})$" },
          c: { type: "string", pattern: "^\\u00e9+$" }, d: { type: "string", pattern: "^\\p{L}+$" },
        },
        patternProperties: { "^x_[a-z]+$": { type: "integer" } },
      });
      assert.equal(validate({ a: "555-0100", b: "2025", c: "éé", d: "Straße", x_count: 3 }), true, JSON.stringify(validate.errors));
      assert.equal(validate({ a: "5550100", b: "25", c: "e", d: "a1", x_count: "3" }), false);
      assert.equal(validate.errors!.length, 5);
    });

    it("runs backreferences and lookaround the ReDoS analysis clears, on the native engine", () => {
      const validate = compileValidator({ type: "object", properties: { a: { type: "string", pattern: "^(a)\\1$" }, b: { type: "string", pattern: "^(?=a)a$" }, c: { type: "string", pattern: "(?<!x)y" } } });
      assert.equal(validate({ a: "aa", b: "a", c: "ay" }), true, JSON.stringify(validate.errors));
      assert.equal(validate({ a: "ab", b: "b", c: "xy" }), false);
      assert.equal(validate.errors!.length, 3);
    });

    it("refuses patterns that may backtrack catastrophically (pattern-redos) and what RE2 cannot run (pattern-linear-time) with a SchemaCompileError", () => {
      for (const [pattern, rule, message] of [["^a*(?=(a+)+$)", "pattern-redos", /may take exponential time on a backtracking engine/], ["a{2000}", "pattern-linear-time", /linear-time/]] as const) {
        assert.throws(() => compileValidator({ type: "string", pattern }), (err: unknown) => {
          assert.ok(err instanceof SchemaCompileError);
          assert.equal(err.problems[0].rule, rule);
          assert.match(err.message, message);
          return true;
        }, pattern);
      }
    });
  });

  describe("references", () => {
    it("reports an unresolved and a remote $ref as compile errors, never fetching", () => {
      for (const $ref of ["#/$defs/missing", "https://example.com/schemas/other.json"]) {
        assert.throws(() => compileValidator({ $ref }), (err: unknown) => err instanceof SchemaCompileError && err.problems[0].rule === "$ref-resolves");
      }
    });

    it("turns a $ref loop into a compile error or an invalid value, never a crash", () => {
      assert.throws(
        () => compileValidator({ $defs: { a: { $ref: "#/$defs/b" }, b: { $ref: "#/$defs/a" } }, $ref: "#/$defs/a" }),
        (err: unknown) => err instanceof SchemaCompileError && err.problems[0].rule === "$ref-cycle",
      );
      const selfLoop = compileValidator({ $ref: "#" });
      assert.equal(selfLoop({}), false);
      assert.equal(selfLoop.errors?.[0]?.keyword, "$ref");
    });
  });

  describe("cache", () => {
    it("compiles once per schema: the same schema with keys in another order gives the same validator", () => {
      const a = compileValidator({ type: "object", properties: { n: { type: "integer", minimum: 1 } } });
      const b = compileValidator({ properties: { n: { minimum: 1, type: "integer" } }, type: "object" });
      assert.equal(a, b);
      assert.equal(a.digest, schemaDigest({ type: "object", properties: { n: { type: "integer", minimum: 1 } } }));
      assert.notEqual(compileValidator({ type: "integer" }), a);
    });
  });

  describe("JSON Schema Test Suite (draft 2020-12)", () => {
    const suiteDir = CONFORMANCE_SUITE_DIR;
    // refRemote needs network fetches (refused by design); format/vocabulary expect formats as
    // annotations only, while the product asserts them; dynamicRef needs ajv's dynamicRef option, which
    // the product does not enable.
    const skipped = new Set(["refRemote.json", "format.json", "vocabulary.json", "dynamicRef.json"]);
    // Known, accepted differences, each with its reason. The spec fails if one disappears (re-check it) or a new one appears.
    const knownDeviations: Record<string, string[]> = {
      // The product rejects an empty enum as a schema error (validateSchema says so); ajv refuses to compile it.
      "enum.json": ["empty enum: compile"],
      // ajv overflows its stack on a $ref next to an $id in the same sub-schema (plain ajv does too): reported as a schema error.
      "ref.json": ["refs with relative uris and defs: compile", "relative refs with absolute uris and defs: compile", "URN ref with nested pointer ref: compile"],
      // ajv reads a `__proto__` property through the prototype accessor, not as the own value JSON.parse made.
      "properties.json": ["properties whose names are Javascript object property names / __proto__ not valid"],
      // $dynamicRef and if-without-then annotations are not collected with dynamicRef off.
      "unevaluatedItems.json": [
        "unevaluatedItems with nested items / with no additional items",
        "unevaluatedItems with nested items / with invalid additional item",
        "unevaluatedItems with $dynamicRef / with no unevaluated items",
        "unevaluatedItems depends on adjacent contains / contains passes, second item is not evaluated",
        "unevaluatedItems depends on multiple nested contains / 7 not evaluated, fails unevaluatedItems",
        "unevaluatedItems and contains interact to control item dependency relationship / only b's are invalid",
        "unevaluatedItems and contains interact to control item dependency relationship / only c's are invalid",
        "unevaluatedItems and contains interact to control item dependency relationship / only b's and c's are invalid",
        "unevaluatedItems and contains interact to control item dependency relationship / only a's and c's are invalid",
        "unevaluatedItems with minContains = 0 / all items evaluated by contains",
        "unevaluatedItems can see annotations from if without then and else / valid in case if is evaluated",
      ],
      "unevaluatedProperties.json": [
        "unevaluatedProperties with if/then/else, then not defined / when if is true and has no unevaluated properties",
        "unevaluatedProperties with if/then/else, then not defined / when if is false and has unevaluated properties",
        "unevaluatedProperties with $dynamicRef / with no unevaluated properties",
        "unevaluatedProperties can see annotations from if without then and else / valid in case if is evaluated",
      ],
    };
    let files: string[] = [];
    try {
      files = readdirSync(suiteDir).filter((f) => f.endsWith(".json") && !skipped.has(f));
    } catch {
      files = [];
    }
    it("finds the suite", () => assert.ok(files.length > 30, `suite not found at ${suiteDir}`));
    for (const file of files) {
      it(`passes ${file}${knownDeviations[file] ? " (known deviations listed)" : ""}`, () => {
        const groups = JSON.parse(readFileSync(join(suiteDir, file), "utf8")) as { description: string; schema: object; tests: { description: string; data: unknown; valid: boolean }[] }[];
        const failures: string[] = [];
        for (const group of groups) {
          let validate;
          try {
            validate = compileValidator(group.schema as Record<string, unknown>);
          } catch {
            failures.push(`${group.description}: compile`);
            continue;
          }
          for (const test of group.tests) {
            if (validate(test.data) !== test.valid) failures.push(`${group.description} / ${test.description}`);
          }
        }
        assert.deepEqual(failures, knownDeviations[file] ?? []);
      });
    }
  });
});
