import { strict as assert } from "node:assert";
import {
  arn, classicAgentPolicy, gatewayInvokePolicy, GENERATIONS_STATUS_INDEX, generateStatements, harnessExecutionPolicy, iamPrincipalArn, keyPolicy,
  knowledgeBasePolicy, lambdaBaseStatements, lifecycleRules, metricsStatements, modelInvokeStatements, openSearchDataAccessPolicy,
  openSearchEncryptionPolicy, openSearchNetworkPolicy, parseModelId, policyDocument, retrieveStatements, serviceTrustPolicy,
  tlsOnlyBucketPolicy, type AwsEnv, type PolicyDocument, type PolicyStatement,
} from "../../components/policies";
import { GENERATIONS_TABLE_KEYS } from "../../components/generationsTable";

const env: AwsEnv = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/k";
const byId = (doc: PolicyDocument, sid: string): PolicyStatement => {
  const s = doc.Statement.find((x) => x.Sid === sid);
  assert.ok(s, `no statement ${sid} in ${JSON.stringify(doc)}`);
  return s;
};
const actions = (statements: PolicyStatement[]) => statements.flatMap((s) => [s.Action].flat());

/** No Allow grants `*` or `service:*`, and `*` resources only for the actions AWS does not scope. */
function assertLeastPrivilege(statements: PolicyStatement[]): void {
  const unscoped = new Set(["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
    "cloudwatch:PutMetricData", "ecr-public:GetAuthorizationToken", "sts:GetServiceBearerToken"]);
  for (const s of statements.filter((x) => x.Effect === "Allow")) {
    for (const a of [s.Action].flat()) assert.ok(a !== "*" && !a.endsWith(":*"), `${s.Sid} grants ${a}`);
    if ([s.Resource].flat().includes("*")) {
      for (const a of [s.Action].flat()) assert.ok(unscoped.has(a), `${s.Sid} grants ${a} on *`);
      if ([s.Action].flat().includes("cloudwatch:PutMetricData")) assert.ok(s.Condition?.StringEquals?.["cloudwatch:namespace"], `${s.Sid} has no namespace condition`);
    }
  }
}

