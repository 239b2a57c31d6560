// From what a DDL script or a data-set document said to a checked DataSet: every table's row schema, every
// relationship resolved against its parent's key (types matching, parent columns unique), the relationship
// that sizes each child table, dependency order without cycles, and the rules by which children agree with
// parents (stated ones checked, the usual ones inferred from names and listed as notes).
import type { JsonSchemaObject } from "../schema/types";
import { describeCardinality } from "./cardinality";
import {
  type Cardinality, type ColumnKind, type ColumnSpec, type DataSet, DatasetError, type DatasetNote, type DatasetProblem,
  DEFAULT_CARDINALITY, DEFAULT_IDENTIFYING_CARDINALITY, DEFAULT_NULL_SHARE, DEFAULT_ONE_TO_ONE_CARDINALITY,
  dependencyOrder, type ParentRule, type Relationship, type RowRule, type TableSpec,
} from "./model";
import { exprColumns } from "./checks";

export interface DraftTable {
  name: string;
  columns: ColumnSpec[];
  primaryKey: string[];
  unique: string[][];
  rowRules: RowRule[];
  /** Each column's value schema (without null). */
  schemas: Map<string, JsonSchemaObject>;
  required: Set<string>;
  rows?: number;
  /** `$defs` the column schemas refer to. */
  defs?: Record<string, unknown>;
  at: string;
}

export interface DraftRelationship {
  name: string;
  child: string;
  columns: string[];
  parent: string;
  /** Empty: the parent's primary key. */
  parentColumns: string[];
  cardinality?: Cardinality;
  nullShare?: number;
  /** Marked as the one that sizes the child table (documents may say so). */
  drives?: boolean;
  at: string;
}

export interface DraftRule {
  kind: ParentRule["kind"];
  child: string;
  column: string;
  parent: string;
  parentColumn: string;
  at: string;
}

export interface DraftDataset {
  tables: DraftTable[];
  relationships: DraftRelationship[];
  rules: DraftRule[];
  ddl: string[];
  notes: DatasetNote[];
  source: DataSet["source"];
}

const TEMPORAL: ReadonlySet<ColumnKind> = new Set(["date", "timestamp"]);
const NUMERIC: ReadonlySet<ColumnKind> = new Set(["integer", "number"]);
/** Temporal columns that are not when the row came to be. */
const NOT_AN_EVENT = /birth|dob|expir|valid_(to|until)|until|due|deadline|deleted|end/i;
const TOTAL_NAMES = /^(total|total_amount|amount_total|order_total|grand_total|subtotal|total_price)$/i;
const LINE_NAMES = /^(line_total|line_amount|total|amount|subtotal|total_price|price_total|extended_price)$/i;
const REDUCING_TABLES = /refund|return|chargeback|credit_note|reversal/i;

