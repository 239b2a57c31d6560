// The stack: reads the typed configuration, wires the components top to bottom, exports the outputs.
// Every taggable resource gets the stack's tags explicitly (plus Name and Component) from its component.
import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import { loadConfig, type FunctionName } from "./config";
import {
  AgentLambda, BedrockAgent, EMF_METRICS, EncryptionKey, GenerationsTable, KnowledgeBase, Monitoring, PersonalDataGuardrail,
  SecureBucket, applyGuardrailStatement, generateStatements, lambdaFunctionName, lifecycleRules, loadAgentInstruction,
  loadOpenApiDocuments, loadToolDefinitions, metricsNamespace, metricsStatements, powertoolsServiceName, retrieveStatements,
  stackLogGroupNamePattern, stackPrefix, validateStatements, type AgentFunction, type AwsEnv, type PolicyStatement,
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

// 1. The stack key: data, table, logs, topic, agent and vector store are encrypted with it.
const key = new EncryptionKey(`${prefix}-key`, {
  env,
  aliasName: prefix,
  logGroupNamePatterns: [stackLogGroupNamePattern(prefix)],
  allowCloudWatchAlarms: true,
  allowBedrockAgents: classic,
  allowS3VectorsIndexing: s3Vectors,
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

// 4. The tool functions. `retrieve` exists only where the agent reaches the KB through a tool (AgentCore).
const namespace = metricsNamespace(config.project, config.environment);
const dataAccess = pulumi.all([dataBucket.bucketArn, table.tableArn, key.keyArn])
  .apply(([dataBucketArn, tableArn, keyArn]) => ({ dataBucketArn, dataPrefix, tableArn, keyArn }));
const functionNames: FunctionName[] = ["generate", "validate", "metrics"];
if (knowledgeBase && !classic) functionNames.push("retrieve");

/** What each function may do beyond its logs, traces, metrics and key (policies.ts), plus the guardrail on AgentCore. */
function statementsFor(fn: FunctionName): pulumi.Output<PolicyStatement[]> {
  return pulumi.all([env, dataAccess, knowledgeBase?.knowledgeBaseId, guardrail?.guardrailArn])
    .apply(([e, access, kbId, guardrailArn]) => {
      const own = fn === "generate" ? generateStatements(e, access, lambdaFunctionName(prefix, fn))
        : fn === "metrics" ? metricsStatements(e, access)
          : fn === "retrieve" ? retrieveStatements(e, kbId!)
            : validateStatements();
      // Classic attaches the guardrail to the agent; on AgentCore the functions apply it themselves.
      return guardrailArn !== undefined && !classic ? [...own, applyGuardrailStatement(guardrailArn)] : own;
    });
}

const functions = {} as Record<FunctionName, AgentLambda>;
for (const fn of functionNames) {
  const settings = config.functions[fn];
  const environment: Record<string, pulumi.Input<string>> = {
    DATA_BUCKET: dataBucket.bucketName,
    GENERATIONS_TABLE: table.tableName,
    ENVIRONMENT: config.environment,
    DATA_PREFIX: dataPrefix,
    MAX_VOLUME: String(config.maxVolume),
    POWERTOOLS_SERVICE_NAME: powertoolsServiceName(config.project, fn),
    POWERTOOLS_METRICS_NAMESPACE: namespace,
  };
  if (fn === "retrieve" && knowledgeBase) environment.KNOWLEDGE_BASE_ID = knowledgeBase.knowledgeBaseId;
  if (guardrail && !classic) {
    environment.GUARDRAIL_ID = guardrail.guardrailId;
    environment.GUARDRAIL_VERSION = guardrail.guardrailVersion;
  }
  functions[fn] = new AgentLambda(`${prefix}-${fn}`, {
    handlerName: fn,
    functionName: lambdaFunctionName(prefix, fn),
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

// 6. Monitoring: alarms for every function, the table, the agent and the data quality; one dashboard.
const monitoring = new Monitoring(`${prefix}-monitoring`, {
  region,
  kmsKeyArn: key.keyArn,
  alarmEmail: config.alarms.email,
  alarms: {
    prefix,
    functions: functionNames.map((fn) => ({
      key: fn, functionName: functions[fn].functionName, timeoutSeconds: config.functions[fn].timeoutSeconds,
    })),
    tableName: table.tableName,
    runtime: config.agentRuntime,
    gatewayArn: agent.gatewayArn,
    emf: {
      namespace,
      service: powertoolsServiceName(config.project, "generate"),
      generationFailedMetric: EMF_METRICS.generationFailed,
      qualityScoreMetric: EMF_METRICS.qualityScore,
    },
    errorRatePercent: config.alarms.errorRatePercent,
    durationPercentOfTimeout: config.alarms.durationPercentOfTimeout,
    minQualityScore: config.alarms.minQualityScore,
  },
  tags,
});

// Outputs.
export const agentRuntime = config.agentRuntime;
/** Harness id (agentcore) or agent id (classic). */
export const agentId = agent.agentId;
export const agentArn = agent.agentArn;
/** Alias id (classic) or the harness endpoint `DEFAULT` (agentcore). */
export const agentAliasId = agent.aliasId;
export const gatewayUrl = agent.gatewayUrl;
export const dataBucketName = dataBucket.bucketName;
export const knowledgeBaseBucketName = knowledgeBase?.documentBucketName;
export const generationsTableName = table.tableName;
export const functionNamesByTool = pulumi.output(Object.fromEntries(functionNames.map((fn) => [fn, functions[fn].functionName])));
export const knowledgeBaseId = knowledgeBase?.knowledgeBaseId;
export const knowledgeBaseDataSourceId = knowledgeBase?.dataSourceId;
export const guardrailId = guardrail?.guardrailId;
export const alarmTopicArn = monitoring.topicArn;
export const dashboardUrl = monitoring.dashboardUrl;
export const kmsKeyArn = key.keyArn;
