// The generation operations: create a job, generate the data set to S3, measure it, and report.
// Every request is costed before it runs (requestCost.ts): beyond the stack's size ceilings it is refused;
// small ones run inside the call; larger ones return `processing` and continue in an asynchronous
// invocation of the same function (locally: in the same process).
//
// A worker runs a job only under its lease (jobs.ts), renewed by heartbeats that also carry its progress and
// the parts it has finished. When a worker dies, its lease lapses: a retried request, getGeneration, the
// sweeper (scheduled in the stack; at start-up and on a timer locally) or a redelivered continuation takes
// the job over and resumes it after its last finished part, until its attempts are spent; then it ends
// failed with the reason, and its partial outputs are deleted.
import { randomInt, randomUUID } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { assertColumnNames, assertRecordSchema, checkSchema, noteWarnings } from "../shared/schemaInput";
import type { ComplianceRegime, DataType, JsonSchemaObject, OutputFormat, Row, SchemaInput } from "../engine/schema/types";
import type { FunctionConfig } from "../shared/config";
import { ConflictError, NotFoundError, RequestValidationError } from "../shared/errors";
import { asInputError, splitFindings, type SchemaFinding } from "../shared/engine";
import { learnReference, prepareGeneration, type GenerationOptions, type GenerationPlan, type ReferenceProfile } from "../engine/generate";
import { createEncoder, readRows, writeRows } from "../engine/io";
import type { Readable } from "node:stream";
import { validateSchema } from "../engine/validate";
import { fingerprint, generationIdFor, JobConflictError, leaseLapsed, type JobChanges, type JobRecord, type JobStore } from "../shared/jobs";
import { dataFileKey, formatOfKey, generationFolder, resolveDataLocation, s3Uri } from "../shared/locations";
import { countMetric, logger, METRIC, msMetric, publishMetrics, scoreMetric } from "../shared/powertools";
import { invalidRows, isReadableFormat, measureStoredData, probeReadable, storeQualityReports } from "../shared/quality";
import { fitResponse } from "../shared/responseSize";
import { abortUpload, assertExists, CONTENT_TYPES, deleteKeys, presignGet, putJson, readStream, uploadStream } from "../shared/storage";
import { assertWithinLimits, inCallRows, requestCost } from "../shared/requestCost";
import { withLogContext } from "../shared/logContext";
import type { InvocationInfo } from "../shared/adapters";
import { assertOneInput } from "../shared/datasetInput";
import { datasetOutputKeys, prepareDatasetRequest, runDatasetJob } from "./datasetGeneration";
import { pipelined, shardSummaryKey, startPipelineExecution, type PipelineInput } from "./pipeline";

export interface GenerateArgs {
  data_type: DataType;
  volume: number;
  /** One record structure; or instead `dataset`, several related tables (DDL or a data-set document as JSON text). */
  schema?: SchemaInput;
  dataset?: string;
  /** The part of an OpenAPI or JSON Schema document to generate (`components/schemas/NAME`, `$defs/NAME`). */
  component?: string;
  output_format: OutputFormat;
  seed?: number;
  compliance_requirements?: ComplianceRegime[];
  reference_data_location?: string;
  idempotency_key?: string;
}

export interface GenerationDeps {
  config: FunctionConfig;
  s3: S3Client;
  jobs: JobStore;
  /** Starts the asynchronous continuation of a job (Lambda async self-invoke; locally in-process). */
  startContinuation(generationId: string): Promise<void>;
  /**
   * Starts an execution of the stack's generation pipeline (Step Functions; locally the definition run in
   * this process), for jobs above config.pipelineRowThreshold. Absent: every job runs in one invocation.
   */
  startPipeline?: (input: PipelineInput) => Promise<void>;
  /**
   * Fault injection for the fault specs: awaited at each phase of a run (a test makes it hang, as a killed
   * process would, or throw). Absent in production.
   */
  faults?: FaultHook;
}

/** Where a run can be interrupted: before its first part, after each part, around its reports. */
export type RunPhase = "before-parts" | "after-part" | "before-reports" | "after-reports";
export type FaultHook = (phase: RunPhase, at: { generationId: string; part?: number }) => Promise<void> | void;

/** Prefix of every lease owner id of this process (one per execution environment on Lambda). */
export const PROCESS_WORKER_ID = randomUUID().slice(0, 8);
const newOwner = () => `${PROCESS_WORKER_ID}:${randomUUID().slice(0, 8)}`;

/** The internal event of the asynchronous continuation. */
export interface ContinuationEvent { sdgaContinuation: { generation_id: string } }
export function isContinuationEvent(event: unknown): event is ContinuationEvent {
  const c = (event as ContinuationEvent | null)?.sdgaContinuation;
  return typeof c === "object" && c !== null && typeof c.generation_id === "string";
}

