// Fidelity of a synthetic data set to a real (reference) one, with SDMetrics' definitions
// (sdv-dev/SDMetrics). Each metric is a small pure function over plain values; scores are in 0..1,
// higher is better; where SDMetrics answers NaN (empty inputs, constant columns) the score is null with
// the reason. `compareSummaries` applies them to two data set summaries; figures computed from a
// bounded sample instead of all values are flagged approximate with an error bound.
import { sampleCorrelation } from "simple-statistics";
import type { DatasetSummary, FieldSummary, SampledValue } from "./summary";
import type { ColumnMetric, FidelityReport, MetricScore, PairMetric } from "./types";
import { dkwBound } from "./sketches/reservoir";
import { meanOfKnown, sortedSample } from "./statistics";
import { MAX_CATEGORIES_FOR_TEXT } from "./fields";

/** Column pairs compared at most (the first fields in schema order). */
const MAX_PAIR_FIELDS = 40;

const nan = (metric: string, reason: string): MetricScore => ({ metric, score: null, reason });

/** Two-sample Kolmogorov-Smirnov statistic D = sup_x |F_a(x) - F_b(x)| of two ascending arrays. */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] <= b[j] ? a[i] : b[j];
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/**
 * KSComplement = 1 - D, where D = sup_x |F_real(x) - F_synthetic(x)| is the two-sample KS statistic of
 * the non-null values (datetimes as epoch milliseconds). NaN when either side has no values.
 */
export function ksComplement(realSorted: ArrayLike<number>, syntheticSorted: ArrayLike<number>): MetricScore {
  if (realSorted.length === 0 || syntheticSorted.length === 0) return nan("KSComplement", "no non-null values on one side");
  return { metric: "KSComplement", score: 1 - ksStatistic(realSorted, syntheticSorted) };
}

/**
 * TVComplement = 1 - TVD, TVD = 1/2 * sum over categories w in R u S of |R_w - S_w|, where R_w and S_w
 * are the shares of non-null values equal to w. NaN when either side has no non-null values.
 */
export function tvComplement(real: Map<string, number>, synthetic: Map<string, number>): MetricScore {
  const realTotal = [...real.values()].reduce((a, b) => a + b, 0);
  const syntheticTotal = [...synthetic.values()].reduce((a, b) => a + b, 0);
  if (realTotal === 0 || syntheticTotal === 0) return nan("TVComplement", "no non-null values on one side");
  let variation = 0;
  for (const key of new Set([...real.keys(), ...synthetic.keys()])) {
    variation += Math.abs((real.get(key) ?? 0) / realTotal - (synthetic.get(key) ?? 0) / syntheticTotal);
  }
  return { metric: "TVComplement", score: 1 - 0.5 * variation };
}

/**
 * BoundaryAdherence = |{s in S : min(R) <= s <= max(R)}| / |S| over non-null values.
 * NaN when the synthetic side is empty (0/0) or the real side has no values (no bounds).
 */
export function boundaryAdherence(realMin: number, realMax: number, realCount: number, synthetic: ArrayLike<number>): MetricScore {
  if (synthetic.length === 0) return nan("BoundaryAdherence", "no synthetic values");
  if (realCount === 0) return nan("BoundaryAdherence", "no real values");
  let inside = 0;
  for (let i = 0; i < synthetic.length; i++) if (synthetic[i] >= realMin && synthetic[i] <= realMax) inside++;
  return { metric: "BoundaryAdherence", score: inside / synthetic.length };
}

/**
 * RangeCoverage = max(0, 1 - (max((min(S) - min(R)) / (max(R) - min(R)), 0)
 *                             + max((max(R) - max(S)) / (max(R) - min(R)), 0)))
 * (the formula in SDMetrics' documentation). NaN when the real column is constant or either side is empty.
 */
export function rangeCoverage(realMin: number, realMax: number, syntheticMin: number, syntheticMax: number): MetricScore {
  if (![realMin, realMax, syntheticMin, syntheticMax].every(Number.isFinite)) return nan("RangeCoverage", "no non-null values on one side");
  if (realMin === realMax) return nan("RangeCoverage", "the real column is constant");
  const span = realMax - realMin;
  const lowMiss = Math.max((syntheticMin - realMin) / span, 0);
  const highMiss = Math.max((realMax - syntheticMax) / span, 0);
  return { metric: "RangeCoverage", score: Math.max(0, 1 - (lowMiss + highMiss)) };
}

