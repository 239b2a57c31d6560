// A corpus of malformed and hostile requests. Each must be answered 4xx in the agent's format with a
// message naming the problem, through both adapters; none may write to S3 or leave a job behind.
import { strict as assert } from "node:assert";
import { startHarness, USER_PROFILE, type Harness } from "./harness";
import { classicBody, classicEvent, gatewayContext } from "../../functions/local/events";
import type { OperationId } from "../../functions/contract/operations";

type Fn = "generate" | "validate" | "metrics";
interface Case {
  name: string;
  fn: Fn;
  op: OperationId;
  /** Arguments as the gateway would pass them; classic gets them as text properties. */
  args?: Record<string, unknown> | unknown;
  /** A raw classic event instead of one built from args (structural cases: classic only). */
  classic?: Record<string, unknown>;
  status: number;
  message: RegExp;
}

const OK = { data_type: "user_profile", volume: 10, schema: USER_PROFILE, output_format: "jsonl" };
const gen = (over: Record<string, unknown>, status: number, message: RegExp, name: string): Case =>
  ({ name, fn: "generate", op: "generateSyntheticData", args: { ...OK, ...over }, status, message });
const withoutKey = (key: string) => Object.fromEntries(Object.entries(OK).filter(([k]) => k !== key));
const field = (def: Record<string, unknown>) => ({ type: "object", properties: { a: def }, required: ["a"] });
const deep = (levels: number): Record<string, unknown> => {
  let node: Record<string, unknown> = { type: "string" };
  for (let i = 0; i < levels; i++) node = { type: "object", properties: { n: node }, required: ["n"] };
  return node;
};
const manyFields = (n: number) => ({ fields: Array.from({ length: n }, (_, i) => ({ name: `f${i}`, type: "string" })) });
const MB = "x".repeat(1024 * 1024);
const UNKNOWN_ID = "11111111-2222-4333-8444-555555555555";
const classicBase = (over: Record<string, unknown>) => ({
  ...classicEvent("generateSyntheticData", OK, { sessionId: "hostile" }), ...over,
});

