// Checks the values a preview graph would send to AWS against the AWS service models
// (tests/fixtures/aws-models/<service>.json: botocore service-2.json with the constraints the services enforce).
// Each resource type is mapped to the request(s) its provider makes on create; the provider's input names are
// matched to the request's members (case-insensitively, a plural list to a singular or plural member, a
// Terraform block list of one to a structure), with the renames and provider-only inputs of RESOURCE_MODELS.
// Every input must map to a member or be declared provider-only, so a new input cannot slip past unchecked.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { GraphResource } from "./preview";
import { REPO_ROOT } from "./preview";

/** Vendored copies (tests/fixtures/aws-models/SOURCE.md): a clean clone has no ../shared. */
export const MODELS_DIR = join(REPO_ROOT, "tests", "fixtures", "aws-models");

interface Shape {
  type: string;
  members?: Record<string, { shape: string; location?: string }>;
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  required?: string[];
  pattern?: string;
  min?: number;
  max?: number;
  enum?: string[];
}
interface ServiceModel { operations: Record<string, { input?: { shape: string } }>; shapes: Record<string, Shape> }

const models = new Map<string, ServiceModel>();
export function model(service: string): ServiceModel {
  let m = models.get(service);
  if (!m) {
    m = JSON.parse(readFileSync(join(MODELS_DIR, `${service}.json`), "utf8")) as ServiceModel;
    models.set(service, m);
  }
  return m;
}

/** Where one provider input goes: `Member`, or `Operation:Member` for another request of the same create. */
type Target = string;

export interface ResourceModel {
  service: string;
  /** The create request; inputs map to its members unless renamed to `Operation:Member`. */
  operation: string;
  /** Provider input path (dots, no array indexes) -> request member (or `Operation:Member`). */
  renames?: Record<string, Target>;
  /** Provider input paths with no request member (provider behaviour, assets, computed wiring), each with why. */
  providerOnly?: Record<string, string>;
  /** Request members the provider fills itself (ids from the parent, tokens), not checked for presence. */
  filledByProvider?: string[];
}

const BUCKET_CHILD = { bucket: "Bucket" };
const BUCKET_ONLY = "the bucket's own name comes from the bucket resource (auto-named)";

