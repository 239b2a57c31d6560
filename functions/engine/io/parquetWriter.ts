// Parquet: rows are buffered into typed column stores (parquetColumns.ts) until a row group is full, then
// the group is encoded and its bytes leave at once, so memory is bounded by one row group. Columns are
// typed from the schema: nested objects with declared properties become dotted flat columns
// ("address.city"), other objects and arrays JSON text; date and date-time strings are DATE and
// TIMESTAMP(MILLIS, UTC) (so sub-millisecond digits and the original offset are not kept).
// A file can be written in segments (one per shard, on any thread): each segment encodes its own row
// groups with offsets from its own start, and `parquetFooter` indexes them all once their sizes are known.
import type { ColumnChunk, FileMetaData, RowGroup, SchemaElement } from "hyparquet";
import { ByteWriter } from "hyparquet-writer";
import { writeMetadata } from "hyparquet-writer/src/metadata.js";
import type { Row, SchemaInput } from "../schema/types";
import type { ChunkSink } from "./chunks";
import { columnsOf, fieldTree, type Column, type ValueKind } from "./columns";
import { accessorSource, compileRowFunction } from "./compiled";
import type { RowEncoder, Segment } from "./encoder";
import { UnencodableValueError, UnsupportedFormatError } from "./errors";
import { DEFAULT_ROW_GROUP_ROWS } from "./limits";
import { BooleanStore, ColumnStore, ColumnValueError, NumberStore, PageOutput, TextStore } from "./parquetColumns";

/** Recorded in the footer's created_by. */
const CREATED_BY = "sdga";
const MAGIC = Buffer.from("PAR1");

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

/** The columns of a Parquet file for `schema`; throws when the schema declares none. */
export function parquetColumns(schema: SchemaInput): Column[] {
  // Without declared properties every column would be a guess; Parquet needs its schema up front.
  const columns = columnsOf(fieldTree(schema), true);
  if (columns.length === 0) throw new UnsupportedFormatError("parquet", "Parquet output needs a schema that declares properties (columns are typed up front)");
  return columns;
}

/** Row groups of one segment, with offsets counted from the segment's first byte. */
export interface ParquetSegmentMeta {
  bytes: number;
  rowGroups: RowGroup[];
}

function storeFor(column: Column, element: SchemaElement, capacity: number): ColumnStore {
  const path = [column.name];
  switch (column.kind) {
    case "boolean": return new BooleanStore(element, path, column.nullable, capacity);
    case "string": return new TextStore(element, path, column.nullable, capacity, false);
    case "json": return new TextStore(element, path, column.nullable, capacity, true);
    default: return new NumberStore(element, path, column.nullable, capacity, column.kind);
  }
}

/** Pushes one row's values into the stores (`ctx`): one generated function for all columns. */
function compilePush(columns: Column[], stores: ColumnStore[]): (row: unknown) => void {
  const body = columns.map((c, i) => `  ctx[${i}].push(${accessorSource(c.path)});`).join("\n");
  const push = compileRowFunction<void, ColumnStore[]>(body, {});
  return (row) => push(row, stores);
}

/**
 * The column stores of the last encoder that ended on this thread, by its columns: the next encoder of the
 * same columns (a worker's next shard) takes them with the memory they grew to, instead of growing new ones
 * while the last shard's wait for the garbage collector (their text alone is ~16 MB of buffers allocated
 * per 100,000-row shard of the benchmark record). One set is kept, so an idle thread holds one row group's
 * worth at most.
 */
let idleStores: { key: string; stores: ColumnStore[] } | undefined;

export class ParquetEncoder implements RowEncoder {
  private readonly columns: Column[];
  private readonly storesKey: string;
  private ended = false;
  private readonly elements: SchemaElement[];
  private readonly rowGroupRows: number;
  private readonly stores: ColumnStore[];
  private readonly push: (row: unknown) => void;
  private readonly out = new PageOutput();
  private readonly segment: Segment | undefined;
  private readonly rowGroups: RowGroup[] = [];
  private buffered = 0;
  private rows = 0;
  /** "PAR1" is still to be written (the first segment opens the file). */
  private magic: boolean;

  /** `segment` makes this one segment of a larger file (no footer: see `parquetFooter`); without it, the whole file. */
  constructor(schema: SchemaInput, options: { rowGroupRows?: number; segment?: Segment } = {}) {
    this.columns = parquetColumns(schema);
    this.elements = parquetSchema(this.columns);
    this.rowGroupRows = Math.max(1, Math.floor(options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS));
    const capacity = Math.min(this.rowGroupRows, 4096);
    this.storesKey = JSON.stringify(this.columns);
    if (idleStores?.key === this.storesKey) {
      this.stores = idleStores.stores;
      idleStores = undefined;
    } else {
      this.stores = this.columns.map((c, i) => storeFor(c, this.elements[i + 1], capacity));
    }
    this.push = compilePush(this.columns, this.stores);
    this.segment = options.segment;
    this.magic = (this.segment?.firstRow ?? 0) === 0;
  }

