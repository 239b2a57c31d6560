// A data set of several tables stored in the data bucket, as a data-set job writes it:
//
//   <folder>metadata.json               kind "dataset", output_format, tables (name, files)
//   <folder>schema.sql                  the tables with every constraint, and the sdga COMMENTs (cardinalities)
//   <folder><table>/part-NNNNN.<ext>    each table's rows
//
// read back and measured (every table streamed once: each table's single-table report, and the data-set
// checks over the columns they need, or with a reference every column), and its reports stored beside it.
// A folder that is not such a data set is a 400 naming what is missing; nothing is written then.
import type { S3Client } from "@aws-sdk/client-s3";
import type { DatasetMeasurement, DatasetMeasurementOptions, DatasetReport } from "../engine/dataset/report";
import type { DataSet } from "../engine/dataset/model";
import { FILE_EXTENSIONS, type OutputFormat, type Row } from "../engine/schema/types";
import { readRows, READABLE_FORMATS } from "../engine/io";
import { readDatasetInput } from "./datasetInput";
import { NotFoundError, RequestValidationError } from "./errors";
import { s3Uri } from "./locations";
import { CONTENT_TYPES, putJson, putText, readBytes, readStream } from "./storage";

type DatasetModule = typeof import("../engine/dataset");
const engine = (): DatasetModule => require("../engine/dataset") as DatasetModule; // eslint-disable-line @typescript-eslint/no-require-imports

/** metadata.json and schema.sql above this size are not a data set's (a job writes a few kilobytes). */
const MAX_DESCRIPTION_BYTES = 4 * 1024 * 1024;

export interface StoredDataset {
  folder: string;
  format: OutputFormat;
  set: DataSet;
  /** Each table's parts, in order. */
  files: Record<string, string[]>;
}

/** The folder a location names: itself when it ends in `/`, the folder of metadata.json, else `<key>/`. */
export function datasetFolderOf(key: string): string {
  if (key.endsWith("/")) return key;
  if (key.endsWith("/metadata.json")) return key.slice(0, -"metadata.json".length);
  return `${key}/`;
}

async function readSmallText(s3: S3Client, bucket: string, key: string, field: string, what: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(s3, bucket, key);
  } catch (err) {
    if (err instanceof NotFoundError) {
      throw new RequestValidationError(`${field} is not a data set: ${s3Uri(bucket, key)} does not exist (a data set's folder holds metadata.json, schema.sql and <table>/part-NNNNN.<ext>, as generateSyntheticData with dataset writes them)`, { field });
    }
    throw err;
  }
  if (bytes.byteLength > MAX_DESCRIPTION_BYTES) throw new RequestValidationError(`${field} is not a data set: its ${what} is larger than ${MAX_DESCRIPTION_BYTES / 1048576} MiB`, { field });
  return Buffer.from(bytes).toString("utf8");
}

/**
 * Reads the description of the data set in `folder` (metadata.json and schema.sql) or throws a 400 naming
 * what makes it not one: no metadata.json, one of a single table, a format with no reader, a table without
 * parts or with a part outside its folder, schema.sql missing, unreadable or without one of the tables.
 */
