// generateSyntheticData of a data set of several tables (`dataset`: DDL or a data-set document). The job is
// the same job as a single schema's (lease, heartbeats, takeover, cleanup: generation.ts); what differs is
// what it writes under its folder:
//
//   <folder>schema.sql                        the tables with every constraint (PostgreSQL)
//   <folder><table>/part-NNNNN.<ext>          each table's rows, in shards of at most shardRows rows
//   <folder>metadata.json                     tables (rows, files, key, columns), relationships, rules, seed
//   <folder>quality_report.json               keys, referential integrity, cardinality, parent rules, each table's report
//   <folder>quality_report.html               the same as a page (shared/datasetQuality.ts)
//
// The shard layout is one count for the whole data set (datasetShardCount: the largest table in shards of
// at most shardRows rows), so shard i of every table comes from the same seeded plan (prepareDataset's shard
// option) and any worker making shard i writes the same bytes. In one invocation every shard is made in one
// pass (prepareDataset's shards option), table after table; above the stack's pipeline threshold each
// shard of every table is one step of the generation pipeline (runDatasetShard), merged by
// mergeDatasetShards. A shard of a table with no rows in it is not written. With the sql format each part
// holds INSERT statements only; schema.sql creates the tables they fill (in metadata's table order).
import type { Readable } from "node:stream";
import type { ComplianceRegime, OutputFormat, Row } from "../engine/schema/types";
import { FILE_EXTENSIONS } from "../engine/schema/types";
import type { DataSet } from "../engine/dataset/model";
import { type DatasetPlan, shardRange, type TablePlan } from "../engine/dataset/generate";
import type { Tables } from "../engine/dataset/quality";
import type { DatasetReport } from "../engine/dataset/report";
import type { SummarySnapshot } from "../engine/metrics/summary";
import { RequestValidationError } from "../shared/errors";
import { checkDataset, readDatasetInput } from "../shared/datasetInput";
import type { FunctionConfig } from "../shared/config";
import type { JobRecord } from "../shared/jobs";
import { requestCost } from "../shared/requestCost";
import { CONTENT_TYPES, putJson, putText, uploadStream } from "../shared/storage";
import { storeDatasetReports } from "../shared/datasetQuality";
import type { S3Client } from "@aws-sdk/client-s3";
import { shardSummaryKey } from "./pipeline";

type DatasetModule = typeof import("../engine/dataset");
type DatasetMeasurement = import("../engine/dataset/report").DatasetMeasurement;
/** Rows of the data set's first table kept as the job's sample. */
const SAMPLE_ROWS = 5;
const engine = (): DatasetModule => require("../engine/dataset") as DatasetModule; // eslint-disable-line @typescript-eslint/no-require-imports

export interface DatasetRequest {
  /** The job's record of the data set: its text (read again by the worker) and each table's rows. */
  dataset_text: string;
  dataset_counts: Record<string, number>;
  total: number;
  estimatedBytes: number;
  warnings: string[];
}

/**
 * Reads and checks a request's data set before any job exists: every problem is a 400 naming it (the same
 * checks as validateSchema), and the rows of all tables together are bounded by the stack's ceiling.
 */
export async function prepareDatasetRequest(config: FunctionConfig, args: { dataset: string; volume: number; compliance_requirements?: ComplianceRegime[]; reference_data_location?: string; output_format: OutputFormat }, seed: number): Promise<DatasetRequest> {
  if (args.reference_data_location !== undefined) {
    throw new RequestValidationError("reference_data_location is not taken with dataset: measure a generated data set against real tables with calculateQualityMetrics", { field: "reference_data_location" });
  }
  const set = await readDatasetInput(args.dataset);
  const check = checkDataset(set, { volume: args.volume, maxVolume: config.maxVolume, seed, ...(args.compliance_requirements?.length ? { compliance: args.compliance_requirements } : {}) });
  if (check.errors.length) {
    const text = check.errors.slice(0, 5).map((f) => `${f.field}: ${f.message}`).join("; ");
    throw new RequestValidationError(`dataset cannot be generated: ${text}${check.errors.length > 5 ? ` (and ${check.errors.length - 5} more)` : ""}`, { field: "dataset", problems: check.errors.slice(0, 20) });
  }
  let bytes = 0;
  for (const t of set.tables) bytes += requestCost(t.schema, check.counts[t.name] ?? 0).bytes;
  if (bytes > config.limits.maxRequestBytes) {
    throw new RequestValidationError(`the data set would be about ${Math.round(bytes / 1048576)} MiB; this stack accepts at most ${Math.round(config.limits.maxRequestBytes / 1048576)} MiB per request (setting maxRequestMb)`, { field: "volume" });
  }
  return {
    dataset_text: args.dataset, dataset_counts: check.counts, total: check.total, estimatedBytes: Math.round(bytes),
    warnings: check.warnings.map((w) => `${w.field}: ${w.message}`.slice(0, 300)),
  };
}

