// Values satisfy every keyword on them at once, and no row the product's own validator rejects is ever
// written: for the combinations that used to break (a format with a pattern or lengths, enum with pattern,
// multipleOf with exclusive bounds, const inside allOf/anyOf/oneOf, compliance-safe card numbers under a
// pattern) and for random schemas that combine them, every generated row is valid for an independent
// validator (@cfworker/json-schema, draft 2020-12) and for the product's (functions/engine/validate), or
// prepareGeneration refuses the schema with UnsupportedSchemaError before any row.
import { strict as assert } from "node:assert";
import { Validator } from "@cfworker/json-schema";
import fc from "fast-check";
import { prepareGeneration, UnsupportedSchemaError, type GenerationOptions } from "../../../functions/engine/generate";
import { luhnValid, TEST_CARD_NUMBERS } from "../../../functions/engine/generate/compliance";
import type { ComplianceRegime, JsonSchemaObject, Row } from "../../../functions/engine/schema/types";
import { compileValidator } from "../../../functions/engine/validate/compile";
import { validateDataset } from "../../../functions/engine/validate/data";

/** Rows of `schema`, each checked by both validators; throws UnsupportedSchemaError when refused. */
function validRows(schema: JsonSchemaObject, extra: Partial<GenerationOptions> = {}, rows = 40): Row[] {
  const plan = prepareGeneration({ schema, rows, seed: extra.seed ?? "together", format: "jsonl", ...extra });
  const independent = new Validator(schema as object, "2020-12", false);
  const product = compileValidator(schema, { allErrors: true });
  const out = [...plan.rows()];
  for (const row of out) {
    const result = independent.validate(row as never);
    assert.ok(result.valid, `@cfworker/json-schema rejects ${JSON.stringify(row)}: ${JSON.stringify(result.errors.slice(0, 3))}`);
    assert.ok(product(row), `the product's validator rejects ${JSON.stringify(row)}: ${JSON.stringify(product.errors?.slice(0, 3))}`);
  }
  return out;
}

const one = (property: Record<string, unknown>, name = "v"): JsonSchemaObject =>
  ({ type: "object", properties: { [name]: property }, required: [name], additionalProperties: false });

function refusal(schema: JsonSchemaObject, extra: Partial<GenerationOptions> = {}): UnsupportedSchemaError {
  try {
    prepareGeneration({ schema, rows: 10, seed: 1, format: "jsonl", ...extra });
  } catch (err) {
    if (err instanceof UnsupportedSchemaError) return err;
    throw err;
  }
  assert.fail(`expected the schema to be refused: ${JSON.stringify(schema)}`);
}

