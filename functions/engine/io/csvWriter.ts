// CSV per RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, quote, CR or LF.
// Nested objects whose properties the schema declares become dotted columns ("address.city"); other
// objects and arrays are JSON text. A null or absent value is an empty unquoted field, while an empty
// string is written `""`, so a reader can tell them apart (the PostgreSQL COPY convention).
// Each line comes from one function compiled from the columns (compiled.ts): strings, numbers and
// booleans are written inline, anything else through `cellOf`, so the bytes are those of `cellOf`.
import type { Row, SchemaInput } from "../schema/types";
import type { ChunkSink } from "./chunks";
import { columnsOf, fieldTree, fieldTreeFromRow, valueAt, type Column } from "./columns";
import { accessorSource, compileRowFunction, numberText } from "./compiled";
import type { RowEncoder, Segment } from "./encoder";
import { UnencodableValueError } from "./errors";

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return quoteCsv(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (value instanceof Date) return value.toISOString();
  return quoteCsv(JSON.stringify(value));
}

export function quoteCsv(text: string): string {
  if (text === "") return '""';
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Text a JSON parser reads as a value (`0`, `true`, `null`, `[1]`, `"x"`). */
function readsAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * One cell of a column. A column of mixed types (`enum: [1, "0"]`) is read back as JSON where it parses, so
 * a string there that looks like JSON (`"0"`, `"true"`) is written as a JSON string to come back a string.
 */
function cellOf(value: unknown, column: Column): string {
  if (column.kind === "json" && typeof value === "string" && readsAsJson(value)) return quoteCsv(JSON.stringify(value));
  return csvField(value);
}

/** `cellOf` only reads a column's kind. */
const JSON_COLUMN: Column = Object.freeze({ name: "", path: [], kind: "json", nullable: true }) as Column;

/** Source of one cell: the common types inline, the rest through `cellOf` (same text either way). */
function cellSource(column: Column, index: number): string {
  const v = `v${index}`;
  if (column.kind === "json") return `cellOf(${v}, JSON_COLUMN)`;
  return `(typeof ${v} === "string" ? quoteCsv(${v}) : typeof ${v} === "number" ? (${v} - ${v} === 0 ? numberText(${v}) : "")`
    + ` : typeof ${v} === "boolean" ? (${v} ? "true" : "false") : csvField(${v}))`;
}

/** The function that turns a row into its CSV line (CRLF included). */
function compileLine(columns: Column[]): (row: unknown) => string {
  if (columns.length === 0) return () => "\r\n";
  const reads = columns.map((c, i) => `  const v${i} = ${accessorSource(c.path)};`).join("\n");
  const line = columns.map((c, i) => cellSource(c, i)).join(' + "," + ');
  const line$ = compileRowFunction<string>(`${reads}\n  return ${line} + "\\r\\n";`, { quoteCsv, csvField, cellOf, JSON_COLUMN, numberText });
  return (row) => line$(row, undefined);
}

export class CsvEncoder implements RowEncoder {
  private columns: Column[] | undefined;
  private line: ((row: unknown) => string) | undefined;
  private rows = 0;
  private readonly segment: Segment;

  constructor(schema: SchemaInput, segment: Segment = { firstRow: 0, last: true }) {
    this.segment = segment;
    const tree = fieldTree(schema);
    if (tree.length > 0) this.useColumns(columnsOf(tree, true));
  }

  write(row: Row, sink: ChunkSink): void {
    this.rows++;
    if (!this.columns) this.useColumns(columnsOf(fieldTreeFromRow(row), true));
    if (this.rows === 1 && this.segment.firstRow === 0) sink.text(this.header());
    let text: string;
    try {
      text = this.line!(row);
    } catch {
      text = this.slowLine(row); // names the column that failed
    }
    sink.text(text);
  }

  end(sink: ChunkSink): void {
    // No rows: the header alone still says what the columns are.
    if (this.rows === 0 && this.columns && this.segment.firstRow === 0) sink.text(this.header());
  }

  private useColumns(columns: Column[]): void {
    this.columns = columns;
    this.line = compileLine(columns);
  }

  private slowLine(row: Row): string {
    let line = "";
    for (let i = 0; i < this.columns!.length; i++) {
      const column = this.columns![i];
      if (i > 0) line += ",";
      try {
        line += cellOf(valueAt(row, column.path), column);
      } catch (error) { // JSON.stringify of a BigInt or a cycle
        throw new UnencodableValueError("csv", this.segment.firstRow + this.rows, column.name, (error as Error).message);
      }
    }
    return line + "\r\n";
  }

  private header(): string {
    return this.columns!.map((c) => quoteCsv(c.name)).join(",") + "\r\n";
  }
}