export function buildDataset(draft: DraftDataset): DataSet {
  const problems: DatasetProblem[] = [];
  const notes = [...draft.notes];
  const byName = new Map(draft.tables.map((t) => [t.name, t]));

  // Primary-key columns are NOT NULL.
  for (const t of draft.tables) {
    for (const k of [...t.primaryKey, ...t.unique.flat()]) {
      if (!t.columns.some((c) => c.name === k)) problems.push({ at: t.at, message: `key column ${t.name}.${k} is not a column of the table` });
    }
    t.columns = t.columns.map((c) => (t.primaryKey.includes(c.name) || t.required.has(c.name) ? { ...c, nullable: false } : c));
  }

  // Relationships resolved against the parent's key.
  const relationships: Relationship[] = [];
  for (const r of draft.relationships) {
    const child = byName.get(r.child), parent = byName.get(r.parent);
    if (!child) { problems.push({ at: r.at, message: `the relationship ${r.name} starts at ${r.child}, which is no table of the data set` }); continue; }
    if (!parent) { problems.push({ at: r.at, message: `${r.child}.${r.columns.join(",")} references ${r.parent}, which is no table of the data set` }); continue; }
    const parentColumns = r.parentColumns.length ? r.parentColumns : parent.primaryKey;
    if (parentColumns.length === 0) { problems.push({ at: r.at, message: `${r.name} references ${r.parent}, which has no primary key; name the referenced columns` }); continue; }
    if (parentColumns.length !== r.columns.length) { problems.push({ at: r.at, message: `${r.name}: ${r.columns.length} column(s) reference ${parentColumns.length} column(s) of ${r.parent}` }); continue; }
    const isKey = sameSet(parentColumns, parent.primaryKey) || parent.unique.some((u) => sameSet(u, parentColumns));
    if (!isKey) problems.push({ at: r.at, message: `${r.name}: ${r.parent}(${parentColumns.join(", ")}) is neither the primary key nor UNIQUE, so PostgreSQL refuses the reference` });
    let ok = true;
    r.columns.forEach((c, i) => {
      const cc = child.columns.find((x) => x.name === c), pc = parent.columns.find((x) => x.name === parentColumns[i]);
      if (!cc || !pc) { problems.push({ at: r.at, message: `${r.name}: no column ${cc ? `${r.parent}.${parentColumns[i]}` : `${r.child}.${c}`}` }); ok = false; return; }
      if (!compatible(cc.kind, pc.kind)) { problems.push({ at: r.at, message: `${r.child}.${c} (${cc.sqlType}) cannot hold ${r.parent}.${pc.name} (${pc.sqlType})` }); ok = false; }
    });
    if (!ok) continue;
    const nullable = r.columns.some((c) => child.columns.find((x) => x.name === c)!.nullable);
    const oneToOne = sameSet(r.columns, child.primaryKey) || child.unique.some((u) => sameSet(u, r.columns));
    const identifying = !oneToOne && r.columns.every((c) => child.primaryKey.includes(c));
    const cardinality = r.cardinality ?? (oneToOne ? DEFAULT_ONE_TO_ONE_CARDINALITY : identifying ? DEFAULT_IDENTIFYING_CARDINALITY : DEFAULT_CARDINALITY);
    if (oneToOne && cardinality.max > 1) problems.push({ at: r.at, message: `${r.name}: ${r.child}(${r.columns.join(", ")}) is unique, so a parent has at most 1 child, not ${cardinality.max}` });
    if (r.child === r.parent && !nullable) problems.push({ at: r.at, message: `${r.name}: a self-reference that may not be NULL cannot be filled without a cycle (the first row has no earlier row to point at); allow NULL` });
    relationships.push({
      name: r.name, child: r.child, columns: r.columns, parent: r.parent, parentColumns, nullable, cardinality,
      cardinalityStated: r.cardinality !== undefined, nullShare: nullable ? r.nullShare ?? DEFAULT_NULL_SHARE : 0, drives: false,
    });
  }

  const cycleFree = dependencyOrder(draft.tables.map((t) => t.name), relationships);
  if (cycleFree.cycle) problems.push({ at: cycleFree.cycle.join(" -> "), message: "the tables reference each other in a cycle; no order creates parents before children (break it, e.g. with a nullable reference filled later)" });
  const order = cycleFree.order ?? draft.tables.map((t) => t.name);

  // The relationship that sizes each child table.
  const depth = new Map<string, number>();
  for (const t of order) {
    const ps = relationships.filter((r) => r.child === t && r.parent !== t && !r.nullable);
    depth.set(t, ps.length ? 1 + Math.max(...ps.map((r) => depth.get(r.parent) ?? 0)) : 0);
  }
  const sized = new Map<string, Relationship>();
  for (const t of order) {
    const candidates = relationships.filter((r) => r.child === t && r.parent !== t && !r.nullable);
    if (!candidates.length) continue;
    const marked = draft.relationships.find((d) => d.child === t && d.drives);
    const rank = (r: Relationship) => [
      marked?.name === r.name ? 1 : 0, r.cardinalityStated ? 1 : 0,
      r.columns.every((c) => byName.get(t)!.primaryKey.includes(c)) ? 1 : 0, depth.get(r.parent) ?? 0,
    ];
    const best = [...candidates].sort((a, b) => {
      const ra = rank(a), rb = rank(b);
      for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return rb[i] - ra[i];
      return candidates.indexOf(a) - candidates.indexOf(b);
    })[0];
    sized.set(t, best);
  }
  const finalRelationships = relationships.map((r) => (sized.get(r.child) === r ? { ...r, drives: true } : r));
  for (const r of finalRelationships) {
    if (r.cardinalityStated || r.child === r.parent) continue;
    const child = byName.get(r.child)!;
    const oneToOne = sameSet(r.columns, child.primaryKey) || child.unique.some((u) => sameSet(u, r.columns));
    notes.push({
      at: `${r.child} -> ${r.parent}`,
      message: r.drives
        ? `children per parent not stated; assumed ${describeCardinality(r.cardinality)}${oneToOne ? " (one-to-one)" : r.columns.every((c) => child.primaryKey.includes(c)) ? " (the key includes the reference)" : ""}`
        : `children per parent not stated; each ${r.child} row picks its ${r.parent} by a long-tailed popularity${r.nullable ? `, NULL for ${Math.round(r.nullShare * 100)}%` : ""}`,
    });
  }

  // Parent rules: stated ones checked, then the usual ones inferred.
  const rules: ParentRule[] = [];
  const ruleFor = (child: string, parent: string) => finalRelationships.find((r) => r.child === child && r.parent === parent && r.child !== r.parent);
  for (const d of draft.rules) {
    const rel = ruleFor(d.child, d.parent);
    const child = byName.get(d.child), parent = byName.get(d.parent);
    if (!rel || !child || !parent) { problems.push({ at: d.at, message: `${d.kind} rule: ${d.child} does not reference ${d.parent}` }); continue; }
    const cc = child.columns.find((c) => c.name === d.column), pc = parent.columns.find((c) => c.name === d.parentColumn);
    if (!cc || !pc) { problems.push({ at: d.at, message: `${d.kind} rule: no column ${cc ? `${d.parent}.${d.parentColumn}` : `${d.child}.${d.column}`}` }); continue; }
    const want = d.kind === "after" ? TEMPORAL : NUMERIC;
    if (!want.has(cc.kind) || !want.has(pc.kind)) { problems.push({ at: d.at, message: `${d.kind} rule: ${d.child}.${d.column} and ${d.parent}.${d.parentColumn} must both be ${d.kind === "after" ? "dates or timestamps" : "numbers"}` }); continue; }
    rules.push({ kind: d.kind, relationship: rel.name, column: d.column, parentColumn: d.parentColumn, inferred: false } as ParentRule);
  }
  for (const r of finalRelationships) {
    if (r.child === r.parent) continue;
    const child = byName.get(r.child)!, parent = byName.get(r.parent)!;
    const stated = (column: string) => rules.some((x) => x.relationship === r.name && x.column === column);
    const event = (t: DraftTable) => t.columns.find((c) => TEMPORAL.has(c.kind) && !c.generated && !NOT_AN_EVENT.test(c.name) && !t.primaryKey.includes(c.name));
    const ce = event(child), pe = event(parent);
    if (ce && pe && !rules.some((x) => x.relationship === r.name && x.kind === "after")) {
      rules.push({ kind: "after", relationship: r.name, column: ce.name, parentColumn: pe.name, inferred: true });
    }
    if (r.drives) {
      const total = parent.columns.find((c) => NUMERIC.has(c.kind) && TOTAL_NAMES.test(c.name) && !c.generated);
      const line = child.columns.find((c) => NUMERIC.has(c.kind) && LINE_NAMES.test(c.name));
      const alreadySummed = rules.some((x) => x.kind === "sum" && finalRelationships.find((y) => y.name === x.relationship)?.parent === r.parent && x.parentColumn === total?.name);
      if (total && line && !alreadySummed && !stated(line.name) && !REDUCING_TABLES.test(r.child)) {
        rules.push({ kind: "sum", relationship: r.name, column: line.name, parentColumn: total.name, inferred: true });
      }
    }
    if (REDUCING_TABLES.test(r.child)) {
      for (const c of child.columns) {
        const pc = parent.columns.find((p) => p.name === c.name && NUMERIC.has(p.kind));
        if (NUMERIC.has(c.kind) && pc && !child.primaryKey.includes(c.name) && !r.columns.includes(c.name) && !stated(c.name)) {
          rules.push({ kind: "atMost", relationship: r.name, column: c.name, parentColumn: pc.name, inferred: true });
        }
      }
    }
  }
  for (const rule of rules.filter((x) => x.inferred)) {
    const r = finalRelationships.find((x) => x.name === rule.relationship)!;
    const text = rule.kind === "after" ? `${r.child}.${rule.column} is not before ${r.parent}.${rule.parentColumn}`
      : rule.kind === "sum" ? `${r.parent}.${rule.parentColumn} is the sum of its ${r.child}.${rule.column}`
        : `the ${r.child}.${rule.column} of one ${r.parent} add up to at most its ${rule.parentColumn}`;
    notes.push({ at: `${r.child} -> ${r.parent}`, message: `rule inferred from the names: ${text}` });
  }
  // Rules that would fight each other, or cannot hold.
  for (const rule of rules) {
    const r = finalRelationships.find((x) => x.name === rule.relationship)!;
    const child = byName.get(r.child)!, parent = byName.get(r.parent)!;
    if (rule.kind === "sum") {
      if (!r.drives) problems.push({ at: `${r.parent}.${rule.parentColumn}`, message: `a sum is kept along the relationship that sizes ${r.child} (${finalRelationships.find((x) => x.child === r.child && x.drives)?.name ?? "none"}), not ${r.name}` });
      const schema = parent.schemas.get(rule.parentColumn) ?? {};
      const positive = (typeof schema.minimum === "number" && schema.minimum > 0) || (typeof schema.exclusiveMinimum === "number" && schema.exclusiveMinimum >= 0);
      if (positive && r.cardinality.min === 0) problems.push({ at: `${r.parent}.${rule.parentColumn}`, message: `the sum of ${r.child}.${rule.column} must be above 0 but a ${r.parent} may have no ${r.child} (cardinality ${describeCardinality(r.cardinality)}); state at least 1 per parent` });
      if (rules.some((x) => x !== rule && x.relationship === rule.relationship && x.column === rule.column)) problems.push({ at: `${r.child}.${rule.column}`, message: "a summed column cannot also be bounded by its parent" });
      if (parent.rowRules.some((x) => x.kind === "derive" && x.column === rule.parentColumn)) problems.push({ at: `${r.parent}.${rule.parentColumn}`, message: "the column is both computed in its row and the sum of its children" });
    }
    if (rule.kind === "atMost" && child.rowRules.some((x) => x.kind === "derive" && x.column === rule.column)) {
      problems.push({ at: `${r.child}.${rule.column}`, message: "the column is both computed in its row and bounded by its parent" });
    }
  }
  for (const t of draft.tables) {
    for (const rule of t.rowRules) {
      if (rule.kind === "derive") {
        const cols = exprColumns(rule.expr);
        if (cols.includes(rule.column)) problems.push({ at: `${t.name}.${rule.column}`, message: `${rule.source}: the column is computed from itself` });
      }
    }
  }
  if (problems.length) throw new DatasetError(problems);

  const tables: TableSpec[] = order.map((name) => finishTable(byName.get(name)!, finalRelationships));
  return { tables, relationships: finalRelationships, parentRules: rules, ddl: draft.ddl, notes, source: draft.source };
}

