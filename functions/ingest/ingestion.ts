// Loads the knowledge base during the deploy: starts an ingestion job of the stack's data source, waits for it,
// and fails (so the invocation, and the `pulumi up` that made it, fails) when the job fails, stops, indexes
// with failed documents, or does not finish in time. The stack invokes this once per change of the documents'
// digest (components/knowledgeBaseIngestion.ts).
import {
  ConflictException, GetIngestionJobCommand, StartIngestionJobCommand, type IngestionJob,
} from "@aws-sdk/client-bedrock-agent";

/** The part of BedrockAgentClient this module calls (a stub in the specs). */
export interface IngestionClient {
  send(command: StartIngestionJobCommand | GetIngestionJobCommand): Promise<{ ingestionJob?: IngestionJob }>;
}

export interface IngestionRequest {
  knowledgeBaseId: string;
  dataSourceId: string;
  /** SHA-256 of the documents (hex): what changed, for the job's description and the logs. */
  documentsDigest: string;
}

export interface IngestionClock {
  sleep(ms: number): Promise<void>;
  /** Milliseconds left before the function must have answered. */
  remainingMs(): number;
}

export interface IngestionResult {
  ingestionJobId: string;
  status: string;
  statistics: Record<string, number>;
}

export class IngestionFailedError extends Error {
  constructor(message: string, readonly job?: IngestionJob) {
    super(message);
    this.name = "IngestionFailedError";
  }
}

export const POLL_INTERVAL_MS = 5_000;
/** Stop waiting this long before the function's own timeout, so the failure is ours and says why. */
export const TIMEOUT_MARGIN_MS = 15_000;

/** Reads and checks the invocation's input against the knowledge base this function was deployed for. */
export function parseIngestionRequest(event: unknown, deployed: { knowledgeBaseId?: string; dataSourceId?: string }): IngestionRequest {
  const e = (typeof event === "object" && event !== null ? event : {}) as Record<string, unknown>;
  const text = (k: string) => (typeof e[k] === "string" && e[k] !== "" ? e[k] as string : undefined);
  const request = { knowledgeBaseId: text("knowledgeBaseId"), dataSourceId: text("dataSourceId"), documentsDigest: text("documentsDigest") };
  const missing = Object.entries(request).filter(([, v]) => v === undefined).map(([k]) => k);
  if (missing.length > 0) throw new IngestionFailedError(`the invocation lacks ${missing.join(", ")}`);
  if (!/^[0-9a-f]{64}$/.test(request.documentsDigest!)) throw new IngestionFailedError("documentsDigest is not a SHA-256 hex digest");
  if (request.knowledgeBaseId !== deployed.knowledgeBaseId || request.dataSourceId !== deployed.dataSourceId) {
    throw new IngestionFailedError(`this function loads knowledge base ${deployed.knowledgeBaseId} / data source ${deployed.dataSourceId} only`);
  }
  return request as IngestionRequest;
}

const statistics = (job: IngestionJob): Record<string, number> =>
  Object.fromEntries(Object.entries(job.statistics ?? {}).filter(([, v]) => typeof v === "number")) as Record<string, number>;

/** Starts the job (waiting out a job already running on the data source) and waits for it to end. */
export async function runIngestion(client: IngestionClient, request: IngestionRequest, clock: IngestionClock): Promise<IngestionResult> {
  const deadline = () => clock.remainingMs() <= TIMEOUT_MARGIN_MS + POLL_INTERVAL_MS;
  let job: IngestionJob | undefined;
  while (job === undefined) {
    try {
      job = (await client.send(new StartIngestionJobCommand({
        // No client token of ours: documents that return to an earlier digest must be ingested again, not
        // answered with the earlier job.
        knowledgeBaseId: request.knowledgeBaseId, dataSourceId: request.dataSourceId,
        description: `Deploy of documents ${request.documentsDigest.slice(0, 12)}`,
      }))).ingestionJob;
      if (job === undefined) throw new IngestionFailedError("StartIngestionJob returned no job");
    } catch (err) {
      // One job at a time per data source: another one (an earlier deploy's, or a manual one) is still running.
      if (!(err instanceof ConflictException)) throw err;
      if (deadline()) throw new IngestionFailedError("another ingestion job kept the data source busy until the function's time ran out");
      await clock.sleep(POLL_INTERVAL_MS);
    }
  }
  const jobId = job.ingestionJobId!;
  while (job.status !== "COMPLETE" && job.status !== "FAILED" && job.status !== "STOPPED") {
    if (deadline()) throw new IngestionFailedError(`ingestion job ${jobId} is still ${job.status} when the function's time runs out`, job);
    await clock.sleep(POLL_INTERVAL_MS);
    job = (await client.send(new GetIngestionJobCommand({
      knowledgeBaseId: request.knowledgeBaseId, dataSourceId: request.dataSourceId, ingestionJobId: jobId,
    }))).ingestionJob ?? job;
  }
  const stats = statistics(job);
  if (job.status !== "COMPLETE") {
    throw new IngestionFailedError(`ingestion job ${jobId} ended ${job.status}: ${(job.failureReasons ?? []).join("; ") || "no reason given"}`, job);
  }
  if ((stats.numberOfDocumentsFailed ?? 0) > 0) {
    throw new IngestionFailedError(`ingestion job ${jobId} completed with ${stats.numberOfDocumentsFailed} failed documents: `
      + `${(job.failureReasons ?? []).join("; ") || "no reason given"}`, job);
  }
  return { ingestionJobId: jobId, status: job.status, statistics: stats };
}
