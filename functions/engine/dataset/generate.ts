// Generation of a data set: a seeded plan of how many rows each table has and which parent each child row
// points at, then the rows of each table in dependency order. Column values come from the single-table
// engine (prepareGeneration over the table's row schema, the same sharding); this module overwrites what
// ties tables together and checks every finished row with the product's validator:
//
// - keys: an integer key is the row's place in the table (1, 2, ...), a uuid key a bijection of it (so it is
//   unique across the table and across shards without coordination), a text key a prefix and the number;
//   a key column beside references (order_lines(order_id, line_no)) counts the parent's children;
// - references: the relationship that sizes a child table draws each parent's number of children from its
//   cardinality; every other relationship deals parents to children within its own cardinality (or, when
//   none is stated, with a long-tailed popularity); a self-reference points at an earlier row, so there is
//   no cycle; a nullable reference is NULL for its null share;
// - parent rules: `after` moves a child's time to after its parent's, `atMost` caps each child at its share
//   of the parent's value (a seeded weight of the child over the weights of the parent's children, each
//   share at least the column's smallest value), so the children add up to at most the parent's value
//   whatever shard each is in; `sum` sets the parent's value to the sum of its children's (computed in a
//   first pass over the children's own columns);
// - row rules from CHECKs: computed columns, and pairs of columns put in order.
//
// Same seed, data set, row counts and shard layout give the same rows. A sharded run computes the whole
// plan (counts are one number per parent) and, for tables whose values children need, every shard's rows
// of that table without writing them. `shards` makes every shard of a layout in one pass (each table's
// rows in shard order, each the same as the run of that one shard makes).
import { REFERENCE_DATE } from "../generate/context";
import { prepareGeneration, UnsupportedSchemaError, type GenerationPlan } from "../generate";
import { hashSeed, Rng } from "../generate/prng";
import { hex32 } from "../generate/semantic";
import { compileRowValidator, type RowValidator } from "../generate/rowCheck";
import type { ComplianceRegime, JsonSchemaObject, Row } from "../schema/types";
import { drawCount, describeCardinality } from "./cardinality";
import { evaluate, exprColumns, exprScale, roundTo } from "./checks";
import {
  type ColumnSpec, type DataSet, DatasetError, type DatasetProblem, meanOf, type ParentRule, type Relationship,
  type TableSpec,
} from "./model";

export interface DatasetGenerationOptions {
  /** Rows of each root table (one that no relationship sizes) without its own count. @default 1000 */
  rows?: number;
  /** Rows per table, over `rows` and the data set's own counts (root tables only). */
  tableRows?: Record<string, number>;
  seed?: string | number;
  locale?: string;
  compliance?: ComplianceRegime[];
  /** One shard of the layout (its rows only). */
  shard?: { index: number; count: number };
  /** Every shard of a layout of this many, in order, in one pass (instead of `shard`). */
  shards?: number;
}

/** The rows `[first, first + rows)` of a table of `total` rows in shard `index` of `count` (as the engine cuts them). */
export function shardRange(total: number, index: number, count: number): { first: number; rows: number } {
  if (count <= 1) return { first: 0, rows: total };
  const per = Math.ceil(total / count);
  const first = Math.min(total, index * per);
  return { first, rows: Math.min(total, first + per) - first };
}

export interface TablePlan {
  readonly table: TableSpec;
  /** The schema of the written rows (generated columns left out). */
  readonly schema: JsonSchemaObject;
  /** Rows of the whole table, and of this shard. */
  readonly totalRows: number;
  readonly rowCount: number;
  readonly firstRow: number;
  /**
   * The shard's rows. Tables must be read in the plan's order, each to its end, before the next
   * (a child's rows need its parents' to have been made).
   */
  rows(): Iterable<Row>;
}

export interface DatasetPlan {
  readonly seed: string;
  readonly dataset: DataSet;
  readonly tables: TablePlan[];
  /** Rows of each whole table. */
  readonly counts: Record<string, number>;
}

export const DEFAULT_ROOT_ROWS = 1000;
const DAY = 86_400_000;

/** Per table: what later tables need from its rows. */
interface TableState {
  spec: TableSpec;
  count: number;
  /** For each of its relationships: the parent row index of each child row (-1: NULL). */
  parentIndex: Map<string, Int32Array>;
  /** Its place among the children of the same parent, along the sizing relationship (or the key's group). */
  sibling?: Int32Array;
  /** Values later tables read, by column. */
  carried: Map<string, unknown[]>;
  /** Per-parent sums (the sum rules whose parent this is), by column. */
  sums: Map<string, Float64Array>;
  keyOf: Map<string, (i: number) => unknown>;
}

