// calculateQualityMetrics: one streaming pass over the data set (and one over the reference, when
// given) into mergeable summaries, then the report read off the summaries.
import type { Row, SchemaInput } from "../schema/types";
import { toJsonSchema } from "../schema";
import { compileValidator } from "../validate";
import { DatasetSummary, SUMMARY_LIMITS, summarizeStream, type RowValidator, type SampledValue, type SummaryOptions } from "./summary";
import { associationMatrix } from "./associations";
import { alertsOf } from "./alerts";
import { distributionAnalysis, fieldStatistics, meanOfKnown } from "./statistics";
import { compareSummaries } from "./fidelity";
import { HLL_RELATIVE_ERROR } from "./sketches/hyperLogLog";
import type { QualityReport } from "./types";

export interface QualityMetricsOptions {
  schema: SchemaInput;
  data: AsyncIterable<Row> | Iterable<Row>;
  /** Real data to measure fidelity against (SDMetrics-style metrics). */
  reference?: AsyncIterable<Row> | Iterable<Row>;
  /** Row validity check; by default the schema compiled by the validation engine. */
  validator?: RowValidator;
  /** Seed for the bounded samples (same data + seed = same report). */
  seed?: number;
}

/**
 * The validation engine's compiled schema as a row predicate (first error only: we only count), whose
 * `reason()` names the rule the last rejected row broke (its path and keyword), to group invalid rows by.
 */
export function schemaValidator(schema: SchemaInput): RowValidator {
  const validate = compileValidator(toJsonSchema(schema), { allErrors: false });
  const check: RowValidator = (row) => validate(row);
  check.reason = () => {
    const error = validate.errors?.[0];
    if (!error) return "invalid";
    const at = error.instancePath === "" ? "row" : error.instancePath.slice(1).replace(/\//g, ".");
    return `${at}: ${error.message ?? error.keyword}`;
  };
  return check;
}

const SAMPLE_ROWS = 8;

/** The first rows of the row sample as records, dates back to ISO text. */
function sampleRows(summary: DatasetSummary): Array<Record<string, SampledValue>> {
  return summary.rowSample.items.slice(0, SAMPLE_ROWS).map((row) => Object.fromEntries(summary.fields.map((f, i) => {
    const value = row[i] ?? null;
    return [f.name, f.kind === "datetime" && typeof value === "number" ? new Date(value).toISOString().replace("T00:00:00.000Z", "") : value];
  })));
}

export async function calculateQualityMetrics(options: QualityMetricsOptions): Promise<QualityReport> {
  const validator = options.validator ?? schemaValidator(options.schema);
  const summaryOptions: SummaryOptions = { schema: options.schema, seed: options.seed };
  const data = await summarizeStream(options.data, { ...summaryOptions, validator });
  const reference = options.reference ? await summarizeStream(options.reference, summaryOptions) : undefined;
  return qualityReport(data, reference);
}


/** The quality report of a (possibly merged) data set summary, with fidelity when a reference summary is given. */
export function qualityReport(summary: DatasetSummary, reference?: DatasetSummary): QualityReport {
  const rows = summary.rowCount;
  const fields = summary.fields;
  const nonNullCells = fields.reduce((sum, f) => sum + f.count, 0);
  const cells = rows * fields.length;
  const distinctRows = Math.min(summary.rowDigests.distinct(), rows);
  const validity = summary.validity;
  const fidelity = reference ? compareSummaries(reference, summary) : null;
  const completeness = cells > 0 ? nonNullCells / cells : null;
  const uniqueness = rows > 0 ? distinctRows / rows : null;
  const validityScore = validity && validity.checked > 0 ? validity.valid / validity.checked : null;

  const notes: string[] = [];
  if (rows === 0) notes.push("The data set has no rows: the scores are null.");
  if (!summary.rowDigests.exact) {
    notes.push(`More than ${SUMMARY_LIMITS.rowDigests} distinct rows: the distinct-row count is a HyperLogLog estimate (relative standard error ${(HLL_RELATIVE_ERROR * 100).toFixed(2)}%).`);
  }
  notes.push("Duplicate rows are found by a 53-bit digest of each row's non-null cells (collision chance about n^2/2^54).");
  if (fields.some((f) => f.isNumeric && !f.sample.exact)) {
    notes.push(`Quantiles, medians, histograms and KS statistics of fields with more than ${SUMMARY_LIMITS.valueSample} values come from a uniform sample of that size; their rank error is bounded by the DKW inequality (quantile_rank_error, 95% confidence).`);
  }
  if (fidelity) {
    notes.push("Fidelity metrics follow SDMetrics' definitions (sdv-dev/SDMetrics); mixed numeric/categorical pairs use ContingencySimilarity with the numeric field in 10 bins, as SDMetrics' quality report does; free-text fields with many distinct values are not compared, as SDMetrics skips id and PII columns.");
    if (!summary.rowSample.exact || !reference!.rowSample.exact) {
      notes.push(`Column-pair metrics use a uniform sample of ${SUMMARY_LIMITS.rowSample} rows per data set (as SDMetrics' num_rows_subsample).`);
    }
  }

  const fieldStats = Object.fromEntries(fields.map((f) => [f.name, fieldStatistics(f, rows)]));
  const analysis = Object.fromEntries(fields.map((f) => [f.name, distributionAnalysis(f, reference?.field(f.name))]));
  const associations = associationMatrix(summary);
  const invalidRows = [...summary.invalidGroups].map(([reason, g]) => ({ reason, count: g.count, examples: g.examples.slice() }))
    .sort((a, b) => b.count - a.count);
  if (associations.sampled) {
    notes.push(`Associations (Spearman, Cramér's V, correlation ratio) are measured on a uniform sample of ${associations.rows} rows.`);
  }
  const alerts = alertsOf({
    summary, statistics: fieldStats, analysis, duplicateRows: rows - distinctRows,
    invalidRows: validity ? validity.checked - validity.valid : null, invalidGroups: invalidRows, associations,
  });

  return {
    row_count: rows,
    field_count: fields.length,
    duplicate_row_count: rows - distinctRows,
    duplicate_row_rate: rows > 0 ? (rows - distinctRows) / rows : 0,
    completeness_score: completeness,
    uniqueness_score: uniqueness,
    uniqueness_approximate: !summary.rowDigests.exact,
    validity_score: validityScore,
    valid_row_count: validity ? validity.valid : null,
    overall_quality_score: meanOfKnown([completeness, uniqueness, validityScore, fidelity?.overall_score ?? null]),
    field_statistics: fieldStats,
    distribution_analysis: analysis,
    fidelity,
    alerts,
    associations,
    invalid_rows: invalidRows,
    sample_rows: sampleRows(summary),
    notes,
  };
}
