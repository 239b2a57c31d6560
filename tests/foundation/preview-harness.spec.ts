import assert from "node:assert/strict";
import { mkdtempSync, copyFileSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { previewStack, parseConfigOverrides, REPO_ROOT, type ResourceGraph } from "../harness/preview";

const TINY = "tests/harness/fixtures/tiny-program.ts";
const byName = (g: ResourceGraph, name: string) => {
  const r = g.resources.find((x) => x.name === name);
  assert.ok(r, `resource ${name} is in the graph`);
  return r;
};

describe("local preview harness", () => {
  it("records type, parent, inputs, realistic outputs and dependencies of every resource", async () => {
    const g = await previewStack({ stack: "dev", program: TINY });
    assert.deepEqual(g.resources.map((r) => r.type).sort(), [
      "aws:kms/key:Key",
      "aws:s3/bucket:Bucket",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "sdga:test:Box",
    ]);
    const box = byName(g, "data");
    const key = byName(g, "key");
    const bucket = byName(g, "data-bucket");
    const sse = byName(g, "data-sse");
    assert.equal(box.custom, false);
    assert.equal(bucket.parent, box.urn);
    assert.equal(sse.parent, box.urn);
    assert.equal(key.parent, undefined);
    assert.match(String(key.outputs.arn), /^arn:aws:kms:us-east-1:123456789012:key\/[0-9a-f-]{36}$/);
    assert.match(String(bucket.outputs.bucket), /^data-bucket-[0-9a-f]{7}$/);
    // The key ARN flowed into the child's inputs, and the dependency on the key was recorded.
    const rules = sse.inputs.rules as { applyServerSideEncryptionByDefault: { kmsMasterKeyId: string } }[];
    assert.equal(rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId, key.outputs.arn);
    assert.ok(sse.dependencies.includes(key.urn) && sse.dependencies.includes(bucket.urn));
    assert.deepEqual(g.outputs, { bucketName: bucket.outputs.bucket, environment: "dev", retention: 7 });
  });

  it("re-runs the program for each stack with that stack's configuration and the overrides", async () => {
    const prod = await previewStack({ stack: "prod", program: TINY, config: parseConfigOverrides(["logRetentionDays=180"]) });
    assert.equal(prod.outputs.environment, "prod");
    assert.equal(prod.outputs.retention, 180);
    assert.equal(byName(prod, "key").urn, "urn:pulumi:prod::sdga::aws:kms/key:Key::key");
    assert.deepEqual(byName(prod, "key").inputs.tags, {
      Project: "sdga", Environment: "prod", Owner: "data-platform", CostCenter: "synthetic-data-prod", ManagedBy: "pulumi",
    });
  });

  it("fails with a message naming the key when a stack file holds an invalid setting", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sdga-stack-"));
    try {
      copyFileSync(join(REPO_ROOT, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
      const dev = readFileSync(join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8");
      writeFileSync(join(dir, "Pulumi.broken.yaml"), dev.replace(/sdga:logRetentionDays: \d+/, "sdga:logRetentionDays: -3"));
      await assert.rejects(previewStack({ stack: "broken", program: TINY, configRoot: dir }),
        /Invalid stack configuration 'sdga:logRetentionDays': -3 is out of range/);
      writeFileSync(join(dir, "Pulumi.nokey.yaml"), "config:\n  aws:region: us-east-1\n");
      await assert.rejects(previewStack({ stack: "nokey", program: TINY, configRoot: dir }),
        /Stack 'nokey' is missing configuration value 'sdga:environment'/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects a malformed --config pair", () => {
    assert.throws(() => parseConfigOverrides(["agentRuntime"]), /--config expects key=value/);
  });
});
