import { strict as assert } from "node:assert";
import { Validator } from "@cfworker/json-schema";
import fc from "fast-check";
import { generateToStream, prepareGeneration } from "../../../functions/engine/generate";
import type { JsonSchemaObject } from "../../../functions/engine/schema/types";

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

// ---- a generator of satisfiable schemas -----------------------------------------------------------

const integerSchema = fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 500 }), fc.constantFrom(undefined, 2, 5))
  .map(([min, span, multipleOf]): JsonSchemaObject => ({ type: "integer", minimum: min, maximum: min + span + (multipleOf ?? 0), ...(multipleOf ? { multipleOf } : {}) }));
const numberSchema = fc.tuple(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: 0.5, max: 1e4, noNaN: true }), fc.boolean())
  .map(([min, span, exclusive]): JsonSchemaObject => (exclusive
    ? { type: "number", exclusiveMinimum: min, exclusiveMaximum: min + span }
    : { type: "number", minimum: min, maximum: min + span, multipleOf: 0.01 }));
const stringSchema = fc.oneof(
  fc.tuple(fc.nat(10), fc.nat(20)).map(([min, span]): JsonSchemaObject => ({ type: "string", minLength: min, maxLength: min + span })),
  fc.constantFrom<JsonSchemaObject>(
    { type: "string", format: "email" }, { type: "string", format: "date" }, { type: "string", format: "date-time" },
    { type: "string", format: "uuid" }, { type: "string", format: "ipv4" }, { type: "string", format: "uri" },
    { type: "string", pattern: "^[A-Z]{2}-\\d{3,5}$" }, { type: "string", pattern: "^(red|green|blue)$" },
    { type: "string", format: "date", formatMinimum: "2020-01-01", formatMaximum: "2020-12-31" },
  ),
);
const enumSchema = fc.uniqueArray(fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null)), { minLength: 1, maxLength: 5, selector: (v) => JSON.stringify(v) })
  .map((values): JsonSchemaObject => ({ enum: values }));
const scalar = fc.oneof(integerSchema, numberSchema, stringSchema, enumSchema, fc.constant<JsonSchemaObject>({ type: "boolean" }), fc.constant<JsonSchemaObject>({ type: ["string", "null"], maxLength: 4 }));

const { schema: anySchema } = fc.letrec<{ schema: JsonSchemaObject; object: JsonSchemaObject; array: JsonSchemaObject; combo: JsonSchemaObject }>((tie) => ({
  schema: fc.oneof({ depthSize: "small", withCrossShrink: true }, scalar, tie("object"), tie("array"), tie("combo")),
  object: fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{0,8}$/), tie("schema"), { maxKeys: 5 })
    .chain((properties) => fc.tuple(fc.constant(properties), fc.subarray(Object.keys(properties)), fc.boolean()))
    .map(([properties, required, closed]): JsonSchemaObject => ({ type: "object", properties, required, ...(closed ? { additionalProperties: false } : {}) })),
  array: fc.tuple(tie("schema"), fc.nat(3), fc.nat(3))
    .map(([items, min, span]): JsonSchemaObject => ({ type: "array", items, minItems: min, maxItems: min + span })),
  combo: fc.oneof(
    fc.tuple(integerSchema, stringSchema).map(([a, b]): JsonSchemaObject => ({ oneOf: [a, b] })),
    fc.tuple(tie("schema"), tie("schema")).map(([a, b]): JsonSchemaObject => ({ anyOf: [a, b] })),
    fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 })).map(([lo, span]): JsonSchemaObject => ({ allOf: [{ type: "integer", minimum: lo }, { maximum: lo + span }] })),
    fc.constant<JsonSchemaObject>({ type: "object", properties: { n: { $ref: "#/$defs/n" } }, required: ["n"] }),
    stringSchema.map((s): JsonSchemaObject => ({ ...s, not: { const: "~" } })), // satisfiable whatever the lengths
  ),
}));

/** Random schemas; `#/$defs/n` (a random integer schema) is what their `$ref`s point at. */
const schemaArb = fc.tuple(anySchema, integerSchema).map(([schema, n]): JsonSchemaObject => ({ ...schema, $defs: { n } }));

describe("generator properties (fast-check)", function () {
  this.timeout(60_000);

  it("every generated row of a random schema validates with an independent validator", () => {
    fc.assert(fc.property(schemaArb, fc.integer(), (schema, seed) => {
      const validator = new Validator(schema as object, "2020-12", false);
      for (const row of prepareGeneration({ schema, rows: 15, seed, format: "jsonl" }).rows()) {
        const result = validator.validate(row as never);
        if (!result.valid) throw new Error(`invalid row ${JSON.stringify(row)}: ${JSON.stringify(result.errors.slice(0, 2))}`);
      }
    }), { numRuns: 120 });
  });

  it("the same seed gives identical bytes and a different seed gives different bytes", async () => {
    await fc.assert(fc.asyncProperty(schemaArb.filter((s) => s.type === "object" && Object.keys(s.properties as object).length > 0), fc.string(), async (schema, seed) => {
      const a = await bytesOf(generateToStream({ schema, rows: 30, seed, format: "jsonl" }));
      const b = await bytesOf(generateToStream({ schema, rows: 30, seed, format: "jsonl" }));
      assert.ok(a.equals(b), "same seed, different bytes");
    }), { numRuns: 25 });
    const schema = { type: "object", properties: { id: { type: "string", format: "uuid" }, n: { type: "integer" } }, required: ["id", "n"] };
    const one = await bytesOf(generateToStream({ schema, rows: 20, seed: 1, format: "jsonl" }));
    const two = await bytesOf(generateToStream({ schema, rows: 20, seed: 2, format: "jsonl" }));
    assert.ok(!one.equals(two));
  });

  it("shards split the rows exactly and concatenate to a reproducible whole", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 1, max: 7 }), fc.string(), (rows, count, seed) => {
      const schema = { fields: [{ name: "id", type: "uuid" as const }, { name: "email", type: "email" as const }] };
      const whole = () => Array.from({ length: count }, (_, index) =>
        [...prepareGeneration({ schema, rows, seed, format: "jsonl", shard: { index, count } }).rows()]).flat();
      const first = whole();
      assert.equal(first.length, rows);
      assert.deepEqual(whole(), first);
      if (count > 1 && rows > count) {
        const shard0 = [...prepareGeneration({ schema, rows, seed, format: "jsonl", shard: { index: 0, count } }).rows()];
        const shard1 = [...prepareGeneration({ schema, rows, seed, format: "jsonl", shard: { index: 1, count } }).rows()];
        assert.notDeepEqual(shard0[0], shard1[0], "shards must use different derived seeds");
      }
    }), { numRuns: 40 });
  });

  it("plan.rows() starts over on each call", () => {
    const plan = prepareGeneration({ schema: { type: "object", properties: { x: { type: "integer" } }, required: ["x"] }, rows: 10, seed: "s", format: "json" });
    assert.deepEqual([...plan.rows()], [...plan.rows()]);
  });
});