  write(row: Row, sink: ChunkSink): void {
    if (this.ended) throw new Error("Parquet encoder: write after end");
    this.rows++;
    try {
      this.push(row);
    } catch (error) {
      if (!(error instanceof ColumnValueError)) throw error;
      // The stores that took a value of this row are ahead of the others; the stream ends here anyway.
      const at = this.stores.findIndex((s) => s.rows < this.buffered + 1);
      const column = this.columns[Math.max(0, at)].name;
      throw new UnencodableValueError("parquet", (this.segment?.firstRow ?? 0) + this.rows, column, error.message);
    }
    if (++this.buffered >= this.rowGroupRows) this.flushGroup(sink);
  }

  end(sink: ChunkSink): void {
    if (this.ended) throw new Error("Parquet encoder: end after end");
    if (this.buffered > 0) this.flushGroup(sink);
    this.to(sink, () => {
      if (!this.segment) this.out.append(parquetFooter(this.columns, [{ bytes: this.out.offset, rowGroups: this.rowGroups }]), true);
    });
    // Every store was encoded and reset with its row group: they hold nothing of this file.
    this.ended = true;
    idleStores = { key: this.storesKey, stores: this.stores };
  }

  segmentMeta(): ParquetSegmentMeta {
    return { bytes: this.out.offset, rowGroups: this.rowGroups };
  }

  /** Runs `write` with the output going to `sink` (opening the file first when this segment does). */
  private to(sink: ChunkSink, write: () => void): void {
    this.out.sink = sink;
    try {
      if (this.magic) {
        this.magic = false;
        this.out.append(MAGIC, false);
      }
      write();
      this.out.flush();
    } finally {
      this.out.sink = undefined;
    }
  }

  private flushGroup(sink: ChunkSink): void {
    this.to(sink, () => this.encodeGroup());
  }

  private encodeGroup(): void {
    const start = this.out.offset;
    const columns: ColumnChunk[] = this.stores.map((store) => {
      const chunk = store.encode(this.out);
      store.reset();
      return chunk;
    });
    let uncompressed = 0n;
    for (const c of columns) uncompressed += c.meta_data!.total_uncompressed_size;
    this.rowGroups.push({
      columns, total_byte_size: uncompressed, num_rows: BigInt(this.buffered),
      file_offset: BigInt(start), total_compressed_size: BigInt(this.out.offset - start),
    });
    this.buffered = 0;
  }
}

const shift = (value: bigint | undefined, by: bigint) => (value === undefined ? undefined : value + by);

/**
 * The end of a Parquet file written as `segments` in order (the first one starting with "PAR1"): the
 * footer that indexes every row group, its length and "PAR1".
 */
export function parquetFooter(columns: Column[], segments: ParquetSegmentMeta[]): Uint8Array {
  const rowGroups: RowGroup[] = [];
  let base = 0n;
  let rows = 0n;
  for (const segment of segments) {
    for (const group of segment.rowGroups) {
      rows += group.num_rows;
      rowGroups.push({
        ...group,
        file_offset: shift(group.file_offset, base),
        columns: group.columns.map((c) => ({
          ...c,
          file_offset: c.file_offset + base,
          meta_data: c.meta_data && {
            ...c.meta_data,
            data_page_offset: c.meta_data.data_page_offset + base,
            dictionary_page_offset: shift(c.meta_data.dictionary_page_offset, base),
          },
        })),
      });
    }
    base += BigInt(segment.bytes);
  }
  const metadata: FileMetaData = {
    version: 1, created_by: CREATED_BY, schema: parquetSchema(columns), num_rows: rows, row_groups: rowGroups, metadata_length: 0,
  };
  // @ts-expect-error metadata_length is what the reader derives; it is not written
  delete metadata.metadata_length;
  const out = new ByteWriter(1 << 12);
  writeMetadata(out, metadata as Parameters<typeof writeMetadata>[1]); // hyparquet-writer's own copy of hyparquet's types
  out.appendUint32(0x31524150); // PAR1
  const bytes = new Uint8Array(out.buffer, 0, out.index).slice();
  if (rowGroups.length === 0) markEmptyRowGroupList(bytes);
  return bytes;
}

// hyparquet-writer 0.17.0 writes an empty Thrift list with element type 0, which strict readers
// (arrow-rs, hence parquet-wasm and polars) reject: "Expected list element type of Struct". The only
// empty list in our footer is `row_groups` of a file with no rows. Its bytes are fixed: field 4 header
// 0x19, list header 0x00, then created_by (field 6: 0x28, its length, the text). Rewrite the list
// header as "0 elements of type struct" (0x0C).
const EMPTY_ROW_GROUPS = Buffer.from([0x19, 0x00, 0x28, CREATED_BY.length, ...Buffer.from(CREATED_BY)]);

function markEmptyRowGroupList(footer: Uint8Array): void {
  const at = Buffer.from(footer.buffer, footer.byteOffset, footer.byteLength).lastIndexOf(EMPTY_ROW_GROUPS);
  if (at < 0) throw new Error("unexpected Parquet footer layout from hyparquet-writer");
  footer[at + 1] = 0x0c;
}
