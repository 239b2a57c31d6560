// Typed stack configuration: the one place that reads pulumi.Config.
// Defaults live in Pulumi.yaml (the CLI applies them; the local preview harness applies them too), so every
// key is required here, and each value is checked with an error that names the key.
import * as pulumi from "@pulumi/pulumi";

export const PROJECT = "sdga";
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
export const AGENT_RUNTIMES = ["agentcore", "classic"] as const;
export type AgentRuntime = (typeof AGENT_RUNTIMES)[number];
export const VECTOR_STORES = ["s3vectors", "opensearch"] as const;
export type VectorStore = (typeof VECTOR_STORES)[number];
export const FUNCTION_NAMES = ["generate", "validate", "metrics", "retrieve", "ingest"] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** Retention values CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Timeouts are part of the design, not of the environment: generate runs large jobs in its async continuation. */
export const FUNCTION_TIMEOUT_SECONDS: Record<FunctionName, number> = {
  generate: 900, validate: 60, metrics: 300, retrieve: 30,
  // ingest waits for the knowledge base's ingestion job during the deploy: Lambda's longest timeout.
  ingest: 900,
};

export interface FunctionSettings {
  memoryMb: number;
  timeoutSeconds: number;
  /** Reserved concurrent executions; undefined = unreserved (new accounts cannot reserve any). */
  reservedConcurrency?: number;
}

export interface DataLifecycle {
  expirationDays: number;
  /** Days to S3 Standard-IA; undefined = never. */
  transitionToIaDays?: number;
  /** Days to S3 Glacier Flexible Retrieval; undefined = never. */
  transitionToGlacierDays?: number;
}

export interface StackConfig {
  project: string;
  stack: string;
  environment: Environment;
  agentRuntime: AgentRuntime;
  modelId: string;
  embeddingModelId: string;
  embeddingDimensions: number;
  knowledgeBase: { enabled: boolean; vectorStore: VectorStore };
  guardrailEnabled: boolean;
  logRetentionDays: number;
  dataLifecycle: DataLifecycle;
  table: { pointInTimeRecovery: boolean; deletionProtection: boolean };
  functions: Record<FunctionName, FunctionSettings>;
  agentIdleSessionTtlSeconds: number;
  maxVolume: number;
  /** Size ceilings a generation request is held to before it runs (estimated bytes as JSON). */
  limits: { maxRequestBytes: number; maxRowBytes: number; maxValueBytes: number };
  /** Generation jobs: workers a job may have, and how often the sweeper looks for jobs whose worker died. */
  jobs: { maxAttempts: number; sweepIntervalMinutes: number };
  /** The generation pipeline (Step Functions): jobs of more rows than rowThreshold fan out, maxConcurrency shards at once. */
  pipeline: { maxConcurrency: number; rowThreshold: number };
  alarms: {
    email?: string;
    /** An existing SNS topic every alarm also notifies (on-call tool, chat channel's topic). */
    topicArn?: string;
    errorRatePercent: number; durationPercentOfTimeout: number; minQualityScore: number;
  };
  /** S3 server access logs of the stack's buckets (always on in staging and prod). */
  accessLogs: { enabled: boolean; retentionDays: number };
  /** Tags every taggable resource carries (components add Name and Component). */
  tags: Record<string, string>;
}

/** Every project key, as declared in Pulumi.yaml. */
export const CONFIG_KEYS = [
  "environment", "agentRuntime", "modelId", "embeddingModelId", "embeddingDimensions", "knowledgeBaseEnabled",
  "vectorStore", "guardrailEnabled", "logRetentionDays", "dataExpirationDays", "dataTransitionToIaDays",
  "dataTransitionToGlacierDays", "pointInTimeRecovery", "deletionProtection", "generateMemoryMb", "validateMemoryMb",
  "metricsMemoryMb", "reservedConcurrency", "agentIdleSessionTtlSeconds", "maxVolume", "maxRequestMb", "maxRowKb", "maxValueKb", "jobMaxAttempts",
  "sweepIntervalMinutes", "pipelineMaxConcurrency", "pipelineRowThreshold", "alarmEmail", "alarmTopicArn",
  "accessLogsEnabled", "accessLogRetentionDays", "alarmErrorRatePercent", "alarmDurationPercentOfTimeout", "alarmMinQualityScore", "owner", "costCenter",
] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];

export class ConfigError extends Error {
  constructor(readonly key: string, problem: string) {
    super(`Invalid stack configuration '${PROJECT}:${key}': ${problem}`);
    this.name = "ConfigError";
  }
}

/** Reads raw values by key; the Pulumi config in a program, a plain map in tests. */
export type RawConfig = (key: ConfigKey) => string | undefined;

