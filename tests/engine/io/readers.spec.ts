import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Bool, DateDay, Field, Int64, List, Struct, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray } from "apache-arrow";
import { parse as parseCsv } from "csv-parse/sync";
import { Table as WasmTable, writeParquet } from "parquet-wasm";
import fc from "fast-check";
import { DataFormatError, readRows, writeRows, type ReadableFormat } from "../../../functions/engine/io";
import type { Row } from "../../../functions/engine/schema/types";
import { SCHEMA, collect, hostileRows } from "./helpers";

async function all(rows: AsyncIterable<Row>): Promise<Row[]> {
  const out: Row[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** A stream that hands out `text` in pieces of `size` bytes (to split records across chunks). */
function trickle(text: string | Buffer, size: number): Readable {
  const bytes = Buffer.from(text);
  return Readable.from((function* () {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  })());
}

async function rejectsWith(rows: AsyncIterable<Row>, pattern: RegExp): Promise<void> {
  await assert.rejects(all(rows), (error: Error) => {
    assert.ok(error instanceof DataFormatError, `expected DataFormatError, got ${error.name}: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

const FORMATS: ReadableFormat[] = ["jsonl", "json", "csv", "parquet"];

describe("io: readers", () => {
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), "sdga-io-")); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const format of FORMATS) {
    it(`${format}: our writer's output reads back to the same rows (bytes, stream, file)`, async () => {
      const rows = hostileRows();
      const bytes = await collect(writeRows(format, SCHEMA, rows, { rowGroupRows: 4 }));
      const path = join(dir, `data.${format}`);
      writeFileSync(path, bytes);
      assert.deepEqual(await all(readRows(format, bytes, SCHEMA)), rows);
      assert.deepEqual(await all(readRows(format, trickle(bytes, 7), SCHEMA)), rows);
      assert.deepEqual(await all(readRows(format, path, SCHEMA)), rows);
      const ranges = { byteLength: bytes.length, slice: (start: number, end?: number) => new Uint8Array(bytes).buffer.slice(start, end) };
      assert.deepEqual(await all(readRows(format, ranges, SCHEMA)), rows);
    });

    it(`${format}: an empty data set reads back as no rows`, async () => {
      const bytes = await collect(writeRows(format, SCHEMA, []));
      assert.deepEqual(await all(readRows(format, bytes, SCHEMA)), []);
    });
  }

  it("csv and parquet: absent optional values and null nested objects survive the trip", async () => {
    const schema = {
      type: "object",
      properties: {
        id: { type: "integer" },
        nick: { type: "string" },
        meta: { type: ["object", "null"], properties: { a: { type: "integer" }, b: { type: "string" } }, required: ["a"] },
      },
      required: ["id", "meta"],
    };
    const rows = [{ id: 1, meta: null }, { id: 2, nick: "", meta: { a: 5 } }, { id: 3, nick: "x", meta: { a: 6, b: "y" } }];
    for (const format of ["csv", "parquet"] as const) {
      const bytes = await collect(writeRows(format, schema, rows));
      assert.deepEqual(await all(readRows(format, bytes, schema)), rows, format);
    }
  });

  it("csv: CRLF and LF, quotes split across chunks, blank lines, no final line break", async () => {
    const text = 'a,b\r\n"x ""y""\r\nz",\r\n\r\n"",plain\r\n"q"\r\nlast,"\r"';
    const expected = [{ a: 'x "y"\r\nz', b: null }, { a: "", b: "plain" }];
    for (const size of [1, 2, 5, 1000]) {
      await rejectsWith(readRows("csv", trickle(text, size)), /line 6: expected 2 fields as in the header, found 1/);
      assert.deepEqual(await all(readRows("csv", trickle(text.replace('"q"\r\n', ""), size))), [...expected, { a: "last", b: "\r" }]);
    }
  });

  it("parquet written by another writer (arrow-rs via parquet-wasm): structs, lists, dates, timestamps", async () => {
    const address = new Struct([new Field("city", new Utf8(), false), new Field("zip", new Utf8(), true)]);
    const arrow = new Table({
      id: vectorFromArray([1n, 2n], new Int64()),
      name: vectorFromArray(["a", null], new Utf8()),
      address: vectorFromArray([{ city: "X", zip: "1" }, { city: "Y", zip: null }], address),
      tags: vectorFromArray([["p", "q"], ["r"]], new List(new Field("item", new Utf8(), true))),
      ok: vectorFromArray([true, false], new Bool()),
      day: vectorFromArray([new Date("2024-02-03"), null], new DateDay()),
      at: vectorFromArray([Date.parse("2024-02-03T04:05:06.007Z"), null], new TimestampMillisecond()),
    });
    const bytes = writeParquet(WasmTable.fromIPCStream(tableToIPC(arrow, "stream")));
    assert.deepEqual(await all(readRows("parquet", bytes)), [
      { id: 1, name: "a", address: { city: "X", zip: "1" }, tags: ["p", "q"], ok: true, day: "2024-02-03", at: "2024-02-03T04:05:06.007Z" },
      { id: 2, name: null, address: { city: "Y", zip: null }, tags: ["r"], ok: false, day: null, at: null },
    ]);
  });

  it("csv without a schema: text values, null for empty fields, dotted headers nested", async () => {
    const text = 'id,user.name,user.city,note\r\n1,Ann,,""\r\n2,"Bo, Jr.",Oslo,"a\nb"\r\n';
    assert.deepEqual(await all(readRows("csv", Buffer.from(text))), [
      { id: "1", user: { name: "Ann", city: null }, note: "" },
      { id: "2", user: { name: "Bo, Jr.", city: "Oslo" }, note: "a\nb" },
    ]);
  });

  it("csv from another tool: typed by the schema, unparseable cells kept as text for validation", async () => {
    const text = "\uFEFFid,name,score,active,tags\n7,,2.5e1,FALSE,[1]\nx,Al,,yes,{bad\n";
    assert.deepEqual(await all(readRows("csv", Buffer.from(text), SCHEMA)), [
      { id: 7, name: "", score: 25, active: false, tags: [1] },
      { id: "x", name: "Al", score: null, active: "yes", tags: "{bad" },
    ]);
  });

  it("csv: a column of mixed types keeps strings that look like JSON as strings (found by fuzzing)", async () => {
    const schema = { type: "object", properties: { code: { enum: ["0", 7, "true", "null", "[1]", "x", null] } } } as const;
    const rows = ["0", 7, "true", "null", "[1]", "x", "\"q\""].map((code) => ({ code }));
    const bytes = await collect(writeRows("csv", schema as never, [...rows, { code: 1 }]));
    assert.deepEqual(await all(readRows("csv", bytes, schema as never)), [...rows, { code: 1 }]);
  });

  it("csv: in a one-column table a null is a blank line, and it reads back as a row (found by fuzzing)", async () => {
    const schema = { type: "object", properties: { note: { type: ["string", "null"] } } } as const;
    const rows = [{ note: "a" }, { note: null }, { note: "" }, { note: null }];
    const bytes = await collect(writeRows("csv", schema as never, rows));
    assert.deepEqual(await all(readRows("csv", bytes, schema as never)), rows);
    // With two columns or more, blank lines are still skipped.
    assert.deepEqual(await all(readRows("csv", Buffer.from("a,b\r\n1,2\r\n\r\n3,4\r\n"))), [{ a: "1", b: "2" }, { a: "3", b: "4" }]);
  });

  it("csv and parquet: headers like constructor.prototype.x or __proto__ become own properties, never a prototype (found by fuzzing)", async () => {
    const text = "constructor.prototype.polluted,__proto__.x,toString\r\nyes,1,t\r\n";
    const [row] = await all(readRows("csv", Buffer.from(text)));
    assert.equal(({} as Record<string, unknown>).polluted, undefined, "Object.prototype untouched");
    assert.equal(Object.getPrototypeOf(row), Object.prototype);
    assert.equal(JSON.stringify(row), '{"constructor":{"prototype":{"polluted":"yes"}},"__proto__":{"x":"1"},"toString":"t"}');
    // Declared columns with such names survive a round trip as plain data too.
    const schema = JSON.parse('{"type":"object","properties":{"constructor":{"type":"string"},"__proto__":{"type":"string"}}}') as never;
    const rows = [JSON.parse('{"constructor":"c","__proto__":"p"}') as Row];
    for (const format of ["csv", "parquet"] as const) {
      const back = await all(readRows(format, await collect(writeRows(format, schema, rows)), schema));
      assert.equal(JSON.stringify(back), '[{"constructor":"c","__proto__":"p"}]', format);
    }
  });

  it("sql and csv: a row without a column named like an Object member writes it as empty (found by fuzzing)", async () => {
    const schema = { type: "object", properties: { constructor: { type: ["string", "null"] }, toString: { type: ["string", "null"] } } } as never;
    const sql = (await collect(writeRows("sql", schema, [{}]))).toString();
    assert.match(sql, /VALUES\s+\(NULL, NULL\);/);
    assert.deepEqual(await all(readRows("csv", await collect(writeRows("csv", schema, [{}])), schema)), [{ constructor: null, toString: null }]);
  });

  it("json: elements split across tiny chunks, with brackets and escaped quotes inside strings", async () => {
    const rows = [{ s: 'a "quoted" } ] { [ \\ value' }, { s: "é🎉", n: { deep: [1, { x: "]" }] } }];
    const text = " \n[\n" + rows.map((r) => JSON.stringify(r)).join(" ,\n ") + "\n ] \n";
    for (const size of [1, 2, 3, 1000]) assert.deepEqual(await all(readRows("json", trickle(text, size))), rows);
  });

  for (const [format, header, line] of [["jsonl", "", '{"i":0}\n'], ["csv", "i\n", "0\n"]] as const) {
    it(`${format}: reads lazily, so a huge stream is not loaded to get the first row`, async () => {
      let pulled = 0;
      const source = Readable.from((function* () {
        yield Buffer.from(header);
        for (let i = 0; i < 1_000_000; i++) { pulled++; yield Buffer.from(line.repeat(100)); }
      })());
      for await (const row of readRows(format, source, { type: "object", properties: { i: { type: "integer" } } })) {
        assert.deepEqual(row, { i: 0 });
        break;
      }
      assert.ok(pulled < 100, `pulled ${pulled} chunks for one row`);
    });
  }

  it("refuses formats it cannot read or write with UnsupportedFormatError", () => {
    assert.throws(() => readRows("sql", Buffer.from("")), { name: "UnsupportedFormatError" });
    assert.throws(() => readRows("xml" as never, Buffer.from("")), { name: "UnsupportedFormatError" });
    assert.throws(() => writeRows("xml" as never, {}, []), { name: "UnsupportedFormatError", message: /expected one of/ });
  });

  describe("malformed input raises DataFormatError with a location", () => {
    it("jsonl", async () => {
      await rejectsWith(readRows("jsonl", Buffer.from('{"a":1}\n\n{"a":2\n')), /^jsonl: line 3: invalid JSON/);
      await rejectsWith(readRows("jsonl", Buffer.from('{"a":1}\n[1,2]\n')), /line 2: each record must be a JSON object/);
    });

    it("json", async () => {
      await rejectsWith(readRows("json", Buffer.from('{"a":1}')), /line 1: expected a JSON array/);
      await rejectsWith(readRows("json", Buffer.from('[{"a":1},\n{"a":2},\n]')), /line 3: element 3 is not a JSON object/);
      await rejectsWith(readRows("json", Buffer.from('[{"a":1}\n{"a":2}]')), /line 2: expected ',' or '\]' after element 1/);
      await rejectsWith(readRows("json", Buffer.from('[{"a":1},\n{"a":tru}]')), /line 2, row 2: invalid JSON/);
      await rejectsWith(readRows("json", Buffer.from('[{"a":1}')), /unexpected end of input/);
      await rejectsWith(readRows("json", Buffer.from('[{"a":1}] x')), /after the closing/);
      await rejectsWith(readRows("json", Buffer.from("")), /empty input/);
    });

    it("csv", async () => {
      await rejectsWith(readRows("csv", Buffer.from('a,b\n1,2\n3,"open\n')), /^csv: line \d+: .*quote/i);
      await rejectsWith(readRows("csv", Buffer.from("a,b\n1,2\n3\n")), /^csv: line 3: /);
      await rejectsWith(readRows("csv", Buffer.from("a,a\n1,2\n")), /line 1: duplicate column "a"/);
      await rejectsWith(readRows("csv", Buffer.from("a,a.b\n1,2\n")), /conflicts with column "a"/);
    });

    it("parquet", async () => {
      await rejectsWith(readRows("parquet", Buffer.from("PAR1 this is not parquet at all PAR1")), /^parquet: not a readable Parquet file/);
      const good = await collect(writeRows("parquet", SCHEMA, hostileRows()));
      const damaged = Buffer.from(good);
      damaged.fill(0xff, 4, 200);
      await assert.rejects(all(readRows("parquet", damaged)), (e: Error) => e instanceof DataFormatError);
    });
  });

  it("property: random rows of the fixture schema survive every writer/reader pair", async () => {
    const text = fc.string({ unit: "grapheme", maxLength: 12 });
    const instant = fc.date({ min: new Date("1900-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }).map((d) => d.toISOString());
    const row = fc.record({
      id: fc.maxSafeInteger(),
      name: text,
      score: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n))),
      active: fc.boolean(),
      born: instant.map((t) => t.slice(0, 10)),
      seen_at: fc.option(instant),
      address: fc.record({ street: text, city: fc.option(text) }, { noNullPrototype: true }),
      tags: fc.array(text, { maxLength: 3 }),
    }, { noNullPrototype: true });
    await fc.assert(fc.asyncProperty(fc.array(row, { maxLength: 8 }), async (rows) => {
      for (const format of FORMATS) {
        const bytes = await collect(writeRows(format, SCHEMA, rows, { rowGroupRows: 3 }));
        assert.deepEqual(await all(readRows(format, bytes, SCHEMA)), rows, format);
      }
    }), { numRuns: 60 });
  });

  it("property: CSV escaping, any text survives csv-parse and our own reader", async () => {
    const schema = { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, required: ["a", "b"] };
    const text = fc.string({ unit: "grapheme", maxLength: 30 });
    const rowsArb = fc.array(fc.record({ a: text, b: text }, { noNullPrototype: true }), { maxLength: 15 });
    await fc.assert(fc.asyncProperty(rowsArb, fc.integer({ min: 1, max: 9 }), async (rows, chunkSize) => {
      const bytes = await collect(writeRows("csv", schema, rows));
      const records = parseCsv(bytes, { columns: true }) as Row[];
      assert.deepEqual(records, rows);
      assert.deepEqual(await all(readRows("csv", trickle(bytes, chunkSize), schema)), rows);
    }), { numRuns: 150 });
  });
});