/** CategoryCoverage = |{real categories present in S}| / |{real categories}| (non-null). NaN when R has none. */
export function categoryCoverage(realCategories: Iterable<string>, syntheticHas: (value: string) => boolean): MetricScore {
  let total = 0;
  let covered = 0;
  for (const category of realCategories) {
    total++;
    if (syntheticHas(category)) covered++;
  }
  if (total === 0) return nan("CategoryCoverage", "no real categories");
  return { metric: "CategoryCoverage", score: covered / total };
}

/** CategoryAdherence = |{s in S : s is a real category}| / |S| (non-null). NaN when S is empty. */
export function categoryAdherence(realHas: (value: string) => boolean, synthetic: Map<string, number>): MetricScore {
  let total = 0;
  let inside = 0;
  for (const [value, count] of synthetic) {
    total += count;
    if (realHas(value)) inside += count;
  }
  if (total === 0) return nan("CategoryAdherence", "no synthetic values");
  return { metric: "CategoryAdherence", score: inside / total };
}

const distinctNonNull = (values: SampledValue[]): number => new Set(values.filter((v) => v !== null)).size;

/**
 * CorrelationSimilarity = 1 - |S_xy - R_xy| / 2, with R_xy and S_xy the Pearson correlations of the two
 * columns in the real and synthetic data, each over the rows where both columns have a value (pairwise
 * deletion: a row is dropped only when either of the two is null), as SDMetrics' compute_breakdown does
 * (`real_data[[column1, column2]].dropna()` before `pearsonr`). NaN rules as SDMetrics': a column
 * constant on either side over all its non-null values (nunique() == 1, checked before the rows are
 * dropped), or empty, gives NaN; so does a correlation that is undefined on the rows kept (fewer than
 * two, or a column constant on them).
 */
export function correlationSimilarity(
  real: [SampledValue[], SampledValue[]], synthetic: [SampledValue[], SampledValue[]],
): MetricScore & { real?: number; synthetic?: number } {
  const columns = [...real, ...synthetic];
  if (columns.some((c) => distinctNonNull(c) <= 1)) return nan("CorrelationSimilarity", "a column is constant (or empty) on one side");
  const r = pairwisePearson(real[0], real[1]);
  const s = pairwisePearson(synthetic[0], synthetic[1]);
  if (!Number.isFinite(r) || !Number.isFinite(s)) {
    return { ...nan("CorrelationSimilarity", "the correlation is undefined over the rows where both columns have a value"), ...(Number.isFinite(r) ? { real: r } : {}) };
  }
  return { metric: "CorrelationSimilarity", score: 1 - Math.abs(r - s) / 2, real: r, synthetic: s };
}

/** Pearson's r over the rows where both x and y are numbers (NaN when fewer than two, or no spread). */
export function pairwisePearson(x: SampledValue[], y: SampledValue[]): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (typeof a === "number" && typeof b === "number") { xs.push(a); ys.push(b); }
  }
  if (xs.length < 2) return Number.NaN;
  const r = sampleCorrelation(xs, ys);
  return Number.isFinite(r) ? Math.max(-1, Math.min(1, r)) : Number.NaN;
}

/**
 * ContingencySimilarity = 1 - TVD of the joint distribution, TVD = 1/2 * sum over (a, b) of |R_ab - S_ab|,
 * R_ab and S_ab being the shares of rows with that pair of values (null is a value, as pandas'
 * groupby(dropna=False)). NaN when either side has no rows.
 */
