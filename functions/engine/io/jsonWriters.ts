// JSON Lines (one object per line) and a JSON array (valid JSON for any row count, "[]" for none).
import type { Row } from "../schema/types";
import type { ChunkSink } from "./chunks";
import { stringifyRow, type RowEncoder } from "./encoder";

export class JsonlEncoder implements RowEncoder {
  private rows = 0;
  write(row: Row, sink: ChunkSink): void {
    sink.text(stringifyRow("jsonl", row, ++this.rows) + "\n");
  }
  end(): void {}
}

/** Writes `[`, one row per line separated by commas, then `]`. */
export class JsonArrayEncoder implements RowEncoder {
  private rows = 0;
  write(row: Row, sink: ChunkSink): void {
    const text = stringifyRow("json", row, ++this.rows);
    sink.text((this.rows === 1 ? "[\n" : ",\n") + text);
  }
  end(sink: ChunkSink): void {
    sink.text(this.rows === 0 ? "[]\n" : "\n]\n");
  }
}
