// Per-field statistics and distribution analysis, read off a field summary.
import { quantileSorted } from "simple-statistics";
import { SUMMARY_LIMITS, type FieldSummary } from "./summary";
import type { FieldStatistics, DistributionAnalysis, DistributionShape, Histogram } from "./types";
import { dkwBound } from "./sketches/reservoir";
import { MAX_CATEGORIES_FOR_TEXT } from "./fields";
import { HLL_RELATIVE_ERROR } from "./sketches/hyperLogLog";
import type { Moments } from "./sketches/moments";

/** Mean of the scores that are known (null when none is). */
export function meanOfKnown(scores: Array<number | null>): number | null {
  const known = scores.filter((s): s is number => s !== null);
  return known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : null;
}

export const QUANTILE_LEVELS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
const TOP_CATEGORIES = 20;
const HISTOGRAM_BINS = 20;

/** The field's sampled values in ascending order (all of them while the sample is exact). */
export function sortedSample(field: FieldSummary): number[] {
  return Array.from(Float64Array.from(field.sample.items).sort());
}

function asOutput(field: FieldSummary, x: number): number | string {
  return field.kind === "datetime" ? new Date(x).toISOString() : x;
}

export function fieldStatistics(field: FieldSummary, rowCount: number): FieldStatistics {
  const numeric = field.isNumeric && field.moments.n > 0;
  const sorted = numeric ? sortedSample(field) : [];
  const quantiles = sorted.length > 0
    ? Object.fromEntries(QUANTILE_LEVELS.map((p) => [`p${Math.round(p * 100)}`, asOutput(field, quantileSorted(sorted, p))]))
    : null;
  const sampleExact = field.sample.exact;
  const categorical = !field.isNumeric;
  const frequencies = field.frequencies;
  const stats: FieldStatistics = {
    kind: field.kind ?? "other",
    count: field.count,
    null_count: field.nullCount,
    null_rate: rowCount > 0 ? field.nullCount / rowCount : 0,
    type_mismatch_count: field.mismatchCount,
    distinct_count: field.distinctCount(),
    distinct_approximate: !field.distinctExact,
    min: numeric ? asOutput(field, field.min) : null,
    max: numeric ? asOutput(field, field.max) : null,
    mean: numeric ? asOutput(field, field.moments.mean) : null,
    median: sorted.length > 0 ? asOutput(field, quantileSorted(sorted, 0.5)) : null,
    std: numeric ? field.moments.sampleStd() : null,
    quantiles,
    quantiles_approximate: numeric && !sampleExact,
    length: field.lengths.n > 0
      ? { min: field.minLength, max: field.maxLength, mean: field.lengths.mean, std: field.lengths.sampleStd() }
      : null,
    top_categories: categorical && frequencies && frequencies.total > 0
      ? frequencies.top(TOP_CATEGORIES).map(({ value, count }) => ({ value, count, frequency: count / frequencies.total }))
      : null,
    top_categories_approximate: categorical && frequencies !== null && !frequencies.exact,
  };
  if (!field.distinctExact) stats.distinct_error = HLL_RELATIVE_ERROR;
  if (stats.quantiles_approximate) stats.quantile_rank_error = dkwBound(field.sample.items.length);
  if (stats.top_categories_approximate) stats.top_categories_max_undercount = frequencies!.undercount;
  if (categorical && !frequencies) {
    stats.top_categories_note = `not counted: more than ${SUMMARY_LIMITS.exactDistinct} distinct values (identifier-like text)`;
  }
  return stats;
}

/**
 * A coarse shape from the moments (and the minimum): uniform has excess kurtosis -1.2 and no skew,
 * normal 0 and 0, exponential skewness 2 and excess kurtosis 6 on a non-negative support. Thresholds
 * are loose because sample moments are noisy; fewer than 30 values are "insufficient_data".
 */
export function distributionShape(moments: Moments, min: number): DistributionShape {
  if (moments.n > 0 && moments.m2 <= 0) return "constant";
  if (moments.n < 30) return "insufficient_data";
  const skew = moments.skewness();
  const kurtosis = moments.excessKurtosis();
  if (skew === null || kurtosis === null) return "constant"; // spread too small to measure
  if (Math.abs(skew) < 0.3 && kurtosis > -1.5 && kurtosis < -0.9) return "uniform";
  if (Math.abs(skew) < 0.5 && Math.abs(kurtosis) < 1) return "normal";
  if (min >= 0 && skew > 1.4 && skew < 2.8 && kurtosis > 3 && kurtosis < 10) return "exponential";
  if (skew >= 0.5) return "right_skewed";
  if (skew <= -0.5) return "left_skewed";
  if (kurtosis >= 1) return "heavy_tailed";
  return "bimodal_or_flat";
}

/** Shares of `sorted` values in each bin between consecutive edges (the last bin includes its right edge). */
export function binShares(sorted: ArrayLike<number>, edges: number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  const low = edges[0];
  const width = edges[bins] - low;
  for (let i = 0; i < sorted.length; i++) {
    const x = sorted[i];
    if (x < low || x > edges[bins]) continue;
    const bin = width > 0 ? Math.min(bins - 1, Math.floor(((x - low) / width) * bins)) : 0;
    counts[bin]++;
  }
  return counts.map((c) => (sorted.length > 0 ? c / sorted.length : 0));
}

/** A histogram of the field's values, on edges shared with the reference's when there is one. */
export function histogramOf(field: FieldSummary, reference?: FieldSummary): Histogram | null {
  if (!field.isNumeric || field.moments.n === 0) return null;
  const useReference = reference !== undefined && reference.isNumeric && reference.moments.n > 0;
  const low = useReference ? Math.min(field.min, reference.min) : field.min;
  const high = useReference ? Math.max(field.max, reference.max) : field.max;
  const bins = high > low ? HISTOGRAM_BINS : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? high : low + ((high - low) * i) / bins));
  const histogram: Histogram = { edges, frequencies: binShares(field.sample.items, edges) };
  if (useReference) histogram.reference_frequencies = binShares(reference.sample.items, edges);
  return histogram;
}

export function distributionAnalysis(field: FieldSummary, reference?: FieldSummary): DistributionAnalysis {
  const kind = field.kind ?? "other";
  if (field.isNumeric) {
    return {
      kind,
      shape: field.moments.n === 0 ? "insufficient_data" : distributionShape(field.moments, field.min),
      skewness: field.moments.skewness(),
      excess_kurtosis: field.moments.excessKurtosis(),
      histogram: histogramOf(field, reference),
      categories: null,
    };
  }
  const total = field.frequencies?.total ?? 0;
  const referenceTotal = reference?.frequencies?.total ?? 0;
  const referenceCounts = reference?.frequencies?.counts;
  const categories = total === 0 ? null : field.frequencies!.top(TOP_CATEGORIES).map(({ value, count }) => {
    const entry: { value: string; frequency: number; reference_frequency?: number } = { value, frequency: count / total };
    if (referenceCounts && referenceTotal > 0) entry.reference_frequency = (referenceCounts!.get(value) ?? 0) / referenceTotal;
    return entry;
  });
  return {
    kind,
    shape: kind === "categorical" || kind === "boolean"
      || (kind === "text" && field.distinctExact && field.distinctCount() <= MAX_CATEGORIES_FOR_TEXT) ? "categorical" : "not_applicable",
    skewness: null,
    excess_kurtosis: null,
    histogram: null,
    categories,
  };
}
