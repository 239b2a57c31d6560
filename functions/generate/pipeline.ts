// The generate function as the generation pipeline's shard worker (components/generationPipeline.ts): a job
// above the stack's row threshold is handed to an execution of the pipeline, which sends this function
//   {sdgaShard: {generationId, attempt, shard}}   one shard: its part-NNNNN.<ext> (multipart upload) and
//                                                 its summary (shard-summaries/part-NNNNN.json)
//   {sdgaPipeline: {step: "merge", ...}}          the summaries merged into the quality report and metadata,
//                                                 the job completed by conditional write, the summaries removed
//   {sdgaPipeline: {step: "fail", error, cause}}  the job failed with the reason, every part removed
// A data set's shard is shard i of every table (<table>/part-NNNNN.<ext>), its summary the rows' quality
// columns and each table's summary; its merge writes schema.sql and the data-set report (datasetGeneration.ts).
// The execution holds the job's lease under the owner `pipeline:<attempt>` (one conditional write hands the
// lease from the worker that started it), for the state machine's time limit: each step acts only while that
// owner holds the job, so a stale execution (one a takeover replaced) writes nothing.
import { Readable } from "node:stream";
import type { OutputFormat, Row, SchemaInput } from "../engine/schema/types";
import { readRows, writeRows } from "../engine/io";
import { prepareGeneration, type GenerationPlan } from "../engine/generate";
import { DatasetSummary, mergeSummaries, qualityReport, schemaValidator, type SummarySnapshot } from "../engine/metrics";
import type { FunctionConfig } from "../shared/config";
import type { JobRecord } from "../shared/jobs";
import { dataFileKey, formatOfKey, resolveDataLocation } from "../shared/locations";
import { countMetric, logger, METRIC, msMetric, publishMetrics } from "../shared/powertools";
import { invalidRows, SAMPLE_ROWS, storeQualityReports, summarise } from "../shared/quality";
import { CONTENT_TYPES, deleteKeys, putJson, readBytes, readStream, uploadStream } from "../shared/storage";
import { withLogContext } from "../shared/logContext";
import { jobDatasetShards, mergeDatasetShards, runDatasetShard } from "./datasetGeneration";
import {
  failureReason, optionsOf, referenceProfile, removeOutputs, sampleJson, shardCount, type GenerationDeps,
} from "./generation";

/** The execution's input: the job, the attempt that started it, and the shards to fan out. */
export interface PipelineInput { generationId: string; attempt: number; shards: number[] }

export interface ShardEvent { sdgaShard: { generationId: string; attempt: number; shard: number } }
export interface PipelineStepEvent {
  sdgaPipeline: { step: "merge" | "fail"; generationId: string; attempt: number; error?: string; cause?: string };
}

export function isShardEvent(event: unknown): event is ShardEvent {
  const s = (event as ShardEvent | null)?.sdgaShard;
  return typeof s === "object" && s !== null && typeof s.generationId === "string" && Number.isSafeInteger(s.attempt) && Number.isSafeInteger(s.shard);
}

export function isPipelineStepEvent(event: unknown): event is PipelineStepEvent {
  const p = (event as PipelineStepEvent | null)?.sdgaPipeline;
  return typeof p === "object" && p !== null && (p.step === "merge" || p.step === "fail") && typeof p.generationId === "string" && Number.isSafeInteger(p.attempt);
}

/** The lease owner of the pipeline execution started by attempt `attempt`. */
export const pipelineOwner = (attempt: number) => `pipeline:${attempt}`;

/** Where shard `index`'s summary waits for the merge (removed once merged, or when the job fails). */
export function shardSummaryKey(folder: string, index: number): string {
  return `${folder}shard-summaries/part-${String(index).padStart(5, "0")}.json`;
}

/** How many shards a job is cut into: its volume's, or a data set's (every table in the same count). */
export function jobShardCount(job: JobRecord, config: FunctionConfig): number {
  return job.dataset_text !== undefined ? jobDatasetShards(job, config.shardRows) : shardCount(job.volume, config.shardRows);
}

/** Rows a job makes: its volume, or a data set's rows of all tables (as the request check counted them). */
function jobRows(job: JobRecord): number {
  return job.dataset_counts ? Object.values(job.dataset_counts).reduce((a, n) => a + n, 0) : job.volume;
}

/** Whether `job` goes to the pipeline: a job above the row threshold (a data set: all its tables' rows) of more than one shard. */
export function pipelined(job: JobRecord, config: FunctionConfig): boolean {
  return config.pipelineRowThreshold !== undefined && jobRows(job) > config.pipelineRowThreshold && jobShardCount(job, config) > 1;
}

