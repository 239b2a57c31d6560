// The one interface every output format implements: turn rows into bytes, pushed into a sink.
import type { Row } from "../schema/types";
import type { ChunkSink } from "./chunks";
import { UnencodableValueError } from "./errors";

/**
 * Where the rows an encoder gets sit in the whole file, when a file is written as consecutive segments
 * (one per shard, possibly on different threads). A segment writes the file's opening only when it starts
 * at row 0 and its closing only when it is the last; its rows are numbered from `firstRow` (JSON commas,
 * SQL INSERT batches, error messages), so the segments joined in order are the bytes of the whole file.
 * Parquet is the exception: its footer indexes every segment, so `finishSegments` writes it.
 */
export interface Segment {
  /** Index of the segment's first row in the whole file. */
  firstRow: number;
  /** The segment ends the file. */
  last: boolean;
}

export const WHOLE_FILE: Segment = Object.freeze({ firstRow: 0, last: true });

export interface RowEncoder {
  /** Encodes one row (some formats hold rows back, e.g. Parquet until a row group is full). */
  write(row: Row, sink: ChunkSink): void;
  /** Writes whatever the format needs at the end (closing bracket, last batch, footer). */
  end(sink: ChunkSink): void;
  /**
   * After `end` of a segment encoder: what the file's closing needs to know about this segment (Parquet:
   * its row groups), to pass to `finishSegments`. Undefined for formats whose segments close themselves.
   */
  segmentMeta?(): unknown;
}

/** JSON text of a row, with a named error instead of a bare TypeError (BigInt, cycles). */
export function stringifyRow(format: string, row: Row, rowNumber: number): string {
  try {
    return JSON.stringify(row);
  } catch (error) {
    throw new UnencodableValueError(format, rowNumber, undefined, `not representable as JSON (${(error as Error).message})`);
  }
}
