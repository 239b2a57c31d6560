// The generation pipeline's definition run on this machine (functions/local/stateMachine.ts), every state of
// it: the Distributed Map sends each shard to a worker that computes it with the engine and writes it as its
// part (the cloud's key layout, dataFileKey), at most MaxConcurrency at once; the merge step runs once after
// every shard; a shard that keeps failing runs the fail step (which deletes the parts) and fails the execution.
import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipelineDefinition } from "../../components/generationPipeline";
import { prepareGeneration } from "../../functions/engine/generate";
import { encodeShard, layoutOf, writeJobFile, type ShardJob } from "../../functions/engine/shards";
import type { JsonSchemaObject } from "../../functions/engine/schema/types";
import { ExecutionFailed, runStateMachine } from "../../functions/local/stateMachine";
import { dataFileKey } from "../../functions/shared/locations";

const ROOT = join(__dirname, "../..");
const USER = JSON.parse(readFileSync(join(ROOT, "examples/user_profile.schema.json"), "utf8")) as JsonSchemaObject;
const WORKER = "arn:aws:lambda:us-east-1:123456789012:function:sdga-local-generate";

interface ShardEvent { sdgaShard?: { generationId: string; attempt: number; shard: number }; sdgaPipeline?: { step: "merge" | "fail"; generationId: string; error?: string; cause?: string } }

/** A shard worker over a folder standing for the bucket: the engine's shard, written as its part. */
function worker(dir: string, job: ShardJob, failShard?: number) {
  const calls: string[] = [];
  const layout = layoutOf(job);
  const invoke = async (functionName: string, payload: unknown): Promise<unknown> => {
    assert.equal(functionName, WORKER);
    const event = payload as ShardEvent;
    if (event.sdgaShard) {
      const { shard } = event.sdgaShard;
      calls.push(`shard ${shard}`);
      if (shard === failShard) throw Object.assign(new Error(`shard ${shard}: the engine refused the row`), { name: "GenerationFailure" });
      const pieces: Buffer[] = [];
      const outcome = encodeShard(job, shard, { acquire: () => Buffer.allocUnsafe(1 << 20), emit: (b, n) => { pieces.push(Buffer.from(b.subarray(0, n))); } });
      writeFileSync(join(dir, dataFileKey("", job.format, { index: shard, count: layout.count })), Buffer.concat(pieces));
      await new Promise((r) => setTimeout(r, 5)); // let other iterations start: the concurrency is observable
      return { rows: outcome.rows, bytes: outcome.bytes };
    }
    calls.push(event.sdgaPipeline!.step);
    if (event.sdgaPipeline!.step === "fail") {
      for (const f of readdirSync(dir)) if (f.startsWith("part-")) rmSync(join(dir, f));
      writeFileSync(join(dir, "failure.json"), JSON.stringify({ error: event.sdgaPipeline!.error, cause: event.sdgaPipeline!.cause }));
    } else {
      const rows = readdirSync(dir).filter((f) => f.startsWith("part-")).sort()
        .reduce((n, f) => n + readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean).length, 0);
      writeFileSync(join(dir, "report.json"), JSON.stringify({ rows }));
    }
    return {};
  };
  return { invoke, calls };
}

describe("the generation pipeline's definition, run locally", function () {
  this.timeout(60_000);
  let dir: string;
  const job: ShardJob = { schema: prepareGeneration({ schema: USER, rows: 1, format: "jsonl" }).schema, rows: 5_000, seed: "pipeline", format: "jsonl", shardRows: 1_000 };
  const input = { generationId: "g1", attempt: 1, shards: [0, 1, 2, 3, 4] };
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "sdga-pipeline-")); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes every shard as its part, at most MaxConcurrency at once, then merges once: the parts are the bytes of one job file", async () => {
    const { invoke, calls } = worker(dir, job);
    let most = 0;
    await runStateMachine(pipelineDefinition({ workerArn: WORKER, maxConcurrency: 2, timeoutSeconds: 600 }), input, invoke, (n) => { most = Math.max(most, n); });
    assert.equal(most, 2);
    assert.equal(calls.at(-1), "merge");
    assert.deepEqual(calls.slice(0, -1).sort(), ["shard 0", "shard 1", "shard 2", "shard 3", "shard 4"]);
    const parts = readdirSync(dir).filter((f) => f.startsWith("part-")).sort();
    assert.deepEqual(parts, ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl", "part-00003.jsonl", "part-00004.jsonl"]);
    await writeJobFile(job, join(dir, "whole", "data.jsonl"));
    assert.ok(Buffer.concat(parts.map((p) => readFileSync(join(dir, p)))).equals(readFileSync(join(dir, "whole", "data.jsonl"))));
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")), { rows: 5_000 });
  });

  it("a shard that fails runs the fail step with the reason, which deletes the parts, and the execution fails", async () => {
    const { invoke, calls } = worker(dir, job, 3);
    await assert.rejects(runStateMachine(pipelineDefinition({ workerArn: WORKER, maxConcurrency: 1, timeoutSeconds: 600 }), input, invoke),
      (err: unknown) => err instanceof ExecutionFailed && err.error === "GenerationFailed");
    assert.equal(calls.filter((c) => c === "shard 3").length, 1, "a function error is not a transient Lambda error: no retry");
    assert.ok(!calls.includes("shard 4") && !calls.includes("merge"), "no shard starts after the failure, and nothing merges");
    assert.equal(calls.at(-1), "fail");
    assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith("part-")), []);
    const failure = JSON.parse(readFileSync(join(dir, "failure.json"), "utf8")) as { error: string; cause: string };
    assert.equal(failure.error, "States.ExceedToleratedFailureThreshold");
    assert.match(failure.cause, /GenerationFailure: shard 3: the engine refused the row/);
    assert.ok(!existsSync(join(dir, "report.json")));
  });

  it("retries a transient Lambda error, and refuses a definition outside what it runs", async () => {
    let throttled = 0;
    const base = worker(dir, job);
    const invoke = async (fn: string, payload: unknown) => {
      if ((payload as ShardEvent).sdgaShard?.shard === 1 && throttled < 2 && ++throttled) throw Object.assign(new Error("Rate exceeded"), { name: "Lambda.TooManyRequestsException" });
      return base.invoke(fn, payload);
    };
    await runStateMachine(pipelineDefinition({ workerArn: WORKER, maxConcurrency: 5, timeoutSeconds: 600 }), input, invoke);
    assert.equal(throttled, 2);
    assert.equal(base.calls.at(-1), "merge");
    const wait = { StartAt: "W", States: { W: { Type: "Wait", Seconds: 1, End: true } } };
    await assert.rejects(runStateMachine(wait, {}, invoke), /does not run Wait states/);
  });
});