/** A step of an execution that no longer holds its job (a takeover replaced it, or the job ended). */
export class StaleExecutionError extends Error {
  constructor(generationId: string, attempt: number) {
    super(`generation ${generationId} is no longer held by the pipeline execution of attempt ${attempt}`);
    this.name = "StaleExecutionError";
  }
}

/**
 * Hands the job `owner` holds to a new pipeline execution: the lease moves to the execution's owner for its
 * time limit (conditional on `owner`), then the execution starts. When it cannot start, the job fails.
 */
export async function startPipelineExecution(deps: GenerationDeps, job: JobRecord, owner: string,
  start: (input: PipelineInput) => Promise<void>): Promise<{ status: string }> {
  const attempt = job.attempts ?? 1;
  const count = jobShardCount(job, deps.config);
  const handed = await deps.jobs.renew(job.generation_id, owner, deps.config.pipelineLeaseMs, {
    lease_owner: pipelineOwner(attempt), phase: `pipeline: ${count} shards`,
  });
  if (!handed) return { status: (await deps.jobs.get(job.generation_id))?.status ?? "missing" };
  try {
    await start({ generationId: job.generation_id, attempt, shards: Array.from({ length: count }, (_, i) => i) });
  } catch (err) {
    logger.error("could not start the generation pipeline", err as Error);
    await deps.jobs.finish(job.generation_id, pipelineOwner(attempt), "failed", { errors: ["could not start the generation pipeline"], phase: "failed" });
    countMetric(METRIC.generationsFailed);
    publishMetrics();
    return { status: "failed" };
  }
  logger.info("generation pipeline started", { shards: count, attempt });
  return { status: "processing" };
}

/** The job, if the execution of `attempt` still holds it. */
async function heldJob(deps: GenerationDeps, generationId: string, attempt: number): Promise<JobRecord> {
  const job = await deps.jobs.get(generationId);
  if (!job || job.status !== "processing" || job.lease_owner !== pipelineOwner(attempt)) throw new StaleExecutionError(generationId, attempt);
  return job;
}

/** Rows as they are generated, each added to the shard's summary, the first few kept as a sample. */
function* summarised(rows: Iterable<Row>, summary: DatasetSummary, sample: Row[]): Generator<Row> {
  for (const row of rows) {
    summary.add(row);
    if (sample.length < SAMPLE_ROWS) sample.push(row);
    yield row;
  }
}

interface StoredShardSummary { rows: number; summary: SummarySnapshot; sample: Row[]; meanings?: GenerationPlan["meanings"] }

/** One shard: its part by multipart upload (the cloud's key layout: dataFileKey) and its summary. */
export async function runShard(deps: GenerationDeps, event: ShardEvent["sdgaShard"]): Promise<{ rows: number; bytes: number }> {
  return withLogContext({ generation_id: event.generationId, worker: `shard ${event.shard}` }, async () => {
    const { s3, config } = deps;
    const job = await heldJob(deps, event.generationId, event.attempt);
    if (job.dataset_text !== undefined) {
      const { rows, bytes, keys } = await runDatasetShard(s3, config, { ...job, dataset_text: job.dataset_text }, event.shard, shardSummaryKey(job.folder, event.shard));
      await dropIfEnded(deps, job, event.attempt, keys);
      return { rows, bytes };
    }
    const count = shardCount(job.volume, config.shardRows);
    if (event.shard < 0 || event.shard >= count) throw new RangeError(`shard ${event.shard} is outside the job's ${count} shards`);
    const format = job.output_format as OutputFormat;
    const schema = JSON.parse(job.schema_json) as SchemaInput;
    const shard = { index: event.shard, count };
    const plan = prepareGeneration(optionsOf(job, shard, await referenceProfile(deps, job)));
    const summary = new DatasetSummary({ schema, validator: schemaValidator(schema) });
    const sample: Row[] = [];
    let bytes = 0;
    const body = writeRows(format, plan.schema, summarised(plan.rows(), summary, sample));
    const counted = Readable.from((async function* () {
      for await (const chunk of body) { bytes += (chunk as Uint8Array).length; yield chunk; }
    })());
    const key = dataFileKey(job.folder, format, shard);
    await uploadStream(s3, config.dataBucket, key, counted, CONTENT_TYPES[format]!);
    const stored: StoredShardSummary = { rows: summary.rowCount, summary: summary.snapshot(), sample, ...(event.shard === 0 ? { meanings: plan.meanings } : {}) };
    await putJson(s3, config.dataBucket, shardSummaryKey(job.folder, event.shard), stored);
    await dropIfEnded(deps, job, event.attempt, [key, shardSummaryKey(job.folder, event.shard)]);
    return { rows: summary.rowCount, bytes };
  });
}