describe("values satisfy all their keywords together", function () {
  this.timeout(120_000);

  describe("the combinations that used to produce invalid rows or refusals", () => {
    it("a date whose pattern narrows the years: real dates in those years (was \"2017-\" in every row)", async () => {
      const schema = one({ type: "string", format: "date", pattern: "^20(1[5-9]|2[0-4])-" }, "signup_date");
      const rows = validRows(schema, {}, 200);
      for (const r of rows) assert.match(String(r.signup_date), /^20(1[5-9]|2[0-4])-\d\d-\d\d$/);
      const report = await validateDataset(schema, rows);
      assert.equal(report.invalid_rows, 0);
    });

    it("a date whose pattern fixes one year, and a date-time whose pattern fixes the year", () => {
      for (const r of validRows(one({ type: "string", format: "date", pattern: "^2017-" }))) assert.match(String(r.v), /^2017-\d\d-\d\d$/);
      for (const r of validRows(one({ type: "string", format: "date-time", pattern: "^2024-" }))) assert.match(String(r.v), /^2024-\d\d-\d\dT/);
    });

    it("a work e-mail whose pattern fixes the company's domain: a realistic local part at that domain (was refused)", () => {
      for (const pattern of ["@acme\\.com$", "^[a-z]+\\.[a-z]+@acme\\.com$"]) {
        const rows = validRows(one({ type: "string", format: "email", pattern }, "work_email"), {}, 100);
        for (const r of rows) assert.match(String(r.work_email), /^[a-z]+\.[a-z]+\d*@acme\.com$/, pattern);
        assert.ok(new Set(rows.map((r) => r.work_email)).size > 50, "the addresses vary");
      }
    });

    it("formats with length bounds", () => {
      const rows = validRows({
        type: "object",
        properties: {
          email: { type: "string", format: "email", maxLength: 12 },
          website: { type: "string", format: "uri", maxLength: 20 },
          host: { type: "string", format: "hostname", minLength: 20 },
          at: { type: "string", format: "date-time", minLength: 24 },
          ip: { type: "string", format: "ipv4", maxLength: 9 },
        },
        required: ["email", "website", "host", "at", "ip"],
      });
      assert.equal(rows.length, 40);
    });

    it("uri, hostname, ipv4, uuid and date-time with a pattern", () => {
      for (const r of validRows(one({ type: "string", format: "uri", pattern: "^https://api\\." }))) assert.match(String(r.v), /^https:\/\/api\.[a-z]/);
      for (const r of validRows(one({ type: "string", format: "hostname", pattern: "\\.internal$" }))) assert.match(String(r.v), /^[a-z0-9-]+(\.[a-z0-9-]+)*\.internal$/);
      for (const r of validRows(one({ type: "string", format: "ipv4", pattern: "^10\\." }))) assert.match(String(r.v), /^10(\.\d{1,3}){3}$/);
      validRows(one({ type: "string", format: "uuid", pattern: "^[0-9a-f-]+$" }));
      validRows(one({ type: "string", format: "date-time", pattern: "T0[89]:" }));
    });

    it("enum with pattern (and format), multipleOf with exclusive bounds", () => {
      const rows = validRows({
        type: "object",
        properties: {
          code: { enum: ["abc", "abd", "xyz", 3], pattern: "^ab" },
          day: { enum: ["2024-02-30", "2024-02-28", "nope"], format: "date" },
          half: { type: "number", multipleOf: 0.5, exclusiveMinimum: 1, exclusiveMaximum: 3 },
          third: { type: "integer", multipleOf: 3, exclusiveMinimum: 3, exclusiveMaximum: 12 },
          both: { type: "number", multipleOf: 0.3, allOf: [{ multipleOf: 0.5 }], exclusiveMinimum: 0, exclusiveMaximum: 10 },
        },
        required: ["code", "day", "half", "third", "both"],
      });
      for (const r of rows) {
        assert.ok(["abc", "abd", 3].includes(r.code as string), String(r.code)); // the pattern does not apply to 3
        assert.equal(r.day, "2024-02-28");
        assert.ok([1.5, 2, 2.5].includes(r.half as number));
        assert.ok([6, 9].includes(r.third as number));
        assert.ok([1.5, 3, 4.5, 6, 7.5, 9].includes(r.both as number), String(r.both));
      }
    });

    it("const inside allOf, anyOf and oneOf with other keywords", () => {
      const rows = validRows({
        type: "object",
        properties: {
          a: { allOf: [{ const: "x" }, { type: "string", maxLength: 3 }] },
          b: { anyOf: [{ const: 5 }, { type: "string" }], type: "integer" },
          c: { oneOf: [{ const: "a" }, { const: "b" }], pattern: "b" },
          d: { anyOf: [{ const: "2024-01-01" }, { const: "not a date" }], format: "date" },
          e: { oneOf: [{ const: 1.5 }, { type: "integer" }], multipleOf: 0.5, exclusiveMaximum: 2 },
        },
        required: ["a", "b", "c", "d", "e"],
      });
      for (const r of rows) assert.deepEqual([r.a, r.b, r.c, r.d], ["x", 5, "b", "2024-01-01"]);
    });

    it("dependentSchemas: a property's presence brings the keywords it implies (an invoice has a tax id)", () => {
      const rows = validRows({
        type: "object",
        properties: { payment: { enum: ["card", "invoice"] }, tax_id: { type: "string" } },
        required: ["payment"],
        dependentSchemas: { payment: { if: { properties: { payment: { const: "invoice" } } }, then: { required: ["tax_id"], properties: { tax_id: { pattern: "^[A-Z]{2}[0-9]{9}$" } } } } },
      }, {}, 100);
      const invoices = rows.filter((r) => r.payment === "invoice");
      assert.ok(invoices.length > 20 && invoices.every((r) => /^[A-Z]{2}[0-9]{9}$/.test(String(r.tax_id))));
    });

    it("formats the validator asserts but the generator used to ignore (url, byte, iso-time, int32)", () => {
      validRows({
        type: "object",
        properties: {
          url: { type: "string", format: "url" }, byte: { type: "string", format: "byte" }, t: { type: "string", format: "iso-time" },
          n: { type: "number", format: "int32" }, frag: { type: "string", format: "json-pointer-uri-fragment" },
        },
        required: ["url", "byte", "t", "n", "frag"],
      });
    });

    it("a format with a bound that excludes its own generator's range, and exclusive bounds", () => {
      for (const r of validRows(one({ type: "string", format: "date", formatExclusiveMinimum: "2030-01-01", formatMaximum: "2030-01-03" }))) {
        assert.ok(r.v === "2030-01-02" || r.v === "2030-01-03");
      }
    });

    it("oneOf options told apart by a required property, or by which one property a closed object has, each give values only they match", () => {
      // As SchemaStore's starlake.json (a job is a load, an extract or a transform) and appveyor.json (a
      // command is a string, or an object of exactly one of ps, pwsh, cmd or sh). Twelve commands a row were
      // refused before ("no valid row found in 200 attempts"): an empty object matched four options.
      const job = {
        type: "object", properties: { version: { type: "integer", minimum: 1 }, load: { type: "string" }, extract: { type: "string" }, transform: { type: "string" } },
        required: ["version"], oneOf: [{ required: ["load"] }, { required: ["extract"] }, { required: ["transform"] }],
      };
      const command = {
        oneOf: [{ type: "string", minLength: 1 }, ...["ps", "pwsh", "cmd", "sh"].map((k) => ({ type: "object", additionalProperties: false, properties: { [k]: { type: "string" } } }))],
      };
      const rows = validRows({ type: "object", properties: { job, install: { type: "array", minItems: 12, items: command } }, required: ["job", "install"] });
      const kinds = new Set(rows.map((r) => ["load", "extract", "transform"].find((k) => k in (r.job as object))));
      assert.equal(kinds.size, 3, "every kind of job is made");
      assert.ok(rows.every((r) => (r.install as unknown[]).every((c) => typeof c === "string" || Object.keys(c as object).length === 1)));
    });

    it("an exclusive bound where a step is lost in the rounding (1e21 + 1 === 1e21) is still kept out", () => {
      // Found by the fuzz spec: an untyped field with exclusiveMinimum 1e21 was generated as an integer equal to it.
      for (const r of validRows(one({ exclusiveMinimum: 1e21 }), { seed: "abc" })) if (typeof r.v === "number") assert.ok(r.v > 1e21);
      for (const r of validRows(one({ type: "integer", exclusiveMaximum: -1e21 }))) assert.ok((r.v as number) < -1e21);
    });

    it("several contains that no one item meets together: each gets items of its own (a list that must hold both types)", () => {
      // As the KYA manifest's `type` (SchemaStore): JSON-LD types that must include two given ones.
      const types = { type: "array", minItems: 1, uniqueItems: true, items: { type: "string" }, allOf: [{ contains: { const: "VerifiablePresentation" } }, { contains: { const: "KyaManifest" }, minContains: 2, maxContains: 2 }] };
      const rows = validRows(one({ ...types, allOf: [types.allOf[0], { contains: { const: "KyaManifest" } }] }));
      for (const r of rows) assert.ok((r.v as string[]).includes("VerifiablePresentation") && (r.v as string[]).includes("KyaManifest"));
      // Two of one kind: uniqueItems makes it impossible, and it is refused rather than sampled in vain.
      assert.throws(() => validRows(one(types)), UnsupportedSchemaError);
      assert.ok(validRows(one({ ...types, uniqueItems: false })).every((r) => (r.v as string[]).filter((x) => x === "KyaManifest").length === 2));
    });
  });

  describe("compliance-safe values under a pattern", () => {
    it("PCI-DSS card numbers with a 16-digit pattern are published test numbers (22 of 162 were not)", () => {
      for (const pattern of ["^[0-9]{16}$", "^4[0-9]{15}$", "^5[1-5][0-9]{14}$", "^[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{4}$"]) {
        const rows = validRows(one({ type: "string", pattern }, "card_number"), { compliance: ["PCI-DSS"] }, 162);
        for (const r of rows) {
          const digits = String(r.card_number).replace(/\D/g, "");
          assert.ok(TEST_CARD_NUMBERS.includes(digits) && luhnValid(digits), `${pattern}: ${String(r.card_number)}`);
        }
      }
    });

    it("a card-number pattern no published test number matches is refused before any row, naming the conflict", () => {
      const err = refusal(one({ type: "string", pattern: "^9[0-9]{15}$" }, "card_number"), { compliance: ["PCI-DSS"] });
      assert.equal(err.problems[0]!.path, "/card_number");
      assert.match(err.message, /compliance.*published test numbers.*\^9\[0-9\]\{15\}\$/);
    });

    it("a phone pattern in E.164 takes the fictional number's digits; an e-mail pattern fixing a real domain is a conflict", () => {
      const rows = validRows(one({ type: "string", pattern: "^\\+1[0-9]{10}$" }, "phone"), { compliance: ["HIPAA"] });
      for (const r of rows) assert.match(String(r.phone), /^\+1\d{3}55501\d\d$/);
      const err = refusal(one({ type: "string", format: "email", pattern: "@acme\\.com$" }, "email"), { compliance: ["GDPR"] });
      assert.match(err.message, /reserved for testing/);
    });

    it("without compliance the same fields keep realistic, schema-valid values", () => {
      for (const r of validRows(one({ type: "string", pattern: "^4[0-9]{15}$" }, "card_number"))) assert.ok(luhnValid(String(r.card_number)));
      for (const r of validRows(one({ type: "string", pattern: "^\\+1[0-9]{10}$" }, "phone"), { locale: "en_US" })) assert.match(String(r.phone), /^\+1\d{10}$/);
    });
  });

  describe("keywords that cannot be met together", () => {
    it("refuse a required property, naming it and the keywords", () => {
      const err = refusal(one({ type: "string", format: "date", pattern: "^x" }, "d"));
      assert.equal(err.problems[0]!.path, "/d");
      assert.match(err.message, /format "date".*pattern "\^x"/);
      assert.match(refusal(one({ type: "string", format: "uuid", maxLength: 20 })).message, /uuid.*36 characters/);
    });

    it("leave an optional property out of every row, with a warning on the plan", () => {
      const schema: JsonSchemaObject = {
        type: "object",
        properties: { id: { type: "integer", minimum: 1 }, d: { type: "string", format: "date", pattern: "^x" }, gone: false },
        required: ["id"],
      };
      const plan = prepareGeneration({ schema, rows: 50, seed: 3, format: "jsonl" });
      const rows = [...plan.rows()];
      assert.ok(rows.every((r) => !("d" in r)));
      assert.deepEqual(plan.warnings.map((w) => w.path), ["/d"]);
      assert.match(plan.warnings[0]!.message, /optional property "d" is left out of every row: .*format "date"/);
      validRows(schema);
    });
  });

  describe("random schemas that combine keywords (fast-check)", () => {
    it("every row valid for both validators, or the schema refused before any row", () => {
      let generated = 0, refused = 0;
      fc.assert(fc.property(schemaArb, fc.constantFrom<ComplianceRegime[]>([], [], ["PCI-DSS"], ["GDPR", "HIPAA"]), fc.integer(), (schema, compliance, seed) => {
        let plan;
        try {
          plan = prepareGeneration({ schema, rows: 12, seed, format: "jsonl", ...(compliance.length ? { compliance } : {}) });
        } catch (err) {
          if (!(err instanceof UnsupportedSchemaError)) throw err;
          refused++;
          return;
        }
        const independent = new Validator(schema as object, "2020-12", false);
        const product = compileValidator(schema, { allErrors: true });
        for (const row of plan.rows()) {
          const result = independent.validate(row as never);
          assert.ok(result.valid, `@cfworker/json-schema rejects ${JSON.stringify(row)}: ${JSON.stringify(result.errors.slice(0, 2))}`);
          assert.ok(product(row), `the product's validator rejects ${JSON.stringify(row)}: ${JSON.stringify(product.errors?.slice(0, 2))}`);
        }
        generated++;
      }), { numRuns: 400 });
      // The property is not met by refusing: most random schemas are generated.
      assert.ok(generated > refused * 3, `${generated} generated, ${refused} refused`);
    });
  });
});

