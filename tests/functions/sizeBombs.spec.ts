// Cheap requests for huge work: every one is costed before it runs and refused (413) when it is beyond the
// stack's ceilings, naming the field that makes it huge and the setting that limits it; nothing is created.
// Requests nested thousands deep are a 4xx, whatever the runtime. Accepted requests run inside the call or
// in the background by their estimated work, and validateSchema says when one row is huge.
import { strict as assert } from "node:assert";
import { startHarness, USER_PROFILE, type Harness } from "./harness";
import { classicBody, classicEvent, gatewayContext } from "../../functions/local/events";
import { estimateRowCost, patternLength } from "../../functions/engine/generate/cost";
import { normaliseSchema } from "../../functions/engine/schema";
import { inCallRows, requestCost } from "../../functions/shared/requestCost";
import { DEFAULT_LIMITS } from "../../functions/shared/config";

const matrix = (items: Record<string, unknown>) => ({
  type: "object",
  properties: { id: { type: "integer" }, matrix: { type: "array", minItems: 10_000, items: { type: "array", minItems: 10_000, items } } },
  required: ["id", "matrix"],
});
const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);

describe("size bombs and deep nesting", function () {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.stop());

  async function assertNothingCreated(before: { jobs: number; keys: number }): Promise<void> {
    assert.equal((await h.scanJobs()).length, before.jobs, "no job created");
    assert.equal((await h.listKeys()).length, before.keys, "nothing stored");
  }
  const counts = async () => ({ jobs: (await h.scanJobs()).length, keys: (await h.listKeys()).length });

  it("one row with a 10,000 x 10,000 array (a 300-byte request): 413 naming the field and maxValueKb, before any row exists", async () => {
    const before = await counts();
    for (const items of [{ type: "integer", minimum: 0, maximum: 9 }, { type: "string", minLength: 8, maxLength: 8 }]) {
      const request = { data_type: "custom", volume: 1, schema: matrix(items), output_format: "jsonl" };
      assert.ok(JSON.stringify(request).length < 400);
      const { status, body } = classicBody(await h.generate(classicEvent("generateSyntheticData", request)));
      assert.equal(status, 413, JSON.stringify(body));
      assert.equal(body.error, "PayloadTooLargeError");
      assert.match(body.message, /field "matrix" would be about [\d.]+ (MiB|GiB) in each row; this stack accepts at most 256 KiB per value \(setting maxValueKb\)/);
      assert.equal(body.details.path, "matrix");
      assert.equal(body.details.limit, "maxValueKb");
    }
    await assertNothingCreated(before);
  });

  it("50,000 rows of 100,000-character strings (about 5 GB): 413 naming volume, the field and maxRequestMb, with the volume that fits", async () => {
    const before = await counts();
    const schema = { type: "object", properties: { id: { type: "string", format: "uuid" }, bio: { type: "string", minLength: 100_000, maxLength: 100_000 } } };
    const out = await h.generate({ data_type: "custom", volume: 50_000, schema, output_format: "csv" }, gatewayContext("generateSyntheticData"));
    assert.equal(out.error, "PayloadTooLargeError");
    assert.match(out.message, /^volume: 50,000 rows of about 9\d(\.\d)? KiB each \(mostly field "bio"\) would be about 4\.\d GiB; this stack accepts at most 2 GiB per request \(setting maxRequestMb\): ask for at most 2\d,\d{3} rows$/);
    assert.equal(out.details.field, "volume");
    await assertNothingCreated(before);
  });

  it("a row over the per-row ceiling (many fields of long strings): 413 naming the heaviest field and maxRowKb", async () => {
    const properties = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`text_${i}`, { type: "string", minLength: i === 7 ? 90_000 : 40_000 }]));
    const { status, body } = classicBody(await h.generate(classicEvent("generateSyntheticData", {
      data_type: "custom", volume: 10, schema: { type: "object", properties }, output_format: "json",
    })));
    assert.equal(status, 413);
    assert.match(body.message, /one row would be about 1\.\d MiB, mostly field "text_7" \(about 8\d(\.\d)? KiB\); this stack accepts at most 1 MiB per row \(setting maxRowKb\)/);
  });

  it("the ceilings are the stack's: raised per stack, the same requests are accepted", async () => {
    const raised = await startHarness({ MAX_VALUE_BYTES: String(64 * 1024 * 1024), MAX_ROW_BYTES: String(512 * 1024 * 1024) });
    try {
      const properties = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`text_${i}`, { type: "string", minLength: 40_000 }]));
      const out = await raised.generate({ data_type: "custom", volume: 3, schema: { type: "object", properties }, output_format: "jsonl" }, gatewayContext("generateSyntheticData"));
      assert.equal(out.status, "completed", JSON.stringify(out));
    } finally {
      await raised.stop();
    }
  });

  it("in the call or in the background by estimated work, not by the number of fields", async () => {
    const big = { type: "object", properties: { id: { type: "string", format: "uuid" }, notes: { type: "string", minLength: 20_000 } } };
    const cost = requestCost(normaliseSchema(big).schema, 2_000);
    assert.ok(inCallRows(cost, 50_000) < 2_000, `${inCallRows(cost, 50_000)} rows of it run in the call`);
    const heavy = await h.generate({ data_type: "custom", volume: 2_000, schema: big, output_format: "jsonl", seed: 1 }, gatewayContext("generateSyntheticData"));
    assert.equal(heavy.status, "processing", "2,000 rows of 20 KB (two fields) run in the background");
    const light = await h.generate({ data_type: "user_profile", volume: 2_000, schema: USER_PROFILE, output_format: "jsonl", seed: 1 }, gatewayContext("generateSyntheticData"));
    assert.equal(light.status, "completed", "2,000 rows of five short fields run in the call");
    await h.settle();
    const done = await h.generate({ generation_id: heavy.generation_id }, gatewayContext("getGeneration"));
    assert.equal(done.status, "completed", JSON.stringify(done.errors));
  });

  it("validateSchema: a row beyond the ceilings is an error saying generation refuses it; a huge row within them is a warning", async () => {
    const bomb = classicBody(await h.validate(classicEvent("validateSchema", { schema: matrix({ type: "integer", minimum: 0, maximum: 9 }) }))).body;
    assert.equal(bomb.valid, false);
    const error = bomb.errors.find((e: { rule: string }) => e.rule === "row-size");
    assert.ok(error, JSON.stringify(bomb.errors));
    assert.equal(error.field, "matrix");
    assert.match(error.message, /per value \(setting maxValueKb\).*generateSyntheticData refuses it/);

    const huge = { type: "object", properties: { id: { type: "integer" }, essay: { type: "string", minLength: 100_000 } } };
    const warned = classicBody(await h.validate(classicEvent("validateSchema", { schema: huge }))).body;
    assert.equal(warned.valid, true, JSON.stringify(warned.errors));
    const warning = warned.warnings.find((w: { rule: string }) => w.rule === "row-size");
    assert.ok(warning, JSON.stringify(warned.warnings));
    assert.match(warning.message, /one row can be about 9\d(\.\d)? KiB as JSON \(mostly field "essay"/);

    const tooMany = classicBody(await h.validate(classicEvent("validateSchema", { schema: huge, volume: 100_000 }))).body;
    assert.equal(tooMany.valid, false);
    assert.ok(tooMany.errors.some((e: { rule: string; message: string }) => e.rule === "request-size" && /setting maxRequestMb/.test(e.message)));

    const ordinary = classicBody(await h.validate(classicEvent("validateSchema", { schema: USER_PROFILE }))).body;
    assert.ok(!ordinary.warnings.some((w: { rule: string }) => w.rule === "row-size"));
  });

  it("a request nested 5,000 deep is a 400 on both runtimes (no stack overflow, no 500)", async () => {
    const deep = nested(5_000);
    const gateway = await h.generate({ data_type: "custom", volume: 1, schema: { type: "object", default: deep }, output_format: "json" }, gatewayContext("generateSyntheticData"));
    assert.equal(gateway.error, "RequestValidationError");
    assert.match(gateway.message, /nests arrays and objects more than 256 levels deep/);
    // The classic runtime sends objects as JSON text: built as text here (JSON.stringify itself overflows at this depth).
    const deepText = `{"type":"object","examples":${"[".repeat(5_000)}1${"]".repeat(5_000)}}`;
    const classic = classicBody(await h.validate(classicEvent("validateSchema", { schema: deepText })));
    assert.equal(classic.status, 400, JSON.stringify(classic.body));
    assert.match(classic.body.message, /more than 256 levels deep/);
  });
});

