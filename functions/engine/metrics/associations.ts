// How the columns of one data set relate, measured on its row sample (every row up to
// SUMMARY_LIMITS.rowSample, a uniform sample beyond): Spearman's rank correlation for two numeric
// columns (datetimes as numbers), Cramér's V for two categorical ones, the correlation ratio (eta) for a
// numeric and a categorical one. Each pair is measured over the rows where both have a value. All three
// are in 0..1 in absolute value, so one heatmap shows them side by side; Spearman keeps its sign.
import type { DatasetSummary, FieldSummary, SampledValue } from "./summary";
import { pairwisePearson } from "./fidelity";
import { MAX_CATEGORIES_FOR_TEXT } from "./fields";
import type { Association, AssociationMatrix, PairView } from "./types";

/** Columns measured at most (the first in schema order), so the heatmap stays readable. */
const MAX_ASSOCIATION_FIELDS = 24;
/** Categorical columns with more distinct values than this (in the sample) are left out: a contingency table over them says little. */
const MAX_ASSOCIATION_CATEGORIES = 60;
const PAIR_VIEWS = 3;
const SCATTER_POINTS = 600;
const PAIR_VIEW_CATEGORIES = 10;

type Role = "numeric" | "categorical";

/** Ranks 1..n with ties given their mean rank. */
function ranks(values: number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const result = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) result[order[k]] = rank;
    i = j + 1;
  }
  return result;
}

/** Spearman's rho: Pearson's r of the ranks, over the rows where both are numbers. */
export function spearman(x: SampledValue[], y: SampledValue[]): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (typeof x[i] === "number" && typeof y[i] === "number") { xs.push(x[i] as number); ys.push(y[i] as number); }
  }
  return pairwisePearson(ranks(xs), ranks(ys));
}

/** A categorical column as integer codes (-1 for null) and the number of categories. */
interface Coded { codes: Int32Array; size: number }

function encode(column: SampledValue[]): Coded {
  const index = new Map<string, number>();
  const codes = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null) { codes[i] = -1; continue; }
    const key = String(v);
    let code = index.get(key);
    if (code === undefined) { code = index.size; index.set(key, code); }
    codes[i] = code;
  }
  return { codes, size: index.size };
}

/** Cramér's V = sqrt(chi^2 / (n (min(r, c) - 1))) of the contingency table of the rows where both have a value. */
export function cramersV(x: SampledValue[], y: SampledValue[]): number {
  return cramersVCoded(encode(x), encode(y));
}

function cramersVCoded(x: Coded, y: Coded): number {
  const table = new Float64Array(x.size * y.size);
  const rows = new Float64Array(x.size);
  const columns = new Float64Array(y.size);
  let n = 0;
  for (let i = 0; i < x.codes.length; i++) {
    const a = x.codes[i];
    const b = y.codes[i];
    if (a < 0 || b < 0) continue;
    table[a * y.size + b]++;
    rows[a]++;
    columns[b]++;
    n++;
  }
  const k = Math.min(rows.filter((r) => r > 0).length, columns.filter((c) => c > 0).length);
  if (n === 0 || k < 2) return Number.NaN;
  let chi2 = 0;
  for (let a = 0; a < x.size; a++) {
    if (rows[a] === 0) continue;
    for (let b = 0; b < y.size; b++) {
      if (columns[b] === 0) continue;
      const expected = (rows[a] * columns[b]) / n;
      chi2 += ((table[a * y.size + b] - expected) ** 2) / expected;
    }
  }
  return Math.min(1, Math.sqrt(chi2 / (n * (k - 1))));
}

/** Correlation ratio eta = sqrt(between-category sum of squares / total sum of squares) of a numeric column y by category x. */
export function correlationRatio(categories: SampledValue[], values: SampledValue[]): number {
  return correlationRatioCoded(encode(categories), values);
}

function correlationRatioCoded(x: Coded, values: SampledValue[]): number {
  const groupN = new Float64Array(x.size);
  const groupSum = new Float64Array(x.size);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const code = x.codes[i];
    if (typeof v !== "number" || code < 0) continue;
    groupN[code]++;
    groupSum[code] += v;
    n++;
    sum += v;
  }
  if (n < 2 || groupN.filter((g) => g > 0).length < 2) return Number.NaN;
  const mean = sum / n;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number" && x.codes[i] >= 0) total += (v - mean) ** 2;
  }
  if (total <= 0) return Number.NaN;
  let between = 0;
  for (let g = 0; g < x.size; g++) if (groupN[g] > 0) between += groupN[g] * (groupSum[g] / groupN[g] - mean) ** 2;
  return Math.min(1, Math.sqrt(between / total));
}

function roleOf(field: FieldSummary): Role | null {
  // A constant column relates to nothing: leave it out rather than fill a row of the heatmap with n/a.
  if (field.distinctCount() < 2) return null;
  if (field.isNumeric) return field.moments.n > 1 && field.max > field.min ? "numeric" : null;
  if (field.kind === "boolean" || field.kind === "categorical") return field.frequencies ? "categorical" : null;
  if (field.kind === "text" && field.frequencies && field.distinctExact && field.distinctCount() <= MAX_CATEGORIES_FOR_TEXT) return "categorical";
  return null;
}