/** Parses and checks raw values into the typed configuration; throws ConfigError naming the first bad key. */
export function parseStackConfig(raw: RawConfig, stack: string): StackConfig {
  const text = (key: ConfigKey): string => {
    const value = raw(key);
    if (value === undefined) throw new ConfigError(key, `missing; set it with \`pulumi config set ${key} <value>\``);
    return value;
  };
  const oneOf = <T extends string>(key: ConfigKey, allowed: readonly T[]): T => {
    const value = text(key);
    if (!allowed.includes(value as T)) throw new ConfigError(key, `'${value}' is not one of ${allowed.join(", ")}`);
    return value as T;
  };
  const integer = (key: ConfigKey, min: number, max: number): number => {
    const value = text(key);
    const n = Number(value);
    if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new ConfigError(key, `'${value}' is not a whole number`);
    if (n < min || n > max) throw new ConfigError(key, `${n} is out of range ${min}..${max}`);
    return n;
  };
  const decimal = (key: ConfigKey, min: number, max: number): number => {
    const value = text(key);
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n)) throw new ConfigError(key, `'${value}' is not a number`);
    if (n < min || n > max) throw new ConfigError(key, `${n} is out of range ${min}..${max}`);
    return n;
  };
  const bool = (key: ConfigKey): boolean => oneOf(key, ["true", "false"]) === "true";
  const days = (key: ConfigKey): number | undefined => integer(key, 0, 3650) || undefined;
  const nonEmpty = (key: ConfigKey, pattern: RegExp, what: string): string => {
    const value = text(key);
    if (!pattern.test(value)) throw new ConfigError(key, `'${value}' is not ${what}`);
    return value;
  };

  const environment = oneOf("environment", ENVIRONMENTS);
  const logRetentionDays = integer("logRetentionDays", 1, 3653);
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    throw new ConfigError("logRetentionDays", `${logRetentionDays} is not a retention CloudWatch Logs accepts (${LOG_RETENTION_DAYS.join(", ")})`);
  }
  const dataLifecycle: DataLifecycle = {
    expirationDays: integer("dataExpirationDays", 1, 3650),
    transitionToIaDays: days("dataTransitionToIaDays"),
    transitionToGlacierDays: days("dataTransitionToGlacierDays"),
  };
  // S3 rejects transitions to Standard-IA before 30 days, and any transition at or after expiry.
  if (dataLifecycle.transitionToIaDays !== undefined && dataLifecycle.transitionToIaDays < 30) {
    throw new ConfigError("dataTransitionToIaDays", "S3 needs at least 30 days before a transition to Standard-IA");
  }
  for (const key of ["dataTransitionToIaDays", "dataTransitionToGlacierDays"] as const) {
    const d = key === "dataTransitionToIaDays" ? dataLifecycle.transitionToIaDays : dataLifecycle.transitionToGlacierDays;
    if (d !== undefined && d >= dataLifecycle.expirationDays) {
      throw new ConfigError(key, `${d} days is not before dataExpirationDays (${dataLifecycle.expirationDays})`);
    }
  }
  if (dataLifecycle.transitionToIaDays !== undefined && dataLifecycle.transitionToGlacierDays !== undefined
    && dataLifecycle.transitionToGlacierDays <= dataLifecycle.transitionToIaDays) {
    throw new ConfigError("dataTransitionToGlacierDays", "must come after dataTransitionToIaDays");
  }

  const reservedText = text("reservedConcurrency").trim();
  let reservedConcurrency: number | undefined;
  if (reservedText !== "none") {
    if (!/^\d+$/.test(reservedText) || Number(reservedText) < 1 || Number(reservedText) > 1000) {
      throw new ConfigError("reservedConcurrency", `'${reservedText}' is neither 'none' nor a whole number 1..1000`);
    }
    reservedConcurrency = Number(reservedText);
  }
  const fn = (memoryKey: ConfigKey, name: FunctionName): FunctionSettings => ({
    memoryMb: integer(memoryKey, 128, 10240),
    timeoutSeconds: FUNCTION_TIMEOUT_SECONDS[name],
    reservedConcurrency,
  });

  // Per value <= per row <= per request, each in its own unit (KiB, KiB, MiB).
  const sizeLimits = () => {
    const maxRequestBytes = integer("maxRequestMb", 1, 1024 * 1024) * 1024 * 1024;
    const maxRowBytes = integer("maxRowKb", 1, 1024 * 1024) * 1024;
    const maxValueBytes = integer("maxValueKb", 1, 1024 * 1024) * 1024;
    if (maxValueBytes > maxRowBytes) throw new ConfigError("maxValueKb", `${maxValueBytes / 1024} is above maxRowKb (${maxRowBytes / 1024}): a value is part of a row`);
    if (maxRowBytes > maxRequestBytes) throw new ConfigError("maxRowKb", `${maxRowBytes / 1024} KiB is above maxRequestMb (${maxRequestBytes / 1024 / 1024} MiB): a row is part of a request`);
    return { maxRequestBytes, maxRowBytes, maxValueBytes };
  };
  const email = text("alarmEmail").trim();
  if (email !== "" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new ConfigError("alarmEmail", `'${email}' is not an e-mail address`);
  const topicArn = text("alarmTopicArn").trim();
  if (topicArn !== "" && !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(topicArn)) {
    throw new ConfigError("alarmTopicArn", `'${topicArn}' is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`);
  }
  // Staging and prod alarms must reach someone: an e-mail address, or a topic someone (or a chat channel) listens to.
  if ((environment === "staging" || environment === "prod") && email === "" && topicArn === "") {
    throw new ConfigError("alarmEmail", `the ${environment} stack's alarms would notify nobody; set a destination with `
      + "`pulumi config set alarmEmail oncall@example.com` (then confirm the subscription from that mailbox) or "
      + "`pulumi config set alarmTopicArn arn:aws:sns:<region>:<account>:<topic>` (an existing topic, e.g. the one your "
      + "chat channel in Amazon Q Developer in chat applications is subscribed to)");
  }
  const accessLogsEnabled = bool("accessLogsEnabled");
  if (!accessLogsEnabled && environment !== "dev") {
    throw new ConfigError("accessLogsEnabled", `the ${environment} stack's buckets must log access (only dev may opt out); `
      + "`pulumi config rm accessLogsEnabled` or set it to true");
  }
  // Each shard in flight is a generate invocation: a pipeline as wide as the reserved concurrency would
  // throttle the agent's own calls to generate (and its shards' retries).
  const pipelineMaxConcurrency = integer("pipelineMaxConcurrency", 1, 10_000);
  if (reservedConcurrency !== undefined && pipelineMaxConcurrency >= reservedConcurrency) {
    throw new ConfigError("pipelineMaxConcurrency", `${pipelineMaxConcurrency} is not below reservedConcurrency (${reservedConcurrency}): leave the agent's calls to generate room`);
  }
  const tagValue = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u;

  return {
    project: PROJECT,
    stack,
    environment,
    agentRuntime: oneOf("agentRuntime", AGENT_RUNTIMES),
    modelId: nonEmpty("modelId", /^[a-zA-Z0-9:._/-]{3,2048}$/, "a Bedrock model or inference profile id"),
    embeddingModelId: nonEmpty("embeddingModelId", /^[a-zA-Z0-9:._/-]{3,2048}$/, "a Bedrock model id"),
    embeddingDimensions: integer("embeddingDimensions", 1, 4096),
    knowledgeBase: { enabled: bool("knowledgeBaseEnabled"), vectorStore: oneOf("vectorStore", VECTOR_STORES) },
    guardrailEnabled: bool("guardrailEnabled"),
    logRetentionDays,
    dataLifecycle,
    table: { pointInTimeRecovery: bool("pointInTimeRecovery"), deletionProtection: bool("deletionProtection") },
    functions: {
      generate: fn("generateMemoryMb", "generate"),
      validate: fn("validateMemoryMb", "validate"),
      metrics: fn("metricsMemoryMb", "metrics"),
      // The retrieve tool is tiny and must stay callable even when the others are throttled: never reserved.
      retrieve: { memoryMb: 256, timeoutSeconds: FUNCTION_TIMEOUT_SECONDS.retrieve },
      // Deploy-time only (it starts and watches one ingestion job): small, never reserved.
      ingest: { memoryMb: 256, timeoutSeconds: FUNCTION_TIMEOUT_SECONDS.ingest },
    },
    agentIdleSessionTtlSeconds: integer("agentIdleSessionTtlSeconds", 60, 5400),
    // Beyond one Lambda's reach, jobs run on the generation pipeline: up to a billion rows.
    maxVolume: integer("maxVolume", 1, 1_000_000_000),
    limits: sizeLimits(),
    jobs: { maxAttempts: integer("jobMaxAttempts", 1, 10), sweepIntervalMinutes: integer("sweepIntervalMinutes", 1, 1440) },
    // A Distributed Map runs at most 10,000 child executions at once.
    pipeline: { maxConcurrency: pipelineMaxConcurrency, rowThreshold: integer("pipelineRowThreshold", 1, 1_000_000_000) },
    accessLogs: { enabled: accessLogsEnabled, retentionDays: integer("accessLogRetentionDays", 1, 3650) },
    alarms: {
      email: email === "" ? undefined : email,
      topicArn: topicArn === "" ? undefined : topicArn,
      errorRatePercent: integer("alarmErrorRatePercent", 1, 100),
      durationPercentOfTimeout: integer("alarmDurationPercentOfTimeout", 1, 100),
      minQualityScore: decimal("alarmMinQualityScore", 0, 1),
    },
    tags: {
      Project: PROJECT,
      Environment: environment,
      Owner: nonEmpty("owner", tagValue, "a valid tag value"),
      CostCenter: nonEmpty("costCenter", tagValue, "a valid tag value"),
      ManagedBy: "pulumi",
    },
  };
}

/** The stack's configuration, read from `pulumi.Config` (project namespace). */
export function loadConfig(): StackConfig {
  const config = new pulumi.Config(PROJECT);
  return parseStackConfig((key) => config.get(key), pulumi.getStack());
}
