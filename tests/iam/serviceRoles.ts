// Tables of the roles that AWS services assume for the stack (no code of ours runs under them, so the
// allowed requests are the calls each service documents making): the AgentCore gateway and harness, the
// knowledge base, and the classic agent. Each role and its table's facts are read from the preview graph:
// the resources the role serves (gateway, functions, model, knowledge base, documents, vector index, key).
import type { GraphResource } from "../harness/preview";
import { graphRoleDocuments, RoleDiscoveryError } from "./roles";
import type { PermissionTable, PolicyDocumentJson, RoleUnderTest, SimulatedRequest } from "./simulate";

export const SERVICE_ROLES = ["gateway", "harness", "knowledge-base", "classic-agent"] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

const ROLE_SUFFIX: Record<ServiceRole, string> = {
  gateway: "-agent-gateway-role", harness: "-agent-harness-role", "knowledge-base": "-kb-role", "classic-agent": "-agent-agent-role",
};

const str = (v: unknown): string => (typeof v === "string" ? v : "");
const one = (graph: GraphResource[], type: string): GraphResource => {
  const found = graph.find((r) => r.type === type);
  if (!found) throw new RoleDiscoveryError(`no ${type} in the graph`);
  return found;
};

interface StackFacts { partition: string; region: string; accountId: string; keyArn: string; prefix: string }

function stackFacts(graph: GraphResource[]): StackFacts {
  const key = one(graph, "aws:kms/key:Key");
  const [, partition, , region, accountId] = str(key.outputs.arn).split(":");
  const fn = graph.find((r) => r.type === "aws:lambda/function:Function");
  const prefix = str(fn?.inputs.name).replace(/-[a-z]+$/, "");
  return { partition, region, accountId, keyArn: str(key.outputs.arn), prefix };
}

/** The model the agent reasons with, as inference profile and foundation model ARNs (other Region for the profile's destinations). */
function modelArns(f: StackFacts, modelId: string) {
  const profile = /^(us|eu|apac|jp|au|ca|global)\./.test(modelId);
  const foundation = profile ? modelId.slice(modelId.indexOf(".") + 1) : modelId;
  return {
    profile: profile ? `arn:${f.partition}:bedrock:${f.region}:${f.accountId}:inference-profile/${modelId}` : undefined,
    foundationHere: `arn:${f.partition}:bedrock:${f.region}::foundation-model/${foundation}`,
    foundationElsewhere: `arn:${f.partition}:bedrock:us-west-2::foundation-model/${foundation}`,
    otherModel: `arn:${f.partition}:bedrock:${f.region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`,
    otherProfile: `arn:${f.partition}:bedrock:${f.region}:${f.accountId}:inference-profile/us.anthropic.claude-opus-4-1-20250805-v1:0`,
  };
}

function modelRequests(f: StackFacts, modelId: string): { allowed: SimulatedRequest[]; denied: SimulatedRequest[] } {
  const m = modelArns(f, modelId);
  const allowed: SimulatedRequest[] = [
    { action: "bedrock:InvokeModel", resource: m.foundationElsewhere, why: "the profile routes to the model in another Region" },
    { action: "bedrock:InvokeModelWithResponseStream", resource: m.foundationHere, why: "streamed answers" },
  ];
  if (m.profile) {
    allowed.push(
      { action: "bedrock:InvokeModel", resource: m.profile, why: "the configured inference profile" },
      { action: "bedrock:InvokeModelWithResponseStream", resource: m.profile, why: "streamed answers" },
      { action: "bedrock:GetInferenceProfile", resource: m.profile, why: "profile resolution" },
    );
  }
  return {
    allowed,
    denied: [
      { action: "bedrock:InvokeModel", resource: m.otherModel, why: "another model" },
      { action: "bedrock:InvokeModel", resource: m.otherProfile, why: "another inference profile" },
    ],
  };
}

function commonDenied(f: StackFacts): SimulatedRequest[] {
  return [
    { action: "kms:ScheduleKeyDeletion", resource: f.keyArn, why: "key administration" },
    { action: "kms:Decrypt", resource: f.keyArn, why: "direct decryption" },
    { action: "iam:PassRole", resource: `arn:${f.partition}:iam::${f.accountId}:role/admin`, why: "no IAM" },
    { action: "iam:CreateRole", resource: `arn:${f.partition}:iam::${f.accountId}:role/new`, why: "no IAM" },
    { action: "s3:GetObject", resource: `arn:${f.partition}:s3:::other-bucket/x`, why: "another bucket" },
  ];
}