/** The scheduled sweep (an EventBridge rule's input in the stack). */
export interface SweepEvent { sdgaSweep: Record<string, unknown> }
export function isSweepEvent(event: unknown): event is SweepEvent {
  const s = (event as SweepEvent | null)?.sdgaSweep;
  return typeof s === "object" && s !== null;
}

const SAMPLE_BUDGET_BYTES = 4096;

export function shardCount(volume: number, shardRows: number): number {
  return Math.max(1, Math.ceil(volume / shardRows));
}

/**
 * Runs the schema validator first: contradictory or unsatisfiable schemas are the caller's to fix (4xx).
 * Returns its non-blocking remarks, which the answer carries as warnings.
 */
function refuseInvalidSchema(schema: JsonSchemaObject, compliance: string[] | undefined, volume: number): string[] {
  let result: Record<string, unknown>;
  try {
    result = validateSchema({ schema, ...(compliance ? { compliance_requirements: compliance } : {}), volume }) as unknown as Record<string, unknown>;
  } catch (err) {
    asInputError(err, "schema cannot be validated");
  }
  const { errors: findings, warnings } = splitFindings((result.errors as SchemaFinding[] | undefined) ?? []);
  if (result.valid === false || findings.length) {
    const text = findings.slice(0, 5).map((f) => `${f.field ?? "schema"}: ${f.message ?? "invalid"}`).join("; ");
    throw new RequestValidationError(`schema is not valid: ${text || "see details"}`, { problems: findings.slice(0, 20) });
  }
  return warnings.slice(0, MAX_SCHEMA_WARNINGS).map((f) => `${f.field ?? "schema"}: ${f.message ?? ""}`.slice(0, 300));
}

const MAX_SCHEMA_WARNINGS = 10;

/** Every object a job writes: its data file(s), metadata and quality reports (and a pipeline's shard summaries). */
export function outputKeys(folder: string, format: OutputFormat, shards: number): string[] {
  const data = Array.from({ length: shards }, (_, index) => dataFileKey(folder, format, { index, count: shards }));
  const summaries = shards > 1 ? Array.from({ length: shards }, (_, index) => shardSummaryKey(folder, index)) : [];
  return [...data, ...summaries, `${folder}metadata.json`, `${folder}quality_report.json`, `${folder}quality_report.html`];
}

/** Learns the reference data set's distributions (and row hashes, so no real row is copied). */
export async function referenceProfile(deps: GenerationDeps, job: JobRecord): Promise<ReferenceProfile | undefined> {
  if (!job.reference_data_location) return undefined;
  const { config } = deps;
  const ref = resolveDataLocation(job.reference_data_location, config.dataBucket, config.dataPrefix, "reference_data_location");
  const schema = JSON.parse(job.schema_json) as SchemaInput;
  return learnReference(readRows(formatOfKey(ref.key)!, await readStream(deps.s3, ref.bucket, ref.key), schema));
}

export function optionsOf(job: JobRecord, shard?: { index: number; count: number }, reference?: ReferenceProfile): GenerationOptions {
  const opts: GenerationOptions = {
    schema: JSON.parse(job.schema_json) as SchemaInput,
    rows: job.volume,
    seed: job.seed,
    format: job.output_format as OutputFormat,
  };
  if (job.compliance_requirements?.length) opts.compliance = job.compliance_requirements as ComplianceRegime[];
  if (shard && shard.count > 1) opts.shard = shard;
  if (reference) opts.reference = reference;
  return opts;
}

// ---- views -------------------------------------------------------------------------------------------

export async function viewOf(deps: GenerationDeps, job: JobRecord, sample?: Row[]): Promise<Record<string, unknown>> {
  const { dataBucket } = deps.config;
  const view: Record<string, unknown> = {
    generation_id: job.generation_id,
    status: job.status,
    data_type: job.data_type,
    output_format: job.output_format,
    volume: job.volume,
    records_generated: job.records_generated ?? 0,
    progress: plannedRows(job) ? Math.min(1, (job.records_generated ?? 0) / plannedRows(job)) : 0,
    output_location: s3Uri(dataBucket, job.folder),
    created_at: job.created_at,
    updated_at: job.updated_at,
    warnings: job.warnings ?? [],
    errors: job.errors ?? [],
  };
  if (job.execution_time_ms !== undefined) view.execution_time_ms = job.execution_time_ms;
  if (job.status === "completed" && job.files?.length) {
    view.files = job.files.map((k) => s3Uri(dataBucket, k));
    if (job.files.length === 1) view.output_location = s3Uri(dataBucket, job.files[0]!);
    view.download_url = await presignGet(deps.s3, dataBucket, job.files[0]!);
  }
  if (job.quality_summary) view.data_quality_metrics = job.quality_summary;
  if (job.quality_report_key) view.quality_report_location = s3Uri(dataBucket, job.quality_report_key);
  const rows = sample ?? (job.sample_json ? (JSON.parse(job.sample_json) as Row[]) : undefined);
  if (rows) view.sample = rows;
  return view;
}

