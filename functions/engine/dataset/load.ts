// Loading a generated data set into PostgreSQL with every constraint on: a real server through `pg` with
// COPY FROM STDIN (pg-copy-streams), or an embedded PostgreSQL (PGlite, the server compiled to WebAssembly)
// kept in a folder, with COPY from an in-memory blob. The tables are created by the data set's own DDL, filled
// in dependency order inside one transaction (a failure leaves nothing behind), and the serial and identity
// sequences moved past the loaded keys. A data set written as one data.sql is run as it is, statement by statement.
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { readRows } from "../io";
import type { OutputFormat, Row } from "../schema/types";
import type { DatasetManifest } from "./output";
import { csvValue, sequenceStatements } from "./output";
import { quoteName } from "./sqlTypes";

export interface LoadOptions {
  /** The folder `sdga generate` wrote (dataset.json, schema.sql, the table files or data.sql). */
  dir: string;
  /** postgres://user:pass@host:port/db; without it the data set goes into PGlite in `pgliteDir`. */
  database?: string;
  pgliteDir?: string;
  /** Rows per COPY batch into PGlite. @default 50000 */
  batchRows?: number;
  log?: (message: string) => void;
}

export interface LoadResult {
  target: string;
  tables: Array<{ name: string; rows: number }>;
  ms: number;
}