/** The create request of each resource type this program registers (AWS-provider types; others are skipped). */
export const RESOURCE_MODELS: Record<string, ResourceModel> = {
  "aws:kms/key:Key": {
    service: "kms", operation: "CreateKey",
    renames: { deletionWindowInDays: "ScheduleKeyDeletion:PendingWindowInDays" },
    providerOnly: { enableKeyRotation: "EnableKeyRotation takes only the key id" },
  },
  "aws:kms/alias:Alias": { service: "kms", operation: "CreateAlias", renames: { name: "AliasName" } },
  "aws:lambda/function:Function": {
    service: "lambda", operation: "CreateFunction",
    renames: { name: "FunctionName", reservedConcurrentExecutions: "PutFunctionConcurrency:ReservedConcurrentExecutions" },
    providerOnly: { code: "the zip archive built by esbuild (a Pulumi asset)" },
    filledByProvider: ["Code"],
  },
  "aws:lambda/permission:Permission": {
    service: "lambda", operation: "AddPermission", renames: { function: "FunctionName" },
    filledByProvider: ["StatementId"],
  },
  "aws:lambda/invocation:Invocation": {
    service: "lambda", operation: "Invoke", renames: { input: "Payload" },
    providerOnly: { lifecycleScope: "when the provider invokes (CREATE_ONLY)", triggers: "what makes the provider invoke again" },
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    service: "logs", operation: "CreateLogGroup",
    renames: { name: "logGroupName", retentionInDays: "PutRetentionPolicy:retentionInDays" },
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    service: "cloudwatch", operation: "PutMetricAlarm",
    renames: {
      name: "AlarmName", okActions: "OKActions", metricQueries: "Metrics", "metricQueries.metric": "MetricStat",
      "metricQueries.metric.metricName": "Metric.MetricName", "metricQueries.metric.namespace": "Metric.Namespace",
      "metricQueries.metric.dimensions": "Metric.Dimensions", dimensions: "Dimensions",
    },
  },
  "aws:cloudwatch/dashboard:Dashboard": { service: "cloudwatch", operation: "PutDashboard" },
  "aws:dynamodb/table:Table": {
    service: "dynamodb", operation: "CreateTable",
    renames: {
      name: "TableName", attributes: "AttributeDefinitions", "attributes.name": "AttributeName", "attributes.type": "AttributeType",
      hashKey: "KeySchema", "globalSecondaryIndexes.name": "IndexName", "globalSecondaryIndexes.hashKey": "KeySchema",
      "globalSecondaryIndexes.rangeKey": "KeySchema", "globalSecondaryIndexes.projectionType": "Projection.ProjectionType",
      serverSideEncryption: "SSESpecification", "serverSideEncryption.kmsKeyArn": "KMSMasterKeyId",
      ttl: "UpdateTimeToLive:TimeToLiveSpecification", "ttl.attributeName": "AttributeName", "ttl.enabled": "Enabled",
      pointInTimeRecovery: "UpdateContinuousBackups:PointInTimeRecoverySpecification", "pointInTimeRecovery.enabled": "PointInTimeRecoveryEnabled",
    },
  },
  "aws:iam/role:Role": { service: "iam", operation: "CreateRole", renames: { assumeRolePolicy: "AssumeRolePolicyDocument" }, filledByProvider: ["RoleName"] },
  "aws:iam/rolePolicy:RolePolicy": {
    service: "iam", operation: "PutRolePolicy", renames: { role: "RoleName", policy: "PolicyDocument" }, filledByProvider: ["PolicyName"],
  },
  "aws:iam/policy:Policy": { service: "iam", operation: "CreatePolicy", renames: { policy: "PolicyDocument" }, filledByProvider: ["PolicyName"] },
  "aws:sns/topic:Topic": {
    service: "sns", operation: "CreateTopic", filledByProvider: ["Name"],
    providerOnly: { displayName: "the topic attribute DisplayName (a free-text attribute value)", kmsMasterKeyId: "the topic attribute KmsMasterKeyId (an attribute value)" },
  },
  "aws:sns/topicSubscription:TopicSubscription": { service: "sns", operation: "Subscribe", renames: { topic: "TopicArn" } },
  "aws:s3/bucket:Bucket": {
    service: "s3", operation: "CreateBucket", filledByProvider: ["Bucket"],
    renames: { tags: "PutBucketTagging:Tagging.TagSet" },
    providerOnly: { forceDestroy: "the provider empties the bucket before deleting it" },
  },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
    service: "s3", operation: "PutBucketLifecycleConfiguration",
    renames: { ...BUCKET_CHILD, rules: "LifecycleConfiguration.Rules", "rules.id": "ID", "rules.noncurrentVersionExpiration.noncurrentDays": "NoncurrentDays" },
  },
  "aws:s3/bucketLogging:BucketLogging": {
    service: "s3", operation: "PutBucketLogging",
    renames: { ...BUCKET_CHILD, targetBucket: "BucketLoggingStatus.LoggingEnabled.TargetBucket", targetPrefix: "BucketLoggingStatus.LoggingEnabled.TargetPrefix" },
  },
  "aws:s3/bucketObjectv2:BucketObjectv2": {
    service: "s3", operation: "PutObject", renames: { ...BUCKET_CHILD, tags: "Tagging" },
    providerOnly: { source: "the document file (a Pulumi asset)" },
  },
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
    service: "s3", operation: "PutBucketOwnershipControls", renames: { ...BUCKET_CHILD, rule: "OwnershipControls.Rules" },
  },
  "aws:s3/bucketPolicy:BucketPolicy": { service: "s3", operation: "PutBucketPolicy", renames: BUCKET_CHILD },
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
    service: "s3", operation: "PutPublicAccessBlock",
    renames: {
      ...BUCKET_CHILD, blockPublicAcls: "PublicAccessBlockConfiguration.BlockPublicAcls", blockPublicPolicy: "PublicAccessBlockConfiguration.BlockPublicPolicy",
      ignorePublicAcls: "PublicAccessBlockConfiguration.IgnorePublicAcls", restrictPublicBuckets: "PublicAccessBlockConfiguration.RestrictPublicBuckets",
    },
  },
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
    service: "s3", operation: "PutBucketEncryption",
    renames: { ...BUCKET_CHILD, rules: "ServerSideEncryptionConfiguration.Rules", "rules.applyServerSideEncryptionByDefault.kmsMasterKeyId": "KMSMasterKeyID", "rules.applyServerSideEncryptionByDefault.sseAlgorithm": "SSEAlgorithm" },
  },
  "aws:s3/bucketVersioning:BucketVersioning": { service: "s3", operation: "PutBucketVersioning", renames: BUCKET_CHILD },
  "aws:s3/vectorsVectorBucket:VectorsVectorBucket": {
    service: "s3vectors", operation: "CreateVectorBucket",
    providerOnly: { forceDestroy: "the provider deletes the indexes before the bucket" },
  },
  "aws:s3/vectorsIndex:VectorsIndex": { service: "s3vectors", operation: "CreateIndex" },
  "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy": { service: "opensearchserverless", operation: "CreateAccessPolicy" },
  "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy": { service: "opensearchserverless", operation: "CreateSecurityPolicy" },
  "aws:opensearch/serverlessCollection:ServerlessCollection": { service: "opensearchserverless", operation: "CreateCollection" },
  "aws-native:opensearchserverless:Index": {
    service: "opensearchserverless", operation: "CreateIndex",
    providerOnly: {
      collectionEndpoint: "Cloud Control resolves the collection id from it", mappings: "the index schema document (JSON, no model constraints)",
      settings: "part of the index schema document",
    },
    filledByProvider: ["id"],
  },
  "aws:bedrock/agentAgent:AgentAgent": {
    service: "bedrock-agent", operation: "CreateAgent",
    renames: { idleSessionTtlInSeconds: "idleSessionTTLInSeconds", guardrailConfigurations: "guardrailConfiguration" },
    providerOnly: { prepareAgent: "the provider calls PrepareAgent (agent id only)", skipResourceInUseCheck: "provider behaviour on delete" },
  },
  "aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup": {
    service: "bedrock-agent", operation: "CreateAgentActionGroup",
    providerOnly: { prepareAgent: "the provider calls PrepareAgent (agent id only)", skipResourceInUseCheck: "provider behaviour on delete" },
  },
  "aws:bedrock/agentAgentAlias:AgentAgentAlias": { service: "bedrock-agent", operation: "CreateAgentAlias" },
  "aws:bedrock/agentAgentKnowledgeBaseAssociation:AgentAgentKnowledgeBaseAssociation": { service: "bedrock-agent", operation: "AssociateAgentKnowledgeBase" },
  "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase": { service: "bedrock-agent", operation: "CreateKnowledgeBase" },
  "aws:bedrock/agentDataSource:AgentDataSource": { service: "bedrock-agent", operation: "CreateDataSource" },
  "aws:bedrock/guardrail:Guardrail": {
    service: "bedrock", operation: "CreateGuardrail",
    renames: { "sensitiveInformationPolicyConfig.piiEntitiesConfigs": "piiEntitiesConfig" },
  },
  "aws:bedrock/guardrailVersion:GuardrailVersion": { service: "bedrock", operation: "CreateGuardrailVersion", renames: { guardrailArn: "guardrailIdentifier" } },
  "aws:bedrock/agentcoreGateway:AgentcoreGateway": { service: "bedrock-agentcore-control", operation: "CreateGateway" },
  "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget": {
    service: "bedrock-agentcore-control", operation: "CreateGatewayTarget",
    renames: { credentialProviderConfiguration: "credentialProviderConfigurations" },
    providerOnly: {
      "credentialProviderConfiguration.gatewayIamRole": "the provider sends credentialProviderType GATEWAY_IAM_ROLE for it",
      "targetConfiguration.mcp.lambda.toolSchema.inlinePayloads.inputSchema.properties.required": "the provider folds each property's flag into its parent's required list",
    },
  },
  "aws:bedrock/agentcoreHarness:AgentcoreHarness": {
    service: "bedrock-agentcore-control", operation: "CreateHarness",
    renames: { environments: "environment", systemPrompts: "systemPrompt" },
  },
};

