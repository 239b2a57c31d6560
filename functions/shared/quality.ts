// Runs validation and quality metrics over a stored data set in one read, and stores the reports.
import type { S3Client } from "@aws-sdk/client-s3";
import type { OutputFormat, Row, SchemaInput } from "../engine/schema/types";
import { readRows, READABLE_FORMATS } from "../engine/io";
import { validateDataset } from "../engine/validate";
import { calculateQualityMetrics, renderHtmlReport, type QualityReport } from "../engine/metrics";
import { CONTENT_TYPES, putJson, putText, readStream } from "./storage";
import { tee } from "./tee";

export const SAMPLE_ROWS = 5;

export interface QualityOutcome {
  report: Record<string, unknown>;
  validation: Record<string, unknown>;
  summary: Record<string, unknown>;
  sample: Row[];
}

/** Rows of every object in `keys`, in order. */
async function* rowsOf(s3: S3Client, bucket: string, keys: string[], format: OutputFormat, schema: SchemaInput): AsyncIterable<Row> {
  for (const key of keys) {
    yield* readRows(format, await readStream(s3, bucket, key), schema);
  }
}

async function* capture(rows: AsyncIterable<Row>, sample: Row[]): AsyncIterable<Row> {
  for await (const row of rows) {
    if (sample.length < SAMPLE_ROWS) sample.push(row);
    yield row;
  }
}

/** The headline figures of a quality report (what answers and the job record carry). */
export function summarise(report: Record<string, unknown>, validation?: Record<string, unknown>): Record<string, unknown> {
  const pick = (k: string) => (report[k] === undefined ? undefined : report[k]);
  const fidelity = report.fidelity as { overall_score?: number | null } | null | undefined;
  const summary: Record<string, unknown> = {
    overall_quality_score: pick("overall_quality_score"),
    completeness_score: pick("completeness_score"),
    uniqueness_score: pick("uniqueness_score"),
    validity_score: pick("validity_score"),
    row_count: pick("row_count"),
    duplicate_row_rate: pick("duplicate_row_rate"),
  };
  if (fidelity && fidelity.overall_score !== undefined) summary.fidelity_score = fidelity.overall_score;
  if (validation) {
    for (const k of ["valid", "valid_rows", "invalid_rows", "valid_row_count", "invalid_row_count", "rows"]) {
      if (typeof validation[k] === "number" || typeof validation[k] === "boolean") summary[`validation_${k}`] = validation[k];
    }
  }
  return Object.fromEntries(Object.entries(summary).filter(([, v]) => v !== undefined));
}

/** Number of invalid rows a validation report states, whatever its exact field name. */
export function invalidRows(validation: Record<string, unknown>): number {
  for (const k of ["invalid_rows", "invalid_row_count", "invalidRows"]) {
    if (typeof validation[k] === "number") return validation[k] as number;
  }
  return validation.valid === false ? 1 : 0;
}

/** Formats the IO readers can read back (SQL is written only). */
export function isReadableFormat(format: string): boolean {
  return (READABLE_FORMATS as readonly string[]).includes(format);
}

async function* fromIterable(rows: Iterable<Row> | AsyncIterable<Row>): AsyncIterable<Row> {
  yield* rows;
}

/** Rows read from the start of a caller's data set to check it can be read at all. */
export const PROBE_ROWS = 200;

/**
 * Reads the first rows of a stored data set and stops: a file that is not in its format (or whose records
 * are not objects) fails here, in the request, rather than later in a job. Throws the IO engine's error.
 */
export async function probeReadable(s3: S3Client, bucket: string, key: string, format: OutputFormat, schema: SchemaInput,
  rows = PROBE_ROWS): Promise<void> {
  const stream = await readStream(s3, bucket, key);
  let seen = 0;
  try {
    for await (const _row of readRows(format, stream, schema)) {
      if (++seen >= rows) break;
    }
  } finally {
    stream.destroy();
  }
}

export async function measureStoredData(opts: {
  s3: S3Client; bucket: string; keys: string[]; format: OutputFormat; schema: SchemaInput;
  reference?: { keys: string[]; format: OutputFormat };
  /** The data set's rows when its stored format cannot be read back (SQL): measured instead of `keys`. */
  rows?: Iterable<Row> | AsyncIterable<Row>;
}): Promise<QualityOutcome> {
  const sample: Row[] = [];
  const data = opts.rows ? fromIterable(opts.rows) : rowsOf(opts.s3, opts.bucket, opts.keys, opts.format, opts.schema);
  const [forValidation, forMetrics] = tee(capture(data, sample), 2);
  const reference = opts.reference
    ? rowsOf(opts.s3, opts.bucket, opts.reference.keys, opts.reference.format, opts.schema)
    : undefined;
  const [validation, report] = await Promise.all<[Promise<unknown>, Promise<unknown>]>([
    validateDataset(opts.schema, forValidation!),
    calculateQualityMetrics({ schema: opts.schema, data: forMetrics!, ...(reference ? { reference } : {}) }),
  ]);
  const reportRecord = report as Record<string, unknown>;
  const validationRecord = validation as Record<string, unknown>;
  return { report: reportRecord, validation: validationRecord, summary: summarise(reportRecord, validationRecord), sample };
}

/** Writes quality_report.json (report + validation) and quality_report.html next to the data. */
export async function storeQualityReports(s3: S3Client, bucket: string, folder: string, outcome: QualityOutcome):
  Promise<{ jsonKey: string; htmlKey: string }> {
  const jsonKey = `${folder}quality_report.json`;
  const htmlKey = `${folder}quality_report.html`;
  await putJson(s3, bucket, jsonKey, { ...outcome.report, validation: outcome.validation });
  await putText(s3, bucket, htmlKey, await renderHtmlReport(outcome.report as unknown as QualityReport), CONTENT_TYPES.html!);
  return { jsonKey, htmlKey };
}