// ---- random schemas combining keywords ------------------------------------------------------------

/** Formats with patterns that narrow them (a year, a domain, a prefix), as real schemas combine them. */
const FAMILIES: Record<string, string[]> = {
  "date": ["^20(1[5-9]|2[0-4])-", "^2024-", "^2017-0[1-6]-", "^\\d{4}-\\d{2}-\\d{2}$", "-(0[1-9]|1[0-2])-"],
  "date-time": ["^2024-", "T1[0-2]:", "Z$", ":[0-9]{2}:", "^20(1[5-9]|2[0-4])-"],
  "time": ["^1[0-2]:", "Z$", "^[0-9]{2}:"],
  "email": ["@acme\\.com$", "^[a-z]+\\.[a-z]+@acme\\.com$", "^[^@]+@[^@]+$", "e", "\\.(com|org)$"],
  "idn-email": ["@acme\\.com$", "^[a-z.]+@"],
  "hostname": ["\\.internal$", "^api-", "^[a-z0-9.-]+$", "e"],
  "ipv4": ["^10\\.", "^192\\.0\\.2\\.", "\\.1$"],
  "ipv6": ["::", "^2001:db8:", "^[0-9a-f:]+$"],
  "uri": ["^https://", "^https://api\\.", "/v[0-9]/", "e"],
  "url": ["^https://", "\\.com/"],
  "uri-reference": ["^/api/", "^/"],
  "uuid": ["^[0-9a-f-]+$", "-4[0-9a-f]{3}-", "^[0-9a-f]{8}-"],
  "duration": ["^P", "D$", "^PT"],
  "json-pointer": ["^/api/", "/[0-9]$"],
  "relative-json-pointer": ["^0/", "^[0-9]"],
  "byte": ["^[A-Za-z0-9+/=]*$", "^[A-Z]"],
  "iso-time": ["^1[0-2]:"],
  "iso-date-time": ["^2024-"],
  "regex": ["^\\^", "\\$$"],
  "uri-template": ["\\{id\\}", "^https://"],
};
const FORMATS = Object.keys(FAMILIES);
/** Patterns of any kind: they may contradict the format (then the schema is refused). */
const PATTERNS = [...new Set(Object.values(FAMILIES).flat()), "^[A-Z]{2}$", "^[0-9]{16}$", "^4[0-9]{15}$", "^[a-z]{3,8}$", "x",
  "[0-9]$", "^.{0,12}$", "^\\+1[0-9]{10}$", "^[0-9]{3}-[0-9]{2}-[0-9]{4}$", "^[A-Z]{2}[0-9]{2}"];