/** Types that make no AWS request of their own here. */
export const NOT_AWS_REQUESTS = new Set(["pulumi-nodejs:dynamic:Resource"]);

/**
 * Types whose service has no model in tests/fixtures/aws-models yet (so their values cannot be checked here), each
 * with why; add the model and map the type to take one off this list.
 */
export const WITHOUT_MODEL: Record<string, string> = {
  "aws:cloudwatch/eventRule:EventRule": "EventBridge (events) is not among the stored models",
  "aws:cloudwatch/eventTarget:EventTarget": "EventBridge (events) is not among the stored models",
  "aws:sfn/stateMachine:StateMachine": "Step Functions (states) is not among the stored models; its definition is checked by asl-validator (tests/components/generationPipeline.spec.ts)",
};

export interface Finding {
  resource: string;
  path: string;
  problem: string;
}

const norm = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, "");
const isUnknown = (v: unknown) => typeof v === "string" && (v === "[unknown]" || v === "[secret]");

function matchMember(key: string, members: Record<string, unknown>): string | undefined {
  if (key in members) return key;
  const n = norm(key);
  const names = Object.keys(members);
  return names.find((m) => norm(m) === n)
    ?? names.find((m) => norm(m) === n.replace(/s$/, "") || `${norm(m)}s` === n || norm(m) === `${n}s`);
}

