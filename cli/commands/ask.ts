// `sdga ask "<request>"`: talks to the deployed agent. AgentCore (the default runtime) is reached through
// InvokeHarness with the stack's harness ARN; Agents Classic through InvokeAgent with the agent and alias ids
// (`pulumi stack output agentArn` / `agentId` / `agentAliasId`). The agent's text goes to stdout as it
// streams; the tools it calls, the stop reason and the session id (to continue with --session) go to stderr.
import type { Command } from "commander";
import { randomUUID } from "node:crypto";
import { EXIT_USAGE, UsageError } from "../usage";
import { writeResult } from "../output";

export type AgentTarget =
  | { runtime: "agentcore"; harnessArn: string; qualifier?: string }
  | { runtime: "classic"; agentId: string; agentAliasId: string };

/** The few things `ask` needs from an SDK client: specs pass a stub, the CLI the real client. */
export interface SendsCommands {
  send(command: unknown): Promise<unknown>;
}

export interface AskOutput {
  text(chunk: string): void;
  note(line: string): void;
}

/** The agent answered with an error event or stopped for a reason other than finishing its turn. */
export class AgentError extends Error {
  override readonly name = "AgentError";
}

const HARNESS_ARN = /^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:\d{12}:harness\/[A-Za-z0-9_-]+$/;
const AGENT_ID = /^[0-9A-Za-z]{10}$/;

/** The target from the command line's options, checked before any call. */
export function agentTarget(options: { harnessArn?: string; agentId?: string; aliasId?: string; qualifier?: string }): AgentTarget {
  if (options.harnessArn !== undefined) {
    if (options.agentId !== undefined || options.aliasId !== undefined) throw new UsageError("give either --harness-arn or --agent-id with --alias-id, not both");
    if (!HARNESS_ARN.test(options.harnessArn)) throw new UsageError(`--harness-arn "${options.harnessArn}" is not a harness ARN (pulumi stack output agentArn)`);
    return { runtime: "agentcore", harnessArn: options.harnessArn, ...(options.qualifier ? { qualifier: options.qualifier } : {}) };
  }
  if (options.agentId === undefined || options.aliasId === undefined) {
    throw new UsageError("give --harness-arn (AgentCore) or --agent-id and --alias-id (Agents Classic)");
  }
  if (!AGENT_ID.test(options.agentId)) throw new UsageError(`--agent-id "${options.agentId}" is not a Bedrock agent id`);
  if (!AGENT_ID.test(options.aliasId)) throw new UsageError(`--alias-id "${options.aliasId}" is not a Bedrock agent alias id`);
  return { runtime: "classic", agentId: options.agentId, agentAliasId: options.aliasId };
}

interface HarnessStreamEvent {
  contentBlockStart?: { start?: { toolUse?: { name?: string } } };
  contentBlockDelta?: { delta?: { text?: string } };
  messageStop?: { stopReason?: string };
  internalServerException?: { message?: string };
  validationException?: { message?: string };
  runtimeClientError?: { message?: string };
}

