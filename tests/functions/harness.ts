// A real local stack for the function specs: s3rver + dynalite on random ports in a temp folder, and the
// handlers built over it (through the same factories the Lambda entries use).
import "./quiet";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsCommand, type S3Client } from "@aws-sdk/client-s3";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { startLocalStack, type LocalStack, type LocalStackOptions } from "../../functions/local/stack";
import { loadConfig, type FunctionConfig } from "../../functions/shared/config";
import { createDynamoClient, createS3Client } from "../../functions/shared/clients";
import { JobStore, type JobRecord } from "../../functions/shared/jobs";
import { inProcessContinuation, settleContinuations } from "../../functions/shared/continuation";
import { createGenerateHandler } from "../../functions/generate/app";
import { continueGeneration, type GenerationDeps } from "../../functions/generate/generation";
import { createMetricsHandler } from "../../functions/metrics/app";
import { createValidateHandler } from "../../functions/validate/app";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export type Handler = (event: unknown, context?: unknown) => Promise<any>;

export interface Harness {
  stack: LocalStack;
  config: FunctionConfig;
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
  jobs: JobStore;
  generateDeps: GenerationDeps;
  generate: Handler;
  validate: Handler;
  metrics: Handler;
  settle(): Promise<void>;
  listKeys(prefix?: string): Promise<string[]>;
  scanJobs(): Promise<JobRecord[]>;
  stop(): Promise<void>;
}

/** `place.stateDir`: a folder of the caller's (kept at stop); otherwise a fresh temporary one (removed at stop). */
export async function startHarness(overrides: Record<string, string> = {}, place: Pick<LocalStackOptions, "stateDir" | "s3QuotaBytes"> = {}): Promise<Harness> {
  const dir = place.stateDir ?? mkdtempSync(join(tmpdir(), "sdga-fn-"));
  const stack = await startLocalStack({ ...place, stateDir: dir, environment: "test" });
  const config = loadConfig({ ...stack.env, ...overrides });
  const s3 = createS3Client(config);
  const ddb = createDynamoClient(config);
  const jobs = new JobStore(ddb, config.generationsTable);
  const generateDeps: GenerationDeps = {
    config, s3, jobs,
    startContinuation: inProcessContinuation((id) => continueGeneration(generateDeps, id)),
  };
  // ListObjects (v1) pages by marker: s3rver fails to make a v2 continuation token past 1,000 keys.
  const listKeys = async (prefix = "") => {
    const keys: string[] = [];
    for (let marker: string | undefined; ;) {
      const out = await s3.send(new ListObjectsCommand({ Bucket: stack.bucket, Prefix: prefix, ...(marker ? { Marker: marker } : {}) }));
      keys.push(...(out.Contents ?? []).map((o) => o.Key!));
      if (!out.IsTruncated || !out.Contents?.length) break;
      marker = out.Contents[out.Contents.length - 1]!.Key;
    }
    return keys.sort();
  };
  return {
    stack, config, s3, ddb, jobs, generateDeps,
    generate: createGenerateHandler(generateDeps) as Handler,
    validate: createValidateHandler(config) as Handler,
    metrics: createMetricsHandler({ config, s3, jobs }) as Handler,
    settle: settleContinuations,
    listKeys,
    scanJobs: async () => {
      const jobs: JobRecord[] = [];
      for (let start: Record<string, unknown> | undefined; ;) {
        const out = await ddb.send(new ScanCommand({ TableName: stack.table, ...(start ? { ExclusiveStartKey: start } : {}) }));
        jobs.push(...((out.Items ?? []) as JobRecord[]));
        if (!out.LastEvaluatedKey) return jobs;
        start = out.LastEvaluatedKey;
      }
    },
    stop: async () => {
      await settleContinuations();
      s3.destroy();
      ddb.destroy();
      await stack.stop();
      if (!place.stateDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const USER_PROFILE = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" },
    email: { type: "string", format: "email" },
    age: { type: "integer", minimum: 18, maximum: 90 },
    balance: { type: "number", minimum: 0, maximum: 100000, multipleOf: 0.01 },
    status: { type: "string", enum: ["active", "inactive"] },
  },
  required: ["id", "email", "age", "balance", "status"],
  additionalProperties: false,
};

export const ORDER_FIELDS = {
  fields: [
    { name: "order_id", type: "uuid", constraints: { unique: true } },
    { name: "amount", type: "float", constraints: { min: 1, max: 500 } },
    { name: "placed_at", type: "datetime" },
    { name: "customer_email", type: "email" },
  ],
};
