// A generated data set loaded into a real PostgreSQL with every constraint of the DDL on (keys, references,
// CHECKs, NOT NULL, enums): the data.sql script and the COPY path into PGlite, and the COPY path into a
// PostgreSQL server started for the spec (initdb + pg_ctl in a temporary folder) when its binaries are here.
// Zero violations means the load succeeds; then queries over the loaded tables confirm the cardinalities and
// the parent-child rules.
import { strict as assert } from "node:assert";
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DatasetManifest, type LoadTarget, loadInto, openPglite, openServer, prepareDataset, readDdl, readManifest, writeDataset,
} from "../../../functions/engine/dataset";
import { SHOP_RULES } from "./shopRules";

async function checkLoaded(db: LoadTarget, manifest: DatasetManifest): Promise<void> {
  for (const t of manifest.tables) {
    const [{ n }] = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${t.name}`);
    assert.equal(Number(n), t.rows, `${t.name} rows`);
  }
  // The serial sequence moved past the loaded keys: a new order gets the next id (rolled back).
  await db.exec("BEGIN");
  const [{ id }] = await db.query<{ id: number | string }>("INSERT INTO orders (customer_id, status, placed_at, total) VALUES (1, 'placed', now(), 0) RETURNING id");
  await db.exec("ROLLBACK");
  assert.equal(Number(id), manifest.tables.find((t) => t.name === "orders")!.rows + 1);
  // Constraints are on: the database itself refuses an orphan and a broken CHECK.
  await assert.rejects(db.exec("INSERT INTO orders (customer_id, status, placed_at, total) VALUES (999999999, 'placed', now(), 0)"), /foreign key/);
  await assert.rejects(db.exec("UPDATE order_lines SET line_total = line_total + 1 WHERE line_no = 1"), /line_total_is_quantity_times_price/);
  for (const [rule, sql] of Object.entries(SHOP_RULES)) {
    const [{ count }] = await db.query<{ count: number | string }>(sql);
    assert.equal(Number(count), 0, rule);
  }
}

describe("dataset: loading into PostgreSQL with every constraint on", function () {
  this.timeout(300_000);
  const work = mkdtempSync(join(tmpdir(), "sdga-load-"));
  after(() => rmSync(work, { recursive: true, force: true }));

  before(async () => {
    const shop = await readDdl(readFileSync("examples/shop.sql", "utf8"));
    const plan = () => prepareDataset(shop, { rows: 150, seed: "load" });
    await writeDataset(plan(), "sql", join(work, "sql"));
    await writeDataset(plan(), "csv", join(work, "csv"));
    await writeDataset(plan(), "parquet", join(work, "parquet"));
    // The same data set cut in 2 and in 3 shards (every shard in one pass, each as made alone: generate.spec).
    for (const shards of [2, 3]) await writeDataset(prepareDataset(shop, { rows: 150, seed: "load", shards }), "csv", join(work, `csv-${shards}-shards`));
  });

  it("PGlite: data.sql as it is, then the COPY path from CSV in 1, 2 and 3 shards, each passes every constraint and rule", async () => {
    const db = await openPglite(join(work, "pglite"));
    try {
      await loadInto(db, join(work, "sql"), readManifest(join(work, "sql")));
      await checkLoaded(db, readManifest(join(work, "sql")));
      for (const dir of ["csv", "csv-2-shards", "csv-3-shards"].map((d) => join(work, d))) {
        await db.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        await loadInto(db, dir, readManifest(dir));
        await checkLoaded(db, readManifest(dir));
      }
    } finally {
      await db.close();
    }
  });

  it("a PostgreSQL server (initdb + pg_ctl): COPY from Parquet files, and data.sql through psql", async function () {
    const server = startServer(work);
    if (!server) {
      if (process.env.SDGA_REQUIRE_SYSTEM_DEPS) throw new Error("no PostgreSQL server binaries (initdb, pg_ctl): .ci/run installs Debian's postgresql");
      this.skip();
      return;
    }
    try {
      const db = await openServer(server.url("copy"));
      try {
        await loadInto(db, join(work, "parquet"), readManifest(join(work, "parquet")));
        await checkLoaded(db, readManifest(join(work, "parquet")));
      } finally {
        await db.close();
      }
      const psql = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", server.url("script"), "-f", join(work, "sql", "data.sql")], { encoding: "utf8" });
      assert.equal(psql.status, 0, psql.stderr);
      const db2 = await openServer(server.url("script"));
      try { await checkLoaded(db2, readManifest(join(work, "sql"))); } finally { await db2.close(); }
    } finally {
      server.stop();
    }
  });
});

/** A throwaway PostgreSQL cluster on a Unix socket in `work`, or undefined (with the reason printed) when it cannot start. */
function startServer(work: string): { url(db: string): string; stop(): void } | undefined {
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort().reverse() : [];
  const bin = versions.map((v) => `/usr/lib/postgresql/${v}/bin`).find((d) => spawnSync(`${d}/initdb`, ["--version"]).status === 0)
    ?? (spawnSync("initdb", ["--version"]).status === 0 ? "" : undefined);
  if (bin === undefined) { process.stdout.write("      (skipped: no initdb/pg_ctl on this machine; install postgresql to run it)\n"); return undefined; }
  const tool = (name: string) => (bin ? `${bin}/${name}` : name);
  const dir = join(work, "server");
  execFileSync("mkdir", ["-p", dir]);
  // initdb refuses to run as root: run the cluster as the postgres user when we are root.
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => spawnSync(asRoot ? "runuser" : cmd, asRoot ? ["-u", "postgres", "--", cmd, ...args] : args, { encoding: "utf8" });
  if (asRoot) { chmodSync(work, 0o755); execFileSync("chown", ["postgres", dir]); }
  const init = run(tool("initdb"), ["-D", join(dir, "data"), "-A", "trust", "-U", "sdga", "-E", "UTF8", "--no-sync"]);
  if (init.status !== 0) { process.stdout.write(`      (skipped: initdb failed: ${(init.stderr || init.error?.message || "").trim().split("\n").pop()})\n`); return undefined; }
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const start = run(tool("pg_ctl"), ["-D", join(dir, "data"), "-o", `-k ${dir} -p ${port} -c listen_addresses='' -c fsync=off`, "-w", "-l", join(dir, "log"), "start"]);
  if (start.status !== 0) { process.stdout.write(`      (skipped: pg_ctl start failed: ${start.stderr.trim()})\n`); return undefined; }
  const base = `postgresql://sdga@/postgres?host=${dir}&port=${port}`;
  for (const db of ["copy", "script"]) spawnSync("psql", ["-X", "-q", "-d", base, "-c", `CREATE DATABASE ${db}`]);
  return {
    url: (db) => `postgresql://sdga@/${db}?host=${dir}&port=${port}`,
    stop: () => { run(tool("pg_ctl"), ["-D", join(dir, "data"), "-m", "fast", "stop"]); },
  };
}
