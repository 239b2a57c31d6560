import { strict as assert } from "node:assert";
import fc from "fast-check";
import initSqlJs, { type Database, type SqlJsStatic } from "sql.js";
import { writeRows } from "../../../functions/engine/io";
import type { Row } from "../../../functions/engine/schema/types";
import { SCHEMA, collect, hostileRows } from "./helpers";

async function sqlOf(rows: Row[], options = {}, schema = SCHEMA): Promise<string> {
  return (await collect(writeRows("sql", schema, rows, options))).toString("utf8");
}

describe("io: SQL writer (executed in sql.js)", () => {
  let SQL: SqlJsStatic;
  const open: Database[] = [];
  const database = (script: string) => {
    const db = new SQL.Database();
    open.push(db);
    db.exec(script);
    return db;
  };
  const selectAll = (db: Database, table = "synthetic_data") => {
    const [result] = db.exec(`SELECT * FROM "${table}" ORDER BY rowid`);
    return result ? result.values.map((values) => Object.fromEntries(result.columns.map((c, i) => [c, values[i]]))) : [];
  };
  before(async () => { SQL = await initSqlJs(); });
  after(() => open.forEach((db) => db.close()));

  it("creates a typed table and inserts every hostile row unchanged", async () => {
    const rows = hostileRows();
    const script = await sqlOf(rows, { insertBatchRows: 4 });
    assert.match(script, /^CREATE TABLE "synthetic_data" \(\n {2}"id" BIGINT NOT NULL,\n {2}"name" TEXT NOT NULL,\n {2}"score" DOUBLE PRECISION,/);
    assert.match(script, /"born" DATE NOT NULL/);
    assert.match(script, /"seen_at" TIMESTAMP WITH TIME ZONE,/);
    assert.equal(script.match(/^INSERT INTO/gm)?.length, Math.ceil(rows.length / 4));
    const db = database(script);
    const tables = db.exec("SELECT name FROM sqlite_master WHERE type = 'table'")[0].values.flat();
    assert.deepEqual(tables, ["synthetic_data"], "a hostile string changed the statements");
    const stored = selectAll(db);
    assert.deepEqual(stored, rows.map((row) => ({
      ...row,
      active: row.active ? 1 : 0,
      address: JSON.stringify(row.address),
      tags: JSON.stringify(row.tags),
    })));
  });

  it("names the table from the option and quotes hostile identifiers", async () => {
    const schema = { type: "object", properties: { 'we"ird col': { type: "string" }, "select": { type: "integer" } } };
    const script = await sqlOf([{ 'we"ird col': "a", select: 1 }], { tableName: 'my "table"' }, schema);
    assert.deepEqual(selectAll(database(script), 'my ""table""'), [{ 'we"ird col': "a", select: 1 }]);
  });

  it("an empty data set gives the CREATE TABLE alone", async () => {
    const script = await sqlOf([]);
    assert.doesNotMatch(script, /INSERT/);
    assert.deepEqual(selectAll(database(script)), []);
  });

  it("without declared properties, takes the columns from the first row", async () => {
    const script = await sqlOf([{ a: 1, b: "x" }, { a: 2.5, b: null }], {}, { type: "object" } as never);
    assert.match(script, /"a" DOUBLE PRECISION,\n {2}"b" TEXT\n/);
    assert.deepEqual(selectAll(database(script)), [{ a: 1, b: "x" }, { a: 2.5, b: null }]);
    assert.match(await sqlOf([], {}, { type: "object" } as never), /^-- no table/);
  });

  it("refuses a NUL character with a named error naming row and column", async () => {
    await assert.rejects(sqlOf([{ ...hostileRows()[0] }, { ...hostileRows()[0], name: "a\0b" }]),
      (error: Error) => error.name === "UnencodableValueError" && /row 2, column "name"/.test(error.message));
  });

  it("property: any string and number survives a trip through SQLite", async () => {
    const schema = { type: "object", properties: { s: { type: "string" }, n: { type: "number" } } };
    const text = fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !s.includes("\0"));
    const number = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
    await fc.assert(fc.asyncProperty(fc.array(fc.record({ s: text, n: number }, { noNullPrototype: true }), { maxLength: 20 }), async (rows) => {
      const db = database(await sqlOf(rows, { insertBatchRows: 7 }, schema));
      assert.deepEqual(selectAll(db), rows);
      db.close();
      open.pop();
    }), { numRuns: 100 });
  });
});
