// Quality metrics: streaming, mergeable summaries of a data set, the quality report (with SDMetrics-style
// fidelity against a reference) and its self-contained HTML rendering.
export { calculateQualityMetrics, qualityReport, schemaValidator, type QualityMetricsOptions } from "./quality";
export {
  summarize, summarizeStream, mergeSummaries, DatasetSummary, FieldSummary, SUMMARY_LIMITS,
  type SummaryOptions, type SampledValue, type SummarySnapshot, type FieldSnapshot, type RowValidator,
} from "./summary";
export {
  compareSummaries, ksStatistic, ksComplement, tvComplement, boundaryAdherence, rangeCoverage,
  categoryCoverage, categoryAdherence, correlationSimilarity, pairwisePearson, contingencySimilarity, newRowSynthesis,
  newRowSynthesisWithTolerance, discretize,
} from "./fidelity";
export { fieldStatistics, distributionAnalysis, distributionShape, QUANTILE_LEVELS } from "./statistics";
export { renderHtmlReport, escapeHtml } from "./html";
export { describeFields, type FieldKind, type FieldDescriptor } from "./fields";
export { SummaryMergeError, MetricsInputError } from "./errors";
export { dkwBound } from "./sketches/reservoir";
export { HLL_RELATIVE_ERROR } from "./sketches/hyperLogLog";
export type * from "./types";
