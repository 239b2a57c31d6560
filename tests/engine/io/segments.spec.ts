import { strict as assert } from "node:assert";
import { tableFromIPC } from "apache-arrow";
import { parquetMetadata } from "hyparquet";
import { readParquet } from "parquet-wasm";
import { canWriteInSegments, ChunkBatcher, createEncoder, finishSegments, readRows, writeRows } from "../../../functions/engine/io";
import type { OutputFormat, Row } from "../../../functions/engine/schema/types";
import { SCHEMA, collect, hostileRows } from "./helpers";

/** `rows` cut at `cuts` into segments, each through its own encoder, joined, then the file's closing. */
function inSegments(format: OutputFormat, rows: Row[], cuts: number[], options: { insertBatchRows?: number; rowGroupRows?: number } = {}): Buffer {
  const bounds = [0, ...cuts, rows.length];
  const parts: Buffer[] = [];
  const metas: unknown[] = [];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const encoder = createEncoder(format, SCHEMA, { ...options, segment: { firstRow: bounds[s], last: s + 2 === bounds.length } });
    const batch = new ChunkBatcher(97);
    for (const row of rows.slice(bounds[s], bounds[s + 1])) encoder.write(row, batch);
    encoder.end(batch);
    batch.flush();
    parts.push(...batch.take());
    metas.push(encoder.segmentMeta?.());
  }
  parts.push(finishSegments(format, SCHEMA, metas));
  return Buffer.concat(parts);
}

const many = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ ...hostileRows()[i % 14], id: i }));

describe("io: a file written in segments", () => {
  for (const format of ["jsonl", "json", "csv", "sql"] as const) {
    it(`${format}: the segments joined are the bytes one encoder writes (SQL batches straddle the cuts)`, async () => {
      const rows = many(1_234);
      for (const cuts of [[], [1], [500], [333, 334, 1_000], [7, 600, 1_233]]) {
        const whole = await collect(writeRows(format, SCHEMA, rows, { insertBatchRows: 100 }));
        assert.ok(inSegments(format, rows, cuts, { insertBatchRows: 100 }).equals(whole), `${format} cut at ${cuts.join(",")}`);
      }
    });
  }

  it("json and sql with no rows at all: one empty segment is the whole empty file", async () => {
    for (const format of ["json", "sql", "csv"] as const) {
      assert.ok(inSegments(format, [], []).equals(await collect(writeRows(format, SCHEMA, []))), format);
    }
  });

  it("parquet: one file whose row groups stop at the cuts, read back whole by hyparquet and by arrow-rs", async () => {
    const rows = many(1_000);
    const bytes = inSegments("parquet", rows, [300, 301], { rowGroupRows: 200 });
    const groups = parquetMetadata(new Uint8Array(bytes).buffer).row_groups.map((g) => Number(g.num_rows));
    assert.deepEqual(groups, [200, 100, 1, 200, 200, 200, 99]);
    const read: Row[] = [];
    for await (const row of readRows("parquet", bytes, SCHEMA)) read.push(row);
    const direct: Row[] = [];
    for await (const row of readRows("parquet", await collect(writeRows("parquet", SCHEMA, rows)), SCHEMA)) direct.push(row);
    assert.deepEqual(read, direct);
    const table = tableFromIPC(readParquet(new Uint8Array(bytes)).intoIPCStream());
    assert.equal(table.numRows, 1_000);
    assert.deepEqual(table.toArray().map((r) => Number(r.toJSON().id)), rows.map((r) => r.id));
  });

  it("only a schema that declares its columns can be split for CSV, SQL and Parquet", () => {
    assert.equal(canWriteInSegments("csv", { type: "object" }), false);
    assert.equal(canWriteInSegments("sql", { type: "object" }), false);
    assert.equal(canWriteInSegments("jsonl", { type: "object" }), true);
    assert.equal(canWriteInSegments("csv", SCHEMA), true);
    assert.equal(finishSegments("jsonl", SCHEMA, [undefined]).length, 0);
  });

  it("an error in a later segment names the row of the whole file", () => {
    const encoder = createEncoder("csv", SCHEMA, { segment: { firstRow: 41, last: false } });
    assert.throws(() => encoder.write({ ...hostileRows()[0], tags: [1n] }, new ChunkBatcher()), { name: "UnencodableValueError", message: /row 42, column "tags"/ });
  });
});
