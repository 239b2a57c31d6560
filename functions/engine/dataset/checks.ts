// CHECK constraints read from the PostgreSQL parse tree. A check the engine can honour becomes JSON Schema
// keywords on its column (`age >= 18`, `status IN (...)`, `length(code) = 8`, `sku ~ '^[A-Z]{3}-[0-9]+$'`,
// `placed_at <= now()`) or a rule inside the row (`shipped_at >= placed_at`, `line_total = quantity * unit_price`);
// any other check (OR of different columns, functions, sub-expressions the engine cannot evaluate) is
// reported with its text before generation, since a row breaking it would stop the load.
import { REFERENCE_DATE } from "../generate/context";
import type { JsonSchemaObject } from "../schema/types";
import type { ColumnKind, Expr, RowRule } from "./model";

/** A parse-tree node: one key naming its type (`A_Expr`, `ColumnRef`, ...). */
type PgNode = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface CheckReading {
  /** Keywords to merge into each column's schema. */
  keywords: Array<{ column: string; schema: JsonSchemaObject }>;
  /** Columns the check makes NOT NULL. */
  required: string[];
  rowRules: RowRule[];
  /** Why the check cannot be honoured, when it cannot. */
  unhonoured?: string;
}

class Unhonoured extends Error {}

const FLIP: Record<string, string> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "=", "<>": "<>", "!=": "<>" };

/**
 * Reads one CHECK expression over the columns of a table (`kinds` maps each column to its kind; `scales` to
 * the digits after the point of numeric columns). `text` is the check as written, for messages and rules.
 */
export function readCheck(expr: PgNode, kinds: ReadonlyMap<string, ColumnKind>, text: string): CheckReading {
  const reading: CheckReading = { keywords: [], required: [], rowRules: [] };
  try {
    for (const part of conjuncts(expr)) readPart(part, kinds, text, reading);
  } catch (err) {
    if (!(err instanceof Unhonoured)) throw err;
    return { keywords: [], required: [], rowRules: [], unhonoured: err.message };
  }
  return reading;
}

function conjuncts(node: PgNode): PgNode[] {
  if (node.BoolExpr?.boolop === "AND_EXPR") return (node.BoolExpr.args as PgNode[]).flatMap(conjuncts);
  return [node];
}

