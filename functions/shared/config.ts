// Configuration of the agent functions, from environment variables, checked once at start-up.
import { ConfigurationError } from "./errors";
import { LIMITS } from "../contract/schemas";

export interface FunctionConfig {
  dataBucket: string;
  generationsTable: string;
  environment: string;
  /** `generated-data/<env>/`: every key this stack writes or reads starts with it. */
  dataPrefix: string;
  maxVolume: number;
  /** Volumes up to this many rows complete inside the call; larger ones continue asynchronously. */
  syncRowLimit: number;
  knowledgeBaseId?: string;
  guardrail?: { id: string; version: string };
  /** Rows per data file: larger jobs are written as part-NNNNN files, one shard of the job seed each. */
  shardRows: number;
  /** How often a background job writes its row count (for getGeneration's progress). */
  progressIntervalMs: number;
  /** Days a job record is kept before DynamoDB's TTL removes it. */
  jobTtlDays: number;
  /** Size ceilings a request is held to before it runs (estimated bytes as JSON; see requestCost.ts). */
  limits: { maxRequestBytes: number; maxRowBytes: number; maxValueBytes: number };
  /** How long a worker's lease on a job lasts without a heartbeat, in milliseconds. */
  leaseMs: number;
  /** Workers a job may have (the first run and the takeovers after crashes) before it is failed. */
  maxAttempts: number;
  /** Locally: how often the sweeper looks for jobs whose worker died, in milliseconds. */
  sweepIntervalMs: number;
  /** Local stand-ins only: endpoints of s3rver and dynalite. */
  s3Endpoint?: string;
  dynamodbEndpoint?: string;
  /**
   * Jobs of more rows than this (and more than one shard) run on the generation pipeline, when the stack has
   * one (pipelineStateMachineArn; locally a pipeline the runtime provides); others finish in one invocation.
   */
  pipelineRowThreshold?: number;
  /** The generation pipeline's state machine (the only one this function may start). */
  pipelineStateMachineArn?: string;
  /** A pipeline execution's hold on its job: the state machine's time limit plus a margin. */
  pipelineLeaseMs: number;
  /** Name of this function, for the asynchronous self-invocation (set by Lambda). */
  functionName?: string;
}

/**
 * The sync cut-over, in rows of the reference record (10 values, about 400 bytes estimated): wider or
 * larger records get proportionally fewer rows (inCallRows in requestCost.ts). Measured locally through the whole flow (generate, upload to s3rver, read back, validate,
 * metrics, reports) on the shared 2-core machine: 10-field user profiles as Parquet 25,000 rows 0.5-0.7 s,
 * 50,000 rows 0.9-1.2 s, 100,000 rows 1.7-2.3 s; 50 fields x 20,000 rows 2.7 s. With the cores saturated by
 * other work the same runs took up to 3x longer, so 50,000 keeps a call near 1-3 s, inside the design's
 * 5 s budget with room for a cold start.
 */
export const DEFAULT_SYNC_ROW_LIMIT = 50_000;

export const DEFAULT_SHARD_ROWS = 250_000;

/** Defaults of the stack settings maxRequestMb, maxRowKb and maxValueKb (Pulumi.yaml says the same). */
export const DEFAULT_LIMITS = { maxRequestBytes: 2048 * 1024 * 1024, maxRowBytes: 1024 * 1024, maxValueBytes: 256 * 1024 };
/**
 * A lease outlives any stall of a healthy worker (the longest is encoding one Parquet row group, a few
 * seconds on a loaded machine) many times over, and a dead worker's job is taken over within a minute.
 */
export const DEFAULT_LEASE_MS = 60_000;
/** The pipeline state machine's default time limit (a day, generationPipeline.ts) and ten minutes more. */
export const DEFAULT_PIPELINE_LEASE_MS = 86_400_000 + 600_000;
/** Default of the stack setting jobMaxAttempts. */
export const DEFAULT_MAX_ATTEMPTS = 3;

