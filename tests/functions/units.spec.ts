import "./quiet";
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { gatewayToolName, routeClassic } from "../../functions/shared/adapters";
import { loadConfig } from "../../functions/shared/config";
import { ConfigurationError, MethodNotAllowedError, NotFoundError, toErrorResponse, RequestValidationError } from "../../functions/shared/errors";
import { dataFileKey, generationFolder, resolveDataLocation } from "../../functions/shared/locations";
import { coerceArgument, looksLikeJavaToString } from "../../functions/shared/requests";
import { fitResponse } from "../../functions/shared/responseSize";
import { generationIdFor } from "../../functions/shared/jobs";
import { tee } from "../../functions/shared/tee";
import { inCallRows, requestCost } from "../../functions/shared/requestCost";
import { normaliseSchema } from "../../functions/engine/schema";
import { TRANSITIONS } from "../../functions/shared/jobs";

describe("agent functions: pure parts", () => {
  it("reads the gateway tool name from custom or Custom and strips through the first ___", () => {
    const ctx = (custom: Record<string, unknown>, key = "custom") => ({ clientContext: { [key]: custom } } as never);
    assert.equal(gatewayToolName(ctx({ bedrockAgentCoreToolName: "generate-target___generateSyntheticData" })), "generateSyntheticData");
    assert.equal(gatewayToolName(ctx({ bedrockAgentCoreToolName: "t___a___b" }, "Custom")), "a___b");
    assert.equal(gatewayToolName(ctx({ bedrockAgentCoreToolName: "getGeneration" })), "getGeneration");
    assert.equal(gatewayToolName(ctx({})), undefined);
    assert.equal(gatewayToolName(undefined), undefined);
  });

  it("routes classic paths (template or concrete) and tells 404 from 405", () => {
    assert.equal(routeClassic("generate", "/generations/{generation_id}", "GET").op.operationId, "getGeneration");
    const concrete = routeClassic("generate", "/generations/abc", "get");
    assert.deepEqual(concrete.pathParams, { generation_id: "abc" });
    assert.throws(() => routeClassic("generate", "/nope", "GET"), NotFoundError);
    assert.throws(() => routeClassic("generate", "/generate-synthetic-data", "PUT"), MethodNotAllowedError);
    assert.throws(() => routeClassic("validate", "/generate-synthetic-data", "POST"), NotFoundError);
  });

  it("recognises Java toString text and coerces classic string values", () => {
    assert.ok(looksLikeJavaToString("{itemName=item1, quantity=2}"));
    assert.ok(!looksLikeJavaToString("{\"a\":\"b=c\"}"));
    assert.ok(looksLikeJavaToString("[GDPR, HIPAA]"));
    assert.ok(!looksLikeJavaToString("[\"GDPR\"]"));
    assert.deepEqual(coerceArgument("s", "{\"a\":1}", { type: "object" }), { a: 1 });
    assert.equal(coerceArgument("v", " 42 ", { type: "integer" }), 42);
    assert.equal(coerceArgument("v", "lots", { type: "integer" }), "lots");
    assert.equal(coerceArgument("b", "true", { type: "boolean" }), true);
    assert.throws(() => coerceArgument("s", "{a=1}", { type: "object" }), /must be sent as JSON text/);
  });

  it("error bodies: 4xx carry the message, anything else is an opaque 500", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    assert.deepEqual(toErrorResponse(new RequestValidationError("volume must be >= 1", { field: "volume" }), now), {
      status: 400,
      body: { error: "RequestValidationError", message: "volume must be >= 1", details: { field: "volume" }, timestamp: "2026-01-01T00:00:00.000Z" },
    });
    const internal = toErrorResponse(new Error("password=hunter2"), now);
    assert.equal(internal.status, 500);
    assert.doesNotMatch(internal.body.message, /hunter2/);
  });

  it("locations: inside the bucket and prefix only", () => {
    const ok = resolveDataLocation("s3://b/generated-data/dev/x/data.csv", "b", "generated-data/dev/");
    assert.deepEqual(ok, { bucket: "b", key: "generated-data/dev/x/data.csv" });
    assert.deepEqual(resolveDataLocation("generated-data/dev/a.jsonl", "b", "generated-data/dev/").key, "generated-data/dev/a.jsonl");
    for (const bad of ["s3://c/generated-data/dev/a", "generated-data/dev/../prod/a", "generated-data/prod/a", "generated-data/dev/",
      "generated-data/dev//a", "generated-data/dev/a\\..\\b", "file:///etc/passwd", "generated-data/dev/%2E%2E/x"]) {
      assert.throws(() => resolveDataLocation(bad, "b", "generated-data/dev/"), /location/, bad);
    }
    fc.assert(fc.property(fc.string(), (tail) => {
      try {
        const r = resolveDataLocation(`generated-data/dev/${tail}`, "b", "generated-data/dev/");
        return r.key.startsWith("generated-data/dev/") && !decodeURIComponent(r.key).split("/").includes("..");
      } catch {
        return true;
      }
    }));
  });

  it("keys: date folders, data or part files", () => {
    const folder = generationFolder("generated-data/dev/", "id-1", new Date("2026-03-04T23:59:00Z"));
    assert.equal(folder, "generated-data/dev/2026/03/04/id-1/");
    assert.equal(dataFileKey(folder, "parquet"), `${folder}data.parquet`);
    assert.equal(dataFileKey(folder, "csv", { index: 7, count: 9 }), `${folder}part-00007.csv`);
  });

  it("configuration is checked at start-up, naming every missing variable", () => {
    assert.throws(() => loadConfig({}), (e: Error) => e instanceof ConfigurationError && /DATA_BUCKET, GENERATIONS_TABLE, ENVIRONMENT/.test(e.message));
    assert.throws(() => loadConfig({ DATA_BUCKET: "b", GENERATIONS_TABLE: "t", ENVIRONMENT: "dev", SYNC_ROW_LIMIT: "many" }), /SYNC_ROW_LIMIT must be a positive integer/);
    const c = loadConfig({ DATA_BUCKET: "b", GENERATIONS_TABLE: "t", ENVIRONMENT: "dev" });
    assert.equal(c.dataPrefix, "generated-data/dev/");
    assert.equal(c.maxVolume, 1_000_000);
  });

  it("the in-call cut-over shrinks for wide records and for large ones", () => {
    const props = (n: number, extra: Record<string, unknown> = {}) => ({
      type: "object", properties: Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, { type: "string", ...extra }])),
    });
    const rows = (schema: unknown) => inCallRows(requestCost(normaliseSchema(schema).schema, 1), 50_000);
    assert.equal(rows(props(5)), 50_000);
    assert.equal(rows(props(10)), 50_000);
    assert.equal(rows(props(50)), 10_000);
    assert.equal(rows({ type: "object", properties: { a: props(19) } }), 26_315, "nested fields count");
    // Two fields of 10,000 characters: about 50 reference rows' worth each.
    assert.ok(rows(props(2, { minLength: 10_000, maxLength: 10_000 })) < 1_000);
  });

  it("job state machine: only pending -> processing -> completed | failed", () => {
    assert.deepEqual(TRANSITIONS, { pending: ["processing", "failed"], processing: ["completed", "failed"], completed: [], failed: [] });
  });

  it("generation ids: same request key, same id; UUID-shaped", () => {
    assert.equal(generationIdFor("key:a"), generationIdFor("key:a"));
    assert.notEqual(generationIdFor("key:a"), generationIdFor("key:b"));
    assert.match(generationIdFor("key:a"), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("fitResponse keeps any body under the budget, trimming lists first", () => {
    fc.assert(fc.property(fc.array(fc.dictionary(fc.string(), fc.string({ maxLength: 3000 })), { maxLength: 60 }), fc.string({ maxLength: 40_000 }), (rows, note) => {
      const fitted = fitResponse({ generation_id: "x", sample: rows, note });
      return Buffer.byteLength(JSON.stringify(fitted)) <= 16 * 1024 && fitted.generation_id === "x";
    }), { numRuns: 50 });
  });

  it("tee gives every consumer every item, in order", async () => {
    async function* numbers() { for (let i = 0; i < 1000; i++) yield i; }
    const [a, b] = tee(numbers(), 2);
    const collect = async (it: AsyncIterable<number>) => { const out: number[] = []; for await (const v of it) out.push(v); return out; };
    const [x, y] = await Promise.all([collect(a!), collect(b!)]);
    assert.equal(x.length, 1000);
    assert.deepEqual(x, y);
  });
});
