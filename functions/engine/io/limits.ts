// Defaults and caps of the IO layer in one place.

/** Target size of the byte chunks writers emit. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024;
/** SQL: table created and filled. */
export const DEFAULT_TABLE_NAME = "synthetic_data";
/** SQL: rows per INSERT statement. */
export const DEFAULT_INSERT_BATCH_ROWS = 500;
/** Parquet: rows per row group (the writer holds one group in memory). */
export const DEFAULT_ROW_GROUP_ROWS = 100_000;
/** JSONL / JSON: longest line or array element a reader holds. */
export const MAX_RECORD_CHARS = 64 * 1024 * 1024;
/** CSV: longest field a reader holds. */
export const MAX_FIELD_CHARS = 16 * 1024 * 1024;
/** Parquet: largest stream the reader buffers whole (a file path or RangeSource has no such cap). */
export const MAX_BUFFERED_PARQUET_BYTES = 512 * 1024 * 1024;