/** Rows a job makes: its volume, or for a data set the rows of all its tables. */
function plannedRows(job: JobRecord): number {
  return job.dataset_counts ? Object.values(job.dataset_counts).reduce((a, n) => a + n, 0) : job.volume;
}

export function sampleJson(sample: Row[]): string {
  return JSON.stringify(fitResponse(sample, SAMPLE_BUDGET_BYTES));
}

// ---- operations --------------------------------------------------------------------------------------

export async function generateSyntheticData(deps: GenerationDeps, args: GenerateArgs, info: InvocationInfo):
  Promise<Record<string, unknown>> {
  const { config } = deps;
  if (args.volume > config.maxVolume) {
    throw new RequestValidationError(`volume ${args.volume} is above this stack's ceiling of ${config.maxVolume}`, { field: "volume" });
  }
  if (assertOneInput(args) === "dataset") {
    const seed = args.seed ?? randomInt(0, 2 ** 31);
    const request = await prepareDatasetRequest(config, { ...args, dataset: args.dataset! }, seed);
    return startJob(deps, args, info, {
      seed, schemaJson: "{}", estimatedBytes: request.estimatedBytes,
      inCall: request.total <= config.syncRowLimit, warnings: request.warnings,
      dataset: { dataset_text: request.dataset_text, dataset_counts: request.dataset_counts },
    });
  }
  const { schema, notes } = checkSchema(args.schema!, args.component);
  if (args.reference_data_location !== undefined) {
    const ref = resolveDataLocation(args.reference_data_location, config.dataBucket, config.dataPrefix, "reference_data_location");
    const refFormat = formatOfKey(ref.key);
    if (!refFormat || !isReadableFormat(refFormat)) throw new RequestValidationError("reference_data_location must end in .json, .jsonl, .csv or .parquet");
    await assertExists(deps.s3, ref.bucket, ref.key);
    // A reference that cannot be read is the caller's to fix: refused now, not as a failed job later.
    try {
      await probeReadable(deps.s3, ref.bucket, ref.key, refFormat, schema);
    } catch (err) {
      asInputError(err, "reference_data_location cannot be read");
    }
  }
  const seed = args.seed ?? randomInt(0, 2 ** 31);
  const schemaWarnings = [...noteWarnings(notes), ...refuseInvalidSchema(schema, args.compliance_requirements, args.volume)].slice(0, MAX_SCHEMA_WARNINGS);
  assertRecordSchema(schema);
  assertColumnNames(schema, args.output_format);
  // The request's cost, before a single row exists (compiling the plan already generates a few probe rows):
  // beyond the stack's ceilings it is refused, naming the field that makes it large.
  const cost = requestCost(schema, args.volume);
  assertWithinLimits(cost, config.limits);
  try {
    // Compiles the schema once: an unsupported schema is refused before any job or object exists.
    const plan = prepareGeneration({
      schema, rows: args.volume, seed, format: args.output_format,
      ...(args.compliance_requirements?.length ? { compliance: args.compliance_requirements } : {}),
    });
    // An optional property the engine cannot generate is left out of every row: the answer says so.
    schemaWarnings.push(...plan.warnings.slice(0, MAX_SCHEMA_WARNINGS).map((w) => `${w.path}: ${w.message}`.slice(0, 300)));
    // The output format must be able to hold these records (Parquet needs declared columns): refused now,
    // not after the job exists.
    createEncoder(args.output_format, plan.schema);
  } catch (err) {
    asInputError(err, "schema cannot be generated");
  }
  return startJob(deps, args, info, {
    seed, schemaJson: JSON.stringify(schema), estimatedBytes: Math.round(cost.bytes),
    inCall: args.volume <= inCallRows(cost, config.syncRowLimit), warnings: schemaWarnings,
  });
}

/** What a checked request makes its job of. */
interface JobStart {
  seed: number;
  schemaJson: string;
  estimatedBytes: number;
  /** Small enough to run within the call. */
  inCall: boolean;
  warnings: string[];
  dataset?: Pick<JobRecord, "dataset_text" | "dataset_counts">;
}

