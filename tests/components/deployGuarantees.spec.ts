// What a first `pulumi up` relies on, shown under mocks: access logs reach a log bucket that grants exactly the
// stack's buckets; the knowledge base is ingested by the deploy and again on a documents change; a guardrail
// content change publishes a new version that moves the classic agent's alias; the gateway waits for its grant.
import { strict as assert } from "node:assert";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AccessLogs } from "../../components/accessLogs";
import { BedrockAgent, type AgentFunction } from "../../components/bedrockAgent";
import { loadOpenApiDocuments } from "../../components/contract";
import { GUARDRAIL_CONTENT, guardrailVersionDescription, PersonalDataGuardrail } from "../../components/guardrail";
import { IAM_PROPAGATION_SECONDS, iamPropagationProvider } from "../../components/iamPropagation";
import { documentsDigest, knowledgeBaseDocuments, KnowledgeBase } from "../../components/knowledgeBase";
import { KnowledgeBaseIngestion } from "../../components/knowledgeBaseIngestion";
import { ENV, KEY_ARN, MOCK_ACCOUNT, TAGS, dependsOn, installMocks, json, recorded, resource, settle } from "./harness";

describe("AccessLogs (mocks)", () => {
  before(async () => {
    installMocks();
    new AccessLogs("t-logs", {
      accountId: MOCK_ACCOUNT, kmsKeyArn: KEY_ARN, retentionDays: 365, tags: TAGS,
      sources: [
        { label: "data", bucketName: "data-bucket", bucketArn: "arn:aws:s3:::data-bucket" },
        { label: "knowledge-base", bucketName: "kb-bucket", bucketArn: "arn:aws:s3:::kb-bucket" },
      ],
    });
    await settle();
  });

  it("lets S3's logging service write exactly the two sources' logs, each under its prefix, for this account only", () => {
    const policy = json(resource("t-logs-bucket-policy").inputs.policy);
    const grants = policy.Statement.filter((s: { Principal?: { Service?: string } }) => s.Principal?.Service === "logging.s3.amazonaws.com");
    assert.equal(grants.length, 2);
    for (const [grant, source, prefix] of [[grants[0], "arn:aws:s3:::data-bucket", "data/"], [grants[1], "arn:aws:s3:::kb-bucket", "knowledge-base/"]]) {
      assert.equal(grant.Action, "s3:PutObject");
      assert.match(grant.Resource, new RegExp(`^arn:aws:s3:::t-logs-bucket-[0-9a-f]{7}/${prefix}\\*$`));
      assert.deepEqual(grant.Condition, { ArnLike: { "aws:SourceArn": source }, StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT } });
    }
    assert.ok(policy.Statement.some((s: { Sid: string }) => s.Sid === "DenyInsecureTransport"), "still TLS-only");
  });

  it("switches logging on for each source only after the grant and the SSE-KMS default, under its own prefix", () => {
    for (const [label, bucket] of [["data", "data-bucket"], ["knowledge-base", "kb-bucket"]]) {
      const logging = resource(`t-logs-${label}`, "aws:s3/bucketLogging:BucketLogging");
      assert.equal(logging.inputs.bucket, bucket);
      assert.equal(logging.inputs.targetPrefix, `${label}/`);
      assert.match(logging.inputs.targetBucket, /^t-logs-bucket-/);
      assert.ok(dependsOn(logging, resource("t-logs-bucket-policy")), `${label} waits for the grant`);
      assert.ok(dependsOn(logging, resource("t-logs-bucket-encryption")), `${label} waits for SSE-KMS`);
    }
  });

  it("keeps log objects for its own retention, encrypted with the stack key", () => {
    const rules = resource("t-logs-bucket-lifecycle").inputs.rules;
    assert.equal(rules[0].expiration.days, 365);
    assert.equal(rules[0].filter.prefix, "");
    assert.equal(resource("t-logs-bucket-encryption").inputs.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, KEY_ARN);
    assert.ok(!recorded.some((r) => r.type === "aws:s3/bucketLogging:BucketLogging" && String(r.inputs.bucket).startsWith("t-logs-bucket")), "the log bucket does not log itself");
  });

  it("refuses duplicate or unusable source labels", () => {
    const source = { label: "data", bucketName: "b", bucketArn: "arn:aws:s3:::b" };
    assert.throws(() => new AccessLogs("t-dup", { accountId: MOCK_ACCOUNT, kmsKeyArn: KEY_ARN, sources: [source, source], tags: TAGS }), /duplicate/);
    assert.throws(() => new AccessLogs("t-bad", { accountId: MOCK_ACCOUNT, kmsKeyArn: KEY_ARN, sources: [{ ...source, label: "Data/" }], tags: TAGS }), /label/);
    assert.throws(() => new AccessLogs("t-none", { accountId: MOCK_ACCOUNT, kmsKeyArn: KEY_ARN, sources: [], tags: TAGS }), /no source/);
  });
});

