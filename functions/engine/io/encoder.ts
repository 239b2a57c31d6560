// The one interface every output format implements: turn rows into bytes, pushed into a sink.
import type { Row } from "../schema/types";
import type { ChunkSink } from "./chunks";
import { UnencodableValueError } from "./errors";

export interface RowEncoder {
  /** Encodes one row (some formats hold rows back, e.g. Parquet until a row group is full). */
  write(row: Row, sink: ChunkSink): void;
  /** Writes whatever the format needs at the end (closing bracket, last batch, footer). */
  end(sink: ChunkSink): void;
}

/** JSON text of a row, with a named error instead of a bare TypeError (BigInt, cycles). */
export function stringifyRow(format: string, row: Row, rowNumber: number): string {
  try {
    return JSON.stringify(row);
  } catch (error) {
    throw new UnencodableValueError(format, rowNumber, undefined, `not representable as JSON (${(error as Error).message})`);
  }
}