const NAMES = ["email", "work_email", "card_number", "signup_date", "created_at", "website", "ip_address", "hostname", "id",
  "phone", "ssn", "iban", "first_name", "city", "amount", "age", "code", "x", "date_of_birth", "url"];
const CONSTS: unknown[] = ["abc", "2024-01-01", "jane.doe@acme.com", "10.0.0.1", 5, 2.5, 0, null, true, "4111111111111111"];

/** `arb` one time in five, else undefined. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const lengths = fc.option(fc.tuple(fc.nat(30), fc.nat(40)), { freq: 2, nil: undefined })
  .map((l): JsonSchemaObject => (l ? { minLength: l[0], ...(l[1] < 30 ? { maxLength: l[0] + l[1] } : {}) } : {}));
const stringLeaf = fc.tuple(fc.option(fc.constantFrom(...FORMATS), { freq: 6, nil: undefined }), fc.nat(99), lengths, rarely(fc.constantFrom(...FORMATS)))
  .chain(([format, dice, lens, second]) => fc.tuple(
    fc.constant(format), fc.constant(lens), fc.constant(second),
    // Mostly a pattern that narrows the format, sometimes any pattern, sometimes none.
    dice < 55 && format ? fc.constantFrom(...FAMILIES[format]!) : dice < 75 ? fc.constantFrom(...PATTERNS) : fc.constant(undefined),
  ))
  .map(([format, lens, second, pattern]): JsonSchemaObject => ({
    type: "string", ...(format ? { format } : {}), ...(pattern ? { pattern } : {}), ...lens,
    ...(second && second !== format ? { allOf: [{ format: second }] } : {}),
  }));
const enumLeaf = fc.tuple(fc.subarray(["abc", "abd", "2024-02-28", "2024-02-30", "jane@acme.com", "x@y", "10.0.0.1", "300.1.1.1", 3, 4.5, null], { minLength: 1 }),
  rarely(fc.constantFrom("^ab", "^2024-", "@acme\\.com$", "^10\\.", ...PATTERNS)), rarely(fc.constantFrom("date", "email", "ipv4")))
  .map(([values, pattern, format]): JsonSchemaObject => ({ enum: values, ...(pattern ? { pattern } : {}), ...(format ? { format } : {}) }));
const numberLeaf = fc.tuple(fc.constantFrom("integer", "number"), fc.option(fc.constantFrom(0.5, 0.01, 3, 0.1, 7, 0.25, 1.5), { nil: undefined }),
  fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 60 }), fc.boolean(), fc.boolean(), rarely(fc.constantFrom("int32", "int64", "float")),
  rarely(fc.constantFrom(0.2, 2, 0.75)))
  .map(([type, multipleOf, lo, span, exLo, exHi, format, second]): JsonSchemaObject => ({
    type, ...(multipleOf ? { multipleOf } : {}), [exLo ? "exclusiveMinimum" : "minimum"]: lo, [exHi ? "exclusiveMaximum" : "maximum"]: lo + span,
    ...(format ? { format } : {}), ...(second ? { allOf: [{ multipleOf: second }] } : {}),
  }));
const constIn = fc.tuple(fc.constantFrom("allOf", "anyOf", "oneOf"), fc.constantFrom(...CONSTS), fc.constantFrom(...CONSTS), fc.oneof(stringLeaf, numberLeaf))
  .map(([kind, a, b, leaf]): JsonSchemaObject => (kind === "allOf"
    ? { allOf: [{ const: a }, leaf] }
    : { [kind]: [{ const: a }, { const: b }, leaf].slice(0, a === b && kind === "oneOf" ? 1 : 3), ...leaf, type: undefined } as JsonSchemaObject));
const leaf = fc.oneof(stringLeaf, stringLeaf, enumLeaf, numberLeaf, constIn);
const nullable = leaf.map((s): JsonSchemaObject => (typeof s.type === "string" ? { ...s, type: [s.type, "null"] } : s));

const { schema: nested } = fc.letrec<{ schema: JsonSchemaObject; object: JsonSchemaObject; array: JsonSchemaObject }>((tie) => ({
  schema: fc.oneof({ depthSize: "small" }, leaf, nullable, tie("object"), tie("array")),
  object: fc.dictionary(fc.constantFrom(...NAMES), tie("schema"), { minKeys: 1, maxKeys: 4 })
    .chain((properties) => fc.tuple(fc.constant(properties), fc.subarray(Object.keys(properties))))
    .map(([properties, required]): JsonSchemaObject => ({ type: "object", properties, required })),
  array: fc.tuple(tie("schema"), fc.nat(2), fc.nat(3)).map(([items, min, span]): JsonSchemaObject => ({ type: "array", items, minItems: min, maxItems: min + span })),
}));

/** A record (what the product generates) whose fields combine keywords. */
const schemaArb = fc.dictionary(fc.constantFrom(...NAMES), nested, { minKeys: 1, maxKeys: 5 })
  .chain((properties) => fc.tuple(fc.constant(properties), fc.subarray(Object.keys(properties))))
  .map(([properties, required]): JsonSchemaObject => JSON.parse(JSON.stringify({ type: "object", properties, required })) as JsonSchemaObject);
