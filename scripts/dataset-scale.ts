// The shop data set (examples/shop.sql) through the local runtime as `sdga serve` starts it, run by hand (not in
// the suite): one job, in one invocation or with --pipeline on the generation pipeline (its shards on the shard
// pool's threads). Prints the job's wall time, the process's CPU time (main thread, pool threads and the local
// S3 and DynamoDB stand-ins together) and peak resident memory; --save writes the job's quality_report.json
// (to compare two checkouts: --root names the other one's folder).
//
//   npx tsx scripts/dataset-scale.ts [--volume 65000] [--format csv] [--pipeline] [--save report.json] [--root DIR]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({ options: {
  root: { type: "string", default: join(__dirname, "..") }, volume: { type: "string", default: "65000" }, format: { type: "string", default: "csv" },
  pipeline: { type: "boolean", default: false }, save: { type: "string" },
} });
const root = args.root!;
const stateDir = mkdtempSync(join(tmpdir(), "sdga-dataset-scale-"));
// The pipeline takes a job above this many rows in more than one shard (the local stack leaves it unset).
Object.assign(process.env, { POWERTOOLS_LOG_LEVEL: "ERROR", ...(args.pipeline ? { PIPELINE_ROW_THRESHOLD: "100000" } : {}) });

async function main(): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startLocalRuntime } = require(`${root}/functions/local/runtime`);
  const { classicBody, classicEvent } = require(`${root}/functions/local/events`);
  const { loadConfig } = require(`${root}/functions/shared/config`);
  const { createStorageClients } = require(`${root}/functions/shared/clients`);
  const { JobStore } = require(`${root}/functions/shared/jobs`);
  const shop = readFileSync(`${root}/examples/shop.sql`, "utf8");
  const runtime = await startLocalRuntime({ stateDir, command: "scripts/dataset-scale.ts" });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 200);
  try {
    const config = loadConfig(process.env);
    const { s3, ddb } = createStorageClients(config);
    const jobs = new JobStore(ddb, config.generationsTable);
    const cpu0 = process.cpuUsage();
    const started = Date.now();
    const response = classicBody(await runtime.handlers.generate(classicEvent("generateSyntheticData", {
      data_type: "custom", volume: Number(args.volume), dataset: shop, output_format: args.format, seed: 1, idempotency_key: `dataset-scale-${Date.now()}`,
    }))).body;
    await runtime.settle();
    const seconds = (Date.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const job = (await jobs.get(response.generation_id))!;
    if (job.status !== "completed") throw new Error(`the job ${job.status}: ${JSON.stringify(job.errors)}`);
    console.log(`${job.records_generated} rows, ${job.files.length} parts, ${String(job.lease_owner).startsWith("pipeline:") ? "on the local pipeline" : "in one invocation"}: ${seconds.toFixed(1)} s wall, CPU ${(cpu.user / 1e6).toFixed(1)} s user + ${(cpu.system / 1e6).toFixed(1)} s system (this process and its threads), peak RSS ${Math.round(peakRss / 2 ** 20)} MiB, maxRSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB; score ${job.quality_summary.overall_quality_score}`);
    if (args.save) {
      const body = await (await s3.send(new GetObjectCommand({ Bucket: config.dataBucket, Key: job.quality_report_key }))).Body!.transformToString();
      writeFileSync(args.save, body);
    }
    s3.destroy(); ddb.destroy();
  } finally {
    clearInterval(sampler);
    await runtime.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}
main().catch((err) => { console.error(err); process.exitCode = 1; });
