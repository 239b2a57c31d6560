// calculateQualityMetrics: measures a generation's data set (or a data set in the data bucket) with the
// quality engine, stores the JSON and HTML reports, and answers with the headline figures.
import { randomUUID } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import type { OutputFormat, SchemaInput } from "../engine/schema/types";
import type { FunctionConfig } from "../shared/config";
import { ConflictError, NotFoundError, RequestValidationError } from "../shared/errors";
import { asInputError } from "../shared/engine";
import type { JobRecord, JobStore } from "../shared/jobs";
import { formatOfKey, generationFolder, resolveDataLocation, s3Uri } from "../shared/locations";
import { METRIC, publishMetrics, scoreMetric } from "../shared/powertools";
import { isReadableFormat, measureStoredData, storeQualityReports } from "../shared/quality";
import { datasetFolderOf, datasetSummary, measureStoredDataset, readStoredDataset, storeDatasetReports } from "../shared/datasetQuality";
import { READABLE_FORMATS } from "../engine/io";
import { assertExists, presignGet } from "../shared/storage";
import { assertRecordSchema, checkSchema, noteWarnings } from "../shared/schemaInput";

export interface MetricsArgs {
  generation_id?: string;
  data_location?: string;
  format?: OutputFormat;
  schema?: SchemaInput;
  /** The part of an OpenAPI or JSON Schema document that describes the rows (`components/schemas/NAME`, `$defs/NAME`). */
  component?: string;
  reference_data_location?: string;
}
export interface MetricsDeps { config: FunctionConfig; s3: S3Client; jobs: JobStore }

interface Target { keys: string[]; format: OutputFormat; schema: SchemaInput; folder: string; generationId?: string; job?: JobRecord; warnings: string[] }
/** A data set of several tables: the folder it is stored in, and (for a generation) the text it was made from. */
interface DatasetTarget { kind: "dataset"; dataFolder: string; definition?: string; folder: string; generationId?: string; job?: JobRecord; warnings: string[] }

/** A location that names a folder (ends in /, names a metadata.json, or has no extension) rather than a data file. */
function namesFolder(key: string): boolean {
  return key.endsWith("/") || key.endsWith("/metadata.json") || formatOfKey(key) === undefined;
}

async function targetOf(deps: MetricsDeps, args: MetricsArgs): Promise<Target | DatasetTarget> {
  const { config } = deps;
  if (args.generation_id !== undefined) {
    const job = await deps.jobs.get(args.generation_id);
    if (!job) throw new NotFoundError(`no generation with id ${args.generation_id}`, { generation_id: args.generation_id });
    if (job.status !== "completed" || !job.files?.length) {
      throw new ConflictError(`generation ${args.generation_id} is ${job.status}; metrics need a completed generation`, { status: job.status });
    }
    const warnings: string[] = [];
    if (job.dataset_text !== undefined) {
      // A data set of several tables: measured from its folder, against the definition it was generated from.
      if (args.schema !== undefined) warnings.push("schema was ignored: a data set is measured against the tables it was generated from");
      return { kind: "dataset", dataFolder: job.folder, definition: job.dataset_text, folder: job.folder, generationId: job.generation_id, job, warnings };
    }
    // Agents often name both the generation and where its data is: fine when they agree.
    if (args.data_location !== undefined) {
      const location = resolveDataLocation(args.data_location, config.dataBucket, config.dataPrefix, "data_location");
      const ours = location.key === job.folder || location.key === job.folder.replace(/\/$/, "") || job.files.includes(location.key);
      if (!ours) {
        throw new RequestValidationError(`data_location ${args.data_location} is not the data of generation ${args.generation_id} (its files are under ${s3Uri(config.dataBucket, job.folder)}); give one of the two`, { field: "data_location" });
      }
      warnings.push(`data_location names the data of generation ${args.generation_id}: the generation was measured`);
    }
    if (args.schema !== undefined) warnings.push("schema was ignored: a generation is measured against the schema it was generated from");
    return {
      keys: job.files, format: job.output_format as OutputFormat, schema: JSON.parse(job.schema_json) as SchemaInput,
      folder: job.folder, generationId: job.generation_id, job, warnings,
    };
  }
  if (args.data_location === undefined) throw new RequestValidationError("generation_id or data_location is required");
  const location = resolveDataLocation(args.data_location, config.dataBucket, config.dataPrefix, "data_location");
  if (args.format === undefined && args.schema === undefined && namesFolder(location.key)) {
    return {
      kind: "dataset", dataFolder: datasetFolderOf(location.key), warnings: [],
      folder: generationFolder(`${config.dataPrefix}quality/`, randomUUID(), new Date()),
    };
  }
  const format = args.format ?? formatOfKey(location.key);
  if (!format) throw new RequestValidationError("format is required when data_location has no known file extension");
  if (!isReadableFormat(format)) {
    throw new RequestValidationError(`${format} data sets cannot be read back to be measured; readable formats: ${READABLE_FORMATS.join(", ")}`, { field: "format" });
  }
  if (args.schema === undefined) throw new RequestValidationError("schema is required with data_location");
  const { schema, notes } = checkSchema(args.schema, args.component);
  assertRecordSchema(schema);
  await assertExists(deps.s3, location.bucket, location.key);
  return {
    keys: [location.key], format, schema, warnings: noteWarnings(notes),
    folder: `${generationFolder(`${config.dataPrefix}quality/`, randomUUID(), new Date())}`,
  };
}

