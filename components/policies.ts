// IAM policies, trust policies, key policies, bucket policies, OpenSearch Serverless policies and S3
// lifecycle rules of the stack, as pure functions of plain values. The components resolve their inputs and
// call these; the specs test them without mocks. Rules: no `*` action; resources scoped; `*` only for
// actions AWS does not scope (X-Ray writes, cloudwatch:PutMetricData with a namespace condition,
// ecr-public:GetAuthorizationToken, sts:GetServiceBearerToken); KMS use through `kms:ViaService`.

export type ConditionMap = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | { AWS?: string | string[]; Service?: string | string[] };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: ConditionMap;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** Where the stack runs. */
export interface AwsEnv {
  partition: string;
  region: string;
  accountId: string;
}

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  const sids = new Set<string>();
  for (const s of statements) {
    if (sids.has(s.Sid)) throw new Error(`Duplicate policy statement Sid '${s.Sid}'`);
    sids.add(s.Sid);
    for (const action of s.Effect === "Allow" ? [s.Action].flat() : []) {
      if (action === "*" || action.endsWith(":*")) throw new Error(`Statement '${s.Sid}' grants the wildcard action '${action}'`);
    }
  }
  return { Version: "2012-10-17", Statement: statements };
}

// ---------------------------------------------------------------------------------------------------------
// ARNs

export const arn = {
  logGroup: (env: AwsEnv, name: string) => `arn:${env.partition}:logs:${env.region}:${env.accountId}:log-group:${name}`,
  lambda: (env: AwsEnv, functionName: string) => `arn:${env.partition}:lambda:${env.region}:${env.accountId}:function:${functionName}`,
  foundationModel: (env: AwsEnv, modelId: string, region = env.region) => `arn:${env.partition}:bedrock:${region}::foundation-model/${modelId}`,
  inferenceProfile: (env: AwsEnv, profileId: string) => `arn:${env.partition}:bedrock:${env.region}:${env.accountId}:inference-profile/${profileId}`,
  knowledgeBase: (env: AwsEnv, kbId: string) => `arn:${env.partition}:bedrock:${env.region}:${env.accountId}:knowledge-base/${kbId}`,
  bedrock: (env: AwsEnv, resource: string) => `arn:${env.partition}:bedrock:${env.region}:${env.accountId}:${resource}`,
  agentcore: (env: AwsEnv, resource: string) => `arn:${env.partition}:bedrock-agentcore:${env.region}:${env.accountId}:${resource}`,
  accountRoot: (env: AwsEnv) => `arn:${env.partition}:iam::${env.accountId}:root`,
};

/** The service endpoint form used by `kms:ViaService`. */
export const viaService = (service: string, env: AwsEnv) => `${service}.${env.region}.amazonaws.com`;

// ---------------------------------------------------------------------------------------------------------
// Trust policies

/**
 * Trust for an AWS service principal. `sourceArnLike` adds the confused-deputy conditions (`aws:SourceAccount`
 * and `aws:SourceArn`) that Bedrock and AgentCore send; Lambda execution roles take none.
 */
export function serviceTrustPolicy(service: string, env?: AwsEnv, sourceArnLike?: string | string[]): PolicyDocument {
  const statement: PolicyStatement = {
    Sid: "TrustService", Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole",
  };
  if (sourceArnLike !== undefined) {
    if (!env) throw new Error("serviceTrustPolicy: a source ARN condition needs the account");
    statement.Condition = { StringEquals: { "aws:SourceAccount": env.accountId }, ArnLike: { "aws:SourceArn": sourceArnLike } };
  }
  return policyDocument([statement]);
}

// ---------------------------------------------------------------------------------------------------------
// Models

const INFERENCE_PROFILE_GEOS = ["us", "eu", "apac", "jp", "au", "ca", "us-gov", "global"];