/** Compiles the data set into a plan. Throws DatasetError with every problem before any row is made. */
export function prepareDataset(dataset: DataSet, options: DatasetGenerationOptions = {}): DatasetPlan {
  const seed = options.seed === undefined ? Array.from(hashSeed(String(Date.now()) + Math.random()), (x) => x.toString(16)).join("").slice(0, 16) : String(options.seed);
  if (options.shard && options.shards !== undefined) throw new Error("shard and shards are exclusive");
  const everyShard = options.shards !== undefined && options.shards > 1;
  const shard = everyShard ? { index: 0, count: options.shards! } : options.shard && options.shard.count > 1 ? options.shard : undefined;
  const problems: DatasetProblem[] = [];
  const rootRows = options.rows ?? DEFAULT_ROOT_ROWS;
  if (!Number.isSafeInteger(rootRows) || rootRows < 0) problems.push({ at: "rows", message: "rows must be a whole number" });
  for (const [t, n] of Object.entries(options.tableRows ?? {})) {
    if (!dataset.tables.some((x) => x.name === t)) problems.push({ at: `rows ${t}`, message: `no table ${t}; tables: ${dataset.tables.map((x) => x.name).join(", ")}` });
    else if (!Number.isSafeInteger(n) || n < 0) problems.push({ at: `rows ${t}`, message: "rows must be a whole number" });
    else if (dataset.relationships.some((r) => r.child === t && r.drives)) {
      const r = dataset.relationships.find((x) => x.child === t && x.drives)!;
      problems.push({ at: `rows ${t}`, message: `${t} is sized by its ${r.parent} (${describeCardinality(r.cardinality)} each); set the rows of ${r.parent}, or its cardinality` });
    }
  }
  if (problems.length) throw new DatasetError(problems);

  const states = new Map<string, TableState>();
  const relsOf = (t: string) => dataset.relationships.filter((r) => r.child === t);
  // What later tables read from each table.
  const carriedColumns = new Map<string, Set<string>>();
  const carry = (t: string, c: string) => { if (!carriedColumns.has(t)) carriedColumns.set(t, new Set()); carriedColumns.get(t)!.add(c); };
  for (const r of dataset.relationships) for (const c of r.parentColumns) carry(r.parent, c);
  for (const rule of dataset.parentRules) {
    const r = relationship(dataset, rule.relationship);
    if (rule.kind !== "sum") carry(r.parent, rule.parentColumn);
  }

  // 1. Counts and parent assignments, table by table.
  for (const spec of dataset.tables) {
    const rels = relsOf(spec.name);
    const sizing = rels.find((r) => r.drives);
    const state: TableState = { spec, count: 0, parentIndex: new Map(), carried: new Map(), sums: new Map(), keyOf: new Map() };
    const rng = (what: string) => new Rng(`${seed}/${spec.name}/${what}`);
    if (sizing) {
      const parent = states.get(sizing.parent)!;
      const counts = new Int32Array(parent.count);
      const r = rng(`count/${sizing.name}`);
      let total = 0;
      for (let p = 0; p < parent.count; p++) { counts[p] = drawCount(sizing.cardinality, r); total += counts[p]; }
      if (total > 50_000_000) { problems.push({ at: spec.name, message: `${total} rows would be made (${parent.count} ${sizing.parent} x ${meanOf(sizing.cardinality)}); ask for fewer` }); states.set(spec.name, state); continue; }
      state.count = total;
      const index = new Int32Array(total);
      const sibling = new Int32Array(total);
      let at = 0;
      for (let p = 0; p < parent.count; p++) for (let k = 0; k < counts[p]; k++) { index[at] = p; sibling[at] = k; at++; }
      // Children of one parent stay together when the reference is part of the key (an order's lines);
      // otherwise they are spread through the table, as rows arrive over time (a customer's orders).
      if (!sizing.columns.every((c) => spec.primaryKey.includes(c))) shuffleTogether(index, sibling, rng("spread"));
      state.parentIndex.set(sizing.name, index);
      state.sibling = sibling;
    } else {
      state.count = options.tableRows?.[spec.name] ?? spec.rows ?? rootRows;
    }
    // The key group (key columns beside references) when the sizing relationship does not give it.
    for (const r of rels) {
      if (r === sizing) continue;
      const r2 = rng(`assign/${r.name}`);
      if (r.child === r.parent) state.parentIndex.set(r.name, selfReference(state.count, r, r2));
      else {
        const parent = states.get(r.parent)!;
        const distinctWithin = sizing && spec.unique.concat([spec.primaryKey]).some((u) => u.length > 0 && r.columns.every((c) => u.includes(c)) && sizing.columns.every((c) => u.includes(c)) && u.every((c) => rels.some((x) => x.columns.includes(c))));
        const assigned = assign(state.count, parent.count, r, r2, distinctWithin ? state.parentIndex.get(sizing!.name) : undefined, problems);
        state.parentIndex.set(r.name, assigned);
      }
    }
    states.set(spec.name, state);
  }

  // 2. Keys: how each key column of each table is made.
  for (const spec of dataset.tables) {
    const state = states.get(spec.name)!;
    const fkColumns = new Set(relsOf(spec.name).flatMap((r) => r.columns));
    const own = spec.primaryKey.filter((c) => !fkColumns.has(c));
    const keyColumns = new Set(own);
    if (own.length === 1 && spec.primaryKey.length === 1) keyColumns.add(own[0]);
    for (const u of spec.unique) if (u.length === 1 && !fkColumns.has(u[0])) {
      const c = column(spec, u[0]);
      if (c && (c.kind === "integer" || c.kind === "uuid")) keyColumns.add(u[0]);
    }
    for (const name of keyColumns) {
      const c = column(spec, name)!;
      const grouped = spec.primaryKey.length > 1 && spec.primaryKey.includes(name);
      if (grouped) {
        if (c.kind !== "integer" || !state.sibling) { problems.push({ at: `${spec.name}.${name}`, message: `a key column beside references must be an integer numbered within its parent (got ${c.sqlType})` }); continue; }
        const sibling = state.sibling;
        state.keyOf.set(name, (i) => sibling[i] + 1);
        const maximum = numberKeyword(spec.schema, name, "maximum");
        const sizing = relsOf(spec.name).find((r) => r.drives)!;
        if (maximum !== undefined && sizing.cardinality.max > maximum) problems.push({ at: `${spec.name}.${name}`, message: `numbered 1..${sizing.cardinality.max} within each ${sizing.parent}, above its maximum ${maximum}` });
        continue;
      }
      const maker = keyMaker(spec, c, state.count, seed);
      if (typeof maker === "string") problems.push({ at: `${spec.name}.${name}`, message: maker });
      else state.keyOf.set(name, maker);
    }
  }
  // Derived columns must be exact at the column's scale, or PostgreSQL's CHECK fails on the rounding.
  for (const spec of dataset.tables) {
    for (const rule of spec.rowRules) {
      if (rule.kind !== "derive") continue;
      const c = column(spec, rule.column)!;
      const scale = exprScale(rule.expr, (n) => { const x = column(spec, n); return x?.kind === "integer" ? 0 : x?.scale; });
      if (!c.generated && (scale === undefined || scale > (c.kind === "integer" ? 0 : c.scale ?? 15))) {
        problems.push({ at: `${spec.name}.${rule.column}`, message: `${rule.source}: the result needs more digits than the column keeps, so the stored value would differ; wrap it in round(..., ${c.scale ?? 0})` });
      }
    }
  }
  if (problems.length) throw new DatasetError(problems);

  // 3. The engine's plan of each table (its own columns), compiled now so schema problems show before any row.
  const engineOptions = { locale: options.locale, compliance: options.compliance };
  const plans = new Map<string, (shardIndex: number) => GenerationPlan>();
  for (const spec of dataset.tables) {
    const state = states.get(spec.name)!;
    const make = (k: number) => prepareGeneration({
      schema: spec.schema, rows: state.count, seed: `${seed}/${spec.name}`, format: "jsonl",
      ...(engineOptions.locale ? { locale: engineOptions.locale } : {}),
      ...(engineOptions.compliance?.length ? { compliance: engineOptions.compliance } : {}),
      ...(shard ? { shard: { index: k, count: shard.count } } : {}),
    });
    try {
      make(shard?.index ?? 0);
    } catch (err) {
      if (!(err instanceof UnsupportedSchemaError)) throw err;
      problems.push(...err.problems.map((p) => ({ at: `${spec.name}${p.path === "/" ? "" : p.path.replace(/^\/?/, ".")}`, message: p.message })));
    }
    plans.set(spec.name, make);
  }
  if (problems.length) throw new DatasetError(problems);

  const ctx: Context = { dataset, states, plans, seed, shard, everyShard, carriedColumns };
  const tables: TablePlan[] = dataset.tables.map((spec) => {
    const state = states.get(spec.name)!;
    const { first: firstRow, rows: rowCount } = shard && !everyShard ? shardRange(state.count, shard.index, shard.count) : { first: 0, rows: state.count };
    const written = writtenSchema(spec);
    return { table: spec, schema: written, totalRows: state.count, rowCount, firstRow, rows: () => tableRows(ctx, spec) };
  });
  return { seed, dataset, tables, counts: Object.fromEntries([...states].map(([t, s]) => [t, s.count])) };
}

