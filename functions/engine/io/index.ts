// Public API of the IO layer: streaming writers and readers for every output format.
//
// Writing. Bytes come out as a Node `Readable` (binary mode, chunks of about 64 KiB):
//   writeRows(format, schema, rows, options?) -> Readable
//     pulls rows from an Iterable or AsyncIterable only as fast as the stream is read; pipe it into a
//     file (`stream.pipeline(readable, fs.createWriteStream(path))`) or an S3 multipart upload
//     (`new Upload({ client, params: { Body: readable, ... } })`).
//   createWriter(format, schema, options?) -> RowWriter { readable, write(row): boolean, drained(), end() }
//     the push-style equivalent: when write() returns false, await drained() before writing more.
// Formats: jsonl, json (array), csv (RFC 4180, dotted headers for nested objects), sql (CREATE TABLE +
// batched INSERTs), parquet (typed columns, row groups). Identical rows give identical bytes.
// Segments: `createEncoder(format, schema, { segment: { firstRow, last } })` encodes one part of a file
// (one shard, on any thread); the parts joined in order, then `finishSegments(format, schema, metas)`
// (the Parquet footer; nothing for text), are byte for byte the file one encoder writes
// (`canWriteInSegments` says when a format and schema allow it).
// Columns (csv, sql, parquet) come from the schema's declared properties, in declared order; properties
// a row has beyond them are not written. Errors: UnencodableValueError (a value the format cannot hold,
// with row and column), UnsupportedFormatError (unknown format, SQL to read, Parquet without declared
// properties), InputTooLargeError (a Parquet stream beyond the buffering cap).
//
// Reading:
//   readRows(format, source, schema?) -> AsyncIterable<Row>
//     format jsonl | json | csv | parquet; source a Readable, bytes, or a file path. JSONL, JSON and CSV
//     stream with bounded memory; Parquet reads a row group at a time from a file path or a RangeSource
//     ({byteLength, slice(start, end)}, e.g. over S3 ranged GETs), and buffers a stream whole (capped). Malformed input raises DataFormatError with the line or row.
export {
  canWriteInSegments, createEncoder, createWriter, finishSegments, writeRows, type RowWriter, type WriterOptions,
} from "./writer";
export type { RowEncoder, Segment } from "./encoder";
export { ChunkBatcher, type ChunkSink } from "./chunks";
export { DataFormatError, InputTooLargeError, UnencodableValueError, UnsupportedFormatError } from "./errors";
export { columnsOf, fieldTree, type Column, type FieldNode, type ValueKind } from "./columns";
export { csvField, quoteCsv } from "./csvWriter";
export { quoteIdentifier, quoteSqlString, sqlLiteral } from "./sqlWriter";
export { readRows, READABLE_FORMATS, type ReadableFormat } from "./reader";
export type { DataSource, RangeSource } from "./source";
export * from "./limits";
