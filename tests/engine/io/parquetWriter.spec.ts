import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import { tableFromIPC } from "apache-arrow";
import { parquetMetadata } from "hyparquet";
import { readParquet } from "parquet-wasm";
import { readRows, writeRows } from "../../../functions/engine/io";
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

  it("row groups of real size (pages of tens of KB) read back equal, by hyparquet and by arrow-rs", async () => {
    // Pages above the 16 KiB mark are handed on as they are; a copy that was a view once made every row
    // group repeat the last one's text.
    const schema = { type: "object", properties: { id: { type: "string" }, n: { type: "integer" }, x: { type: ["number", "null"] } }, required: ["id", "n", "x"] };
    const rows = Array.from({ length: 9_000 }, (_, i) => ({ id: `row-${i}-${"x".repeat(30)}`, n: i * 7, x: i % 5 === 0 ? null : i / 3 }));
    const bytes = await collect(writeRows("parquet", schema, rows, { rowGroupRows: 3_000 }));
    assert.deepEqual(parquetMetadata(new Uint8Array(bytes).buffer).row_groups.map((g) => Number(g.num_rows)), [3_000, 3_000, 3_000]);
    const read: Row[] = [];
    for await (const row of readRows("parquet", bytes, schema)) read.push(row);
    assert.deepEqual(read, rows);
    assert.deepEqual(readWithArrow(bytes).rows.map((r) => r.id), rows.map((r) => r.id));
  });

  it("dictionary pages for columns that repeat, PLAIN for unique ones, Snappy only where it shrinks the chunk", async () => {
    const schema = { type: "object", properties: { id: { type: "string" }, status: { type: "string" }, day: { type: "string", format: "date" } }, required: ["id", "status", "day"] };
    const rows = Array.from({ length: 5_000 }, (_, i) => ({
      id: createHash("md5").update(String(i)).digest("hex"), status: ["active", "pending", "closed"][i % 3], day: `2024-01-${String((i % 28) + 1).padStart(2, "0")}`,
    }));
    const meta = parquetMetadata(new Uint8Array(await collect(writeRows("parquet", schema, rows))).buffer);
    const chunk = (name: string) => meta.row_groups[0].columns.find((c) => c.meta_data?.path_in_schema[0] === name)!.meta_data!;
    assert.ok(!chunk("id").encodings.includes("RLE_DICTIONARY") && chunk("id").dictionary_page_offset === undefined);
    assert.ok(chunk("status").encodings.includes("RLE_DICTIONARY") && chunk("status").dictionary_page_offset !== undefined);
    assert.ok(chunk("day").encodings.includes("RLE_DICTIONARY"));
    // Bit-packed indexes of 3 values compress well; hex ids barely do.
    assert.equal(chunk("status").codec, "SNAPPY");
    assert.equal(chunk("id").codec, "UNCOMPRESSED");
  });

  it("string statistics are in UTF-8 byte order (astral characters after U+FFxx), integers beyond 2^53 are kept", async () => {
    const schema = { type: "object", properties: { s: { type: "string" }, big: { type: "integer" } }, required: ["s", "big"] };
    const rows = [{ s: "\uff21", big: 2n ** 60n }, { s: "😀", big: -(2n ** 62n) }, { s: "a", big: 1 }];
    const bytes = await collect(writeRows("parquet", schema, rows));
    const stats = parquetMetadata(new Uint8Array(bytes).buffer).row_groups[0].columns[0].meta_data!.statistics!;
    assert.equal(stats.min_value, "a");
    assert.equal(stats.max_value, "😀");
    const { table } = readWithArrow(bytes);
    assert.deepEqual(table.toArray().map((r) => String(r.toJSON().big)), [String(2n ** 60n), String(-(2n ** 62n)), "1"]);
    await assert.rejects(collect(writeRows("parquet", schema, [{ s: "x", big: 2n ** 64n }])),
      (error: Error) => error.name === "UnencodableValueError" && /row 1, column "big": integer out of the INT64 range/.test(error.message));
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

  it("parquet: an encoder that takes the column stores the last one left (grown, once in plain text mode) writes a fresh encoder's bytes", async () => {
    const rows = Array.from({ length: 900 }, (_, i) => ({ ...hostileRows()[i % 14], id: i, name: i % 3 ? `name ${i % 7}` : hostileRows()[i % 14].name }));
    // Another schema's file first, so the next encoder of SCHEMA finds no stores to take: fresh ones.
    await collect(writeRows("parquet", { type: "object", properties: { other: { type: "string" } } }, [{ other: "x" }]));
    const fresh = await collect(writeRows("parquet", SCHEMA, rows, { rowGroupRows: 250 }));
    // Stores grown by long distinct text (their dictionaries given up), then taken by the next encoder.
    const distinct = Array.from({ length: 3000 }, (_, i) => ({ ...hostileRows()[i % 14], id: i, name: `distinct ${i} `.repeat(20) }));
    await collect(writeRows("parquet", SCHEMA, distinct, { rowGroupRows: 2000 }));
    const reused = await collect(writeRows("parquet", SCHEMA, rows, { rowGroupRows: 250 }));
    assert.ok(fresh.length > 0);
    assert.equal(reused.toString("hex"), fresh.toString("hex"));
  });
});