interface Context {
  dataset: DataSet;
  states: Map<string, TableState>;
  plans: Map<string, (shardIndex: number) => GenerationPlan>;
  seed: string;
  shard?: { index: number; count: number };
  /** Every shard of `shard.count` is made and yielded. */
  everyShard: boolean;
  carriedColumns: Map<string, Set<string>>;
}

function relationship(dataset: DataSet, name: string): Relationship {
  return dataset.relationships.find((r) => r.name === name)!;
}

function column(spec: TableSpec, name: string): ColumnSpec | undefined {
  return spec.columns.find((c) => c.name === name);
}

function numberKeyword(schema: JsonSchemaObject, columnName: string, keyword: string): number | undefined {
  const p = (schema.properties as Record<string, JsonSchemaObject>)[columnName];
  const v = p?.[keyword];
  return typeof v === "number" ? v : undefined;
}

/** The written row's schema: the table's, without generated columns (they are never in it). */
function writtenSchema(spec: TableSpec): JsonSchemaObject {
  return spec.schema;
}

/** How a single-column key is made from the row's place, or why it cannot be. */
function keyMaker(spec: TableSpec, c: ColumnSpec, count: number, seed: string): ((i: number) => unknown) | string {
  const p = ((spec.schema.properties as Record<string, JsonSchemaObject>)[c.name] ?? {}) as JsonSchemaObject;
  if (c.kind === "integer") {
    const min = typeof p.minimum === "number" ? Math.max(1, Math.ceil(p.minimum)) : 1;
    const max = typeof p.maximum === "number" ? p.maximum : Number.MAX_SAFE_INTEGER;
    if (min + count - 1 > max) return `${count} rows need keys up to ${min + count - 1}, above what ${c.sqlType} holds here (${max})`;
    return (i) => min + i;
  }
  if (c.kind === "uuid") {
    const key = hashSeed(`${seed}/${spec.name}/${c.name}/uuid`);
    return (i) => uuidOf(i, key);
  }
  if (c.kind === "string") {
    if (p.pattern !== undefined || p.enum !== undefined || p.format !== undefined || p.allOf !== undefined) return "a text key with a pattern, format or list of values cannot be numbered uniquely; make it an integer or uuid key, or drop the CHECK";
    const prefix = spec.name.replace(/[^A-Za-z]/g, "").slice(0, 3).toUpperCase() + "-";
    const width = Math.max(6, String(count).length);
    const maxLength = typeof p.maxLength === "number" ? p.maxLength : Infinity;
    const minLength = typeof p.minLength === "number" ? p.minLength : 0;
    if (prefix.length + width > maxLength || minLength > prefix.length + width) {
      if (String(count).length > maxLength) return `${count} distinct keys do not fit in ${c.sqlType}`;
      const w = Math.max(String(count).length, minLength);
      return (i) => String(i + 1).padStart(w, "0");
    }
    return (i) => prefix + String(i + 1).padStart(width, "0");
  }
  return `a ${c.sqlType} key cannot be made unique by the generator; use an integer, uuid or text key`;
}

