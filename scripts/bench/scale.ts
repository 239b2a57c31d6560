// `npm run bench -- scale`: cost and time at scale, on paper. Measures one shard's throughput on this
// machine (shard 0 of a 1M-row job: SHARD_ROWS rows of examples/user_profile.schema.json, plan compiled,
// encoded to a discarding sink, one thread: the work of one shard worker), then prints for each stack the
// wall time and the AWS cost of 1M, 100M and 1B rows fanned out as a Step Functions Distributed Map of one
// Lambda invocation per shard, and each stack's monthly cost of the data path for an assumed month of jobs,
// against the original budget ($750-2,250 a month). Prices: scripts/bench/awsPrices.ts (with their date).
// Every figure that is not measured is an assumption printed with the table (ASSUMPTIONS).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { prepareGeneration } from "../../functions/engine/generate";
import { encodeShard, PIECE_BYTES, SHARD_ROWS, shardLayout, type ShardJob } from "../../functions/engine/shards";
import type { JsonSchemaObject, OutputFormat } from "../../functions/engine/schema/types";
import { PART_SIZE } from "../../functions/shared/storage";
import { AWS_PRICES, PRICES_CHECKED, REGION } from "./awsPrices";
import { table } from "./table";

const ROOT = join(__dirname, "..", "..");
const SIZES = [1_000_000, 100_000_000, 1_000_000_000];
const BUDGET = { low: 750, high: 2250 };

/** What the model takes that this machine cannot measure. */
export const ASSUMPTIONS = {
  /** Lambda gives one full vCPU at 1,769 MB and a share of one below; a shard is one thread. */
  fullVcpuMb: 1769,
  /** A Lambda vCPU (Graviton) as fast for this work as one core of the machine the bench runs on. */
  vcpuVsThisCore: 1,
  /** Start of a shard invocation (cold start share, plan compilation is measured). */
  invocationOverheadSeconds: 0.5,
  /** Multipart upload from Lambda to S3 in the same Region, overlapped with encoding: only the tail counts. */
  uploadTailSeconds: 0.3,
  /** Step Functions Standard transitions: the parent's states, and per shard (iteration and its task). */
  parentTransitions: 8,
  transitionsPerShard: 2,
  /** The merge step reads every shard's summary (parallel reads): fixed part and per shard. */
  mergeSeconds: 2,
  mergeSecondsPerShard: 0.005,
  /** SSE-KMS with S3 Bucket Keys: at most a data-key request and a decrypt per shard invocation. */
  kmsCallsPerShard: 2,
  /** Shards in flight at once (the Distributed Map's MaxConcurrency), capped by reserved concurrency. */
  /** A month of jobs per stack (rows -> jobs). */
  monthlyJobs: {
    dev: { 1_000_000: 20 },
    staging: { 1_000_000: 20, 100_000_000: 4 },
    prod: { 1_000_000: 200, 100_000_000: 20, 1_000_000_000: 2 },
  } as Record<string, Record<number, number>>,
};

interface ShardMeasure { format: OutputFormat; rows: number; seconds: number; bytes: number }

function measureShard(schema: JsonSchemaObject, format: OutputFormat): ShardMeasure {
  const job: ShardJob = { schema, rows: 1_000_000, seed: "scale", format };
  let best = Infinity, bytes = 0, rows = 0;
  const buffer = Buffer.allocUnsafeSlow(PIECE_BYTES);
  for (let run = 0; run < 3; run++) {
    let written = 0;
    const started = process.hrtime.bigint();
    const outcome = encodeShard(job, 0, { acquire: () => buffer, emit: (_b, length) => { written += length; } });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (seconds < best) best = seconds;
    bytes = written;
    rows = outcome.rows;
  }
  return { format, rows, seconds: best, bytes };
}

interface Stack { name: string; memoryMb: number; retentionDays: number; maxConcurrency: number }

/** config.ts's default for a stack file without `pipelineMaxConcurrency`. */
const DEFAULT_PIPELINE_MAX_CONCURRENCY = 10;

function stacks(): Stack[] {
  return ["dev", "staging", "prod"].map((name) => {
    const config = (parseYaml(readFileSync(join(ROOT, `Pulumi.${name}.yaml`), "utf8")) as { config: Record<string, unknown> }).config;
    return {
      name, memoryMb: Number(config["sdga:generateMemoryMb"]), retentionDays: Number(config["sdga:dataExpirationDays"]),
      maxConcurrency: Number(config["sdga:pipelineMaxConcurrency"] ?? DEFAULT_PIPELINE_MAX_CONCURRENCY),
    };
  });
}

interface JobCost { shards: number; seconds: number; gbSeconds: number; transitions: number; s3Writes: number; s3Reads: number; gb: number; kms: number; usd: Record<string, number>; total: number }

