// Parquet through hyparquet-writer's incremental ParquetWriter: rows are buffered into columns until a
// row group is full, then the group is encoded and its bytes leave at once, so memory is bounded by one
// row group. Columns are typed from the schema: nested objects with declared properties become dotted
// flat columns ("address.city"), other objects and arrays JSON text; date and date-time strings are
// DATE and TIMESTAMP(MILLIS, UTC) (so sub-millisecond digits and the original offset are not kept).
import { ByteWriter, ParquetWriter, type SchemaElement } from "hyparquet-writer";
import type { Row, SchemaInput } from "../schema/types";
import type { ChunkSink } from "./chunks";
import { columnsOf, fieldTree, valueAt, type Column, type ValueKind } from "./columns";
import type { RowEncoder } from "./encoder";
import { UnencodableValueError, UnsupportedFormatError } from "./errors";

import { DEFAULT_ROW_GROUP_ROWS } from "./limits";
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

type ParquetType = Omit<SchemaElement, "name" | "repetition_type">;
const PARQUET_TYPES: Record<ValueKind, ParquetType> = {
  integer: { type: "INT64" },
  number: { type: "DOUBLE" },
  boolean: { type: "BOOLEAN" },
  string: { type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } },
  date: { type: "INT32", converted_type: "DATE", logical_type: { type: "DATE" } },
  timestamp: {
    type: "INT64", converted_type: "TIMESTAMP_MILLIS",
    logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
  },
  json: { type: "BYTE_ARRAY", converted_type: "JSON", logical_type: { type: "JSON" } },
};

/** The Parquet schema (flat: a root and one leaf per column) for a list of columns. */
export function parquetSchema(columns: Column[]): SchemaElement[] {
  return [
    { name: "root", num_children: columns.length },
    ...columns.map((c): SchemaElement => ({
      name: c.name, ...PARQUET_TYPES[c.kind], repetition_type: c.nullable ? "OPTIONAL" : "REQUIRED",
    })),
  ];
}

/** The value a Parquet column stores for one row value; throws a plain Error saying what is wrong. */
function physicalValue(kind: ValueKind, value: unknown, nullable: boolean): unknown {
  if (value === null || value === undefined) {
    if (!nullable) throw new Error("a value is required here");
    return null;
  }
  switch (kind) {
    case "integer":
      if (typeof value === "bigint") return value;
      if (!Number.isSafeInteger(value)) throw new Error(`expected an integer, got ${JSON.stringify(value)}`);
      return BigInt(value as number);
    case "number":
      if (typeof value !== "number") throw new Error(`expected a number, got ${JSON.stringify(value)}`);
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw new Error(`expected a boolean, got ${JSON.stringify(value)}`);
      return value;
    case "string":
      if (typeof value !== "string") throw new Error(`expected a string, got ${JSON.stringify(value)}`);
      return value;
    case "date": {
      const match = typeof value === "string" ? ISO_DATE.exec(value) : null;
      if (!match) throw new Error(`expected a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
      return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
    }
    case "timestamp": {
      const millis = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : NaN;
      if (Number.isNaN(millis)) throw new Error(`expected an ISO 8601 date-time, got ${JSON.stringify(value)}`);
      return BigInt(millis);
    }
    case "json":
      return value;
  }
}

// hyparquet-writer 0.17.0 writes an empty Thrift list with element type 0, which strict readers
// (arrow-rs, hence parquet-wasm and polars) reject: "Expected list element type of Struct". The only
// empty list in a file's footer is `row_groups` of a file with no rows. Its bytes are fixed: field 4
// header 0x19, list header 0x00, then created_by (0x28, length 9, "hyparquet"). Rewrite the list header
// as "0 elements of type struct" (0x0C).
const EMPTY_ROW_GROUPS = Buffer.from([0x19, 0x00, 0x28, 0x09, ...Buffer.from("hyparquet")]);

function markEmptyRowGroupList(bytes: ByteWriter): void {
  const footer = Buffer.from(bytes.buffer, 0, bytes.index);
  const at = footer.lastIndexOf(EMPTY_ROW_GROUPS);
  if (at < 0) throw new Error("unexpected Parquet footer layout from hyparquet-writer");
  footer[at + 1] = 0x0c;
}

export class ParquetEncoder implements RowEncoder {
  private readonly columns: Column[];
  private readonly rowGroupRows: number;
  private readonly bytes = new ByteWriter(1 << 16);
  private readonly parquet: ParquetWriter;
  private buffered: unknown[][];
  private rows = 0;

  constructor(schema: SchemaInput, options: { rowGroupRows?: number } = {}) {
    // Without declared properties every column would be a guess; Parquet needs its schema up front.
    this.columns = columnsOf(fieldTree(schema), true);
    if (this.columns.length === 0) throw new UnsupportedFormatError("parquet", "Parquet output needs a schema that declares properties (columns are typed up front)");
    this.rowGroupRows = Math.max(1, Math.floor(options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS));
    this.parquet = new ParquetWriter({ writer: this.bytes, schema: parquetSchema(this.columns) });
    this.buffered = this.columns.map(() => []);
  }

  write(row: Row, sink: ChunkSink): void {
    this.rows++;
    for (let i = 0; i < this.columns.length; i++) {
      const column = this.columns[i];
      try {
        this.buffered[i].push(physicalValue(column.kind, valueAt(row, column.path), column.nullable));
      } catch (error) {
        throw new UnencodableValueError("parquet", this.rows, column.name, (error as Error).message);
      }
    }
    if (this.buffered[0].length >= this.rowGroupRows) this.flushGroup(sink);
  }

  end(sink: ChunkSink): void {
    if (this.buffered[0].length > 0) this.flushGroup(sink);
    void this.parquet.finish();
    if (this.rows === 0) markEmptyRowGroupList(this.bytes);
    this.drain(sink);
  }

  private flushGroup(sink: ChunkSink): void {
    const columnData = this.columns.map((c, i) => ({ name: c.name, data: this.buffered[i] }));
    void this.parquet.write({ columnData, rowGroupSize: this.buffered[0].length });
    this.buffered = this.columns.map(() => []);
    this.drain(sink);
  }

  /** Hands the bytes encoded so far to the sink and rewinds the buffer (the file offset keeps counting). */
  private drain(sink: ChunkSink): void {
    sink.bytes(new Uint8Array(this.bytes.buffer, 0, this.bytes.index).slice());
    this.bytes.index = 0;
  }
}