function readPart(node: PgNode, kinds: ReadonlyMap<string, ColumnKind>, text: string, out: CheckReading): void {
  if (node.NullTest) {
    const column = columnName(node.NullTest.arg, kinds);
    if (column && node.NullTest.nulltesttype === "IS_NOT_NULL") { out.required.push(column); return; }
    throw new Unhonoured("only IS NOT NULL of a column is honoured");
  }
  if (node.BoolExpr?.boolop === "OR_EXPR") {
    // `a = 'x' OR a = 'y'`: one column's values, as an enum.
    const values: unknown[] = [];
    let column: string | undefined;
    for (const arg of node.BoolExpr.args as PgNode[]) {
      const e = arg.A_Expr;
      const c = e && e.kind === "AEXPR_OP" && opName(e) === "=" ? columnName(e.lexpr, kinds) : undefined;
      if (!c || (column !== undefined && c !== column)) throw new Unhonoured("OR is honoured only between values of one column (col = a OR col = b)");
      column = c;
      values.push(constant(e.rexpr, kinds.get(c)!));
    }
    out.keywords.push({ column: column!, schema: { enum: values } });
    return;
  }
  const e = node.A_Expr;
  if (!e) throw new Unhonoured(`${Object.keys(node)[0] ?? "this expression"} is not an expression the engine can honour`);
  const op = opName(e);
  if (e.kind === "AEXPR_BETWEEN" || e.kind === "AEXPR_NOT_BETWEEN") {
    if (e.kind === "AEXPR_NOT_BETWEEN") throw new Unhonoured("NOT BETWEEN is not honoured");
    const column = requireColumn(e.lexpr, kinds);
    const [lo, hi] = (e.rexpr.List.items as PgNode[]).map((n) => constant(n, kinds.get(column)!));
    out.keywords.push({ column, schema: { ...bound(kinds.get(column)!, ">=", lo), ...bound(kinds.get(column)!, "<=", hi) } });
    return;
  }
  if (e.kind === "AEXPR_IN") {
    const column = requireColumn(e.lexpr, kinds);
    const values = (e.rexpr.List.items as PgNode[]).map((n) => constant(n, kinds.get(column)!));
    out.keywords.push({ column, schema: op === "=" ? { enum: values } : { not: { enum: values } } });
    return;
  }
  if (e.kind === "AEXPR_OP_ANY" && op === "=") {
    const column = requireColumn(e.lexpr, kinds);
    const elements = e.rexpr.A_ArrayExpr?.elements ?? e.rexpr.TypeCast?.arg?.A_ArrayExpr?.elements;
    if (!Array.isArray(elements)) throw new Unhonoured("= ANY is honoured over an ARRAY[...] of constants");
    out.keywords.push({ column, schema: { enum: (elements as PgNode[]).map((n) => constant(n, kinds.get(column)!)) } });
    return;
  }
  if (e.kind !== "AEXPR_OP") throw new Unhonoured(`${e.kind} is not honoured`);
  if (op === "~") {
    const column = requireColumn(e.lexpr, kinds);
    const pattern = constant(e.rexpr, "string");
    if (typeof pattern !== "string") throw new Unhonoured("~ needs a constant pattern");
    out.keywords.push({ column, schema: { pattern } });
    return;
  }
  if (!(op in FLIP)) throw new Unhonoured(`the operator ${op} is not honoured`);
  // length(col) op n
  for (const [side, other, o] of [[e.lexpr, e.rexpr, op], [e.rexpr, e.lexpr, FLIP[op]]] as Array<[PgNode, PgNode, string]>) {
    const fn = side.FuncCall;
    const name = fn ? lastName(fn.funcname) : undefined;
    if (name === "length" || name === "char_length" || name === "character_length") {
      const column = requireColumn(fn.args?.[0], kinds);
      const n = Number(constant(other, "integer"));
      const schema: JsonSchemaObject = {};
      if (o === "=" ) { schema.minLength = n; schema.maxLength = n; }
      else if (o === "<=") schema.maxLength = n;
      else if (o === "<") schema.maxLength = n - 1;
      else if (o === ">=") schema.minLength = n;
      else if (o === ">") schema.minLength = n + 1;
      else throw new Unhonoured(`length(...) ${o} is not honoured`);
      out.keywords.push({ column, schema });
      return;
    }
  }
  const leftColumn = columnName(e.lexpr, kinds);
  const rightColumn = columnName(e.rexpr, kinds);
  if (leftColumn && rightColumn) {
    if (op === "=" || op === "<>") throw new Unhonoured(`${op} between two columns is not honoured`);
    out.rowRules.push({ kind: "compare", left: leftColumn, op: op as "<", right: rightColumn, source: text });
    return;
  }
  const column = leftColumn ?? rightColumn;
  const other = leftColumn ? e.rexpr : e.lexpr;
  const o = leftColumn ? op : FLIP[op];
  if (!column) throw new Unhonoured("a check must compare a column");
  const kind = kinds.get(column)!;
  if (isConstant(other)) {
    const value = constant(other, kind);
    if (o === "<>") out.keywords.push({ column, schema: { not: { const: value } } });
    else if (o === "=") out.keywords.push({ column, schema: { const: value } });
    else out.keywords.push({ column, schema: bound(kind, o, value) });
    return;
  }
  if (o === "=" && (kind === "integer" || kind === "number")) {
    out.rowRules.push({ kind: "derive", column, expr: arithmetic(other, kinds), source: text });
    return;
  }
  throw new Unhonoured("the other side is neither a constant nor arithmetic over columns");
}

function opName(e: PgNode): string {
  return lastName(e.name) ?? "";
}

function lastName(list: PgNode[] | undefined): string | undefined {
  const last = list?.[list.length - 1];
  return last?.String?.sval?.toLowerCase?.() ?? last?.String?.sval;
}

