// Property-based fuzzing of the agent functions through both adapters (Agents Classic events and AgentCore
// gateway tool calls) against the real local stand-ins. Whatever arrives, the answer is well formed (a
// classic envelope or a JSON object), never a 5xx for the caller's input, under 25 KB, and a refused
// request leaves nothing in S3 or the table. Run counts: FUZZ_RUNS scales them, FUZZ_SEED replays a run.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { startHarness, USER_PROFILE, type Harness } from "./harness";
import { classicEvent, gatewayContext } from "../../functions/local/events";
import type { OperationId } from "../../functions/contract/operations";
import {
  anySchemaArb, deepValue, fieldListArb, generateRequestArb, hostileJson, hostileString, jsonSchemaArb, objectFromEntries,
  objectSchemaArb, plausibleRequestArb, POLLUTION_KEYS, wrongValue,
} from "./fuzzArbitraries";

const MAX_ANSWER_BYTES = 25 * 1024;
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number): fc.Parameters<unknown> => ({
  numRuns: Math.max(1, Math.round(n * SCALE)),
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});

type Fn = "generate" | "validate" | "metrics";
const FUNCTION_OF: Record<Exclude<OperationId, "retrieveKnowledge">, Fn> = {
  generateSyntheticData: "generate", getGeneration: "generate", validateSchema: "validate", calculateQualityMetrics: "metrics",
};
const OPS = Object.keys(FUNCTION_OF) as Array<keyof typeof FUNCTION_OF>;
const VALID: Record<keyof typeof FUNCTION_OF, Record<string, unknown>> = {
  generateSyntheticData: { data_type: "user_profile", volume: 2, schema: USER_PROFILE, output_format: "jsonl", seed: 7 },
  getGeneration: { generation_id: "11111111-2222-4333-8444-555555555555" },
  validateSchema: { schema: USER_PROFILE, compliance_requirements: ["GDPR"], volume: 10 },
  calculateQualityMetrics: { data_location: "generated-data/test/none.jsonl", schema: USER_PROFILE, format: "jsonl" },
};

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
const brief = (v: unknown) => {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
};

/** Status and body of any answer, after checking it is well formed for its runtime. */
function readAnswer(out: unknown, runtime: "classic" | "gateway"): { status: number; body: Record<string, unknown> } {
  assert.ok(bytes(out) < MAX_ANSWER_BYTES, `answer of ${bytes(out)} bytes: ${brief(out)}`);
  if (runtime === "classic") {
    const envelope = out as { messageVersion?: string; response?: { httpStatusCode?: unknown; responseBody?: { "application/json"?: { body?: unknown } } } };
    assert.equal(envelope.messageVersion, "1.0", brief(out));
    const status = envelope.response?.httpStatusCode;
    assert.ok(Number.isInteger(status) && (status as number) >= 200 && (status as number) <= 599, brief(out));
    const text = envelope.response?.responseBody?.["application/json"]?.body;
    assert.equal(typeof text, "string", brief(out));
    const body = JSON.parse(text as string) as Record<string, unknown>;
    assert.ok(typeof body === "object" && body !== null && !Array.isArray(body), brief(out));
    checkBody(status as number, body);
    return { status: status as number, body };
  }
  assert.ok(typeof out === "object" && out !== null && !Array.isArray(out), `gateway answer not an object: ${brief(out)}`);
  const body = out as Record<string, unknown>;
  const status = typeof body.error === "string" ? (body.error === "InternalError" ? 500 : 400) : 200;
  checkBody(status, body);
  return { status, body };
}

function checkBody(status: number, body: Record<string, unknown>): void {
  assert.ok(status < 500, `a 5xx for the caller's input: ${brief(body)}`);
  if (status >= 400) {
    assert.equal(typeof body.error, "string", brief(body));
    assert.ok(typeof body.message === "string" && body.message.length > 0, brief(body));
    assert.ok(!Number.isNaN(Date.parse(String(body.timestamp))), brief(body));
  }
}