/**
 * A version-4 UUID for row `i`: its last 48 bits are a keyed permutation of i (a Feistel network on two
 * 24-bit halves), so no two rows share one; the other bits are keyed hashes of those.
 */
export function uuidOf(i: number, key: readonly number[]): string {
  let l = Math.floor(i / 0x1000000) & 0xffffff, r = i & 0xffffff;
  for (let round = 0; round < 4; round++) {
    const f = (Math.imul(r ^ key[round], 0x9e3779b1) >>> 8) & 0xffffff;
    [l, r] = [r, (l ^ f) & 0xffffff];
  }
  const h1 = mix(l * 0x1000000 + r, key[0]), h2 = mix(r ^ l, key[1]), h3 = mix(l + 7 * r, key[2]);
  const hex = (n: number, w: number) => hex32(n >>> 0).slice(8 - w);
  return `${hex(h1, 8)}-${hex(h2, 4)}-4${hex(h2 >>> 16, 3)}-${(8 | (h3 & 3)).toString(16)}${hex(h3 >>> 4, 3)}-${hex(l, 6)}${hex(r, 6)}`;
}

function mix(x: number, k: number): number {
  let h = Math.imul((x | 0) ^ k, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

/** Shuffles two arrays by the same permutation (Fisher-Yates). */
function shuffleTogether(a: Int32Array, b: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [a[i], a[j]] = [a[j], a[i]];
    [b[i], b[j]] = [b[j], b[i]];
  }
}

/** Each row's earlier row (its manager), capped at the cardinality's max children; the first rows are roots. */
function selfReference(count: number, r: Relationship, rng: Rng): Int32Array {
  const out = new Int32Array(count);
  const children = new Int32Array(count);
  const max = r.cardinalityStated ? r.cardinality.max : Infinity;
  for (let i = 0; i < count; i++) {
    out[i] = -1;
    if (i === 0 || rng.chance(r.nullShare)) continue;
    for (let attempt = 0; attempt < 8; attempt++) {
      const j = rng.int(0, i - 1);
      if (children[j] < max) { out[i] = j; children[j]++; break; }
    }
  }
  return out;
}

/**
 * Parents dealt to `count` children along a relationship that does not size the child table: within the
 * stated cardinality (each parent's count drawn, then evened out to the children there are), or when none
 * is stated with a long-tailed popularity (a Zipf-like weight per parent). `groups` (the sizing parent of
 * each child) asks for distinct parents among one group's children, as a composite key needs.
 */
function assign(count: number, parents: number, r: Relationship, rng: Rng, groups: Int32Array | undefined, problems: DatasetProblem[]): Int32Array {
  const out = new Int32Array(count).fill(-1);
  if (parents === 0) {
    if (!r.nullable && count > 0) problems.push({ at: r.name, message: `${r.child} has ${count} rows to point at ${r.parent}, which has none` });
    return out;
  }
  const present: number[] = [];
  for (let i = 0; i < count; i++) if (!(r.nullable && rng.chance(r.nullShare))) present.push(i);
  if (groups) {
    // Distinct parents within each group: a few tries, then the next free parent in turn.
    let start = 0;
    while (start < present.length) {
      let end = start;
      while (end < present.length && groups[present[end]] === groups[present[start]]) end++;
      if (end - start > parents) { problems.push({ at: r.name, message: `one ${r.child} group needs ${end - start} distinct ${r.parent}, there are ${parents}` }); return out; }
      const used = new Set<number>();
      for (let k = start; k < end; k++) {
        let p = rng.int(0, parents - 1);
        for (let attempt = 0; attempt < 8 && used.has(p); attempt++) p = rng.int(0, parents - 1);
        while (used.has(p)) p = (p + 1) % parents;
        used.add(p);
        out[present[k]] = p;
      }
      start = end;
    }
    return out;
  }
  if (!r.cardinalityStated) {
    // Popularity: weight 1/(rank+1)^0.7 over a seeded ranking of the parents.
    const rank = new Int32Array(parents).map((_, i) => i);
    for (let i = parents - 1; i > 0; i--) { const j = rng.int(0, i); [rank[i], rank[j]] = [rank[j], rank[i]]; }
    const cdf = new Float64Array(parents);
    let acc = 0;
    for (let k = 0; k < parents; k++) { acc += 1 / (k + 1) ** 0.7; cdf[k] = acc; }
    for (const i of present) {
      const u = rng.float() * acc;
      let lo = 0, hi = parents - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (cdf[mid] < u) lo = mid + 1; else hi = mid; }
      out[i] = rank[lo];
    }
    return out;
  }
  const c = r.cardinality;
  const want = present.length;
  if (want < parents * c.min || want > parents * c.max) {
    problems.push({ at: r.name, message: `${want} ${r.child} rows cannot be dealt to ${parents} ${r.parent} at ${describeCardinality(c)} each (${parents * c.min}..${parents * c.max} fit); change the rows or the cardinality` });
    return out;
  }
  const counts = new Int32Array(parents);
  let total = 0;
  for (let p = 0; p < parents; p++) { counts[p] = drawCount(c, rng); total += counts[p]; }
  // Even the total out to the children there are, one parent at a time from a random place.
  let cursor = rng.int(0, parents - 1);
  while (total !== want) {
    const p = cursor;
    cursor = (cursor + 1 + rng.int(0, 7)) % parents;
    if (total < want && counts[p] < c.max) { counts[p]++; total++; }
    else if (total > want && counts[p] > c.min) { counts[p]--; total--; }
  }
  const slots = new Int32Array(want);
  let at = 0;
  for (let p = 0; p < parents; p++) for (let k = 0; k < counts[p]; k++) slots[at++] = p;
  for (let i = want - 1; i > 0; i--) { const j = rng.int(0, i); [slots[i], slots[j]] = [slots[j], slots[i]]; }
  present.forEach((child, k) => { out[child] = slots[k]; });
  return out;
}