const compiled = new Map<string, RegExp | null>();
/** The model's pattern as a whole-value JS regex; null when JS cannot express it (Java-only syntax). */
export function patternRegex(pattern: string): RegExp | null {
  if (!compiled.has(pattern)) {
    let re: RegExp | null = null;
    for (const flags of ["u", ""]) {
      try {
        re = new RegExp(`^(?:${pattern})$`, flags);
        break;
      } catch { /* try without the unicode flag */ }
    }
    compiled.set(pattern, re);
  }
  return compiled.get(pattern)!;
}

/** Patterns the checker could not run (reported by the spec, so none is silently skipped). */
export const uncheckablePatterns = new Set<string>();

/** Checks one value against a shape, recursively. */
function checkValue(svc: ServiceModel, shapeName: string, value: unknown, path: string, out: (path: string, problem: string) => void,
  renames: Record<string, string>, providerOnly: Record<string, string>, providerPath: string): void {
  if (value === undefined || value === null || isUnknown(value)) return;
  const shape = svc.shapes[shapeName];
  if (!shape) { out(path, `the model has no shape ${shapeName}`); return; }
  switch (shape.type) {
    case "string": {
      const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
      if (shape.min !== undefined && text.length < shape.min) out(path, `'${clip(text)}' is shorter than ${shape.min}`);
      if (shape.max !== undefined && text.length > shape.max) out(path, `'${clip(text)}' is ${text.length} characters; at most ${shape.max}`);
      if (shape.enum && !shape.enum.includes(text)) out(path, `'${clip(text)}' is not one of ${shape.enum.join(", ")}`);
      if (shape.pattern) {
        const re = patternRegex(shape.pattern);
        if (re === null) uncheckablePatterns.add(shape.pattern);
        else if (!re.test(text)) out(path, `'${clip(text)}' does not match ${shape.pattern}`);
      }
      return;
    }
    case "integer": case "long": case "float": case "double": {
      const n = typeof value === "number" ? value : Number(value);
      if (!Number.isFinite(n)) { out(path, `'${String(value)}' is not a number`); return; }
      if ((shape.type === "integer" || shape.type === "long") && !Number.isInteger(n)) out(path, `${n} is not a whole number`);
      if (shape.min !== undefined && n < shape.min) out(path, `${n} is below ${shape.min}`);
      if (shape.max !== undefined && n > shape.max) out(path, `${n} is above ${shape.max}`);
      return;
    }
    case "boolean":
      if (typeof value !== "boolean" && value !== "true" && value !== "false") out(path, `'${String(value)}' is not a boolean`);
      return;
    case "list": {
      // A provider map for a list of key/value structures (tags, dimensions): one structure per entry.
      const entryShape = svc.shapes[shape.member!.shape];
      const pair = entryShape?.type === "structure" ? keyValueMembers(entryShape) : undefined;
      if (pair && typeof value === "object" && !Array.isArray(value)) {
        const entries = Object.entries(value as Record<string, unknown>);
        if (shape.min !== undefined && entries.length < shape.min) out(path, `${entries.length} entries; at least ${shape.min}`);
        if (shape.max !== undefined && entries.length > shape.max) out(path, `${entries.length} entries; at most ${shape.max}`);
        for (const [k, v] of entries) {
          checkValue(svc, entryShape.members![pair[0]].shape, k, `${path}{${pair[0]} ${k}}`, out, renames, providerOnly, providerPath);
          checkValue(svc, entryShape.members![pair[1]].shape, v, `${path}.${k}`, out, renames, providerOnly, providerPath);
        }
        return;
      }
      const items = Array.isArray(value) ? value : [value];
      if (shape.min !== undefined && items.length < shape.min) out(path, `${items.length} items; at least ${shape.min}`);
      if (shape.max !== undefined && items.length > shape.max) out(path, `${items.length} items; at most ${shape.max}`);
      items.forEach((item, i) => checkValue(svc, shape.member!.shape, item, `${path}[${i}]`, out, renames, providerOnly, providerPath));
      return;
    }
    case "map": {
      // A provider list of named objects for a map keyed by name (the gateway tool schema's properties).
      const asMap = Array.isArray(value) && value.every((v) => typeof v === "object" && v !== null && typeof (v as { name?: unknown }).name === "string")
        ? Object.fromEntries((value as { name: string }[]).map(({ name, ...rest }) => [name, rest]))
        : value;
      if (typeof asMap !== "object" || Array.isArray(asMap)) { out(path, "is not a map"); return; }
      const entries = Object.entries(asMap as Record<string, unknown>);
      if (shape.min !== undefined && entries.length < shape.min) out(path, `${entries.length} entries; at least ${shape.min}`);
      if (shape.max !== undefined && entries.length > shape.max) out(path, `${entries.length} entries; at most ${shape.max}`);
      for (const [k, v] of entries) {
        checkValue(svc, shape.key!.shape, k, `${path}{key ${k}}`, out, renames, providerOnly, providerPath);
        checkValue(svc, shape.value!.shape, v, `${path}.${k}`, out, renames, providerOnly, providerPath);
      }
      return;
    }
    case "structure": {
      // A Terraform block list of one, for a structure member.
      if (Array.isArray(value)) {
        value.forEach((item, i) => checkValue(svc, shapeName, item, `${path}[${i}]`, out, renames, providerOnly, providerPath));
        return;
      }
      if (typeof value !== "object") {
        // A scalar input the provider expands into a structure (e.g. a key list): check it against a like-named member.
        return;
      }
      checkStructure(svc, shapeName, value as Record<string, unknown>, path, out, renames, providerOnly, providerPath);
      return;
    }
    case "blob": case "timestamp": case "union": case "document":
      return;
    default:
      return;
  }
}