/** Creates the job of a checked request (or finds the one its idempotency key made) and runs or starts it. */
async function startJob(deps: GenerationDeps, args: GenerateArgs, info: InvocationInfo, start: JobStart): Promise<Record<string, unknown>> {
  const { config } = deps;
  const { seed, warnings: schemaWarnings } = start;
  const requestKey = args.idempotency_key !== undefined ? `key:${args.idempotency_key}` : info.requestKey;
  const generationId = generationIdFor(requestKey);
  const now = new Date();
  const { seed: _seed, idempotency_key: _key, ...fingerprinted } = args;
  const job: JobRecord = {
    generation_id: generationId,
    status: "pending",
    request_fingerprint: fingerprint(args.seed === undefined ? fingerprinted : { ...fingerprinted, seed: args.seed }),
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
    expires_at: Math.floor(now.getTime() / 1000) + config.jobTtlDays * 86_400,
    mode: start.inCall ? "sync" : "async",
    data_type: args.data_type,
    output_format: args.output_format,
    volume: args.volume,
    seed,
    schema_json: start.schemaJson,
    ...start.dataset,
    folder: generationFolder(config.dataPrefix, generationId, now),
    records_generated: 0,
    estimated_bytes: start.estimatedBytes,
    warnings: schemaWarnings,
  };
  if (args.compliance_requirements?.length) job.compliance_requirements = args.compliance_requirements;
  if (args.reference_data_location !== undefined) job.reference_data_location = args.reference_data_location;

  const { created, job: stored } = await deps.jobs.create(job);
  logger.appendKeys({ generation_id: generationId });
  if (!created) {
    if (stored.request_fingerprint !== job.request_fingerprint) {
      throw new ConflictError(`idempotency key already used for a different request (generation ${generationId})`, { generation_id: generationId });
    }
    logger.info("repeated request: returning the existing generation");
    return viewOf(deps, await takeOverIfStalled(deps, stored));
  }
  countMetric(METRIC.generationsStarted);

  if (job.mode === "sync") {
    const owner = newOwner();
    const held = await deps.jobs.acquire(generationId, owner, leaseTerms(deps));
    // Someone else (a sweeper racing the creation) took it: it runs there.
    if (!held) return viewOf(deps, (await deps.jobs.get(generationId)) ?? job);
    const { job: finished, sample } = await runGeneration(deps, held, owner);
    return viewOf(deps, finished, sample);
  }
  await deps.jobs.transition(generationId, "pending", "processing");
  try {
    await deps.startContinuation(generationId);
  } catch (err) {
    logger.error("could not start the background generation", err as Error);
    await failJob(deps, generationId, "could not start the background generation");
    publishMetrics();
    throw err;
  }
  return viewOf(deps, { ...job, status: "processing" });
}

/** getGeneration: the job as stored; one whose worker died is taken over (or failed) first, never shown running. */
export async function getGeneration(deps: GenerationDeps, args: { generation_id: string }): Promise<Record<string, unknown>> {
  logger.appendKeys({ generation_id: args.generation_id });
  const job = await deps.jobs.get(args.generation_id);
  if (!job) throw new NotFoundError(`no generation with id ${args.generation_id}`, { generation_id: args.generation_id });
  return viewOf(deps, await recoverIfStalled(deps, job));
}

/** The asynchronous continuation (and a takeover): takes the job's lease and runs it, or ends it when spent. */
export async function continueGeneration(deps: GenerationDeps, generationId: string): Promise<{ status: string }> {
  return withLogContext({ generation_id: generationId, worker: "continuation" }, async () => {
    const owner = newOwner();
    const held = await deps.jobs.acquire(generationId, owner, leaseTerms(deps));
    if (!held) {
      const job = await deps.jobs.get(generationId);
      if (job && leaseLapsed(job, deps.config.leaseMs) && (job.attempts ?? 0) >= deps.config.maxAttempts) {
        return { status: (await abandonJob(deps, job)).status };
      }
      logger.info("continuation skipped: job missing, ended, or held by a live worker");
      return { status: job?.status ?? "missing" };
    }
    if (deps.startPipeline && pipelined(held, deps.config)) return startPipelineExecution(deps, held, owner, deps.startPipeline);
    const { job: finished } = await runGeneration(deps, held, owner);
    return { status: finished.status };
  });
}

/**
 * The sweeper: every unfinished job whose worker died is resumed (a continuation takes it over) or, with its
 * attempts spent, failed with the reason and its partial outputs deleted. `foreignLeasesLapsed` (local
 * start-up only: the stand-ins' folder is this process's alone) treats every other process's lease as dead.
 */