type Env = Record<string, string | undefined>;
export type ConfigNeeds = { storage: boolean; knowledgeBase: boolean };

function positiveInt(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new ConfigurationError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** Reads and checks the configuration; throws ConfigurationError naming every missing or bad variable. */
export function loadConfig(env: Env, needs: ConfigNeeds = { storage: true, knowledgeBase: false }): FunctionConfig {
  const missing: string[] = [];
  const need = (name: string, wanted: boolean): string => {
    const value = env[name];
    if (wanted && (value === undefined || value.trim() === "")) missing.push(name);
    return value ?? "";
  };
  const dataBucket = need("DATA_BUCKET", needs.storage);
  const generationsTable = need("GENERATIONS_TABLE", needs.storage);
  const environment = need("ENVIRONMENT", needs.storage);
  const knowledgeBaseId = need("KNOWLEDGE_BASE_ID", needs.knowledgeBase);
  if (missing.length) throw new ConfigurationError(`missing environment variable(s): ${missing.join(", ")}`);

  const dataPrefix = env.DATA_PREFIX ?? `generated-data/${environment}/`;
  if (needs.storage && (!dataPrefix.endsWith("/") || dataPrefix.startsWith("/") || dataPrefix.includes(".."))) {
    throw new ConfigurationError(`DATA_PREFIX must be a relative key prefix ending in "/", got "${dataPrefix}"`);
  }
  const guardrailId = env.GUARDRAIL_ID;
  const config: FunctionConfig = {
    dataBucket,
    generationsTable,
    environment,
    dataPrefix,
    maxVolume: positiveInt(env, "MAX_VOLUME", LIMITS.defaultMaxVolume),
    syncRowLimit: positiveInt(env, "SYNC_ROW_LIMIT", DEFAULT_SYNC_ROW_LIMIT),
    shardRows: positiveInt(env, "SHARD_ROWS", DEFAULT_SHARD_ROWS),
    progressIntervalMs: positiveInt(env, "PROGRESS_INTERVAL_MS", 2000),
    jobTtlDays: positiveInt(env, "JOB_TTL_DAYS", 30),
    limits: {
      maxRequestBytes: positiveInt(env, "MAX_REQUEST_BYTES", DEFAULT_LIMITS.maxRequestBytes),
      maxRowBytes: positiveInt(env, "MAX_ROW_BYTES", DEFAULT_LIMITS.maxRowBytes),
      maxValueBytes: positiveInt(env, "MAX_VALUE_BYTES", DEFAULT_LIMITS.maxValueBytes),
    },
    leaseMs: positiveInt(env, "JOB_LEASE_MS", DEFAULT_LEASE_MS),
    maxAttempts: positiveInt(env, "JOB_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS),
    sweepIntervalMs: positiveInt(env, "SWEEP_INTERVAL_MS", 30_000),
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    pipelineLeaseMs: positiveInt(env, "PIPELINE_LEASE_MS", DEFAULT_PIPELINE_LEASE_MS),
  };
  if (env.PIPELINE_ROW_THRESHOLD) config.pipelineRowThreshold = positiveInt(env, "PIPELINE_ROW_THRESHOLD", 1);
  if (env.PIPELINE_STATE_MACHINE_ARN) config.pipelineStateMachineArn = env.PIPELINE_STATE_MACHINE_ARN;
  if (knowledgeBaseId) config.knowledgeBaseId = knowledgeBaseId;
  if (guardrailId) config.guardrail = { id: guardrailId, version: env.GUARDRAIL_VERSION ?? "DRAFT" };
  if (env.SDGA_S3_ENDPOINT) config.s3Endpoint = env.SDGA_S3_ENDPOINT;
  if (env.SDGA_DYNAMODB_ENDPOINT) config.dynamodbEndpoint = env.SDGA_DYNAMODB_ENDPOINT;
  return config;
}
