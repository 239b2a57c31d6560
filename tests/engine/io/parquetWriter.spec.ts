import { strict as assert } from "node:assert";
import { tableFromIPC } from "apache-arrow";
import { parquetMetadata } from "hyparquet";
import { readParquet } from "parquet-wasm";
import { writeRows } from "../../../functions/engine/io";
import type { Row } from "../../../functions/engine/schema/types";
import { SCHEMA, collect, hostileRows } from "./helpers";

/** Rows of a Parquet file as parquet-wasm (Rust arrow-rs) and apache-arrow see them. */
function readWithArrow(bytes: Buffer) {
  const table = tableFromIPC(readParquet(new Uint8Array(bytes)).intoIPCStream());
  return { table, rows: table.toArray().map((r) => r.toJSON() as Record<string, unknown>) };
}

describe("io: Parquet writer (read back with parquet-wasm + apache-arrow)", () => {
  it("typed columns: INT64, UTF8, DOUBLE, BOOLEAN, DATE, TIMESTAMP, dotted nested columns, JSON arrays", async () => {
    const rows = hostileRows();
    const bytes = await collect(writeRows("parquet", SCHEMA, rows, { rowGroupRows: 5 }));
    const { table, rows: read } = readWithArrow(bytes);
    assert.deepEqual(table.schema.fields.map((f) => `${f.name}:${f.type}:${f.nullable ? "null" : "req"}`), [
      "id:Int64:req", "name:Utf8:req", "score:Float64:null", "active:Bool:req", "born:Date32<DAY>:req",
      "seen_at:Timestamp<MILLISECOND, UTC>:null", "address.street:Utf8:req", "address.city:Utf8:null", "tags:Utf8:req",
    ]);
    assert.equal(read.length, rows.length);
    read.forEach((got, i) => {
      const row = rows[i];
      const address = row.address as Row;
      assert.deepEqual({
        id: Number(got.id),
        name: got.name,
        score: got.score,
        active: got.active,
        born: new Date(got.born as number).toISOString().slice(0, 10),
        seen_at: got.seen_at === null ? null : new Date(got.seen_at as number).toISOString(),
        address: { street: got["address.street"], city: got["address.city"] },
        tags: JSON.parse(got.tags as string),
      }, { ...row, address: { street: address.street, city: address.city } });
    });
    assert.deepEqual(parquetMetadata(new Uint8Array(bytes).buffer).row_groups.map((g) => Number(g.num_rows)), [5, 5, 4]);
  });

  it("an empty data set is a valid file with the columns and no rows", async () => {
    const bytes = await collect(writeRows("parquet", SCHEMA, []));
    const { table } = readWithArrow(bytes);
    assert.equal(table.numRows, 0);
    assert.equal(table.schema.fields.length, 9);
  });

  it("a value the column cannot hold is a named error with row and column", async () => {
    const bad = { ...hostileRows()[0], id: 1.5 };
    await assert.rejects(collect(writeRows("parquet", SCHEMA, [hostileRows()[1], bad])),
      (error: Error) => error.name === "UnencodableValueError" && /row 2, column "id"/.test(error.message));
    await assert.rejects(collect(writeRows("parquet", SCHEMA, [{ ...hostileRows()[0], name: null }])),
      (error: Error) => error.name === "UnencodableValueError" && /column "name": a value is required/.test(error.message));
  });

  it("a schema without declared properties is refused up front", () => {
    assert.throws(() => writeRows("parquet", { type: "object" }, []), { name: "UnsupportedFormatError", message: /declares properties/ });
  });
});

describe("io: writers are deterministic", () => {
  for (const format of ["jsonl", "json", "csv", "sql", "parquet"] as const) {
    it(`${format}: identical rows give identical bytes`, async () => {
      const many = Array.from({ length: 700 }, (_, i) => ({ ...hostileRows()[i % 14], id: i }));
      const a = await collect(writeRows(format, SCHEMA, many, { rowGroupRows: 300, chunkBytes: 1000 }));
      const b = await collect(writeRows(format, SCHEMA, structuredClone(many), { rowGroupRows: 300 }));
      assert.ok(a.length > 0 && a.equals(b));
    });
  }
});