/**
 * The job may have failed while a shard ran (another shard failed, its parts were deleted): the shard's
 * objects `keys` are removed too, so nothing of a failed job is left behind.
 */
async function dropIfEnded(deps: GenerationDeps, job: JobRecord, attempt: number, keys: string[]): Promise<void> {
  const now = await deps.jobs.get(job.generation_id);
  if (!now || now.status !== "processing" || now.lease_owner !== pipelineOwner(attempt)) {
    await deleteKeys(deps.s3, deps.config.dataBucket, keys);
    throw new StaleExecutionError(job.generation_id, attempt);
  }
}

/** What the validation engine reports, read off the merged summary's validity and invalid-row groups. */
function validationOf(summary: DatasetSummary): Record<string, unknown> {
  const checked = summary.validity?.checked ?? summary.rowCount;
  const valid = summary.validity?.valid ?? checked;
  const groups = [...summary.invalidGroups].sort((a, b) => b[1].count - a[1].count);
  return {
    rows: checked, valid_rows: valid, invalid_rows: checked - valid, validity_rate: checked ? valid / checked : null,
    top_errors: groups.slice(0, 20).map(([reason, g]) => ({ message: reason, count: g.count, examples: g.examples })),
    error_kinds: groups.length,
  };
}

/** The merge step: every shard's summary into the quality report and metadata; the job completed. */
export async function mergeShards(deps: GenerationDeps, step: PipelineStepEvent["sdgaPipeline"]): Promise<{ status: string }> {
  return withLogContext({ generation_id: step.generationId, worker: "merge" }, async () => {
    const { s3, config } = deps;
    const job = await heldJob(deps, step.generationId, step.attempt);
    const owner = pipelineOwner(step.attempt);
    if (job.dataset_text !== undefined) return mergeDataset(deps, { ...job, dataset_text: job.dataset_text }, step.attempt);
    const format = job.output_format as OutputFormat;
    const schema = JSON.parse(job.schema_json) as SchemaInput;
    const count = shardCount(job.volume, config.shardRows);
    const summaryKeys = Array.from({ length: count }, (_, i) => shardSummaryKey(job.folder, i));
    let merged: DatasetSummary | undefined;
    let first: StoredShardSummary | undefined;
    for (const key of summaryKeys) {
      const stored = JSON.parse(Buffer.from(await readBytes(s3, config.dataBucket, key)).toString("utf8")) as StoredShardSummary;
      first ??= stored;
      const summary = DatasetSummary.fromSnapshot(stored.summary);
      merged = merged ? mergeSummaries(merged, summary) : summary;
    }
    const referenceKey = job.reference_data_location
      ? resolveDataLocation(job.reference_data_location, config.dataBucket, config.dataPrefix, "reference_data_location").key
      : undefined;
    // Fidelity against the reference, read once here, as the in-call path measures it.
    const report = qualityReport(merged!, referenceKey ? await referenceSummary(deps, schema, referenceKey) : undefined) as unknown as Record<string, unknown>;
    const validation = validationOf(merged!);
    const invalid = invalidRows(validation);
    if (invalid > 0) {
      const top = (validation.top_errors as Array<{ message: string }>)[0];
      throw new Error(`${invalid} generated row(s) do not validate against the schema${top ? ` (${top.message})` : ""}; the data set was not kept`);
    }
    const outcome = { report, validation, summary: summarise(report, validation), sample: first!.sample };
    const reports = await storeQualityReports(s3, config.dataBucket, job.folder, outcome);
    const files = Array.from({ length: count }, (_, index) => dataFileKey(job.folder, format, { index, count }));
    const executionMs = Date.now() - Date.parse(job.created_at);
    await putJson(s3, config.dataBucket, `${job.folder}metadata.json`, {
      generation_id: job.generation_id, data_type: job.data_type, output_format: job.output_format, volume: job.volume,
      seed: job.seed, compliance_requirements: job.compliance_requirements ?? [], created_at: job.created_at,
      files, schema, quality_summary: outcome.summary, execution_time_ms: executionMs, estimated_bytes: job.estimated_bytes,
      attempts: step.attempt, pipeline: { shards: count }, meanings: first!.meanings ?? prepareGeneration(optionsOf(job, { index: 0, count })).meanings,
    });
    const completed = {
      files, records_generated: job.volume, execution_time_ms: executionMs, quality_summary: outcome.summary,
      quality_report_key: reports.jsonKey, html_report_key: reports.htmlKey, sample_json: sampleJson(outcome.sample),
      parts_done: count, phase: "done",
    };
    // The conditional write: only while this execution holds the job.
    if (!(await deps.jobs.finish(job.generation_id, owner, "completed", completed))) throw new StaleExecutionError(job.generation_id, step.attempt);
    await deleteKeys(s3, config.dataBucket, summaryKeys);
    countMetric(METRIC.rowsGenerated, job.volume);
    msMetric(METRIC.generationDurationMs, executionMs);
    publishMetrics();
    logger.info("pipeline generation completed", { rows: job.volume, files: count });
    return { status: "completed" };
  });
}