export async function calculateQualityMetrics(deps: MetricsDeps, args: MetricsArgs): Promise<Record<string, unknown>> {
  const { config, s3 } = deps;
  const target = await targetOf(deps, args);
  if ("kind" in target) return measureDataset(deps, args, target);
  const reference = args.reference_data_location !== undefined
    ? resolveDataLocation(args.reference_data_location, config.dataBucket, config.dataPrefix, "reference_data_location")
    : undefined;
  const referenceFormat = reference ? formatOfKey(reference.key) : undefined;
  if (reference && (!referenceFormat || !isReadableFormat(referenceFormat))) throw new RequestValidationError("reference_data_location must end in .json, .jsonl, .csv or .parquet");
  if (reference) await assertExists(s3, reference.bucket, reference.key);

  if (!isReadableFormat(target.format)) {
    // A generation in a write-only format (SQL) was measured from its rows when it was generated.
    if (reference || !target.job) {
      throw new RequestValidationError(`${target.format} data sets cannot be read back to be compared with a reference; generate as ${READABLE_FORMATS.join(", ")}`);
    }
    return storedAnswer(deps, target.job, target.warnings);
  }

  let outcome;
  try {
    outcome = await measureStoredData({
      s3, bucket: config.dataBucket, keys: target.keys, format: target.format, schema: target.schema,
      ...(reference ? { reference: { keys: [reference.key], format: referenceFormat! } } : {}),
    });
  } catch (err) {
    asInputError(err, "the data set cannot be measured");
  }
  const reports = await storeQualityReports(s3, config.dataBucket, target.folder, outcome);
  const score = outcome.summary.overall_quality_score;
  if (typeof score === "number") scoreMetric(METRIC.qualityScore, score);
  publishMetrics();
  const warnings = [...target.warnings, ...((outcome.report.notes as string[] | undefined) ?? [])].slice(0, 10);
  const answer: Record<string, unknown> = {
    overall_score: typeof score === "number" ? score : 0,
    rows: outcome.summary.row_count,
    metrics: outcome.summary,
    report_location: s3Uri(config.dataBucket, reports.jsonKey),
    html_report_location: s3Uri(config.dataBucket, reports.htmlKey),
    report_url: await presignGet(s3, config.dataBucket, reports.htmlKey),
    warnings,
  };
  if (target.generationId) answer.generation_id = target.generationId;
  return answer;
}

/**
 * A data set of several tables measured from its folder (and a reference data set's, when given): every
 * table's report and the data-set checks with SDMetrics' multi-table metrics, stored as JSON and HTML.
 */