export async function sweepGenerations(deps: GenerationDeps, options: { foreignLeasesLapsed?: boolean } = {}):
  Promise<{ resumed: string[]; failed: string[]; cleaned: string[] }> {
  return withLogContext({ worker: "sweeper" }, async () => {
    const resumed: string[] = [];
    const failed: string[] = [];
    for (const job of await deps.jobs.unfinished()) {
      let current: JobRecord | undefined = job;
      if (options.foreignLeasesLapsed && job.lease_owner && !job.lease_owner.startsWith(`${PROCESS_WORKER_ID}:`)
        && await deps.jobs.lapseForeignLease(job.generation_id, `${PROCESS_WORKER_ID}:`)) {
        current = await deps.jobs.get(job.generation_id);
      }
      if (!current) continue;
      const { done } = await withLogContext({ generation_id: job.generation_id }, () => recover(deps, current!));
      if (done === "failed") failed.push(job.generation_id);
      else if (done === "resumed") resumed.push(job.generation_id);
    }
    // Failed jobs whose outputs storage could not remove at the time (it was down): removed now.
    const since = new Date(Date.now() - CLEANUP_WINDOW_MS).toISOString();
    const cleaned: string[] = [];
    for (const job of await deps.jobs.awaitingCleanup(since)) {
      await withLogContext({ generation_id: job.generation_id }, () => removeOutputs(deps, job));
      cleaned.push(job.generation_id);
    }
    if (resumed.length || failed.length || cleaned.length) logger.info("sweep", { resumed: resumed.length, failed: failed.length, cleaned: cleaned.length });
    return { resumed, failed, cleaned };
  });
}

/** How far back the sweeper looks for failed jobs whose outputs are still to be removed. */
const CLEANUP_WINDOW_MS = 7 * 86_400_000;

export function leaseTerms(deps: GenerationDeps) {
  return { leaseMs: deps.config.leaseMs, maxAttempts: deps.config.maxAttempts };
}

/**
 * A job no live worker holds is resumed in a continuation (or failed when its attempts are spent); says what
 * was done and returns the job as it now stands.
 */
async function recover(deps: GenerationDeps, job: JobRecord): Promise<{ job: JobRecord; done: "resumed" | "failed" | "nothing" }> {
  if (!leaseLapsed(job, deps.config.leaseMs)) return { job, done: "nothing" };
  if ((job.attempts ?? 0) >= deps.config.maxAttempts) {
    const ended = await abandonJob(deps, job);
    return { job: ended, done: ended.status === "failed" ? "failed" : "nothing" };
  }
  logger.warn("taking over a job whose worker stopped", { attempts: job.attempts ?? 0, phase: job.phase ?? "not started" });
  try {
    await deps.startContinuation(job.generation_id);
  } catch (err) {
    logger.error("could not resume the generation", err as Error);
    return { job, done: "nothing" };
  }
  return { job: { ...job, status: "processing" }, done: "resumed" };
}

async function recoverIfStalled(deps: GenerationDeps, job: JobRecord): Promise<JobRecord> {
  return (await recover(deps, job)).job;
}

/** A repeated request for a job whose worker died: an in-call job is run again here, a background one resumed. */
async function takeOverIfStalled(deps: GenerationDeps, job: JobRecord): Promise<JobRecord> {
  if (job.mode !== "sync" || !leaseLapsed(job, deps.config.leaseMs)) return recoverIfStalled(deps, job);
  const owner = newOwner();
  const held = await deps.jobs.acquire(job.generation_id, owner, leaseTerms(deps));
  if (!held) return recoverIfStalled(deps, (await deps.jobs.get(job.generation_id)) ?? job);
  return (await runGeneration(deps, held, owner)).job;
}

/** Ends a job whose worker died once too often: failed with the reason, its partial outputs deleted. */
async function abandonJob(deps: GenerationDeps, job: JobRecord): Promise<JobRecord> {
  const attempts = job.attempts ?? 0;
  const reason = `the worker stopped before finishing (a crash, a timeout or a killed process) ${attempts === 1 ? "once" : `${attempts} times`}`
    + `${job.phase ? ` (last seen: ${job.phase})` : ""}; no attempts are left (setting jobMaxAttempts is ${deps.config.maxAttempts})`;
  if (!(await deps.jobs.failLapsed(job.generation_id, reason))) return (await deps.jobs.get(job.generation_id)) ?? job;
  countMetric(METRIC.generationsFailed);
  logger.error("generation failed: its worker stopped too often", { reason });
  await removeOutputs(deps, job);
  publishMetrics();
  return { ...job, status: "failed", errors: [reason] };
}

/**
 * A failed job keeps nothing: its data files, reports and metadata, and the upload a worker left open. When
 * storage cannot be reached for all of it, the job says so (cleanup_pending) and the sweeper finishes later.
 */
export async function removeOutputs(deps: GenerationDeps, job: JobRecord): Promise<void> {
  const { s3, config } = deps;
  const current = (await deps.jobs.get(job.generation_id).catch(() => undefined)) ?? job;
  let gone = true;
  if (current.upload_id && current.upload_key) gone = await abortUpload(s3, config.dataBucket, current.upload_key, current.upload_id);
  const keys = job.dataset_text !== undefined ? datasetOutputKeys(job, config.shardRows)
    : outputKeys(job.folder, job.output_format as OutputFormat, shardCount(job.volume, config.shardRows));
  gone = (await deleteKeys(s3, config.dataBucket, keys)) && gone;
  if (gone !== !current.cleanup_pending) {
    await deps.jobs.setCleanupPending(job.generation_id, !gone).catch((err) => logger.error("could not record the cleanup", err as Error));
  }
  if (!gone) logger.warn("a failed job's outputs could not all be removed yet; the sweeper will try again");
}

