// Where the validator gets rows from a file: the IO engine's readers, with the format taken from the
// file name when the caller does not give one.
import { READABLE_FORMATS, readRows, type ReadableFormat } from "../io";
import type { JsonSchemaObject, Row } from "../schema/types";

export { READABLE_FORMATS, type ReadableFormat };

/** The format a file name implies (`.ndjson` is JSONL), or undefined. */
export function formatFromPath(path: string): ReadableFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === "ndjson") return "jsonl";
  return READABLE_FORMATS.find((f) => f === ext);
}

/** The rows of a data file, streamed (CSV and Parquet cells typed by the schema). */
export function rowsFromFile(format: ReadableFormat, path: string, schema: JsonSchemaObject): AsyncIterable<Row> {
  return readRows(format, path, schema);
}
