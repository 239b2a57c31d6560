import { strict as assert } from "node:assert";
import { SUPPORTED_FORMATS } from "../../../functions/engine/generate/compile";
import { KNOWN_FORMATS, looksLikeRegex, normaliseFormats, readFormat } from "../../../functions/engine/schema/formats";
import { SchemaInputError } from "../../../functions/engine/schema/notes";
import type { JsonSchemaObject } from "../../../functions/engine/schema/types";

const rulesAt = (notes: { path: string; rule: string }[]) => notes.map((n) => `${n.path} ${n.rule}`);

describe("schema formats (normaliseFormats)", () => {
  it("knows every format the generator generates", () => {
    for (const f of SUPPORTED_FORMATS) assert.ok(KNOWN_FORMATS.has(f), f);
  });

  it("tells regexes from format names and masks", () => {
    for (const r of ["^ACC[0-9]{8}$", "ACC\\d+", "[A-Z]{2}", "\\w+@corp", "x{3}", "(?:a|b)", "(red|green)", "^abc", "abc$"]) assert.ok(looksLikeRegex(r), r);
    for (const f of ["email", "date-time", "credit-card", "(###) ###-####", "MM/DD/YYYY", "semver", "0.00"]) assert.ok(!looksLikeRegex(f), f);
  });

  it("reads synonyms, meanings, regexes and unknown names", () => {
    assert.deepEqual(readFormat("email"), { kind: "known", format: "email" });
    assert.deepEqual(readFormat("E-Mail"), { kind: "synonym", format: "email" });
    assert.deepEqual(readFormat("Date_Time"), { kind: "synonym", format: "date-time" });
    for (const [given, format] of [["datetime", "date-time"], ["iso8601", "date-time"], ["URL", "url"], ["link", "uri"], ["ip", "ipv4"], ["ipv4-address", "ipv4"], ["guid", "uuid"], ["YYYY-MM-DD", "date"]]) {
      assert.deepEqual(readFormat(given!), { kind: "synonym", format }, given);
    }
    assert.deepEqual(readFormat("phone"), { kind: "semantic", semantic: "phone" });
    assert.deepEqual(readFormat("^A\\d$"), { kind: "pattern", pattern: "^A\\d$", anchored: true });
    assert.equal(readFormat("[a-").kind, "pattern-invalid");
    assert.deepEqual(readFormat("semver"), { kind: "unknown", format: "semver" });
  });

  it("turns a regex format into a pattern, in place, with the pointer of the format", () => {
    const schema: JsonSchemaObject = { type: "object", properties: { "a/b": { type: "string", format: "^ACC[0-9]{8}$" } } };
    const notes = normaliseFormats(schema, "/components/schemas/Account");
    assert.deepEqual(schema.properties, { "a/b": { type: "string", pattern: "^ACC[0-9]{8}$" } });
    assert.deepEqual(rulesAt(notes), ["/components/schemas/Account/properties/a~1b/format format-is-pattern"]);
  });

  it("keeps an existing pattern and adds the regex format in allOf (both must hold)", () => {
    const schema: JsonSchemaObject = { type: "string", pattern: "^ACC", format: "[0-9]{8}$", allOf: [{ minLength: 1 }] };
    const notes = normaliseFormats(schema);
    assert.deepEqual(schema, { type: "string", pattern: "^ACC", allOf: [{ minLength: 1 }, { pattern: "[0-9]{8}$" }] });
    assert.match(notes[0]!.message, /second pattern in allOf/);
    // The same regex twice is one pattern.
    const same: JsonSchemaObject = { type: "string", pattern: "^x$", format: "^x$" };
    normaliseFormats(same);
    assert.deepEqual(same, { type: "string", pattern: "^x$" });
  });

  it("says when a regex is unanchored", () => {
    const notes = normaliseFormats({ type: "string", format: "\\d{4}-[A-Z]{2}" });
    assert.match(notes[0]!.message, /unanchored/);
    assert.doesNotMatch(normaliseFormats({ type: "string", format: "^\\d{4}$" })[0]!.message, /unanchored/);
  });

  it("maps synonyms, makes phone an x-semantic and keeps unknown formats as annotations", () => {
    const schema: JsonSchemaObject = { type: "object", properties: {
      a: { type: "string", format: "e-mail" }, b: { type: "string", format: "phone" }, c: { type: "string", format: "semver" }, d: { type: "string", format: "date" },
    } };
    const notes = normaliseFormats(schema);
    assert.deepEqual(schema.properties, {
      a: { type: "string", format: "email" }, b: { type: "string", "x-semantic": "phone" }, c: { type: "string", format: "semver" }, d: { type: "string", format: "date" },
    });
    assert.deepEqual(rulesAt(notes).sort(), ["/properties/a/format format-synonym", "/properties/b/format format-synonym", "/properties/c/format format-unknown"]);
  });

  it("walks every kind of subschema", () => {
    const r = (k: string) => ({ type: "string", format: `^${k}$` });
    const schema: JsonSchemaObject = {
      properties: { p: r("p") }, items: r("items"), prefixItems: [r("prefix")], $defs: { d: r("defs") }, definitions: { d: r("definitions") },
      allOf: [r("all")], anyOf: [r("any")], oneOf: [r("one")], not: r("not"), if: r("if"), then: r("then"), else: r("else"),
      dependentSchemas: { x: r("dep") }, patternProperties: { "^x": r("pp") }, additionalProperties: r("ap"), contains: r("contains"),
      propertyNames: r("names"), unevaluatedItems: r("ui"), unevaluatedProperties: r("up"), contentSchema: r("content"),
    };
    const notes = normaliseFormats(schema);
    assert.equal(notes.length, 20);
    assert.ok(!JSON.stringify(schema).includes("\"format\""));
    assert.deepEqual(rulesAt(notes).filter((n) => n.includes("patternProperties") || n.includes("prefix")).sort(), [
      "/patternProperties/^x/format format-is-pattern", "/prefixItems/0/format format-is-pattern",
    ]);
  });

  it("does not read enum, const, default or examples values as schemas", () => {
    const schema: JsonSchemaObject = { enum: [{ format: "^x$" }], const: { format: "^x$" }, default: { format: "e-mail" }, examples: [{ format: "e-mail" }] };
    const before = structuredClone(schema);
    assert.deepEqual(normaliseFormats(schema), []);
    assert.deepEqual(schema, before);
  });

  it("throws SchemaInputError naming every regex format that does not compile", () => {
    const schema: JsonSchemaObject = { properties: { a: { format: "^[A-Z" }, b: { format: "^(x$" } } };
    assert.throws(() => normaliseFormats(schema), (err: unknown) => {
      assert.ok(err instanceof SchemaInputError);
      assert.deepEqual(err.problems.map((p) => `${p.path} ${p.rule}`).sort(), ["/properties/a/format format-pattern-invalid", "/properties/b/format format-pattern-invalid"]);
      return true;
    });
  });

  it("is idempotent apart from unknown formats, which it notes each time", () => {
    const schema: JsonSchemaObject = { properties: { a: { format: "^a$" }, b: { format: "e-mail" }, c: { format: "semver" } } };
    normaliseFormats(schema);
    assert.deepEqual(rulesAt(normaliseFormats(schema)), ["/properties/c/format format-unknown"]);
  });

  it("survives deep nesting and shared subschemas", () => {
    let deep: JsonSchemaObject = { format: "^d$" };
    for (let i = 0; i < 5000; i++) deep = { items: deep };
    assert.equal(normaliseFormats(deep).length, 1);
    const shared = { format: "semver" };
    assert.equal(normaliseFormats({ properties: { a: shared, b: shared } }).length, 1);
  });
});