describe("KnowledgeBaseIngestion (mocks): the deploy loads the knowledge base", () => {
  const docsDir = (body: string) => {
    const dir = mkdtempSync(join(tmpdir(), "sdga-kb-"));
    mkdirSync(join(dir, "domains"));
    writeFileSync(join(dir, "domains", "retail.md"), body);
    return dir;
  };
  const before1 = docsDir("# Retail\nOrders have line items.\n");
  const after1 = docsDir("# Retail\nOrders have line items and a currency.\n");

  it("digests the documents: the same files give the same digest, an edit, a rename or a new file another", () => {
    const docs = knowledgeBaseDocuments(before1);
    assert.equal(documentsDigest(docs), documentsDigest(knowledgeBaseDocuments(before1)));
    assert.notEqual(documentsDigest(docs), documentsDigest(knowledgeBaseDocuments(after1)));
    assert.notEqual(documentsDigest(docs), documentsDigest(docs.map((d) => ({ ...d, key: d.key.replace("retail", "shop") }))));
    const extra = docsDir("# Retail\nOrders have line items.\n");
    writeFileSync(join(extra, "domains", "finance.md"), "# Finance\n");
    assert.notEqual(documentsDigest(docs), documentsDigest(knowledgeBaseDocuments(extra)));
    assert.match(documentsDigest(docs), /^[0-9a-f]{64}$/);
  });

  describe("one stack before and after a document change", () => {
    before(async () => {
      installMocks();
      for (const [name, dir] of [["t-before", before1], ["t-after", after1]] as const) {
        const kb = new KnowledgeBase(`${name}-kb`, { env: ENV, prefix: "sdga-test", kmsKeyArn: KEY_ARN, documentsDir: dir, tags: TAGS });
        new KnowledgeBaseIngestion(`${name}-ingestion`, {
          knowledgeBaseId: kb.knowledgeBaseId, dataSourceId: kb.dataSourceId, documentsDigest: kb.documentsDigest,
          functionName: "sdga-test-ingest", after: [...kb.uploads, kb.dataSource],
        });
      }
      await settle();
    });

    it("invokes the ingest function once the documents and the data source exist, with what to ingest", () => {
      const invocation = resource("t-before-ingestion-invocation");
      assert.equal(invocation.inputs.functionName, "sdga-test-ingest");
      assert.equal(invocation.inputs.lifecycleScope, "CREATE_ONLY");
      const input = JSON.parse(invocation.inputs.input);
      assert.deepEqual(Object.keys(input).sort(), ["dataSourceId", "documentsDigest", "knowledgeBaseId"]);
      assert.equal(input.documentsDigest, documentsDigest(knowledgeBaseDocuments(before1)));
      assert.ok(dependsOn(invocation, resource("t-before-kb-source")), "after the data source");
      assert.ok(dependsOn(invocation, resource("t-before-kb-doc-domains-retail")), "after the upload");
    });

    it("ingests again on a document change: the invocation's input and trigger change (the provider re-invokes on either)", () => {
      const [a, b] = ["t-before", "t-after"].map((n) => resource(`${n}-ingestion-invocation`).inputs);
      assert.notEqual(a.triggers.documentsDigest, b.triggers.documentsDigest);
      assert.notEqual(JSON.parse(a.input).documentsDigest, JSON.parse(b.input).documentsDigest);
    });
  });
});