/** Splits a model setting into its inference-profile id (if it is one) and its foundation-model id. */
export function parseModelId(modelId: string): { profileId?: string; foundationModelId: string } {
  const fromArn = /^arn:[^:]+:bedrock:[^:]*:[^:]*:(inference-profile|foundation-model)\/(.+)$/.exec(modelId);
  const id = fromArn ? fromArn[2] : modelId;
  if (fromArn?.[1] === "foundation-model") return { foundationModelId: id };
  const dot = id.indexOf(".");
  const geo = dot > 0 ? id.slice(0, dot) : "";
  if (INFERENCE_PROFILE_GEOS.includes(geo)) return { profileId: id, foundationModelId: id.slice(dot + 1) };
  return { foundationModelId: id };
}

/**
 * Permission to invoke the configured model. For a cross-Region inference profile, IAM is evaluated on the
 * profile and on the foundation model in every destination Region, so both are granted (AWS-FACTS §1).
 */
export function modelInvokeStatements(env: AwsEnv, modelId: string): PolicyStatement[] {
  const { profileId, foundationModelId } = parseModelId(modelId);
  const invoke = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
  if (profileId === undefined) {
    return [{ Sid: "InvokeModel", Effect: "Allow", Action: invoke, Resource: arn.foundationModel(env, foundationModelId) }];
  }
  const profileArn = arn.inferenceProfile(env, profileId);
  return [
    { Sid: "InvokeInferenceProfile", Effect: "Allow", Action: [...invoke, "bedrock:GetInferenceProfile"], Resource: profileArn },
    {
      Sid: "InvokeProfileModels", Effect: "Allow", Action: invoke,
      // `*` Region: the profile routes to the model in any of its destination Regions (and, for global, none).
      Resource: [arn.foundationModel(env, foundationModelId, "*"), `arn:${env.partition}:bedrock:::foundation-model/${foundationModelId}`],
    },
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Key policy

export interface KeyPolicyOptions {
  /** Log-group name patterns (e.g. `/aws/lambda/sdga-dev-*`) whose encryption context CloudWatch Logs may use. */
  logGroupNamePatterns: string[];
  /** Let CloudWatch alarms publish to topics encrypted with this key. */
  allowCloudWatchAlarms: boolean;
  /** Let Bedrock Agents (classic) encrypt this stack's agents with the key. */
  allowBedrockAgents: boolean;
  /** Let S3 Vectors index vector buckets encrypted with the key. */
  allowS3VectorsIndexing: boolean;
  /**
   * Let S3 server access logging write log objects encrypted with the key, for source buckets whose ARN matches
   * one of these patterns (this account only). @default none
   */
  s3AccessLogSourceArnPatterns?: string[];
}

/** The stack key's policy (AWS-FACTS §5): account administration through IAM, then one statement per service. */
export function keyPolicy(env: AwsEnv, options: KeyPolicyOptions): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      // Delegates the key to IAM in this account: roles get key use only through their own policies.
      Sid: "AccountAdministrationThroughIam", Effect: "Allow", Principal: { AWS: arn.accountRoot(env) },
      Action: [
        "kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:DescribeKey", "kms:EnableKey", "kms:DisableKey",
        "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:GetKeyRotationStatus", "kms:RotateKeyOnDemand",
        "kms:ListKeyRotations", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:ListAliases", "kms:ListGrants",
        "kms:ListKeyPolicies", "kms:ListResourceTags", "kms:TagResource", "kms:UntagResource", "kms:UpdateKeyDescription",
        "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom",
        "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:CreateGrant",
        "kms:RetireGrant", "kms:RevokeGrant",
      ],
      Resource: "*",
    },
  ];
  if (options.logGroupNamePatterns.length > 0) {
    statements.push({
      Sid: "CloudWatchLogsForStackLogGroups", Effect: "Allow", Principal: { Service: `logs.${env.region}.amazonaws.com` },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": options.logGroupNamePatterns.map((n) => arn.logGroup(env, n)) } },
    });
  }
  if (options.allowCloudWatchAlarms) {
    statements.push({
      Sid: "CloudWatchAlarmsToEncryptedTopic", Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"], Resource: "*",
      // Confused deputy: only alarms of this account may have CloudWatch use the key.
      Condition: { StringEquals: { "aws:SourceAccount": env.accountId } },
    });
  }
  if (options.allowBedrockAgents) {
    statements.push({
      Sid: "BedrockAgentsOfThisAccount", Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" },
      Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: "*",
      Condition: { StringLike: { "kms:EncryptionContext:aws:bedrock:arn": arn.bedrock(env, "agent/*") } },
    });
  }
  if (options.allowS3VectorsIndexing) {
    statements.push({
      Sid: "S3VectorsIndexing", Effect: "Allow", Principal: { Service: "indexing.s3vectors.amazonaws.com" },
      Action: "kms:Decrypt", Resource: "*",
      Condition: {
        ArnLike: { "aws:SourceArn": `arn:${env.partition}:s3vectors:${env.region}:${env.accountId}:bucket/*` },
        StringEquals: { "aws:SourceAccount": env.accountId },
        "ForAnyValue:StringEquals": { "kms:EncryptionContextKeys": ["aws:s3vectors:arn", "aws:s3vectors:resource-id"] },
      },
    });
  }
  if (options.s3AccessLogSourceArnPatterns !== undefined && options.s3AccessLogSourceArnPatterns.length > 0) {
    statements.push({
      // S3 server access logging writes log objects to a target bucket whose default encryption is SSE-KMS.
      Sid: "S3ServerAccessLogDelivery", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "kms:GenerateDataKey", Resource: "*",
      Condition: {
        StringEquals: { "aws:SourceAccount": env.accountId },
        ArnLike: { "aws:SourceArn": options.s3AccessLogSourceArnPatterns },
      },
    });
  }
  return policyDocument(statements);
}

