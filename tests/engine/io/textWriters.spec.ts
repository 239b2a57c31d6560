import { strict as assert } from "node:assert";
import { parse as parseCsv } from "csv-parse/sync";
import { createWriter, writeRows } from "../../../functions/engine/io";
import type { Row } from "../../../functions/engine/schema/types";
import { SCHEMA, collect, hostileRows } from "./helpers";

describe("io: JSONL, JSON and CSV writers", () => {
  const rows = hostileRows();

  it("JSONL: one JSON.parse-able object per line, equal to the rows", async () => {
    const text = (await collect(writeRows("jsonl", SCHEMA, rows))).toString("utf8");
    assert.ok(text.endsWith("\n"));
    const lines = text.slice(0, -1).split("\n");
    assert.deepEqual(lines.map((l) => JSON.parse(l)), rows);
  });

  it("JSON: a valid array for many, one and zero rows", async () => {
    for (const data of [rows, rows.slice(0, 1), []]) {
      const text = (await collect(writeRows("json", SCHEMA, data))).toString("utf8");
      assert.deepEqual(JSON.parse(text), data);
    }
    assert.equal((await collect(writeRows("json", SCHEMA, []))).toString(), "[]\n");
  });

  it("CSV: csv-parse reads back every field; nested objects as dotted columns, arrays as JSON", async () => {
    const text = (await collect(writeRows("csv", SCHEMA, rows))).toString("utf8");
    const records = parseCsv(text, { columns: true, relax_quotes: false }) as Record<string, string>[];
    assert.deepEqual(Object.keys(records[0]), [
      "id", "name", "score", "active", "born", "seen_at", "address.street", "address.city", "tags",
    ]);
    assert.equal(records.length, rows.length);
    records.forEach((record, i) => {
      const row = rows[i];
      assert.equal(record.name, row.name);
      assert.equal(record["address.street"], (row.address as Row).street);
      assert.equal(record["address.city"], (row.address as Row).city ?? "");
      assert.equal(record.score, row.score === null ? "" : String(row.score));
      assert.equal(record.active, String(row.active));
      assert.deepEqual(JSON.parse(record.tags), row.tags);
    });
  });

  it("CSV: null is an empty unquoted field, the empty string is quoted", async () => {
    const text = (await collect(writeRows("csv", SCHEMA, rows))).toString("utf8");
    const cells = parseCsv(text, { from_line: 2, cast: (value, ctx) => (ctx.quoting ? `q:${value}` : value) }) as string[][];
    assert.equal(cells[1][1], "q:"); // name "" (row 2)
    assert.equal(cells[0][2], ""); // score null (row 1)
  });

  it("CSV: zero rows give the header alone; lines end with CRLF", async () => {
    const text = (await collect(writeRows("csv", SCHEMA, []))).toString("utf8");
    assert.equal(text, "id,name,score,active,born,seen_at,address.street,address.city,tags\r\n");
  });

  it("CSV without declared properties takes its columns from the first row", async () => {
    const text = (await collect(writeRows("csv", { type: "object" }, [{ a: 1, b: "x,y" }, { b: "z", a: 2 }]))).toString();
    assert.equal(text, 'a,b\r\n1,"x,y"\r\n2,z\r\n');
  });

  it("batches output into large chunks and stays byte-identical across chunk sizes", async () => {
    const many = Array.from({ length: 3000 }, (_, i) => rows[i % rows.length]);
    const chunks: Buffer[] = [];
    for await (const chunk of writeRows("jsonl", SCHEMA, many)) chunks.push(chunk as Buffer);
    assert.ok(chunks.length > 1 && chunks.length < 100, `got ${chunks.length} chunks`);
    const small = await collect(writeRows("jsonl", SCHEMA, many, { chunkBytes: 100 }));
    assert.ok(Buffer.concat(chunks).equals(small));
  });

  it("pulls rows from an async source lazily", async () => {
    let produced = 0;
    async function* source() {
      for (let i = 0; i < 1_000_000; i++) { produced++; yield { id: i, name: "n".repeat(50) }; }
    }
    const stream = writeRows("jsonl", SCHEMA, source());
    const first = await new Promise<Buffer>((resolve) => stream.once("data", resolve));
    stream.destroy();
    assert.ok(first.length >= 64 * 1024);
    assert.ok(produced < 10_000, `produced ${produced} rows for one chunk`);
  });

  it("createWriter: push rows, honour back-pressure, get the same bytes as writeRows", async () => {
    const writer = createWriter("csv", SCHEMA, { chunkBytes: 256 });
    const reading = collect(writer.readable);
    let pauses = 0;
    for (let i = 0; i < 2000; i++) {
      if (!writer.write(rows[i % rows.length])) { pauses++; await writer.drained(); }
    }
    writer.end();
    const bytes = await reading;
    const expected = await collect(writeRows("csv", SCHEMA, Array.from({ length: 2000 }, (_, i) => rows[i % rows.length])));
    assert.ok(bytes.equals(expected));
    assert.ok(pauses > 0, "the writer never asked to wait");
  });

  it("createWriter: a wait for a reader that went away ends instead of hanging", async () => {
    const writer = createWriter("jsonl", SCHEMA, { chunkBytes: 64 });
    while (writer.write(rows[0])) { /* fill the buffer until the writer asks to wait */ }
    const waiting = writer.drained();
    writer.readable.destroy();
    await waiting;
    await writer.drained();
  });

  it("a row that cannot be JSON-encoded destroys the stream with a named error", async () => {
    await assert.rejects(collect(writeRows("jsonl", SCHEMA, [{ id: 1n }])), { name: "UnencodableValueError" });
    await assert.rejects(collect(writeRows("csv", SCHEMA, [{ ...hostileRows()[0], tags: [1n] }])),
      { name: "UnencodableValueError", message: /row 1, column "tags"/ });
  });
});