/** The merge of a data set's shards: its report and metadata (mergeDatasetShards), the job completed. */
async function mergeDataset(deps: GenerationDeps, job: JobRecord & { dataset_text: string }, attempt: number): Promise<{ status: string }> {
  const { s3, config } = deps;
  const count = jobShardCount(job, config);
  const summaryKeys = Array.from({ length: count }, (_, i) => shardSummaryKey(job.folder, i));
  const done = await mergeDatasetShards(s3, config, job, summaryKeys);
  const executionMs = Date.now() - Date.parse(job.created_at);
  const completed = {
    files: done.files, records_generated: jobRows(job), execution_time_ms: executionMs, quality_summary: done.summary,
    quality_report_key: done.reportKey, html_report_key: done.htmlReportKey, sample_json: sampleJson(done.sample), parts_done: count, phase: "done",
  };
  if (!(await deps.jobs.finish(job.generation_id, pipelineOwner(attempt), "completed", completed))) throw new StaleExecutionError(job.generation_id, attempt);
  await deleteKeys(s3, config.dataBucket, summaryKeys);
  countMetric(METRIC.rowsGenerated, jobRows(job));
  msMetric(METRIC.generationDurationMs, executionMs);
  publishMetrics();
  logger.info("pipeline data set generation completed", { rows: jobRows(job), files: done.files.length, shards: count });
  return { status: "completed" };
}

async function referenceSummary(deps: GenerationDeps, schema: SchemaInput, key: string): Promise<DatasetSummary> {
  const summary = new DatasetSummary({ schema });
  for await (const row of readRows(formatOfKey(key)!, await readStream(deps.s3, deps.config.dataBucket, key), schema)) summary.add(row);
  return summary;
}

/** The reason a failed execution gives the caller, from the error and cause Step Functions caught. */
export function pipelineFailureReason(error: string | undefined, cause: string | undefined): string {
  let detail = cause ?? "";
  try {
    // A Lambda function error's cause is its JSON ({errorType, errorMessage, ...}).
    const parsed = JSON.parse(detail) as { errorType?: string; errorMessage?: string };
    if (parsed && typeof parsed.errorMessage === "string") detail = `${parsed.errorType ?? "Error"}: ${parsed.errorMessage}`;
  } catch { /* plain text */ }
  return failureReason(Object.assign(new Error(`${error ?? "States.TaskFailed"}: ${detail}`.slice(0, 280)), { name: "GenerationPipelineFailed" }));
}

/** The fail step: the job failed with the reason (conditional on this execution's hold), its objects removed. */
export async function failPipeline(deps: GenerationDeps, step: PipelineStepEvent["sdgaPipeline"]): Promise<{ status: string }> {
  return withLogContext({ generation_id: step.generationId, worker: "fail" }, async () => {
    const job = await deps.jobs.get(step.generationId);
    if (!job) return { status: "missing" };
    const reason = pipelineFailureReason(step.error, step.cause);
    const ended = await deps.jobs.finish(job.generation_id, pipelineOwner(step.attempt), "failed", { errors: [reason], phase: "failed" });
    if (ended) {
      countMetric(METRIC.generationsFailed);
      logger.error("pipeline generation failed", { reason });
    }
    const now = ended ? { ...job, status: "failed" as const } : (await deps.jobs.get(job.generation_id)) ?? job;
    // Nothing half-written: a failed job keeps no part, summary or report (another holder's job is left alone).
    if (now.status === "failed") await removeOutputs(deps, now);
    publishMetrics();
    return { status: now.status };
  });
}