/**
 * How many shards every table of the data set is cut into: as many as the largest table needs at shardRows
 * rows each (a single-table job cuts its volume so), one when every table fits in one.
 */
export function datasetShardCount(counts: Record<string, number>, shardRows: number): number {
  return Math.max(1, ...Object.values(counts).map((rows) => Math.ceil(rows / shardRows)));
}

export function datasetPartKey(folder: string, table: string, format: OutputFormat, index: number): string {
  return `${folder}${table}/part-${String(index).padStart(5, "0")}.${FILE_EXTENSIONS[format]}`;
}

/** Every object a data-set job can write (what a failed one deletes), a pipeline's shard summaries too. */
export function datasetOutputKeys(job: Pick<JobRecord, "folder" | "output_format" | "dataset_counts">, shardRows: number): string[] {
  const counts = job.dataset_counts ?? {};
  const count = jobDatasetShards(job, shardRows);
  const format = job.output_format as OutputFormat;
  const parts = Object.entries(counts).flatMap(([table, rows]) =>
    Array.from({ length: count }, (_, i) => i).filter((i) => shardRange(rows, i, count).rows > 0).map((i) => datasetPartKey(job.folder, table, format, i)));
  const summaries = count > 1 ? Array.from({ length: count }, (_, i) => shardSummaryKey(job.folder, i)) : [];
  return [...parts, ...summaries, `${job.folder}schema.sql`, `${job.folder}metadata.json`, `${job.folder}quality_report.json`, `${job.folder}quality_report.html`];
}

export interface DatasetRunHooks {
  s3: S3Client;
  config: FunctionConfig;
  signal: AbortSignal;
  /** Part `index` of `parts` (see runDatasetJob) is stored: recorded before the next, so a takeover starts after it. */
  partsDone(index: number, parts: number): Promise<void>;
  phase(text: string): void;
  onRow(): void;
  onMultipartStarted(key: string, uploadId: string): Promise<void>;
}

export interface DatasetRunResult {
  files: string[];
  sample: Row[];
  summary: Record<string, unknown>;
  reportKey: string;
  htmlReportKey: string;
}

/** One part of a table as INSERT statements of the table's written columns (schema.sql creates the table). */
async function* insertStatements(t: TablePlan, rows: Iterable<Row>): AsyncGenerator<string> {
  const { quoteName } = require("../engine/dataset/sqlTypes") as typeof import("../engine/dataset/sqlTypes"); // eslint-disable-line @typescript-eslint/no-require-imports
  const { sqlValue } = require("../engine/dataset/output") as typeof import("../engine/dataset/output"); // eslint-disable-line @typescript-eslint/no-require-imports
  const columns = t.table.columns.filter((c) => !c.generated);
  const head = `INSERT INTO ${quoteName(t.table.name)} (${columns.map((c) => quoteName(c.name)).join(", ")})${columns.some((c) => c.identityAlways) ? " OVERRIDING SYSTEM VALUE" : ""} VALUES\n`;
  let n = 0;
  let buffer = "";
  for (const row of rows) {
    buffer += (n % 1000 === 0 ? head : ",\n") + "(" + columns.map((c) => sqlValue(row[c.name], c)).join(", ") + ")";
    if (++n % 1000 === 0) { yield buffer + ";\n"; buffer = ""; }
  }
  if (buffer) yield buffer + ";\n";
}

