// The generation operations: create a job, generate the data set to S3, measure it, and report.
// Small volumes run inside the call; larger ones return `processing` and continue in an asynchronous
// invocation of the same function (locally: in the same process).
import { randomInt } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { assertColumnNames, assertRecordSchema, checkSchema, noteWarnings, syncRowsFor } from "../shared/schemaInput";
import type { ComplianceRegime, DataType, JsonSchemaObject, OutputFormat, Row, SchemaInput } from "../engine/schema/types";
import type { FunctionConfig } from "../shared/config";
import { ConflictError, NotFoundError, RequestValidationError } from "../shared/errors";
import { asInputError, splitFindings, type SchemaFinding } from "../shared/engine";
import { learnReference, prepareGeneration, type GenerationOptions, type ReferenceProfile } from "../engine/generate";
import { createEncoder, readRows, writeRows } from "../engine/io";
import type { Readable } from "node:stream";
import { validateSchema } from "../engine/validate";
import { fingerprint, generationIdFor, JobConflictError, type JobRecord, type JobStore } from "../shared/jobs";
import { dataFileKey, formatOfKey, generationFolder, resolveDataLocation, s3Uri } from "../shared/locations";
import { countMetric, logger, METRIC, msMetric, publishMetrics, scoreMetric } from "../shared/powertools";
import { invalidRows, isReadableFormat, measureStoredData, probeReadable, storeQualityReports } from "../shared/quality";
import { fitResponse } from "../shared/responseSize";
import { assertExists, CONTENT_TYPES, deleteKeys, presignGet, putJson, readStream, uploadStream } from "../shared/storage";
import type { InvocationInfo } from "../shared/adapters";

export interface GenerateArgs {
  data_type: DataType;
  volume: number;
  schema: SchemaInput;
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
}

