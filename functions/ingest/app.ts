// The ingest function's handler, built from its client and the knowledge base it was deployed for.
import type { Context } from "aws-lambda";
import { runIngestion, parseIngestionRequest, type IngestionClient, type IngestionResult } from "./ingestion";

export interface IngestDeps {
  client: IngestionClient;
  knowledgeBaseId?: string;
  dataSourceId?: string;
  sleep?: (ms: number) => Promise<void>;
  /** Where the result line goes. @default console.log (the function's log group) */
  log?: (line: string) => void;
}

export function createIngestHandler(deps: IngestDeps) {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  // A thrown error is a function error: the deploy's invocation of this function reports it and fails.
  return async (event: unknown, context?: Partial<Context>): Promise<IngestionResult> => {
    const request = parseIngestionRequest(event, deps);
    const remainingMs = () => context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
    const result = await runIngestion(deps.client, request, { sleep, remainingMs });
    (deps.log ?? console.log)(JSON.stringify({ message: "ingestion complete", ...result }));
    return result;
  };
}
