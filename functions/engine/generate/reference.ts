// Learning from a reference data set: per-column distributions (quantiles for numbers and dates,
// frequencies for categories, null and true rates) and the pairwise correlation of numeric columns, kept
// as a small JSON-serialisable profile. Generation then draws those columns from the profile (a Gaussian
// copula keeps the correlations) wherever the schema accepts the value, and never emits a row equal to a
// reference row on the profiled columns. The profile holds no rows, only summaries and row hashes.
import type { Row } from "../schema/types";
import { canonicalJson } from "./compile";
import { hashSeed, Rng } from "./prng";

/** Quantiles kept per numeric/date column (0%, 1%, ..., 100%). */
const QUANTILES = 101;
/** Values sampled per column (reservoir) and rows sampled for correlations. */
const RESERVOIR = 20_000;
const CORRELATION_ROWS = 5_000;
/** A column is categorical when it has at most this many distinct values (and repeats). */
const MAX_CATEGORIES = 50;
const MAX_ROW_HASHES = 200_000;

export type ColumnProfile =
  | { kind: "numeric"; nullRate: number; integer: boolean; decimals: number; quantiles: number[] }
  | { kind: "date"; nullRate: number; format: "date" | "date-time"; quantiles: number[] }
  | { kind: "categorical"; nullRate: number; values: Array<[unknown, number]> }
  | { kind: "boolean"; nullRate: number; trueRate: number }
  | { kind: "text"; nullRate: number };

/** What generation learns from a reference data set (JSON-serialisable). */
export interface ReferenceProfile {
  version: 1;
  rows: number;
  columns: Record<string, ColumnProfile>;
  /** Correlation (of normal scores) between the numeric columns listed. */
  correlation?: { columns: string[]; matrix: number[][] };
  /** 32-bit hashes of the reference rows over the profiled columns: generated rows must differ. */
  rowHashes: number[];
}

interface ColumnStats {
  present: number;
  nulls: number;
  numbers: number[];
  numberCount: number;
  integers: boolean;
  decimals: number;
  dates: number[];
  dateCount: number;
  dateOnly: boolean;
  booleans: number;
  trues: number;
  others: number;
  counts: Map<string, { value: unknown; n: number }> | undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function decimalsOf(x: number): number {
  const s = String(x);
  const dot = s.indexOf(".");
  return dot < 0 || s.includes("e") ? 0 : Math.min(s.length - dot - 1, 6);
}

function rowHash(row: Row, columns: string[]): number {
  const picked: Record<string, unknown> = {};
  for (const c of columns) picked[c] = row[c] ?? null;
  return hashSeed(canonicalJson(picked))[0];
}

function quantilesOf(sample: number[]): number[] {
  const sorted = [...sample].sort((a, b) => a - b);
  return Array.from({ length: QUANTILES }, (_, i) => {
    const pos = (i / (QUANTILES - 1)) * (sorted.length - 1);
    const lo = Math.floor(pos), hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  });
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 via erf). */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Inverse standard normal CDF (Acklam's approximation). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1);
  }
  if (q > 1 - 0.02425) return -normalQuantile(1 - q);
  const r = q - 0.5, s = r * r;
  return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
}

/** Normal scores of ranks (van der Waerden), for a copula correlation robust to any marginal. */
function normalScores(values: number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const scores = new Array<number>(values.length);
  order.forEach(([, i], rank) => { scores[i] = normalQuantile((rank + 1) / (values.length + 1)); });
  return scores;
}

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { const dx = x[i] - mx, dy = y[i] - my; sxy += dx * dy; sxx += dx * dx; syy += dy * dy; }
  return sxx && syy ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Lower Cholesky factor; undefined when the matrix is not positive definite. */
export function cholesky(m: number[][]): number[][] | undefined {
  const n = m.length;
  const l = m.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = m[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      if (i === j) {
        if (sum <= 1e-10) return undefined;
        l[i][i] = Math.sqrt(sum);
      } else l[i][j] = sum / l[j][j];
    }
  }
  return l;
}