async function failJob(deps: GenerationDeps, generationId: string, reason: string): Promise<void> {
  countMetric(METRIC.generationsFailed);
  for (const from of ["processing", "pending"] as const) {
    try {
      await deps.jobs.transition(generationId, from, "failed", { errors: [reason] });
      return;
    } catch (err) {
      if (!(err instanceof JobConflictError)) throw err;
    }
  }
}

/** A failure reason safe to show the caller: input problems verbatim, ours summarised. */
export function failureReason(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: unknown };
  if (e?.$metadata || typeof e?.code === "string") {
    const code = e.code ?? e.name ?? "S3";
    // The stand-in says what went wrong on its side (a full disk); S3's own 5xx messages say nothing more.
    const detail = typeof e.message === "string" && /no space|ENOSPC|disk/i.test(e.message) ? `: ${e.message.slice(0, 120)}` : "";
    return `storage error (${code}${detail}): the data set could not be stored`;
  }
  return `${e?.name ?? "Error"}: ${String(e?.message ?? err).slice(0, 300)}`;
}

/** The worker lost its lease (taken over, or the job was ended by someone else): it must stop and touch nothing. */
export class LeaseLostError extends Error {
  constructor(readonly generationId: string) {
    super(`the lease on generation ${generationId} was lost`);
    this.name = "LeaseLostError";
  }
}

/** Work between two yields to the event loop while rows are generated: other requests are served meanwhile. */
const SLICE_MS = 10;

/** One shard's bytes, counting rows as they are generated, in time slices that leave the event loop free. */
function shardStream(opts: GenerationOptions, onRow: () => void, signal: AbortSignal, onPlan: (plan: GenerationPlan) => void): Readable {
  const plan = prepareGeneration(opts);
  onPlan(plan);
  async function* sliced(): AsyncGenerator<Row> {
    let sliceStart = performance.now();
    for (const row of plan.rows()) {
      onRow();
      yield row;
      if (performance.now() - sliceStart >= SLICE_MS) {
        await new Promise<void>((resume) => setImmediate(resume));
        signal.throwIfAborted();
        sliceStart = performance.now();
      }
    }
  }
  return writeRows(opts.format, plan.schema, sliced());
}

/** Every shard's rows once more, as they were written (generation is deterministic for a seed). */
function* regeneratedRows(job: JobRecord, count: number, reference: ReferenceProfile | undefined): Generator<Row> {
  for (let index = 0; index < count; index++) yield* prepareGeneration(optionsOf(job, { index, count }, reference)).rows();
}

/** Rows in the shards before `index` (shards split the volume as prepareGeneration does). */
function rowsBefore(volume: number, count: number, index: number): number {
  return count > 1 ? Math.min(volume, index * Math.ceil(volume / count)) : index > 0 ? volume : 0;
}

interface Lease {
  readonly signal: AbortSignal;
  readonly lost: boolean;
  /** Changes for the next heartbeat. */
  note(changes: JobChanges): void;
  /** A heartbeat now, with `changes` (resolves once tried, never rejects; a lost lease aborts `signal`). */
  beat(changes?: JobChanges): Promise<void>;
  stop(): void;
}

/**
 * Renews the worker's lease on a timer (a third of the lease, or the progress interval for background
 * jobs), each heartbeat carrying the rows written so far. A heartbeat that finds the lease gone aborts the
 * run through `signal`.
 */
function holdLease(deps: GenerationDeps, job: JobRecord, owner: string, rowsSoFar: () => number, started: number): Lease {
  const { leaseMs, progressIntervalMs } = deps.config;
  const controller = new AbortController();
  let pending: JobChanges = {};
  let stopped = false;
  let lost = false;
  let chain = Promise.resolve();
  const beat = (changes: JobChanges = {}) => {
    if (stopped || lost) return chain;
    const all: JobChanges = { ...pending, ...changes, records_generated: rowsSoFar(), execution_time_ms: Date.now() - started };
    pending = {};
    chain = chain.then(async () => {
      if (lost) return;
      try {
        if (!(await deps.jobs.renew(job.generation_id, owner, leaseMs, all))) {
          lost = true;
          controller.abort(new LeaseLostError(job.generation_id));
        }
      } catch (err) {
        // The table did not answer: the work goes on (what it records is for a takeover's benefit); if the
        // lease lapses meanwhile, a takeover may start, and this worker's conditional writes then fail.
        pending = { ...all, ...pending };
        logger.warn("could not renew the lease", { error: String(err) });
      }
    });
    return chain;
  };
  const interval = Math.max(1, Math.min(Math.floor(leaseMs / 3), job.mode === "async" ? progressIntervalMs : Infinity));
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = true;
    void beat().finally(() => { inFlight = false; });
  }, interval);
  timer.unref();
  return {
    signal: controller.signal,
    get lost() { return lost; },
    note(changes) { Object.assign(pending, changes); },
    beat,
    stop() { stopped = true; clearInterval(timer); },
  };
}

