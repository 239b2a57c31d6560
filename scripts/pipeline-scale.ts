// One large job through the local generation pipeline, run by hand (not in the suite; the pipeline spec is
// its scaled-down twin): the local runtime as `sdga serve` starts it, a request above the pipeline's row
// threshold, every shard on the shard pool's threads, then the merge. Prints the wall time, the process's
// peak resident memory (main thread, pool threads and the local S3 and DynamoDB stand-ins together), and
// whether the merged quality report equals one summary computed in one pass over every row read back.
//
//   npx tsx scripts/pipeline-scale.ts [--rows 10000000] [--format jsonl] [--concurrency 2] [--shard-rows 250000] [--keep]
//
// The state folder is a fresh temporary one, removed at the end unless --keep.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { parseArgs } from "node:util";
import { differences } from "../tests/functions/almostEqual";

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "10000000" },
    format: { type: "string", default: "jsonl" },
    concurrency: { type: "string", default: "2" },
    "shard-rows": { type: "string", default: "250000" },
    keep: { type: "boolean", default: false },
  },
});
const rows = Number(args.rows);
const stateDir = mkdtempSync(join(tmpdir(), "sdga-pipeline-scale-"));
// The local stack's settings for a job this size: the pipeline takes jobs above 1M rows (the stack's default).
Object.assign(process.env, {
  // maxRequestMb as prod has it (65,536): 10M rows of this schema are about 2.4 GiB.
  MAX_REQUEST_BYTES: String(64 * 2 ** 30), MAX_VOLUME: String(rows), PIPELINE_ROW_THRESHOLD: String(Math.min(1_000_000, rows - 1)), SHARD_ROWS: args["shard-rows"],
  SDGA_PIPELINE_MAX_CONCURRENCY: args.concurrency, POWERTOOLS_LOG_LEVEL: "ERROR",
});

