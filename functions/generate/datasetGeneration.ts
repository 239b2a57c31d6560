// generateSyntheticData of a data set of several tables (`dataset`: DDL or a data-set document). The job is
// the same job as a single schema's (lease, heartbeats, takeover, cleanup: generation.ts); what differs is
// what it writes under its folder:
//
//   <folder>schema.sql                        the tables with every constraint (PostgreSQL)
//   <folder><table>/part-NNNNN.<ext>          each table's rows, in shards of at most shardRows rows
//   <folder>metadata.json                     tables (rows, files, key, columns), relationships, rules, seed
//   <folder>quality_report.json               keys, referential integrity, cardinality, parent rules
//
// The shard layout is one count for the whole data set (datasetShardCount: one today), so shard i of
// every table comes from the same seeded plan (prepareDataset's shard option) and any worker resuming
// after shard i writes the same bytes. A shard of a table with no rows in it is not written. With the sql
// format each part holds INSERT statements only; schema.sql creates the tables they fill (in metadata's
// table order).
import type { Readable } from "node:stream";
import type { ComplianceRegime, OutputFormat, Row } from "../engine/schema/types";
import { FILE_EXTENSIONS } from "../engine/schema/types";
import type { DataSet } from "../engine/dataset/model";
import type { DatasetPlan, TablePlan } from "../engine/dataset/generate";
import type { DatasetShape, Tables } from "../engine/dataset/quality";
import { RequestValidationError } from "../shared/errors";
import { checkDataset, readDatasetInput } from "../shared/datasetInput";
import type { FunctionConfig } from "../shared/config";
import type { JobRecord } from "../shared/jobs";
import { requestCost } from "../shared/requestCost";
import { CONTENT_TYPES, putJson, putText, uploadStream } from "../shared/storage";
import type { S3Client } from "@aws-sdk/client-s3";

