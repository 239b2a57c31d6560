// The generations table: one item per job keyed by generation_id. A job is created with a conditional put
// (so a retried request finds its job instead of creating a second one) and its status moves
// pending -> processing -> completed | failed only through conditional updates.
//
// A worker runs a job only while it holds the job's lease: `lease_owner` and `lease_expires_at`, set by a
// conditional write that succeeds only when no live lease exists and attempts remain, renewed by heartbeats
// that succeed only for the owner. A worker that dies (crash, timeout, killed process) stops renewing; once
// its lease lapses, a retry, a second worker or the sweeper takes the job over, and a job whose attempts are
// spent ends failed. Only the lease owner may complete or fail a job it runs.
import { createHash, randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

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
  /** A data set of several tables (datasetGeneration.ts): its request text, and the rows of each table. */
  dataset_text?: string;
  dataset_counts?: Record<string, number>;
  reference_data_location?: string;
  folder: string;
  files?: string[];
  records_generated?: number;
  execution_time_ms?: number;
  worker_started_at?: string;
  /** The worker holding the job (see LEASES above) and when its lease lapses (epoch milliseconds). */
  lease_owner?: string;
  lease_expires_at?: number;
  /** Workers that have taken the job so far (the first run is attempt 1). */
  attempts?: number;
  /** What the worker was doing at its last heartbeat ("part 2 of 4", "measuring", "reports"). */
  phase?: string;
  /** Estimated bytes of the whole data set as JSON, from the request's cost. */
  estimated_bytes?: number;
  /** Data files fully written (part-00000 .. part-<n-1>): a worker taking the job over starts after them. */
  parts_done?: number;
  /** The multipart upload in flight, so a worker taking over (or the sweeper) can abort it. */
  upload_key?: string;
  upload_id?: string;
  /** A failed job whose outputs could not all be removed (storage was down): the sweeper removes them later. */
  cleanup_pending?: boolean;
  quality_summary?: Record<string, unknown>;
  quality_report_key?: string;
  html_report_key?: string;
  sample_json?: string;
  warnings?: string[];
  errors?: string[];
}

/** Name of the status index of the generations table (status + created_at), read by the sweeper. */
export const STATUS_INDEX = "status-created_at-index";

export interface LeaseTerms {
  /** How long a lease lasts without a heartbeat. */
  leaseMs: number;
  /** Workers a job may have before it is failed. */
  maxAttempts: number;
}

