// The quality of a data set of several tables: what a reader would check first (keys unique, every reference
// resolving, children per parent within the cardinality, children agreeing with their parents) and, with a
// reference data set of the same tables, SDMetrics' multi-table fidelity:
//
// - KeyUniqueness = 1 - duplicated keys / rows, per primary key and UNIQUE set.
// - ReferentialIntegrity = |{child rows whose non-null reference is a parent key}| / |{child rows with a
//   non-null reference}| (SDMetrics' definition; 1.0 when there are none).
// - CardinalityBoundaryAdherence = |{parents whose child count lies in [min, max]}| / |parents|, with the
//   stated cardinality as the bounds (SDMetrics takes them from the real data; with a reference we do too).
// - a parent rule's score = 1 - violating rows / rows checked (after: child time before the parent's;
//   sum: parent value other than its children's sum, to the cent; atMost: children adding up to more).
// - CardinalityShapeSimilarity = KSComplement of the per-parent child counts: 1 - D, D = sup_k |F_R(k) - F_S(k)|
//   the two-sample Kolmogorov-Smirnov statistic of the real and synthetic parents' numbers of children
//   (SDMetrics' multi_table/statistical/cardinality_shape_similarity.py: ks_2samp over
//   get_cardinality_distribution, which counts 0 for a parent without children and ignores NULL references).
// - Intertable trends (SDMetrics' parent-child column pair trends, reports/multi_table/_properties/
//   inter_table_trends.py): each relationship's child rows inner-joined to their parent (the denormalised
//   table), every pair (parent column, child column) but keys scored as the single-table ColumnPairTrends does:
//   both numeric or datetime: CorrelationSimilarity = 1 - |r_R - r_S| / 2 (r Pearson's, datetimes as
//   epoch numbers), NaN when a column is constant or empty on either side; otherwise ContingencySimilarity =
//   1 - 1/2 * sum over (a, b) of |R_ab - S_ab| over the joint shares, NULL a category of its own, numeric
//   sides cut into 10 bins (here over the real range, for both sides, so a bin means the same on both), NaN
//   when either side has no rows. At most TREND_ROWS joined rows and TREND_PAIRS pairs per relationship.
import { contingencySimilarity, correlationSimilarity, discretize, ksComplement } from "../metrics/fidelity";
import type { SampledValue } from "../metrics/summary";
import type { Row } from "../schema/types";
import type { ColumnSpec, ParentRule, Relationship } from "./model";

export interface DatasetShape {
  tables: Array<{ name: string; primaryKey: string[]; unique?: string[][]; columns: Array<Pick<ColumnSpec, "name" | "kind">> }>;
  relationships: Relationship[];
  parentRules: ParentRule[];
}

export type Tables = Record<string, Row[]>;

export interface DatasetQualityReport {
  tables: Array<{ name: string; rows: number }>;
  key_uniqueness: Array<{ table: string; columns: string[]; duplicates: number; score: number }>;
  referential_integrity: Array<{ relationship: string; child: string; parent: string; references: number; nulls: number; orphans: number; score: number }>;
  cardinality: Array<{ relationship: string; parents: number; min: number; max: number; mean: number; bounds: [number, number]; bounds_from: "stated" | "assumed" | "reference"; adherence: number; histogram: Record<string, number> }>;
  parent_rules: Array<{ kind: ParentRule["kind"]; relationship: string; column: string; parent_column: string; checked: number; violations: number; score: number }>;
  /** Mean of every score above (1.0 is a data set a database and its readers accept as it is). */
  score: number;
  fidelity?: {
    cardinality_shape_similarity: Array<{ relationship: string; score: number | null }>;
    /** real / synthetic: the two Pearson correlations of a CorrelationSimilarity; reason: why a score is null (SDMetrics' NaN). */
    intertable_trends: Array<{ relationship: string; parent_column: string; child_column: string; metric: string; score: number | null; real?: number; synthetic?: number; reason?: string }>;
    score: number | null;
  };
}

const TREND_ROWS = 20_000;
const TREND_PAIRS = 60;

const keyOf = (row: Row, columns: string[]) => (columns.length === 1 ? String(row[columns[0]]) : JSON.stringify(columns.map((c) => row[c])));
const timeOf = (v: unknown) => (typeof v === "string" ? Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v) : v instanceof Date ? v.getTime() : Number.NaN);
const cents = (v: unknown) => Math.round(Number(v) * 100);

/**
 * Each parent row's place by its key (`columns`), made once per table and key for every check of one report
 * that looks a parent up (at a million rows the key strings and the map are most of the report's time).
 * One report's: a table may grow between two reports.
 */
type ParentIndexes = WeakMap<Row[], Map<string, Map<string, number>>>;
function parentIndex(indexes: ParentIndexes, parents: Row[], columns: string[]): Map<string, number> {
  let byColumns = indexes.get(parents);
  if (!byColumns) indexes.set(parents, byColumns = new Map());
  const name = JSON.stringify(columns);
  let index = byColumns.get(name);
  if (!index) {
    index = new Map();
    for (let i = 0; i < parents.length; i++) index.set(keyOf(parents[i], columns), i);
    byColumns.set(name, index);
  }
  return index;
}

