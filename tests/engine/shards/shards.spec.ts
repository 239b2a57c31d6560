import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { prepareGeneration } from "../../../functions/engine/generate";
import { writeRows } from "../../../functions/engine/io";
import { InOrder } from "../../../functions/engine/shards/file";
import { jobChunks, shardLayout, ShardPool, writeJobFile, type ShardJob } from "../../../functions/engine/shards";
import type { JsonSchemaObject, OutputFormat, Row } from "../../../functions/engine/schema/types";
import { collect } from "../io/helpers";

const ROOT = join(__dirname, "../../..");
const USER = JSON.parse(readFileSync(join(ROOT, "examples/user_profile.schema.json"), "utf8")) as JsonSchemaObject;
const FORMATS: OutputFormat[] = ["jsonl", "json", "csv", "sql", "parquet"];

function job(format: OutputFormat, rows: number, shardRows: number): ShardJob {
  return { schema: prepareGeneration({ schema: USER, rows: 1, format }).schema, rows, seed: "shards", format, shardRows, writer: { insertBatchRows: 64, rowGroupRows: 250 } };
}

function bytesOnThisThread(j: ShardJob): Buffer {
  const parts: Buffer[] = [];
  const chunks = jobChunks(j);
  for (let step = chunks.next(); !step.done; step = chunks.next()) {
    parts.push(Buffer.from(step.value.bytes)); // a copy: the buffer is reused once released
    step.value.release();
  }
  return Buffer.concat(parts);
}

describe("shards: the layout is part of the seed", () => {
  it("depends on the row count alone, and prepareGeneration splits the rows the same way", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 1, max: 900 }), (rows, shardRows) => {
      const layout = shardLayout(rows, shardRows);
      assert.equal(layout.count, Math.ceil(rows / shardRows));
      assert.ok(layout.perShard <= shardRows);
      let next = 0;
      for (let index = 0; index < layout.count; index += Math.max(1, Math.floor(layout.count / 3))) {
        const plan = prepareGeneration({ schema: USER, rows, seed: 1, format: "jsonl", ...(layout.count > 1 ? { shard: { index, count: layout.count } } : {}) });
        assert.equal(plan.firstRow, Math.min(rows, index * layout.perShard));
        assert.ok(plan.firstRow >= next);
        next = plan.firstRow + plan.rowCount;
      }
    }), { numRuns: 25 });
    assert.deepEqual(shardLayout(1_000_000), { rows: 1_000_000, count: 10, perShard: 100_000 });
    assert.deepEqual(shardLayout(100_000), { rows: 100_000, count: 1, perShard: 100_000 });
    assert.deepEqual(shardLayout(150_001), { rows: 150_001, count: 2, perShard: 75_001 });
  });

  for (const format of ["jsonl", "json", "csv", "sql"] as const) {
    it(`${format}: the shards' rows in order through one writer are the bytes the shards write apart`, async () => {
      const j = job(format, 2_345, 500);
      const layout = shardLayout(j.rows, j.shardRows);
      const rows: Row[] = [];
      for (let index = 0; index < layout.count; index++) {
        rows.push(...prepareGeneration({ schema: j.schema, rows: j.rows, seed: j.seed, format, shard: { index, count: layout.count } }).rows());
      }
      const whole = await collect(writeRows(format, j.schema, rows, j.writer));
      assert.ok(bytesOnThisThread(j).equals(whole));
    });
  }

  it("a job of one shard is the plain seed: the bytes of a plan without shards", async () => {
    const j = job("csv", 300, 500);
    const plan = prepareGeneration({ schema: j.schema, rows: 300, seed: j.seed, format: "csv" });
    assert.ok(bytesOnThisThread(j).equals(await collect(writeRows("csv", j.schema, plan.rows(), j.writer))));
  });
});