/** Attributes to set on a job; null removes one. */
export type JobChanges = { [K in keyof JobRecord]?: JobRecord[K] | null };

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
  async transition(generationId: string, from: JobStatus, to: JobStatus, changes: JobChanges = {},
    extraCondition?: string, extraValues: Record<string, unknown> = {}): Promise<void> {
    if (!TRANSITIONS[from].includes(to) && from !== to) throw new Error(`illegal job transition ${from} -> ${to}`);
    const names: Record<string, string> = { "#status": "status", "#updated_at": "updated_at" };
    const values: Record<string, unknown> = { ...extraValues, ":from": from, ":to": to, ":now": new Date().toISOString() };
    const sets = ["#status = :to", "#updated_at = :now"];
    const removes: string[] = [];
    // A change to null removes the attribute (the upload in flight, once it is done).
    Object.entries(changes).forEach(([k, v], i) => {
      if (v === undefined || k === "status" || k === "updated_at" || k === "generation_id") return;
      names[`#a${i}`] = k;
      if (v === null) {
        removes.push(`#a${i}`);
        return;
      }
      values[`:v${i}`] = v;
      sets.push(`#a${i} = :v${i}`);
    });
    try {
      await this.ddb.send(new UpdateCommand({
        TableName: this.table,
        Key: { generation_id: generationId },
        UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
        ConditionExpression: `attribute_exists(generation_id) AND #status = :from${extraCondition ? ` AND ${extraCondition}` : ""}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }));
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") throw new JobConflictError(generationId, from);
      throw err;
    }
  }

  /**
   * Takes the job for `owner`: moves it to processing (from pending or processing) and sets a lease, only if
   * no live lease exists and attempts remain. Returns the job as stored, or undefined when it cannot be taken.
   */
  async acquire(generationId: string, owner: string, terms: LeaseTerms, options: { now?: number } = {}):
    Promise<JobRecord | undefined> {
    const now = options.now ?? Date.now();
    const values: Record<string, unknown> = {
      ":processing": "processing", ":pending": "pending", ":owner": owner, ":expires": now + terms.leaseMs, ":now": now,
      ":iso": new Date(now).toISOString(), ":zero": 0, ":one": 1, ":max": terms.maxAttempts,
    };
    const lapsed = "attribute_not_exists(lease_expires_at) OR lease_expires_at < :now";
    try {
      const out = await this.ddb.send(new UpdateCommand({
        TableName: this.table,
        Key: { generation_id: generationId },
        UpdateExpression: "SET #status = :processing, lease_owner = :owner, lease_expires_at = :expires, "
          + "attempts = if_not_exists(attempts, :zero) + :one, worker_started_at = :iso, #updated_at = :iso",
        ConditionExpression: `attribute_exists(generation_id) AND (#status = :processing OR #status = :pending) AND (${lapsed}) `
          + "AND (attribute_not_exists(attempts) OR attempts < :max)",
        ExpressionAttributeNames: { "#status": "status", "#updated_at": "updated_at" },
        ExpressionAttributeValues: values,
        ReturnValues: "ALL_NEW",
      }));
      return out.Attributes as JobRecord;
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") return undefined;
      throw err;
    }
  }

  /**
   * Renews `owner`'s lease and records `changes` (progress, phase, the upload in flight). False when the
   * lease is no longer the owner's (taken over, or the job left processing): the worker must stop.
   */
  async renew(generationId: string, owner: string, leaseMs: number, changes: JobChanges = {}): Promise<boolean> {
    try {
      await this.owned(generationId, owner, "processing", { ...changes, lease_expires_at: Date.now() + leaseMs });
      return true;
    } catch (err) {
      if (err instanceof JobConflictError) return false;
      throw err;
    }
  }

  /** Ends a job `owner` holds: completed or failed with `changes`. False when `owner` no longer holds it. */
  async finish(generationId: string, owner: string, to: "completed" | "failed", changes: JobChanges): Promise<boolean> {
    try {
      await this.owned(generationId, owner, to, { ...changes, lease_expires_at: 0 });
      return true;
    } catch (err) {
      if (err instanceof JobConflictError) return false;
      throw err;
    }
  }

  /** Fails a job whose lease has lapsed (or that never had one); false when a live worker holds it or it ended. */
  async failLapsed(generationId: string, reason: string, now = Date.now()): Promise<boolean> {
    try {
      await this.ddb.send(new UpdateCommand({
        TableName: this.table,
        Key: { generation_id: generationId },
        UpdateExpression: "SET #status = :failed, #errors = :errors, #updated_at = :iso, lease_expires_at = :zero",
        ConditionExpression: "(#status = :processing OR #status = :pending) "
          + "AND (attribute_not_exists(lease_expires_at) OR lease_expires_at < :now)",
        ExpressionAttributeNames: { "#status": "status", "#errors": "errors", "#updated_at": "updated_at" },
        ExpressionAttributeValues: {
          ":failed": "failed", ":processing": "processing", ":pending": "pending", ":errors": [reason],
          ":iso": new Date(now).toISOString(), ":now": now, ":zero": 0,
        },
      }));
      return true;
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") return false;
      throw err;
    }
  }

  /**
   * Lapses the lease of an unfinished job held by an owner whose id does not start with `ownPrefix`: only
   * for a store no other process can reach (the local stand-ins, whose folder one process holds), at
   * start-up, where every lease of another owner belongs to a process that has ended.
   */
  async lapseForeignLease(generationId: string, ownPrefix: string): Promise<boolean> {
    try {
      await this.ddb.send(new UpdateCommand({
        TableName: this.table,
        Key: { generation_id: generationId },
        UpdateExpression: "SET lease_expires_at = :zero",
        ConditionExpression: "(#status = :processing OR #status = :pending) AND attribute_exists(lease_owner) AND NOT begins_with(lease_owner, :mine)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":zero": 0, ":processing": "processing", ":pending": "pending", ":mine": ownPrefix },
      }));
      return true;
    } catch (err) {
      if ((err as Error).name === "ConditionalCheckFailedException") return false;
      throw err;
    }
  }

  /** Failed jobs created since `sinceIso` whose outputs are still to be removed (cleanup_pending). */
  async awaitingCleanup(sinceIso: string, limit = 200): Promise<JobRecord[]> {
    const found: JobRecord[] = [];
    for (let start: Record<string, unknown> | undefined; found.length < limit;) {
      const out = await this.ddb.send(new QueryCommand({
        TableName: this.table,
        IndexName: STATUS_INDEX,
        KeyConditionExpression: "#status = :failed AND created_at >= :since",
        FilterExpression: "cleanup_pending = :yes",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":failed": "failed", ":since": sinceIso, ":yes": true },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }));
      found.push(...((out.Items ?? []) as JobRecord[]));
      if (!out.LastEvaluatedKey) break;
      start = out.LastEvaluatedKey;
    }
    return found.slice(0, limit);
  }

  /** Records whether a failed job still has outputs to remove. */
  async setCleanupPending(generationId: string, pending: boolean): Promise<void> {
    try {
      await this.transition(generationId, "failed", "failed", { cleanup_pending: pending ? true : null });
    } catch (err) {
      if (!(err instanceof JobConflictError)) throw err;
    }
  }

  /** Jobs not yet completed or failed (pending and processing), read from the status index, at most `limit`. */
  async unfinished(limit = 500): Promise<JobRecord[]> {
    const found: JobRecord[] = [];
    for (const status of ["processing", "pending"] as const) {
      for (let start: Record<string, unknown> | undefined; found.length < limit;) {
        const out = await this.ddb.send(new QueryCommand({
          TableName: this.table,
          IndexName: STATUS_INDEX,
          KeyConditionExpression: "#status = :status",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":status": status },
          Limit: Math.min(100, limit - found.length),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }));
        found.push(...((out.Items ?? []) as JobRecord[]));
        if (!out.LastEvaluatedKey) break;
        start = out.LastEvaluatedKey;
      }
    }
    return found.slice(0, limit);
  }

  /** Sets `changes` (and status `to`) on a processing job, only while `owner` holds its lease. */
  private async owned(generationId: string, owner: string, to: JobStatus, changes: JobChanges): Promise<void> {
    await this.transition(generationId, "processing", to, changes, "lease_owner = :owner", { ":owner": owner });
  }
}

/** Whether a job not yet ended has no live worker: its lease lapsed, or it never had one for a lease's time. */
export function leaseLapsed(job: JobRecord, leaseMs: number, now = Date.now()): boolean {
  if (job.status !== "pending" && job.status !== "processing") return false;
  if (job.lease_expires_at !== undefined) return job.lease_expires_at < now;
  return Date.parse(job.updated_at) + leaseMs < now;
}
