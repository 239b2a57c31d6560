// Public API of the IO layer: streaming writers and readers for every output format.
export { createEncoder, createWriter, writeRows, type RowWriter, type WriterOptions } from "./writer";
export type { RowEncoder } from "./encoder";
export { DataFormatError, UnencodableValueError } from "./errors";
export { columnsOf, fieldTree, type Column, type FieldNode, type ValueKind } from "./columns";
export { csvField, quoteCsv } from "./csvWriter";
export { DEFAULT_TABLE_NAME, quoteIdentifier, quoteSqlString, sqlLiteral } from "./sqlWriter";
export { DEFAULT_ROW_GROUP_ROWS, parquetSchema } from "./parquetWriter";
export { readRows, READABLE_FORMATS, type ReadableFormat } from "./reader";
export type { DataSource } from "./source";
export { MAX_RECORD_CHARS } from "./jsonReaders";
export { MAX_BUFFERED_PARQUET_BYTES } from "./parquetReader";