function finishTable(t: DraftTable, relationships: Relationship[]): TableSpec {
  const properties: Record<string, JsonSchemaObject> = {};
  const keyish = new Set([...t.primaryKey, ...relationships.filter((r) => r.child === t.name).flatMap((r) => r.columns)]);
  for (const c of t.columns) {
    if (c.generated) continue;
    let s = { ...(t.schemas.get(c.name) ?? {}) };
    const single = t.unique.some((u) => u.length === 1 && u[0] === c.name);
    if (single && !keyish.has(c.name)) s["x-unique"] = true;
    if (c.nullable) s = nullable(s);
    properties[c.name] = s;
  }
  const schema: JsonSchemaObject = {
    $schema: "https://json-schema.org/draft/2020-12/schema", title: t.name, type: "object", properties,
    required: Object.keys(properties), additionalProperties: false, ...(t.defs ? { $defs: t.defs } : {}),
  };
  return { name: t.name, schema, columns: t.columns, primaryKey: t.primaryKey, unique: t.unique, rowRules: t.rowRules, ...(t.rows !== undefined ? { rows: t.rows } : {}) };
}

/** The schema with null allowed besides its values. */
export function nullable(s: JsonSchemaObject): JsonSchemaObject {
  if (Array.isArray(s.enum)) return { ...s, enum: [...s.enum, null], ...(s.type !== undefined ? { type: [...toArray(s.type), "null"] } : {}) };
  if (s.type !== undefined) return { ...s, type: [...toArray(s.type), "null"] };
  return { anyOf: [s, { type: "null" }] };
}

function toArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function compatible(a: ColumnKind, b: ColumnKind): boolean {
  if (a === b) return true;
  const group = (k: ColumnKind) => (k === "integer" || k === "number" ? "n" : k === "string" || k === "enum" ? "s" : k);
  return group(a) === group(b) && !(a === "integer" && b === "number");
}