// ---------------------------------------------------------------------------------------------------------
// Buckets

/** Denies every request that does not use TLS (a Deny may, and should, cover every S3 action). */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return policyDocument([{
    Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  }]);
}

/**
 * Lets S3 server access logging deliver the logs of exactly the given source buckets of this account, each
 * under its own prefix of the log bucket (AWS's documented bucket-policy grant, with the confused-deputy
 * conditions `aws:SourceArn` and `aws:SourceAccount`).
 */
export function accessLogDeliveryStatements(accountId: string, logBucketArn: string, sources: { bucketArn: string; prefix: string }[]): PolicyStatement[] {
  return sources.map((source, i) => ({
    Sid: `S3ServerAccessLogsFromSource${i + 1}`, Effect: "Allow" as const, Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject", Resource: `${logBucketArn}/${source.prefix}*`,
    Condition: { ArnLike: { "aws:SourceArn": source.bucketArn }, StringEquals: { "aws:SourceAccount": accountId } },
  }));
}

export interface LifecycleSettings {
  expirationDays: number;
  transitionToIaDays?: number;
  transitionToGlacierDays?: number;
}

/** Shape of `aws.s3.BucketLifecycleConfiguration` rules, as plain values. */
export interface LifecycleRule {
  id: string;
  status: "Enabled";
  filter: { prefix: string };
  expiration?: { days: number };
  transitions?: { days: number; storageClass: "STANDARD_IA" | "GLACIER" }[];
  noncurrentVersionExpiration: { noncurrentDays: number };
  abortIncompleteMultipartUpload: { daysAfterInitiation: number };
}

/**
 * Lifecycle of the objects under `prefix`: optional transitions, expiry, old versions kept one day after they
 * are replaced or expire (versioning is on), and abandoned multipart uploads cleaned after a day.
 */
