// The stack: reads the typed configuration, wires the components top to bottom, exports the outputs.
// Every taggable resource gets the stack's tags explicitly (plus Name and Component) from its component.
import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import { loadConfig, type FunctionName } from "./config";
import {
  AccessLogs, AgentLambda, BedrockAgent, EMF_METRICS, EncryptionKey, GenerationsTable, KnowledgeBase, KnowledgeBaseIngestion,
  GenerationPipeline, Monitoring, PersonalDataGuardrail, pipelineArn, pipelineStateMachineName, ScheduledInvocation, SecureBucket, applyGuardrailStatement, generateStatements, ingestStatements,
  lambdaFunctionName, rateExpression, lifecycleRules, loadAgentInstruction, loadOpenApiDocuments, loadToolDefinitions, metricsNamespace,
  metricsStatements, powertoolsServiceName, retrieveStatements, stackLogGroupNamePattern, stackPrefix, validateStatements,
  type AgentFunction, type AwsEnv, type PolicyStatement,
} from "./components";

const config = loadConfig();
const prefix = stackPrefix(config.project, config.environment);
const tags = config.tags;
const classic = config.agentRuntime === "classic";
const s3Vectors = config.knowledgeBase.enabled && config.knowledgeBase.vectorStore === "s3vectors";
// Stateful resources of stacks with deletion protection are also protected from `pulumi destroy`.
const stateful: pulumi.ComponentResourceOptions = { protect: config.table.deletionProtection };
const disposable = config.environment === "dev";

const caller = getCallerIdentityOutput({});
const region = getRegionOutput({}).region;
const env: pulumi.Output<AwsEnv> = pulumi.all([getPartitionOutput({}).partition, region, caller.accountId])
  .apply(([partition, r, accountId]) => ({ partition, region: r, accountId }));

// 1. The stack key: data, table, logs, topic, agent, vector store and access logs are encrypted with it.
const key = new EncryptionKey(`${prefix}-key`, {
  env,
  aliasName: prefix,
  logGroupNamePatterns: [stackLogGroupNamePattern(prefix)],
  allowCloudWatchAlarms: true,
  allowBedrockAgents: classic,
  allowS3VectorsIndexing: s3Vectors,
  // The stack's buckets are auto-named `<prefix>-...` (created after the key, so a pattern, not their ARNs).
  s3AccessLogSourceArnPatterns: config.accessLogs.enabled
    ? env.apply((e) => [`arn:${e.partition}:s3:::${prefix}-*`]) : [],
  deletionWindowInDays: disposable ? 7 : 30,
  tags,
}, stateful);

// 2. Storage: the data bucket (lifecycle per environment) and the generations table.
const dataPrefix = `generated-data/${config.environment}/`;
const dataBucket = new SecureBucket(`${prefix}-data`, {
  kmsKeyArn: key.keyArn,
  lifecycleRules: lifecycleRules("generated-data", dataPrefix, config.dataLifecycle),
  forceDestroy: disposable,
  tags,
}, stateful);
const table = new GenerationsTable(`${prefix}-generations`, {
  tableName: `${prefix}-generations`,
  kmsKeyArn: key.keyArn,
  pointInTimeRecovery: config.table.pointInTimeRecovery,
  deletionProtection: config.table.deletionProtection,
  tags,
}, stateful);

// 3. The knowledge base (on by default) and the optional guardrail.
const knowledgeBase = config.knowledgeBase.enabled
  ? new KnowledgeBase(`${prefix}-kb`, {
    env, prefix, kmsKeyArn: key.keyArn,
    embeddingModelId: config.embeddingModelId,
    embeddingDimensions: config.embeddingDimensions,
    vectorStore: config.knowledgeBase.vectorStore,
    deployerArn: caller.arn,
    forceDestroy: disposable,
    tags,
  })
  : undefined;
const guardrail = config.guardrailEnabled
  ? new PersonalDataGuardrail(`${prefix}-guardrail`, { guardrailName: `${prefix}-personal-data`, tags })
  : undefined;