describe("guardrail content changes reach the agent (mocks)", () => {
  const fn = (n: string): AgentFunction => ({ functionName: `sdga-test-${n}`, functionArn: `arn:aws:lambda:us-east-1:${MOCK_ACCOUNT}:function:sdga-test-${n}` });
  const common = {
    env: ENV, prefix: "sdga-test", modelId: "us.anthropic.claude-sonnet-4-6", kmsKeyArn: KEY_ARN, instruction: "You generate synthetic data sets as asked.",
    tags: TAGS, runtime: "classic" as const, functions: { generate: fn("generate"), validate: fn("validate"), metrics: fn("metrics") },
  };
  const fewer = { ...GUARDRAIL_CONTENT, piiTypes: GUARDRAIL_CONTENT.piiTypes.filter((t) => t !== "PASSWORD") };

  it("the version's description carries the content's fingerprint: a change replaces the version, the same content keeps it", () => {
    // terraform-provider-aws internal/service/bedrock/guardrail_version.go: description RequiresReplaceIfConfigured.
    assert.equal(guardrailVersionDescription(GUARDRAIL_CONTENT), guardrailVersionDescription({ ...GUARDRAIL_CONTENT, piiTypes: [...GUARDRAIL_CONTENT.piiTypes].reverse() }));
    assert.notEqual(guardrailVersionDescription(GUARDRAIL_CONTENT), guardrailVersionDescription(fewer));
    assert.notEqual(guardrailVersionDescription(GUARDRAIL_CONTENT), guardrailVersionDescription({ ...GUARDRAIL_CONTENT, blockedInputMessaging: "Blocked." }));
    assert.ok(guardrailVersionDescription(GUARDRAIL_CONTENT).length <= 200);
  });

  describe("two deploys of one agent, before and after a PII-list change", () => {
    const seen: Record<string, { version: string; alias: string; agentVersion: string }> = {};
    before(async () => {
      installMocks();
      for (const [name, content] of [["t-g1", GUARDRAIL_CONTENT], ["t-g2", fewer]] as const) {
        const guardrail = new PersonalDataGuardrail(`${name}-guardrail`, { guardrailName: "sdga-test-personal-data", content, tags: TAGS });
        new BedrockAgent(`${name}-agent`, {
          ...common, openApiDocuments: loadOpenApiDocuments(),
          guardrail: { guardrailId: guardrail.guardrailId, guardrailVersion: guardrail.guardrailVersion, guardrailArn: guardrail.guardrailArn },
        });
      }
      await settle();
      for (const name of ["t-g1", "t-g2"]) {
        seen[name] = {
          version: resource(`${name}-guardrail-version`).inputs.description,
          alias: resource(`${name}-agent-alias`).inputs.description,
          agentVersion: resource(`${name}-agent-agent`).inputs.guardrailConfigurations[0].guardrailVersion,
        };
      }
    });

    it("publishes a new version (after the DRAFT is updated), pins the agent to it, and moves the alias", () => {
      assert.notEqual(seen["t-g1"].version, seen["t-g2"].version, "a new version is published");
      assert.notEqual(seen["t-g1"].agentVersion, seen["t-g2"].agentVersion, "the agent is pinned to the new version");
      assert.notEqual(seen["t-g1"].alias, seen["t-g2"].alias, "the alias description (fingerprint) changes, so the alias moves");
      assert.ok(dependsOn(resource("t-g2-guardrail-version"), resource("t-g2-guardrail-guardrail")));
    });
  });
});

describe("IamPropagationWait: an explicit wait for the gateway's grant", () => {
  it("waits on create, and again only when the grant changes", async () => {
    const waited: number[] = [];
    const provider = iamPropagationProvider(async (ms) => { waited.push(ms); });
    const created = await provider.create!({ trigger: "a".repeat(64), seconds: IAM_PROPAGATION_SECONDS });
    assert.deepEqual(waited, [IAM_PROPAGATION_SECONDS * 1000]);
    assert.match(created.id, /^iam-wait-a{16}$/);
    const same = await provider.diff!(created.id, created.outs, { trigger: "a".repeat(64), seconds: IAM_PROPAGATION_SECONDS });
    assert.deepEqual([same.changes, same.replaces], [false, []]);
    const changed = await provider.diff!(created.id, created.outs, { trigger: "b".repeat(64), seconds: IAM_PROPAGATION_SECONDS });
    assert.deepEqual([changed.changes, changed.replaces], [true, ["trigger"]], "a new grant replaces the wait, so it waits again");
    assert.deepEqual(waited.length, 1, "a diff never waits");
  });
});