export function lifecycleRules(id: string, prefix: string, settings: LifecycleSettings): LifecycleRule[] {
  const transitions: NonNullable<LifecycleRule["transitions"]> = [];
  if (settings.transitionToIaDays !== undefined) transitions.push({ days: settings.transitionToIaDays, storageClass: "STANDARD_IA" });
  if (settings.transitionToGlacierDays !== undefined) transitions.push({ days: settings.transitionToGlacierDays, storageClass: "GLACIER" });
  for (const t of transitions) {
    if (t.days >= settings.expirationDays) throw new Error(`Lifecycle rule '${id}': transition to ${t.storageClass} at ${t.days} days is not before expiry at ${settings.expirationDays}`);
  }
  return [{
    id, status: "Enabled", filter: { prefix },
    expiration: { days: settings.expirationDays },
    ...(transitions.length > 0 ? { transitions } : {}),
    noncurrentVersionExpiration: { noncurrentDays: 1 },
    abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
  }];
}

// ---------------------------------------------------------------------------------------------------------
// Lambda roles

export interface LambdaBaseOptions {
  logGroupName: string;
  keyArn: string;
  /** The only CloudWatch namespace the function may publish metrics to (its EMF namespace). */
  metricsNamespace: string;
}

/** What every function needs: its own log group, X-Ray, its metrics namespace, and its environment's key. */
export function lambdaBaseStatements(env: AwsEnv, options: LambdaBaseOptions): PolicyStatement[] {
  return [
    { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${arn.logGroup(env, options.logGroupName)}:*` },
    // X-Ray trace writes take no resource.
    { Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
    {
      Sid: "PublishOwnMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": options.metricsNamespace } },
    },
    {
      Sid: "DecryptEnvironment", Effect: "Allow", Action: "kms:Decrypt", Resource: options.keyArn,
      Condition: { StringEquals: { "kms:ViaService": viaService("lambda", env) } },
    },
  ];
}

export interface DataAccess {
  dataBucketArn: string;
  /** `generated-data/<env>/`: the only keys the functions touch. */
  dataPrefix: string;
  tableArn: string;
  keyArn: string;
}

function dataKeyStatement(env: AwsEnv, access: DataAccess, sid: string): PolicyStatement {
  return {
    Sid: sid, Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: access.keyArn,
    Condition: { StringEquals: { "kms:ViaService": [viaService("s3", env), viaService("dynamodb", env)] } },
  };
}

/** generate: write and read data under the prefix, own generations, and invoke itself asynchronously for large jobs. */
/** The generations table's status index (GenerationsTable declares it; a spec holds the two equal). */
export const GENERATIONS_STATUS_INDEX = "status-created_at-index";

export function generateStatements(env: AwsEnv, access: DataAccess, selfFunctionName: string): PolicyStatement[] {
  return [
    {
      Sid: "WriteGeneratedData", Effect: "Allow",
      // DeleteObject removes a failed job's outputs, so a failure leaves nothing half-written.
      Action: ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload", "s3:DeleteObject"],
      Resource: `${access.dataBucketArn}/${access.dataPrefix}*`,
    },
    {
      Sid: "TrackGenerations", Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
      Resource: access.tableArn,
    },
    {
      // The sweeper lists unfinished jobs (and failed ones still to clean up) by status: the index only.
      Sid: "SweepUnfinishedJobs", Effect: "Allow", Action: "dynamodb:Query",
      Resource: `${access.tableArn}/index/${GENERATIONS_STATUS_INDEX}`,
    },
    { Sid: "ContinueLargeJobs", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: arn.lambda(env, selfFunctionName) },
    pipelineStartStatement(env, pipelineStateMachineName(selfFunctionName)),
    dataKeyStatement(env, access, "UseDataKey"),
  ];
}

/** The stack's generation pipeline is named after its generate function (`<prefix>-generate` -> `<prefix>-generation-pipeline`). */
export function pipelineStateMachineName(generateFunctionName: string): string {
  return generateFunctionName.replace(/-generate$/, "-generation-pipeline");
}

/** The statement that lets the generate function start executions of its own state machine, and none other. */
export function pipelineStartStatement(env: AwsEnv, stateMachineName: string): PolicyStatement {
  return {
    Sid: "StartGenerationPipeline", Effect: "Allow", Action: "states:StartExecution",
    Resource: `arn:${env.partition}:states:${env.region}:${env.accountId}:stateMachine:${stateMachineName}`,
  };
}

/** validate: pure computation, no storage. */
export function validateStatements(): PolicyStatement[] {
  return [];
}

/** metrics: read data sets and write reports under the prefix, read the generation. */
export function metricsStatements(env: AwsEnv, access: DataAccess): PolicyStatement[] {
  return [
    { Sid: "ReadDataWriteReports", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${access.dataBucketArn}/${access.dataPrefix}*` },
    { Sid: "ReadGenerations", Effect: "Allow", Action: "dynamodb:GetItem", Resource: access.tableArn },
    dataKeyStatement(env, access, "UseDataKey"),
  ];
}