type DatasetModule = typeof import("../engine/dataset");
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
export async function prepareDatasetRequest(config: FunctionConfig, args: { dataset: string; volume: number; compliance_requirements?: ComplianceRegime[]; reference_data_location?: string; output_format: OutputFormat }): Promise<DatasetRequest> {
  if (args.reference_data_location !== undefined) {
    throw new RequestValidationError("reference_data_location is not taken with dataset: measure a generated data set against real tables with calculateQualityMetrics", { field: "reference_data_location" });
  }
  const set = await readDatasetInput(args.dataset);
  const check = checkDataset(set, { volume: args.volume, maxVolume: config.maxVolume, ...(args.compliance_requirements?.length ? { compliance: args.compliance_requirements } : {}) });
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
 * How many shards every table of the data set is cut into: one, for now. The engine keeps two things per
 * shard only, so a sharded data set breaks them: an `atMost` rule (children spread over shards each trimmed
 * against the parent's whole value) and a UNIQUE column that is not a key (drawn per shard). Measured on the
 * shop at 10,000 root rows and 50,000-row shards (2 shards): 260 of 4,208 refunds above their payment and
 * one duplicate customer email; at one shard, none. The rows of all tables together are bounded by the
 * stack's ceiling (1,000,000 by default, about 20 s of generation), so one shard per table fits a worker.
 * The layout and the loop below are the sharded ones, ready for when the engine holds both across shards.
 */
export function datasetShardCount(_counts: Record<string, number>, _shardRows: number): number {
  return 1;
}

/** Rows of one table in shard `index` of `count` (as prepareDataset cuts them). */
function shardRowsOf(total: number, index: number, count: number): number {
  if (count <= 1) return total;
  const per = Math.ceil(total / count);
  const first = Math.min(total, index * per);
  return Math.min(total, first + per) - first;
}

export function datasetPartKey(folder: string, table: string, format: OutputFormat, index: number): string {
  return `${folder}${table}/part-${String(index).padStart(5, "0")}.${FILE_EXTENSIONS[format]}`;
}

/** Every object a data-set job can write (what a failed one deletes). */
export function datasetOutputKeys(job: Pick<JobRecord, "folder" | "output_format"> & { dataset_counts?: Record<string, number> }, shardRows: number): string[] {
  const counts = job.dataset_counts ?? {};
  const count = datasetShardCount(counts, shardRows);
  const format = job.output_format as OutputFormat;
  const parts = Object.entries(counts).flatMap(([table, rows]) =>
    Array.from({ length: count }, (_, i) => i).filter((i) => shardRowsOf(rows, i, count) > 0).map((i) => datasetPartKey(job.folder, table, format, i)));
  return [...parts, `${job.folder}schema.sql`, `${job.folder}metadata.json`, `${job.folder}quality_report.json`];
}

export interface DatasetRunHooks {
  s3: S3Client;
  config: FunctionConfig;
  signal: AbortSignal;
  /** Shard `index` of every table is stored: recorded before the next, so a takeover starts after it. */
  partsDone(index: number, count: number): Promise<void>;
  phase(text: string): void;
  onRow(): void;
  onMultipartStarted(key: string, uploadId: string): Promise<void>;
}

export interface DatasetRunResult {
  files: string[];
  sample: Row[];
  summary: Record<string, unknown>;
  reportKey: string;
}

/** Columns the quality report reads of each table: keys, references, parent-rule columns. */
function qualityColumns(set: DataSet): Map<string, string[]> {
  const out = new Map<string, Set<string>>(set.tables.map((t) => [t.name, new Set([...t.primaryKey, ...t.unique.flat()])]));
  for (const r of set.relationships) { r.columns.forEach((c) => out.get(r.child)!.add(c)); r.parentColumns.forEach((c) => out.get(r.parent)!.add(c)); }
  for (const rule of set.parentRules) {
    const r = set.relationships.find((x) => x.name === rule.relationship)!;
    out.get(r.child)!.add(rule.column);
    out.get(r.parent)!.add(rule.parentColumn);
  }
  return new Map([...out].map(([t, s]) => [t, [...s]]));
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

/**
 * Writes the job's data set (after the shards a previous worker finished) and its reports. Rows of shards
 * already stored are made again for the quality report only (the same seed gives the same rows).
 */
export async function runDatasetJob(job: JobRecord & { dataset_text: string }, firstShard: number, hooks: DatasetRunHooks): Promise<DatasetRunResult> {
  const dataset = engine();
  const { Readable } = require("node:stream") as typeof import("node:stream"); // eslint-disable-line @typescript-eslint/no-require-imports
  const { writeRows } = require("../engine/io") as typeof import("../engine/io"); // eslint-disable-line @typescript-eslint/no-require-imports
  const format = job.output_format as OutputFormat;
  const set = await readDatasetInput(job.dataset_text);
  const options = { rows: job.volume, seed: job.seed, ...(job.compliance_requirements?.length ? { compliance: job.compliance_requirements as ComplianceRegime[] } : {}) };
  const whole = dataset.prepareDataset(set, options);
  const count = datasetShardCount(whole.counts, hooks.config.shardRows);
  const bucket = hooks.config.dataBucket;
  await putText(hooks.s3, bucket, `${job.folder}schema.sql`, dataset.schemaScript(set), "application/sql");
  const keep = qualityColumns(set);
  const tables: Tables = Object.fromEntries(set.tables.map((t) => [t.name, []]));
  const files: Record<string, string[]> = Object.fromEntries(set.tables.map((t) => [t.name, []]));
  const sample: Row[] = [];
  const project = (name: string, row: Row) => {
    const out: Row = {};
    for (const c of keep.get(name)!) out[c] = row[c];
    tables[name]!.push(out);
  };
  for (let index = 0; index < count; index++) {
    const plan: DatasetPlan = count > 1 ? dataset.prepareDataset(set, { ...options, shard: { index, count } }) : whole;
    for (const t of plan.tables) {
      const name = t.table.name;
      const key = datasetPartKey(job.folder, name, format, index);
      const observed = function* (): Generator<Row> {
        for (const row of t.rows()) {
          project(name, row);
          if (sample.length < 5 && name === plan.tables[0]!.table.name) sample.push(row);
          hooks.onRow();
          yield row;
        }
      };
      if (index < firstShard || t.rowCount === 0) {
        for (const _ of observed()) { /* made again for the report only */ }
        if (t.rowCount > 0) files[name]!.push(key);
        continue;
      }
      hooks.phase(`${name} part ${index + 1} of ${count}`);
      const body: Readable = format === "sql" ? Readable.from(insertStatements(t, observed())) : writeRows(format, t.schema, observed());
      await uploadStream(hooks.s3, bucket, key, body, CONTENT_TYPES[format]!, { signal: hooks.signal, onMultipartStarted: (id) => hooks.onMultipartStarted(key, id) });
      files[name]!.push(key);
      hooks.signal.throwIfAborted();
    }
    if (index >= firstShard) await hooks.partsDone(index, count);
  }
  hooks.phase("measuring the data set");
  const shape: DatasetShape = {
    tables: set.tables.map((t) => ({ name: t.name, primaryKey: t.primaryKey, unique: t.unique, columns: t.columns })),
    relationships: set.relationships, parentRules: set.parentRules,
  };
  const report = dataset.datasetQuality(shape, tables);
  const reportKey = `${job.folder}quality_report.json`;
  await putJson(hooks.s3, bucket, reportKey, { generation_id: job.generation_id, kind: "dataset", ...report });
  const minimum = (xs: Array<{ score: number }>) => (xs.length ? Math.min(...xs.map((x) => x.score)) : 1);
  const summary = {
    overall_quality_score: report.score,
    tables: report.tables,
    key_uniqueness: minimum(report.key_uniqueness),
    referential_integrity: minimum(report.referential_integrity),
    cardinality_adherence: report.cardinality.length ? Math.min(...report.cardinality.map((c) => c.adherence)) : 1,
    parent_rules: minimum(report.parent_rules),
  };
  await putJson(hooks.s3, bucket, `${job.folder}metadata.json`, {
    generation_id: job.generation_id, kind: "dataset", data_type: job.data_type, output_format: job.output_format, volume: job.volume,
    seed: job.seed, compliance_requirements: job.compliance_requirements ?? [], created_at: job.created_at, engine_version: (require("../engine/generate") as typeof import("../engine/generate")).ENGINE_VERSION, // eslint-disable-line @typescript-eslint/no-require-imports
    schema_file: `${job.folder}schema.sql`, shards: count,
    tables: whole.tables.map((t) => ({
      name: t.table.name, rows: t.totalRows, primary_key: t.table.primaryKey, unique: t.table.unique, files: files[t.table.name],
      columns: t.table.columns.filter((c) => !c.generated).map((c) => ({ name: c.name, sql_type: c.sqlType, nullable: c.nullable })),
    })),
    relationships: set.relationships, parent_rules: set.parentRules, notes: set.notes, quality_summary: summary,
  });
  return { files: whole.tables.flatMap((t) => files[t.table.name]!), sample, summary, reportKey };
}