/** The time of a date or timestamp value in ms (undefined for null). */
function timeOf(v: unknown): number | undefined {
  if (typeof v !== "string") return undefined;
  const ms = Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v);
  return Number.isFinite(ms) ? ms : undefined;
}

function formatTime(ms: number, kind: ColumnSpec["kind"]): string {
  const iso = new Date(ms).toISOString();
  return kind === "date" ? iso.slice(0, 10) : iso;
}

/** The latest time a column may take (its maximum, else the reference date or a day after `from`). */
function upperTime(spec: TableSpec, c: ColumnSpec, from: number): number {
  const p = ((spec.schema.properties as Record<string, JsonSchemaObject>)[c.name] ?? {}) as JsonSchemaObject;
  const max = timeOf(p.formatMaximum) ?? (timeOf(p.formatExclusiveMaximum) !== undefined ? timeOf(p.formatExclusiveMaximum)! - (c.kind === "date" ? DAY : 1000) : undefined);
  return max ?? Math.max(REFERENCE_DATE, from + DAY);
}

/** A time not before `from` (and not after the column's upper bound): soon after it, more often than late. */
function laterTime(spec: TableSpec, c: ColumnSpec, from: number, rng: Rng): string {
  const start = c.kind === "date" ? Math.ceil(from / DAY) * DAY : Math.ceil(from / 1000) * 1000;
  const span = Math.min(upperTime(spec, c, start) - start, 120 * DAY);
  const u = rng.float();
  const offset = span > 0 ? u * u * span : 0;
  const ms = c.kind === "date" ? start + Math.floor(offset / DAY) * DAY : start + Math.floor(offset / 1000) * 1000;
  return formatTime(ms, c.kind);
}