function gatewayTable(graph: GraphResource[], f: StackFacts): PermissionTable {
  // The tool functions: every function but the deploy-time ingest one, which the gateway must not reach.
  const all = graph.filter((r) => r.type === "aws:lambda/function:Function");
  const functions = all.filter((r) => !str(r.inputs.name).endsWith("-ingest")).map((r) => str(r.outputs.arn));
  const ingest = all.filter((r) => str(r.inputs.name).endsWith("-ingest")).map((r) => str(r.outputs.arn));
  const fn = (name: string) => `arn:${f.partition}:lambda:${f.region}:${f.accountId}:function:${name}`;
  return {
    allowed: [
      ...functions.map((arn) => ({ action: "lambda:InvokeFunction", resource: arn, why: "one gateway target per function" })),
      { action: "kms:Decrypt", resource: f.keyArn, context: { "kms:ViaService": `bedrock-agentcore.${f.region}.amazonaws.com` }, why: "the gateway is encrypted with the stack key" },
    ],
    denied: [
      { action: "lambda:InvokeFunction", resource: fn(`${f.prefix.replace(/-[a-z]+$/, "")}-prod-generate`), why: "another stack's function" },
      { action: "lambda:InvokeFunction", resource: fn("unrelated-function"), why: "a function outside the stack" },
      ...ingest.map((arn) => ({ action: "lambda:InvokeFunction", resource: arn, why: "the deploy-time ingest function is no tool" })),
      { action: "lambda:UpdateFunctionCode", resource: functions[0], why: "changing a function" },
      { action: "lambda:AddPermission", resource: functions[0], why: "changing who may invoke" },
      { action: "kms:Decrypt", resource: f.keyArn.replace(/key\/.*$/, "key/11111111-2222-4333-a444-555555555555"), context: { "kms:ViaService": `bedrock-agentcore.${f.region}.amazonaws.com` }, why: "another key" },
      ...commonDenied(f),
    ],
  };
}

function harnessTable(graph: GraphResource[], f: StackFacts): PermissionTable {
  const harness = one(graph, "aws:bedrock/agentcoreHarness:AgentcoreHarness");
  const gateway = one(graph, "aws:bedrock/agentcoreGateway:AgentcoreGateway");
  const modelId = str((harness.inputs.model as { bedrockModelConfig?: { modelId?: string } })?.bedrockModelConfig?.modelId);
  const ac = (resource: string) => `arn:${f.partition}:bedrock-agentcore:${f.region}:${f.accountId}:${resource}`;
  const logs = (group: string) => `arn:${f.partition}:logs:${f.region}:${f.accountId}:log-group:${group}`;
  const runtimeGroup = "/aws/bedrock-agentcore/runtimes/harness-abc123-DEFAULT";
  const directory = ac("workload-identity-directory/default");
  const models = modelRequests(f, modelId);
  return {
    allowed: [
      ...models.allowed,
      { action: "bedrock-agentcore:InvokeGateway", resource: str(gateway.outputs.gatewayArn), why: "the stack's tools (MCP)" },
      { action: "logs:CreateLogGroup", resource: logs(runtimeGroup), why: "runtime log group" },
      { action: "logs:DescribeLogStreams", resource: logs(runtimeGroup), why: "runtime logging" },
      { action: "logs:CreateLogStream", resource: `${logs(runtimeGroup)}:log-stream:s1`, why: "runtime logging" },
      { action: "logs:PutLogEvents", resource: `${logs(runtimeGroup)}:log-stream:s1`, why: "runtime logging" },
      { action: "xray:PutTraceSegments", resource: "*", why: "runtime tracing" },
      { action: "xray:PutTelemetryRecords", resource: "*", why: "runtime tracing" },
      { action: "xray:GetSamplingRules", resource: "*", why: "runtime tracing" },
      { action: "xray:GetSamplingTargets", resource: "*", why: "runtime tracing" },
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": "bedrock-agentcore" }, why: "runtime metrics" },
      { action: "bedrock-agentcore:GetWorkloadAccessToken", resource: directory, why: "its workload identity" },
      { action: "bedrock-agentcore:GetWorkloadAccessTokenForJWT", resource: `${directory}/workload-identity/harness_${str(harness.inputs.harnessName)}-abc123`, why: "its workload identity" },
      { action: "bedrock-agentcore:GetWorkloadAccessTokenForUserId", resource: `${directory}/workload-identity/harness_${str(harness.inputs.harnessName)}-abc123`, why: "its workload identity" },
      { action: "ecr-public:GetAuthorizationToken", resource: "*", why: "pulls the public harness image" },
      { action: "sts:GetServiceBearerToken", resource: "*", why: "pulls the public harness image" },
    ],
    denied: [
      ...models.denied,
      { action: "bedrock-agentcore:InvokeGateway", resource: ac("gateway/another-gateway-1234567890"), why: "another gateway" },
      { action: "bedrock-agentcore:GetWorkloadAccessTokenForJWT", resource: `${directory}/workload-identity/harness_another_agent-abc123`, why: "another harness's identity" },
      { action: "logs:PutLogEvents", resource: `${logs("/aws/lambda/unrelated")}:log-stream:s1`, why: "another log group" },
      { action: "logs:CreateLogGroup", resource: logs("/aws/lambda/unrelated"), why: "another log group" },
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": "AWS/Lambda" }, why: "another namespace" },
      { action: "lambda:InvokeFunction", resource: `arn:${f.partition}:lambda:${f.region}:${f.accountId}:function:${f.prefix}-generate`, why: "tools only through the gateway" },
      ...commonDenied(f),
    ],
  };
}

