// readRows: one entry point for every readable format.
import type { OutputFormat, Row, SchemaInput } from "../schema/types";
import { fieldTree } from "./columns";
import { readCsv } from "./csvReader";
import { readJsonArray, readJsonl } from "./jsonReaders";
import { textChunks, type DataSource } from "./source";
import { UnsupportedFormatError } from "./errors";

export type ReadableFormat = Exclude<OutputFormat, "sql">;
export const READABLE_FORMATS: readonly ReadableFormat[] = ["jsonl", "json", "csv", "parquet"];

/**
 * The rows of a data set. `source` is a stream, bytes, or a file path. The schema, when given, types CSV
 * cells and says how dotted CSV/Parquet columns nest; JSON formats ignore it. Malformed input raises
 * DataFormatError naming the line (text formats) or row. SQL is write-only: UnsupportedFormatError.
 */
export function readRows(format: OutputFormat, source: DataSource, schema?: SchemaInput): AsyncIterable<Row> {
  const tree = schema === undefined ? undefined : fieldTree(schema);
  switch (format) {
    case "jsonl": return readJsonl(textChunks(source));
    case "json": return readJsonArray(textChunks(source));
    case "csv": return readCsv(textChunks(source), tree);
    case "parquet": { // loaded on first use, like the Parquet writer
      const { readParquet } = require("./parquetReader") as typeof import("./parquetReader");
      return readParquet(source, tree);
    }
    default: throw new UnsupportedFormatError(String(format), `cannot be read; readable formats: ${READABLE_FORMATS.join(", ")}`);
  }
}