describe("the row cost estimate", () => {
  const rowOf = (schema: unknown) => estimateRowCost(normaliseSchema(schema).schema);

  it("follows the plan compiler's lengths: arrays near minItems, text near minLength, formats and patterns by their length", () => {
    const row = rowOf({
      type: "object",
      properties: {
        tags: { type: "array", minItems: 100, items: { type: "string", minLength: 10, maxLength: 10 } },
        id: { type: "string", format: "uuid" },
        code: { type: "string", pattern: "^[A-Z]{3}-\\d{4}$" },
      },
    });
    // 100..104 tags of 12 bytes (with quotes) and a comma each; a uuid of 38; a code of 10.
    assert.ok(row.bytes > 100 * 13 && row.bytes < 105 * 13 + 38 + 10 + 40, String(row.bytes));
    assert.equal(row.largestValue?.path, "tags");
    assert.ok(row.values >= 102 && row.values <= 106, String(row.values));
    assert.equal(row.depth, 2);
    assert.equal(patternLength("^[A-Z]{3}-\\d{4}$"), 8);
    assert.equal(patternLength("^(ab|cdef)+x?$"), 25);
  });

  it("takes the largest branch of alternatives, follows $ref, and stops at recursion", () => {
    const row = rowOf({
      $defs: { node: { type: "object", properties: { name: { type: "string", maxLength: 10 }, children: { type: "array", items: { $ref: "#/$defs/node" } } } } },
      type: "object",
      properties: {
        tree: { $ref: "#/$defs/node" },
        either: { anyOf: [{ type: "integer" }, { type: "string", minLength: 5_000 }] },
      },
    });
    assert.equal(row.heaviestField?.path, "either");
    assert.ok(row.bytes > 5_000 && row.bytes < 6_000, String(row.bytes));
  });

  it("costs a dependentSchemas conditional (a draft-07 `dependencies` schema) by its branches, without looping", () => {
    const { row } = requestCost(normaliseSchema({
      $schema: "http://json-schema.org/draft-07/schema#", type: "object", required: ["payment"], properties: { payment: { enum: ["card", "invoice"] } },
      dependencies: { payment: { if: { properties: { payment: { const: "invoice" } } }, then: { required: ["tax_id"], properties: { tax_id: { type: "string", minLength: 500 } } } } },
    }).schema, 1);
    assert.equal(row.heaviestField?.path, "tax_id");
    assert.ok(row.bytes > 500 && row.bytes < 700, String(row.bytes));
  });

  it("estimates the reference record near the size its rows really have", () => {
    const { row } = requestCost(normaliseSchema(USER_PROFILE).schema, 1);
    assert.ok(row.bytes >= 100 && row.bytes <= 400, String(row.bytes));
    assert.ok(row.bytes < DEFAULT_LIMITS.maxRowBytes);
  });
});
