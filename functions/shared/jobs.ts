// The generations table: one item per job keyed by generation_id. A job is created with a conditional put
// (so a retried request finds its job instead of creating a second one) and its status moves
// pending -> processing -> completed | failed only through conditional updates.
import { createHash, randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export type JobStatus = "pending" | "processing" | "completed" | "failed";

/** Allowed moves of the job state machine. */
export const TRANSITIONS: Record<JobStatus, JobStatus[]> = {
  pending: ["processing", "failed"],
  processing: ["completed", "failed"],
  completed: [],
  failed: [],
};

export interface JobRecord {
  generation_id: string;
  status: JobStatus;
  /** sha256 of the request arguments: a reused idempotency key with other arguments is a conflict. */
  request_fingerprint: string;
  created_at: string;
  updated_at: string;
  /** TTL attribute (epoch seconds). */
  expires_at: number;
  mode: "sync" | "async";
  data_type: string;
  output_format: string;
  volume: number;
  seed: number;
  compliance_requirements?: string[];
  schema_json: string;
  reference_data_location?: string;
  folder: string;
  files?: string[];
  records_generated?: number;
  execution_time_ms?: number;
  worker_started_at?: string;
  quality_summary?: Record<string, unknown>;
  quality_report_key?: string;
  html_report_key?: string;
  sample_json?: string;
  warnings?: string[];
  errors?: string[];
}

export class JobConflictError extends Error {
  constructor(readonly generationId: string, readonly expected: string) {
    super(`generation ${generationId} is not ${expected}`);
    this.name = "JobConflictError";
  }
}

/** A UUID-shaped id derived from a request key (same key -> same id), or a random one. */
export function generationIdFor(requestKey: string | undefined): string {
  if (!requestKey) return randomUUID();
  const h = createHash("sha256").update(requestKey).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function fingerprint(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

export class JobStore {
  constructor(private readonly ddb: DynamoDBDocumentClient, private readonly table: string) {}

  /** Creates the job unless one with its id exists; returns the stored job and whether it was created. */
  async create(job: JobRecord): Promise<{ created: boolean; job: JobRecord }> {
    try {
      await this.ddb.send(new PutCommand({
        TableName: this.table,
        Item: job,
        ConditionExpression: "attribute_not_exists(generation_id)",
      }));
      return { created: true, job };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException) && (err as Error).name !== "ConditionalCheckFailedException") throw err;
      const existing = await this.get(job.generation_id);
      if (!existing) throw err;
      return { created: false, job: existing };
    }
  }

  async get(generationId: string): Promise<JobRecord | undefined> {
    const out = await this.ddb.send(new GetCommand({ TableName: this.table, Key: { generation_id: generationId }, ConsistentRead: true }));
    return out.Item as JobRecord | undefined;
  }

  /**
   * Moves a job from `from` to `to` and sets `changes`, only if it is still in `from` (and, when given,
   * `extraCondition` holds). Throws JobConflictError otherwise.
   */
  async transition(generationId: string, from: JobStatus, to: JobStatus, changes: Partial<JobRecord> = {},
    extraCondition?: string): Promise<void> {
    if (!TRANSITIONS[from].includes(to) && from !== to) throw new Error(`illegal job transition ${from} -> ${to}`);
    const names: Record<string, string> = { "#status": "status", "#updated_at": "updated_at" };
    const values: Record<string, unknown> = { ":from": from, ":to": to, ":now": new Date().toISOString() };
    const sets = ["#status = :to", "#updated_at = :now"];
    Object.entries(changes).forEach(([k, v], i) => {
      if (v === undefined || k === "status" || k === "updated_at" || k === "generation_id") return;
      names[`#a${i}`] = k;
      values[`:v${i}`] = v;
      sets.push(`#a${i} = :v${i}`);
    });
    try {
      await this.ddb.send(new UpdateCommand({
        TableName: this.table,
        Key: { generation_id: generationId },
        UpdateExpression: `SET ${sets.join(", ")}`,
        ConditionExpression: `attribute_exists(generation_id) AND #status = :from${extraCondition ? ` AND ${extraCondition}` : ""}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }));
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") throw new JobConflictError(generationId, from);
      throw err;
    }
  }

  /** Claims a processing job for the one worker that runs it (an async event may be delivered twice). */
  async claim(generationId: string): Promise<boolean> {
    try {
      await this.transition(generationId, "processing", "processing", { worker_started_at: new Date().toISOString() },
        "attribute_not_exists(worker_started_at)");
      return true;
    } catch (err) {
      if (err instanceof JobConflictError) return false;
      throw err;
    }
  }

  /** Records progress of a running job (ignored once it has left `processing`). */
  async progress(generationId: string, recordsGenerated: number, executionTimeMs: number): Promise<void> {
    try {
      await this.transition(generationId, "processing", "processing", { records_generated: recordsGenerated, execution_time_ms: executionTimeMs });
    } catch (err) {
      if (!(err instanceof JobConflictError)) throw err;
    }
  }
}