export function jobCost(rows: number, shard: ShardMeasure, stack: Stack): JobCost {
  const a = ASSUMPTIONS;
  const { count: shards } = shardLayout(rows);
  const cpuShare = Math.min(1, stack.memoryMb / a.fullVcpuMb) * a.vcpuVsThisCore;
  const shardRows = rows / shards;
  const shardBytes = (shard.bytes / shard.rows) * shardRows;
  const shardSeconds = a.invocationOverheadSeconds + (shard.seconds / shard.rows) * shardRows / cpuShare + a.uploadTailSeconds;
  const concurrency = stack.maxConcurrency;
  const mergeSeconds = a.mergeSeconds + a.mergeSecondsPerShard * shards;
  const seconds = Math.ceil(shards / concurrency) * shardSeconds + mergeSeconds;
  const gb = stack.memoryMb / 1024;
  const gbSeconds = shards * shardSeconds * gb + mergeSeconds * gb;
  const transitions = a.parentTransitions + a.transitionsPerShard * shards;
  // Per shard: CreateMultipartUpload, its parts, CompleteMultipartUpload, the shard's summary; then the report files.
  const s3Writes = shards * (2 + Math.ceil(shardBytes / PART_SIZE) + 1) + 4;
  const s3Reads = shards;
  const dataGb = (shardBytes * shards) / 1e9;
  const kms = a.kmsCallsPerShard * shards;
  const usd = {
    lambda: gbSeconds * AWS_PRICES.lambdaArmGbSecond + (shards + 2) * AWS_PRICES.lambdaRequest,
    stepFunctions: transitions * AWS_PRICES.stepFunctionsTransition,
    s3Requests: s3Writes * AWS_PRICES.s3WriteRequest + s3Reads * AWS_PRICES.s3ReadRequest,
    s3StorageMonth: dataGb * AWS_PRICES.s3StandardGbMonth,
    kms: kms * AWS_PRICES.kmsRequest,
  };
  return { shards, seconds, gbSeconds, transitions, s3Writes, s3Reads, gb: dataGb, kms, usd, total: Object.values(usd).reduce((x, y) => x + y, 0) };
}

const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const usd = (n: number) => (n < 0.01 ? `$${n.toFixed(4)}` : `$${fmt(n, 2)}`);
const duration = (s: number) => (s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);

export async function bench(): Promise<void> {
  const raw = JSON.parse(readFileSync(join(ROOT, "examples", "user_profile.schema.json"), "utf8")) as JsonSchemaObject;
  const schema = prepareGeneration({ schema: raw, rows: 1, format: "jsonl" }).schema;
  console.log(`One shard (${fmt(SHARD_ROWS)} rows of user_profile, plan compiled, encoded on one thread, best of 3):`);
  const measured = (["jsonl", "parquet"] as const).map((format) => measureShard(schema, format));
  table(["format", "seconds", "rows/s", "bytes/row", "MB per shard"], measured.map((m) => [
    m.format, m.seconds.toFixed(2), fmt(m.rows / m.seconds), (m.bytes / m.rows).toFixed(1), (m.bytes / 1e6).toFixed(1),
  ]));
  console.log(`\nAWS prices of ${PRICES_CHECKED} (${REGION}, list, before free tiers): scripts/bench/awsPrices.ts. Assumptions: ${JSON.stringify({ ...ASSUMPTIONS, monthlyJobs: undefined })}`);
  const all = stacks();
  for (const shard of measured) {
    console.log(`\nTime and cost per job, ${shard.format} (one Lambda per shard of ${fmt(SHARD_ROWS)} rows, a Standard Distributed Map):`);
    const rows: string[][] = [];
    for (const stack of all) {
      for (const size of SIZES) {
        const c = jobCost(size, shard, stack);
        rows.push([stack.name, `${stack.memoryMb} MB x ${stack.maxConcurrency}`, fmt(size), fmt(c.shards), duration(c.seconds),
          fmt(c.gbSeconds), fmt(c.transitions), fmt(c.s3Writes + c.s3Reads), c.gb.toFixed(1), fmt(c.kms),
          usd(c.usd.lambda), usd(c.usd.stepFunctions), usd(c.usd.s3Requests), usd(c.usd.s3StorageMonth), usd(c.usd.kms), usd(c.total)]);
      }
    }
    table(["stack", "Lambda", "rows", "shards", "time", "GB-s", "transitions", "S3 requests", "GB", "KMS calls",
      "Lambda $", "Step Fn $", "S3 req $", "S3 GB-month $", "KMS $", "total $"], rows);
  }
  const jsonl = measured[0];
  console.log(`\nMonthly cost of the data path per stack (JSONL; storage held for the stack's retention at S3 Standard, an upper bound: staging and prod move data to IA after 90 days), against the budget of $${BUDGET.low}-${fmt(BUDGET.high)} a month:`);
  table(["stack", "jobs a month", "rows a month", "jobs $", "storage held $", "month $", "share of $750"], all.map((stack) => {
    const jobs = ASSUMPTIONS.monthlyJobs[stack.name];
    let perJobs = 0, gb = 0, rowsMonth = 0;
    for (const [size, count] of Object.entries(jobs)) {
      const c = jobCost(Number(size), jsonl, stack);
      perJobs += count * (c.total - c.usd.s3StorageMonth);
      gb += count * c.gb;
      rowsMonth += count * Number(size);
    }
    const held = gb * Math.max(1, stack.retentionDays / 30) * AWS_PRICES.s3StandardGbMonth;
    const month = perJobs + held;
    return [stack.name, Object.entries(jobs).map(([s, n]) => `${n} x ${fmt(Number(s))}`).join(", "), fmt(rowsMonth), usd(perJobs), usd(held), usd(month), `${((month / BUDGET.low) * 100).toFixed(1)}%`];
  }));
  console.log("(the data path only: Bedrock model tokens, the agent runtime, CloudWatch and the stack's fixed resources are not in this table)");
}

if (require.main === module) void bench();
