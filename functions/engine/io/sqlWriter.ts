// SQL: a CREATE TABLE derived from the schema, then multi-row INSERT statements.
// Standard SQL as PostgreSQL and SQLite read it: identifiers in double quotes, strings in single quotes
// with quotes doubled and backslashes taken literally (MySQL needs ANSI_QUOTES and NO_BACKSLASH_ESCAPES).
// One column per top-level property; nested objects and arrays are stored as JSON text.
// Each VALUES tuple comes from one function compiled from the columns (compiled.ts): strings, numbers and
// booleans inline, anything else through `sqlLiteral`, so the text is that of `sqlLiteral`.
import type { Row, SchemaInput } from "../schema/types";
import type { ChunkSink } from "./chunks";
import { columnsOf, fieldTree, fieldTreeFromRow, valueAt, type Column, type ValueKind } from "./columns";
import { accessorSource, compileRowFunction, numberText } from "./compiled";
import { WHOLE_FILE, type RowEncoder, type Segment } from "./encoder";
import { UnencodableValueError } from "./errors";

import { DEFAULT_INSERT_BATCH_ROWS, DEFAULT_TABLE_NAME } from "./limits";

const SQL_TYPES: Record<ValueKind, string> = {
  integer: "BIGINT",
  number: "DOUBLE PRECISION",
  boolean: "BOOLEAN",
  string: "TEXT",
  date: "DATE",
  timestamp: "TIMESTAMP WITH TIME ZONE",
  json: "TEXT",
};

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal; NUL cannot be held by a SQL text value (and ends a C string), so it is refused. */
export function quoteSqlString(text: string): string {
  if (text.includes("\0")) throw new RangeError("text contains a NUL character, which SQL text cannot hold");
  return `'${text.replace(/'/g, "''")}'`;
}

/** A SQL literal for one value. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "string") return quoteSqlString(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "bigint") return String(value);
  if (value instanceof Date) return quoteSqlString(value.toISOString());
  return quoteSqlString(JSON.stringify(value));
}

/** A string literal without the NUL check's error path: the common case of `quoteSqlString`. */
function sqlString(text: string): string {
  if (text.indexOf("\0") >= 0) return quoteSqlString(text); // throws
  return text.indexOf("'") < 0 ? "'" + text + "'" : "'" + text.replace(/'/g, "''") + "'";
}

/** The function that turns a row into its VALUES tuple `(a, b, ...)`. */
function compileTuple(columns: Column[]): (row: unknown) => string {
  if (columns.length === 0) return () => "()";
  const reads = columns.map((c, i) => `  const v${i} = ${accessorSource(c.path)};`).join("\n");
  const cells = columns.map((_, i) => {
    const v = `v${i}`;
    return `(typeof ${v} === "string" ? sqlString(${v}) : typeof ${v} === "number" ? (${v} - ${v} === 0 ? numberText(${v}) : "NULL")`
      + ` : typeof ${v} === "boolean" ? (${v} ? "TRUE" : "FALSE") : sqlLiteral(${v}))`;
  }).join(' + ", " + ');
  const tuple = compileRowFunction<string>(`${reads}\n  return "(" + ${cells} + ")";`, { sqlString, sqlLiteral, numberText });
  return (row) => tuple(row, undefined);
}

export class SqlEncoder implements RowEncoder {
  private columns: Column[] | undefined;
  private tuple: ((row: unknown) => string) | undefined;
  private readonly table: string;
  private readonly batchRows: number;
  private readonly segment: Segment;
  /** Rows of the whole file up to the last one written (a segment counts from its first row). */
  private row: number;
  private insertPrefix = "";

  constructor(schema: SchemaInput, options: { tableName?: string; insertBatchRows?: number; segment?: Segment } = {}) {
    this.table = quoteIdentifier(options.tableName ?? DEFAULT_TABLE_NAME);
    this.batchRows = Math.max(1, Math.floor(options.insertBatchRows ?? DEFAULT_INSERT_BATCH_ROWS));
    this.segment = options.segment ?? WHOLE_FILE;
    this.row = this.segment.firstRow;
    const tree = fieldTree(schema);
    if (tree.length > 0) this.useColumns(columnsOf(tree, false));
  }

  write(row: Row, sink: ChunkSink): void {
    if (!this.columns) this.useColumns(columnsOf(fieldTreeFromRow(row), false));
    if (this.row === 0) this.start(sink);
    const rowNumber = ++this.row;
    let tuple: string;
    try {
      tuple = this.tuple!(row);
    } catch {
      tuple = this.slowTuple(row, rowNumber); // names the column that failed
    }
    const first = (rowNumber - 1) % this.batchRows === 0;
    const last = rowNumber % this.batchRows === 0;
    sink.text((first ? this.insertPrefix : ",\n  ") + tuple + (last ? ";\n" : ""));
  }

  end(sink: ChunkSink): void {
    if (!this.segment.last) return;
    if (this.row === 0) {
      this.columns ??= [];
      this.start(sink);
    } else if (this.row % this.batchRows !== 0) sink.text(";\n");
  }

  private useColumns(columns: Column[]): void {
    this.columns = columns;
    this.tuple = compileTuple(columns);
    const names = columns.map((c) => quoteIdentifier(c.name)).join(", ");
    // No columns: no table was created, and the tuples stand alone (as they always have).
    this.insertPrefix = columns.length > 0 ? `INSERT INTO ${this.table} (${names}) VALUES\n  ` : "";
  }

  private slowTuple(row: Row, rowNumber: number): string {
    const columns = this.columns!;
    let tuple = "(";
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) tuple += ", ";
      try {
        tuple += sqlLiteral(valueAt(row, columns[i].path));
      } catch (error) {
        throw new UnencodableValueError("sql", rowNumber, columns[i].name, (error as Error).message);
      }
    }
    return tuple + ")";
  }

  /** The table definition, written once at the start of the file. */
  private start(sink: ChunkSink): void {
    const columns = this.columns!;
    if (columns.length === 0) { // a table needs at least one column in standard SQL
      sink.text("-- no table: the schema declares no properties and there are no rows\n");
      return;
    }
    const definitions = columns.map((c) => `  ${quoteIdentifier(c.name)} ${SQL_TYPES[c.kind]}${c.nullable ? "" : " NOT NULL"}`);
    sink.text(`CREATE TABLE ${this.table} (\n${definitions.join(",\n")}\n);\n`);
  }
}