/** The internal event of the asynchronous continuation. */
export interface ContinuationEvent { sdgaContinuation: { generation_id: string } }
export function isContinuationEvent(event: unknown): event is ContinuationEvent {
  const c = (event as ContinuationEvent | null)?.sdgaContinuation;
  return typeof c === "object" && c !== null && typeof c.generation_id === "string";
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

/** Every object a job writes: its data file(s), metadata and quality reports. */
export function outputKeys(folder: string, format: OutputFormat, shards: number): string[] {
  const data = Array.from({ length: shards }, (_, index) => dataFileKey(folder, format, { index, count: shards }));
  return [...data, `${folder}metadata.json`, `${folder}quality_report.json`, `${folder}quality_report.html`];
}

/** Learns the reference data set's distributions (and row hashes, so no real row is copied). */
async function referenceProfile(deps: GenerationDeps, job: JobRecord): Promise<ReferenceProfile | undefined> {
  if (!job.reference_data_location) return undefined;
  const { config } = deps;
  const ref = resolveDataLocation(job.reference_data_location, config.dataBucket, config.dataPrefix, "reference_data_location");
  const schema = JSON.parse(job.schema_json) as SchemaInput;
  return learnReference(readRows(formatOfKey(ref.key)!, await readStream(deps.s3, ref.bucket, ref.key), schema));
}

function optionsOf(job: JobRecord, shard?: { index: number; count: number }, reference?: ReferenceProfile): GenerationOptions {
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
    progress: job.volume ? Math.min(1, (job.records_generated ?? 0) / job.volume) : 0,
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

function sampleJson(sample: Row[]): string {
  return JSON.stringify(fitResponse(sample, SAMPLE_BUDGET_BYTES));
}

// ---- operations --------------------------------------------------------------------------------------

export async function generateSyntheticData(deps: GenerationDeps, args: GenerateArgs, info: InvocationInfo):
  Promise<Record<string, unknown>> {
  const { config } = deps;
  if (args.volume > config.maxVolume) {
    throw new RequestValidationError(`volume ${args.volume} is above this stack's ceiling of ${config.maxVolume}`, { field: "volume" });
  }
  const { schema, notes } = checkSchema(args.schema, args.component);
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
    mode: args.volume <= syncRowsFor(schema, config.syncRowLimit) ? "sync" : "async",
    data_type: args.data_type,
    output_format: args.output_format,
    volume: args.volume,
    seed,
    schema_json: JSON.stringify(schema),
    folder: generationFolder(config.dataPrefix, generationId, now),
    records_generated: 0,
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
    return viewOf(deps, stored);
  }
  countMetric(METRIC.generationsStarted);
  await deps.jobs.transition(generationId, "pending", "processing");

  if (job.mode === "sync") {
    await deps.jobs.claim(generationId);
    const { job: finished, sample } = await runGeneration(deps, { ...job, status: "processing" });
    return viewOf(deps, finished, sample);
  }
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

export async function getGeneration(deps: GenerationDeps, args: { generation_id: string }): Promise<Record<string, unknown>> {
  const job = await deps.jobs.get(args.generation_id);
  if (!job) throw new NotFoundError(`no generation with id ${args.generation_id}`, { generation_id: args.generation_id });
  return viewOf(deps, job);
}

/** The asynchronous continuation: claims the job (once) and runs it. */
export async function continueGeneration(deps: GenerationDeps, generationId: string): Promise<{ status: string }> {
  logger.appendKeys({ generation_id: generationId });
  const job = await deps.jobs.get(generationId);
  if (!job || job.status !== "processing" || !(await deps.jobs.claim(generationId))) {
    logger.info("continuation skipped: job missing, not processing, or already claimed");
    return { status: job?.status ?? "missing" };
  }
  const { job: finished } = await runGeneration(deps, job);
  return { status: finished.status };
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
function failureReason(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: unknown };
  if (e?.$metadata || typeof e?.code === "string") {
    return `storage error (${e.code ?? e.name ?? "S3"}): the data set could not be stored`;
  }
  return `${e?.name ?? "Error"}: ${String(e?.message ?? err).slice(0, 300)}`;
}

/** One shard's bytes, counting rows as they are generated so a running job can report progress. */
function shardStream(opts: GenerationOptions, onRow: () => void): Readable {
  const plan = prepareGeneration(opts);
  function* counted(): Generator<Row> {
    for (const row of plan.rows()) {
      onRow();
      yield row;
    }
  }
  return writeRows(opts.format, plan.schema, counted());
}

/** Every shard's rows once more, as they were written (generation is deterministic for a seed). */
function* regeneratedRows(job: JobRecord, count: number, reference: ReferenceProfile | undefined): Generator<Row> {
  for (let index = 0; index < count; index++) yield* prepareGeneration(optionsOf(job, { index, count }, reference)).rows();
}

/** Writes a background job's row count to its record every `intervalMs` (one write in flight at a time). */
function startProgressReports(deps: GenerationDeps, job: JobRecord, rowsSoFar: () => number, started: number): () => void {
  if (job.mode !== "async") return () => undefined;
  let inFlight = false;
  const timer = setInterval(() => {
    if (inFlight) return;
    inFlight = true;
    deps.jobs.progress(job.generation_id, rowsSoFar(), Date.now() - started)
      .catch((err) => logger.warn("could not record progress", { error: String(err) }))
      .finally(() => { inFlight = false; });
  }, deps.config.progressIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Generates the data files, writes metadata and quality reports, and completes the job; on any failure the
 * data objects are removed by the upload and the job is marked failed with the reason.
 */
export async function runGeneration(deps: GenerationDeps, job: JobRecord): Promise<{ job: JobRecord; sample: Row[] }> {
  const started = Date.now();
  const { s3, config } = deps;
  const format = job.output_format as OutputFormat;
  const count = shardCount(job.volume, config.shardRows);
  const files: string[] = [];
  let rowsSoFar = 0;
  const stopReports = startProgressReports(deps, job, () => rowsSoFar, started);
  try {
    const reference = await referenceProfile(deps, job);
    for (let index = 0; index < count; index++) {
      const key = dataFileKey(job.folder, format, { index, count });
      const bytes = shardStream(optionsOf(job, { index, count }, reference), () => { rowsSoFar += 1; });
      await uploadStream(s3, config.dataBucket, key, bytes, CONTENT_TYPES[format]!);
      files.push(key);
    }
    stopReports();
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
    const reports = await storeQualityReports(s3, config.dataBucket, job.folder, outcome);
    const executionMs = Date.now() - started;
    const warnings: string[] = [...(job.warnings ?? [])];
    const invalid = invalidRows(outcome.validation);
    // A data set is never reported completed with rows the schema's validator rejects: it fails (and its objects are removed).
    if (invalid > 0) {
      const first = (outcome.validation.top_errors as Array<{ field?: string; message?: string }> | undefined)?.[0];
      throw new Error(`${invalid} generated row(s) do not validate against the schema${first ? ` (${first.field}: ${first.message})` : ""}; the data set was not kept`);
    }
    await putJson(s3, config.dataBucket, `${job.folder}metadata.json`, {
      generation_id: job.generation_id, data_type: job.data_type, output_format: job.output_format, volume: job.volume,
      seed: job.seed, compliance_requirements: job.compliance_requirements ?? [], created_at: job.created_at,
      files, schema, quality_summary: outcome.summary, execution_time_ms: executionMs,
    });
    const completed: Partial<JobRecord> = {
      files, records_generated: job.volume, execution_time_ms: executionMs, quality_summary: outcome.summary,
      quality_report_key: reports.jsonKey, html_report_key: reports.htmlKey, warnings, sample_json: sampleJson(outcome.sample),
    };
    await deps.jobs.transition(job.generation_id, "processing", "completed", completed);
    countMetric(METRIC.rowsGenerated, job.volume);
    msMetric(METRIC.generationDurationMs, executionMs);
    const score = outcome.summary.overall_quality_score;
    if (typeof score === "number") scoreMetric(METRIC.qualityScore, score);
    if (invalid > 0) countMetric(METRIC.validationFailures, invalid);
    logger.info("generation completed", { rows: job.volume, files: files.length, execution_ms: executionMs });
    return { job: { ...job, ...completed, status: "completed", updated_at: new Date().toISOString() } as JobRecord, sample: outcome.sample };
  } catch (err) {
    const reason = failureReason(err);
    logger.error("generation failed", { reason, error: err instanceof Error ? err.message : String(err) });
    await failJob(deps, job.generation_id, reason).catch((e) => logger.error("could not mark the job failed", e as Error));
    const current = (await deps.jobs.get(job.generation_id).catch(() => undefined)) ?? { ...job, status: "failed", errors: [reason] };
    // Nothing half-written: a failed job keeps no data files or reports.
    if (current.status !== "completed") await deleteKeys(s3, config.dataBucket, outputKeys(job.folder, format, count));
    return { job: current as JobRecord, sample: [] };
  } finally {
    stopReports();
    publishMetrics();
  }
}
