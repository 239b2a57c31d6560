// The generation pipeline on the local stack (s3rver + dynalite): the state machine's definition, as the
// stack deploys it, run by the local runner with the real generate handler as its worker, each shard's
// invocation on a thread of the shard pool (shardsOnPool), the merge and fail steps on this thread. A scaled-down job
// (5 shards of 400 rows, MaxConcurrency 2: within the summaries' exact bounds, so the merged report must equal
// the whole's exactly, up to rounding) runs every state: the Distributed Map's shards, the merge, and
// on a failing shard the fail step and the Fail state.
import { strict as assert } from "node:assert";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { startHarness, USER_PROFILE, type Harness } from "./harness";
import { readRowsFrom } from "./readBack";
import { classicBody, classicEvent } from "../../functions/local/events";
import { createGenerateHandler } from "../../functions/generate/app";
import { continueGeneration, type GenerationDeps } from "../../functions/generate/generation";
import { localPipeline, shardsOnPool } from "../../functions/local/pipeline";
import { ShardPool } from "../../functions/engine/shards/pool";
import { ExecutionFailed } from "../../functions/local/stateMachine";
import { inProcessContinuation } from "../../functions/shared/continuation";
import { calculateQualityMetrics } from "../../functions/engine/metrics";
import { assertAlmostEqual } from "./almostEqual";
import type { SchemaInput } from "../../functions/engine/schema/types";

type Event = { sdgaShard?: { shard: number }; sdgaPipeline?: { step: string } };