/** The row-local steps: numbers to their scale, own keys, computed columns, ordered pairs. */
function rowLocal(spec: TableSpec, state: TableState, row: Row, i: number, rng: Rng): void {
  for (const c of spec.columns) {
    const v = row[c.name];
    if (typeof v === "number" && c.scale !== undefined) row[c.name] = roundTo(v, c.scale);
  }
  for (const [name, make] of state.keyOf) row[name] = make(i);
  derive(spec, row);
  for (const rule of spec.rowRules) {
    if (rule.kind !== "compare") continue;
    // Normalised to `high >= low` (or >): the high side moves up when the pair disagrees.
    const [high, low] = rule.op === ">" || rule.op === ">=" ? [rule.left, rule.right] : [rule.right, rule.left];
    const strict = rule.op === ">" || rule.op === "<";
    const hc = column(spec, high)!, a = row[high], b = row[low];
    if (a === null || b === null || a === undefined || b === undefined) continue;
    if (hc.kind === "date" || hc.kind === "timestamp") {
      const ta = timeOf(a)!, tb = timeOf(b)!;
      if (ta > tb || (!strict && ta === tb)) continue;
      row[high] = laterTime(spec, hc, tb + (strict ? (hc.kind === "date" ? DAY : 1000) : 0), rng);
    } else if (typeof a === "number" && typeof b === "number") {
      if (a > b || (!strict && a === b)) continue;
      const step = hc.kind === "integer" ? 1 : hc.scale !== undefined ? 10 ** -hc.scale : 1e-6;
      row[high] = hc.scale !== undefined ? roundTo(b + (strict ? step : 0), hc.scale) : b + (strict ? step : 0);
    }
  }
  derive(spec, row);
}

function derive(spec: TableSpec, row: Row): void {
  for (const rule of spec.rowRules) {
    if (rule.kind !== "derive") continue;
    const c = column(spec, rule.column)!;
    const v = evaluate(rule.expr, row);
    if (v === undefined) { if (exprColumns(rule.expr).some((n) => row[n] === null)) row[rule.column] = c.nullable ? null : row[rule.column]; continue; }
    row[rule.column] = c.kind === "integer" ? Math.round(v) : c.scale !== undefined ? roundTo(v, c.scale) : v;
  }
}

