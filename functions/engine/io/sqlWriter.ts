// SQL: a CREATE TABLE derived from the schema, then multi-row INSERT statements.
// Standard SQL as PostgreSQL and SQLite read it: identifiers in double quotes, strings in single quotes
// with quotes doubled and backslashes taken literally (MySQL needs ANSI_QUOTES and NO_BACKSLASH_ESCAPES).
// One column per top-level property; nested objects and arrays are stored as JSON text.
import type { Row, SchemaInput } from "../schema/types";
import type { ChunkSink } from "./chunks";
import { columnsOf, fieldTree, fieldTreeFromRow, valueAt, type Column, type ValueKind } from "./columns";
import type { RowEncoder } from "./encoder";
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

export class SqlEncoder implements RowEncoder {
  private columns: Column[] | undefined;
  private readonly table: string;
  private readonly batchRows: number;
  private rows = 0;
  private insertPrefix = "";

  constructor(schema: SchemaInput, options: { tableName?: string; insertBatchRows?: number } = {}) {
    this.table = quoteIdentifier(options.tableName ?? DEFAULT_TABLE_NAME);
    this.batchRows = Math.max(1, Math.floor(options.insertBatchRows ?? DEFAULT_INSERT_BATCH_ROWS));
    const tree = fieldTree(schema);
    if (tree.length > 0) this.columns = columnsOf(tree, false);
  }

  write(row: Row, sink: ChunkSink): void {
    if (this.rows === 0) this.start(sink, this.columns ?? columnsOf(fieldTreeFromRow(row), false));
    const columns = this.columns!;
    const rowNumber = ++this.rows;
    let tuple = "(";
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) tuple += ", ";
      try {
        tuple += sqlLiteral(valueAt(row, columns[i].path));
      } catch (error) {
        throw new UnencodableValueError("sql", rowNumber, columns[i].name, (error as Error).message);
      }
    }
    const first = (rowNumber - 1) % this.batchRows === 0;
    const last = rowNumber % this.batchRows === 0;
    sink.text((first ? this.insertPrefix : ",\n  ") + tuple + ")" + (last ? ";\n" : ""));
  }

  end(sink: ChunkSink): void {
    if (this.rows === 0) this.start(sink, this.columns ?? []);
    else if (this.rows % this.batchRows !== 0) sink.text(";\n");
  }

  private start(sink: ChunkSink, columns: Column[]): void {
    this.columns = columns;
    if (columns.length === 0) { // a table needs at least one column in standard SQL
      sink.text("-- no table: the schema declares no properties and there are no rows\n");
      return;
    }
    const definitions = columns.map((c) => `  ${quoteIdentifier(c.name)} ${SQL_TYPES[c.kind]}${c.nullable ? "" : " NOT NULL"}`);
    sink.text(`CREATE TABLE ${this.table} (\n${definitions.join(",\n")}\n);\n`);
    const names = columns.map((c) => quoteIdentifier(c.name)).join(", ");
    this.insertPrefix = `INSERT INTO ${this.table} (${names}) VALUES\n  `;
  }
}