function knowledgeBaseTable(graph: GraphResource[], f: StackFacts): PermissionTable {
  const kb = one(graph, "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase");
  const source = one(graph, "aws:bedrock/agentDataSource:AgentDataSource");
  const s3Config = (source.inputs.dataSourceConfiguration as { s3Configuration: { bucketArn: string; inclusionPrefixes?: string[] } }).s3Configuration;
  const prefix = s3Config.inclusionPrefixes?.[0] ?? "";
  const embedding = str((kb.inputs.knowledgeBaseConfiguration as { vectorKnowledgeBaseConfiguration: { embeddingModelArn: string } }).vectorKnowledgeBaseConfiguration.embeddingModelArn);
  const storage = kb.inputs.storageConfiguration as { s3VectorsConfiguration?: { indexArn?: string } };
  const indexArn = str(storage.s3VectorsConfiguration?.indexArn);
  if (!indexArn) throw new RoleDiscoveryError("the knowledge base's table covers the S3 Vectors store only");
  const via = (service: string) => ({ "kms:ViaService": `${service}.${f.region}.amazonaws.com` });
  const otherKey = f.keyArn.replace(/key\/.*$/, "key/11111111-2222-4333-a444-555555555555");
  // S3 requests carry the bucket owner's account (aws:ResourceAccount); AWS's KB policy pins it.
  const own = { "aws:ResourceAccount": f.accountId };
  const dataBucket = graph.find((r) => r.type === "aws:s3/bucket:Bucket" && str(r.outputs.arn) !== s3Config.bucketArn);
  return {
    allowed: [
      { action: "bedrock:InvokeModel", resource: embedding, why: "embeds documents and queries" },
      // AWS documents the KB role's ListBucket without an s3:prefix condition (kb-permissions): ingestion may
      // list with the inclusion prefix, with a deeper one, or with none.
      { action: "s3:ListBucket", resource: s3Config.bucketArn, context: { ...own, "s3:prefix": `${prefix}domains/` }, why: "ingestion lists the documents" },
      { action: "s3:ListBucket", resource: s3Config.bucketArn, context: own, why: "a list without a prefix" },
      { action: "s3:GetObject", resource: `${s3Config.bucketArn}/${prefix}domains/retail.md`, context: own, why: "ingestion reads a document" },
      { action: "kms:Decrypt", resource: f.keyArn, context: via("s3"), why: "documents are SSE-KMS" },
      ...["GetIndex", "QueryVectors", "PutVectors", "GetVectors", "DeleteVectors"].map((a) => ({
        action: `s3vectors:${a}`, resource: indexArn, why: "the vector index (ingestion replaces stale vectors)",
      })),
      { action: "kms:GenerateDataKey", resource: f.keyArn, context: via("s3vectors"), why: "vector bucket under the stack key" },
      { action: "kms:Decrypt", resource: f.keyArn, context: via("s3vectors"), why: "vector bucket under the stack key" },
    ],
    denied: [
      { action: "bedrock:InvokeModel", resource: `arn:${f.partition}:bedrock:${f.region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`, why: "another model" },
      { action: "s3:GetObject", resource: `${s3Config.bucketArn}/private/notes.md`, context: own, why: "outside the document prefix" },
      { action: "s3:PutObject", resource: `${s3Config.bucketArn}/${prefix}domains/retail.md`, context: own, why: "documents are read-only" },
      ...(dataBucket ? [{ action: "s3:GetObject", resource: `${str(dataBucket.outputs.arn)}/generated-data/dev/x/data.csv`, context: own, why: "generated data" }] : []),
      { action: "s3:ListBucket", resource: s3Config.bucketArn, context: { "aws:ResourceAccount": "999999999999" }, why: "a bucket of that name owned by another account" },
      { action: "s3:GetObject", resource: `${s3Config.bucketArn}/${prefix}domains/retail.md`, context: { "aws:ResourceAccount": "999999999999" }, why: "a bucket of that name owned by another account" },
      { action: "s3vectors:QueryVectors", resource: indexArn.replace(/index\/[^/]+$/, "index/another-index"), why: "another index" },
      { action: "s3vectors:DeleteIndex", resource: indexArn, why: "index administration" },
      { action: "s3:ListBucket", resource: `arn:${f.partition}:s3:::other-bucket`, context: { ...own, "s3:prefix": prefix }, why: "listing another bucket" },
      { action: "kms:GenerateDataKey", resource: otherKey, context: via("s3vectors"), why: "another key" },
      { action: "kms:Decrypt", resource: otherKey, context: via("s3"), why: "another key" },
      ...commonDenied(f),
    ],
  };
}