const CASES: Case[] = [
  // volume
  gen({ volume: 0 }, 400, /volume must be >= 1/, "volume 0"),
  gen({ volume: -5 }, 400, /volume must be >= 1/, "negative volume"),
  gen({ volume: 1e12 }, 400, /above this stack's ceiling/, "volume 1e12"),
  gen({ volume: "lots" }, 400, /volume must be integer/, "volume 'lots'"),
  gen({ volume: 2.5 }, 400, /volume must be integer/, "fractional volume"),
  gen({ volume: "NaN" }, 400, /volume must be integer/, "volume NaN"),
  // required fields and enums
  { name: "missing data_type", fn: "generate", op: "generateSyntheticData", args: withoutKey("data_type"), status: 400, message: /data_type is required/ },
  { name: "missing schema", fn: "generate", op: "generateSyntheticData", args: withoutKey("schema"), status: 400, message: /schema is required/ },
  { name: "missing output_format", fn: "generate", op: "generateSyntheticData", args: withoutKey("output_format"), status: 400, message: /output_format is required/ },
  gen({ data_type: "planets" }, 400, /data_type must be one of user_profile/, "unknown data_type"),
  gen({ output_format: "xlsx" }, 400, /output_format must be one of json/, "unknown output_format"),
  gen({ surprise: 1 }, 400, /unknown property surprise/, "unknown property"),
  gen({ seed: -1 }, 400, /seed must be >= 0/, "negative seed"),
  gen({ seed: "abc" }, 400, /seed must be integer/, "seed not a number"),
  gen({ compliance_requirements: ["HIPPA"] }, 400, /compliance_requirements\.0 must be one of GDPR/, "misspelt regime"),
  gen({ compliance_requirements: "[GDPR, HIPAA]" }, 400, /compliance_requirements must be sent as JSON text/, "compliance as Java list text"),
  gen({ compliance_requirements: "[\"GDPR\"" }, 400, /compliance_requirements is not valid JSON text/, "compliance truncated JSON"),
  gen({ compliance_requirements: ["GDPR", "GDPR"] }, 400, /duplicate items/, "duplicate regimes"),
  gen({ idempotency_key: "k".repeat(200) }, 400, /idempotency_key must NOT have more than 128/, "long idempotency key"),
  // schema as text
  gen({ schema: "{not json" }, 400, /schema is not valid JSON text/, "schema not JSON"),
  gen({ schema: "{fields=[{name=id, type=uuid}]}" }, 400, /schema must be sent as JSON text/, "schema as Java toString"),
  gen({ schema: "{itemName=item1, quantity=2}" }, 400, /must be sent as JSON text/, "Java map text"),
  gen({ schema: [1, 2] }, 400, /schema must be object/, "schema is an array"),
  gen({ schema: "null" }, 400, /schema must be object/, "schema is null"),
  gen({ schema: 42 }, 400, /schema must be object/, "schema is a number"),
  gen({ schema: {} }, 400, /schema is empty/, "empty schema"),
  // field-list problems
  gen({ schema: { fields: [] } }, 400, /the field list is empty/, "empty field list"),
  // Names such as "1bad" or "drop table" are accepted now (quoted in SQL, with a warning); a dot or __proto__ is not.
  gen({ schema: { fields: [{ name: "a.b", type: "string" }] } }, 400, /field "a\.b"/, "dotted field name"),
  gen({ schema: { fields: [{ name: "amount", type: "money" }] } }, 400, /unknown type "money"/, "unknown field type"),
  gen({ schema: { fields: [{ name: "a", type: "string" }, { name: "a", type: "string" }] } }, 400, /duplicate field name/, "duplicate fields"),
  gen({ schema: { fields: [{ name: "n", type: "integer", constraints: { min: 10, max: 1 } }] } }, 400, /lower bound 10 is above the upper bound 1|minimum 10 > maximum 1/, "min > max"),
  gen({ schema: { fields: [{ name: "n", type: "integer", constraints: { min: "ten" } }] } }, 400, /must be a number/, "constraint of wrong type"),
  gen({ schema: { fields: [{ name: "n", type: "integer", constraints: { step: 2 } }] } }, 400, /unknown constraint "step"/, "unknown constraint"),
  gen({ schema: { fields: ["id"] } }, 400, /each field must be an object/, "field not an object"),
  // JSON Schema problems
  gen({ schema: field({ type: "integer", minimum: 5, maximum: 1 }) }, 400, /lower bound 5 is above the upper bound 1|minimum 5 > maximum 1/, "minimum > maximum"),
  gen({ schema: { allOf: [{ type: "string" }, { type: "integer" }] } }, 400, /share no type|no value/, "unsatisfiable allOf"),
  gen({ schema: field({ enum: [] }) }, 400, /enum is empty/, "empty enum"),
  gen({ schema: { type: "object", properties: {}, required: ["x"], additionalProperties: false } }, 400, /"x" is required but not declared/, "required but forbidden"),
  gen({ schema: { type: "banana" } }, 400, /type must be equal to one of the allowed values/, "unknown JSON type"),
  gen({ schema: { $ref: "https://evil.example/schema.json" } }, 400, /remote \$ref/, "remote $ref"),
  gen({ schema: field({ $ref: "http://169.254.169.254/latest/meta-data" }) }, 400, /remote \$ref/, "remote $ref to metadata service"),
  gen({ schema: { $defs: { a: { $ref: "#/$defs/a" } }, $ref: "#/$defs/a" } }, 400, /reference cycle/, "$ref cycle"),
  gen({ schema: deep(60) }, 400, /nested more than 32 levels/, "deep nesting"),
  gen({ schema: manyFields(10_000) }, 413, /10000 fields; at most 1000/, "10,000 fields"),
  gen({ schema: field({ type: "string", pattern: "^(a+)\\1$" }) }, 400, /may take polynomial time .*on a backtracking engine/, "quadratic backreference regex"),
  gen({ schema: field({ type: "string", pattern: "^a*(?=(a+)+$)b" }) }, 400, /may take exponential time on a backtracking engine/, "catastrophic lookahead regex"),
  gen({ schema: field({ type: "string", maxLength: 1e9 }) }, 400, /maxLength 1000000000 .* at most 100000/, "huge maxLength"),
  gen({ schema: field({ type: "array", items: { type: "string" }, minItems: 1e7 }) }, 400, /minItems 10000000/, "huge minItems"),
  // An unknown format name is an annotation (accepted with a warning); a format that is a broken regex is refused.
  gen({ schema: field({ type: "string", format: "^[A-Z{2}$" }) }, 400, /looks like a regular expression but does not compile/, "format that is a broken regex"),
  // found by fuzzing (fuzz.spec.ts): each was a 500 or a job accepted and then failed
  gen({ schema: JSON.parse('{"fields":[{"name":"a","type":"string","constraints":{"__proto__":"x"}}]}') }, 400, /unknown constraint "__proto__"/, "constraint named __proto__"),
  gen({ schema: { fields: [{ name: "a", type: "string", constraints: { hasOwnProperty: 1 } }] } }, 400, /unknown constraint "hasOwnProperty"/, "constraint named hasOwnProperty"),
  gen({ schema: { minimum: 0 } }, 400, /the root schema does not say its records are objects; each record is a JSON object/, "root schema of numbers"),
  gen({ schema: { type: ["object", "null"], properties: { a: { type: "string" } } } }, 400, /the root allows "object", "null"/, "root allows null records"),
  gen({ schema: { anyOf: [{ type: "object" }, { type: "integer" }] } }, 400, /anyOf\[1\] of the root allows "integer"/, "root anyOf with a scalar branch"),
  gen({ schema: { type: "object", dependentRequired: {} }, output_format: "parquet" }, 400, /Parquet output needs a schema that declares properties/, "parquet without properties"),
  gen({ schema: { type: "object", properties: {}, required: [""] }, output_format: "csv" }, 400, /a property has an empty name; csv columns need names/, "csv column without a name"),
  gen({ schema: field({ type: "object", properties: { "b.c": { type: "string" } } }), output_format: "parquet" }, 400, /property "b\.c" has a dot in its name/, "dotted property name in parquet"),
  // found by the fuzz spec (seed -157259431): the dotted name only in dependentRequired, accepted and then failed reading back
  gen({ schema: { dependentRequired: { a: ["a.b"] } }, output_format: "csv" }, 400, /property "a\.b" has a dot in its name, which csv uses for nested fields/, "dotted name in dependentRequired in csv"),
  gen({ reference_data_location: "generated-data/test/ref.sql" }, 400, /reference_data_location must end in \.json, \.jsonl, \.csv or \.parquet/, "SQL reference data set"),
  gen({ schema: JSON.parse('{"type":"object","properties":{"a":{"type":"object","properties":{"__proto__":{"type":"number"}},"required":["__proto__"]}}}') }, 400, /names a field "__proto__" at schema\.properties\.a\.properties/, "nested property named __proto__"),
  gen({ schema: { fields: [{ name: "__proto__", type: "string" }] } }, 400, /names a field "__proto__" at schema\.fields/, "field named __proto__"),
  // locations
  gen({ reference_data_location: "s3://someone-elses-bucket/generated-data/test/x.csv" }, 403, /only this stack's data bucket/, "foreign bucket"),
  gen({ reference_data_location: "generated-data/test/../../secrets/x.csv" }, 403, /relative segments/, "../ traversal"),
  gen({ reference_data_location: "generated-data/test/%2e%2e/%2e%2e/x.csv" }, 403, /relative segments/, "encoded traversal"),
  gen({ reference_data_location: "other/x.csv" }, 403, /must be under generated-data\/test\//, "outside the prefix"),
  gen({ reference_data_location: "https://example.com/x.csv" }, 403, /must be s3:\/\//, "http location"),
  gen({ reference_data_location: "/etc/passwd" }, 403, /relative segments|must be under/, "absolute path"),
  // sizes
  gen({ data_type: MB }, 413, /at most 524288 are accepted/, "1 MB string"),
  gen({ schema: { ...USER_PROFILE, description: "d".repeat(300 * 1024) } }, 413, /schema is \d+ bytes as JSON; at most 262144/, "300 KB schema"),
  // getGeneration
  { name: "unknown generation id", fn: "generate", op: "getGeneration", args: { generation_id: UNKNOWN_ID }, status: 404, message: /no generation with id 11111111/ },
  { name: "generation id not a UUID", fn: "generate", op: "getGeneration", args: { generation_id: "not-a-uuid" }, status: 400, message: /generation_id must match pattern/ },
  { name: "generation id traversal", fn: "generate", op: "getGeneration", args: { generation_id: "../../etc/passwd" }, status: 400, message: /generation_id must match pattern/ },
  { name: "generation id 1 MB", fn: "generate", op: "getGeneration", args: { generation_id: MB }, status: 413, message: /at most 524288/ },
  { name: "missing generation id", fn: "generate", op: "getGeneration", args: {}, status: 400, message: /generation_id is required/ },
  // validateSchema
  { name: "validate: missing schema", fn: "validate", op: "validateSchema", args: {}, status: 400, message: /schema is required/ },
  { name: "validate: schema array", fn: "validate", op: "validateSchema", args: { schema: [1] }, status: 400, message: /schema must be object/ },
  { name: "validate: 10,000 fields", fn: "validate", op: "validateSchema", args: { schema: manyFields(10_000) }, status: 413, message: /10000 fields/ },
  { name: "validate: remote $ref", fn: "validate", op: "validateSchema", args: { schema: { $ref: "https://evil.example/s.json" } }, status: 400, message: /remote \$ref/ },
  { name: "validate: volume 0", fn: "validate", op: "validateSchema", args: { schema: USER_PROFILE, volume: 0 }, status: 400, message: /volume must be >= 1/ },
  { name: "validate: Java toString schema", fn: "validate", op: "validateSchema", args: { schema: "{type=object}" }, status: 400, message: /JSON text/ },
  // calculateQualityMetrics
  { name: "metrics: nothing to measure", fn: "metrics", op: "calculateQualityMetrics", args: {}, status: 400, message: /generation_id or data_location is required/ },
  // Both sources are fine when they name the same data (tests/functions/quality.spec.ts); an unknown generation is still unknown.
  { name: "metrics: both sources, unknown generation", fn: "metrics", op: "calculateQualityMetrics", args: { generation_id: UNKNOWN_ID, data_location: "generated-data/test/x.jsonl" }, status: 404, message: /no generation with id/ },
  { name: "metrics: unknown generation", fn: "metrics", op: "calculateQualityMetrics", args: { generation_id: UNKNOWN_ID }, status: 404, message: /no generation with id/ },
  { name: "metrics: foreign bucket", fn: "metrics", op: "calculateQualityMetrics", args: { data_location: "s3://other/generated-data/test/x.jsonl", schema: USER_PROFILE }, status: 403, message: /only this stack's data bucket/ },
  { name: "metrics: traversal", fn: "metrics", op: "calculateQualityMetrics", args: { data_location: "generated-data/test/../prod/x.jsonl", schema: USER_PROFILE }, status: 403, message: /relative segments/ },
  { name: "metrics: no schema", fn: "metrics", op: "calculateQualityMetrics", args: { data_location: "generated-data/test/x.jsonl" }, status: 400, message: /schema is required with data_location/ },
  { name: "metrics: missing object", fn: "metrics", op: "calculateQualityMetrics", args: { data_location: "generated-data/test/none.jsonl", schema: USER_PROFILE }, status: 404, message: /no data set at/ },
  { name: "metrics: unknown format", fn: "metrics", op: "calculateQualityMetrics", args: { data_location: "generated-data/test/x.bin", schema: USER_PROFILE }, status: 400, message: /format is required/ },
  { name: "metrics: foreign reference", fn: "metrics", op: "calculateQualityMetrics", args: { generation_id: UNKNOWN_ID, reference_data_location: "s3://other/x.csv" }, status: 404, message: /no generation/ },
  { name: "metrics: SQL data set", fn: "metrics", op: "calculateQualityMetrics", args: { data_location: "generated-data/test/x.sql", schema: USER_PROFILE }, status: 400, message: /sql data sets cannot be read back to be measured/ },
  { name: "metrics: root schema of strings", fn: "metrics", op: "calculateQualityMetrics", args: { data_location: "generated-data/test/x.jsonl", schema: { type: "string" } }, status: 400, message: /the root allows "string"; each record is a JSON object/ },
  { name: "metrics: format xlsx", fn: "metrics", op: "calculateQualityMetrics", args: { data_location: "generated-data/test/x.csv", format: "xlsx", schema: USER_PROFILE }, status: 400, message: /format must be one of/ },
];

// Event-structure problems only the classic adapter can have.
const CLASSIC_ONLY: Case[] = [
  { name: "missing apiPath", fn: "generate", op: "generateSyntheticData", classic: classicBase({ apiPath: undefined }), status: 404, message: /no apiPath/ },
  { name: "unknown apiPath", fn: "generate", op: "generateSyntheticData", classic: classicBase({ apiPath: "/delete-everything" }), status: 404, message: /no operation at \/delete-everything/ },
  { name: "another group's path", fn: "generate", op: "generateSyntheticData", classic: classicBase({ apiPath: "/validate-schema" }), status: 404, message: /this action group serves POST \/generate-synthetic-data/ },
  { name: "DELETE method", fn: "generate", op: "generateSyntheticData", classic: classicBase({ httpMethod: "DELETE" }), status: 405, message: /DELETE is not allowed on \/generate-synthetic-data; use POST/ },
  { name: "GET on a POST path", fn: "generate", op: "generateSyntheticData", classic: classicBase({ httpMethod: "GET" }), status: 405, message: /use POST/ },
  { name: "POST on a GET path", fn: "generate", op: "getGeneration", classic: classicBase({ apiPath: "/generations/{generation_id}", httpMethod: "POST" }), status: 405, message: /use GET/ },
  { name: "missing httpMethod", fn: "generate", op: "generateSyntheticData", classic: classicBase({ httpMethod: undefined }), status: 405, message: /not allowed/ },
  { name: "null requestBody", fn: "generate", op: "generateSyntheticData", classic: classicBase({ requestBody: null }), status: 400, message: /data_type is required/ },
  { name: "properties not a list", fn: "generate", op: "generateSyntheticData", classic: classicBase({ requestBody: { content: { "application/json": { properties: { volume: 5 } } } } }), status: 400, message: /must be a list of \{name, type, value\}/ },
  { name: "text/plain body", fn: "generate", op: "generateSyntheticData", classic: classicBase({ requestBody: { content: { "text/plain": { properties: [] } } } }), status: 400, message: /content type text\/plain is not supported/ },
  { name: "array content", fn: "generate", op: "generateSyntheticData", classic: classicBase({ requestBody: { content: { "application/json": [] } } }), status: 400, message: /must be an object with properties/ },
  { name: "parameters a string", fn: "generate", op: "generateSyntheticData", classic: classicBase({ parameters: "volume=5" }), status: 400, message: /parameters must be a list/ },
  { name: "__proto__ property", fn: "generate", op: "generateSyntheticData", classic: classicBase({ requestBody: { content: { "application/json": { properties: [{ name: "__proto__", type: "object", value: "{\"polluted\":true}" }] } } } }), status: 400, message: /forbidden property name __proto__/ },
  { name: "1 MB apiPath", fn: "generate", op: "generateSyntheticData", classic: classicBase({ apiPath: `/${MB}` }), status: 404, message: /no operation at \/x{199}; this action group serves/ },
  { name: "1 MB httpMethod", fn: "generate", op: "generateSyntheticData", classic: classicBase({ httpMethod: MB }), status: 405, message: /^x{20} is not allowed/ },
  { name: "1 MB session attributes", fn: "generate", op: "generateSyntheticData", classic: classicBase({ apiPath: "/nowhere", sessionAttributes: { big: MB } }), status: 404, message: /no operation at \/nowhere/ },
  { name: "session attributes as a huge list", fn: "generate", op: "generateSyntheticData", classic: classicBase({ apiPath: "/nowhere", promptSessionAttributes: [MB] }), status: 404, message: /no operation at \/nowhere/ },
  { name: "httpMethod an object without toString", fn: "generate", op: "generateSyntheticData", classic: classicBase({ httpMethod: [{ toString: null }] }), status: 405, message: /^a object method is not allowed on \/generate-synthetic-data; use POST/ },
  { name: "inputText an object without toString", fn: "generate", op: "getGeneration", classic: { ...classicEvent("getGeneration", { generation_id: UNKNOWN_ID }, { sessionId: "hostile" }), inputText: { toString: null } }, status: 404, message: /no generation with id/ },
  { name: "nameless property", fn: "generate", op: "generateSyntheticData", classic: classicBase({ requestBody: { content: { "application/json": { properties: [{ value: "1" }] } } } }), status: 400, message: /entry without a name/ },
];

// Argument-structure problems only the gateway adapter can have.
const GATEWAY_ONLY: Array<{ name: string; fn: Fn; tool: string; args: unknown; message: RegExp; error: string }> = [
  { name: "unknown tool", fn: "generate", tool: "deleteEverything", args: {}, message: /unknown tool deleteEverything; this function serves generateSyntheticData, getGeneration/, error: "NotFoundError" },
  { name: "another function's tool", fn: "generate", tool: "validateSchema", args: { schema: {} }, message: /unknown tool validateSchema/, error: "NotFoundError" },
  { name: "null arguments", fn: "generate", tool: "generateSyntheticData", args: null, message: /must be a JSON object, got null/, error: "RequestValidationError" },
  { name: "array arguments", fn: "validate", tool: "validateSchema", args: [1, 2], message: /must be a JSON object, got an array/, error: "RequestValidationError" },
  { name: "string arguments", fn: "metrics", tool: "calculateQualityMetrics", args: "generation_id=1", message: /must be a JSON object, got string/, error: "RequestValidationError" },
];

describe("hostile requests", function () {
  let h: Harness;
  before(async function () {
    h = await startHarness();
  });
  after(async () => h?.stop());

  it("the corpus is large enough", () => {
    assert.ok(CASES.length + CLASSIC_ONLY.length + GATEWAY_ONLY.length >= 60, `${CASES.length + CLASSIC_ONLY.length + GATEWAY_ONLY.length} cases`);
  });

  for (const c of [...CASES, ...CLASSIC_ONLY]) {
    it(`classic: ${c.name} -> ${c.status}`, async () => {
      const event = c.classic ?? classicEvent(c.op, c.args as Record<string, unknown>, { sessionId: `hostile-${c.name}` });
      const response = (await h[c.fn](event)) as { messageVersion: string; response: { httpStatusCode: number } };
      assert.equal(response.messageVersion, "1.0");
      const { status, body } = classicBody(response);
      assert.equal(status, c.status, JSON.stringify(body));
      assert.match(body.message, c.message);
      assert.equal(typeof body.error, "string");
      assert.ok(!Number.isNaN(Date.parse(body.timestamp)));
      assert.ok(Buffer.byteLength(JSON.stringify(response)) < 25 * 1024, "the answer fits the agent's limit");
    });
  }

  for (const c of CASES) {
    it(`gateway: ${c.name} -> error object`, async () => {
      const out = await h[c.fn](c.args, gatewayContext(c.op));
      assert.equal(typeof out.error, "string", JSON.stringify(out).slice(0, 300));
      assert.match(out.message, c.message);
      assert.equal(out.status, undefined, "an error object, not a result");
    });
  }

  for (const c of GATEWAY_ONLY) {
    it(`gateway: ${c.name}`, async () => {
      const out = await h[c.fn](c.args, gatewayContext(c.tool));
      assert.equal(out.error, c.error);
      assert.match(out.message, c.message);
    });
  }

  it("an event of neither runtime gets a clear error", async () => {
    const out = await h.generate({ hello: "world" });
    assert.match(out.message, /unrecognised event/);
    const none = await h.generate(null);
    assert.match(none.message, /unrecognised event/);
  });

  it("a nested-quantifier regex is safe on the linear-time engine: answered, not refused", async () => {
    const out = await h.validate({ schema: field({ type: "string", pattern: "^(a+)+$" }) }, gatewayContext("validateSchema"));
    assert.equal(out.valid, true);
  });

  it("validateSchema says a root that is not an object cannot be generated (rule root-is-object)", async () => {
    for (const schema of [{ minimum: 0 }, { type: ["object", "null"], properties: { a: { type: "string" } } }]) {
      const out = await h.validate({ schema }, gatewayContext("validateSchema"));
      assert.equal(out.valid, false, JSON.stringify(out));
      assert.ok(out.errors.some((e: { rule: string }) => e.rule === "root-is-object"), JSON.stringify(out.errors));
    }
    const fine = await h.validate({ schema: { properties: { a: { type: "string" } } } }, gatewayContext("validateSchema"));
    assert.ok(!fine.errors.some((e: { rule: string }) => e.rule === "root-is-object"), "object keywords without a type still describe objects");
  });

  it("validateSchema names an x-faker method that faker lacks, before any job is made", async () => {
    const out = await h.validate({ schema: field({ type: "string", "x-faker": "person.nope" }) }, gatewayContext("validateSchema"));
    assert.equal(out.valid, false, JSON.stringify(out));
    assert.ok(out.errors.some((e: { message: string }) => e.message.includes('faker has no method "person.nope"')), JSON.stringify(out.errors));
  });

  it("session attributes that fit are echoed; ones that do not are dropped, not the answer", async () => {
    const small = await h.generate(classicBase({ apiPath: "/nowhere", sessionAttributes: { user: "u1" } }));
    assert.deepEqual(small.sessionAttributes, { user: "u1" });
    const big = await h.generate(classicBase({ apiPath: "/nowhere", sessionAttributes: { big: MB } }));
    assert.equal(big.sessionAttributes, undefined);
    assert.equal(big.response.httpStatusCode, 404);
  });

  it("after the whole corpus: nothing in S3, no job in the table", async () => {
    assert.deepEqual(await h.listKeys(), []);
    assert.deepEqual(await h.scanJobs(), []);
  });
});
