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
    // An estimate can overshoot: never more distinct values than values.
    distinct_count: Math.min(field.distinctCount(), field.count),
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
    stats.top_categories_note = `not counted: more than ${SUMMARY_LIMITS.identifierDistinct} distinct values (identifier-like text)`;
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

/** Shares of `values` in each bin between consecutive ascending edges (the last bin includes its right edge). */
export function binShares(values: ArrayLike<number>, edges: number[]): number[] {
  const bins = edges.length - 1;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(x >= edges[0] && x <= edges[bins])) continue;
    let lo = 0;
    let hi = bins - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid] <= x) lo = mid; else hi = mid - 1;
    }
    counts[lo]++;
  }
  return counts.map((c) => (values.length > 0 ? c / values.length : 0));
}

const DAY_MS = 86_400_000;
/** Bin widths in whole days a date histogram may use: a day, a week, about a month, a quarter, a year... */
const DAY_STEPS = [1, 2, 7, 14, 30, 61, 91, 182, 365, 730, 1826, 3652];

/** A 1-2-5 step at least `raw` wide (whole numbers when `whole`). */
function niceStep(raw: number, whole: boolean): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? 10 * power;
  return whole ? Math.max(1, Math.ceil(step)) : step;
}

/**
 * Edges of a histogram over [low, high] that respect the values' units: one bin per value for whole
 * numbers over a short range (no saw-tooth from bins holding two values and then one), bins of the same
 * whole number of units (or days) otherwise, the last one possibly narrower, and 1-2-5 widths for
 * continuous values; at most about `HISTOGRAM_BINS` bins.
 */
export function histogramEdges(low: number, high: number, kind: "numeric" | "datetime", wholeUnits: boolean): number[] {
  if (!(high > low)) return wholeUnits ? [low - 0.5 * (kind === "datetime" ? DAY_MS : 1), high + 0.5 * (kind === "datetime" ? DAY_MS : 1)] : [low, high];
  const unit = kind === "datetime" ? DAY_MS : 1;
  if (wholeUnits) {
    const span = (high - low) / unit;
    const widthUnits = kind === "datetime"
      ? DAY_STEPS.find((d) => span / d <= HISTOGRAM_BINS * 1.5) ?? Math.ceil(span / HISTOGRAM_BINS)
      : span + 1 <= HISTOGRAM_BINS * 2.5 ? 1 : niceStep((span + 1) / HISTOGRAM_BINS, true);
    const width = widthUnits * unit;
    // Bins start at the smallest value, whole values in the middle of their unit, so every bin holds
    // the same number of possible values; only the last may hold fewer (the chart scales it to match).
    const end = high + unit / 2;
    const edges = [low - unit / 2];
    while (edges[edges.length - 1] + width < end) edges.push(edges[edges.length - 1] + width);
    edges.push(end);
    return edges;
  }
  const raw = (high - low) / HISTOGRAM_BINS;
  // A range too narrow to divide (0 and -5e-324: the step underflows to 0) is one bin, as a constant is.
  if (!(raw > 0)) return [low, high];
  const step = kind === "datetime" ? Math.max(1, raw) : niceStep(raw, false);
  const start = Math.floor(low / step) * step;
  const edges = [start];
  while (edges[edges.length - 1] < high) edges.push(start + edges.length * step);
  return edges;
}

/** Skewness past which a linear histogram hides the data in one bar: such fields get a log-scale view too. */
export const HEAVY_SKEW = 2;
const LOG_BINS = 24;

/** Log-spaced edges over [low, high] for positive values (low > 0), or null when the range is too narrow to need them. */
function logEdges(low: number, high: number): number[] | null {
  if (!(low > 0) || high / low < 20) return null;
  const a = Math.log10(low);
  const b = Math.log10(high);
  return Array.from({ length: LOG_BINS + 1 }, (_, i) => (i === LOG_BINS ? high : 10 ** (a + ((b - a) * i) / LOG_BINS)));
}