/** The key and value members of a key/value structure (Tag, Dimension), if it is one. */
function keyValueMembers(shape: Shape): [string, string] | undefined {
  const names = Object.keys(shape.members ?? {});
  const key = names.find((n) => ["key", "tagkey", "name"].includes(n.toLowerCase()));
  const value = names.find((n) => ["value", "tagvalue"].includes(n.toLowerCase()));
  return key && value && names.length === 2 ? [key, value] : undefined;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function checkStructure(svc: ServiceModel, shapeName: string, value: Record<string, unknown>, path: string,
  out: (path: string, problem: string) => void, renames: Record<string, string>, providerOnly: Record<string, string>, providerPath: string): void {
  const shape = svc.shapes[shapeName];
  for (const [key, v] of Object.entries(value)) {
    const here = providerPath ? `${providerPath}.${key}` : key;
    if (here in providerOnly || v === undefined || v === null) continue;
    const renamed = renames[here];
    const target = renamed ?? matchMember(key, shape.members ?? {});
    if (target === undefined) { out(`${path}.${key}`, `no member of ${shapeName} takes the provider input '${here}'`); continue; }
    // A rename may go through nested members (`Outer.Inner`).
    let current = shapeName;
    let ok = true;
    const steps = target.split(".");
    for (const [i, step] of steps.entries()) {
      const s = svc.shapes[current];
      const unwrap = s.type === "list" ? svc.shapes[s.member!.shape] : s;
      const owner = s.type === "list" ? s.member!.shape : current;
      const member = (unwrap.members ?? {})[step] ?? (unwrap.members ?? {})[matchMember(step, unwrap.members ?? {}) ?? ""];
      if (!member) { out(`${path}.${key}`, `${owner} has no member ${step} (rename ${here} -> ${target})`); ok = false; break; }
      current = member.shape;
      if (i === steps.length - 1) break;
    }
    if (ok) checkValue(svc, current, v, `${path}.${target}`, out, renames, providerOnly, here);
  }
}

/** Every constraint a resource's inputs break in its create request(s). */
export function checkResource(r: GraphResource): Finding[] {
  const spec = RESOURCE_MODELS[r.type];
  const findings: Finding[] = [];
  const report = (path: string, problem: string) => findings.push({ resource: `${r.type}::${r.name}`, path, problem });
  if (!spec) {
    if (r.custom && !NOT_AWS_REQUESTS.has(r.type) && !(r.type in WITHOUT_MODEL) && !r.type.startsWith("pulumi:providers:")) {
      report("", "no AWS request model is mapped for this type (map it in RESOURCE_MODELS, or list it in WITHOUT_MODEL with why)");
    }
    return findings;
  }
  const svc = model(spec.service);
  const renames = spec.renames ?? {};
  const providerOnly = spec.providerOnly ?? {};
  // Inputs renamed to another operation are checked against that operation's request.
  const primary: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(r.inputs)) {
    const target = renames[key];
    if (target?.includes(":")) {
      const [operation, member] = target.split(":");
      const input = svc.operations[operation]?.input?.shape;
      if (!input) { report(key, `the model has no operation ${operation}`); continue; }
      let memberShape: string | undefined = input;
      for (const step of member.split(".")) memberShape = memberShape && svc.shapes[memberShape].members?.[step]?.shape;
      if (!memberShape) { report(key, `${operation} has no member ${member}`); continue; }
      checkValue(svc, memberShape, value, `${operation}.${member}`, report, renames, providerOnly, key);
    } else if (!(key in providerOnly)) {
      primary[key] = value;
    }
  }
  const inputShape = svc.operations[spec.operation]?.input?.shape;
  if (!inputShape) { report("", `the model has no operation ${spec.operation}`); return findings; }
  checkStructure(svc, inputShape, primary, spec.operation, report, renames, providerOnly, "");
  // Required members of the create request must be given (unless the provider fills them or they come from the URI).
  const request = svc.shapes[inputShape];
  const given = new Set(Object.entries(primary).filter(([, v]) => v !== undefined && v !== null)
    .map(([k]) => renames[k]?.split(".")[0] ?? matchMember(k, request.members ?? {})));
  for (const required of request.required ?? []) {
    if (given.has(required) || (spec.filledByProvider ?? []).includes(required)) continue;
    report(`${spec.operation}.${required}`, "a required member is not given");
  }
  return findings;
}

export function checkGraph(resources: GraphResource[]): Finding[] {
  return resources.flatMap(checkResource);
}