/** Every row of table `spec` in the engine's shard `k`, with the row-local steps done (for the sum pass). */
function* localRows(ctx: Context, spec: TableSpec, k: number): Generator<[number, Row]> {
  const plan = ctx.plans.get(spec.name)!(k);
  const state = ctx.states.get(spec.name)!;
  const rng = new Rng(`${ctx.seed}/${spec.name}/rules/${k}`);
  let i = plan.firstRow;
  for (const row of plan.rows()) {
    rowLocal(spec, state, row, i, rng);
    yield [i++, row];
  }
}

function* tableRows(ctx: Context, spec: TableSpec): Generator<Row> {
  const { dataset, states } = ctx;
  const state = states.get(spec.name)!;
  const rels = dataset.relationships.filter((r) => r.child === spec.name);
  const shards = ctx.shard?.count ?? 1;
  const mine = ctx.shard?.index ?? 0;
  const keepFor = ctx.carriedColumns.get(spec.name) ?? new Set<string>();
  const needsAll = shards > 1 && [...keepFor].some((c) => !state.keyOf.has(c));
  for (const c of keepFor) if (!state.keyOf.has(c)) state.carried.set(c, new Array(state.count));

  // Sums of children (sum rules whose parent is this table), from the children's own columns.
  const sumRules = dataset.parentRules.filter((x) => x.kind === "sum" && relationship(dataset, x.relationship).parent === spec.name);
  for (const rule of sumRules) {
    const r = relationship(dataset, rule.relationship);
    const childSpec = dataset.tables.find((t) => t.name === r.child)!;
    const index = states.get(r.child)!.parentIndex.get(r.name)!;
    const sums = new Float64Array(state.count);
    // One shard's run needs the sums of its own rows only (unless a later table reads them): the child
    // shards holding none of their children are not made (an order's lines lie together, in one or two).
    const own = shards > 1 && !ctx.everyShard && !keepFor.has(rule.parentColumn) ? shardRange(state.count, mine, shards) : undefined;
    const childShards = new Uint8Array(shards).fill(own ? 0 : 1);
    if (own) {
      const per = Math.ceil(index.length / shards);
      for (let i = 0; i < index.length; i++) if (index[i] >= own.first && index[i] < own.first + own.rows) childShards[Math.floor(i / per)] = 1;
    }
    for (let k = 0; k < shards; k++) {
      if (!childShards[k]) continue;
      for (const [i, row] of localRows(ctx, childSpec, k)) {
        const v = row[rule.column];
        if (typeof v === "number" && index[i] >= 0) sums[index[i]] += v;
      }
    }
    state.sums.set(rule.parentColumn, sums);
  }
  const after = dataset.parentRules.filter((x): x is Extract<ParentRule, { kind: "after" }> => x.kind === "after" && rels.some((r) => r.name === x.relationship));
  const atMost = dataset.parentRules.filter((x): x is Extract<ParentRule, { kind: "atMost" }> => x.kind === "atMost" && rels.some((r) => r.name === x.relationship));
  const shares = new Map<ParentRule, AtMostShares>();
  for (const rule of atMost) shares.set(rule, atMostShares(ctx, spec, rule));
  const validate = rowValidator(spec);
  const generated = spec.columns.filter((c) => c.generated).map((c) => c.name);

  const every = needsAll || ctx.everyShard;
  for (let k = every ? 0 : mine; k < (every ? shards : mine + 1); k++) {
    const rng = new Rng(`${ctx.seed}/${spec.name}/parents/${k}`);
    for (const [i, row] of localRows(ctx, spec, k)) {
      for (const r of rels) {
        const p = state.parentIndex.get(r.name)![i];
        const parent = states.get(r.parent)!;
        r.columns.forEach((c, j) => { row[c] = p < 0 ? null : keyAt(parent, r.parentColumns[j], p); });
      }
      derive(spec, row); // computed columns may read references
      for (const rule of after) {
        const r = relationship(dataset, rule.relationship);
        const p = state.parentIndex.get(r.name)![i];
        const parentTime = p < 0 ? undefined : timeOf(states.get(r.parent)!.carried.get(rule.parentColumn)?.[p]);
        const own = timeOf(row[rule.column]);
        if (parentTime === undefined || own === undefined || own >= parentTime) continue;
        row[rule.column] = laterTime(spec, column(spec, rule.column)!, parentTime, rng);
      }
      if (after.length) rowLocal(spec, { ...state, keyOf: new Map() }, row, i, rng); // pairs in order again after moves
      for (const rule of atMost) {
        const v = row[rule.column];
        if (typeof v === "number") row[rule.column] = Math.min(v, shares.get(rule)!.cap(i));
      }
      for (const [name, sums] of state.sums) {
        const c = column(spec, name)!;
        row[name] = c.scale !== undefined ? roundTo(sums[i], c.scale) : sums[i];
      }
      for (const [name, values] of state.carried) values[i] = row[name];
      if (k !== mine && !ctx.everyShard) continue;
      for (const g of generated) delete row[g];
      if (validate && !validate(row)) {
        throw new DatasetError([{ at: `${spec.name} row ${i + 1}`, message: `the finished row does not satisfy the table's schema (${JSON.stringify(row).slice(0, 300)}); the data set's rules contradict its constraints` }]);
      }
      yield row;
    }
  }
}

