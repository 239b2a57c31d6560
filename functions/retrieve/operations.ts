// retrieveKnowledge: the AgentCore runtime's way to the stack's knowledge base (the gateway's own KB
// connector serves only managed knowledge bases). Bedrock Retrieve, passages trimmed to stay small.
import { RetrieveCommand, type BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { RequestValidationError } from "../shared/errors";

export const DEFAULT_RESULTS = 5;
/** Characters kept of each passage (the answer must fit the agent's response limit). */
export const PASSAGE_CHARS = 1500;

export interface RetrieveArgs { query: string; max_results?: number }
export interface RetrieveDeps { client: Pick<BedrockAgentRuntimeClient, "send">; knowledgeBaseId: string }

type Location = { type?: string; s3Location?: { uri?: string }; webLocation?: { url?: string }; [k: string]: unknown };

function sourceOf(location: Location | undefined): string | undefined {
  if (!location) return undefined;
  return location.s3Location?.uri ?? location.webLocation?.url ?? location.type;
}

export function trimPassage(text: string, limit = PASSAGE_CHARS): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= limit) return clean;
  const cut = clean.lastIndexOf(" ", limit);
  return `${clean.slice(0, cut > limit * 0.8 ? cut : limit)}…`;
}

export async function retrieveKnowledge(deps: RetrieveDeps, args: RetrieveArgs): Promise<{ results: Array<{ text: string; score?: number; source?: string }> }> {
  let out;
  try {
    out = await deps.client.send(new RetrieveCommand({
      knowledgeBaseId: deps.knowledgeBaseId,
      retrievalQuery: { text: args.query },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: args.max_results ?? DEFAULT_RESULTS } },
    }));
  } catch (err) {
    if ((err as Error).name === "ValidationException") {
      throw new RequestValidationError(`the knowledge base refused the query: ${(err as Error).message.slice(0, 200)}`);
    }
    throw err;
  }
  const results = (out.retrievalResults ?? [])
    .filter((r) => typeof r.content?.text === "string" && r.content.text.trim() !== "")
    .map((r) => {
      const item: { text: string; score?: number; source?: string } = { text: trimPassage(r.content!.text!) };
      if (typeof r.score === "number") item.score = r.score;
      const source = sourceOf(r.location as Location | undefined);
      if (source) item.source = source;
      return item;
    });
  return { results };
}