export async function readStoredDataset(s3: S3Client, bucket: string, folder: string, field: string, definition?: string): Promise<StoredDataset> {
  const metadataText = await readSmallText(s3, bucket, `${folder}metadata.json`, field, "metadata.json");
  let metadata: { kind?: unknown; output_format?: unknown; tables?: unknown };
  try { metadata = JSON.parse(metadataText) as typeof metadata; } catch { throw new RequestValidationError(`${field} is not a data set: its metadata.json is not JSON`, { field }); }
  if (typeof metadata !== "object" || metadata === null || metadata.kind !== "dataset") {
    throw new RequestValidationError(`${field} is not a data set of several tables: its metadata.json has no kind "dataset" (a single table is measured by its data file with data_location and schema)`, { field });
  }
  const format = metadata.output_format as OutputFormat;
  if (!(READABLE_FORMATS as readonly string[]).includes(format)) {
    throw new RequestValidationError(`${field} holds a data set in ${String(format)}, which cannot be read back; readable formats: ${READABLE_FORMATS.join(", ")} (the same seed gives the same rows in any of them)`, { field });
  }
  if (!Array.isArray(metadata.tables) || metadata.tables.length === 0) throw new RequestValidationError(`${field} is not a data set: its metadata.json lists no tables`, { field });
  const files: Record<string, string[]> = {};
  for (const t of metadata.tables as Array<{ name?: unknown; files?: unknown }>) {
    if (typeof t?.name !== "string" || !Array.isArray(t.files)) throw new RequestValidationError(`${field} is not a data set: a table in its metadata.json has no name or files`, { field });
    const part = new RegExp(`^${escapeRegExp(`${folder}${t.name}/`)}part-\\d{5}\\.${FILE_EXTENSIONS[format]}$`);
    const outside = t.files.find((key) => typeof key !== "string" || !part.test(key));
    if (outside !== undefined) throw new RequestValidationError(`${field}: table ${t.name}'s file ${String(outside).slice(0, 200)} is not one of its parts (${folder}${t.name}/part-NNNNN.${FILE_EXTENSIONS[format]})`, { field });
    files[t.name] = t.files as string[];
  }
  let set: DataSet;
  try {
    set = await readDatasetInput(definition ?? await readSmallText(s3, bucket, `${folder}schema.sql`, field, "schema.sql"));
  } catch (err) {
    if (err instanceof RequestValidationError && definition === undefined) throw new RequestValidationError(`${field}: its schema.sql does not define the data set: ${err.message}`, { field });
    throw err;
  }
  const missing = set.tables.map((t) => t.name).filter((name) => !(name in files));
  const unknown = Object.keys(files).filter((name) => !set.tables.some((t) => t.name === name));
  if (missing.length || unknown.length) {
    throw new RequestValidationError(`${field}: metadata.json and schema.sql disagree on the tables (${[...missing.map((n) => `${n} has no files`), ...unknown.map((n) => `${n} is not in schema.sql`)].join("; ")})`, { field });
  }
  return { folder, format, set, files };
}

/** Every row of every table of `stored` into a measurement of its tables (each table's parts in order). */
export async function measureStoredDataset(s3: S3Client, bucket: string, stored: StoredDataset, options: DatasetMeasurementOptions): Promise<DatasetMeasurement> {
  const dataset = engine();
  const schemas = Object.fromEntries(stored.set.tables.map((t) => [t.name, t.schema]));
  const measurement = new dataset.DatasetMeasurement(dataset.datasetShape(stored.set), schemas, options);
  for (const t of stored.set.tables) {
    for (const key of stored.files[t.name]!) {
      for await (const row of readRows(stored.format, await readStream(s3, bucket, key), schemas[t.name]!)) measurement.add(t.name, row as Row);
    }
  }
  return measurement;
}

/** The reports of a data set: quality_report.json (with `extra` first) and quality_report.html in `folder`. */
export async function storeDatasetReports(s3: S3Client, bucket: string, folder: string, report: DatasetReport, set: DataSet, extra: Record<string, unknown> = {}):
  Promise<{ jsonKey: string; htmlKey: string }> {
  const jsonKey = `${folder}quality_report.json`;
  const htmlKey = `${folder}quality_report.html`;
  const html = await engine().renderDatasetHtmlReport(report, set.relationships);
  await putJson(s3, bucket, jsonKey, { ...extra, kind: "dataset", ...report });
  await putText(s3, bucket, htmlKey, html, CONTENT_TYPES.html!);
  return { jsonKey, htmlKey };
}

/** The headline figures of a data set's report (what answers and the job record carry). */
export function datasetSummary(report: DatasetReport): Record<string, unknown> {
  const lowest = (xs: number[]) => (xs.length ? Math.min(...xs) : 1);
  return {
    overall_quality_score: report.score,
    tables: report.tables.map((t) => ({ ...t, quality_score: report.table_reports[t.name]?.overall_quality_score ?? null })),
    key_uniqueness: lowest(report.key_uniqueness.map((k) => k.score)),
    referential_integrity: lowest(report.referential_integrity.map((r) => r.score)),
    cardinality_adherence: lowest(report.cardinality.map((c) => c.adherence)),
    parent_rules: lowest(report.parent_rules.map((r) => r.score)),
    ...(report.fidelity ? { fidelity_score: report.fidelity.score } : {}),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