describe("fuzzing both adapters (property-based)", function () {
  let h: Harness;
  let prototypeKeys: string[];
  before(async function () {
    prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    h = await startHarness();
  });
  after(async () => h?.stop());

  // What accepted requests may leave behind: their generation folders, jobs and quality-report folders.
  // Anything else in the bucket or the table after a property run came from a refused request.
  const accepted = new Set<string>();
  function noteAccepted(answer: { status: number; body: Record<string, unknown> }): void {
    if (answer.status >= 400) return;
    if (typeof answer.body.generation_id === "string") accepted.add(answer.body.generation_id);
    if (typeof answer.body.report_location === "string") accepted.add(answer.body.report_location.split("/").slice(-2)[0]!);
  }
  async function assertNothingLeftByRefusals(): Promise<void> {
    const orphanKeys = (await h.listKeys()).filter((k) => !k.split("/").some((segment) => accepted.has(segment)));
    const orphanJobs = (await h.scanJobs()).filter((j) => !accepted.has(j.generation_id)).map((j) => `${j.generation_id} ${j.status}`);
    assert.deepEqual({ orphanKeys, orphanJobs }, { orphanKeys: [], orphanJobs: [] }, "a refused request left objects or jobs behind");
  }
  async function check(property: fc.IAsyncProperty<any>, numRuns: number): Promise<void> {
    await fc.assert(property, runs(numRuns));
    await assertNothingLeftByRefusals();
  }

  /** Sends `args` as gateway arguments and (when an object) as a classic event; checks both answers. */
  async function sendBoth(op: keyof typeof FUNCTION_OF, args: unknown, tag: string): Promise<Array<{ status: number; body: Record<string, unknown> }>> {
    const fn = FUNCTION_OF[op];
    const answers = [readAnswer(await h[fn](args, gatewayContext(op)), "gateway")];
    if (typeof args === "object" && args !== null && !Array.isArray(args)) {
      const event = classicEvent(op, args as Record<string, unknown>, { sessionId: `fuzz-${tag}-${Math.random()}` });
      answers.push(readAnswer(await h[fn](event), "classic"));
    }
    answers.forEach(noteAccepted);
    return answers;
  }

  it("arbitrary JSON as the whole argument object of every tool (300 runs)", async () => {
    await check(fc.asyncProperty(fc.constantFrom(...OPS), hostileJson, async (op, args) => {
      await sendBoth(op, args, "whole");
    }), 300);
  });

  it("valid requests with one field replaced by a hostile value, or a hostile extra key (300 runs)", async () => {
    const mutation = fc.record({
      op: fc.constantFrom(...OPS),
      field: fc.oneof(fc.constantFrom("data_type", "volume", "schema", "output_format", "seed", "compliance_requirements",
        "reference_data_location", "idempotency_key", "generation_id", "data_location", "format", "volume"), fc.constantFrom(...POLLUTION_KEYS)),
      value: wrongValue,
    });
    await check(fc.asyncProperty(mutation, async ({ op, field, value }) => {
      const args = objectFromEntries([...Object.entries(VALID[op]).filter(([k]) => k !== field), [field, value]]);
      const answers = await sendBoth(op, args, "mutated");
      if (POLLUTION_KEYS.includes(field) && !(field in VALID[op])) {
        for (const a of answers) assert.ok(a.status >= 400, `unknown key ${field} accepted: ${brief(a.body)}`);
      }
    }), 300);
  });

  it("classic property values that are not JSON text, numbers or booleans in disguise (200 runs)", async () => {
    await check(fc.asyncProperty(fc.constantFrom(...OPS), fc.constantFrom("volume", "schema", "seed", "compliance_requirements", "generation_id", "format"), hostileString, async (op, name, text) => {
      const event = classicEvent(op, VALID[op], { sessionId: `fuzz-text-${Math.random()}` });
      const props = event.requestBody?.content?.["application/json"]?.properties ?? event.parameters!;
      const existing = props.find((p) => p.name === name);
      if (existing) existing.value = text;
      else props.push({ name, type: "string", value: text });
      noteAccepted(readAnswer(await h[FUNCTION_OF[op]](event), "classic"));
    }), 200);
  });

  it("random JSON Schemas and field lists: validateSchema answers, never fails (300 runs)", async () => {
    await check(fc.asyncProperty(anySchemaArb, async (schema) => {
      for (const a of await sendBoth("validateSchema", { schema }, "validate")) {
        if (a.status === 200) assert.equal(typeof a.body.valid, "boolean", brief(a.body));
      }
    }), 300);
  });

  it("random JSON Schemas and field lists: generateSyntheticData refuses with 4xx or completes (150 runs)", async function () {
    await check(fc.asyncProperty(generateRequestArb, async (request) => {
      const answer = readAnswer(await h.generate(request, gatewayContext("generateSyntheticData")), "gateway");
      noteAccepted(answer);
      const { status, body } = answer;
      if (status >= 400) return;
      // Accepted: a small job finishes within the call; a failure after acceptance means a check let it through.
      assert.equal(body.status, "completed", `accepted, then ${String(body.status)}: ${brief(body.errors)} for ${brief(request.schema)}`);
      assert.equal(body.records_generated, request.volume);
    }), 150);
  });

  it("plausible schemas in every format: generated, written, read back and measured valid (100 runs)", async () => {
    // Every writer/reader pair sees nested objects, arrays, enums of mixed types, nulls, formats and patterns.
    await check(fc.asyncProperty(plausibleRequestArb, async (request) => {
      const answer = readAnswer(await h.generate(request, gatewayContext("generateSyntheticData")), "gateway");
      noteAccepted(answer);
      const { body } = answer;
      assert.equal(body.status, "completed", `${brief(body)} for ${brief(request.schema)}`);
      const metrics = body.data_quality_metrics as Record<string, unknown>;
      assert.equal(metrics.row_count, request.volume);
      assert.equal(metrics.validity_score, 1, `${request.output_format}: ${brief(body.warnings)} for ${brief(request.schema)}`);
    }), 100);
  });

  it("random field lists and schemas as the schema of a data set to measure (100 runs)", async () => {
    await check(fc.asyncProperty(fc.oneof(fieldListArb, objectSchemaArb, jsonSchemaArb), async (schema) => {
      await sendBoth("calculateQualityMetrics", { data_location: "generated-data/test/none.jsonl", schema }, "metrics");
    }), 100);
  });

  it("hostile stored files as a data set to measure and as a generation's reference (100 runs)", async () => {
    // Uploaded files are the caller's own data: only what the functions write on refusal would be an orphan.
    accepted.add("fuzz-files");
    const record = fc.array(fc.tuple(fc.constantFrom("id", "email", "age", "balance", "status", "__proto__", "constructor", "x"), hostileJson), { maxLength: 6 })
      .map((entries) => JSON.stringify(objectFromEntries(entries)));
    const line = fc.oneof(record, record, hostileJson.map((v) => JSON.stringify(v) ?? ""), hostileString, fc.constantFrom("a,b", "1,2,3", "\"open", "PAR1", "{}", "[]"));
    const content = fc.oneof(
      fc.tuple(fc.array(line, { maxLength: 6 }), fc.constantFrom("\n", "\r\n", "\r")).map(([lines, end]) => lines.join(end)),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1")),
      fc.constantFrom("", "PAR1\u0000\u0000PAR1", "id,email\n1,a@b.c\n2", "[{\"id\":1}, 2]", "{\"id\":\"x\"}\n{\"id\":", "\ufeffid\n1\n"),
    );
    let n = 0;
    await check(fc.asyncProperty(content, fc.constantFrom("csv", "jsonl", "json", "parquet"), fc.constantFrom<unknown>(USER_PROFILE, { fields: [{ name: "id", type: "integer" }] }),
      async (text, ext, schema) => {
        const key = `generated-data/test/fuzz-files/${n++}.${ext}`;
        await h.s3.send(new PutObjectCommand({ Bucket: h.stack.bucket, Key: key, Body: Buffer.from(text, "latin1") }));
        const measured = readAnswer(await h.metrics({ data_location: key, schema }, gatewayContext("calculateQualityMetrics")), "gateway");
        noteAccepted(measured);
        const generated = readAnswer(await h.generate({ ...VALID.generateSyntheticData, schema, reference_data_location: key }, gatewayContext("generateSyntheticData")), "gateway");
        noteAccepted(generated);
        if (generated.status < 400) assert.equal(generated.body.status, "completed", `reference ${brief(text)}: ${brief(generated.body.errors)}`);
      }), 100);
  });

  it("deep nesting anywhere in the arguments (100 runs)", async () => {
    await check(fc.asyncProperty(fc.constantFrom(...OPS), fc.constantFrom("schema", "volume", "compliance_requirements", "extra"), deepValue, async (op, field, value) => {
      await sendBoth(op, { ...VALID[op], [field]: value }, "deep");
    }), 100);
  });

  it("classic events with missing, extra, duplicated or odd parts (300 runs)", async () => {
    const param = fc.record({
      name: fc.oneof(fc.constantFrom("data_type", "volume", "schema", "output_format", "seed", "generation_id", ...POLLUTION_KEYS), fc.string({ maxLength: 10 })),
      type: fc.oneof(fc.constantFrom("string", "integer", "number", "boolean", "object", "array"), fc.string({ maxLength: 5 })),
      value: hostileJson,
    }, { requiredKeys: [] });
    const odd = fc.record({
      op: fc.constantFrom(...OPS),
      messageVersion: fc.oneof(fc.constant("1.0"), hostileJson),
      apiPath: fc.oneof(fc.constantFrom("/generate-synthetic-data", "/generations/{generation_id}", "/generations/", "/generations/%E0%A4%A",
        "/generations/11111111-2222-4333-8444-555555555555", "/validate-schema", "/calculate-quality-metrics", "/GENERATE-SYNTHETIC-DATA",
        "/generate-synthetic-data/", "generate-synthetic-data", "/generations/a/b", "/generations/..%2F..%2Fetc"), hostileJson),
      httpMethod: fc.oneof(fc.constantFrom("GET", "POST", "post", "PUT", "DELETE", "HEAD", ""), hostileJson),
      parameters: fc.oneof(fc.array(fc.oneof(param, hostileJson), { maxLength: 4 }), hostileJson),
      requestBody: fc.oneof(
        fc.array(fc.tuple(fc.constantFrom("application/json", "text/plain", "application/xml", "application/JSON", "", "__proto__"),
          fc.oneof(fc.record({ properties: fc.oneof(fc.array(fc.oneof(param, hostileJson), { maxLength: 5 }), hostileJson) }), hostileJson)),
        { maxLength: 2 }).map((entries) => ({ content: objectFromEntries(entries) })),
        hostileJson,
      ),
      sessionAttributes: fc.oneof(fc.constant({}), hostileJson),
      actionGroup: fc.oneof(fc.constant("generation"), hostileJson),
      inputText: fc.oneof(fc.constant("call"), hostileJson),
      sessionId: fc.oneof(fc.constant("s"), hostileJson),
      drop: fc.subarray(["messageVersion", "apiPath", "httpMethod", "parameters", "requestBody", "actionGroup", "sessionId"]),
    });
    await check(fc.asyncProperty(odd, async ({ op, drop, ...parts }) => {
      const event: Record<string, unknown> = { ...classicEvent(op, VALID[op], { sessionId: `fuzz-odd-${Math.random()}` }), ...parts };
      for (const key of drop) delete event[key];
      const out = await h[FUNCTION_OF[op]](event);
      const isClassic = "messageVersion" in event && ("apiPath" in event || "actionGroup" in event);
      noteAccepted(readAnswer(out, isClassic ? "classic" : "gateway"));
    }), 300);
  });

  it("gateway contexts with missing or odd tool names (200 runs)", async () => {
    const toolName = fc.oneof(
      fc.constantFrom("t___generateSyntheticData", "generateSyntheticData", "___", "a___b___validateSchema", "t___", "t___GENERATESYNTHETICDATA",
        "t___retrieveKnowledge", "t_____proto__", "t___constructor", "t___toString", "t___hasOwnProperty", " t___validateSchema"),
      hostileJson,
    );
    const context = fc.oneof(
      fc.record({ clientContext: fc.record({ custom: fc.record({ bedrockAgentCoreToolName: toolName, bedrockAgentCoreMcpMessageId: hostileJson, bedrockAgentCoreGatewayId: hostileJson }, { requiredKeys: [] }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      fc.record({ clientContext: fc.record({ Custom: fc.record({ bedrockAgentCoreToolName: toolName }) }) }),
      fc.record({ clientContext: hostileJson }),
      hostileJson.map((v) => (typeof v === "object" && v !== null ? v : undefined)),
    );
    await check(fc.asyncProperty(fc.constantFrom<Fn>("generate", "validate", "metrics"), context, fc.oneof(hostileJson, fc.constantFrom(...Object.values(VALID))), async (fn, ctx, args) => {
      noteAccepted(readAnswer(await h[fn](args, ctx), "gateway"));
    }), 200);
  });

  it("no fuzzed request polluted Object.prototype", () => {
    assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), prototypeKeys);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
