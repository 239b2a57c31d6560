// Parquet reader over hyparquet, one row group at a time. A file path or a RangeSource is read by ranges
// (bounded memory); a stream must be buffered whole (Parquet's index is at the end), up to
// MAX_BUFFERED_PARQUET_BYTES.
// DATE and TIMESTAMP columns come back as ISO 8601 text, INT64 as numbers (as text beyond 2^53),
// JSON columns parsed, dotted column names as nested objects.
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from "hyparquet";
import type { Row } from "../schema/types";
import { RowAssembler, HeaderConflictError } from "./assemble";
import type { FieldNode } from "./columns";
import { DataFormatError, InputTooLargeError } from "./errors";
import { byteChunks, isRangeSource, type DataSource } from "./source";

import { MAX_BUFFERED_PARQUET_BYTES } from "./limits";

const PARSERS = {
  dateFromDays: (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10),
  timestampFromMilliseconds: (millis: bigint) => new Date(Number(millis)).toISOString(),
  timestampFromMicroseconds: (micros: bigint) => new Date(Number(micros / 1000n)).toISOString(),
  timestampFromNanoseconds: (nanos: bigint) => new Date(Number(nanos / 1_000_000n)).toISOString(),
};

/** Plain JSON-like values: bigints as numbers (or text when unsafe), typed arrays as arrays. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : String(value);
  }
  if (value === null || typeof value !== "object") return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<unknown>, plain);
  if (Array.isArray(value)) return value.map(plain);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}

async function asyncBufferOf(source: DataSource): Promise<AsyncBuffer> {
  if (typeof source === "string") return asyncBufferFromFile(source);
  if (isRangeSource(source)) return source;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of byteChunks(source)) {
    size += chunk.byteLength;
    if (size > MAX_BUFFERED_PARQUET_BYTES) {
      throw new InputTooLargeError("parquet", MAX_BUFFERED_PARQUET_BYTES, "a Parquet stream is buffered whole: pass a file path instead");
    }
    chunks.push(chunk);
  }
  const whole = Buffer.concat(chunks);
  const buffer = whole.buffer.slice(whole.byteOffset, whole.byteOffset + whole.byteLength) as ArrayBuffer;
  return { byteLength: buffer.byteLength, slice: (start, end) => buffer.slice(start, end) };
}

export async function* readParquet(source: DataSource, tree: FieldNode[] | undefined): AsyncGenerator<Row> {
  const file = await asyncBufferOf(source);
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new DataFormatError("parquet", `not a readable Parquet file (${(error as Error).message})`);
  }
  const topLevel = topLevelNames(metadata);
  let assembler: RowAssembler;
  try {
    assembler = new RowAssembler(topLevel, tree, plain);
  } catch (error) {
    if (error instanceof HeaderConflictError) throw new DataFormatError("parquet", error.message);
    throw error;
  }
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let cells: unknown[][];
    try {
      cells = await readRowGroupCells(file, metadata, topLevel, rowStart, rowEnd);
    } catch (error) {
      throw new DataFormatError("parquet", `row group at row ${rowStart + 1} is unreadable (${(error as Error).message})`, { row: rowStart + 1 });
    }
    for (const row of cells) yield assembler.assemble(row.map((value) => plain(value) ?? null));
    rowStart = rowEnd;
  }
}

/**
 * One row group as arrays of top-level cells, in `columns` order. Arrays, not hyparquet's row objects:
 * those are built by assignment, so a column named "__proto__" would set a prototype instead of a value.
 */
function readRowGroupCells(file: AsyncBuffer, metadata: FileMetaData, columns: string[], rowStart: number, rowEnd: number): Promise<unknown[][]> {
  return new Promise((onComplete, reject) => {
    parquetRead({ file, metadata, rowStart, rowEnd, parsers: PARSERS, columns, rowFormat: "array", onComplete: onComplete as (rows: unknown) => void })
      .catch(reject);
  });
}

/** Names of the root's children: flat columns, or whole groups (structs, lists) from other writers. */
function topLevelNames(metadata: FileMetaData): string[] {
  const names: string[] = [];
  const schema = metadata.schema;
  let i = 1;
  const skip = (): void => {
    const children = schema[i++].num_children ?? 0;
    for (let c = 0; c < children; c++) skip();
  };
  while (i < schema.length) {
    names.push(schema[i].name);
    skip();
  }
  return names;
}
