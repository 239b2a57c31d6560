// The stack's Bedrock guardrail, applied by the tool functions themselves on AgentCore (the harness has no
// guardrail setting; Agents Classic applies it to the agent instead).
//
// What it protects: the text a caller sends to the tools. Every string and number in a tool call's arguments
// (schema, field names, enum values, patterns, examples, locations, queries) goes through ApplyGuardrail with
// source INPUT before the operation runs; a request the guardrail blocks is refused with a 400 and the
// guardrail's own message, so real identifiers pasted into a request never reach the engine, the bucket or the
// logs. What it does not: the data the tools return is synthetic by design (look-alike card numbers, ids),
// which is what the guardrail's output side would block, so outputs are not checked (the guardrail's output
// filters are off); reference data is read from the stack's own bucket, not sent by the caller.
//
// Fail closed: if ApplyGuardrail itself fails (throttled, no permission), the request is answered as a 500 that
// may be retried, never served unchecked.
import { ApplyGuardrailCommand, BedrockRuntimeClient, type ApplyGuardrailCommandOutput } from "@aws-sdk/client-bedrock-runtime";
import type { OperationId } from "../contract/operations";
import type { OperationImpl, OperationTable } from "./adapters";
import { AgentError } from "./errors";
import type { FunctionConfig } from "./config";
import { countMetric, logger, traced } from "./powertools";

/** The part of BedrockRuntimeClient the guard calls (a stub in the specs). */
export interface GuardrailClient {
  send(command: ApplyGuardrailCommand): Promise<Pick<ApplyGuardrailCommandOutput, "action" | "outputs">>;
}

export interface GuardrailRef {
  id: string;
  version: string;
}

/** The guardrail blocked the request (the caller sent what looks like real personal data). */
export class GuardrailBlockedError extends AgentError {
  readonly status = 400;
}

/**
 * Characters per ApplyGuardrail call: 10 text units of 1,000 characters. A small, fixed chunk keeps each call's
 * cost and latency bounded whatever the request's size (the API's own per-request ceiling is not relied on).
 */
export const GUARDRAIL_CHUNK_CHARS = 10_000;
export const GUARDRAIL_INTERVENTIONS_METRIC = "GuardrailInterventions";

const FALLBACK_MESSAGE = "The request was blocked by the data-protection guardrail: it seems to contain real personal data.";

/** The caller's text in a tool call's arguments: every string and finite number, depth first, one per line. */
export function requestText(args: unknown): string {
  const parts: string[] = [];
  const seen = new Set<object>();
  const visit = (value: unknown) => {
    if (typeof value === "string") {
      if (value !== "") parts.push(value);
    } else if (typeof value === "number" || typeof value === "bigint") {
      // A card or account number may arrive as a number (an enum value, an example).
      if (typeof value === "bigint" || Number.isFinite(value)) parts.push(String(value));
    } else if (value !== null && typeof value === "object" && !seen.has(value)) {
      seen.add(value);
      for (const v of Array.isArray(value) ? value : Object.values(value)) visit(v);
    }
  };
  visit(args);
  return parts.join("\n");
}

/** Splits text into chunks of at most `size` characters, on line breaks where it can. */
export function chunks(text: string, size = GUARDRAIL_CHUNK_CHARS): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const cut = rest.lastIndexOf("\n", size);
    const at = cut > size / 2 ? cut : size;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, "");
  }
  if (rest !== "") out.push(rest);
  return out;
}

export type RequestGuard = (args: unknown) => Promise<void>;

/** A guard that checks a tool call's arguments with the stack's guardrail; throws GuardrailBlockedError when it intervenes. */
export function createRequestGuard(client: GuardrailClient, guardrail: GuardrailRef): RequestGuard {
  return async (args) => {
    for (const text of chunks(requestText(args))) {
      const result = await client.send(new ApplyGuardrailCommand({
        guardrailIdentifier: guardrail.id, guardrailVersion: guardrail.version, source: "INPUT",
        content: [{ text: { text } }],
      }));
      if (result.action === "GUARDRAIL_INTERVENED") {
        countMetric(GUARDRAIL_INTERVENTIONS_METRIC);
        // The guardrail's configured message; never the matched text itself.
        const message = result.outputs?.map((o) => o.text).filter(Boolean).join(" ") || FALLBACK_MESSAGE;
        logger.warn("request blocked by the guardrail", { guardrail: guardrail.id, version: guardrail.version });
        throw new GuardrailBlockedError(message, { guardrail: "blocked" });
      }
    }
  };
}

/**
 * The operations with the guard in front of each (those in `unguarded` excepted: they take only ids the stack
 * issued). Without a guard (no guardrail configured) the table is returned as it is.
 */
export function guardOperations(operations: OperationTable, guard: RequestGuard | undefined, unguarded: OperationId[] = []): OperationTable {
  if (guard === undefined) return operations;
  return Object.fromEntries(Object.entries(operations).map(([id, impl]) => {
    if (unguarded.includes(id as OperationId)) return [id, impl];
    const guarded: OperationImpl = async (args, info) => {
      await guard(args);
      return impl!(args, info);
    };
    return [id, guarded];
  })) as OperationTable;
}

/** The guard of a function whose environment names a guardrail (GUARDRAIL_ID / GUARDRAIL_VERSION), else none. */
export function requestGuardFromConfig(config: Pick<FunctionConfig, "guardrail">): RequestGuard | undefined {
  return config.guardrail ? createRequestGuard(traced(new BedrockRuntimeClient({})), config.guardrail) : undefined;
}