describe("components/policies", () => {
  describe("model access (trap: cross-Region inference profiles)", () => {
    it("grants an inference profile on the profile ARN and on the model in every Region", () => {
      const statements = modelInvokeStatements(env, "us.anthropic.claude-sonnet-4-6");
      const resources = statements.flatMap((s) => [s.Resource].flat());
      assert.ok(resources.includes("arn:aws:bedrock:eu-west-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6"));
      assert.ok(resources.includes("arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-6"));
      for (const s of statements) assert.ok([s.Action].flat().includes("bedrock:InvokeModel"));
      assert.ok(actions(statements).includes("bedrock:GetInferenceProfile"));
    });

    it("grants a plain foundation model only in the stack's Region", () => {
      const statements = modelInvokeStatements(env, "amazon.nova-pro-v1:0");
      assert.deepEqual(statements.flatMap((s) => [s.Resource].flat()), ["arn:aws:bedrock:eu-west-1::foundation-model/amazon.nova-pro-v1:0"]);
    });

    it("recognises profile and model ids and ARNs", () => {
      assert.deepEqual(parseModelId("global.anthropic.claude-opus-4-6-v1"), { profileId: "global.anthropic.claude-opus-4-6-v1", foundationModelId: "anthropic.claude-opus-4-6-v1" });
      assert.deepEqual(parseModelId("arn:aws:bedrock:us-east-1:1:inference-profile/eu.amazon.nova-pro-v1:0"), { profileId: "eu.amazon.nova-pro-v1:0", foundationModelId: "amazon.nova-pro-v1:0" });
      assert.deepEqual(parseModelId("arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0"), { foundationModelId: "amazon.nova-pro-v1:0" });
      assert.deepEqual(parseModelId("anthropic.claude-sonnet-4-6"), { foundationModelId: "anthropic.claude-sonnet-4-6" });
    });
  });

  describe("key policy (trap: logs and SNS need the key policy)", () => {
    const all = keyPolicy(env, { logGroupNamePatterns: ["/aws/lambda/sdga-dev-*"], allowCloudWatchAlarms: true, allowBedrockAgents: true, allowS3VectorsIndexing: true });

    it("lets CloudWatch Logs use the key only for the stack's log groups", () => {
      const logs = byId(all, "CloudWatchLogsForStackLogGroups");
      assert.deepEqual(logs.Principal, { Service: "logs.eu-west-1.amazonaws.com" });
      assert.deepEqual(logs.Condition, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": ["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/sdga-dev-*"] } });
    });

    it("lets CloudWatch alarms publish to the encrypted topic", () => {
      const alarms = byId(all, "CloudWatchAlarmsToEncryptedTopic");
      assert.deepEqual(alarms.Principal, { Service: "cloudwatch.amazonaws.com" });
      assert.deepEqual(alarms.Action, ["kms:Decrypt", "kms:GenerateDataKey*"]);
      // Confused deputy: CloudWatch may use the key for this account's alarms only.
      assert.deepEqual(alarms.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
    });

    it("lets S3 server access logging encrypt logs with the key, for this account's stack buckets only", () => {
      assert.ok(!all.Statement.some((s) => s.Sid === "S3ServerAccessLogDelivery"), "off unless asked for");
      const withLogs = keyPolicy(env, {
        logGroupNamePatterns: [], allowCloudWatchAlarms: false, allowBedrockAgents: false, allowS3VectorsIndexing: false,
        s3AccessLogSourceArnPatterns: ["arn:aws:s3:::sdga-prod-*"],
      });
      assert.deepEqual(byId(withLogs, "S3ServerAccessLogDelivery"), {
        Sid: "S3ServerAccessLogDelivery", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "kms:GenerateDataKey", Resource: "*",
        Condition: { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": ["arn:aws:s3:::sdga-prod-*"] } },
      });
    });

    it("lets Bedrock and S3 Vectors in only for this account's resources", () => {
      assert.equal(byId(all, "BedrockAgentsOfThisAccount").Condition?.StringLike?.["kms:EncryptionContext:aws:bedrock:arn"], "arn:aws:bedrock:eu-west-1:123456789012:agent/*");
      const vectors = byId(all, "S3VectorsIndexing");
      assert.equal(vectors.Condition?.StringEquals?.["aws:SourceAccount"], "123456789012");
      assert.deepEqual(vectors.Condition?.["ForAnyValue:StringEquals"]?.["kms:EncryptionContextKeys"], ["aws:s3vectors:arn", "aws:s3vectors:resource-id"]);
    });

    it("administers the key through IAM with named actions, and omits switched-off services", () => {
      const minimal = keyPolicy(env, { logGroupNamePatterns: [], allowCloudWatchAlarms: false, allowBedrockAgents: false, allowS3VectorsIndexing: false });
      assert.deepEqual(minimal.Statement.map((s) => s.Sid), ["AccountAdministrationThroughIam"]);
      const admin = minimal.Statement[0];
      assert.deepEqual(admin.Principal, { AWS: "arn:aws:iam::123456789012:root" });
      assert.ok(!actions([admin]).some((a) => a.includes("*")));
    });
  });

  it("trusts a service with SourceAccount and SourceArn conditions", () => {
    const trust = serviceTrustPolicy("bedrock.amazonaws.com", env, arn.bedrock(env, "agent/*"));
    assert.deepEqual(trust.Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:bedrock:eu-west-1:123456789012:agent/*" },
    });
    assert.equal(serviceTrustPolicy("lambda.amazonaws.com").Statement[0].Condition, undefined);
  });

  it("denies non-TLS access to the bucket and its objects", () => {
    const s = tlsOnlyBucketPolicy("arn:aws:s3:::b").Statement[0];
    assert.equal(s.Effect, "Deny");
    assert.deepEqual(s.Resource, ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]);
    assert.deepEqual(s.Condition, { Bool: { "aws:SecureTransport": "false" } });
  });

  it("refuses wildcard Allow actions and duplicate statement ids", () => {
    assert.throws(() => policyDocument([{ Sid: "A", Effect: "Allow", Action: "s3:*", Resource: "x" }]), /wildcard/);
    assert.throws(() => policyDocument([{ Sid: "A", Effect: "Allow", Action: "*", Resource: "x" }]), /wildcard/);
    assert.throws(() => policyDocument([{ Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "x" }, { Sid: "A", Effect: "Allow", Action: "s3:PutObject", Resource: "x" }]), /Duplicate/);
  });

  describe("function roles", () => {
    const access = { dataBucketArn: "arn:aws:s3:::data", dataPrefix: "generated-data/dev/", tableArn: "arn:aws:dynamodb:eu-west-1:123456789012:table/t", keyArn };
    const base = lambdaBaseStatements(env, { logGroupName: "/aws/lambda/sdga-dev-generate", keyArn, metricsNamespace: "NS" });

    it("writes only its own log group and metrics namespace", () => {
      assert.equal(base[0].Resource, "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/sdga-dev-generate:*");
      assert.deepEqual(base.find((s) => s.Sid === "PublishOwnMetrics")?.Condition, { StringEquals: { "cloudwatch:namespace": "NS" } });
      assertLeastPrivilege(base);
    });

    it("generate: data under the prefix only, the table, itself, the key through S3 and DynamoDB", () => {
      const statements = generateStatements(env, access, "sdga-dev-generate");
      assert.equal(statements[0].Resource, "arn:aws:s3:::data/generated-data/dev/*");
      assert.ok(actions(statements).includes("s3:AbortMultipartUpload"));
      assert.equal(statements.find((s) => s.Sid === "ContinueLargeJobs")?.Resource, "arn:aws:lambda:eu-west-1:123456789012:function:sdga-dev-generate");
      assert.deepEqual(statements.find((s) => s.Sid === "UseDataKey")?.Condition, { StringEquals: { "kms:ViaService": ["s3.eu-west-1.amazonaws.com", "dynamodb.eu-west-1.amazonaws.com"] } });
      // Deletes (a failed job's outputs) only under the data prefix; no listing, no scans; queries only on the
      // status index (the sweeper's list of unfinished jobs), never the table itself.
      for (const st of statements.filter((s) => actions([s]).some((a) => a.startsWith("s3:Delete")))) {
        assert.equal(st.Resource, "arn:aws:s3:::data/generated-data/dev/*");
      }
      assert.ok(!actions(statements).some((a) => a.startsWith("s3:List") || a === "dynamodb:Scan"));
      assert.deepEqual(statements.filter((s) => actions([s]).includes("dynamodb:Query")).map((s) => s.Resource),
        [`arn:aws:dynamodb:eu-west-1:123456789012:table/t/index/${GENERATIONS_TABLE_KEYS.statusIndex}`]);
      assert.equal(GENERATIONS_STATUS_INDEX, GENERATIONS_TABLE_KEYS.statusIndex);
      assertLeastPrivilege(statements);
    });

    it("metrics reads and writes under the prefix and reads generations; retrieve reaches one KB", () => {
      const m = metricsStatements(env, access);
      assert.deepEqual(actions(m).sort(), ["dynamodb:GetItem", "kms:Decrypt", "kms:GenerateDataKey", "s3:GetObject", "s3:PutObject"]);
      assert.deepEqual(retrieveStatements(env, "KB123"), [{ Sid: "RetrieveFromStackKnowledgeBase", Effect: "Allow", Action: "bedrock:Retrieve", Resource: "arn:aws:bedrock:eu-west-1:123456789012:knowledge-base/KB123" }]);
    });
  });

  describe("agent roles", () => {
    it("classic: model, this KB and its guardrail only", () => {
      const doc = classicAgentPolicy(env, { modelId: "us.anthropic.claude-sonnet-4-6", knowledgeBaseId: "KB1", guardrailArn: "arn:aws:bedrock:eu-west-1:123456789012:guardrail/g" });
      assert.equal(byId(doc, "RetrieveFromStackKnowledgeBase").Resource, "arn:aws:bedrock:eu-west-1:123456789012:knowledge-base/KB1");
      assert.equal(byId(doc, "ApplyStackGuardrail").Resource, "arn:aws:bedrock:eu-west-1:123456789012:guardrail/g");
      assert.ok(byId(doc, "InvokeInferenceProfile"));
      assertLeastPrivilege(doc.Statement);
    });

    it("agentcore harness: this gateway, its runtime logs, its workload identity", () => {
      const doc = harnessExecutionPolicy(env, { modelId: "amazon.nova-pro-v1:0", gatewayArn: "arn:aws:bedrock-agentcore:eu-west-1:123456789012:gateway/g", harnessName: "sdga_dev_agent" });
      assert.equal(byId(doc, "InvokeStackGateway").Resource, "arn:aws:bedrock-agentcore:eu-west-1:123456789012:gateway/g");
      assert.ok([byId(doc, "OwnWorkloadIdentity").Resource].flat().some((r) => r!.endsWith("workload-identity/harness_sdga_dev_agent-*")));
      assertLeastPrivilege(doc.Statement);
    });

    it("gateway: exactly the given functions, and its key only when it has one", () => {
      const doc = gatewayInvokePolicy(env, ["arn:aws:lambda:eu-west-1:123456789012:function:a"]);
      assert.deepEqual(doc.Statement[0].Resource, ["arn:aws:lambda:eu-west-1:123456789012:function:a", "arn:aws:lambda:eu-west-1:123456789012:function:a:*"]);
      assert.equal(doc.Statement.length, 1);
      const withKey = gatewayInvokePolicy(env, ["arn:aws:lambda:eu-west-1:123456789012:function:a"], keyArn);
      assert.deepEqual(byId(withKey, "UseGatewayKey"), {
        Sid: "UseGatewayKey", Effect: "Allow", Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey"], Resource: keyArn,
        Condition: { StringEquals: { "kms:ViaService": "bedrock-agentcore.eu-west-1.amazonaws.com" } },
      });
    });
  });

  describe("knowledge base", () => {
    const common = { embeddingModelArn: "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-embed-text-v2:0", documentBucketArn: "arn:aws:s3:::kb", documentPrefix: "documents/", keyArn };

    it("S3 Vectors: the index ARN, the documents prefix and the model", () => {
      const doc = knowledgeBasePolicy(env, { ...common, store: { kind: "s3vectors", indexArn: "arn:aws:s3vectors:eu-west-1:123456789012:bucket/v/index/i", vectorBucketArn: "arn:aws:s3vectors:eu-west-1:123456789012:bucket/v" } });
      assert.equal(byId(doc, "UseVectorIndex").Resource, "arn:aws:s3vectors:eu-west-1:123456789012:bucket/v/index/i");
      assert.equal(byId(doc, "ReadDocuments").Resource, "arn:aws:s3:::kb/documents/*");
      // AWS's documented KB role lists the bucket with no s3:prefix condition (a list without a prefix must
      // work) and pins both S3 statements to the account's own bucket:
      // https://docs.aws.amazon.com/bedrock/latest/userguide/kb-permissions.html, "Permissions to access your Amazon
      // S3 data source" (statements S3ListBucketStatement and S3GetObjectStatement)
      assert.deepEqual(byId(doc, "ListDocuments"), {
        Sid: "ListDocuments", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::kb",
        Condition: { StringEquals: { "aws:ResourceAccount": "123456789012" } },
      });
      assert.deepEqual(byId(doc, "ReadDocuments").Condition, { StringEquals: { "aws:ResourceAccount": "123456789012" } });
      assert.equal(byId(doc, "EmbedWithModel").Resource, common.embeddingModelArn);
      assertLeastPrivilege(doc.Statement);
    });

    it("OpenSearch: APIAccessAll on the collection; policies in the JSON shapes AOSS takes", () => {
      const doc = knowledgeBasePolicy(env, { ...common, store: { kind: "opensearch", collectionArn: "arn:aws:aoss:eu-west-1:123456789012:collection/c" } });
      assert.equal(byId(doc, "UseCollection").Action, "aoss:APIAccessAll");
      assert.ok(!Array.isArray(openSearchEncryptionPolicy("c", keyArn)));
      assert.deepEqual(openSearchEncryptionPolicy("c", keyArn), { Rules: [{ ResourceType: "collection", Resource: ["collection/c"] }], AWSOwnedKey: false, KmsARN: keyArn });
      assert.ok(Array.isArray(openSearchNetworkPolicy("c", true)));
      assert.deepEqual(openSearchNetworkPolicy("c", false)[0], { Rules: [{ ResourceType: "collection", Resource: ["collection/c"] }], AllowFromPublic: false, SourceServices: ["bedrock.amazonaws.com"] });
      const data = openSearchDataAccessPolicy("c", ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"]) as { Principal: string[]; Rules: { Resource: string[] }[] }[];
      assert.deepEqual(data[0].Principal, ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"]);
      assert.deepEqual(data[0].Rules.map((r) => r.Resource), [["index/c/*"], ["collection/c"]]);
    });

    it("turns an assumed-role session into its role ARN", () => {
      assert.equal(iamPrincipalArn("arn:aws:sts::123456789012:assumed-role/deployer/ci-run-7"), "arn:aws:iam::123456789012:role/deployer");
      assert.equal(iamPrincipalArn("arn:aws:iam::123456789012:user/alice"), "arn:aws:iam::123456789012:user/alice");
    });
  });

  describe("lifecycle rules", () => {
    it("expires data under the prefix, with transitions, old versions and abandoned uploads", () => {
      assert.deepEqual(lifecycleRules("data", "generated-data/prod/", { expirationDays: 730, transitionToIaDays: 90, transitionToGlacierDays: 180 }), [{
        id: "data", status: "Enabled", filter: { prefix: "generated-data/prod/" }, expiration: { days: 730 },
        transitions: [{ days: 90, storageClass: "STANDARD_IA" }, { days: 180, storageClass: "GLACIER" }],
        noncurrentVersionExpiration: { noncurrentDays: 1 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
      }]);
      assert.equal(lifecycleRules("data", "p/", { expirationDays: 30 })[0].transitions, undefined);
    });

    it("refuses a transition at or after expiry", () => {
      assert.throws(() => lifecycleRules("data", "p/", { expirationDays: 30, transitionToIaDays: 30 }), /not before expiry/);
    });
  });
});
