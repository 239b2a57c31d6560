// `sdga ask` against stub SDK clients (no AWS here): the request each runtime gets, how the streamed answer
// is written, and the errors. The stubs stand at the SDK boundary (`client.send`).
import assert from "node:assert/strict";
import { InvokeHarnessCommand } from "@aws-sdk/client-bedrock-agentcore";
import { InvokeAgentCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { AgentError, agentTarget, askAgent, type AskOutput } from "../../cli/commands/ask";
import { UsageError } from "../../cli/usage";

const HARNESS = "arn:aws:bedrock-agentcore:us-east-1:123456789012:harness/sdga_dev_agent-abc123";

async function* events<T>(...items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

function recorder() {
  const seen = { text: "", notes: [] as string[] };
  const out: AskOutput = { text: (t) => { seen.text += t; }, note: (l) => seen.notes.push(l) };
  return { seen, out };
}

describe("sdga ask", () => {
  it("invokes the harness with the request and streams its text, naming the tools it calls", async () => {
    const sent: unknown[] = [];
    const client = {
      send: async (command: unknown) => {
        sent.push(command);
        return {
          stream: events(
            { messageStart: { role: "assistant" } },
            { contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: "t1", name: "sdga-generate___generateSyntheticData" } } } },
            { contentBlockDelta: { contentBlockIndex: 1, delta: { text: "Generated 500 rows: " } } },
            { contentBlockDelta: { contentBlockIndex: 1, delta: { text: "s3://bucket/key" } } },
            { messageStop: { stopReason: "end_turn" } },
          ),
        };
      },
    };
    const { seen, out } = recorder();
    const session = await askAgent(agentTarget({ harnessArn: HARNESS }), "500 user profiles", client, out);
    assert.equal(sent.length, 1);
    assert.ok(sent[0] instanceof InvokeHarnessCommand);
    const input = (sent[0] as InvokeHarnessCommand).input;
    assert.equal(input.harnessArn, HARNESS);
    assert.equal(input.runtimeSessionId, session);
    assert.ok(session.length >= 33, "AgentCore session ids have at least 33 characters");
    assert.deepEqual(input.messages, [{ role: "user", content: [{ text: "500 user profiles" }] }]);
    assert.equal(seen.text, "Generated 500 rows: s3://bucket/key");
    assert.deepEqual(seen.notes, ["calling sdga-generate___generateSyntheticData"]);
  });

  it("continues a session and fails with AgentError on an error event or an abnormal stop", async () => {
    const session = "0b9f8a52-5c7e-4c1e-9d51-3f0a2b6c7d8e";
    const failing = { send: async () => ({ stream: events({ validationException: { message: "bad input", reason: "CannotParse" } }) }) };
    await assert.rejects(askAgent(agentTarget({ harnessArn: HARNESS }), "x", failing, recorder().out, session), (e: unknown) =>
      e instanceof AgentError && /bad input/.test(e.message));
    const stopped = { send: async () => ({ stream: events({ messageStop: { stopReason: "max_iterations_exceeded" } }) }) };
    await assert.rejects(askAgent(agentTarget({ harnessArn: HARNESS }), "x", stopped, recorder().out, session), /max_iterations_exceeded/);
  });

  it("invokes a classic agent by id and alias and decodes the completion chunks", async () => {
    const sent: unknown[] = [];
    const bytes = new TextEncoder().encode("Done: 1,000 rows é");
    const client = {
      send: async (command: unknown) => {
        sent.push(command);
        // A multi-byte character split across two chunks must still decode.
        return { completion: events({ chunk: { bytes: bytes.slice(0, bytes.length - 1) } }, { chunk: { bytes: bytes.slice(bytes.length - 1) } }) };
      },
    };
    const { seen, out } = recorder();
    await askAgent(agentTarget({ agentId: "AGENT12345", aliasId: "ALIAS12345" }), "1,000 orders", client, out, "session-1234567890-abcdefghijklmnopq");
    assert.ok(sent[0] instanceof InvokeAgentCommand);
    assert.deepEqual((sent[0] as InvokeAgentCommand).input, {
      agentId: "AGENT12345", agentAliasId: "ALIAS12345", sessionId: "session-1234567890-abcdefghijklmnopq", inputText: "1,000 orders",
    });
    assert.equal(seen.text, "Done: 1,000 rows é");
  });

  it("refuses unusable targets and empty requests before any call", async () => {
    assert.throws(() => agentTarget({}), UsageError);
    assert.throws(() => agentTarget({ harnessArn: "arn:aws:bedrock:us-east-1:123456789012:agent/X" }), /not a harness ARN/);
    assert.throws(() => agentTarget({ harnessArn: HARNESS, agentId: "AGENT12345" }), /not both/);
    assert.throws(() => agentTarget({ agentId: "AGENT12345" }), UsageError);
    assert.throws(() => agentTarget({ agentId: "bad id", aliasId: "ALIAS12345" }), /not a Bedrock agent id/);
    const never = { send: async () => { throw new Error("must not be called"); } };
    await assert.rejects(askAgent(agentTarget({ harnessArn: HARNESS }), "  ", never, recorder().out), UsageError);
  });
});