function columnName(node: PgNode | undefined, kinds: ReadonlyMap<string, ColumnKind>): string | undefined {
  let n = node;
  while (n?.TypeCast) n = n.TypeCast.arg;
  const fields = n?.ColumnRef?.fields as PgNode[] | undefined;
  if (!fields) return undefined;
  const name = fields[fields.length - 1]?.String?.sval as string | undefined;
  return name !== undefined && kinds.has(name) ? name : undefined;
}

function requireColumn(node: PgNode | undefined, kinds: ReadonlyMap<string, ColumnKind>): string {
  const c = columnName(node, kinds);
  if (!c) throw new Unhonoured("the check must name a column of the table here");
  return c;
}

function isConstant(node: PgNode): boolean {
  let n = node;
  while (n.TypeCast) n = n.TypeCast.arg;
  if (n.A_Const) return true;
  if (n.A_Expr?.kind === "AEXPR_OP" && opName(n.A_Expr) === "-" && !n.A_Expr.lexpr) return isConstant(n.A_Expr.rexpr);
  return Boolean(n.FuncCall && NOW_FUNCTIONS.has(lastName(n.FuncCall.funcname) ?? "")) || Boolean(n.SQLValueFunction);
}

const NOW_FUNCTIONS = new Set(["now", "current_timestamp", "current_date", "transaction_timestamp", "statement_timestamp"]);

