// Previews the real program for every stack and checks that each carries its stack's settings.
import assert from "node:assert/strict";
import { previewStack, type GraphResource, type ResourceGraph } from "../harness/preview";

const STACKS = ["dev", "staging", "prod"] as const;
type Stack = (typeof STACKS)[number];

const ofType = (g: ResourceGraph, type: string): GraphResource[] => g.resources.filter((r) => r.type === type);
const one = (g: ResourceGraph, type: string): GraphResource => {
  const found = ofType(g, type);
  assert.equal(found.length, 1, `exactly one ${type} in ${g.stack}`);
  return found[0];
};
const fn = (g: ResourceGraph, tool: string): Record<string, unknown> => {
  const f = ofType(g, "aws:lambda/function:Function").find((r) => r.inputs.name === `sdga-${g.stack}-${tool}`);
  assert.ok(f, `function ${tool} in ${g.stack}`);
  return f.inputs;
};

describe("stack previews (the real program under mocks)", function () {
  this.timeout(120_000);
  const graphs = {} as Record<Stack, ResourceGraph>;
  before(async () => {
    for (const stack of STACKS) graphs[stack] = await previewStack({ stack });
  });

  it("gives every log group its stack's retention and the stack key", () => {
    const expected: Record<Stack, number> = { dev: 7, staging: 30, prod: 90 };
    for (const stack of STACKS) {
      const groups = ofType(graphs[stack], "aws:cloudwatch/logGroup:LogGroup");
      assert.ok(groups.length >= 4, `${stack} has a log group per function`);
      const keyArn = one(graphs[stack], "aws:kms/key:Key").outputs.arn;
      for (const g of groups) {
        assert.equal(g.inputs.retentionInDays, expected[stack], `${stack} ${g.name}`);
        assert.equal(g.inputs.kmsKeyId, keyArn, `${stack} ${g.name} is encrypted with the stack key`);
      }
    }
  });

  it("expires and transitions generated data as each stack's lifecycle says", () => {
    const rules = (stack: Stack) => {
      const lc = ofType(graphs[stack], "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        .find((r) => JSON.stringify(r.inputs.rules).includes("generated-data/"));
      assert.ok(lc, `${stack} has a lifecycle on the data prefix`);
      const [rule] = lc.inputs.rules as { expiration: { days: number }; transitions?: { days: number; storageClass: string }[]; filter: { prefix: string } }[];
      return { expiration: rule.expiration.days, transitions: rule.transitions ?? [], prefix: rule.filter.prefix };
    };
    assert.deepEqual(rules("dev"), { expiration: 30, transitions: [], prefix: "generated-data/dev/" });
    assert.deepEqual(rules("staging"), { expiration: 365, transitions: [{ days: 90, storageClass: "STANDARD_IA" }], prefix: "generated-data/staging/" });
    assert.deepEqual(rules("prod"), {
      expiration: 730,
      transitions: [{ days: 90, storageClass: "STANDARD_IA" }, { days: 180, storageClass: "GLACIER" }],
      prefix: "generated-data/prod/",
    });
  });

  it("turns point-in-time recovery and deletion protection on where the stack says", () => {
    const table = (stack: Stack) => one(graphs[stack], "aws:dynamodb/table:Table").inputs as {
      pointInTimeRecovery: { enabled: boolean }; deletionProtectionEnabled: boolean; serverSideEncryption: { kmsKeyArn: string };
    };
    assert.deepEqual(STACKS.map((s) => table(s).pointInTimeRecovery.enabled), [false, true, true]);
    assert.deepEqual(STACKS.map((s) => Boolean(table(s).deletionProtectionEnabled)), [false, false, true]);
    for (const s of STACKS) assert.equal(table(s).serverSideEncryption.kmsKeyArn, one(graphs[s], "aws:kms/key:Key").outputs.arn);
  });

  it("sizes and reserves the functions per stack", () => {
    assert.deepEqual(STACKS.map((s) => fn(graphs[s], "generate").memorySize), [1024, 1536, 2048]);
    assert.deepEqual(STACKS.map((s) => fn(graphs[s], "validate").memorySize), [512, 512, 1024]);
    assert.deepEqual(STACKS.map((s) => fn(graphs[s], "metrics").memorySize), [512, 512, 1024]);
    for (const tool of ["generate", "validate", "metrics"]) {
      assert.deepEqual(STACKS.map((s) => fn(graphs[s], tool).reservedConcurrentExecutions), [undefined, 10, 50], tool);
    }
    for (const s of STACKS) {
      for (const tool of ["generate", "validate", "metrics", "retrieve"]) {
        const f = fn(graphs[s], tool);
        assert.deepEqual(f.architectures, ["arm64"]);
        assert.equal(f.runtime, "nodejs24.x");
        assert.deepEqual(f.tracingConfig, { mode: "Active" });
        assert.equal((f.environment as { variables: Record<string, string> }).variables.ENVIRONMENT, s);
      }
    }
  });

  it("sets the agent's idle session timeout per stack", () => {
    const idle = (s: Stack) => {
      const harness = one(graphs[s], "aws:bedrock/agentcoreHarness:AgentcoreHarness").inputs as {
        environments: { agentcoreRuntimeEnvironments: { lifecycleConfigurations: { idleRuntimeSessionTimeout: number }[] }[] }[];
      };
      return harness.environments[0].agentcoreRuntimeEnvironments[0].lifecycleConfigurations[0].idleRuntimeSessionTimeout;
    };
    assert.deepEqual(STACKS.map(idle), [600, 900, 1800]);
  });

  it("sends every staging and prod alarm to a topic someone is subscribed to", () => {
    for (const stack of ["staging", "prod"] as const) {
      const g = graphs[stack];
      const topic = one(g, "aws:sns/topic:Topic");
      const subscription = one(g, "aws:sns/topicSubscription:TopicSubscription");
      assert.equal(subscription.inputs.topic, topic.outputs.arn, `${stack}: the subscription is on the alarm topic`);
      assert.equal(subscription.inputs.protocol, "email");
      assert.match(String(subscription.inputs.endpoint), /^[^@\s]+@[^@\s]+$/);
      const alarms = ofType(g, "aws:cloudwatch/metricAlarm:MetricAlarm");
      assert.ok(alarms.length >= 19, `${stack} has its alarms`);
      for (const a of alarms) assert.ok((a.inputs.alarmActions as string[]).includes(String(topic.outputs.arn)), `${stack} ${a.name}`);
    }
  });

  it("logs access to the data and knowledge-base buckets in staging and prod, to a log bucket under the stack key", () => {
    for (const stack of ["staging", "prod"] as const) {
      const g = graphs[stack];
      const loggings = ofType(g, "aws:s3/bucketLogging:BucketLogging");
      const buckets = ofType(g, "aws:s3/bucket:Bucket");
      const logBucket = buckets.find((b) => b.name.startsWith(`sdga-${stack}-access-logs`))!;
      assert.ok(logBucket, `${stack} has a log bucket`);
      const logged = loggings.map((l) => buckets.find((b) => b.outputs.bucket === l.inputs.bucket)?.name).sort();
      assert.deepEqual(logged, [`sdga-${stack}-data`, `sdga-${stack}-kb-documents`]);
      for (const l of loggings) assert.equal(l.inputs.targetBucket, logBucket.outputs.bucket);
      const retention = ofType(g, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        .find((r) => r.inputs.bucket === logBucket.outputs.bucket)!.inputs.rules as { expiration: { days: number } }[];
      assert.equal(retention[0].expiration.days, stack === "prod" ? 365 : 90);
    }
    assert.equal(ofType(graphs.dev, "aws:s3/bucketLogging:BucketLogging").length, 0, "dev opts out");
  });

  it("tags every taggable resource with the stack's tags", () => {
    for (const s of STACKS) {
      const taggable = graphs[s].resources.filter((r) => r.custom && "tags" in r.inputs);
      assert.ok(taggable.length > 20, `${s} has taggable resources`);
      for (const r of taggable) {
        const tags = r.inputs.tags as Record<string, string>;
        assert.equal(tags.Environment, s, `${s} ${r.type} ${r.name}`);
        assert.equal(tags.Project, "sdga");
        assert.equal(tags.ManagedBy, "pulumi");
        assert.ok(tags.Owner && tags.CostCenter, `${r.name} has Owner and CostCenter`);
      }
    }
  });

  it("builds the same shape in every stack, and previews the classic runtime on request", async () => {
    const shape = (g: ResourceGraph) => g.resources.map((r) => r.type).sort();
    // dev opts out of access logging and names no alarm e-mail; otherwise the three stacks build the same resources.
    const accessLogging = (g: ResourceGraph) => {
      const inside = new Set(g.resources.filter((r) => r.type === "sdga:storage:AccessLogs").map((r) => r.urn));
      for (let grew = true; grew;) {
        grew = false;
        for (const r of g.resources) if (r.parent && inside.has(r.parent) && !inside.has(r.urn)) { inside.add(r.urn); grew = true; }
      }
      return inside;
    };
    const withoutAccessLogs = (g: ResourceGraph) => g.resources
      .filter((r) => !accessLogging(g).has(r.urn) && r.type !== "aws:sns/topicSubscription:TopicSubscription").map((r) => r.type).sort();
    assert.equal(accessLogging(graphs.dev).size, 0);
    assert.deepEqual(shape(graphs.prod), shape(graphs.staging));
    assert.deepEqual(withoutAccessLogs(graphs.staging), shape(graphs.dev));
    const classic = await previewStack({ stack: "prod", config: { agentRuntime: "classic" } });
    const agent = one(classic, "aws:bedrock/agentAgent:AgentAgent");
    assert.equal(agent.inputs.idleSessionTtlInSeconds, 1800);
    assert.equal(ofType(classic, "aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup").length, 3);
    assert.equal(ofType(classic, "aws:bedrock/agentcoreHarness:AgentcoreHarness").length, 0);
    assert.equal(classic.outputs.agentRuntime, "classic");
  });
});