/** Five-number view (p5, p25, median, p75, p95) of ascending values. */
function spread(sorted: number[]): [number, number, number, number, number] {
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))];
  return [at(0.05), at(0.25), at(0.5), at(0.75), at(0.95)];
}

/** The data behind the chart of one strongly associated pair, bounded whatever the row count. */
function pairView(association: Association, x: SampledValue[], y: SampledValue[], roles: [Role, Role]): PairView {
  const complete: Array<[SampledValue, SampledValue]> = [];
  for (let i = 0; i < x.length; i++) if (x[i] !== null && y[i] !== null) complete.push([x[i], y[i]]);
  if (roles[0] === "numeric" && roles[1] === "numeric") {
    const kept = Math.min(SCATTER_POINTS, complete.length);
    const points: Array<[number, number]> = [];
    // Evenly spaced over the sample, which is itself in random order: a uniform thinning.
    for (let k = 0; k < kept; k++) points.push(complete[Math.floor((k * complete.length) / kept)] as [number, number]);
    return { ...association, view: "scatter", points };
  }
  if (roles[0] === "categorical" && roles[1] === "categorical") {
    const counts = new Map<string, number>();
    const totals = new Map<string, number>();
    const otherTotals = new Map<string, number>();
    for (const [a, b] of complete) {
      counts.set(`${a}\u0000${b}`, (counts.get(`${a}\u0000${b}`) ?? 0) + 1);
      totals.set(String(a), (totals.get(String(a)) ?? 0) + 1);
      otherTotals.set(String(b), (otherTotals.get(String(b)) ?? 0) + 1);
    }
    const top = (m: Map<string, number>): string[] => [...m].sort((p, q) => q[1] - p[1]).slice(0, PAIR_VIEW_CATEGORIES).map(([k]) => k);
    const cells: Array<{ x: string; y: string; share: number }> = [];
    for (const a of top(totals)) for (const b of top(otherTotals)) cells.push({ x: a, y: b, share: (counts.get(`${a}\u0000${b}`) ?? 0) / complete.length });
    return { ...association, view: "heatmap", cells };
  }
  // One categorical, one numeric: the numeric column's spread in each of the commonest categories.
  const categoryFirst = roles[0] === "categorical";
  const byCategory = new Map<string, number[]>();
  for (const [a, b] of complete) {
    const category = String(categoryFirst ? a : b);
    const value = (categoryFirst ? b : a) as number;
    const list = byCategory.get(category) ?? [];
    list.push(value);
    byCategory.set(category, list);
  }
  const boxes = [...byCategory].sort((p, q) => q[1].length - p[1].length).slice(0, PAIR_VIEW_CATEGORIES)
    .map(([category, values]) => ({ category, count: values.length, quantiles: spread(values.sort((p, q) => p - q)) }));
  return { ...association, view: "boxes", category_field: association.fields[categoryFirst ? 0 : 1], boxes };
}

/** The association of every pair of measurable columns, and the data for views of the strongest pairs. */
export function associationMatrix(summary: DatasetSummary): AssociationMatrix {
  const measured = summary.fields
    .map((field, index) => ({ field, index, role: roleOf(field) }))
    .filter((f): f is { field: FieldSummary; index: number; role: Role } => f.role !== null)
    .map((f) => {
      const column = summary.rowSample.items.map((row) => row[f.index] ?? null);
      return { ...f, column, coded: f.role === "categorical" ? encode(column) : null };
    })
    .filter((f) => f.role === "numeric" || f.coded!.size <= MAX_ASSOCIATION_CATEGORIES)
    .slice(0, MAX_ASSOCIATION_FIELDS);
  const pairs: Association[] = [];
  for (let i = 0; i < measured.length; i++) {
    for (let j = i + 1; j < measured.length; j++) {
      const a = measured[i];
      const b = measured[j];
      const measure: Association["measure"] = a.role === "numeric" && b.role === "numeric" ? "spearman"
        : a.role === "categorical" && b.role === "categorical" ? "cramers_v" : "correlation_ratio";
      const value = measure === "spearman" ? spearman(a.column, b.column)
        : measure === "cramers_v" ? cramersVCoded(a.coded!, b.coded!)
          : a.role === "categorical" ? correlationRatioCoded(a.coded!, b.column) : correlationRatioCoded(b.coded!, a.column);
      pairs.push({ fields: [a.field.name, b.field.name], measure, value: Number.isFinite(value) ? value : null });
    }
  }
  const strongest = pairs.filter((p) => p.value !== null && Math.abs(p.value) >= 0.1)
    .sort((p, q) => Math.abs(q.value!) - Math.abs(p.value!)).slice(0, PAIR_VIEWS);
  const byName = new Map(measured.map((m) => [m.field.name, m]));
  const views = strongest.map((p) => {
    const a = byName.get(p.fields[0])!;
    const b = byName.get(p.fields[1])!;
    return pairView(p, a.column, b.column, [a.role, b.role]);
  });
  return {
    fields: measured.map((m) => ({ name: m.field.name, role: m.role })),
    pairs,
    pair_views: views,
    rows: summary.rowSample.items.length,
    sampled: !summary.rowSample.exact,
  };
}
