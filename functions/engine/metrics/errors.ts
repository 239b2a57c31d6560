/** Summaries that cannot be merged (different fields or field kinds). */
export class SummaryMergeError extends Error {
  override name = "SummaryMergeError";
}

/** Input the metrics engine cannot work with (for example a schema that is not an object schema). */
export class MetricsInputError extends Error {
  override name = "MetricsInputError";
}
