// The data-set model: several tables, the keys that tie them together, how many children each parent has,
// and the rules by which children agree with their parents. A PostgreSQL DDL script (ddl.ts) and a JSON
// data-set document (document.ts) both become a DataSet; planning, generation, output, loading and the
// quality report read nothing else.
import type { JsonSchemaObject } from "../schema/types";

/** What the engine reasons about in a column; the SQL type as written is kept beside it for the DDL. */
export type ColumnKind =
  | "integer" | "number" | "boolean" | "string" | "uuid" | "date" | "timestamp" | "time" | "json" | "enum" | "array";

export interface ColumnSpec {
  readonly name: string;
  /** The PostgreSQL type as the emitted DDL declares it (`numeric(12,2)`, `text[]`, `order_status`). */
  readonly sqlType: string;
  readonly kind: ColumnKind;
  /** The element kind of an array column. */
  readonly elementKind?: ColumnKind;
  readonly nullable: boolean;
  /** Digits after the point of numeric(p,s) (values are rounded to it). */
  readonly scale?: number;
  /** GENERATED ALWAYS AS IDENTITY: inserts need OVERRIDING SYSTEM VALUE. */
  readonly identityAlways?: boolean;
  /** serial / bigserial / identity: a sequence to move past the loaded keys. */
  readonly sequence?: boolean;
  /** GENERATED ALWAYS AS (...) STORED: computed by the database, never written. */
  readonly generated?: boolean;
}

export interface TableSpec {
  readonly name: string;
  /** The row as JSON Schema 2020-12: one property per written column (types, ranges, CHECKs honoured). */
  readonly schema: JsonSchemaObject;
  readonly columns: ColumnSpec[];
  readonly primaryKey: string[];
  /** UNIQUE column sets besides the primary key. */
  readonly unique: string[][];
  /** In-row rules from CHECK constraints that keywords cannot say (`shipped_at >= placed_at`, `total = qty * price`). */
  readonly rowRules: RowRule[];
  /** Rows asked for by the document itself (a root table's default count). */
  readonly rows?: number;
}

/** How many children one parent row has: a range and a distribution over it. */
export interface Cardinality {
  readonly min: number;
  readonly max: number;
  /** Mean children per parent (inside [min, max]). @default the middle for uniform, else min + (max - min) / 4 */
  readonly mean?: number;
  /** uniform in [min, max]; poisson around the mean; skewed: a long tail (most parents few, some many). */
  readonly distribution: "uniform" | "poisson" | "skewed";
}

export interface Relationship {
  /** The constraint name (as declared, or `<child>_<columns>_fkey`). */
  readonly name: string;
  readonly child: string;
  readonly columns: string[];
  readonly parent: string;
  readonly parentColumns: string[];
  /** Any of the child's FK columns may be NULL: some children have no parent. */
  readonly nullable: boolean;
  readonly cardinality: Cardinality;
  /** Whether the cardinality was stated (a document, a COMMENT) or assumed. */
  readonly cardinalityStated: boolean;
  /** Share of children with a NULL reference (nullable relationships only). */
  readonly nullShare: number;
  /**
   * The relationship that decides how many rows the child table has (its parents' counts added up); each
   * child table has at most one. Any other relationship picks a parent for each child within its cardinality.
   */
  readonly drives: boolean;
}

/** A rule inside one row. */
export type RowRule =
  /** `left op right`, both columns of the row: the later value is moved when the generated pair disagrees. */
  | { readonly kind: "compare"; readonly left: string; readonly op: "<" | "<=" | ">" | ">="; readonly right: string; readonly source: string }
  /** `column = expression` over the row's other columns: the column is computed. */
  | { readonly kind: "derive"; readonly column: string; readonly expr: Expr; readonly source: string };

/** Arithmetic over a row's columns (what a derive rule and a generated column compute). */
export type Expr =
  | { readonly op: "col"; readonly name: string }
  | { readonly op: "num"; readonly value: number }
  | { readonly op: "+" | "-" | "*" | "/"; readonly left: Expr; readonly right: Expr }
  | { readonly op: "round"; readonly arg: Expr; readonly digits: number };

