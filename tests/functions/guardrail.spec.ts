// The stack's guardrail as the tool functions apply it on AgentCore (functions/shared/guardrail.ts), with a
// stub Bedrock client that records every ApplyGuardrail request and answers as the guardrail would.
import "./quiet";
import { strict as assert } from "node:assert";
import type { ApplyGuardrailCommand } from "@aws-sdk/client-bedrock-runtime";
import { createGenerateHandler } from "../../functions/generate/app";
import type { GenerationDeps } from "../../functions/generate/generation";
import { createRetrieveHandler } from "../../functions/retrieve/app";
import { createValidateHandler } from "../../functions/validate/app";
import { loadConfig } from "../../functions/shared/config";
import {
  chunks, createRequestGuard, GUARDRAIL_CHUNK_CHARS, guardOperations, requestGuardFromConfig, requestText, type GuardrailClient,
} from "../../functions/shared/guardrail";

const GUARDRAIL = { id: "abc123def456", version: "7" };
const BLOCKED_MESSAGE = "This request seems to contain real personal data (an id, card, account or credential).";
const SSN = "123-45-6789";

/** A stub of BedrockRuntimeClient: intervenes when the text holds the SSN, or fails when told to. */
function stubClient(behaviour: "guardrail" | "fail" = "guardrail") {
  const requests: ApplyGuardrailCommand["input"][] = [];
  const client: GuardrailClient = {
    async send(command) {
      requests.push(command.input);
      if (behaviour === "fail") throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
      const text = command.input.content?.map((c) => c.text?.text ?? "").join("\n") ?? "";
      return text.includes(SSN)
        ? { action: "GUARDRAIL_INTERVENED", outputs: [{ text: BLOCKED_MESSAGE }] }
        : { action: "NONE", outputs: [] };
    },
  };
  return { client, requests };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (event: unknown, context?: unknown) => Promise<any>;
const asHandler = (h: unknown) => h as Handler;
const gateway = (tool: string) => ({ clientContext: { custom: { bedrockAgentCoreToolName: `target___${tool}` } } });
const schemaWith = (enumValues: unknown[]) => ({ fields: [{ name: "ssn", type: "string", constraints: { enum: enumValues } }] });

describe("the guardrail, applied by the functions (stub Bedrock client)", () => {
  it("checks the caller's request text (every string and number of the arguments) as INPUT against the pinned version", async () => {
    const { client, requests } = stubClient();
    const validate = asHandler(createValidateHandler({ maxVolume: 1000 }, createRequestGuard(client, GUARDRAIL)));
    const answer = await validate({ schema: schemaWith(["A-1", 4111111111111111]) }, gateway("validateSchema"));
    assert.equal(answer.error, undefined, JSON.stringify(answer));
    assert.equal(requests.length, 1);
    assert.deepEqual([requests[0].guardrailIdentifier, requests[0].guardrailVersion, requests[0].source], ["abc123def456", "7", "INPUT"]);
    const text = requests[0].content![0].text!.text!;
    for (const part of ["ssn", "string", "A-1", "4111111111111111"]) assert.ok(text.split("\n").includes(part), `${part} is checked`);
  });

  it("refuses a request the guardrail blocks with a 400 and the guardrail's message, before the operation runs", async () => {
    const { client } = stubClient();
    let ran = false;
    const generateDeps = new Proxy({}, { get: () => { ran = true; throw new Error("the operation must not run"); } }) as GenerationDeps;
    const generate = asHandler(createGenerateHandler(generateDeps, createRequestGuard(client, GUARDRAIL)));
    const answer = await generate({ data_type: "custom", volume: 10, output_format: "json", schema: schemaWith([SSN]) }, gateway("generateSyntheticData"));
    assert.equal(answer.error, "GuardrailBlockedError");
    assert.equal(answer.message, BLOCKED_MESSAGE);
    assert.ok(!JSON.stringify(answer).includes(SSN), "the blocked text is not echoed back");
    assert.equal(ran, false);
  });

  it("refuses it on the classic action-group path too, as a 400 in the envelope", async () => {
    const { client } = stubClient();
    const validate = asHandler(createValidateHandler({ maxVolume: 1000 }, createRequestGuard(client, GUARDRAIL)));
    const answer = await validate({
      messageVersion: "1.0", actionGroup: "validation", apiPath: "/validate-schema", httpMethod: "POST",
      requestBody: { content: { "application/json": { properties: [{ name: "schema", type: "string", value: JSON.stringify(schemaWith([SSN])) }] } } },
    });
    assert.equal(answer.response.httpStatusCode, 400);
    assert.equal(JSON.parse(answer.response.responseBody["application/json"].body).error, "GuardrailBlockedError");
  });

  it("guards the retrieve tool's query", async () => {
    const { client, requests } = stubClient();
    let retrieved = 0;
    const retrieve = asHandler(createRetrieveHandler({ knowledgeBaseId: "KB12345678", client: { send: async () => { retrieved++; return { retrievalResults: [] }; } } } as never,
      createRequestGuard(client, GUARDRAIL)));
    const answer = await retrieve({ query: `patterns for customer ${SSN}` }, gateway("retrieveKnowledge"));
    assert.equal(answer.error, "GuardrailBlockedError");
    assert.equal(retrieved, 0);
    assert.equal(requests.length, 1);
  });

  it("fails closed: when ApplyGuardrail fails the request is a retryable 500, not served unchecked", async () => {
    const { client } = stubClient("fail");
    const validate = asHandler(createValidateHandler({ maxVolume: 1000 }, createRequestGuard(client, GUARDRAIL)));
    const answer = await validate({ schema: schemaWith(["fine"]) }, gateway("validateSchema"));
    assert.equal(answer.error, "InternalError");
  });

  it("the generate function leaves getGeneration (an id the stack issued) unchecked", async () => {
    const { client, requests } = stubClient();
    const generate = asHandler(createGenerateHandler({ jobs: { get: async () => undefined } } as unknown as GenerationDeps, createRequestGuard(client, GUARDRAIL)));
    const answer = await generate({ generation_id: "0b9f8a52-5c7e-4c1e-9d51-3f0a2b6c7d8e" }, gateway("getGeneration"));
    assert.equal(requests.length, 0, JSON.stringify(answer));
    assert.notEqual(answer.error, "GuardrailBlockedError");
  });

  it("leaves the operations named unguarded unchecked and guards the others", async () => {
    const { client, requests } = stubClient();
    const calls: string[] = [];
    const ops = guardOperations({
      getGeneration: async () => { calls.push("get"); return {}; },
      generateSyntheticData: async () => { calls.push("generate"); return {}; },
    }, createRequestGuard(client, GUARDRAIL), ["getGeneration"]);
    await ops.getGeneration!({ generation_id: "0b9f8a52-5c7e-4c1e-9d51-3f0a2b6c7d8e" }, { runtime: "gateway" });
    assert.equal(requests.length, 0);
    await ops.generateSyntheticData!({ schema: schemaWith(["x"]) }, { runtime: "gateway" });
    assert.equal(requests.length, 1);
    assert.deepEqual(calls, ["get", "generate"]);
  });

  it("splits long requests into chunks the API takes, checking every chunk", async () => {
    const long = Array.from({ length: 3000 }, (_, i) => `value-${i}`);
    const pieces = chunks(requestText(long));
    assert.ok(pieces.length > 1);
    assert.ok(pieces.every((p) => p.length <= GUARDRAIL_CHUNK_CHARS));
    assert.equal(pieces.join("\n"), requestText(long));
    const { client, requests } = stubClient();
    await createRequestGuard(client, GUARDRAIL)([...long, SSN]).then(() => assert.fail("blocked"), (e: Error) => assert.equal(e.name, "GuardrailBlockedError"));
    // The SSN is in the last chunk: every chunk before it was checked (and passed), then the last one blocked.
    assert.equal(requests.length, chunks(requestText([...long, SSN])).length);
  });

  it("is wired from the functions' environment: GUARDRAIL_ID / GUARDRAIL_VERSION give a guard, their absence none", () => {
    const withGuardrail = loadConfig({ GUARDRAIL_ID: "abc123def456", GUARDRAIL_VERSION: "7" }, { storage: false, knowledgeBase: false });
    assert.deepEqual(withGuardrail.guardrail, GUARDRAIL);
    assert.equal(typeof requestGuardFromConfig(withGuardrail), "function");
    assert.equal(requestGuardFromConfig(loadConfig({}, { storage: false, knowledgeBase: false })), undefined);
  });
});
