import { strict as assert } from "node:assert";
import { Validator } from "@cfworker/json-schema";
import { prepareGeneration } from "../../../functions/engine/generate";
import { validateSchema } from "../../../functions/engine/validate";
import {
  compileFieldList, fieldListProblems, fieldListToJsonSchema, isFieldList, toJsonSchema,
} from "../../../functions/engine/schema/fieldList";
import { type NormalisationNote, SchemaInputError } from "../../../functions/engine/schema/notes";
import type { JsonSchemaObject, Row } from "../../../functions/engine/schema/types";
import { REALISTIC_FIELD_LISTS } from "./realisticFieldLists";

const convert = (fields: unknown[], extra: Record<string, unknown> = {}) => fieldListToJsonSchema({ fields, ...extra } as never);
/** The schema of the list's only (or named) field. */
const fieldSchema = (field: Record<string, unknown>): JsonSchemaObject => {
  const { schema } = convert([{ name: "f", ...field }]);
  return (schema.properties as Record<string, JsonSchemaObject>)[String(field.name ?? "f").trim()]!;
};
const rules = (notes: NormalisationNote[]) => notes.map((n) => `${n.path} ${n.rule}`);
/** `path rule` of every problem, or a failure when the list is accepted. */
function problemsOf(fields: unknown[], extra: Record<string, unknown> = {}): Array<{ path: string; rule: string; message: string }> {
  try {
    convert(fields, extra);
  } catch (err) {
    assert.ok(err instanceof SchemaInputError, String(err));
    return err.problems;
  }
  assert.fail("expected the field list to be refused");
}
const problemRules = (fields: unknown[]) => problemsOf(fields).map((p) => `${p.path} ${p.rule}`);

// Bounds a storage type holds, written as `not` (the generator keeps its own spread of values).
const outsideInt = (lo: number, hi: number) => ({ not: { anyOf: [{ exclusiveMaximum: lo }, { exclusiveMinimum: hi }] } });
const outsideAbs = (k: number) => ({ not: { anyOf: [{ maximum: -(10 ** k) }, { minimum: 10 ** k }] } });