describe("shards: worker threads write the bytes of one thread", function () {
  this.timeout(180_000);
  let dir: string;
  const pools: ShardPool[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "sdga-shards-"));
    pools.push(new ShardPool(2), new ShardPool(3));
  });
  after(async () => {
    await Promise.all(pools.map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  for (const format of FORMATS) {
    it(`${format}: 1, 2 and 3 workers give the same file`, async () => {
      const j = job(format, 4_001, 700);
      const one = await writeJobFile(j, join(dir, `${format}-1`), { workers: 1 });
      const expected = readFileSync(join(dir, `${format}-1`));
      assert.ok(expected.equals(bytesOnThisThread(j)));
      assert.equal(one.shards, 6);
      for (const pool of pools) {
        const path = join(dir, `${format}-${pool.size}`);
        const result = await writeJobFile(j, path, { workers: pool });
        assert.ok(readFileSync(path).equals(expected), `${format} on ${pool.size} workers`);
        assert.deepEqual([result.rows, result.bytes, result.shards, result.workers], [4_001, expected.length, 6, pool.size]);
        assert.ok(!existsSync(`${path}.later`), "the scratch file of set-aside shards is removed");
      }
    });
  }

  it("a schema the engine refuses is refused by the pool with the engine's error, before any file", async () => {
    const bad = { type: "object", properties: { n: { type: "integer", minimum: 5, maximum: 1 } }, required: ["n"] };
    await assert.rejects(pools[0].prepare({ schema: bad, rows: 10, format: "jsonl" }),
      (error: Error & { problems?: Array<{ path: string; message: string }> }) =>
        error.name === "UnsupportedSchemaError" && Array.isArray(error.problems) && error.problems.some((p) => /minimum 5 > maximum 1/.test(p.message)));
    await assert.rejects(writeJobFile({ schema: bad, rows: 3_000, seed: "x", format: "jsonl", shardRows: 1_000 }, join(dir, "no", "bad"), { workers: pools[0] }),
      { name: "UnsupportedSchemaError" });
    assert.ok(!existsSync(join(dir, "no")), "nothing is written for a job the engine refuses, not even its folder");
    const prepared = await pools[0].prepare({ schema: USER, rows: 10, format: "csv", seed: 7 });
    assert.equal(prepared.seed, "7");
    assert.match(prepared.engineVersion, /^\d+\.\d+\.\d+$/);
  });
});

describe("shards: a failed job leaves the pool clean", function () {
  this.timeout(180_000);
  it("the next job on the same pool gets none of the failed job's pieces, and the bytes of one thread", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sdga-shards-failed-"));
    const pool = new ShardPool(2);
    try {
      // The job fails as its first shard starts, while the other worker is still computing its own.
      const failing = job("jsonl", 60_000, 10_000);
      await assert.rejects(writeJobFile(failing, join(dir, "failed"), { workers: pool, onStart: () => { throw new Error("stop here"); } }), /stop here/);
      const next = job("csv", 4_001, 700);
      await writeJobFile(next, join(dir, "next"), { workers: pool });
      assert.ok(readFileSync(join(dir, "next")).equals(bytesOnThisThread(next)));
      const prepared = await pool.prepare({ schema: USER, rows: 10, format: "csv", seed: 7 });
      assert.equal(prepared.seed, "7");
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("shards: pieces are written in shard order", () => {
  it("a later shard's pieces go to the scratch file and are copied in at their turn; every piece is released", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sdga-inorder-"));
    try {
      const file = await open(join(dir, "out"), "w");
      const order = new InOrder(file, join(dir, "out.later"));
      let released = 0;
      const piece = (index: number, text: string) => order.piece(index, Buffer.from(text), 0, () => { released++; });
      const done = (index: number) => order.done({ index, rows: 0, bytes: 0, engineVersion: "x" });
      piece(2, "C1 ");
      piece(1, "B1 ");
      piece(0, "A1 ");
      piece(2, "C2 ");
      done(2);
      piece(1, "B2 ");
      done(0);
      piece(1, "B3 ");
      done(1);
      piece(3, "D1");
      done(3);
      await order.settled();
      await file.close();
      assert.equal(readFileSync(join(dir, "out"), "utf8"), "A1 B1 B2 B3 C1 C2 D1");
      assert.equal(released, 7);
      assert.equal(order.setAside, "C1 B1 C2 B2 ".length);
      assert.ok(!existsSync(join(dir, "out.later")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
