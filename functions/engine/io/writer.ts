// Streaming writers. Bytes leave as a Node `Readable`; memory stays flat whatever the row count:
// `writeRows` pulls rows only as fast as the reader of its stream consumes bytes, and `createWriter`
// reports back-pressure the way Node's own writable streams do.
import { Readable } from "node:stream";
import type { OutputFormat, Row, SchemaInput } from "../schema/types";
import { ChunkBatcher } from "./chunks";
import { CsvEncoder } from "./csvWriter";
import { fieldTree } from "./columns";
import type { RowEncoder, Segment } from "./encoder";
import { UnsupportedFormatError } from "./errors";
import { JsonArrayEncoder, JsonlEncoder } from "./jsonWriters";
import { DEFAULT_CHUNK_BYTES } from "./limits";
import { SqlEncoder } from "./sqlWriter";

export interface WriterOptions {
  /** Target size of the byte chunks a stream emits. @default 65536 */
  chunkBytes?: number;
  /** SQL: name of the table to create and fill. @default "synthetic_data" */
  tableName?: string;
  /** SQL: rows per INSERT statement. @default 500 */
  insertBatchRows?: number;
  /** Parquet: rows per row group. @default 100000 */
  rowGroupRows?: number;
  /**
   * Encode one segment of a larger file (see `Segment`): the segments' bytes joined in order, followed by
   * `finishSegments`, are the file. @default the whole file
   */
  segment?: Segment;
}

/** Push-style writer: write rows, read bytes from `readable`. */
export interface RowWriter {
  /** The encoded bytes. Consume it (pipe it) while writing. */
  readonly readable: Readable;
  /** Encodes one row. Returns false when the reader is behind: await `drained()` before writing more. */
  write(row: Row): boolean;
  /** Resolves when the reader wants more bytes. */
  drained(): Promise<void>;
  /** Writes the format's ending and closes `readable`. */
  end(): void;
}

const ENCODERS: Record<OutputFormat, (schema: SchemaInput, options: WriterOptions) => RowEncoder> = {
  jsonl: (_schema, options) => new JsonlEncoder(options.segment),
  json: (_schema, options) => new JsonArrayEncoder(options.segment),
  csv: (schema, options) => new CsvEncoder(schema, options.segment),
  sql: (schema, options) => new SqlEncoder(schema, options),
  // Loaded on first use: the Parquet libraries add ~50 ms to every start-up (the CLI pays it per call).
  parquet: (schema, options) => {
    const { ParquetEncoder } = require("./parquetWriter") as typeof import("./parquetWriter");
    return new ParquetEncoder(schema, options);
  },
};

/** The encoder of one output format (the pure part of a writer, without a stream). */
export function createEncoder(format: OutputFormat, schema: SchemaInput, options: WriterOptions = {}): RowEncoder {
  const make = ENCODERS[format] as (typeof ENCODERS)[OutputFormat] | undefined;
  if (!make) throw new UnsupportedFormatError(String(format), `unknown output format; expected one of ${Object.keys(ENCODERS).join(", ")}`);
  return make(schema, options);
}

/**
 * True when a file of `format` for `schema` can be written as segments by separate encoders: every format
 * whose columns the schema declares (CSV and SQL without declared properties take theirs from the first
 * row, which only the first segment sees).
 */
export function canWriteInSegments(format: OutputFormat, schema: SchemaInput): boolean {
  return format === "jsonl" || format === "json" || fieldTree(schema).length > 0;
}

/**
 * The bytes that end a file written as segments, from each segment encoder's `segmentMeta()` in order:
 * the footer for Parquet, nothing for the text formats (their last segment closes them).
 */
export function finishSegments(format: OutputFormat, schema: SchemaInput, metas: unknown[]): Buffer {
  if (format !== "parquet") return Buffer.alloc(0);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parquetColumns, parquetFooter } = require("./parquetWriter") as typeof import("./parquetWriter");
  const footer = parquetFooter(parquetColumns(schema), metas as import("./parquetWriter").ParquetSegmentMeta[]);
  return Buffer.from(footer.buffer, footer.byteOffset, footer.byteLength);
}

export function createWriter(format: OutputFormat, schema: SchemaInput, options: WriterOptions = {}): RowWriter {
  const encoder = createEncoder(format, schema, options);
  const batch = new ChunkBatcher(options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  let waiting: (() => void)[] = [];
  const release = () => {
    const resolve = waiting;
    waiting = [];
    resolve.forEach((r) => r());
  };
  // The reader asking for more, or going away, ends a wait (a writer must never hang on a dead stream).
  const readable = new Readable({ read: release });
  readable.once("close", release);
  const pushReady = () => {
    let more = true;
    for (const chunk of batch.take()) more = readable.push(chunk);
    return more && readable.readableLength < readable.readableHighWaterMark;
  };
  return {
    readable,
    write(row) {
      encoder.write(row, batch);
      return batch.hasReady ? pushReady() : true;
    },
    drained() {
      if (readable.destroyed || readable.readableLength < readable.readableHighWaterMark) return Promise.resolve();
      return new Promise((resolve) => waiting.push(resolve));
    },
    end() {
      encoder.end(batch);
      batch.flush();
      pushReady();
      readable.push(null);
    },
  };
}

/**
 * The bytes of `rows` in `format`, as a stream that pulls rows on demand (pipe it into a file or an S3
 * upload). A synchronous iterable is encoded without an await per row. An error thrown while encoding
 * (or by the row source) destroys the stream with that error.
 */
export function writeRows(
  format: OutputFormat,
  schema: SchemaInput,
  rows: Iterable<Row> | AsyncIterable<Row>,
  options: WriterOptions = {},
): Readable {
  const encoder = createEncoder(format, schema, options);
  const batch = new ChunkBatcher(options.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const chunks = Symbol.asyncIterator in rows
    ? encodeAsync(encoder, batch, rows as AsyncIterable<Row>)
    : encodeSync(encoder, batch, rows as Iterable<Row>);
  return Readable.from(chunks, { objectMode: false });
}

function* encodeSync(encoder: RowEncoder, batch: ChunkBatcher, rows: Iterable<Row>): Generator<Buffer> {
  for (const row of rows) {
    encoder.write(row, batch);
    if (batch.hasReady) yield* batch.take();
  }
  encoder.end(batch);
  batch.flush();
  yield* batch.take();
}

async function* encodeAsync(encoder: RowEncoder, batch: ChunkBatcher, rows: AsyncIterable<Row>): AsyncGenerator<Buffer> {
  for await (const row of rows) {
    encoder.write(row, batch);
    if (batch.hasReady) yield* batch.take();
  }
  encoder.end(batch);
  batch.flush();
  yield* batch.take();
}