/** A histogram of the field's values, on edges shared with the reference's when there is one. */
export function histogramOf(field: FieldSummary, reference?: FieldSummary): Histogram | null {
  if (!field.isNumeric || field.moments.n === 0) return null;
  const useReference = reference !== undefined && reference.isNumeric && reference.moments.n > 0;
  const low = useReference ? Math.min(field.min, reference.min) : field.min;
  const high = useReference ? Math.max(field.max, reference.max) : field.max;
  const whole = field.wholeUnits && (!useReference || reference.wholeUnits);
  const edges = histogramEdges(low, high, field.kind as "numeric" | "datetime", whole);
  const histogram: Histogram = { edges, frequencies: binShares(field.sample.items, edges), scale: "linear", whole_units: whole };
  if (useReference) histogram.reference_frequencies = binShares(reference.sample.items, edges);
  return histogram;
}

/**
 * For a right-skewed numeric field, a histogram on log-spaced bins (values at or below 0 are counted in
 * `below_log_range`), where a linear one shows a single bar and a flat line.
 */
export function logHistogramOf(field: FieldSummary, reference?: FieldSummary): Histogram | null {
  if (field.kind !== "numeric" || field.moments.n < 30) return null;
  const skew = field.moments.skewness();
  if (skew === null || skew < HEAVY_SKEW) return null;
  const positive = Array.from(field.sample.items).filter((x) => x > 0);
  if (positive.length === 0) return null;
  const useReference = reference !== undefined && reference.kind === "numeric" && reference.moments.n > 0;
  const low = Math.min(...positive, ...(useReference ? reference.sample.items.filter((x) => x > 0) : []));
  const high = useReference ? Math.max(field.max, reference.max) : field.max;
  const edges = logEdges(low, high);
  if (!edges) return null;
  const histogram: Histogram = {
    edges, frequencies: binShares(field.sample.items, edges), scale: "log", whole_units: false,
    below_log_range: 1 - positive.length / field.sample.items.length,
  };
  if (useReference) histogram.reference_frequencies = binShares(reference.sample.items, edges);
  return histogram;
}

/** KS distance between the ascending sample and a continuous CDF. */
function ksToCdf(sorted: number[], cdf: (x: number) => number): number {
  let d = 0;
  const n = sorted.length;
  for (let i = 0; i < n; ) {
    const x = sorted[i];
    let j = i;
    while (j < n && sorted[j] === x) j++;
    const f = cdf(x);
    d = Math.max(d, Math.abs(f - i / n), Math.abs(j / n - f));
    i = j;
  }
  return d;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 erf, error < 1.5e-7). */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2));
  const erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** A fitted law is named only when its CDF is within this KS distance of the data's (a practical, not a test, threshold). */
const SHAPE_FIT_DISTANCE = 0.03;

/**
 * The shape label of a numeric field: the moments' coarse reading (`distributionShape`) checked against
 * the data itself, so that a label names a law only when the values follow it: uniform, normal or
 * exponential when the sample's CDF is within SHAPE_FIT_DISTANCE of that law fitted to it (whole
 * numbers spread over their unit), otherwise skewed or heavy-tailed from the moments, else bimodal or flat
 * from the count of its modes.
 */