export function contingencySimilarity(real: [SampledValue[], SampledValue[]], synthetic: [SampledValue[], SampledValue[]]): MetricScore {
  const joint = ([a, b]: [SampledValue[], SampledValue[]]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (let i = 0; i < a.length; i++) {
      const key = JSON.stringify([a[i] ?? null, b[i] ?? null]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  };
  if (real[0].length === 0 || synthetic[0].length === 0) return nan("ContingencySimilarity", "no rows on one side");
  const tv = tvJoint(joint(real), real[0].length, joint(synthetic), synthetic[0].length);
  return { metric: "ContingencySimilarity", score: 1 - tv };
}

function tvJoint(real: Map<string, number>, realRows: number, synthetic: Map<string, number>, syntheticRows: number): number {
  let variation = 0;
  for (const key of new Set([...real.keys(), ...synthetic.keys()])) {
    variation += Math.abs((real.get(key) ?? 0) / realRows - (synthetic.get(key) ?? 0) / syntheticRows);
  }
  return variation / 2;
}

/**
 * NewRowSynthesis = |{synthetic rows equal to no real row}| / |synthetic rows| (each synthetic row
 * counted, duplicates included). Rows are compared by a 53-bit digest of their non-null cells, i.e. an
 * exact match; SDMetrics also counts numeric values within 1% of a real value as equal, so this score
 * can be higher than SDMetrics' on continuous columns. NaN when there are no synthetic rows.
 */
export function newRowSynthesis(syntheticDigests: Iterable<[number, number]>, realHas: (digest: number) => boolean):
  MetricScore & { new_rows?: number; synthetic_rows?: number } {
  let rows = 0;
  let fresh = 0;
  for (const [digest, count] of syntheticDigests) {
    rows += count;
    if (!realHas(digest)) fresh += count;
  }
  if (rows === 0) return nan("NewRowSynthesis", "no synthetic rows");
  return { metric: "NewRowSynthesis", score: fresh / rows, new_rows: fresh, synthetic_rows: rows };
}

/**
 * SDMetrics' `discretize_column` for mixed column pairs: 10 equal-width bins over the real values
 * (numpy's histogram_bin_edges; a constant column gets the range +-0.5), the outer edges opened to
 * -inf/+inf, intervals closed on the right (pandas' cut). Null stays null. Returns bin numbers.
 */
export function discretize(values: SampledValue[], realMin: number, realMax: number, bins = 10): SampledValue[] {
  const low = realMin === realMax ? realMin - 0.5 : realMin;
  const high = realMin === realMax ? realMax + 0.5 : realMax;
  const inner = Array.from({ length: bins - 1 }, (_, k) => low + ((high - low) * (k + 1)) / bins);
  return values.map((v) => {
    if (typeof v !== "number") return null;
    let bin = 0;
    while (bin < inner.length && inner[bin] < v) bin++;
    return bin;
  });
}

/**
 * NewRowSynthesis as SDMetrics computes it: a synthetic row copies a real row when every discrete
 * value is equal and every numeric value s is within |0.01 * s| of the real one (datetimes as numbers,
 * as in SDMetrics); a null matches only a null. Score = share of synthetic rows that copy no real row.
 * Rows are grouped by their discrete values and null pattern, and each group is searched by its first
 * non-null numeric column, so the cost is near-linear instead of |R| x |S|.
 */
export function newRowSynthesisWithTolerance(
  real: SampledValue[][], synthetic: SampledValue[][], numeric: boolean[], tolerance = 0.01,
): MetricScore & { new_rows?: number; synthetic_rows?: number } {
  if (synthetic.length === 0) return nan("NewRowSynthesis", "no synthetic rows");
  const groupKey = (row: SampledValue[]): string =>
    JSON.stringify(numeric.map((isNumber, i) => (isNumber ? (row[i] === null || row[i] === undefined ? null : 0) : row[i] ?? null)));
  const groups = new Map<string, { by: number; rows: SampledValue[][] }>();
  for (const row of real) {
    const key = groupKey(row);
    let group = groups.get(key);
    if (!group) {
      group = { by: numeric.findIndex((isNumber, i) => isNumber && typeof row[i] === "number"), rows: [] };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  for (const group of groups.values()) {
    if (group.by >= 0) group.rows.sort((a, b) => (a[group.by] as number) - (b[group.by] as number));
  }
  const within = (r: SampledValue, s: SampledValue): boolean =>
    Math.abs((r as number) - (s as number)) <= Math.abs(tolerance * (s as number));
  const copies = (candidate: SampledValue[], row: SampledValue[]): boolean =>
    numeric.every((isNumber, i) => !isNumber || typeof row[i] !== "number" || within(candidate[i], row[i]));
  let fresh = 0;
  for (const row of synthetic) {
    const group = groups.get(groupKey(row));
    let copied = false;
    if (group && group.by < 0) copied = true; // equal discrete values and nulls only
    else if (group) {
      const target = row[group.by] as number;
      const slack = Math.abs(tolerance * target);
      // First candidate with value >= target - slack, then scan while value <= target + slack.
      let lo = 0;
      let hi = group.rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((group.rows[mid][group.by] as number) < target - slack) lo = mid + 1; else hi = mid;
      }
      for (let k = lo; k < group.rows.length && (group.rows[k][group.by] as number) <= target + slack; k++) {
        if (copies(group.rows[k], row)) { copied = true; break; }
      }
    }
    if (!copied) fresh++;
  }
  return { metric: "NewRowSynthesis", score: fresh / synthetic.length, new_rows: fresh, synthetic_rows: synthetic.length };
}

type Comparison = "distribution" | "categories" | "skip";

/** How a field is compared: numbers and dates by distribution, categories by frequencies, free text not at all. */
function comparisonFor(real: FieldSummary, synthetic: FieldSummary): { how: Comparison; reason?: string } {
  const kind = real.kind ?? synthetic.kind;
  if (kind === "numeric" || kind === "datetime") return { how: "distribution" };
  if ((kind === "boolean" || kind === "categorical" || kind === "text") && (!real.frequencies || !synthetic.frequencies)) {
    return { how: "skip", reason: "identifier-like text on one side (its categories are not counted)" };
  }
  if (kind === "boolean" || kind === "categorical") return { how: "categories" };
  if (kind === "text") {
    const few = [real, synthetic].every((f) => f.distinctExact && f.distinctCount() <= MAX_CATEGORIES_FOR_TEXT);
    return few ? { how: "categories" }
      : { how: "skip", reason: `free text with more than ${MAX_CATEGORIES_FOR_TEXT} distinct values (identifiers, names...): not compared, as SDMetrics skips id and PII columns` };
  }
  return { how: "skip", reason: "nested values are not compared" };
}

/** Share of the values a frequency sketch no longer counts (0 while exact): bounds its TV error. */
const missingShare = (f: FieldSummary): number => {
  const frequencies = f.frequencies!;
  const kept = [...frequencies.counts.values()].reduce((a, b) => a + b, 0); // after compaction, less than the total
  return frequencies.total > 0 ? 1 - kept / frequencies.total : 0;
};
const boundsOf = (f: FieldSummary): [number, number] => (f.moments.n > 0 ? [f.min, f.max] : [Number.NaN, Number.NaN]);
const sampleError = (f: FieldSummary): number => (f.sample.exact ? 0 : dkwBound(f.sample.items.length));

function columnMetrics(real: FieldSummary, synthetic: FieldSummary): { shape: ColumnMetric; coverage: ColumnMetric[] } {
  const field = synthetic.name;
  const { how, reason } = comparisonFor(real, synthetic);
  if (how === "skip") return { shape: { field, metric: "none", score: null, reason: reason! }, coverage: [] };
  if (how === "distribution") {
    const realValues = sortedSample(real);
    const syntheticValues = sortedSample(synthetic);
    const approximate = !real.sample.exact || !synthetic.sample.exact;
    const flag = (m: MetricScore, bound: number): ColumnMetric => ({
      field, ...m, ...(approximate && m.score !== null ? { approximate: true, error_bound: bound } : {}),
    });
    const [realMin, realMax] = boundsOf(real);
    const [syntheticMin, syntheticMax] = boundsOf(synthetic);
    return {
      shape: flag(ksComplement(realValues, syntheticValues), sampleError(real) + sampleError(synthetic)),
      coverage: [
        // Only the synthetic sample matters here (the real bounds are exact); DKW bounds the share.
        flag(boundaryAdherence(realMin, realMax, real.moments.n, syntheticValues), sampleError(synthetic)),
        { field, ...rangeCoverage(realMin, realMax, syntheticMin, syntheticMax) },
      ],
    };
  }
  // Category comparisons only reach fields whose counts are kept (categories, booleans, text with few values).
  const realFrequencies = real.frequencies!;
  const syntheticFrequencies = synthetic.frequencies!;
  const approximate = !realFrequencies.exact || !syntheticFrequencies.exact;
  const realCounts = realFrequencies.counts;
  const syntheticCounts = syntheticFrequencies.counts;
  const flag = (m: MetricScore, bound?: number): ColumnMetric => ({
    field, ...m, ...(approximate && m.score !== null ? { approximate: true, ...(bound !== undefined ? { error_bound: bound } : {}) } : {}),
  });
  return {
    shape: flag(tvComplement(realCounts, syntheticCounts), 0.5 * (missingShare(real) + missingShare(synthetic))),
    coverage: [
      flag(categoryCoverage(realCounts.keys(), (v) => syntheticCounts.has(v))),
      flag(categoryAdherence((v) => realCounts.has(v), syntheticCounts), missingShare(synthetic) + missingShare(real)),
    ],
  };
}

function pairMetrics(real: DatasetSummary, synthetic: DatasetSummary): PairMetric[] {
  const comparable = synthetic.fields
    .filter((f) => real.field(f.name) !== undefined)
    .map((f) => ({ name: f.name, how: comparisonFor(real.field(f.name)!, f).how }))
    .filter((f) => f.how !== "skip")
    .slice(0, MAX_PAIR_FIELDS);
  const column = (summary: DatasetSummary, name: string): SampledValue[] => {
    const index = summary.fields.findIndex((f) => f.name === name);
    return summary.rowSample.items.map((row) => row[index] ?? null);
  };
  const approximate = !real.rowSample.exact || !synthetic.rowSample.exact;
  const metrics: PairMetric[] = [];
  for (let i = 0; i < comparable.length; i++) {
    for (let j = i + 1; j < comparable.length; j++) {
      const a = comparable[i];
      const b = comparable[j];
      // Numeric pairs: CorrelationSimilarity. Categorical and mixed pairs: ContingencySimilarity, the
      // numeric side binned on the real values first (as SDMetrics' quality report does).
      const binned = (field: typeof a, summary: DatasetSummary): SampledValue[] => {
        const values = column(summary, field.name);
        if (a.how === b.how || field.how !== "distribution") return values;
        const realField = real.field(field.name)!;
        return realField.moments.n > 0 ? discretize(values, realField.min, realField.max) : values.map(() => null);
      };
      const realColumns: [SampledValue[], SampledValue[]] = [binned(a, real), binned(b, real)];
      const syntheticColumns: [SampledValue[], SampledValue[]] = [binned(a, synthetic), binned(b, synthetic)];
      const result = a.how === "distribution" && b.how === "distribution"
        ? correlationSimilarity(realColumns, syntheticColumns)
        : contingencySimilarity(realColumns, syntheticColumns);
      metrics.push({ fields: [a.name, b.name], ...result, ...(approximate && result.score !== null ? { approximate: true } : {}) });
    }
  }
  return metrics;
}

/**
 * NewRowSynthesis for two summaries. With every real row in hand (the real row sample is exact), the
 * SDMetrics definition with its 1% numeric tolerance, over the synthetic row sample (all rows, or a
 * uniform sample as SDMetrics' synthetic_sample_size, within the DKW bound). With more real rows than
 * that, an exact-match check of every synthetic row against every real row by digest.
 */
function newRowSynthesisOf(real: DatasetSummary, synthetic: DatasetSummary): FidelityReport["new_row_synthesis"] {
  if (real.rowSample.exact) {
    const names = synthetic.fields.map((f) => f.name);
    const realIndex = names.map((name) => real.fields.findIndex((f) => f.name === name));
    const realRows = real.rowSample.items.map((row) => realIndex.map((i) => (i >= 0 ? row[i] ?? null : null)));
    const syntheticRows = synthetic.rowSample.items.map((row) => names.map((_, i) => row[i] ?? null));
    const numeric = synthetic.fields.map((f) => f.isNumeric);
    const result = newRowSynthesisWithTolerance(realRows, syntheticRows, numeric);
    if (result.score === null || synthetic.rowSample.exact) return result;
    return {
      ...result, approximate: true, error_bound: dkwBound(syntheticRows.length),
      reason: `checked on a uniform sample of ${syntheticRows.length} of the ${synthetic.rowCount} synthetic rows (as SDMetrics' synthetic_sample_size)`,
    };
  }
  if (!real.rowDigests.exact || !synthetic.rowDigests.exact) {
    return nan("NewRowSynthesis", "more distinct rows than the exact row-digest bound: cannot tell which rows repeat");
  }
  const result = newRowSynthesis(synthetic.rowDigests.entries(), (d) => real.rowDigests.countOf(d) > 0);
  return result.score === null ? result
    : { ...result, approximate: true, reason: "exact matches only (SDMetrics also treats numbers within 1% as equal): the reference is too large for the tolerant check" };
}

/** All fidelity metrics of `synthetic` against `real`. */
export function compareSummaries(real: DatasetSummary, synthetic: DatasetSummary): FidelityReport {
  const shapes: ColumnMetric[] = [];
  const coverage: ColumnMetric[] = [];
  for (const field of synthetic.fields) {
    const realField = real.field(field.name);
    if (!realField) {
      shapes.push({ field: field.name, metric: "none", score: null, reason: "the field is not in the reference data" });
      continue;
    }
    const result = columnMetrics(realField, field);
    shapes.push(result.shape);
    coverage.push(...result.coverage);
  }
  const pairs = pairMetrics(real, synthetic);
  const novelty = newRowSynthesisOf(real, synthetic);
  const columnShapes = meanOfKnown(shapes.map((m) => m.score));
  const pairTrends = meanOfKnown(pairs.map((m) => m.score));
  return {
    overall_score: meanOfKnown([columnShapes, pairTrends]),
    column_shapes: { score: columnShapes, metrics: shapes },
    column_pair_trends: { score: pairTrends, metrics: pairs },
    coverage,
    new_row_synthesis: novelty,
    reference_row_count: real.rowCount,
  };
}
