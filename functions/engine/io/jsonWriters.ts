// JSON Lines (one object per line) and a JSON array (valid JSON for any row count, "[]" for none).
// Rows go through V8's own JSON.stringify. Measured on the 10-field benchmark record (Node 20): it is as
// fast as fast-json-stringify and as a serialiser compiled from the schema (constant property names,
// escape checks on strings, a shortcut for numbers in cents, a for-in shape check), and the compiled text
// (a rope of twenty pieces per row) costs more memory on its way out; it also keeps the row's own
// property order, which a schema-ordered serialiser would not (fast-json-stringify writes schema order
// and picks anyOf branches by validation, which would change bytes).
import type { Row } from "../schema/types";
import type { ChunkSink } from "./chunks";
import { stringifyRow, WHOLE_FILE, type RowEncoder, type Segment } from "./encoder";

export class JsonlEncoder implements RowEncoder {
  private row: number;
  constructor(segment: Segment = WHOLE_FILE) {
    this.row = segment.firstRow;
  }
  write(row: Row, sink: ChunkSink): void {
    sink.text(stringifyRow("jsonl", row, ++this.row) + "\n");
  }
  end(): void {}
}

/** Writes `[`, one row per line separated by commas, then `]`. */
export class JsonArrayEncoder implements RowEncoder {
  private row: number;
  constructor(private readonly segment: Segment = WHOLE_FILE) {
    this.row = segment.firstRow;
  }
  write(row: Row, sink: ChunkSink): void {
    const text = stringifyRow("json", row, ++this.row);
    sink.text((this.row === 1 ? "[\n" : ",\n") + text);
  }
  end(sink: ChunkSink): void {
    if (this.segment.last) sink.text(this.row === 0 ? "[]\n" : "\n]\n");
  }
}