/**
 * Along a relationship, in one pass over the children: each parent's number of children (parents in table
 * order), and the child rows whose reference is null or names no parent.
 */
function references(indexes: ParentIndexes, tables: Tables, r: Relationship): { counts: number[]; references: number; nulls: number; orphans: number } {
  const parents = tables[r.parent] ?? [];
  const index = parentIndex(indexes, parents, r.parentColumns);
  const counts = new Array<number>(parents.length).fill(0);
  let references = 0, nulls = 0, orphans = 0;
  for (const row of tables[r.child] ?? []) {
    if (r.columns.some((c) => row[c] === null || row[c] === undefined)) { nulls++; continue; }
    references++;
    const i = index.get(keyOf(row, r.columns));
    if (i === undefined) orphans++;
    else counts[i]++;
  }
  return { counts, references, nulls, orphans };
}

/** Per-parent child counts along a relationship (parents in table order). */
function childCounts(indexes: ParentIndexes, tables: Tables, r: Relationship): number[] {
  return references(indexes, tables, r).counts;
}

/** The parent row a child row names along `r`, if any. */
function parentOf(indexes: ParentIndexes, tables: Tables, r: Relationship): (row: Row) => Row | undefined {
  const parents = tables[r.parent] ?? [];
  const index = parentIndex(indexes, parents, r.parentColumns);
  return (row) => {
    const i = index.get(keyOf(row, r.columns));
    return i === undefined ? undefined : parents[i];
  };
}

export function datasetQuality(shape: DatasetShape, tables: Tables, reference?: Tables): DatasetQualityReport {
  const indexes: ParentIndexes = new WeakMap();
  const scores: number[] = [];
  const report: DatasetQualityReport = {
    tables: shape.tables.map((t) => ({ name: t.name, rows: tables[t.name]?.length ?? 0 })),
    key_uniqueness: [], referential_integrity: [], cardinality: [], parent_rules: [], score: 1,
  };
  for (const t of shape.tables) {
    for (const columns of [t.primaryKey, ...(t.unique ?? [])].filter((c) => c.length > 0)) {
      const rows = tables[t.name] ?? [];
      const seen = new Set<string>();
      let duplicates = 0;
      for (const row of rows) {
        if (columns.some((c) => row[c] === null)) continue; // NULLs never collide in a UNIQUE constraint
        const k = keyOf(row, columns);
        if (seen.has(k)) duplicates++; else seen.add(k);
      }
      const score = rows.length ? 1 - duplicates / rows.length : 1;
      report.key_uniqueness.push({ table: t.name, columns, duplicates, score });
      scores.push(score);
    }
  }
  for (const r of shape.relationships) {
    const { counts, references: referencing, nulls, orphans } = references(indexes, tables, r);
    const score = referencing ? 1 - orphans / referencing : 1;
    report.referential_integrity.push({ relationship: r.name, child: r.child, parent: r.parent, references: referencing, nulls, orphans, score });
    scores.push(score);
    const referenceCounts = reference ? childCounts(indexes, reference, r) : undefined;
    const bounds: [number, number] = referenceCounts?.length
      ? [Math.min(...referenceCounts), Math.max(...referenceCounts)]
      : [r.cardinality.min, r.child === r.parent && !r.cardinalityStated ? Infinity : r.drives || r.cardinalityStated ? r.cardinality.max : Infinity];
    const histogram: Record<string, number> = {};
    let within = 0, sum = 0, min = Infinity, max = 0;
    for (const n of counts) {
      histogram[n] = (histogram[n] ?? 0) + 1;
      if (n >= bounds[0] && n <= bounds[1]) within++;
      sum += n; min = Math.min(min, n); max = Math.max(max, n);
    }
    const adherence = counts.length ? within / counts.length : 1;
    report.cardinality.push({
      relationship: r.name, parents: counts.length, min: counts.length ? min : 0, max, mean: counts.length ? sum / counts.length : 0,
      bounds, bounds_from: referenceCounts?.length ? "reference" : r.cardinalityStated ? "stated" : "assumed", adherence, histogram,
    });
    if (r.drives || r.cardinalityStated || referenceCounts) scores.push(adherence);
  }
  for (const rule of shape.parentRules) {
    const r = shape.relationships.find((x) => x.name === rule.relationship);
    if (!r) continue;
    let checked = 0, violations = 0;
    if (rule.kind === "after") {
      const parentFor = parentOf(indexes, tables, r);
      for (const row of tables[r.child] ?? []) {
        const p = parentFor(row);
        if (!p || row[rule.column] === null || p[rule.parentColumn] === null) continue;
        checked++;
        if (timeOf(row[rule.column]) < timeOf(p[rule.parentColumn])) violations++;
      }
    } else {
      const totals = new Map<string, number>();
      for (const row of tables[r.child] ?? []) {
        if (row[rule.column] === null || r.columns.some((c) => row[c] === null)) continue;
        const k = keyOf(row, r.columns);
        totals.set(k, (totals.get(k) ?? 0) + cents(row[rule.column]));
      }
      const parents = tables[r.parent] ?? [];
      for (const [k, i] of parentIndex(indexes, parents, r.parentColumns)) {
        const p = parents[i]!;
        if (rule.kind === "atMost" && !totals.has(k)) continue;
        checked++;
        const children = totals.get(k) ?? 0, own = cents(p[rule.parentColumn]);
        if (rule.kind === "sum" ? children !== own : children > own) violations++;
      }
    }
    const score = checked ? 1 - violations / checked : 1;
    report.parent_rules.push({ kind: rule.kind, relationship: r.name, column: rule.column, parent_column: rule.parentColumn, checked, violations, score });
    scores.push(score);
  }
  report.score = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 1;
  if (reference) report.fidelity = fidelity(indexes, shape, tables, reference);
  return report;
}