/** Every accepted type spelling and the JSON Schema of a field called "f" (a name that means nothing to the generator). */
const ALIASES: Array<[string, JsonSchemaObject]> = [
  // text
  ["str", { type: "string" }], ["text", { type: "string" }], ["varchar", { type: "string" }], ["varchar(255)", { type: "string", maxLength: 255 }],
  ["varchar(max)", { type: "string" }], ["character varying(40)", { type: "string", maxLength: 40 }], ["nvarchar(10)", { type: "string", maxLength: 10 }],
  ["varchar2(5)", { type: "string", maxLength: 5 }], ["nvarchar2(5)", { type: "string", maxLength: 5 }], ["string(50)", { type: "string", maxLength: 50 }],
  ["char", { type: "string", minLength: 1, maxLength: 1 }], ["char(2)", { type: "string", minLength: 2, maxLength: 2 }],
  ["character(3)", { type: "string", minLength: 3, maxLength: 3 }], ["nchar(4)", { type: "string", minLength: 4, maxLength: 4 }],
  ["bpchar(5)", { type: "string", minLength: 5, maxLength: 5 }],
  ["clob", { type: "string" }], ["tinytext", { type: "string" }], ["mediumtext", { type: "string" }], ["longtext", { type: "string" }], ["citext", { type: "string" }],
  // meanings
  ["name", { type: "string", "x-faker": "person.fullName" }], ["full_name", { type: "string", "x-faker": "person.fullName" }],
  ["company", { type: "string", "x-faker": "company.name" }], ["company_name", { type: "string", "x-faker": "company.name" }],
  ["organization", { type: "string", "x-faker": "company.name" }], ["organisation", { type: "string", "x-faker": "company.name" }],
  ["country", { type: "string", "x-faker": "location.country" }], ["country_code", { type: "string", pattern: "^[A-Z]{2}$", "x-faker": "location.countryCode" }],
  ["currency", { type: "string", pattern: "^[A-Z]{3}$", "x-faker": "finance.currencyCode" }], ["currency_code", { type: "string", pattern: "^[A-Z]{3}$", "x-faker": "finance.currencyCode" }],
  ["e-mail", { type: "string", format: "email" }], ["email_address", { type: "string", format: "email" }], ["emailaddress", { type: "string", format: "email" }],
  ["mail", { type: "string", format: "email" }],
  ["phone_number", { type: "string", "x-semantic": "phone" }], ["phone number", { type: "string", "x-semantic": "phone" }], ["phonenumber", { type: "string", "x-semantic": "phone" }],
  ["telephone", { type: "string", "x-semantic": "phone" }], ["tel", { type: "string", "x-semantic": "phone" }], ["mobile", { type: "string", "x-semantic": "phone" }],
  ["guid", { type: "string", format: "uuid" }], ["uniqueidentifier", { type: "string", format: "uuid" }],
  ["url", { type: "string", format: "uri" }], ["uri", { type: "string", format: "uri" }], ["link", { type: "string", format: "uri" }],
  ["ip", { type: "string", format: "ipv4" }], ["ip_address", { type: "string", format: "ipv4" }], ["ipaddress", { type: "string", format: "ipv4" }],
  ["ipv4", { type: "string", format: "ipv4" }], ["ip4", { type: "string", format: "ipv4" }], ["inet", { type: "string", format: "ipv4" }],
  ["ipv6", { type: "string", format: "ipv6" }], ["ip6", { type: "string", format: "ipv6" }], ["hostname", { type: "string", format: "hostname" }],
  // integers
  ["int", { type: "integer" }], ["long", { type: "integer" }], ["bigint", { type: "integer" }], ["int8", { type: "integer" }], ["int64", { type: "integer" }],
  ["int(11)", { type: "integer" }],
  ["int4", { type: "integer", ...outsideInt(-2147483648, 2147483647) }], ["int32", { type: "integer", ...outsideInt(-2147483648, 2147483647) }],
  ["mediumint", { type: "integer", ...outsideInt(-8388608, 8388607) }],
  ["smallint", { type: "integer", ...outsideInt(-32768, 32767) }], ["int2", { type: "integer", ...outsideInt(-32768, 32767) }],
  ["int16", { type: "integer", ...outsideInt(-32768, 32767) }], ["short", { type: "integer", ...outsideInt(-32768, 32767) }],
  ["serial", { type: "integer", minimum: 1, not: { exclusiveMinimum: 2147483647 } }], ["serial4", { type: "integer", minimum: 1, not: { exclusiveMinimum: 2147483647 } }],
  ["bigserial", { type: "integer", minimum: 1 }], ["serial8", { type: "integer", minimum: 1 }],
  ["smallserial", { type: "integer", minimum: 1, not: { exclusiveMinimum: 32767 } }], ["serial2", { type: "integer", minimum: 1, not: { exclusiveMinimum: 32767 } }],
  ["int unsigned", { type: "integer", minimum: 0 }], ["bigint(20) unsigned", { type: "integer", minimum: 0 }],
  ["smallint unsigned", { type: "integer", minimum: 0, not: { exclusiveMinimum: 65535 } }],
  // numbers
  ["number", { type: "number" }], ["numeric", { type: "number" }], ["decimal", { type: "number" }], ["dec", { type: "number" }],
  ["numeric(10,2)", { type: "number", multipleOf: 0.01, ...outsideAbs(8) }], ["decimal(12,2)", { type: "number", multipleOf: 0.01, ...outsideAbs(10) }],
  ["decimal(12,4)", { type: "number", multipleOf: 0.0001, ...outsideAbs(8) }], ["numeric(3,3)", { type: "number", multipleOf: 0.001, ...outsideAbs(0) }],
  ["number(5)", { type: "integer", ...outsideAbs(5) }], ["numeric(7,0)", { type: "integer", ...outsideAbs(7) }],
  ["decimal(5,2) unsigned", { type: "number", multipleOf: 0.01, minimum: 0, not: { minimum: 1000 } }],
  ["double", { type: "number" }], ["double precision", { type: "number" }], ["real", { type: "number" }], ["float4", { type: "number" }],
  ["float8", { type: "number" }], ["float32", { type: "number" }], ["float64", { type: "number" }], ["float(24)", { type: "number" }],
  ["bool", { type: "boolean" }],
  // dates and times
  ...["date_time", "date-time", "timestamp", "timestamp(3)", "timestamptz", "timestamp with time zone", "timestamp without time zone",
    "datetime2", "datetimeoffset", "smalldatetime", "instant"].map((t): [string, JsonSchemaObject] => [t, { type: "string", format: "date-time" }]),
  ...["time", "time(3)", "timetz", "time with time zone", "time without time zone"].map((t): [string, JsonSchemaObject] => [t, { type: "string", format: "time" }]),
  ["duration", { type: "string", format: "duration" }], ["interval", { type: "string", format: "duration" }],
  // structures
  ...["json", "jsonb", "object", "map", "dict", "dictionary", "struct", "record"].map((t): [string, JsonSchemaObject] => [t, { type: "object" }]),
  ["array", { type: "array" }], ["list", { type: "array" }],
  ["text[]", { type: "array", items: { type: "string" } }], ["int[]", { type: "array", items: { type: "integer" } }],
  ["varchar(20)[]", { type: "array", items: { type: "string", maxLength: 20 } }],
  ["smallint[]", { type: "array", items: { type: "integer", ...outsideInt(-32768, 32767) } }],
  ["array<string>", { type: "array", items: { type: "string" } }], ["list<int>", { type: "array", items: { type: "integer" } }],
  ["array(text)", { type: "array", items: { type: "string" } }], ["integer[][]", { type: "array", items: { type: "array", items: { type: "integer" } } }],
  // case and spaces
  ["STRING", { type: "string" }], ["VARCHAR( 20 )", { type: "string", maxLength: 20 }], ["Timestamp With Time Zone", { type: "string", format: "date-time" }],
  ["  Decimal ( 12 , 2 ) ", { type: "number", multipleOf: 0.01, ...outsideAbs(10) }],
];