/** A constant's value: numbers for numeric columns, ISO text for dates and timestamps, the text otherwise. */
function constant(node: PgNode, kind: ColumnKind | "string"): unknown {
  let n = node;
  while (n.TypeCast) n = n.TypeCast.arg;
  if (n.A_Expr?.kind === "AEXPR_OP" && opName(n.A_Expr) === "-" && !n.A_Expr.lexpr) {
    const v = constant(n.A_Expr.rexpr, kind);
    if (typeof v !== "number") throw new Unhonoured("a minus before text");
    return -v;
  }
  if (n.FuncCall || n.SQLValueFunction) {
    const name = n.FuncCall ? lastName(n.FuncCall.funcname) ?? "" : "current_timestamp";
    if (NOW_FUNCTIONS.has(name) || n.SQLValueFunction) {
      // Generated dates lie before the engine's reference date, which is before any load.
      return kind === "date" ? new Date(REFERENCE_DATE).toISOString().slice(0, 10) : new Date(REFERENCE_DATE).toISOString();
    }
    throw new Unhonoured(`the function ${name}() is not evaluated`);
  }
  const c = n.A_Const;
  if (!c) throw new Unhonoured("not a constant");
  if (c.isnull) throw new Unhonoured("NULL in a comparison is never true");
  if (c.ival !== undefined) return c.ival.ival ?? 0;
  if (c.fval !== undefined) return Number(c.fval.fval);
  if (c.boolval !== undefined) return Boolean(c.boolval.boolval);
  const text = c.sval?.sval ?? "";
  if (kind === "integer" || kind === "number") {
    const v = Number(text);
    if (!Number.isFinite(v)) throw new Unhonoured(`'${text}' is not a number`);
    return v;
  }
  if (kind === "timestamp") {
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
    if (!Number.isFinite(ms)) throw new Unhonoured(`'${text}' is not a timestamp the engine reads`);
    return new Date(ms).toISOString();
  }
  if (kind === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new Unhonoured(`'${text}' is not a date the engine reads (YYYY-MM-DD)`);
  return text;
}

/** `column op value` as keywords of the column's kind. */
function bound(kind: ColumnKind, op: string, value: unknown): JsonSchemaObject {
  if (kind === "integer" || kind === "number") {
    if (typeof value !== "number") throw new Unhonoured("a numeric column compared with text");
    return op === ">=" ? { minimum: value } : op === ">" ? { exclusiveMinimum: value } : op === "<=" ? { maximum: value } : { exclusiveMaximum: value };
  }
  if (kind === "date" || kind === "timestamp") {
    return op === ">=" ? { formatMinimum: value } : op === ">" ? { formatExclusiveMinimum: value } : op === "<=" ? { formatMaximum: value } : { formatExclusiveMaximum: value };
  }
  throw new Unhonoured(`ordering comparisons on ${kind} columns are not honoured`);
}

function arithmetic(node: PgNode, kinds: ReadonlyMap<string, ColumnKind>): Expr {
  let n = node;
  while (n.TypeCast) n = n.TypeCast.arg;
  const column = columnName(n, kinds);
  if (column) {
    const kind = kinds.get(column);
    if (kind !== "integer" && kind !== "number") throw new Unhonoured(`${column} is not numeric`);
    return { op: "col", name: column };
  }
  if (n.A_Const) {
    const v = constant(n, "number");
    return { op: "num", value: v as number };
  }
  if (n.FuncCall && lastName(n.FuncCall.funcname) === "round") {
    const args = n.FuncCall.args as PgNode[];
    return { op: "round", arg: arithmetic(args[0], kinds), digits: args[1] ? Number(constant(args[1], "integer")) : 0 };
  }
  const e = n.A_Expr;
  if (e?.kind === "AEXPR_OP") {
    const op = opName(e);
    if (op === "-" && !e.lexpr) return { op: "-", left: { op: "num", value: 0 }, right: arithmetic(e.rexpr, kinds) };
    if (op === "+" || op === "-" || op === "*" || op === "/") return { op, left: arithmetic(e.lexpr, kinds), right: arithmetic(e.rexpr, kinds) };
  }
  throw new Unhonoured("only + - * / round() over numeric columns and constants are evaluated");
}

/** Columns an expression reads. */
export function exprColumns(expr: Expr): string[] {
  switch (expr.op) {
    case "col": return [expr.name];
    case "num": return [];
    case "round": return exprColumns(expr.arg);
    default: return [...exprColumns(expr.left), ...exprColumns(expr.right)];
  }
}

/** Evaluates an expression over a row (undefined when a column is null). */
export function evaluate(expr: Expr, row: Record<string, unknown>): number | undefined {
  switch (expr.op) {
    case "col": { const v = row[expr.name]; return typeof v === "number" ? v : undefined; }
    case "num": return expr.value;
    case "round": { const v = evaluate(expr.arg, row); return v === undefined ? undefined : roundTo(v, expr.digits); }
    default: {
      const a = evaluate(expr.left, row), b = evaluate(expr.right, row);
      if (a === undefined || b === undefined) return undefined;
      return expr.op === "+" ? a + b : expr.op === "-" ? a - b : expr.op === "*" ? a * b : b === 0 ? undefined : a / b;
    }
  }
}

/** Decimal digits an exact result of the expression needs, given each column's (undefined: unbounded). */
export function exprScale(expr: Expr, scaleOf: (column: string) => number | undefined): number | undefined {
  switch (expr.op) {
    case "col": return scaleOf(expr.name);
    case "num": { const s = String(expr.value); const i = s.indexOf("."); return /e/i.test(s) ? undefined : i < 0 ? 0 : s.length - i - 1; }
    case "round": return expr.digits;
    case "/": return undefined;
    case "*": { const a = exprScale(expr.left, scaleOf), b = exprScale(expr.right, scaleOf); return a === undefined || b === undefined ? undefined : a + b; }
    default: { const a = exprScale(expr.left, scaleOf), b = exprScale(expr.right, scaleOf); return a === undefined || b === undefined ? undefined : Math.max(a, b); }
  }
}

/** Rounds half away from zero to `digits` decimals, as PostgreSQL's numeric round does. */
export function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  const scaled = Math.abs(value) * f;
  // Read at 15 significant digits, so a product like 1.005 * 100 = 100.49999999999999 rounds as the 100.5 it
  // stands for. That reading moves `scaled` by at most half a unit in its 15th digit (< scaled * 5e-15), so
  // it can change the rounding only within that distance of a half: elsewhere the plain rounding is the same,
  // without the string round trip (a data set rounds every numeric column of every row).
  const whole = Math.floor(scaled);
  const fromHalf = Math.abs(scaled - whole - 0.5);
  const r = fromHalf > scaled * 1e-14 ? (scaled - whole < 0.5 ? whole : whole + 1) : Math.round(Number(scaled.toPrecision(15)));
  return (Math.sign(value) * r) / f;
}