/** retrieve: Retrieve on this stack's knowledge base only. */
export function retrieveStatements(env: AwsEnv, knowledgeBaseId: string): PolicyStatement[] {
  return [{ Sid: "RetrieveFromStackKnowledgeBase", Effect: "Allow", Action: "bedrock:Retrieve", Resource: arn.knowledgeBase(env, knowledgeBaseId) }];
}

/** ingest: start and watch ingestion jobs of this stack's knowledge base only. */
export function ingestStatements(env: AwsEnv, knowledgeBaseId: string): PolicyStatement[] {
  return [{
    Sid: "IngestStackKnowledgeBase", Effect: "Allow", Action: ["bedrock:StartIngestionJob", "bedrock:GetIngestionJob"],
    Resource: arn.knowledgeBase(env, knowledgeBaseId),
  }];
}

/** ApplyGuardrail on the stack's guardrail only (AgentCore: the functions apply it). */
export function applyGuardrailStatement(guardrailArn: string): PolicyStatement {
  return { Sid: "ApplyStackGuardrail", Effect: "Allow", Action: "bedrock:ApplyGuardrail", Resource: guardrailArn };
}

// ---------------------------------------------------------------------------------------------------------
// Agent roles

/** Classic agent role: the model, this stack's KB, its guardrail, and its own metrics. */
export function classicAgentPolicy(env: AwsEnv, options: { modelId: string; knowledgeBaseId?: string; guardrailArn?: string }): PolicyDocument {
  const statements = modelInvokeStatements(env, options.modelId);
  if (options.knowledgeBaseId !== undefined) {
    statements.push({ Sid: "RetrieveFromStackKnowledgeBase", Effect: "Allow", Action: "bedrock:Retrieve", Resource: arn.knowledgeBase(env, options.knowledgeBaseId) });
  }
  if (options.guardrailArn !== undefined) {
    statements.push({ ...applyGuardrailStatement(options.guardrailArn), Action: ["bedrock:ApplyGuardrail", "bedrock:GetGuardrail"] });
  }
  statements.push({
    Sid: "PublishAgentMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*",
    Condition: { StringEquals: { "cloudwatch:namespace": "AWS/Bedrock/Agents" } },
  });
  return policyDocument(statements);
}