const CONTRACT_TYPES: Array<[string, JsonSchemaObject]> = [
  ["string", { type: "string" }], ["integer", { type: "integer" }], ["float", { type: "number" }], ["boolean", { type: "boolean" }],
  ["date", { type: "string", format: "date" }], ["datetime", { type: "string", format: "date-time" }], ["email", { type: "string", format: "email" }],
  ["phone", { type: "string", "x-semantic": "phone" }], ["address", { type: "string", "x-semantic": "address" }], ["uuid", { type: "string", format: "uuid" }],
];

describe("field lists (fieldListToJsonSchema)", () => {
  describe("types", () => {
    for (const [type, expected] of CONTRACT_TYPES) {
      it(`reads the contract's "${type}" without a note`, () => {
        const { schema, notes } = convert([{ name: "f", type }]);
        assert.deepEqual((schema.properties as Record<string, unknown>).f, expected);
        assert.deepEqual(notes, []);
      });
    }

    it("reads every everyday and SQL spelling, with a field-type-alias note naming the reading", () => {
      for (const [type, expected] of ALIASES) {
        const { schema, notes } = convert([{ name: "f", type }]);
        assert.deepEqual((schema.properties as Record<string, unknown>).f, expected, type);
        const alias = notes.find((n) => n.rule === "field-type-alias");
        assert.ok(alias, `${type}: no field-type-alias note`);
        assert.equal(alias.path, "/fields/0");
        assert.ok(alias.message.startsWith(`field "f": type ${JSON.stringify(type)} read as `), alias.message);
      }
    });

    it("says what decimal(p,s) means in its note", () => {
      const { notes } = convert([{ name: "price", type: "decimal(12,2)" }]);
      assert.equal(notes[0]!.message, 'field "price": type "decimal(12,2)" read as number with 2 decimal places (multipleOf 0.01, |x| < 10^10)');
    });

    it("lets the field's name give a meaning the type names, and uses faker only when it gives none", () => {
      assert.deepEqual(fieldSchema({ name: "customer_name", type: "name" }), { type: "string" });
      assert.deepEqual(fieldSchema({ name: "customer", type: "name" }), { type: "string", "x-faker": "person.fullName" });
      assert.deepEqual(fieldSchema({ name: "employer", type: "company" }), { type: "string" });
      assert.deepEqual(fieldSchema({ name: "country", type: "country" }), { type: "string" });
      assert.deepEqual(fieldSchema({ name: "country_code", type: "country" }), { type: "string", pattern: "^[A-Z]{2}$" });
      assert.deepEqual(fieldSchema({ name: "currency", type: "currency" }), { type: "string", pattern: "^[A-Z]{3}$" });
      const { notes } = convert([{ name: "customer", type: "name" }]);
      assert.deepEqual(rules(notes), ["/fields/0 field-type-alias", "/fields/0 field-type-meaning"]);
    });

    it("reads currency on an amount's name as money, elsewhere as an ISO 4217 code", () => {
      assert.deepEqual(fieldSchema({ name: "unit_price", type: "currency" }), { type: "number", multipleOf: 0.01 });
      assert.deepEqual(fieldSchema({ name: "TotalAmount", type: "Currency" }), { type: "number", multipleOf: 0.01 });
      assert.deepEqual(fieldSchema({ name: "ccy", type: "currency" }), { type: "string", pattern: "^[A-Z]{3}$", "x-faker": "finance.currencyCode" });
    });

    it("reads a JSON-Schema-style type list with null as nullable", () => {
      const { schema, notes } = convert([{ name: "f", type: ["string", "null"] }]);
      assert.deepEqual((schema.properties as Record<string, unknown>).f, { type: ["string", "null"] });
      assert.deepEqual(rules(notes), ["/fields/0 field-type-nullable"]);
    });

    it("takes the kind of an enum type from its values", () => {
      assert.deepEqual(fieldSchema({ type: "enum", constraints: { enum: ["a", "b"] } }), { type: "string", enum: ["a", "b"] });
      assert.deepEqual(fieldSchema({ type: "enum", constraints: { enum: [1, 2, 3] } }), { type: "integer", enum: [1, 2, 3] });
      assert.deepEqual(fieldSchema({ type: "enum", constraints: { enum: ["x", null] } }), { type: ["string", "null"], enum: ["x", null] });
    });
  });

  describe("constraints", () => {
    it("maps min and max by kind: bounds, lengths, dates, items", () => {
      assert.deepEqual(fieldSchema({ type: "integer", constraints: { min: 1, max: 9 } }), { type: "integer", minimum: 1, maximum: 9 });
      assert.deepEqual(fieldSchema({ type: "string", constraints: { min: 2, max: 5 } }), { type: "string", minLength: 2, maxLength: 5 });
      assert.deepEqual(fieldSchema({ type: "date", constraints: { min: "2020-01-01", max: "2020-12-31" } }), { type: "string", format: "date", formatMinimum: "2020-01-01", formatMaximum: "2020-12-31" });
      assert.deepEqual(fieldSchema({ type: "text[]", constraints: { min: 1, max: 3 } }), { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 });
    });

    it("reads numeric strings as numbers, with a note", () => {
      const { schema, notes } = convert([{ name: "n", type: "integer", constraints: { min: "10", max: " 20 " } }]);
      assert.deepEqual((schema.properties as Record<string, unknown>).n, { type: "integer", minimum: 10, maximum: 20 });
      assert.deepEqual(rules(notes), ["/fields/0/constraints/min constraint-number-string", "/fields/0/constraints/max constraint-number-string"]);
    });

    it("turns a regex in format into a pattern (format-is-pattern), and keeps both format-regex and pattern", () => {
      const { schema, notes } = convert([{ name: "account", type: "string", constraints: { format: "^ACC[0-9]{8}$" } }]);
      assert.deepEqual((schema.properties as Record<string, unknown>).account, { type: "string", pattern: "^ACC[0-9]{8}$" });
      assert.deepEqual(rules(notes), ["/fields/0/constraints/format format-is-pattern"]);
      assert.deepEqual(fieldSchema({ type: "string", constraints: { pattern: "^ACC", format: "[0-9]{8}$" } }), { type: "string", pattern: "^ACC", allOf: [{ pattern: "[0-9]{8}$" }] });
    });

    it("maps format synonyms, keeps unknown formats as annotations, and a typed field's own format", () => {
      const a = convert([{ name: "f", type: "string", constraints: { format: "e-mail" } }]);
      assert.deepEqual((a.schema.properties as Record<string, unknown>).f, { type: "string", format: "email" });
      assert.deepEqual(rules(a.notes), ["/fields/0/constraints/format format-synonym"]);
      const b = convert([{ name: "f", type: "string", constraints: { format: "semver" } }]);
      assert.deepEqual((b.schema.properties as Record<string, unknown>).f, { type: "string", format: "semver" });
      assert.deepEqual(rules(b.notes), ["/fields/0/constraints/format format-unknown"]);
      const c = convert([{ name: "f", type: "date", constraints: { format: "MM/DD/YYYY" } }]);
      assert.deepEqual((c.schema.properties as Record<string, unknown>).f, { type: "string", format: "date" });
      assert.match(c.notes[0]!.message, /keeps its type's format "date"/);
      assert.deepEqual(fieldSchema({ type: "datetime", constraints: { format: "iso8601" } }), { type: "string", format: "date-time" });
      assert.deepEqual(fieldSchema({ type: "string", constraints: { format: "phone" } }), { type: "string", "x-semantic": "phone" });
    });

    it("accepts JSON Schema keywords inside constraints, with a note each", () => {
      const { schema, notes } = convert([
        { name: "s", type: "string", constraints: { minLength: 2, max_length: "8", description: "code", title: "Code", examples: ["ab"], default: "ab" } },
        { name: "n", type: "number", constraints: { minimum: 0, exclusiveMaximum: 10, multipleOf: 0.5 } },
        { name: "l", type: "int[]", constraints: { minItems: 1, maxItems: 4 } },
        { name: "e", type: "string", constraints: { example: "x", length: 1 } },
      ]);
      const p = schema.properties as Record<string, unknown>;
      assert.deepEqual(p.s, { type: "string", minLength: 2, maxLength: 8, description: "code", title: "Code", examples: ["ab"], default: "ab" });
      assert.deepEqual(p.n, { type: "number", minimum: 0, exclusiveMaximum: 10, multipleOf: 0.5 });
      assert.deepEqual(p.l, { type: "array", items: { type: "integer" }, minItems: 1, maxItems: 4 });
      assert.deepEqual(p.e, { type: "string", minLength: 1, maxLength: 1, examples: ["x"] });
      assert.ok(notes.filter((n) => n.rule === "constraint-key-alias").length >= 12);
    });

    it("makes required: false (or optional: true) fields optional; every other field stays required", () => {
      const { schema } = convert([
        { name: "a", type: "string" }, { name: "b", type: "string", constraints: { required: false } },
        { name: "c", type: "string", constraints: { optional: true } }, { name: "d", type: "string", constraints: { required: true } },
      ]);
      assert.deepEqual(schema.required, ["a", "d"]);
    });

    it("reads precision and scale as numeric(p,s)", () => {
      const { schema, notes } = convert([{ name: "amount", type: "decimal", constraints: { precision: 10, scale: 2 } }]);
      assert.deepEqual((schema.properties as Record<string, unknown>).amount, { type: "number", multipleOf: 0.01, ...outsideAbs(8) });
      assert.ok(rules(notes).includes("/fields/0/constraints/precision constraint-precision"));
    });

    it("reads constraints written beside name and type, and ignores other keys there with a note", () => {
      const { schema, notes } = convert([{ name: "d", type: "string", enum: ["a", "b"], nullable: true, unit: "kg" }]);
      assert.deepEqual((schema.properties as Record<string, unknown>).d, { type: ["string", "null"], enum: ["a", "b", null] });
      assert.deepEqual(rules(notes), ["/fields/0/enum constraint-at-field-level", "/fields/0/nullable constraint-at-field-level", "/fields/0/unit field-key-ignored"]);
    });

    it("reads true/false text as booleans, and normalises date bounds to the field's format", () => {
      const a = convert([{ name: "u", type: "string", constraints: { unique: "true", nullable: "false" } }]);
      assert.deepEqual((a.schema.properties as Record<string, unknown>).u, { type: "string", "x-unique": true });
      assert.deepEqual(rules(a.notes).sort(), ["/fields/0/constraints/nullable constraint-boolean-string", "/fields/0/constraints/unique constraint-boolean-string"]);
      const b = convert([{ name: "t", type: "timestamp", constraints: { min: "2022-01-01", max: "2022-06-30 12:00" } }]);
      assert.deepEqual((b.schema.properties as Record<string, unknown>).t, { type: "string", format: "date-time", formatMinimum: "2022-01-01T00:00:00Z", formatMaximum: "2022-06-30T12:00:00Z" });
      assert.ok(rules(b.notes).includes("/fields/0/constraints/min constraint-date"));
    });

    it("pulls a bound beyond the type's range in to it, and leaves out the limit a bound already covers", () => {
      const { schema, notes } = convert([
        { name: "a", type: "smallint", constraints: { min: -100000, max: 10 } },
        { name: "b", type: "numeric(10,2)", constraints: { min: 0, max: 5000 } },
        { name: "c", type: "varchar(10)", constraints: { max: 50 } },
      ]);
      const p = schema.properties as Record<string, unknown>;
      assert.deepEqual(p.a, { type: "integer", minimum: -32768, maximum: 10 });
      assert.deepEqual(p.b, { type: "number", multipleOf: 0.01, minimum: 0, maximum: 5000 });
      assert.deepEqual(p.c, { type: "string", maxLength: 10 });
      assert.deepEqual(rules(notes).filter((r) => r.includes("clamped")), ["/fields/0/constraints constraint-range-clamped", "/fields/2/constraints/max constraint-range-clamped"]);
    });

    it("ignores constraints that do not apply to the kind, with a note", () => {
      const { schema, notes } = convert([{ name: "b", type: "boolean", constraints: { min: 1, maxLength: 3, pattern: "^x$" } }]);
      assert.deepEqual((schema.properties as Record<string, unknown>).b, { type: "boolean" });
      assert.deepEqual(rules(notes).filter((r) => r.endsWith("constraint-not-applicable")).length, 3);
    });

    it("makes an enum listing null nullable", () => {
      const { schema, notes } = convert([{ name: "s", type: "string", constraints: { enum: ["a", null] } }]);
      assert.deepEqual((schema.properties as Record<string, unknown>).s, { type: ["string", "null"], enum: ["a", null] });
      assert.deepEqual(rules(notes), ["/fields/0/constraints/enum constraint-enum-null"]);
    });
  });

  describe("names and the list", () => {
    it("accepts names that are not identifiers, noting that SQL quotes them", () => {
      const { schema, notes } = convert([{ name: "First Name", type: "string" }, { name: "order-id", type: "integer" }, { name: "1st", type: "string" }]);
      assert.deepEqual(Object.keys(schema.properties as object), ["First Name", "order-id", "1st"]);
      assert.deepEqual(rules(notes), ["/fields/0 field-name-quoted", "/fields/1 field-name-quoted", "/fields/2 field-name-quoted"]);
    });

    it("trims spaces around a name, with a note", () => {
      const { schema, notes } = convert([{ name: " email ", type: "email" }]);
      assert.deepEqual(schema.required, ["email"]);
      assert.deepEqual(rules(notes), ["/fields/0 field-name-trimmed"]);
    });

    it("uses title, name and description beside fields as annotations, and ignores other keys with a note", () => {
      const { schema, notes } = convert([{ name: "a", type: "string" }], { name: "users", description: "app users", version: 2, type: "object" });
      assert.equal(schema.title, "users");
      assert.equal(schema.description, "app users");
      assert.deepEqual(rules(notes), ["/name field-list-annotation", "/description field-list-annotation", "/version field-list-key-ignored", "/type field-list-key-ignored"]);
    });

    it("compiles to a closed 2020-12 object", () => {
      assert.deepEqual(convert([{ name: "a", type: "string" }]).schema, {
        $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { a: { type: "string" } }, required: ["a"], additionalProperties: false,
      });
    });

    it("recognises field lists with extra keys, not JSON Schemas", () => {
      assert.ok(isFieldList({ fields: [] }));
      assert.ok(isFieldList({ title: "t", description: "d", name: "n", fields: [] }));
      assert.ok(isFieldList({ type: "object", fields: [] }));
      assert.ok(!isFieldList({ type: "object", properties: {}, fields: [] }));
      assert.ok(!isFieldList({ $schema: "https://json-schema.org/draft/2020-12/schema", fields: [] }));
      assert.ok(!isFieldList({ type: "array", fields: [] }));
      assert.ok(!isFieldList({ fields: {} }));
    });
  });

  describe("refusals", () => {
    const cases: Array<[string, unknown[], string[], RegExp?]> = [
      ["an empty list", [], ["/fields field-list-empty"], /the field list is empty/],
      ["a field that is not an object", ["id"], ["/fields/0 field-shape"], /each field must be an object/],
      ["a field without a name", [{ type: "string" }], ["/fields/0 field-name"]],
      ["an empty name", [{ name: "  ", type: "string" }], ["/fields/0 field-name"]],
      ["a dotted name", [{ name: "address.city", type: "string" }], ["/fields/0 field-name"], /has a dot.*"address_city"/],
      ["a field named __proto__", [{ name: "__proto__", type: "string" }], ["/fields/0 field-name"], /__proto__/],
      ["a name with a control character", [{ name: "a\u0000b", type: "string" }], ["/fields/0 field-name"], /control characters/],
      ["a duplicate name", [{ name: "a", type: "string" }, { name: "a", type: "integer" }], ["/fields/1 field-duplicate"], /field "a": duplicate field name/],
      ["a field without a type", [{ name: "a" }], ["/fields/0 field-type"], /has no type/],
      ["a type that is not text", [{ name: "a", type: 5 }], ["/fields/0 field-type"]],
      ["a type list of several types", [{ name: "a", type: ["string", "integer"] }], ["/fields/0 field-type"], /several types/],
      ["a misspelt type", [{ name: "a", type: "strng" }], ["/fields/0 field-type-unknown"], /unknown type "strng"; did you mean "string"\?.*accepted: string, integer/],
      ["a misspelt SQL type", [{ name: "a", type: "varchr(20)" }], ["/fields/0 field-type-unknown"], /did you mean "varchar"\?/],
      ["a type that means different things", [{ name: "amount", type: "money" }], ["/fields/0 field-type-unknown"], /unknown type "money"; "money" means different things.*decimal\(12,2\)/],
      ["an unknown type far from any", [{ name: "a", type: "hyperloop" }], ["/fields/0 field-type-unknown"], /^field "a": unknown type "hyperloop" \(accepted:/],
      ["bad type parameters", [{ name: "a", type: "varchar(x)" }], ["/fields/0 field-type"], /takes one length/],
      ["a scale above the precision", [{ name: "a", type: "decimal(2,5)" }], ["/fields/0 field-type"], /scale 5 above its precision 2/],
      ["parameters on a type that takes none", [{ name: "a", type: "uuid(4)" }], ["/fields/0 field-type"], /takes no parameters/],
      ["unsigned text", [{ name: "a", type: "text unsigned" }], ["/fields/0 field-type"], /only numbers/],
      ["an enum type without values", [{ name: "a", type: "enum" }], ["/fields/0 field-type"], /needs its values/],
      ["constraints that are not an object", [{ name: "a", type: "string", constraints: [1] }], ["/fields/0/constraints constraint-type"]],
      ["a non-numeric bound", [{ name: "n", type: "integer", constraints: { min: "ten" } }], ["/fields/0/constraints/min constraint-type"], /must be a number/],
      ["a date bound that is no date", [{ name: "d", type: "date", constraints: { max: "yesterday" } }], ["/fields/0/constraints/max constraint-type"], /ISO 8601 date/],
      ["a negative length", [{ name: "s", type: "string", constraints: { maxLength: -1 } }], ["/fields/0/constraints/maxLength constraint-type"]],
      ["a boolean that is not one", [{ name: "s", type: "string", constraints: { nullable: "yes" } }], ["/fields/0/constraints/nullable constraint-type"]],
      ["bounds on a time", [{ name: "t", type: "time", constraints: { min: "09:00:00Z" } }], ["/fields/0/constraints/min constraint-type"], /not supported for time/],
      ["a zero multipleOf", [{ name: "n", type: "number", constraints: { multipleOf: 0 } }], ["/fields/0/constraints/multipleOf constraint-type"]],
      ["an unknown constraint", [{ name: "n", type: "integer", constraints: { step: 2 } }], ["/fields/0/constraints/step constraint-unknown"], /unknown constraint "step"/],
      ["a misspelt constraint", [{ name: "n", type: "integer", constraints: { maxium: 2 } }], ["/fields/0/constraints/maxium constraint-unknown"], /did you mean "max"\?/],
      ["a constraint named __proto__", JSON.parse('[{"name":"a","type":"string","constraints":{"__proto__":"x"}}]') as unknown[], ["/fields/0/constraints/__proto__ constraint-unknown"], /unknown constraint "__proto__"/],
      ["two spellings that disagree", [{ name: "n", type: "integer", constraints: { min: 1, minimum: 2 } }], ["/fields/0/constraints/minimum constraint-conflict"]],
      ["a format against the type's", [{ name: "d", type: "date", constraints: { format: "date-time" } }], ["/fields/0/constraints/format constraint-conflict"], /contradicts the field's type/],
      ["a scale on an integer", [{ name: "n", type: "integer", constraints: { scale: 2 } }], ["/fields/0/constraints/scale constraint-conflict"]],
      ["bounds outside the type", [{ name: "n", type: "smallint", constraints: { min: 40000 } }], ["/fields/0/constraints/min constraint-range"], /lower bound 40000 lies outside what the type holds/],
      ["bounds below the type", [{ name: "n", type: "numeric(3,1)", constraints: { min: -5000, max: -100 } }], ["/fields/0/constraints/max constraint-range"], /upper bound -100 lies outside what the type holds \(\|x\| < 100\)/],
      ["an empty enum", [{ name: "s", type: "string", constraints: { enum: [] } }], ["/fields/0/constraints/enum constraint-enum-empty"]],
      ["a mixed enum type", [{ name: "e", type: "enum", constraints: { enum: ["a", 1] } }], ["/fields/0/constraints/enum constraint-enum-type"]],
      ["a pattern that does not compile", [{ name: "s", type: "string", constraints: { pattern: "^(a" } }], ["/fields/0/constraints/pattern constraint-pattern"]],
      ["a regex format that does not compile", [{ name: "s", type: "string", constraints: { format: "^[A-Z" } }], ["/fields/0/constraints/format format-pattern-invalid"]],
    ];
    for (const [title, fields, expected, message] of cases) {
      it(`refuses ${title}`, () => {
        const problems = problemsOf(fields);
        assert.deepEqual(problems.map((p) => `${p.path} ${p.rule}`), expected);
        if (message) assert.match(problems[0]!.message, message);
        for (const p of problems) assert.match(p.rule, /^[a-z]+(-[a-z]+)*$/);
      });
    }

    it("names the field in every message and reports every problem of the list at once", () => {
      const problems = problemsOf([{ name: "a", type: "money" }, { name: "b", type: "integer", constraints: { step: 1, maxium: 2 } }, { name: "a.b", type: "string" }]);
      assert.deepEqual(problems.map((p) => `${p.path} ${p.rule}`), [
        "/fields/0 field-type-unknown", "/fields/1/constraints/step constraint-unknown", "/fields/1/constraints/maxium constraint-unknown", "/fields/2 field-name",
      ]);
      assert.match(problems[0]!.message, /^field "a": /);
      assert.match(problems[1]!.message, /^field "b": /);
      assert.throws(() => convert([{ name: "a", type: "money" }]), /\/fields\/0: field "a": unknown type "money"/);
    });

    it("writes bounds that contradict each other as they are, for the validator to refuse with its own rules", () => {
      const cases: Array<[Record<string, unknown>, JsonSchemaObject, string]> = [
        [{ type: "integer", constraints: { min: 10, max: 1 } }, { type: "integer", minimum: 10, maximum: 1 }, "minimum<=maximum"],
        [{ type: "number", constraints: { min: "5", max: "4.5" } }, { type: "number", minimum: 5, maximum: 4.5 }, "minimum<=maximum"],
        [{ type: "char(2)", constraints: { min: 3 } }, { type: "string", minLength: 3, maxLength: 2 }, "minLength<=maxLength"],
        [{ type: "date", constraints: { min: "2024-01-02", max: "2024-01-01" } }, { type: "string", format: "date", formatMinimum: "2024-01-02", formatMaximum: "2024-01-01" }, "formatMinimum<=formatMaximum"],
        [{ type: "integer", constraints: { enum: ["a"] } }, { type: "integer", enum: ["a"] }, "enum-values-valid"],
      ];
      for (const [field, expected, rule] of cases) {
        assert.deepEqual(fieldSchema(field), expected, JSON.stringify(field));
        const r = validateSchema({ schema: { fields: [{ name: "f", ...field }] } });
        assert.equal(r.valid, false, JSON.stringify(field));
        assert.ok(r.errors.some((e) => e.rule === rule), `${JSON.stringify(field)}: ${JSON.stringify(r.errors)}`);
      }
    });

    it("refuses fields that are not a list", () => {
      assert.deepEqual(problemRules({ email: "email" } as never), ["/fields field-list-shape"]);
    });
  });

  describe("the old entry points, on top of fieldListToJsonSchema", () => {
    it("fieldListProblems names fields as before, with the path and rule", () => {
      const problems = fieldListProblems({ fields: [{ name: "x", type: "money" }, "id", { name: "n", type: "integer", constraints: { min: "ten" } }] } as never);
      assert.deepEqual(problems.map((p) => `${p.field} ${p.path} ${p.rule}`), [
        "x /fields/0 field-type-unknown", "fields[1] /fields/1 field-shape", "n /fields/2/constraints/min constraint-type",
      ]);
      assert.deepEqual(fieldListProblems({ fields: [] }).map((p) => p.field), ["fields"]);
      assert.deepEqual(fieldListProblems({ fields: [{ name: "a", type: "decimal(5,2)" }] } as never), []);
    });

    it("compileFieldList and toJsonSchema give the new schema, and leave JSON Schemas alone", () => {
      const list = { fields: [{ name: "a", type: "varchar(3)" }] } as never;
      assert.deepEqual(compileFieldList(list), convert([{ name: "a", type: "varchar(3)" }]).schema);
      assert.deepEqual(toJsonSchema(list), compileFieldList(list));
      const jsonSchema = { type: "object", properties: {} };
      assert.equal(toJsonSchema(jsonSchema), jsonSchema);
      assert.throws(() => compileFieldList({ fields: [{ name: "a", type: "money" }] } as never), SchemaInputError);
    });
  });

  describe("realistic field lists", () => {
    for (const [title, list] of Object.entries(REALISTIC_FIELD_LISTS)) {
      it(`accepts ${title}, and 200 generated rows are valid 2020-12`, () => {
        const { schema } = fieldListToJsonSchema(list as never);
        const plan = prepareGeneration({ schema, rows: 200, seed: "field-lists", format: "json" });
        const rows = [...plan.rows()];
        assert.equal(rows.length, 200);
        const validator = new Validator(schema as never, "2020-12", false);
        for (const row of rows) {
          const result = validator.validate(row);
          assert.ok(result.valid, `${JSON.stringify(row)}: ${JSON.stringify(result.errors.slice(0, 3))}`);
        }
        const fields = Object.keys(schema.properties as object);
        assert.deepEqual(Object.keys(rows[0]!).filter((k) => !fields.includes(k)), []);
      });
    }

    const rowsOf = (title: string): Row[] => {
      const { schema } = fieldListToJsonSchema(REALISTIC_FIELD_LISTS[title] as never);
      return [...prepareGeneration({ schema, rows: 200, seed: "realism", format: "json" }).rows()];
    };

    it("generates realistic values for SQL types: money-like amounts, not draws across the type's range", () => {
      const orders = rowsOf("e-commerce orders (SQL spellings)");
      for (const r of orders) {
        assert.ok((r.order_total as number) >= 0 && (r.order_total as number) < 100_000, String(r.order_total));
        assert.match(r.currency as string, /^[A-Z]{3}$/);
      }
      const accounts = rowsOf("accounts (regex in format)");
      assert.ok(accounts.every((r) => Math.abs(r.balance as number) < 1_000_000));
      assert.ok(accounts.every((r) => /^ACC[0-9]{8}$/.test(r.account as string)));
      assert.ok(accounts.every((r) => /^[A-Z]{3}$/.test(r.currency as string)));
      const sensors = rowsOf("sensor readings (SQL DDL types)");
      assert.ok(sensors.every((r) => (r.status_flags as number[]).every((n) => Math.abs(n) <= 1000)));
    });

    it("gives a name type a person's name whatever the field is called", () => {
      for (const r of rowsOf("accounts (regex in format)")) assert.match(r.holder as string, /^\S+( \S+)+$/);
      for (const r of rowsOf("users table (LLM, with name and title)")) assert.match(r.name as string, /^\S+( \S+)+$/);
    });
  });
});