/** The engine's options of the job's data set (the shard layout apart). */
function datasetOptions(job: JobRecord) {
  return { rows: job.volume, seed: job.seed, ...(job.compliance_requirements?.length ? { compliance: job.compliance_requirements as ComplianceRegime[] } : {}) };
}

/** The job's shard layout, from the counts its record keeps (its seed's: the same for every step of every worker). */
export function jobDatasetShards(job: Pick<JobRecord, "dataset_counts">, shardRows: number): number {
  return datasetShardCount(job.dataset_counts ?? {}, shardRows);
}

/** The first `count` rows of `rows` (an iterator shared by a table's consecutive parts). */
function* take(rows: Iterator<Row>, count: number): Generator<Row> {
  for (let i = 0; i < count; i++) {
    const next = rows.next();
    if (next.done) return;
    yield next.value;
  }
}

/** One part's body in the job's format (sql: INSERTs into the table schema.sql creates). */
function partBody(format: OutputFormat, t: TablePlan, rows: Iterable<Row>): Readable {
  const { Readable } = require("node:stream") as typeof import("node:stream"); // eslint-disable-line @typescript-eslint/no-require-imports
  const { writeRows } = require("../engine/io") as typeof import("../engine/io"); // eslint-disable-line @typescript-eslint/no-require-imports
  return format === "sql" ? Readable.from(insertStatements(t, rows)) : writeRows(format, t.schema, rows);
}

/** The rows of a table as they are made, each measured (before the writer serialises it), the data set's first few kept as its sample. */
function* measuredRows(rows: Iterable<Row>, table: string, measurement: DatasetMeasurement, sample: Row[], sampled: boolean, onRow: () => void = () => {}): Generator<Row> {
  for (const row of rows) {
    measurement.add(table, row);
    if (sampled && sample.length < SAMPLE_ROWS) sample.push(row);
    onRow();
    yield row;
  }
}

/**
 * Writes the job's data set (after the parts a previous worker finished) and its reports. Every shard is
 * made in one pass, table after table: part p of the job is shard p % count of the p / count-th table, so
 * `firstPart` is where a takeover resumes. Every row is measured as it is made (no part is read back); rows
 * of parts already stored are made again for the quality report only (the same seed gives the same rows).
 */
export async function runDatasetJob(job: JobRecord & { dataset_text: string }, firstPart: number, hooks: DatasetRunHooks): Promise<DatasetRunResult> {
  const dataset = engine();
  const format = job.output_format as OutputFormat;
  const set = await readDatasetInput(job.dataset_text);
  const count = jobDatasetShards(job, hooks.config.shardRows);
  const plan = dataset.prepareDataset(set, { ...datasetOptions(job), ...(count > 1 ? { shards: count } : {}) });
  const bucket = hooks.config.dataBucket;
  await putText(hooks.s3, bucket, `${job.folder}schema.sql`, dataset.schemaScript(set), "application/sql");
  // The quality columns for the data-set checks, and each table's summary for its own report.
  const measurement = dataset.planMeasurement(plan, { validate: true });
  const sample: Row[] = [];
  const files: Record<string, string[]> = Object.fromEntries(set.tables.map((t) => [t.name, []]));
  const parts = plan.tables.length * count;
  for (const [position, t] of plan.tables.entries()) {
    const name = t.table.name;
    const rows = measuredRows(t.rows(), name, measurement, sample, position === 0, hooks.onRow);
    for (let index = 0; index < count; index++) {
      const part = position * count + index;
      const size = shardRange(t.totalRows, index, count).rows;
      const key = datasetPartKey(job.folder, name, format, index);
      if (size === 0) continue;
      if (part < firstPart) {
        for (const _ of take(rows, size)) { /* made again for the report only */ }
        files[name]!.push(key);
        continue;
      }
      hooks.phase(`${name} part ${index + 1} of ${count}`);
      await uploadStream(hooks.s3, bucket, key, partBody(format, t, take(rows, size)), CONTENT_TYPES[format]!, { signal: hooks.signal, onMultipartStarted: (id) => hooks.onMultipartStarted(key, id) });
      files[name]!.push(key);
      hooks.signal.throwIfAborted();
      await hooks.partsDone(part, parts);
    }
  }
  hooks.phase("measuring the data set");
  const written = await writeDatasetReports(hooks.s3, bucket, job, set, plan, measurement.report(), files, count);
  return { ...written, files: plan.tables.flatMap((t) => files[t.table.name]!), sample };
}

