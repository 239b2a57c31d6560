// fast-check arbitraries for fuzzing the agent functions: hostile JSON values, mutated valid requests,
// random JSON Schemas (every keyword, $ref/$defs, patterns, formats, contradictory bounds) and random
// field lists. Values are JSON-representable, because both runtimes deliver parsed JSON.
import fc from "fast-check";
import { COMPLIANCE_REGIMES, DATA_TYPES, FIELD_TYPES, OUTPUT_FORMATS } from "../../functions/engine/schema/types";

/** Keys that reach prototypes when an object is merged or indexed carelessly. */
export const POLLUTION_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"];

/** An object built from JSON text, so `__proto__` becomes an own property as JSON.parse makes it. */
export function objectFromEntries(entries: Array<[string, unknown]>): Record<string, unknown> {
  return JSON.parse(`{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v ?? null)}`).join(",")}}`) as Record<string, unknown>;
}

/** Strings an attacker or a confused model would send. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "", " ", "NaN", "-NaN", "Infinity", "-Infinity", "1e309", "-1e309", "0x10", "1_000", "１２", "1,000", "null", "undefined",
    "true", "[]", "{}", "{\"a\":", "[GDPR, HIPAA]", "{a=1, b=2}", "../../etc/passwd", "%2e%2e/", "s3://other/x.csv",
    "\u0000", "\ud800", "\u202e", "\ufeff{}", "${jndi:ldap://x}", "'; DROP TABLE t; --", "<script>alert(1)</script>",
    "__proto__", "constructor", "9007199254740993", "1e21", "-0", "00012", ".5", "5.", "1e-400",
  ),
  fc.nat({ max: 200_000 }).map((n) => "x".repeat(n)),
);

/** Numbers as JSON carries them, with the awkward corners. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, -1, 0.5, 1e-300, 5e-324, 1e21, 1e308, -1e308, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 31, 2 ** 32, 1e12),
);

/** Any JSON value, with hostile strings, numbers and keys mixed in. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    hostileNumber,
    hostileString,
    fc.array(tie("value"), { maxLength: 5 }),
    fc.array(fc.tuple(fc.oneof(fc.constantFrom(...POLLUTION_KEYS), fc.string({ maxLength: 12 })), tie("value")), { maxLength: 5 })
      .map(objectFromEntries),
  ),
})).value;

/** A value nested `depth` levels deep in arrays or objects. */
export const deepValue: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 20, max: 3000 }), fc.boolean()).map(([depth, arrays]) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  return v;
});

/** A replacement for one field of a valid request. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(hostileJson, deepValue, hostileString, hostileNumber);

// ---- JSON Schemas ------------------------------------------------------------------------------------

const TYPES = ["string", "integer", "number", "boolean", "null", "object", "array"];
const FORMATS = [
  "email", "uuid", "date", "date-time", "time", "duration", "uri", "uri-reference", "iri", "hostname", "idn-email",
  "ipv4", "ipv6", "regex", "json-pointer", "relative-json-pointer", "uri-template", "byte", "int32", "int64", "float",
  "double", "password", "phone", "credit-card", "credit-card-x", "", "DATE",
];
const PATTERNS = [
  "^[a-z]+$", "^\\d{3}-\\d{4}$", "^(a+)+$", "^(a|aa)*$", "(", "[z-a]", "^(?=a)a$", "^(?!b).*$", "(a)\\1", "\\p{L}+",
  "^\\p{Lu}\\p{Ll}+$", "[\\u{1F600}-\\u{1F64F}]", "^.{5000}$", "^[^]*$", "x{2,1}", "a{100000}", "^$", "", ".*", "\\",
  "^[A-Z]{2}\\d{2}[A-Z0-9]{1,30}$", "(?<name>a)\\k<name>", "^(?i)abc$", "[[:alpha:]]", "\\bword\\b", "a**",
];
const NAMES = ["a", "b", "id", "name", "email", "ssn", "card", "x_1", "__proto__", "constructor", "", "with space", "ü", "a.b", "a/b", "$ref"];

const schemaNumber = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.constantFrom(0, -0, 1e-9, 1e308, -1e308, 2 ** 53 + 2, 0.1, 0.01, 1e21),
);
const smallCount = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(-1, 1.5, 100_000, 1e7, 1e21));

/** A random JSON Schema 2020-12 document (sometimes invalid, often contradictory). */
export const jsonSchemaArb: fc.Arbitrary<unknown> = fc.letrec<{ schema: unknown; object: unknown }>((tie) => {
  const sub = tie("schema");
  const keyword = fc.oneof(
    fc.tuple(fc.constant("type"), fc.oneof(fc.constantFrom(...TYPES, "banana", "float"), fc.subarray(TYPES, { minLength: 0, maxLength: 3 }))),
    fc.tuple(fc.constant("enum"), fc.array(fc.oneof(fc.string({ maxLength: 6 }), schemaNumber, fc.constant(null), fc.boolean()), { maxLength: 4 })),
    fc.tuple(fc.constant("const"), fc.oneof(fc.string({ maxLength: 6 }), schemaNumber, fc.constant(null))),
    fc.tuple(fc.constantFrom("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"), schemaNumber),
    fc.tuple(fc.constant("multipleOf"), fc.oneof(schemaNumber, fc.constantFrom(0, -2, 1e-12, 0.01, 3))),
    fc.tuple(fc.constantFrom("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minContains", "maxContains"), smallCount),
    fc.tuple(fc.constant("pattern"), fc.constantFrom(...PATTERNS)),
    fc.tuple(fc.constant("format"), fc.constantFrom(...FORMATS)),
    fc.tuple(fc.constant("uniqueItems"), fc.boolean()),
    fc.tuple(fc.constantFrom("items", "contains", "not", "propertyNames", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "if", "then", "else"), sub),
    fc.tuple(fc.constant("prefixItems"), fc.array(sub, { maxLength: 3 })),
    fc.tuple(fc.constantFrom("allOf", "anyOf", "oneOf"), fc.array(sub, { maxLength: 3 })),
    fc.tuple(fc.constant("patternProperties"), fc.array(fc.tuple(fc.constantFrom(...PATTERNS), sub), { minLength: 0, maxLength: 2 }).map(objectFromEntries)),
    fc.tuple(fc.constant("dependentRequired"), fc.array(fc.tuple(fc.constantFrom(...NAMES), fc.subarray(NAMES, { maxLength: 2 })), { maxLength: 2 }).map(objectFromEntries)),
    fc.tuple(fc.constant("dependentSchemas"), fc.array(fc.tuple(fc.constantFrom(...NAMES), sub), { maxLength: 2 }).map(objectFromEntries)),
    fc.tuple(fc.constant("$ref"), fc.constantFrom("#", "#/$defs/a", "#/$defs/b", "#/$defs/missing", "#/properties/a", "#a", "#/definitions/a", "#/$defs/a/properties/x", "#%2F", "#/$defs/~1")),
    fc.tuple(fc.constant("$dynamicRef"), fc.constantFrom("#", "#node", "#/$defs/a")),
    fc.tuple(fc.constantFrom("$anchor", "$dynamicAnchor"), fc.constantFrom("a", "node", "1bad")),
    fc.tuple(fc.constant("$id"), fc.constantFrom("urn:x", "https://example.com/s", "#frag", "relative")),
    fc.tuple(fc.constant("$schema"), fc.constantFrom("https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#", "https://evil.example/s", "nonsense")),
    fc.tuple(fc.constantFrom("title", "description", "$comment"), fc.string({ maxLength: 30 })),
    fc.tuple(fc.constantFrom("default", "examples", "nullable", "readOnly", "x-faker", "contentEncoding", "contentMediaType"), hostileJson),
  );
  return {
    schema: fc.oneof({ depthSize: "small", withCrossShrink: true },
      fc.boolean(),
      fc.array(keyword, { maxLength: 6 }).map((kws) => objectFromEntries(kws as Array<[string, unknown]>)),
      tie("object"),
    ),
    object: fc.record({
      type: fc.constant("object"),
      properties: fc.array(fc.tuple(fc.constantFrom(...NAMES), sub), { maxLength: 4 }).map(objectFromEntries),
      required: fc.subarray(NAMES, { maxLength: 3 }),
      additionalProperties: fc.oneof(fc.boolean(), sub),
      $defs: fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), sub), { maxLength: 2 }).map(objectFromEntries),
    }, { requiredKeys: ["type", "properties"] }),
  };
}).schema;

/** A JSON Schema whose root is an object (the shape the generator produces records from). */
export const objectSchemaArb: fc.Arbitrary<Record<string, unknown>> = fc.tuple(
  fc.array(fc.tuple(fc.constantFrom(...NAMES), jsonSchemaArb), { minLength: 1, maxLength: 4 }).map(objectFromEntries),
  fc.subarray(NAMES, { maxLength: 3 }),
  fc.array(fc.tuple(fc.constantFrom("a", "b"), jsonSchemaArb), { maxLength: 2 }).map(objectFromEntries),
  fc.option(fc.boolean(), { nil: undefined }),
).map(([properties, required, defs, additional]) => ({
  type: "object", properties, required, $defs: defs, ...(additional === undefined ? {} : { additionalProperties: additional }),
}));

// ---- field lists ------------------------------------------------------------------------------------

const constraintValue = fc.oneof(
  schemaNumber, fc.boolean(), fc.constantFrom("2020-01-01", "2030-12-31T23:59:59Z", "yesterday", "", "2020-13-45"),
  fc.array(fc.oneof(fc.string({ maxLength: 5 }), schemaNumber, fc.constant(null)), { maxLength: 4 }),
  fc.constantFrom(...PATTERNS), fc.constantFrom(...FORMATS), hostileJson,
);
const fieldArb = fc.oneof(
  { weight: 8, arbitrary: fc.record({
    name: fc.oneof(fc.constantFrom(...NAMES), fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/)),
    type: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...FIELD_TYPES) }, fc.constantFrom("money", "", "STRING", "object", "array")),
    constraints: fc.array(fc.tuple(
      fc.oneof({ weight: 5, arbitrary: fc.constantFrom("min", "max", "format", "nullable", "unique", "enum", "pattern") }, fc.constantFrom("step", "__proto__", "minLength")),
      constraintValue,
    ), { maxLength: 4 }).map(objectFromEntries),
  }, { requiredKeys: ["name", "type"] }) },
  { weight: 1, arbitrary: hostileJson },
);
/** A random field list `{fields: [...]}` (names, types and constraints right or wrong). */
export const fieldListArb = fc.array(fieldArb, { minLength: 0, maxLength: 6 }).map((fields) => ({ fields }));

// ---- requests ---------------------------------------------------------------------------------------

export const anySchemaArb = fc.oneof(objectSchemaArb, fieldListArb, jsonSchemaArb);

/** A request that passes the contract's own checks; the schema decides the rest. */
export const generateRequestArb = fc.record({
  data_type: fc.constantFrom(...DATA_TYPES),
  volume: fc.integer({ min: 1, max: 3 }),
  schema: anySchemaArb,
  output_format: fc.constantFrom(...OUTPUT_FORMATS),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
  compliance_requirements: fc.subarray([...COMPLIANCE_REGIMES], { maxLength: 2 }),
}, { requiredKeys: ["data_type", "volume", "schema", "output_format"] });

// ---- plausible schemas (mostly accepted: they exercise generation, the writers and the readers) --------

const sortedPair = (arb: fc.Arbitrary<number>) => fc.tuple(arb, arb).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [number, number]);
const leafSchemaArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant("string"), format: fc.constantFrom("email", "uuid", "date", "date-time", "time", "uri", "ipv4", "ipv6", "hostname") }),
  sortedPair(fc.integer({ min: 0, max: 40 })).map(([minLength, maxLength]) => ({ type: "string", minLength, maxLength })),
  fc.constantFrom("^[A-Z]{2}\\d{4}$", "^[a-z]+(-[a-z]+)*$", "^\\+?[0-9 ]{7,15}$", "^\\p{Lu}\\p{Ll}{1,10}$").map((pattern) => ({ type: "string", pattern })),
  sortedPair(fc.integer({ min: -1e6, max: 1e6 })).map(([minimum, maximum]) => ({ type: "integer", minimum, maximum })),
  sortedPair(fc.double({ min: -1e6, max: 1e6, noNaN: true })).map(([minimum, maximum]) => ({ type: "number", minimum, maximum })),
  fc.constantFrom(0.01, 0.5, 5).map((multipleOf) => ({ type: "number", minimum: 0, maximum: 1000, multipleOf })),
  fc.constant({ type: "boolean" }),
  fc.uniqueArray(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { minLength: 1, maxLength: 5 }).map((values) => ({ enum: values })),
  fc.constant({ type: ["string", "null"] }),
  fc.constant({ const: "fixed" }),
);
const fieldNameArb = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/) },
  fc.constantFrom("constructor", "toString", "hasOwnProperty", "valueOf", "prototype"), // "__proto__" is refused (400)
);
const plausibleNodeArb: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true },
    leafSchemaArb,
    leafSchemaArb,
    fc.tuple(fc.uniqueArray(fc.tuple(fieldNameArb, tie("node")), { minLength: 1, maxLength: 3, selector: ([k]) => k }), fc.boolean())
      .map(([entries, strict]) => ({
        type: "object", properties: objectFromEntries(entries), required: entries.map(([k]) => k).filter((_, i) => i % 2 === 0),
        ...(strict ? { additionalProperties: false } : {}),
      })),
    fc.tuple(tie("node"), sortedPair(fc.integer({ min: 0, max: 4 }))).map(([items, [minItems, maxItems]]) => ({ type: "array", items, minItems, maxItems })),
  ),
})).node;

/** An object schema a user could well write: every keyword sane, nested objects and arrays. */
export const plausibleSchemaArb: fc.Arbitrary<Record<string, unknown>> = fc.tuple(
  fc.uniqueArray(fc.tuple(fieldNameArb, plausibleNodeArb), { minLength: 1, maxLength: 6, selector: ([k]) => k }),
  fc.boolean(),
).map(([entries, strict]) => ({
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: objectFromEntries(entries),
  required: entries.map(([k]) => k),
  ...(strict ? { additionalProperties: false } : {}),
}));

export const plausibleRequestArb = fc.record({
  data_type: fc.constantFrom(...DATA_TYPES),
  volume: fc.integer({ min: 1, max: 25 }),
  schema: plausibleSchemaArb,
  output_format: fc.constantFrom(...OUTPUT_FORMATS),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
});