/** AgentCore harness execution role: the model, this gateway, its own logs, traces and metrics, its workload identity. */
export function harnessExecutionPolicy(env: AwsEnv, options: { modelId: string; gatewayArn: string; harnessName: string }): PolicyDocument {
  const runtimeLogs = arn.logGroup(env, "/aws/bedrock-agentcore/runtimes/*");
  const directory = arn.agentcore(env, "workload-identity-directory/default");
  return policyDocument([
    ...modelInvokeStatements(env, options.modelId),
    { Sid: "InvokeStackGateway", Effect: "Allow", Action: "bedrock-agentcore:InvokeGateway", Resource: options.gatewayArn },
    { Sid: "CreateRuntimeLogs", Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:DescribeLogStreams"], Resource: runtimeLogs },
    { Sid: "WriteRuntimeLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${runtimeLogs}:log-stream:*` },
    { Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], Resource: "*" },
    {
      Sid: "PublishRuntimeMetrics", Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": "bedrock-agentcore" } },
    },
    {
      Sid: "OwnWorkloadIdentity", Effect: "Allow",
      Action: ["bedrock-agentcore:GetWorkloadAccessToken", "bedrock-agentcore:GetWorkloadAccessTokenForJWT", "bedrock-agentcore:GetWorkloadAccessTokenForUserId"],
      Resource: [directory, `${directory}/workload-identity/harness_${options.harnessName}-*`],
    },
    // The managed harness pulls its public runtime image; neither action takes a resource.
    { Sid: "PullHarnessImage", Effect: "Allow", Action: ["ecr-public:GetAuthorizationToken", "sts:GetServiceBearerToken"], Resource: "*" },
  ]);
}

/**
 * Gateway role: invoke exactly the stack's functions (unqualified and any version/alias), and, when the gateway
 * is encrypted with the stack key, the four key actions AWS lists for the gateway's role, on that key only and
 * only through AgentCore.
 */
export function gatewayInvokePolicy(env: AwsEnv, functionArns: string[], keyArn?: string): PolicyDocument {
  const statements: PolicyStatement[] = [{
    Sid: "InvokeStackFunctions", Effect: "Allow", Action: "lambda:InvokeFunction",
    Resource: functionArns.flatMap((a) => [a, `${a}:*`]),
  }];
  if (keyArn !== undefined) {
    statements.push({
      Sid: "UseGatewayKey", Effect: "Allow", Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey"], Resource: keyArn,
      Condition: { StringEquals: { "kms:ViaService": viaService("bedrock-agentcore", env) } },
    });
  }
  return policyDocument(statements);
}

// ---------------------------------------------------------------------------------------------------------
// Callers of the agent (a managed policy per runtime, for the people and services that talk to the agent)

/**
 * Classic: invoke this agent's alias, and the stack key for this agent only. An agent with a customer key
 * encrypts its session data with it on behalf of the caller, so the caller needs kms:GenerateDataKey and
 * kms:Decrypt conditioned on the agent's ARN in the encryption context (AWS, "Encryption of agent resources").
 */
export function classicCallerPolicy(env: AwsEnv, options: { agentAliasArn: string; agentId: string; keyArn: string }): PolicyDocument {
  return policyDocument([
    { Sid: "InvokeStackAgentAlias", Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: options.agentAliasArn },
    {
      Sid: "UseStackKeyForThisAgent", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: options.keyArn,
      Condition: { StringEquals: { "kms:EncryptionContext:aws:bedrock:arn": arn.bedrock(env, `agent/${options.agentId}`) } },
    },
  ]);
}

/**
 * AgentCore: InvokeHarness and InvokeAgentRuntime (the harness runs as a Runtime) on this harness only. The
 * harness has no customer key of its own (memory is off), so the caller needs no key use.
 */
export function agentCoreCallerPolicy(options: { harnessArn: string }): PolicyDocument {
  return policyDocument([{
    Sid: "InvokeStackHarness", Effect: "Allow",
    Action: ["bedrock-agentcore:InvokeHarness", "bedrock-agentcore:InvokeAgentRuntime"], Resource: options.harnessArn,
  }]);
}

// ---------------------------------------------------------------------------------------------------------
// Knowledge base

export type VectorStoreAccess =
  | { kind: "s3vectors"; indexArn: string; vectorBucketArn: string }
  | { kind: "opensearch"; collectionArn: string };

/** KB role: the embeddings model, the document bucket (read), the vector store, and the key through S3. */
export function knowledgeBasePolicy(env: AwsEnv, options: {
  embeddingModelArn: string; documentBucketArn: string; documentPrefix: string; keyArn: string; store: VectorStoreAccess;
}): PolicyDocument {
  const statements: PolicyStatement[] = [
    { Sid: "EmbedWithModel", Effect: "Allow", Action: "bedrock:InvokeModel", Resource: options.embeddingModelArn },
    // AWS's documented KB role (kb-permissions, "Permissions to access your Amazon S3 data source"): ListBucket on the
    // bucket with no s3:prefix condition (ingestion lists without one), both statements pinned to this account's
    // bucket with aws:ResourceAccount. Reads stay under the documents prefix.
    {
      Sid: "ListDocuments", Effect: "Allow", Action: "s3:ListBucket", Resource: options.documentBucketArn,
      Condition: { StringEquals: { "aws:ResourceAccount": env.accountId } },
    },
    {
      Sid: "ReadDocuments", Effect: "Allow", Action: "s3:GetObject", Resource: `${options.documentBucketArn}/${options.documentPrefix}*`,
      Condition: { StringEquals: { "aws:ResourceAccount": env.accountId } },
    },
    {
      Sid: "DecryptDocuments", Effect: "Allow", Action: "kms:Decrypt", Resource: options.keyArn,
      Condition: { StringEquals: { "kms:ViaService": viaService("s3", env) } },
    },
  ];
  if (options.store.kind === "s3vectors") {
    statements.push(
      {
        Sid: "UseVectorIndex", Effect: "Allow",
        Action: ["s3vectors:GetIndex", "s3vectors:QueryVectors", "s3vectors:PutVectors", "s3vectors:GetVectors", "s3vectors:DeleteVectors"],
        Resource: options.store.indexArn,
      },
      {
        Sid: "UseVectorBucketKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:DescribeKey"], Resource: options.keyArn,
        Condition: { StringEquals: { "kms:ViaService": viaService("s3vectors", env) } },
      },
    );
  } else {
    statements.push({ Sid: "UseCollection", Effect: "Allow", Action: "aoss:APIAccessAll", Resource: options.store.collectionArn });
  }
  return policyDocument(statements);
}