/** Learns a profile from reference rows (top-level columns; nested values are profiled as categories or text). */
export async function learnReference(rows: AsyncIterable<Row> | Iterable<Row>): Promise<ReferenceProfile> {
  const rng = new Rng("reference-reservoir");
  const stats = new Map<string, ColumnStats>();
  const sampleRows: Row[] = [];
  const allRows: Row[] = []; // only kept while small enough to hash at the end
  let count = 0;
  for await (const row of rows as AsyncIterable<Row>) {
    count++;
    if (allRows.length < MAX_ROW_HASHES) allRows.push(row);
    if (sampleRows.length < CORRELATION_ROWS) sampleRows.push(row);
    else { const j = rng.int(0, count - 1); if (j < CORRELATION_ROWS) sampleRows[j] = row; }
    for (const [name, value] of Object.entries(row)) {
      let s = stats.get(name);
      if (!s) {
        s = { present: 0, nulls: 0, numbers: [], numberCount: 0, integers: true, decimals: 0, dates: [], dateCount: 0, dateOnly: true, booleans: 0, trues: 0, others: 0, counts: new Map() };
        stats.set(name, s);
      }
      s.present++;
      if (value === null || value === undefined) { s.nulls++; continue; }
      if (typeof value === "number" && Number.isFinite(value)) {
        s.numberCount++;
        if (!Number.isInteger(value)) s.integers = false;
        s.decimals = Math.max(s.decimals, decimalsOf(value));
        if (s.numbers.length < RESERVOIR) s.numbers.push(value);
        else { const j = rng.int(0, s.numberCount - 1); if (j < RESERVOIR) s.numbers[j] = value; }
      } else if (typeof value === "boolean") {
        s.booleans++;
        if (value) s.trues++;
      } else if (typeof value === "string" && (ISO_DATE.test(value) || ISO_DATE_TIME.test(value))) {
        s.dateCount++;
        if (!ISO_DATE.test(value)) s.dateOnly = false;
        const t = Date.parse(value.length === 10 ? value + "T00:00:00Z" : value);
        if (s.dates.length < RESERVOIR) s.dates.push(t);
        else { const j = rng.int(0, s.dateCount - 1); if (j < RESERVOIR) s.dates[j] = t; }
      } else {
        s.others++;
      }
      if (s.counts) {
        const key = canonicalJson(value);
        const hit = s.counts.get(key);
        if (hit) hit.n++;
        else if (s.counts.size < MAX_CATEGORIES) s.counts.set(key, { value, n: 1 });
        else s.counts = undefined; // too many distinct values: not categorical
      }
    }
  }
  const columns: Record<string, ColumnProfile> = {};
  for (const [name, s] of stats) {
    const nonNull = s.present - s.nulls;
    const nullRate = count ? (s.nulls + (count - s.present)) / count : 0;
    const repeats = s.counts !== undefined && s.counts.size < nonNull;
    if (nonNull === 0) columns[name] = { kind: "text", nullRate };
    else if (s.booleans === nonNull) columns[name] = { kind: "boolean", nullRate, trueRate: s.trues / nonNull };
    else if (s.numberCount === nonNull && !(repeats && s.counts!.size <= 10 && s.integers)) {
      columns[name] = { kind: "numeric", nullRate, integer: s.integers, decimals: s.decimals, quantiles: quantilesOf(s.numbers) };
    } else if (repeats) {
      const values = [...s.counts!.values()].map((c): [unknown, number] => [c.value, c.n / nonNull]);
      columns[name] = { kind: "categorical", nullRate, values };
    } else if (s.dateCount === nonNull) {
      columns[name] = { kind: "date", nullRate, format: s.dateOnly ? "date" : "date-time", quantiles: quantilesOf(s.dates) };
    } else columns[name] = { kind: "text", nullRate };
  }
  const numeric = Object.keys(columns).filter((c) => columns[c].kind === "numeric");
  let correlation: ReferenceProfile["correlation"];
  if (numeric.length >= 2) {
    const complete = sampleRows.filter((r) => numeric.every((c) => typeof r[c] === "number"));
    if (complete.length >= 10) {
      const scores = numeric.map((c) => normalScores(complete.map((r) => r[c] as number)));
      const matrix = numeric.map((_, i) => numeric.map((__, j) => (i === j ? 1 : Math.round(pearson(scores[i], scores[j]) * 1e4) / 1e4)));
      correlation = { columns: numeric, matrix };
    }
  }
  const profiled = Object.keys(columns).filter((c) => columns[c].kind !== "text").sort();
  const rowHashes = [...new Set(allRows.map((r) => rowHash(r, profiled)))].sort((a, b) => a - b);
  return { version: 1, rows: count, columns, ...(correlation ? { correlation } : {}), rowHashes };
}