function classicAgentTable(graph: GraphResource[], f: StackFacts): PermissionTable {
  const agent = one(graph, "aws:bedrock/agentAgent:AgentAgent");
  const kb = graph.find((r) => r.type === "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase");
  const models = modelRequests(f, str(agent.inputs.foundationModel));
  const kbArn = (id: string) => `arn:${f.partition}:bedrock:${f.region}:${f.accountId}:knowledge-base/${id}`;
  return {
    allowed: [
      ...models.allowed,
      ...(kb ? [{ action: "bedrock:Retrieve", resource: str(kb.outputs.arn), why: "the associated knowledge base" }] : []),
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": "AWS/Bedrock/Agents" }, why: "agent metrics" },
    ],
    denied: [
      ...models.denied,
      { action: "bedrock:Retrieve", resource: kbArn("OTHERKB123"), why: "another knowledge base" },
      { action: "bedrock:RetrieveAndGenerate", resource: "*", why: "not used by the agent" },
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": "AWS/Lambda" }, why: "another namespace" },
      { action: "lambda:InvokeFunction", resource: `arn:${f.partition}:lambda:${f.region}:${f.accountId}:function:${f.prefix}-generate`, why: "action groups go through the functions' resource policies" },
      ...commonDenied(f),
    ],
  };
}

/** A service role of the graph and its table; undefined when the runtime has no such role. */
export function graphServiceRole(graph: GraphResource[], which: ServiceRole): { role: RoleUnderTest; table: PermissionTable } | undefined {
  const role = graph.find((r) => r.type === "aws:iam/role:Role" && r.name.endsWith(ROLE_SUFFIX[which]));
  if (!role) return undefined;
  const f = stackFacts(graph);
  const key = graph.find((r) => r.type === "aws:kms/key:Key");
  const table = { gateway: gatewayTable, harness: harnessTable, "knowledge-base": knowledgeBaseTable, "classic-agent": classicAgentTable }[which](graph, f);
  return {
    role: {
      label: which, roleArn: str(role.outputs.arn), accountId: f.accountId,
      documents: graphRoleDocuments(graph, role),
      keyPolicy: key && typeof key.inputs.policy === "string" ? JSON.parse(key.inputs.policy) as PolicyDocumentJson : undefined,
    },
    table,
  };
}