// 4. The tool functions (`retrieve` only where the agent reaches the KB through a tool: AgentCore), and the
// deploy-time `ingest` function wherever there is a knowledge base.
const namespace = metricsNamespace(config.project, config.environment);
const dataAccess = pulumi.all([dataBucket.bucketArn, table.tableArn, key.keyArn])
  .apply(([dataBucketArn, tableArn, keyArn]) => ({ dataBucketArn, dataPrefix, tableArn, keyArn }));
const functionNames: FunctionName[] = ["generate", "validate", "metrics"];
if (knowledgeBase && !classic) functionNames.push("retrieve");
const deployedFunctions: FunctionName[] = knowledgeBase ? [...functionNames, "ingest"] : [...functionNames];

const FUNCTION_DESCRIPTIONS: Record<FunctionName, string> = {
  generate: "Agent tools generateSyntheticData and getGeneration: generates seeded synthetic data sets into the data bucket",
  validate: "Agent tool validateSchema: checks a schema's soundness, satisfiability and compliance",
  metrics: "Agent tool calculateQualityMetrics: quality scores and fidelity of a generated data set",
  retrieve: "Agent tool retrieveKnowledge: retrieves domain guidance from the stack's knowledge base",
  ingest: "Deploy-time only: ingests the knowledge base's documents and fails the deploy if the ingestion fails",
};

/** What each function may do beyond its logs, traces, metrics and key (policies.ts), plus the guardrail on AgentCore. */
function statementsFor(fn: FunctionName): pulumi.Output<PolicyStatement[]> {
  return pulumi.all([env, dataAccess, knowledgeBase?.knowledgeBaseId, guardrail?.guardrailArn])
    .apply(([e, access, kbId, guardrailArn]) => {
      const own = fn === "generate" ? generateStatements(e, access, lambdaFunctionName(prefix, fn))
        : fn === "metrics" ? metricsStatements(e, access)
          : fn === "retrieve" ? retrieveStatements(e, kbId!)
            : fn === "ingest" ? ingestStatements(e, kbId!)
              : validateStatements();
      // Classic attaches the guardrail to the agent; on AgentCore the tool functions apply it themselves.
      return guardrailArn !== undefined && !classic && fn !== "ingest" ? [...own, applyGuardrailStatement(guardrailArn)] : own;
    });
}

// The generation pipeline's state machine is named up front: generate may start it (and no other), and its
// definition names generate as the worker.
const pipelineName = pipelineStateMachineName(lambdaFunctionName(prefix, "generate"));