async function main(): Promise<void> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { startLocalRuntime } = require("../functions/local/runtime") as typeof import("../functions/local/runtime");
  const { classicBody, classicEvent } = require("../functions/local/events") as typeof import("../functions/local/events");
  const { loadConfig } = require("../functions/shared/config") as typeof import("../functions/shared/config");
  const { createStorageClients } = require("../functions/shared/clients") as typeof import("../functions/shared/clients");
  const { JobStore } = require("../functions/shared/jobs") as typeof import("../functions/shared/jobs");
  const { readRows } = require("../functions/engine/io") as typeof import("../functions/engine/io");
  const { DatasetSummary, qualityReport, schemaValidator } = require("../functions/engine/metrics") as typeof import("../functions/engine/metrics");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const schema = require("../examples/user_profile.schema.json") as import("../functions/engine/schema/types").JsonSchemaObject;
  const runtime = await startLocalRuntime({ stateDir, command: "scripts/pipeline-scale.ts" });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 200);
  try {
    const config = loadConfig(process.env);
    const { s3, ddb } = createStorageClients(config);
    const jobs = new JobStore(ddb, config.generationsTable);
    const started = Date.now();
    const response = classicBody(await runtime.handlers.generate(classicEvent("generateSyntheticData", {
      data_type: "user_profile", volume: rows, schema, output_format: args.format, seed: 10, idempotency_key: `scale-${rows}`,
    }))).body as { generation_id: string; status: string };
    if (response.status !== "processing") throw new Error(`the request was not handed to the pipeline: ${JSON.stringify(response)}`);
    await runtime.settle();
    const seconds = (Date.now() - started) / 1000;
    const job = (await jobs.get(response.generation_id))!;
    if (job.status !== "completed") throw new Error(`the job ${job.status}: ${JSON.stringify(job.errors)}`);
    console.log(`${rows.toLocaleString("en")} ${args.format} rows in ${job.files!.length} parts through the local pipeline (${args.concurrency} shards at once): ${seconds.toFixed(1)} s, ${Math.round(rows / seconds).toLocaleString("en")} rows/s, peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`);

    // One summary over every row read back, in one pass, against the merge of the shards' summaries.
    const readStarted = Date.now();
    const whole = new DatasetSummary({ schema, validator: schemaValidator(schema) });
    for (const key of job.files!) {
      const object = await s3.send(new GetObjectCommand({ Bucket: config.dataBucket, Key: key }));
      for await (const row of readRows(args.format as "jsonl", object.Body as Readable, schema)) whole.add(row);
    }
    const stored = JSON.parse(Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: config.dataBucket, Key: job.quality_report_key! }))).Body!.transformToByteArray()).toString("utf8")) as Record<string, unknown>;
    const { validation, ...merged } = stored;
    const one = JSON.parse(JSON.stringify(qualityReport(whole))) as Record<string, unknown>;
    const diffs = differences(merged, one);
    console.log(`read back ${whole.rowCount.toLocaleString("en")} rows in ${((Date.now() - readStarted) / 1000).toFixed(1)} s; validation: ${JSON.stringify({ rows: (validation as { rows: number }).rows, invalid: (validation as { invalid_rows: number }).invalid_rows })}`);
    // Past the summaries' exact bounds (summary.ts SUMMARY_LIMITS) some figures come from a uniform sample
    // (quantiles, histograms, the column pairs, the sample rows) or from Misra-Gries counters (top categories):
    // merged shards and one pass draw different samples, so those agree within the sketch's error, not exactly.
    const sampled = /quantiles|median|histogram|associations|sample_rows/;
    const counted = /top_categories|\.categories\[/;
    const exactDiffs = diffs.filter((d) => !sampled.test(d) && !counted.test(d));
    const leaves = (v: unknown): number => (Array.isArray(v) ? v.reduce((n: number, x) => n + leaves(x), 0) : typeof v === "object" && v !== null ? Object.values(v).reduce((n: number, x) => n + leaves(x), 0) : 1);
    const compared = leaves(one);
    const misraGriesBound = rows / (512 + 1);
    const countGap = Math.max(0, ...diffs.filter((d) => /top_categories\[\d+\]\.count/.test(d)).map((d) => { const [a, b] = d.split(": ")[1]!.split(" != ").map(Number); return Math.abs(a! - b!); }));
    const stats = merged.field_statistics as Record<string, { min?: unknown; max?: unknown }>;
    const quantileGap = Math.max(0, ...diffs.filter((d) => /field_statistics\.\w+\.(quantiles|median)/.test(d)).map((d) => {
      const field = /field_statistics\.(\w+)\./.exec(d)![1]!;
      const [a, b] = d.split(": ")[1]!.split(" != ").map((x) => Number(JSON.parse(x)));
      const range = Number(stats[field]?.max) - Number(stats[field]?.min);
      return Number.isFinite(a! - b!) && range > 0 ? Math.abs(a! - b!) / range : 0;
    }));
    console.log(`report figures compared: ${compared}; equal: ${compared - diffs.length}; exact figures that differ: ${exactDiffs.length}${exactDiffs.length ? `\n  ${exactDiffs.slice(0, 40).join("\n  ")}` : ""}`);
    console.log(`sampled figures that differ: ${diffs.filter((d) => sampled.test(d)).length} (quantiles at most ${(quantileGap * 100).toFixed(2)}% of the field's range apart); Misra-Gries figures that differ: ${diffs.filter((d) => counted.test(d)).length} (counts at most ${countGap} apart, bound n/(K+1) = ${Math.floor(misraGriesBound)})`);
    const diffsForExit = exactDiffs;
    console.log(`peak RSS over the whole run ${Math.round(peakRss / 2 ** 20)} MiB (maxRSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB)`);
    s3.destroy();
    ddb.destroy();
    if (diffsForExit.length) process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    await runtime.stop();
    if (!args.keep) rmSync(stateDir, { recursive: true, force: true });
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