/** Sends one request to the agent and streams its answer; resolves to the session id. */
export async function askAgent(target: AgentTarget, prompt: string, client: SendsCommands, out: AskOutput, sessionId: string = randomUUID()): Promise<string> {
  if (prompt.trim() === "") throw new UsageError("the request is empty");
  if (target.runtime === "agentcore") {
    // Loaded on use: `sdga --help` stays quick.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { InvokeHarnessCommand } = require("@aws-sdk/client-bedrock-agentcore") as typeof import("@aws-sdk/client-bedrock-agentcore");
    const response = await client.send(new InvokeHarnessCommand({
      harnessArn: target.harnessArn,
      ...(target.qualifier ? { qualifier: target.qualifier } : {}),
      // AgentCore wants a session id of at least 33 characters; a UUID has 36.
      runtimeSessionId: sessionId,
      messages: [{ role: "user", content: [{ text: prompt }] }],
    })) as { stream?: AsyncIterable<HarnessStreamEvent> };
    for await (const event of response.stream ?? []) {
      const error = event.internalServerException ?? event.validationException ?? event.runtimeClientError;
      if (error) throw new AgentError(`the agent failed: ${error.message ?? "no message"}`);
      const tool = event.contentBlockStart?.start?.toolUse?.name;
      if (tool) out.note(`calling ${tool}`);
      const text = event.contentBlockDelta?.delta?.text;
      if (text) out.text(text);
      const stop = event.messageStop?.stopReason;
      if (stop && stop !== "end_turn" && stop !== "tool_use" && stop !== "tool_result") throw new AgentError(`the agent stopped: ${stop}`);
    }
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { InvokeAgentCommand } = require("@aws-sdk/client-bedrock-agent-runtime") as typeof import("@aws-sdk/client-bedrock-agent-runtime");
    const response = await client.send(new InvokeAgentCommand({
      agentId: target.agentId, agentAliasId: target.agentAliasId, sessionId, inputText: prompt,
    })) as { completion?: AsyncIterable<{ chunk?: { bytes?: Uint8Array } }> };
    const decoder = new TextDecoder();
    for await (const event of response.completion ?? []) {
      if (event.chunk?.bytes) out.text(decoder.decode(event.chunk.bytes, { stream: true }));
    }
    out.text(decoder.decode());
  }
  return sessionId;
}

function realClient(target: AgentTarget, region: string | undefined): SendsCommands {
  /* eslint-disable @typescript-eslint/no-require-imports */
  if (target.runtime === "agentcore") {
    const { BedrockAgentCoreClient } = require("@aws-sdk/client-bedrock-agentcore") as typeof import("@aws-sdk/client-bedrock-agentcore");
    return new BedrockAgentCoreClient({ region: region ?? target.harnessArn.split(":")[3] }) as unknown as SendsCommands;
  }
  const { BedrockAgentRuntimeClient } = require("@aws-sdk/client-bedrock-agent-runtime") as typeof import("@aws-sdk/client-bedrock-agent-runtime");
  return new BedrockAgentRuntimeClient(region ? { region } : {}) as unknown as SendsCommands;
  /* eslint-enable @typescript-eslint/no-require-imports */
}

interface AskCliOptions { harnessArn?: string; qualifier?: string; agentId?: string; aliasId?: string; session?: string; region?: string }

export function registerAsk(program: Command): void {
  program
    .command("ask")
    .description("Send a request to the deployed agent (needs AWS credentials) and stream its answer")
    .argument("<request>", "what you want, e.g. \"500 GDPR-safe user profiles as CSV\"")
    .option("--harness-arn <arn>", "AgentCore: the harness ARN (pulumi stack output agentArn)")
    .option("--qualifier <endpoint>", "AgentCore: a named harness endpoint instead of DEFAULT")
    .option("--agent-id <id>", "Agents Classic: the agent id (pulumi stack output agentId)")
    .option("--alias-id <id>", "Agents Classic: the alias id (pulumi stack output agentAliasId)")
    .option("--session <id>", "continue an earlier conversation (the id printed by a previous ask)")
    .option("--region <region>", "AWS Region (default: the harness ARN's, or the SDK's default)")
    .action(async (request: string, options: AskCliOptions) => {
      try {
        const target = agentTarget(options);
        if (options.session !== undefined && options.session.length < 33) throw new UsageError("--session must be the id a previous ask printed (at least 33 characters)");
        const out: AskOutput = { text: (t) => { writeResult(t); }, note: (l) => process.stderr.write(`sdga ask: ${l}\n`) };
        const session = await askAgent(target, request, realClient(target, options.region), out, options.session);
        writeResult("\n");
        process.stderr.write(`sdga ask: session ${session} (continue with --session ${session})\n`);
      } catch (err) {
        process.stderr.write(`sdga ask: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = err instanceof UsageError ? EXIT_USAGE : 1;
      }
    });
}