const functions = {} as Record<FunctionName, AgentLambda>;
for (const fn of deployedFunctions) {
  const settings = config.functions[fn];
  const environment: Record<string, pulumi.Input<string>> = fn === "ingest" ? {
    KNOWLEDGE_BASE_ID: knowledgeBase!.knowledgeBaseId,
    DATA_SOURCE_ID: knowledgeBase!.dataSourceId,
    POWERTOOLS_SERVICE_NAME: powertoolsServiceName(config.project, fn),
    POWERTOOLS_METRICS_NAMESPACE: namespace,
  } : {
    DATA_BUCKET: dataBucket.bucketName,
    GENERATIONS_TABLE: table.tableName,
    ENVIRONMENT: config.environment,
    DATA_PREFIX: dataPrefix,
    MAX_VOLUME: String(config.maxVolume),
    POWERTOOLS_SERVICE_NAME: powertoolsServiceName(config.project, fn),
    POWERTOOLS_METRICS_NAMESPACE: namespace,
  };
  // Generation requests are costed against the stack's ceilings (generate refuses, validate reports them).
  if (fn === "generate" || fn === "validate") {
    environment.MAX_REQUEST_BYTES = String(config.limits.maxRequestBytes);
    environment.MAX_ROW_BYTES = String(config.limits.maxRowBytes);
    environment.MAX_VALUE_BYTES = String(config.limits.maxValueBytes);
  }
  if (fn === "generate") {
    environment.JOB_MAX_ATTEMPTS = String(config.jobs.maxAttempts);
    environment.PIPELINE_STATE_MACHINE_ARN = env.apply((e) => pipelineArn.stateMachine(e, pipelineName));
    environment.PIPELINE_ROW_THRESHOLD = String(config.pipeline.rowThreshold);
  }
  if (fn === "retrieve" && knowledgeBase) environment.KNOWLEDGE_BASE_ID = knowledgeBase.knowledgeBaseId;
  if (guardrail && !classic && fn !== "ingest") {
    environment.GUARDRAIL_ID = guardrail.guardrailId;
    environment.GUARDRAIL_VERSION = guardrail.guardrailVersion;
  }
  functions[fn] = new AgentLambda(`${prefix}-${fn}`, {
    handlerName: fn,
    functionName: lambdaFunctionName(prefix, fn),
    description: FUNCTION_DESCRIPTIONS[fn],
    env,
    kmsKeyArn: key.keyArn,
    statements: statementsFor(fn),
    environment,
    metricsNamespace: namespace,
    memoryMb: settings.memoryMb,
    timeoutSeconds: settings.timeoutSeconds,
    reservedConcurrency: settings.reservedConcurrency,
    logRetentionDays: config.logRetentionDays,
    tags,
  });
}

// 4b. The sweeper: on a schedule, generation jobs whose worker died (crash, timeout) are resumed, or failed
// once their attempts are spent.
new ScheduledInvocation(`${prefix}-sweeper`, {
  functionName: functions.generate.functionName,
  functionArn: functions.generate.functionArn,
  scheduleExpression: rateExpression(config.jobs.sweepIntervalMinutes),
  input: JSON.stringify({ sdgaSweep: {} }),
  env,
  description: "Resumes or fails generation jobs whose worker died",
  tags,
});

// 5. The agent for the stack's runtime.
const agentFunctions: Partial<Record<FunctionName, AgentFunction>> = Object.fromEntries(functionNames
  .map((fn) => [fn, { functionName: functions[fn].functionName, functionArn: functions[fn].functionArn }]));
const agent = new BedrockAgent(`${prefix}-agent`, {
  runtime: config.agentRuntime,
  env,
  prefix,
  modelId: config.modelId,
  instruction: loadAgentInstruction(),
  kmsKeyArn: key.keyArn,
  idleSessionTtlSeconds: config.agentIdleSessionTtlSeconds,
  functions: agentFunctions,
  tools: classic ? undefined : loadToolDefinitions(),
  openApiDocuments: classic ? loadOpenApiDocuments() : undefined,
  knowledgeBaseId: classic ? knowledgeBase?.knowledgeBaseId : undefined,
  guardrail: classic && guardrail
    ? { guardrailId: guardrail.guardrailId, guardrailVersion: guardrail.guardrailVersion, guardrailArn: guardrail.guardrailArn }
    : undefined,
  tags,
});

// 5b. The knowledge base is loaded by the deploy: after the documents and the data source, and again whenever
// the documents change; a failed ingestion fails the deploy.
const ingestion = knowledgeBase
  ? new KnowledgeBaseIngestion(`${prefix}-kb-ingestion`, {
    knowledgeBaseId: knowledgeBase.knowledgeBaseId,
    dataSourceId: knowledgeBase.dataSourceId,
    documentsDigest: knowledgeBase.documentsDigest,
    functionName: functions.ingest.functionName,
    after: [...knowledgeBase.uploads, knowledgeBase.dataSource, functions.ingest],
  })
  : undefined;

