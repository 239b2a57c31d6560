// A data set of several tables in shards on the local stack (s3rver + dynalite): above the pipeline threshold
// the shop runs on the generation pipeline's definition (every shard of every table one step, then the
// merge), below it in one invocation. Both write <generation>/<table>/part-NNNNN.sql, several parts per table,
// byte for byte the same; schema.sql and the parts load into PGlite with every constraint on and no rule
// broken (no refund above its payment); a failing shard leaves a failed job and no object.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { startHarness, type Harness } from "./harness";
import { classicBody, classicEvent } from "../../functions/local/events";
import { createGenerateHandler } from "../../functions/generate/app";
import { continueGeneration, type GenerationDeps } from "../../functions/generate/generation";
import { localPipeline } from "../../functions/local/pipeline";
import { inProcessContinuation } from "../../functions/shared/continuation";
import { openPglite } from "../../functions/engine/dataset";
import { SHOP_RULES } from "../engine/dataset/shopRules";
import { assertAlmostEqual } from "./almostEqual";

const SHOP = readFileSync(join(__dirname, "../../examples/shop.sql"), "utf8");

describe("data sets in shards: the generation pipeline and one invocation (s3rver + dynalite)", function () {
  this.timeout(180_000);
  let h: Harness;
  const steps: string[] = [];
  let failShard: number | undefined;
  let pipelineGenerate: (event: unknown) => Promise<unknown>;

  before(async () => {
    // 150 customers make about 3,000 rows in all (order_lines ~1,200): 3 or 4 shards of at most 400 rows a table.
    h = await startHarness({ SYNC_ROW_LIMIT: "200", SHARD_ROWS: "400", PIPELINE_ROW_THRESHOLD: "1000" });
    const deps: GenerationDeps = { config: h.config, s3: h.s3, jobs: h.jobs, startContinuation: inProcessContinuation((id) => continueGeneration(deps, id)) };
    const handler = createGenerateHandler(deps) as (event: unknown) => Promise<unknown>;
    const worker = async (event: unknown) => {
      const e = event as { sdgaShard?: { shard: number }; sdgaPipeline?: { step: string } };
      steps.push(e.sdgaShard ? `shard ${e.sdgaShard.shard}` : e.sdgaPipeline!.step);
      if (e.sdgaShard && e.sdgaShard.shard === failShard) throw Object.assign(new Error(`shard ${failShard}: the worker was killed`), { name: "Runtime.ExitError" });
      return handler(event);
    };
    deps.startPipeline = localPipeline(worker, { maxConcurrency: 2 });
    pipelineGenerate = handler;
  });
  after(async () => h?.stop());
  beforeEach(() => { steps.length = 0; failShard = undefined; });

  const request = { data_type: "custom", volume: 150, output_format: "sql", seed: 16, dataset: SHOP };
  const text = async (key: string) => (await h.s3.send(new GetObjectCommand({ Bucket: h.stack.bucket, Key: key }))).Body!.transformToString();

  it("the pipeline writes every table's shards and the report, one invocation the same bytes, and the parts load into PGlite with every rule held", async () => {
    const started = classicBody(await pipelineGenerate(classicEvent("generateSyntheticData", { ...request, idempotency_key: "dataset-pipeline" }))).body;
    assert.equal(started.status, "processing", JSON.stringify(started));
    await h.settle();
    const job = (await h.jobs.get(started.generation_id))!;
    assert.equal(job.status, "completed", JSON.stringify(job.errors));
    const shards = Math.ceil(Math.max(...Object.values(job.dataset_counts!)) / 400);
    assert.ok(shards >= 3, `${shards} shards`);
    assert.deepEqual(steps.slice(0, -1).sort(), Array.from({ length: shards }, (_, i) => `shard ${i}`));
    assert.equal(steps.at(-1), "merge");
    assert.equal(job.lease_owner, "pipeline:1");
    const meta = JSON.parse(await text(`${job.folder}metadata.json`)) as { shards: number; pipeline: { shards: number }; tables: Array<{ name: string; rows: number; files: string[] }> };
    assert.equal(meta.shards, shards);
    assert.deepEqual(meta.pipeline, { shards });
    for (const t of meta.tables) {
      assert.ok(t.files.length >= 2, `${t.name}: ${t.files.length} part(s)`);
      t.files.forEach((f, i) => assert.equal(f, `${job.folder}${t.name}/part-${String(i).padStart(5, "0")}.sql`));
    }
    assert.deepEqual(job.files, meta.tables.flatMap((t) => t.files));
    const keys = await h.listKeys(job.folder);
    assert.deepEqual(keys, [...job.files!, `${job.folder}metadata.json`, `${job.folder}quality_report.html`, `${job.folder}quality_report.json`, `${job.folder}schema.sql`].sort(), "the shard summaries are removed");

    // The same request in one invocation (no pipeline): the same keys under its folder, the same bytes, the same report.
    const single = classicBody(await h.generate(classicEvent("generateSyntheticData", { ...request, idempotency_key: "dataset-one-invocation" }))).body;
    await h.settle();
    const alone = (await h.jobs.get(single.generation_id))!;
    assert.equal(alone.status, "completed", JSON.stringify(alone.errors));
    assert.deepEqual(alone.files!.map((k) => k.slice(alone.folder.length)), job.files!.map((k) => k.slice(job.folder.length)));
    for (const [i, key] of job.files!.entries()) assert.equal(await text(alone.files![i]!), await text(key), `${key} differs`);
    const report = async (folder: string) => { const { generation_id: _, ...rest } = JSON.parse(await text(`${folder}quality_report.json`)); return rest; };
    // Each table's report merges the shards' summaries (no part is read): the same as one pass but moments' rounding.
    const merged = await report(job.folder);
    for (const t of meta.tables) assert.equal(merged.table_reports[t.name].row_count, t.rows, `${t.name}: its report counts every shard's rows`);
    assertAlmostEqual(merged, await report(alone.folder));
    assert.equal(job.sample_json, alone.sample_json);
    const described = async (folder: string) => {
      const { generation_id: _, created_at: _at, pipeline: _p, schema_file, tables, ...rest } = JSON.parse(await text(`${folder}metadata.json`));
      return { ...rest, schema_file: schema_file.slice(folder.length), tables: tables.map((t: { files: string[] }) => ({ ...t, files: t.files.map((f) => f.slice(folder.length)) })) };
    };
    assert.deepEqual(await described(job.folder), await described(alone.folder));
    assert.equal(job.quality_summary!.parent_rules, 1);
    assert.equal(job.quality_summary!.referential_integrity, 1);

    // schema.sql, then each table's parts in the metadata's order, into PGlite with every constraint on.
    const db = await openPglite("memory://");
    try {
      await db.exec(await text(`${job.folder}schema.sql`));
      for (const key of job.files!) await db.exec(await text(key));
      for (const t of meta.tables) {
        const [{ n }] = await db.query<{ n: number | string }>(`SELECT count(*) AS n FROM ${t.name}`);
        assert.equal(Number(n), t.rows, t.name);
      }
      const [{ n }] = await db.query<{ n: number | string }>("SELECT count(*) AS n FROM payments p JOIN refunds r ON r.payment_id = p.id");
      assert.ok(Number(n) > 0, "some payments are refunded");
      for (const [rule, sql] of Object.entries(SHOP_RULES)) {
        const [{ count }] = await db.query<{ count: number | string }>(sql);
        assert.equal(Number(count), 0, rule);
      }
    } finally {
      await db.close();
    }
  });

  it("a shard that fails fails the job with the reason and leaves no part, summary, schema or report", async () => {
    failShard = 1;
    const started = classicBody(await pipelineGenerate(classicEvent("generateSyntheticData", { ...request, idempotency_key: "dataset-pipeline-fails" }))).body;
    await h.settle();
    assert.ok(!steps.includes("merge"));
    assert.equal(steps.at(-1), "fail");
    const job = (await h.jobs.get(started.generation_id))!;
    assert.equal(job.status, "failed");
    assert.match(job.errors![0]!, /Runtime\.ExitError: shard 1: the worker was killed/);
    assert.deepEqual(await h.listKeys(job.folder), []);
  });
});
