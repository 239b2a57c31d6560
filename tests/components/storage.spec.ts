// EncryptionKey, SecureBucket and GenerationsTable under mocks: exact children and every security input.
import { strict as assert } from "node:assert";
import { EncryptionKey } from "../../components/encryptionKey";
import { GenerationsTable } from "../../components/generationsTable";
import { lifecycleRules } from "../../components/policies";
import { SecureBucket } from "../../components/secureBucket";
import { ENV, KEY_ARN, TAGS, dependsOn, installMocks, inventory, json, resource, settle, statement } from "./harness";

describe("EncryptionKey (mocks)", () => {
  before(async () => {
    installMocks();
    new EncryptionKey("t-key", { env: ENV, aliasName: "sdga-test", logGroupNamePatterns: ["/aws/lambda/sdga-test-*"], tags: TAGS });
    new EncryptionKey("t-agentkey", { env: ENV, aliasName: "sdga-agent", logGroupNamePatterns: [], allowCloudWatchAlarms: false, allowBedrockAgents: true, allowS3VectorsIndexing: true, tags: TAGS });
    await settle();
  });

  it("creates exactly a rotating key and its alias", () => {
    assert.deepEqual(inventory("t-key"), ["aws:kms/alias:Alias::t-key-alias", "aws:kms/key:Key::t-key-key"]);
    const key = resource("t-key-key").inputs;
    assert.equal(key.enableKeyRotation, true);
    assert.equal(key.deletionWindowInDays, 30);
    assert.equal(resource("t-key-alias").inputs.name, "alias/sdga-test");
    assert.deepEqual(key.tags, { ...TAGS, Name: "t-key-key", Component: "EncryptionKey" });
  });

  it("grants CloudWatch Logs (this stack's log groups) and CloudWatch alarms in the key policy by default", () => {
    const policy = json(resource("t-key-key").inputs.policy);
    assert.deepEqual(policy.Statement.map((s: { Sid: string }) => s.Sid), ["AccountAdministrationThroughIam", "CloudWatchLogsForStackLogGroups", "CloudWatchAlarmsToEncryptedTopic"]);
    assert.deepEqual(statement(policy, "CloudWatchLogsForStackLogGroups").Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"],
      ["arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/sdga-test-*"]);
  });

  it("adds Bedrock agents and S3 Vectors only when switched on", () => {
    const policy = json(resource("t-agentkey-key").inputs.policy);
    assert.deepEqual(policy.Statement.map((s: { Sid: string }) => s.Sid), ["AccountAdministrationThroughIam", "BedrockAgentsOfThisAccount", "S3VectorsIndexing"]);
  });
});

describe("SecureBucket (mocks)", () => {
  before(async () => {
    installMocks();
    new SecureBucket("t-data", {
      kmsKeyArn: KEY_ARN, lifecycleRules: lifecycleRules("generated-data", "generated-data/test/", { expirationDays: 30 }), tags: TAGS,
    });
    new SecureBucket("t-plain", { kmsKeyArn: KEY_ARN, accessLogs: { targetBucket: "logs-bucket" }, tags: TAGS });
    await settle();
  });

  it("creates exactly the bucket and its protections (plus lifecycle when given)", () => {
    assert.deepEqual(inventory("t-data"), [
      "aws:s3/bucket:Bucket::t-data",
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::t-data-lifecycle",
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls::t-data-ownership",
      "aws:s3/bucketPolicy:BucketPolicy::t-data-policy",
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::t-data-public-access",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::t-data-encryption",
      "aws:s3/bucketVersioning:BucketVersioning::t-data-versioning",
    ]);
  });

  it("encrypts with the stack key and a bucket key, blocks public access, enforces ownership, versions", () => {
    assert.deepEqual(resource("t-data-encryption").inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }]);
    const pab = resource("t-data-public-access").inputs;
    for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.equal(pab[k], true, k);
    assert.equal(resource("t-data-ownership").inputs.rule.objectOwnership, "BucketOwnerEnforced");
    assert.equal(resource("t-data-versioning").inputs.versioningConfiguration.status, "Enabled");
    assert.equal(resource("t-data", "aws:s3/bucket:Bucket").inputs.forceDestroy, false);
  });

  it("denies non-TLS requests, after public access is blocked", () => {
    const policy = resource("t-data-policy");
    const s = json(policy.inputs.policy).Statement[0];
    assert.equal(s.Effect, "Deny");
    assert.equal(s.Condition.Bool["aws:SecureTransport"], "false");
    assert.ok(s.Resource[0].startsWith("arn:aws:s3:::t-data-"));
    assert.ok(dependsOn(policy, resource("t-data-public-access")));
  });

  it("applies the lifecycle rules it is given, and access logging only when asked", () => {
    assert.equal(resource("t-data-lifecycle").inputs.rules[0].filter.prefix, "generated-data/test/");
    assert.ok(!inventory("t-data").some((r) => r.includes("BucketLogging")));
    assert.deepEqual(inventory("t-plain").filter((r) => /Logging|Lifecycle/.test(r)), ["aws:s3/bucketLogging:BucketLogging::t-plain-access-logs"]);
    assert.equal(resource("t-plain-access-logs").inputs.targetBucket, "logs-bucket");
  });

  it("refuses a name too long for an auto-named bucket", () => {
    assert.throws(() => new SecureBucket("x".repeat(56), { kmsKeyArn: KEY_ARN, tags: TAGS }), /55/);
  });
});

describe("GenerationsTable (mocks)", () => {
  before(async () => {
    installMocks();
    new GenerationsTable("t-gen", { tableName: "sdga-test-generations", kmsKeyArn: KEY_ARN, pointInTimeRecovery: false, deletionProtection: false, tags: TAGS });
    new GenerationsTable("t-secure", { tableName: "sdga-prod-generations", kmsKeyArn: KEY_ARN, tags: TAGS });
    await settle();
  });

  it("creates one on-demand table keyed by generation_id with the status/time index and TTL", () => {
    assert.deepEqual(inventory("t-gen"), ["aws:dynamodb/table:Table::t-gen-table"]);
    const t = resource("t-gen-table").inputs;
    assert.equal(t.name, "sdga-test-generations");
    assert.equal(t.billingMode, "PAY_PER_REQUEST");
    assert.equal(t.hashKey, "generation_id");
    assert.deepEqual(t.globalSecondaryIndexes.map((i: { name: string; hashKey: string; rangeKey: string }) => [i.name, i.hashKey, i.rangeKey]),
      [["status-created_at-index", "status", "created_at"]]);
    assert.deepEqual(t.ttl, { attributeName: "expires_at", enabled: true });
  });

  it("encrypts with the stack key and takes recovery and deletion protection from args, on by default", () => {
    assert.deepEqual(resource("t-gen-table").inputs.serverSideEncryption, { enabled: true, kmsKeyArn: KEY_ARN });
    assert.equal(resource("t-gen-table").inputs.pointInTimeRecovery.enabled, false);
    assert.equal(resource("t-gen-table").inputs.deletionProtectionEnabled, false);
    assert.equal(resource("t-secure-table").inputs.pointInTimeRecovery.enabled, true);
    assert.equal(resource("t-secure-table").inputs.deletionProtectionEnabled, true);
  });
});
