// The retrieve function with the Bedrock client stubbed at the SDK boundary: a real
// BedrockAgentRuntimeClient whose middleware answers instead of the network.
import "./quiet";
import { strict as assert } from "node:assert";
import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { createRetrieveHandler } from "../../functions/retrieve/app";
import { PASSAGE_CHARS } from "../../functions/retrieve/operations";
import { gatewayContext } from "../../functions/local/events";
import { loadConfig } from "../../functions/shared/config";
import { ConfigurationError } from "../../functions/shared/errors";

type Sent = { input: Record<string, any>; commandName: string };

function stubbedClient(answer: (input: Record<string, any>) => unknown) {
  const sent: Sent[] = [];
  const client = new BedrockAgentRuntimeClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
  client.middlewareStack.add((_next, context) => async (args) => {
    sent.push({ input: args.input as Record<string, any>, commandName: String(context.commandName) });
    const result = answer(args.input as Record<string, any>);
    if (result instanceof Error) throw result;
    return { output: { $metadata: {}, ...(result as object) }, response: {} } as never;
  }, { step: "initialize", name: "stubBedrock" });
  return { client, sent };
}

describe("retrieve handler (Bedrock stubbed at the SDK boundary)", () => {
  const long = "word ".repeat(2000);
  const results = {
    retrievalResults: [
      { content: { text: "Use format email for e-mail fields." }, score: 0.91, location: { type: "S3", s3Location: { uri: "s3://kb/docs/email.md" } } },
      { content: { text: long }, score: 0.5, location: { type: "S3", s3Location: { uri: "s3://kb/docs/long.md" } } },
      { content: { text: "   " }, score: 0.1 },
    ],
  };

  it("sends Retrieve to the configured knowledge base with the query and result count", async () => {
    const { client, sent } = stubbedClient(() => results);
    const handler = createRetrieveHandler({ client, knowledgeBaseId: "KB12345678" });
    const out: any = await handler({ query: "GDPR email fields", max_results: 3 }, gatewayContext("retrieveKnowledge", "kb-target"));
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.commandName, "RetrieveCommand");
    assert.deepEqual(sent[0]!.input, {
      knowledgeBaseId: "KB12345678",
      retrievalQuery: { text: "GDPR email fields" },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } },
    });
    assert.equal(out.results.length, 2, "empty passages dropped");
    assert.deepEqual(out.results[0], { text: "Use format email for e-mail fields.", score: 0.91, source: "s3://kb/docs/email.md" });
    assert.ok(out.results[1].text.length <= PASSAGE_CHARS + 1 && out.results[1].text.endsWith("…"));
    assert.ok(Buffer.byteLength(JSON.stringify(out)) < 25 * 1024);
  });

  it("defaults to 5 results and refuses bad arguments before calling Bedrock", async () => {
    const { client, sent } = stubbedClient(() => ({ retrievalResults: [] }));
    const handler = createRetrieveHandler({ client, knowledgeBaseId: "KB" });
    const ok: any = await handler({ query: "x" }, gatewayContext("retrieveKnowledge"));
    assert.deepEqual(ok, { results: [] });
    assert.equal(sent[0]!.input.retrievalConfiguration.vectorSearchConfiguration.numberOfResults, 5);
    for (const bad of [{}, { query: "" }, { query: "q", max_results: 50 }, { query: "q".repeat(2000) }, { query: "q", extra: 1 }]) {
      const out: any = await handler(bad, gatewayContext("retrieveKnowledge"));
      assert.equal(out.error, "RequestValidationError", JSON.stringify(bad));
    }
    assert.equal(sent.length, 1, "no Bedrock call for refused requests");
  });

  it("maps Bedrock's ValidationException to a 4xx error object and other failures to an internal error", async () => {
    const validation = Object.assign(new Error("query too long for the model"), { name: "ValidationException" });
    const handler = createRetrieveHandler({ client: stubbedClient(() => validation).client, knowledgeBaseId: "KB" });
    const out: any = await handler({ query: "x" }, gatewayContext("retrieveKnowledge"));
    assert.equal(out.error, "RequestValidationError");
    assert.match(out.message, /refused the query/);
    const denied = Object.assign(new Error("not authorized to perform bedrock:Retrieve on arn:aws:bedrock:secret"), { name: "AccessDeniedException" });
    const failing = createRetrieveHandler({ client: stubbedClient(() => denied).client, knowledgeBaseId: "KB" });
    const internal: any = await failing({ query: "x" }, gatewayContext("retrieveKnowledge"));
    assert.equal(internal.error, "InternalError");
    assert.doesNotMatch(internal.message, /arn:aws/, "internal details are not leaked");
  });

  it("the knowledge base id comes from configuration and is required", () => {
    assert.equal(loadConfig({ KNOWLEDGE_BASE_ID: "KB9" }, { storage: false, knowledgeBase: true }).knowledgeBaseId, "KB9");
    assert.throws(() => loadConfig({}, { storage: false, knowledgeBase: true }), (e: Error) => e instanceof ConfigurationError && /KNOWLEDGE_BASE_ID/.test(e.message));
  });
});