/** How children agree with their parent along one relationship. */
export type ParentRule =
  /** The child's column is not before the parent's (an order after its customer signed up). */
  | { readonly kind: "after"; readonly relationship: string; readonly column: string; readonly parentColumn: string; readonly inferred: boolean }
  /** The parent's column is the sum of its children's (an order's total is the sum of its lines). */
  | { readonly kind: "sum"; readonly relationship: string; readonly column: string; readonly parentColumn: string; readonly inferred: boolean }
  /** The children's column adds up to at most the parent's (refunds never above their payment). */
  | { readonly kind: "atMost"; readonly relationship: string; readonly column: string; readonly parentColumn: string; readonly inferred: boolean };

/** What was assumed or changed on the way in, with where (`orders.total`, `statement 3`). */
export interface DatasetNote {
  readonly at: string;
  readonly message: string;
}

/** A reason the data set cannot be generated as written (each found before any row is made). */
export interface DatasetProblem {
  readonly at: string;
  readonly message: string;
}

export interface DataSet {
  readonly tables: TableSpec[];
  readonly relationships: Relationship[];
  readonly parentRules: ParentRule[];
  /** CREATE TYPE / CREATE TABLE / constraint statements that create the tables, in order. */
  readonly ddl: string[];
  readonly notes: DatasetNote[];
  /** Where it came from. */
  readonly source: "ddl" | "document";
}

/** Raised with every problem when a data set cannot be read or generated. */
export class DatasetError extends Error {
  override readonly name = "DatasetError";
  constructor(readonly problems: DatasetProblem[]) {
    super(`the data set cannot be generated: ${problems.slice(0, 5).map((p) => `${p.at}: ${p.message}`).join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`);
  }
}

/** Default children per parent when nothing says otherwise. */
export const DEFAULT_CARDINALITY: Cardinality = { min: 0, max: 10, mean: 3, distribution: "skewed" };
/** An identifying relationship (the FK is part of the child's primary key): every parent has some. */
export const DEFAULT_IDENTIFYING_CARDINALITY: Cardinality = { min: 1, max: 5, mean: 2.5, distribution: "poisson" };
/** A one-to-one relationship (the FK columns are unique in the child). */
export const DEFAULT_ONE_TO_ONE_CARDINALITY: Cardinality = { min: 0, max: 1, mean: 0.9, distribution: "uniform" };
/** Share of NULL references in a nullable relationship. */
export const DEFAULT_NULL_SHARE = 0.1;

export function tableOf(dataset: DataSet, name: string): TableSpec {
  const t = dataset.tables.find((x) => x.name === name);
  if (!t) throw new Error(`no table ${name}`);
  return t;
}

export function columnOf(table: TableSpec, name: string): ColumnSpec | undefined {
  return table.columns.find((c) => c.name === name);
}

/** The mean of a cardinality, its stated one or the default for its distribution. */
export function meanOf(c: Cardinality): number {
  if (c.mean !== undefined) return c.mean;
  return c.distribution === "uniform" ? (c.min + c.max) / 2 : c.min + (c.max - c.min) / 4;
}

/**
 * Tables in dependency order (every parent before its children; a self-reference does not count), or the
 * tables of a cycle when there is one. Ties keep the declared order, so the order is stable.
 */
export function dependencyOrder(tables: readonly string[], edges: ReadonlyArray<{ child: string; parent: string }>):
  { order: string[]; cycle?: undefined } | { order?: undefined; cycle: string[] } {
  const parents = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  for (const e of edges) if (e.child !== e.parent) parents.get(e.child)?.add(e.parent);
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < tables.length) {
    const next = tables.find((t) => !done.has(t) && [...parents.get(t)!].every((p) => done.has(p)));
    if (next === undefined) {
      // Walk parent links from any remaining table until one repeats: that loop is the cycle.
      const left = tables.filter((t) => !done.has(t));
      const path: string[] = [];
      let at = left[0];
      while (!path.includes(at)) {
        path.push(at);
        at = [...parents.get(at)!].find((p) => !done.has(p))!;
      }
      return { cycle: [...path.slice(path.indexOf(at)), at] };
    }
    order.push(next);
    done.add(next);
  }
  return { order };
}
