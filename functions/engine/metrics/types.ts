// The quality report's shape. `field_statistics` and `distribution_analysis` keep the names of the
// original design; every score is in 0..1, higher is better, or null with a reason.
import type { FieldKind } from "./fields";
import type { SampledValue } from "./summary";

export interface CategoryCount {
  value: string;
  count: number;
  frequency: number;
}

export interface FieldStatistics {
  kind: FieldKind;
  /** Non-null values. */
  count: number;
  null_count: number;
  null_rate: number;
  /** Non-null values of the wrong type for the field (text in a numeric field, an unparsable date...). */
  type_mismatch_count: number;
  distinct_count: number;
  /** True when distinct_count is a HyperLogLog estimate (relative standard error in `distinct_error`). */
  distinct_approximate: boolean;
  distinct_error?: number;
  /** Numbers for numeric fields; ISO 8601 text for datetime fields; null otherwise or when empty. */
  min: number | string | null;
  max: number | string | null;
  mean: number | string | null;
  median: number | string | null;
  /** Sample standard deviation (for datetime fields, in milliseconds). */
  std: number | null;
  quantiles: Record<string, number | string> | null;
  /** True when quantiles come from a uniform sample; `quantile_rank_error` bounds their rank error (95%). */
  quantiles_approximate: boolean;
  quantile_rank_error?: number;
  length: { min: number; max: number; mean: number; std: number | null } | null;
  top_categories: CategoryCount[] | null;
  /** True when the counts are Misra-Gries estimates; each may be low by at most `top_categories_max_undercount`. */
  top_categories_approximate: boolean;
  top_categories_max_undercount?: number;
  /** Why top_categories is null for a text field. */
  top_categories_note?: string;
}

export type DistributionShape =
  | "normal" | "uniform" | "exponential" | "right_skewed" | "left_skewed" | "heavy_tailed"
  | "bimodal_or_flat" | "bimodal" | "flat" | "constant" | "insufficient_data" | "categorical" | "not_applicable";

export interface Histogram {
  /** Bin edges (length = bins + 1); epoch milliseconds for datetime fields. */
  edges: number[];
  /** Share of the data set's values in each bin. */
  frequencies: number[];
  reference_frequencies?: number[];
  /** "log": edges spaced evenly on a log scale (right-skewed positive values). */
  scale?: "linear" | "log";
  /** The values are whole numbers (or whole days) and the bins hold whole units. */
  whole_units?: boolean;
  /** Log scale: share of values at or below 0, outside the log bins. */
  below_log_range?: number;
}

export interface DistributionAnalysis {
  kind: FieldKind;
  shape: DistributionShape;
  skewness: number | null;
  excess_kurtosis: number | null;
  histogram: Histogram | null;
  /** A log-scale view for heavily right-skewed numeric fields (null otherwise). */
  log_histogram?: Histogram | null;
  /** Most frequent categories with their share, and the reference's share of the same value. */
  categories: Array<{ value: string; frequency: number; reference_frequency?: number }> | null;
}

export interface MetricScore {
  metric: string;
  score: number | null;
  /** Why the score is null (SDMetrics' NaN cases), or a note on an approximation. */
  reason?: string;
  approximate?: boolean;
  /** Largest error of the score when approximate (95% confidence where sampling is involved). */
  error_bound?: number;
}

export interface ColumnMetric extends MetricScore { field: string }
export interface PairMetric extends MetricScore {
  fields: [string, string];
  real?: number;
  synthetic?: number;
}

export interface FidelityReport {
  /** Mean of column_shapes.score and column_pair_trends.score (those not null). */
  overall_score: number | null;
  column_shapes: { score: number | null; metrics: ColumnMetric[] };
  column_pair_trends: { score: number | null; metrics: PairMetric[] };
  coverage: ColumnMetric[];
  new_row_synthesis: MetricScore & { new_rows?: number; synthetic_rows?: number };
  reference_row_count: number;
}

/** How two columns of the data set relate (absolute value in 0..1; Spearman keeps its sign). */
export interface Association {
  fields: [string, string];
  /** spearman: two numeric columns; cramers_v: two categorical; correlation_ratio: one of each (eta). */
  measure: "spearman" | "cramers_v" | "correlation_ratio";
  /** Null when undefined on the rows where both have a value (a column constant there, too few rows). */
  value: number | null;
}

/** What a chart of one strongly associated pair needs, bounded whatever the row count. */
export type PairView = Association & (
  | { view: "scatter"; points: Array<[number, number]> }
  | { view: "heatmap"; cells: Array<{ x: string; y: string; share: number }> }
  | { view: "boxes"; category_field: string; boxes: Array<{ category: string; count: number; quantiles: [number, number, number, number, number] }> }
);

export interface AssociationMatrix {
  fields: Array<{ name: string; role: "numeric" | "categorical" }>;
  pairs: Association[];
  /** The strongest pairs, with the data for their charts. */
  pair_views: PairView[];
  /** Rows the associations were measured on (the row sample). */
  rows: number;
  /** True when those rows are a uniform sample rather than all of them. */
  sampled: boolean;
}

export type AlertKind =
  | "constant" | "near_constant" | "high_nulls" | "skewed" | "imbalanced" | "unique" | "duplicates"
  | "invalid_rows" | "high_correlation" | "type_mismatch";

export interface Alert {
  kind: AlertKind;
  /** warning: likely a problem in the data; info: worth knowing. */
  severity: "warning" | "info";
  fields: string[];
  message: string;
}

/** Rows that fail the schema, grouped by the first rule they break, with a few examples each. */
export interface InvalidRowGroup {
  reason: string;
  count: number;
  examples: string[];
}

export interface QualityReport {
  row_count: number;
  field_count: number;
  duplicate_row_count: number;
  duplicate_row_rate: number;
  /** Share of non-null cells over the schema's fields (null for an empty data set). */
  completeness_score: number | null;
  /** Share of distinct rows (null for an empty data set). */
  uniqueness_score: number | null;
  uniqueness_approximate: boolean;
  /** Share of rows valid against the schema; null when no validator was available. */
  validity_score: number | null;
  valid_row_count: number | null;
  /** Mean of completeness, uniqueness, validity (when known) and fidelity overall (when a reference is given). */
  overall_quality_score: number | null;
  field_statistics: Record<string, FieldStatistics>;
  distribution_analysis: Record<string, DistributionAnalysis>;
  fidelity: FidelityReport | null;
  /** What a data engineer should look at first (constant columns, nulls, skew, duplicates, invalid rows...). */
  alerts: Alert[];
  /** Pairwise associations of the numeric and categorical columns. */
  associations: AssociationMatrix;
  /** Invalid rows by reason (empty when all are valid or no validator gave reasons). */
  invalid_rows: InvalidRowGroup[];
  /** A few rows of the data set (from the row sample; dates as ISO text). */
  sample_rows: Array<Record<string, SampledValue>>;
  /** How approximate figures were obtained and anything the reader should know. */
  notes: string[];
}