/** The quality report (its page too) and metadata of a finished data set (every part's key). */
async function writeDatasetReports(s3: S3Client, bucket: string, job: JobRecord, set: DataSet, plan: Pick<DatasetPlan, "counts">, report: DatasetReport,
  files: Record<string, string[]>, count: number, pipeline?: { shards: number }): Promise<{ summary: Record<string, unknown>; reportKey: string; htmlReportKey: string }> {
  const { jsonKey: reportKey, htmlKey: htmlReportKey } = await storeDatasetReports(s3, bucket, job.folder, report, set, { generation_id: job.generation_id });
  const minimum = (xs: Array<{ score: number }>) => (xs.length ? Math.min(...xs.map((x) => x.score)) : 1);
  const summary = {
    overall_quality_score: report.score,
    tables: report.tables,
    key_uniqueness: minimum(report.key_uniqueness),
    referential_integrity: minimum(report.referential_integrity),
    cardinality_adherence: report.cardinality.length ? Math.min(...report.cardinality.map((c) => c.adherence)) : 1,
    parent_rules: minimum(report.parent_rules),
  };
  await putJson(s3, bucket, `${job.folder}metadata.json`, {
    generation_id: job.generation_id, kind: "dataset", data_type: job.data_type, output_format: job.output_format, volume: job.volume,
    seed: job.seed, compliance_requirements: job.compliance_requirements ?? [], created_at: job.created_at, engine_version: (require("../engine/generate") as typeof import("../engine/generate")).ENGINE_VERSION, // eslint-disable-line @typescript-eslint/no-require-imports
    schema_file: `${job.folder}schema.sql`, shards: count, ...(pipeline ? { pipeline } : {}),
    tables: set.tables.map((t) => ({
      name: t.name, rows: plan.counts[t.name], primary_key: t.primaryKey, unique: t.unique, files: files[t.name],
      columns: t.columns.filter((c) => !c.generated).map((c) => ({ name: c.name, sql_type: c.sqlType, nullable: c.nullable })),
    })),
    relationships: set.relationships, parent_rules: set.parentRules, notes: set.notes, quality_summary: summary,
  });
  return { summary, reportKey, htmlReportKey };
}

/**
 * What one pipeline shard leaves for the merge: each table's rows, quality columns (values by column) and
 * summary (for the table's own report), a sample.
 */
interface StoredDatasetShard {
  rows: Record<string, number>;
  columns: Record<string, string[]>;
  values: Record<string, unknown[][]>;
  summaries: Record<string, SummarySnapshot>;
  sample: Row[];
}

/**
 * One step of the generation pipeline for a data set: shard `index` of every table (its part-NNNNN, none for
 * a table with no rows in it) and, under `summaryKey`, what the merge needs of its rows. Returns the keys it
 * wrote (removed by the caller when the job ended meanwhile).
 */