/** OpenSearch Serverless encryption policy (a JSON object): the collection encrypted with the stack key. */
export function openSearchEncryptionPolicy(collectionName: string, keyArn: string): object {
  return { Rules: [{ ResourceType: "collection", Resource: [`collection/${collectionName}`] }], AWSOwnedKey: false, KmsARN: keyArn };
}

/**
 * OpenSearch Serverless network policy (a JSON array): private (only Bedrock reaches the collection) unless
 * public access is asked for; the data-access policy admits only the listed principals either way.
 */
export function openSearchNetworkPolicy(collectionName: string, allowFromPublic: boolean): object[] {
  const rules = [{ ResourceType: "collection", Resource: [`collection/${collectionName}`] }];
  return [allowFromPublic
    ? { Rules: rules, AllowFromPublic: true }
    : { Rules: rules, AllowFromPublic: false, SourceServices: ["bedrock.amazonaws.com"] }];
}

/** OpenSearch Serverless data access policy (a JSON array): the KB role and the deployer on this collection only. */
export function openSearchDataAccessPolicy(collectionName: string, principals: string[]): object[] {
  const unique = [...new Set(principals)];
  return [{
    Rules: [
      {
        ResourceType: "index", Resource: [`index/${collectionName}/*`],
        Permission: ["aoss:CreateIndex", "aoss:DescribeIndex", "aoss:UpdateIndex", "aoss:ReadDocument", "aoss:WriteDocument"],
      },
      {
        ResourceType: "collection", Resource: [`collection/${collectionName}`],
        Permission: ["aoss:DescribeCollectionItems", "aoss:CreateCollectionItems", "aoss:UpdateCollectionItems"],
      },
    ],
    Principal: unique,
  }];
}

/** The IAM principal an STS caller ARN stands for (data-access policies take role ARNs, not sessions). */
export function iamPrincipalArn(callerArn: string): string {
  const assumed = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  return assumed ? `arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}` : callerArn;
}