/** What a load needs of a database: statements, and COPY of CSV text into a table. */
export interface LoadTarget {
  readonly description: string;
  exec(sql: string): Promise<void>;
  copy(table: string, columns: string[], csv: AsyncIterable<string>): Promise<void>;
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

export async function openPglite(dir: string): Promise<LoadTarget> {
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create(dir);
  return {
    description: `PGlite in ${dir}`,
    async exec(sql) { await db.exec(sql); },
    async copy(table, columns, csv) {
      for await (const chunk of csv) {
        await db.query(`COPY ${quoteName(table)} (${columns.map(quoteName).join(", ")}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([chunk]) });
      }
    },
    async query<T>(sql: string) { return (await db.query(sql)).rows as T[]; },
    async close() { await db.close(); },
  };
}

export async function openServer(url: string): Promise<LoadTarget> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const pg = require("pg") as typeof import("pg");
  const { from } = require("pg-copy-streams") as typeof import("pg-copy-streams");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const safe = url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
  return {
    description: `PostgreSQL at ${safe}`,
    async exec(sql) { await client.query(sql); },
    async copy(table, columns, csv) {
      const stream = client.query(from(`COPY ${quoteName(table)} (${columns.map(quoteName).join(", ")}) FROM STDIN WITH (FORMAT csv)`));
      await pipeline(Readable.from(csv), stream);
    },
    async query<T>(sql: string) { return (await client.query(sql)).rows as T[]; },
    async close() { await client.end(); },
  };
}

export function readManifest(dir: string): DatasetManifest {
  const path = join(dir, "dataset.json");
  if (!existsSync(path)) throw new Error(`${dir} holds no dataset.json; point --data at a folder sdga generate wrote a data set into`);
  return JSON.parse(readFileSync(path, "utf8")) as DatasetManifest;
}

/** Loads the data set in `opts.dir` into the database; resolves to the rows per table. */
export async function loadDataset(opts: LoadOptions): Promise<LoadResult> {
  const started = Date.now();
  const manifest = readManifest(opts.dir);
  const target = opts.database ? await openServer(opts.database) : await openPglite(opts.pgliteDir ?? join(opts.dir, "pglite"));
  try {
    await loadInto(target, opts.dir, manifest, opts);
  } finally {
    await target.close();
  }
  return { target: target.description, tables: manifest.tables.map((t) => ({ name: t.name, rows: t.rows })), ms: Date.now() - started };
}

/** Loads into an open target (the caller closes it). */
export async function loadInto(target: LoadTarget, dir: string, manifest: DatasetManifest, opts: Pick<LoadOptions, "batchRows" | "log"> = {}): Promise<void> {
  const log = opts.log ?? (() => undefined);
  if (manifest.format === "sql") {
    let batch = "";
    for await (const statement of sqlStatements(createReadStream(join(dir, "data.sql"), "utf8"))) {
      batch += statement + ";\n";
      if (batch.length > 4_000_000) { await target.exec(batch); batch = ""; }
    }
    if (batch) await target.exec(batch);
    return;
  }
  await target.exec("BEGIN");
  try {
    await target.exec(readFileSync(join(dir, "schema.sql"), "utf8"));
    for (const t of manifest.tables) {
      const columns = t.columns;
      const started = Date.now();
      const rows = readRows(manifest.format as Exclude<OutputFormat, "sql">, join(dir, t.file), t.schema);
      await target.copy(t.name, columns.map((c) => c.name), csvBatches(rows, columns, opts.batchRows ?? 50_000));
      log(`${t.name}: ${t.rows} rows in ${Date.now() - started} ms`);
    }
    for (const s of sequenceStatements(manifest.tables)) await target.exec(s);
    await target.exec("COMMIT");
  } catch (err) {
    await target.exec("ROLLBACK").catch(() => undefined);
    throw err;
  }
}

async function* csvBatches(rows: AsyncIterable<Row>, columns: DatasetManifest["tables"][number]["columns"], batchRows: number): AsyncGenerator<string> {
  let out = "";
  let n = 0;
  for await (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) out += ",";
      const v = row[columns[i].name];
      out += csvValue(v instanceof Date ? (columns[i].kind === "date" ? v.toISOString().slice(0, 10) : v.toISOString()) : typeof v === "bigint" ? String(v) : v, columns[i]);
    }
    out += "\n";
    if (++n % batchRows === 0) { yield out; out = ""; }
  }
  if (out) yield out;
}

/**
 * The statements of a SQL script, split at semicolons outside quotes, quoted identifiers, comments and
 * dollar-quoted bodies (what psql does before it sends them). Comments are dropped.
 */
export async function* sqlStatements(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  let current = "";
  let state: "code" | "single" | "double" | "line" | "block" | "dollar" = "code";
  let tag = "";
  let pending = "";
  for await (const raw of chunks) {
    const text = pending + String(raw);
    pending = "";
    let i = 0;
    let start = 0;
    const n = text.length;
    while (i < n) {
      const ch = text[i];
      if (state === "code") {
        if (ch === "'") state = "single";
        else if (ch === '"') state = "double";
        else if (ch === "-" || ch === "/" || ch === "$") {
          if (i + 1 >= n) { current += text.slice(start, i); pending = text.slice(i); start = n; break; }
          if (ch === "-" && text[i + 1] === "-") { current += text.slice(start, i); state = "line"; start = i; }
          else if (ch === "/" && text[i + 1] === "*") { current += text.slice(start, i); state = "block"; start = i; i++; }
          else if (ch === "$") {
            const m = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64));
            if (m) { tag = m[0]; state = "dollar"; i += tag.length; continue; }
            if (text.length - i < 64 && !/[^A-Za-z_$]/.test(text.slice(i + 1))) { current += text.slice(start, i); pending = text.slice(i); start = n; break; }
          }
        } else if (ch === ";") {
          current += text.slice(start, i);
          const s = current.trim();
          if (s) yield s;
          current = "";
          start = i + 1;
        }
      } else if (state === "single") { if (ch === "'") state = "code"; }
      else if (state === "double") { if (ch === '"') state = "code"; }
      else if (state === "line") { if (ch === "\n") { state = "code"; start = i + 1; } }
      else if (state === "block") { if (ch === "*" && text[i + 1] === "/") { state = "code"; start = i + 2; i++; } }
      else if (state === "dollar") {
        if (ch === "$" && text.startsWith(tag, i)) { i += tag.length; state = "code"; continue; }
      }
      i++;
    }
    if (state === "line" || state === "block") start = n;
    if (start < n) current += text.slice(start);
  }
  const s = (current + pending).trim();
  if (s && state === "code") yield s;
}