async function measureDataset(deps: MetricsDeps, args: MetricsArgs, target: DatasetTarget): Promise<Record<string, unknown>> {
  const { config, s3 } = deps;
  const bucket = config.dataBucket;
  if (args.component !== undefined) throw new RequestValidationError("component is for one table's schema; a data set carries its tables' definitions", { field: "component" });
  // A generation in a write-only format (SQL) was measured from its rows when it was generated.
  if (target.job && !isReadableFormat(target.job.output_format) && args.reference_data_location === undefined) return storedAnswer(deps, target.job, target.warnings);
  const data = await readStoredDataset(s3, bucket, target.dataFolder, target.generationId ? "generation_id" : "data_location", target.definition);
  let reference;
  if (args.reference_data_location !== undefined) {
    const location = resolveDataLocation(args.reference_data_location, bucket, config.dataPrefix, "reference_data_location");
    if (!namesFolder(location.key)) {
      throw new RequestValidationError("reference_data_location must be a data set's folder too (metadata.json, schema.sql, <table>/part-NNNNN.<ext>) when the data measured is a data set", { field: "reference_data_location" });
    }
    reference = await readStoredDataset(s3, bucket, datasetFolderOf(location.key), "reference_data_location");
    const missing = data.set.tables.map((t) => t.name).filter((name) => !(name in reference!.files));
    if (missing.length) throw new RequestValidationError(`reference_data_location has no table ${missing.join(", ")}: a reference data set holds the same tables`, { field: "reference_data_location" });
  }
  let report;
  try {
    // With a reference every column is kept: the parent-child column pairs read them all.
    const measured = await measureStoredDataset(s3, bucket, data, { wholeRows: reference !== undefined, validate: true });
    report = measured.report(reference ? await measureStoredDataset(s3, bucket, reference, { wholeRows: true, validate: false }) : undefined);
  } catch (err) {
    asInputError(err, "the data set cannot be measured");
  }
  const source = { data_location: s3Uri(bucket, target.dataFolder), ...(reference ? { reference_data_location: s3Uri(bucket, reference.folder) } : {}) };
  const reports = await storeDatasetReports(s3, bucket, target.folder, report, data.set, { ...(target.generationId ? { generation_id: target.generationId } : {}), ...source });
  scoreMetric(METRIC.qualityScore, report.score);
  publishMetrics();
  const answer: Record<string, unknown> = {
    overall_score: report.score,
    rows: report.tables.reduce((a, t) => a + t.rows, 0),
    metrics: datasetSummary(report),
    report_location: s3Uri(bucket, reports.jsonKey),
    html_report_location: s3Uri(bucket, reports.htmlKey),
    report_url: await presignGet(s3, bucket, reports.htmlKey),
    warnings: target.warnings.slice(0, 10),
  };
  if (target.generationId) answer.generation_id = target.generationId;
  return answer;
}

/** The quality report made when a generation ran, answered as a fresh measurement would be. */
async function storedAnswer(deps: MetricsDeps, job: JobRecord, warnings: string[]): Promise<Record<string, unknown>> {
  const { config, s3 } = deps;
  if (!job.quality_report_key || !job.html_report_key || !job.quality_summary) {
    throw new ConflictError(`generation ${job.generation_id} has no quality report to show`, { generation_id: job.generation_id });
  }
  const summary = job.quality_summary;
  const score = summary.overall_quality_score;
  return {
    generation_id: job.generation_id,
    overall_score: typeof score === "number" ? score : 0,
    rows: summary.row_count,
    metrics: summary,
    report_location: s3Uri(config.dataBucket, job.quality_report_key),
    html_report_location: s3Uri(config.dataBucket, job.html_report_key),
    report_url: await presignGet(s3, config.dataBucket, job.html_report_key),
    warnings: [...warnings, `${job.output_format} data sets cannot be read back: this is the report made when the data set was generated`],
  };
}