function fidelity(indexes: ParentIndexes, shape: DatasetShape, tables: Tables, reference: Tables): NonNullable<DatasetQualityReport["fidelity"]> {
  const shapes: Array<{ relationship: string; score: number | null }> = [];
  const trends: NonNullable<DatasetQualityReport["fidelity"]>["intertable_trends"] = [];
  for (const r of shape.relationships.filter((x) => x.child !== x.parent)) {
    const sorted = (counts: number[]) => Float64Array.from(counts).sort();
    shapes.push({ relationship: r.name, score: ksComplement(sorted(childCounts(indexes, reference, r)), sorted(childCounts(indexes, tables, r))).score });
    const parentSpec = shape.tables.find((t) => t.name === r.parent)!, childSpec = shape.tables.find((t) => t.name === r.child)!;
    const keyColumns = (t: DatasetShape["tables"][number]) => new Set([...t.primaryKey, ...shape.relationships.filter((x) => x.child === t.name).flatMap((x) => x.columns)]);
    const usable = (t: DatasetShape["tables"][number]) => t.columns.filter((c) => !keyColumns(t).has(c.name) && ["integer", "number", "date", "timestamp", "boolean", "enum", "string"].includes(c.kind));
    const joined = (data: Tables) => {
      const parentFor = parentOf(indexes, data, r);
      const out: Array<[Row, Row]> = [];
      for (const row of data[r.child] ?? []) {
        const p = parentFor(row);
        if (p) out.push([p, row]);
        if (out.length >= TREND_ROWS) break;
      }
      return out;
    };
    const real = joined(reference), synthetic = joined(tables);
    let pairs = 0;
    for (const pc of usable(parentSpec)) {
      for (const cc of usable(childSpec)) {
        if (pairs++ >= TREND_PAIRS) break;
        const numeric = (c: Pick<ColumnSpec, "kind">) => c.kind === "integer" || c.kind === "number" || c.kind === "date" || c.kind === "timestamp";
        const value = (c: Pick<ColumnSpec, "kind" | "name">, row: Row): SampledValue => {
          const v = row[c.name];
          if (v === null || v === undefined) return null;
          if (c.kind === "date" || c.kind === "timestamp") return timeOf(v);
          return typeof v === "number" ? v : String(v);
        };
        const columns = (rows: Array<[Row, Row]>): [SampledValue[], SampledValue[]] => [rows.map(([p]) => value(pc, p)), rows.map(([, c]) => value(cc, c))];
        let a = columns(real), b = columns(synthetic);
        let score: ReturnType<typeof correlationSimilarity>;
        if (numeric(pc) && numeric(cc)) score = correlationSimilarity(a, b);
        else {
          const bin = (side: 0 | 1, spec: Pick<ColumnSpec, "kind">) => {
            if (!numeric(spec)) return;
            const nums = a[side].filter((x): x is number => typeof x === "number");
            if (!nums.length) return;
            const lo = Math.min(...nums), hi = Math.max(...nums);
            a = side === 0 ? [discretize(a[0], lo, hi), a[1]] : [a[0], discretize(a[1], lo, hi)];
            b = side === 0 ? [discretize(b[0], lo, hi), b[1]] : [b[0], discretize(b[1], lo, hi)];
          };
          bin(0, pc); bin(1, cc);
          score = contingencySimilarity(a, b);
        }
        trends.push({
          relationship: r.name, parent_column: pc.name, child_column: cc.name, metric: score.metric, score: score.score,
          ...(score.real !== undefined ? { real: score.real } : {}), ...(score.synthetic !== undefined ? { synthetic: score.synthetic } : {}),
          ...(score.reason !== undefined ? { reason: score.reason } : {}),
        });
      }
    }
  }
  const known = [...shapes, ...trends].map((x) => x.score).filter((s): s is number => s !== null);
  return { cardinality_shape_similarity: shapes, intertable_trends: trends, score: known.length ? known.reduce((a, b) => a + b, 0) / known.length : null };
}