/**
 * Generates the data files (after the parts a previous worker finished), writes metadata and quality
 * reports, and completes the job, all under `owner`'s lease. On a failure the job is failed with the reason
 * and its outputs removed; a worker that lost its lease stops and leaves the job to its new holder.
 */
export async function runGeneration(deps: GenerationDeps, job: JobRecord, owner: string): Promise<{ job: JobRecord; sample: Row[] }> {
  return withLogContext({ generation_id: job.generation_id }, () => runUnderLease(deps, job, owner));
}

async function runUnderLease(deps: GenerationDeps, job: JobRecord, owner: string): Promise<{ job: JobRecord; sample: Row[] }> {
  const started = Date.now();
  const { s3, config } = deps;
  const format = job.output_format as OutputFormat;
  const count = shardCount(job.volume, config.shardRows);
  const first = Math.min(job.parts_done ?? 0, count);
  const files: string[] = Array.from({ length: first }, (_, index) => dataFileKey(job.folder, format, { index, count }));
  let rowsSoFar = rowsBefore(job.volume, count, first);
  const lease = holdLease(deps, job, owner, () => rowsSoFar, started);
  const fault = async (phase: RunPhase, part?: number) => {
    await deps.faults?.(phase, { generationId: job.generation_id, ...(part !== undefined ? { part } : {}) });
    lease.signal.throwIfAborted();
  };
  const attempt = job.attempts ?? 1;
  const warnings: string[] = [...(job.warnings ?? [])];
  if (attempt > 1) {
    warnings.push(`the worker running this job stopped; attempt ${attempt} of ${config.maxAttempts} resumed it${first ? ` after ${first} of ${count} data file(s)` : ""}`);
    logger.warn("resuming a job whose worker stopped", { attempt, parts_done: first, parts: count });
  }
  try {
    // The upload a dead worker left open is aborted (its parts removed) before anything is written again.
    if (job.upload_id && job.upload_key) {
      await abortUpload(s3, config.dataBucket, job.upload_key, job.upload_id);
      await lease.beat({ upload_key: null, upload_id: null });
    }
    await fault("before-parts");
    if (job.dataset_text !== undefined) {
      rowsSoFar = 0; // counted again from the first row: parts already stored are made again for the report
      const done = await runDatasetJob({ ...job, dataset_text: job.dataset_text }, job.parts_done ?? 0, {
        s3, config, signal: lease.signal, onRow: () => { rowsSoFar += 1; }, phase: (text) => lease.note({ phase: text }),
        onMultipartStarted: (key, uploadId) => lease.beat({ upload_key: key, upload_id: uploadId }),
        partsDone: async (index, parts) => {
          await lease.beat({ parts_done: index + 1, upload_key: null, upload_id: null, phase: `after part ${index + 1} of ${parts} (tables by shards)` });
          lease.signal.throwIfAborted();
          await fault("after-part", index);
        },
      });
      const executionMs = Date.now() - started;
      lease.stop();
      const completed: JobChanges = {
        files: done.files, records_generated: plannedRows(job), execution_time_ms: executionMs, quality_summary: done.summary,
        quality_report_key: done.reportKey, html_report_key: done.htmlReportKey, warnings, sample_json: sampleJson(done.sample), phase: "done",
      };
      if (!(await deps.jobs.finish(job.generation_id, owner, "completed", completed))) throw new LeaseLostError(job.generation_id);
      countMetric(METRIC.rowsGenerated, plannedRows(job));
      msMetric(METRIC.generationDurationMs, executionMs);
      logger.info("data set generation completed", { rows: plannedRows(job), files: done.files.length, execution_ms: executionMs, attempt });
      return { job: { ...job, ...completed, status: "completed", updated_at: new Date().toISOString() } as JobRecord, sample: done.sample };
    }
    const reference = await referenceProfile(deps, job);
    // The meaning chosen per field path (the same in every shard), for metadata.json.
    let meanings: GenerationPlan["meanings"] | undefined;
    for (let index = first; index < count; index++) {
      const key = dataFileKey(job.folder, format, { index, count });
      lease.note({ phase: `data file ${index + 1} of ${count}` });
      const bytes = shardStream(optionsOf(job, { index, count }, reference), () => { rowsSoFar += 1; }, lease.signal, (plan) => { meanings ??= plan.meanings; });
      await uploadStream(s3, config.dataBucket, key, bytes, CONTENT_TYPES[format]!, {
        signal: lease.signal,
        onMultipartStarted: (uploadId) => lease.beat({ upload_key: key, upload_id: uploadId }),
      });
      files.push(key);
      // Recorded before the next part, so a worker taking over starts after it.
      await lease.beat({ parts_done: index + 1, upload_key: null, upload_id: null, phase: `after data file ${index + 1} of ${count}` });
      lease.signal.throwIfAborted();
      await fault("after-part", index);
    }
    lease.note({ phase: "measuring the data set" });
    const schema = JSON.parse(job.schema_json) as SchemaInput;
    const referenceKey = job.reference_data_location
      ? resolveDataLocation(job.reference_data_location, config.dataBucket, config.dataPrefix, "reference_data_location").key
      : undefined;
    const outcome = await measureStoredData({
      s3, bucket: config.dataBucket, keys: files, format, schema,
      // SQL has no reader: the same seed gives the same rows, so the rows written are generated again.
      ...(isReadableFormat(format) ? {} : { rows: regeneratedRows(job, count, reference) }),
      ...(referenceKey ? { reference: { keys: [referenceKey], format: formatOfKey(referenceKey)! } } : {}),
    });
    await fault("before-reports");
    lease.note({ phase: "writing the reports" });
    const reports = await storeQualityReports(s3, config.dataBucket, job.folder, outcome);
    await fault("after-reports");
    const executionMs = Date.now() - started;
    const invalid = invalidRows(outcome.validation);
    // A data set is never reported completed with rows the schema's validator rejects: it fails (and its objects are removed).
    if (invalid > 0) {
      const first = (outcome.validation.top_errors as Array<{ field?: string; message?: string }> | undefined)?.[0];
      throw new Error(`${invalid} generated row(s) do not validate against the schema${first ? ` (${first.field}: ${first.message})` : ""}; the data set was not kept`);
    }
    await putJson(s3, config.dataBucket, `${job.folder}metadata.json`, {
      generation_id: job.generation_id, data_type: job.data_type, output_format: job.output_format, volume: job.volume,
      seed: job.seed, compliance_requirements: job.compliance_requirements ?? [], created_at: job.created_at,
      files, schema, quality_summary: outcome.summary, execution_time_ms: executionMs, estimated_bytes: job.estimated_bytes,
      attempts: attempt,
      // Why a value looks as it does: a job resumed after its last data file compiles the plan once more to say.
      meanings: meanings ?? prepareGeneration(optionsOf(job, { index: 0, count }, reference)).meanings,
    });
    lease.stop();
    const completed: JobChanges = {
      files, records_generated: job.volume, execution_time_ms: executionMs, quality_summary: outcome.summary,
      quality_report_key: reports.jsonKey, html_report_key: reports.htmlKey, warnings, sample_json: sampleJson(outcome.sample),
      parts_done: count, phase: "done",
    };
    if (!(await deps.jobs.finish(job.generation_id, owner, "completed", completed))) throw new LeaseLostError(job.generation_id);
    countMetric(METRIC.rowsGenerated, job.volume);
    msMetric(METRIC.generationDurationMs, executionMs);
    const score = outcome.summary.overall_quality_score;
    if (typeof score === "number") scoreMetric(METRIC.qualityScore, score);
    if (invalid > 0) countMetric(METRIC.validationFailures, invalid);
    logger.info("generation completed", { rows: job.volume, files: files.length, execution_ms: executionMs, attempt });
    return { job: { ...job, ...completed, status: "completed", updated_at: new Date().toISOString() } as JobRecord, sample: outcome.sample };
  } catch (err) {
    lease.stop();
    const lost = lease.lost || err instanceof LeaseLostError || (lease.signal.aborted && lease.signal.reason instanceof LeaseLostError);
    if (!lost) {
      const reason = failureReason(err);
      logger.error("generation failed", { reason, error: err instanceof Error ? err.message : String(err) });
      const ended = await deps.jobs.finish(job.generation_id, owner, "failed", { errors: [reason], phase: "failed" })
        .catch((e) => { logger.error("could not mark the job failed", e as Error); return false; });
      if (ended) {
        countMetric(METRIC.generationsFailed);
        // Nothing half-written: a failed job keeps no data files or reports.
        await removeOutputs(deps, job);
        return { job: { ...job, status: "failed", errors: [reason] }, sample: [] };
      }
    }
    // The job is no longer ours: another worker holds it (and its files), or it was ended meanwhile. Only a
    // failed job's outputs are removed; a running or completed one's are its holder's.
    logger.warn("stopped: the job is no longer held by this worker");
    const current = (await deps.jobs.get(job.generation_id).catch(() => undefined)) ?? job;
    if (current.status === "failed") await removeOutputs(deps, current);
    return { job: current, sample: [] };
  } finally {
    lease.stop();
    publishMetrics();
  }
}