export async function runDatasetShard(s3: S3Client, config: FunctionConfig, job: JobRecord & { dataset_text: string }, index: number, summaryKey: string):
  Promise<{ rows: number; bytes: number; keys: string[] }> {
  const count = jobDatasetShards(job, config.shardRows);
  if (index < 0 || index >= count) throw new RangeError(`shard ${index} is outside the job's ${count} shards`);
  const format = job.output_format as OutputFormat;
  const set = await readDatasetInput(job.dataset_text);
  const plan = engine().prepareDataset(set, { ...datasetOptions(job), ...(count > 1 ? { shard: { index, count } } : {}) });
  const dataset = engine();
  const keep = dataset.qualityColumnsOf(dataset.datasetShape(set));
  // Each table's summary only: the quality columns are kept below, by column, for the merge.
  const measurement = dataset.planMeasurement(plan, { validate: true, tablesOnly: true });
  const stored: StoredDatasetShard = { rows: {}, columns: {}, values: {}, summaries: {}, sample: [] };
  const keys: string[] = [];
  let bytes = 0;
  for (const t of plan.tables) {
    const name = t.table.name;
    const columns = keep.get(name)!;
    const values: unknown[][] = [];
    const rows = measuredRows(t.rows(), name, measurement, stored.sample, name === set.tables[0]!.name);
    const kept = (function* (): Generator<Row> {
      for (const row of rows) { values.push(columns.map((c) => row[c])); yield row; }
    })();
    if (t.rowCount === 0) {
      for (const _ of kept) { /* a table's shard with no rows: nothing is written */ }
    } else {
      const key = datasetPartKey(job.folder, name, format, index);
      const { Readable } = require("node:stream") as typeof import("node:stream"); // eslint-disable-line @typescript-eslint/no-require-imports
      const counted = Readable.from((async function* () {
        for await (const chunk of partBody(format, t, kept)) { bytes += (chunk as Uint8Array).length; yield chunk; }
      })());
      await uploadStream(s3, config.dataBucket, key, counted, CONTENT_TYPES[format]!);
      keys.push(key);
    }
    stored.rows[name] = values.length;
    stored.columns[name] = columns;
    stored.values[name] = values;
  }
  stored.summaries = measurement.tableSnapshots();
  await putJson(s3, config.dataBucket, summaryKey, stored);
  keys.push(summaryKey);
  return { rows: Object.values(stored.rows).reduce((a, n) => a + n, 0), bytes, keys };
}

/**
 * The pipeline's merge for a data set: schema.sql, and every shard's stored quality columns and table summaries
 * into the quality report and metadata (as one invocation writes them; no part is read). Reads `summaryKeys`
 * in shard order.
 */
export async function mergeDatasetShards(s3: S3Client, config: FunctionConfig, job: JobRecord & { dataset_text: string }, summaryKeys: string[]): Promise<DatasetRunResult> {
  const { readBytes } = require("../shared/storage") as typeof import("../shared/storage"); // eslint-disable-line @typescript-eslint/no-require-imports
  const set = await readDatasetInput(job.dataset_text);
  const count = summaryKeys.length;
  const format = job.output_format as OutputFormat;
  const tables: Tables = Object.fromEntries(set.tables.map((t) => [t.name, []]));
  const counts: Record<string, number> = Object.fromEntries(set.tables.map((t) => [t.name, 0]));
  const files: Record<string, string[]> = Object.fromEntries(set.tables.map((t) => [t.name, []]));
  const summaries: Array<Record<string, SummarySnapshot>> = [];
  let sample: Row[] = [];
  for (const [index, key] of summaryKeys.entries()) {
    const stored = JSON.parse(Buffer.from(await readBytes(s3, config.dataBucket, key)).toString("utf8")) as StoredDatasetShard;
    if (index === 0) sample = stored.sample;
    summaries.push(stored.summaries);
    for (const t of set.tables) {
      const columns = stored.columns[t.name] ?? [];
      for (const values of stored.values[t.name] ?? []) tables[t.name]!.push(Object.fromEntries(columns.map((c, j) => [c, values[j]])));
      const rows = stored.rows[t.name] ?? 0;
      counts[t.name]! += rows;
      if (rows > 0) files[t.name]!.push(datasetPartKey(job.folder, t.name, format, index));
    }
  }
  const dataset = engine();
  await putText(s3, config.dataBucket, `${job.folder}schema.sql`, dataset.schemaScript(set), "application/sql");
  const report: DatasetReport = {
    ...dataset.datasetQuality(dataset.datasetShape(set), tables),
    table_reports: dataset.tableReportsOfShards(set.tables.map((t) => t.name), summaries),
  };
  const written = await writeDatasetReports(s3, config.dataBucket, job, set, { counts }, report, files, count, { shards: count });
  return { ...written, files: set.tables.flatMap((t) => files[t.name]!), sample };
}