// 5c. Server access logs of the data bucket (presigned downloads) and the KB bucket, to a log bucket of the
// stack. Always in staging and prod (config.ts refuses otherwise); dev may opt out.
const accessLogs = config.accessLogs.enabled
  ? new AccessLogs(`${prefix}-access-logs`, {
    accountId: caller.accountId,
    kmsKeyArn: key.keyArn,
    sources: [
      { label: "data", bucketName: dataBucket.bucketName, bucketArn: dataBucket.bucketArn },
      ...(knowledgeBase ? [{ label: "knowledge-base", bucketName: knowledgeBase.documentBucketName, bucketArn: knowledgeBase.documents.bucketArn }] : []),
    ],
    retentionDays: config.accessLogs.retentionDays,
    forceDestroy: disposable,
    tags,
  }, stateful)
  : undefined;

// 6. Monitoring: alarms for every function, the table, the agent and the data quality; one dashboard. Staging
// and prod alarms must reach someone (config.ts refuses a stack without a destination; Monitoring checks again).
const monitoring = new Monitoring(`${prefix}-monitoring`, {
  region,
  kmsKeyArn: key.keyArn,
  alarmEmail: config.alarms.email,
  alarmTopicArns: config.alarms.topicArn ? [config.alarms.topicArn] : [],
  requireDestination: config.environment !== "dev",
  alarms: {
    prefix,
    functions: deployedFunctions.map((fn) => ({
      key: fn, functionName: functions[fn].functionName, timeoutSeconds: config.functions[fn].timeoutSeconds,
    })),
    tableName: table.tableName,
    runtime: config.agentRuntime,
    gatewayArn: agent.gatewayArn,
    agentAliasArn: agent.aliasArn,
    emf: {
      namespace,
      service: powertoolsServiceName(config.project, "generate"),
      qualityServices: [powertoolsServiceName(config.project, "generate"), powertoolsServiceName(config.project, "metrics")],
      generationFailedMetric: EMF_METRICS.generationFailed,
      qualityScoreMetric: EMF_METRICS.qualityScore,
    },
    errorRatePercent: config.alarms.errorRatePercent,
    durationPercentOfTimeout: config.alarms.durationPercentOfTimeout,
    minQualityScore: config.alarms.minQualityScore,
  },
  tags,
});

// 7. The generation pipeline: jobs above the row threshold fan their shards out to generate (Step Functions).
const pipeline = new GenerationPipeline(`${prefix}-pipeline`, {
  stateMachineName: pipelineName,
  env,
  workerArn: functions.generate.functionArn,
  maxConcurrency: config.pipeline.maxConcurrency,
  keyArn: key.keyArn,
  alarmTopicArn: monitoring.topicArn,
  tags,
});

// Outputs.
export const agentRuntime = config.agentRuntime;
/** Harness id (agentcore) or agent id (classic). */
export const agentId = agent.agentId;
export const agentArn = agent.agentArn;
/** The managed policy to attach to every role or user that talks to the agent (invoke, plus key use on classic). */
export const callerPolicyArn = agent.callerPolicyArn;
/** Alias id (classic) or the harness endpoint `DEFAULT` (agentcore). */
export const agentAliasId = agent.aliasId;
export const gatewayUrl = agent.gatewayUrl;
export const dataBucketName = dataBucket.bucketName;
export const knowledgeBaseBucketName = knowledgeBase?.documentBucketName;
export const generationsTableName = table.tableName;
export const functionNamesByTool = pulumi.output(Object.fromEntries(functionNames.map((fn) => [fn, functions[fn].functionName])));
export const knowledgeBaseId = knowledgeBase?.knowledgeBaseId;
export const knowledgeBaseDataSourceId = knowledgeBase?.dataSourceId;
/** The deploy's last ingestion of the knowledge base (job id, status, statistics). */
export const knowledgeBaseIngestion = ingestion?.result;
export const accessLogBucketName = accessLogs?.logBucketName;
export const guardrailId = guardrail?.guardrailId;
export const alarmTopicArn = monitoring.topicArn;
export const dashboardUrl = monitoring.dashboardUrl;
export const kmsKeyArn = key.keyArn;
export const generationPipelineArn = pipeline.stateMachineArn;