describe("the generation pipeline on the local stack", function () {
  this.timeout(120_000);
  let h: Harness;
  const ends: Array<{ output?: unknown; error?: Error }> = [];
  const steps: string[] = [];
  let inFlight = 0;
  let failShard: number | undefined;
  let pipelineDeps: GenerationDeps;
  let pipelineGenerate: (event: unknown) => Promise<unknown>;
  let pool: ShardPool;
  let onPool: (event: unknown) => Promise<unknown>;
  /** Shard events the handler on this thread was given (none: they go to the pool's threads). */
  let shardsHere = 0;

  before(async () => {
    const overrides = { SYNC_ROW_LIMIT: "200", SHARD_ROWS: "400", PIPELINE_ROW_THRESHOLD: "1000" };
    h = await startHarness(overrides);
    pipelineDeps = { config: h.config, s3: h.s3, jobs: h.jobs, startContinuation: inProcessContinuation((id) => continueGeneration(pipelineDeps, id)) };
    const handler = createGenerateHandler(pipelineDeps) as (event: unknown) => Promise<unknown>;
    pool = new ShardPool(2);
    onPool = shardsOnPool(pool, { ...h.stack.env, ...overrides }, (event) => { if ((event as Event).sdgaShard) shardsHere++; return handler(event); });
    // The real handler, recording each step; `failShard` dies after its part is written (a sandbox that crashed).
    const worker = async (event: unknown) => {
      const e = event as Event;
      steps.push(e.sdgaShard ? `shard ${e.sdgaShard.shard}` : e.sdgaPipeline!.step);
      const result = await onPool(event);
      if (e.sdgaShard && e.sdgaShard.shard === failShard) throw Object.assign(new Error(`shard ${failShard}: the worker ran out of memory`), { name: "Runtime.OutOfMemory" });
      return result;
    };
    pipelineDeps.startPipeline = localPipeline(worker, {
      maxConcurrency: 2, observe: (n) => { inFlight = Math.max(inFlight, n); }, onEnd: (_input, outcome) => ends.push(outcome),
    });
    pipelineGenerate = handler;
  });
  after(async () => { await pool?.close(); await h?.stop(); });
  beforeEach(() => { steps.length = 0; ends.length = 0; inFlight = 0; failShard = undefined; });

  // The e-mail address x-unique: dealt by row index, distinct across the shards the pipeline's workers make apart.
  const schema = { ...USER_PROFILE, properties: { ...USER_PROFILE.properties, email: { ...USER_PROFILE.properties.email, "x-unique": true } } };
  const request = { data_type: "user_profile", volume: 2_000, schema, output_format: "jsonl", seed: 11 };
  const bytesOf = async (key: string) => Buffer.from(await (await h.s3.send(new GetObjectCommand({ Bucket: h.stack.bucket, Key: key }))).Body!.transformToByteArray());

  it("runs every shard then the merge: the cloud's parts, the same bytes as one invocation, the report of all rows, the job completed", async () => {
    const started = classicBody(await pipelineGenerate(classicEvent("generateSyntheticData", { ...request, idempotency_key: "pipeline-ok" }))).body;
    assert.equal(started.status, "processing");
    await h.settle();
    assert.equal(ends.length, 1);
    assert.equal(ends[0]!.error, undefined);
    assert.deepEqual(steps.slice(0, -1).sort(), ["shard 0", "shard 1", "shard 2", "shard 3", "shard 4"]);
    assert.equal(steps.at(-1), "merge");
    assert.equal(inFlight, 2);
    assert.equal(shardsHere, 0, "every shard ran on a thread of the pool");

    const job = (await h.jobs.get(started.generation_id))!;
    assert.equal(job.status, "completed", JSON.stringify(job.errors));
    assert.equal(job.lease_owner, "pipeline:1");
    const keys = await h.listKeys(job.folder);
    const parts = ["part-00000", "part-00001", "part-00002", "part-00003", "part-00004"].map((p) => `${job.folder}${p}.jsonl`);
    assert.deepEqual(keys, [...parts, `${job.folder}metadata.json`, `${job.folder}quality_report.html`, `${job.folder}quality_report.json`].sort());
    assert.deepEqual(job.files, parts);

    // The same request in one invocation (no pipeline): the same part keys under its folder, the same bytes.
    const single = classicBody(await h.generate(classicEvent("generateSyntheticData", { ...request, idempotency_key: "one-invocation" }))).body;
    await h.settle();
    const alone = (await h.jobs.get(single.generation_id))!;
    assert.equal(alone.status, "completed");
    assert.deepEqual(alone.files!.map((k) => k.slice(alone.folder.length)), parts.map((k) => k.slice(job.folder.length)));
    for (let i = 0; i < parts.length; i++) assert.ok((await bytesOf(parts[i]!)).equals(await bytesOf(alone.files![i]!)), `part ${i} differs`);

    // The merged report equals one computed over all rows read back.
    const schema = JSON.parse(job.schema_json) as SchemaInput;
    const rows = await readRowsFrom(h, parts.map((k) => `s3://${h.stack.bucket}/${k}`), "jsonl", schema);
    assert.equal(rows.length, 2_000);
    assert.equal(new Set(rows.map((r) => r.email)).size, 2_000, "x-unique e-mail addresses across the shards");
    const whole = JSON.parse(JSON.stringify(await calculateQualityMetrics({ schema, data: rows }))) as Record<string, unknown>;
    const { validation, ...merged } = JSON.parse((await bytesOf(`${job.folder}quality_report.json`)).toString("utf8")) as Record<string, unknown>;
    assertAlmostEqual(merged, whole);
    assert.deepEqual({ rows: (validation as { rows: number }).rows, invalid: (validation as { invalid_rows: number }).invalid_rows }, { rows: 2_000, invalid: 0 });
    const metadata = JSON.parse((await bytesOf(`${job.folder}metadata.json`)).toString("utf8")) as { files: string[]; pipeline: { shards: number } };
    assert.deepEqual(metadata.files, parts);
    assert.equal(metadata.pipeline.shards, 5);
  });

  it("a shard that fails runs the fail step: the job failed with the reason, no part or summary left, the execution failed", async () => {
    failShard = 3;
    const started = classicBody(await pipelineGenerate(classicEvent("generateSyntheticData", { ...request, idempotency_key: "pipeline-fails" }))).body;
    await h.settle();
    assert.equal(ends.length, 1);
    assert.ok(ends[0]!.error instanceof ExecutionFailed && ends[0]!.error.error === "GenerationFailed", String(ends[0]!.error));
    assert.ok(!steps.includes("merge"));
    assert.equal(steps.at(-1), "fail");
    const job = (await h.jobs.get(started.generation_id))!;
    assert.equal(job.status, "failed");
    assert.match(job.errors![0]!, /Runtime\.OutOfMemory: shard 3: the worker ran out of memory/);
    assert.deepEqual(await h.listKeys(job.folder), []);
  });

  it("a step of an execution that no longer holds the job writes nothing", async () => {
    const started = classicBody(await pipelineGenerate(classicEvent("generateSyntheticData", { ...request, idempotency_key: "pipeline-stale" }))).body;
    await h.settle();
    const job = (await h.jobs.get(started.generation_id))!;
    assert.equal(job.status, "completed");
    const before = await h.listKeys(job.folder);
    const id = started.generation_id as string;
    await assert.rejects(pipelineGenerate({ sdgaShard: { generationId: id, attempt: 1, shard: 0 } }), { name: "StaleExecutionError" });
    // On a pool thread too: the error crosses with its name (the state machine's errorType).
    await assert.rejects(onPool({ sdgaShard: { generationId: id, attempt: 1, shard: 0 } }), { name: "StaleExecutionError" });
    await assert.rejects(pipelineGenerate({ sdgaPipeline: { step: "merge", generationId: id, attempt: 2 } }), { name: "StaleExecutionError" });
    assert.deepEqual((await pipelineGenerate({ sdgaPipeline: { step: "fail", generationId: id, attempt: 2, error: "States.Timeout", cause: "late" } })) as object, { status: "completed" });
    assert.deepEqual(await h.listKeys(job.folder), before);
    assert.equal((await h.jobs.get(id))!.status, "completed");
  });
});