interface AtMostShares {
  /** The most child `i` may take (Infinity without a parent). */
  cap(i: number): number;
}

/**
 * The caps of an `atMost` rule's children: in the column's smallest steps, each child gets the smallest value
 * plus its share of what the parent's value leaves above its children's smallest values, the share a seeded
 * weight of the child (exponential, so the shares of one parent are uniform over their possible splits) over
 * the sum of its siblings' weights. Floored to whole steps, the caps of a parent's children add up to at
 * most its value. A cap reads only the child's number and the parent's value, so it is the same in every
 * shard; the per-parent sums of weights come from the plan's parent of each child (no rows are read).
 */
function atMostShares(ctx: Context, spec: TableSpec, rule: Extract<ParentRule, { kind: "atMost" }>): AtMostShares {
  const r = relationship(ctx.dataset, rule.relationship);
  const parent = ctx.states.get(r.parent)!;
  const parentOf = ctx.states.get(spec.name)!.parentIndex.get(r.name)!;
  const c = column(spec, rule.column)!;
  const step = 10 ** (c.kind === "integer" ? 0 : c.scale ?? 6);
  const smallest = Math.ceil(minimumOf(spec, c) * step - 1e-9);
  const key = hashSeed(`${ctx.seed}/${spec.name}/atMost/${rule.column}`)[0];
  const weight = (i: number) => -Math.log((mix(i, key) + 0.5) / 0x100000000);
  const weights = new Float64Array(parent.count);
  const children = new Int32Array(parent.count);
  for (let i = 0; i < parentOf.length; i++) {
    const p = parentOf[i];
    if (p >= 0) { weights[p] += weight(i); children[p]++; }
  }
  const values = parent.carried.get(rule.parentColumn);
  return {
    cap(i) {
      const p = parentOf[i];
      if (p < 0) return Infinity;
      const value = values?.[p];
      const total = typeof value === "number" ? Math.floor(value * step + 1e-9) : 0;
      const spare = total - children[p] * smallest;
      if (spare < 0) {
        throw new DatasetError([{ at: `${spec.name}.${rule.column}`, message: `a ${r.parent}'s ${rule.parentColumn} (${String(value)}) is too small for its ${children[p]} ${spec.name} (each at least ${smallest / step})` }]);
      }
      const w = weight(i);
      return (smallest + Math.floor(spare * (w === weights[p] ? 1 : w / weights[p]))) / step;
    },
  };
}

function minimumOf(spec: TableSpec, c: ColumnSpec): number {
  const p = ((spec.schema.properties as Record<string, JsonSchemaObject>)[c.name] ?? {}) as JsonSchemaObject;
  const step = c.kind === "integer" ? 1 : c.scale !== undefined ? 10 ** -c.scale : 1e-6;
  const lows = [0];
  if (typeof p.minimum === "number") lows.push(p.minimum);
  if (typeof p.exclusiveMinimum === "number") lows.push(p.exclusiveMinimum + step);
  return Math.max(...lows);
}

function keyAt(parent: TableState, name: string, p: number): unknown {
  const make = parent.keyOf.get(name);
  if (make) return make(p);
  return parent.carried.get(name)?.[p] ?? null;
}

const validators = new WeakMap<TableSpec, RowValidator | undefined>();
function rowValidator(spec: TableSpec): RowValidator | undefined {
  if (!validators.has(spec)) {
    let v: RowValidator | undefined;
    try { v = compileRowValidator(spec.schema); } catch { v = undefined; }
    validators.set(spec, v);
  }
  return validators.get(spec);
}