/** Per-row sampler of a profile's columns (the ones `accepts` lets through). */
export function referenceSampler(
  profile: ReferenceProfile,
  accepts: (column: string, value: unknown) => boolean,
  hasColumn: (column: string) => boolean,
): (row: Row, rng: Rng) => void {
  const columns = Object.keys(profile.columns).filter((c) => profile.columns[c].kind !== "text" && hasColumn(c));
  const profiled = Object.keys(profile.columns).filter((c) => profile.columns[c].kind !== "text").sort();
  const hashes = new Set(profile.rowHashes);
  let factor: number[][] | undefined;
  let copulaColumns: string[] = [];
  if (profile.correlation) {
    let m = profile.correlation.matrix.map((r) => [...r]);
    for (let attempt = 0; attempt < 20 && !(factor = cholesky(m)); attempt++) {
      m = m.map((r, i) => r.map((v, j) => (i === j ? 1 : v * 0.9))); // shrink towards independence until positive definite
    }
    if (factor) copulaColumns = profile.correlation.columns;
  }
  const quantile = (q: number[], u: number): number => {
    const pos = u * (q.length - 1);
    const lo = Math.floor(pos), hi = Math.min(lo + 1, q.length - 1);
    return q[lo] + (q[hi] - q[lo]) * (pos - lo);
  };
  const draw = (name: string, rng: Rng, u: number | undefined): unknown => {
    const col = profile.columns[name];
    if (col.nullRate > 0 && rng.chance(col.nullRate)) return null;
    switch (col.kind) {
      case "boolean": return rng.chance(col.trueRate);
      case "categorical": {
        let x = rng.float();
        let picked = col.values[col.values.length - 1][0];
        for (const [value, weight] of col.values) { if ((x -= weight) < 0) { picked = value; break; } }
        // Structured values are left to the schema's generator (only scalars are checked here).
        return typeof picked === "object" && picked !== null ? undefined : picked;
      }
      case "numeric": {
        const v = quantile(col.quantiles, u ?? rng.float());
        return col.integer ? Math.round(v) : Number(v.toFixed(col.decimals));
      }
      case "date": {
        const t = quantile(col.quantiles, u ?? rng.float());
        const iso = new Date(Math.round(t / 1000) * 1000).toISOString();
        return col.format === "date" ? iso.slice(0, 10) : iso.slice(0, 19) + "Z";
      }
      default: return undefined;
    }
  };
  return (row, rng) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const uniforms = new Map<string, number>();
      if (factor) {
        const n = copulaColumns.map(() => rng.normal());
        copulaColumns.forEach((c, i) => {
          let z = 0;
          for (let k = 0; k <= i; k++) z += factor![i][k] * n[k];
          uniforms.set(c, normalCdf(z));
        });
      }
      for (const c of columns) {
        const v = draw(c, rng, uniforms.get(c));
        if (v !== undefined && accepts(c, v)) row[c] = v;
      }
      if (!hashes.has(rowHash(row, profiled))) return;
    }
  };
}
