import { strict as assert } from "node:assert";
import { tableFromIPC } from "apache-arrow";
import { parse as parseCsv } from "csv-parse/sync";
import { readParquet } from "parquet-wasm";
import initSqlJs from "sql.js";
import { generateToStream, prepareGeneration } from "../../../functions/engine/generate";
import type { OutputFormat, Row } from "../../../functions/engine/schema/types";

const schema = {
  type: "object",
  properties: {
    id: { type: "integer", minimum: 1, maximum: 1_000_000 },
    name: { type: "string" },
    email: { type: "string", format: "email" },
    balance: { type: "number", minimum: 0, maximum: 1000, multipleOf: 0.01 },
    active: { type: "boolean" },
    note: { type: "string", pattern: "^[a-z' ]{0,12}$" },
    address: { type: "object", properties: { city: { type: "string" }, postal_code: { type: "string" } }, required: ["city", "postal_code"] },
  },
  required: ["id", "name", "email", "balance", "active", "note", "address"],
  additionalProperties: false,
};
const ROWS = 120;

async function bytes(format: OutputFormat): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of generateToStream({ schema, rows: ROWS, seed: "formats", format })) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}
const expected = (): Row[] => [...prepareGeneration({ schema, rows: ROWS, seed: "formats", format: "jsonl" }).rows()];
const flat = (r: Row): Row => ({ ...r, address: undefined, "address.city": (r.address as Row).city, "address.postal_code": (r.address as Row).postal_code });

describe("generateToStream: each format read back by an independent reader", function () {
  this.timeout(30_000);

  it("jsonl and json hold exactly the plan's rows", async () => {
    const jsonl = (await bytes("jsonl")).toString("utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Row);
    assert.deepEqual(jsonl, expected());
    assert.deepEqual(JSON.parse((await bytes("json")).toString("utf8")), expected());
  });

  it("csv parses (csv-parse) to the same values with dotted headers for nested fields", async () => {
    const records = parseCsv(await bytes("csv"), { columns: true }) as Array<Record<string, string>>;
    assert.equal(records.length, ROWS);
    expected().forEach((row, i) => {
      const rec = records[i];
      assert.equal(Number(rec.id), row.id);
      assert.equal(rec.note, row.note);
      assert.equal(Number(rec.balance), row.balance);
      assert.equal(rec["address.city"], (row.address as Row).city);
    });
  });

  it("sql runs in SQLite (sql.js) and holds the same rows", async () => {
    const SQL = await initSqlJs();
    const db = new SQL.Database();
    db.exec((await bytes("sql")).toString("utf8"));
    const tables = db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0].values.map((v) => String(v[0]));
    assert.equal(tables.length, 1);
    const result = db.exec(`SELECT * FROM "${tables[0]}"`)[0];
    assert.equal(result.values.length, ROWS);
    const col = (name: string) => result.columns.indexOf(name);
    expected().forEach((row, i) => {
      assert.equal(result.values[i][col("note")], row.note); // quotes in values survive escaping
      assert.equal(result.values[i][col("email")], row.email);
    });
    db.close();
  });

  it("parquet reads back (parquet-wasm + apache-arrow) with the same values", async () => {
    const table = tableFromIPC(readParquet(new Uint8Array(await bytes("parquet"))).intoIPCStream());
    const read = table.toArray().map((r) => r.toJSON() as Record<string, unknown>);
    assert.equal(read.length, ROWS);
    expected().map(flat).forEach((row, i) => {
      assert.equal(Number(read[i].id), row.id);
      assert.equal(read[i].name, row.name);
      assert.equal(read[i].balance, row.balance);
      assert.equal(read[i].active, row.active);
      assert.equal(read[i]["address.city"], row["address.city"]);
    });
  });
});