export function fittedShape(field: FieldSummary): DistributionShape {
  const coarse = distributionShape(field.moments, field.min);
  if (coarse === "constant" || coarse === "insufficient_data") return coarse;
  const sorted = sortedSample(field);
  const unit = field.wholeUnits ? (field.kind === "datetime" ? DAY_MS : 1) : 0;
  const low = field.min - unit / 2;
  const high = field.max + unit / 2;
  const mean = field.moments.mean;
  const std = field.moments.sampleStd() ?? 0;
  const fits: Array<[DistributionShape, number]> = [
    ["uniform", ksToCdf(sorted, (x) => Math.min(1, Math.max(0, (x + unit / 2 - low) / (high - low))))],
    ["normal", std > 0 ? ksToCdf(sorted, (x) => normalCdf((x + unit / 2 - mean) / std)) : 1],
  ];
  if (field.min >= 0 && mean > field.min) {
    fits.push(["exponential", ksToCdf(sorted, (x) => (x < field.min ? 0 : 1 - Math.exp(-(x + unit / 2 - low) / (mean - low))))]);
  }
  const best = fits.sort((a, b) => a[1] - b[1])[0];
  if (best[1] <= SHAPE_FIT_DISTANCE) return best[0];
  const skew = field.moments.skewness() ?? 0;
  const kurtosis = field.moments.excessKurtosis() ?? 0;
  // No law fits, so even a mild lean is the shape's main feature: a plateau that falls after 60 is
  // right-skewed, by its moments or, with one mode, by holding far more values in the bottom quarter of
  // its range (p1 to p99, so that one extreme value does not move it) than in the top quarter.
  if (skew >= SHAPE_SKEW) return "right_skewed";
  if (skew <= -SHAPE_SKEW) return "left_skewed";
  if (kurtosis >= 1) return "heavy_tailed";
  if (peaks(sorted, field.min, field.max) >= 2) return "bimodal";
  const p1 = quantileSorted(sorted, 0.01);
  const p99 = quantileSorted(sorted, 0.99);
  const quarter = (p99 - p1) / 4;
  const bottom = sorted.filter((x) => x >= p1 && x <= p1 + quarter).length;
  const top = sorted.filter((x) => x <= p99 && x >= p99 - quarter).length;
  if (bottom > TAIL_RATIO * top) return "right_skewed";
  if (top > TAIL_RATIO * bottom) return "left_skewed";
  return "flat";
}

/** |skewness| from which a shape no law fits is called skewed. */
const SHAPE_SKEW = 0.2;
/** Ratio of the values in the two outer quarters of the range from which such a shape is called skewed. */
const TAIL_RATIO = 2;

/**
 * Modes of the values: peaks of a 3-bin moving average over 20 equal bins, a peak counting only when
 * the dip before it (from the previous peak) falls below 80% of the smaller of the two.
 */
function peaks(sorted: number[], low: number, high: number): number {
  if (!(high > low)) return 1;
  const counts = binShares(sorted, Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => low + ((high - low) * i) / HISTOGRAM_BINS));
  const smooth = counts.map((_, i) => (counts[Math.max(0, i - 1)] + counts[i] + counts[Math.min(counts.length - 1, i + 1)]) / 3);
  let found = 0;
  let lastPeak = -1;
  let dip = Infinity;
  for (let i = 0; i < smooth.length; i++) {
    const isPeak = (i === 0 || smooth[i] > smooth[i - 1]) && (i === smooth.length - 1 || smooth[i] >= smooth[i + 1]);
    if (isPeak && (lastPeak < 0 || dip < 0.8 * Math.min(smooth[i], smooth[lastPeak]))) {
      found++;
      lastPeak = i;
      dip = Infinity;
    } else if (isPeak && smooth[i] > smooth[lastPeak]) {
      lastPeak = i;
    }
    if (lastPeak >= 0 && i > lastPeak) dip = Math.min(dip, smooth[i]);
  }
  return found;
}

export function distributionAnalysis(field: FieldSummary, reference?: FieldSummary): DistributionAnalysis {
  const kind = field.kind ?? "other";
  if (field.isNumeric) {
    return {
      kind,
      shape: field.moments.n === 0 ? "insufficient_data" : fittedShape(field),
      skewness: field.moments.skewness(),
      excess_kurtosis: field.moments.excessKurtosis(),
      histogram: histogramOf(field, reference),
      log_histogram: logHistogramOf(field, reference),
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
    log_histogram: null,
    categories,
  };
}
