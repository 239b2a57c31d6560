import assert from "node:assert/strict";
import { parseStackConfig, CONFIG_KEYS, ConfigError, type ConfigKey } from "../../config";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readProjectFile, stackConfiguration, PreviewConfigError, REPO_ROOT } from "../harness/preview";
import { renderConfigReference, readmeWithReference } from "../../scripts/config-reference";

/** The values the CLI would give the program for a stack, as a RawConfig reader. */
function rawFor(stack: string, overrides: Record<string, string> = {}) {
  const { values } = stackConfiguration(stack, overrides);
  return (key: ConfigKey) => values[`sdga:${key}`];
}

describe("stack configuration", () => {
  it("declares every key config.ts reads in Pulumi.yaml, with a description, and nothing else", () => {
    const declared = readProjectFile().config ?? {};
    const projectKeys = Object.keys(declared).filter((k) => !k.includes(":"));
    assert.deepEqual([...projectKeys].sort(), [...CONFIG_KEYS].sort());
    for (const key of projectKeys) {
      assert.ok(declared[key].description, `${key} has a description`);
      assert.ok(declared[key].type, `${key} has a type`);
    }
  });

  it("gives the three stacks the settings the environments differ by", () => {
    const [dev, staging, prod] = ["dev", "staging", "prod"].map((s) => parseStackConfig(rawFor(s), s));
    assert.deepEqual([dev.logRetentionDays, staging.logRetentionDays, prod.logRetentionDays], [7, 30, 90]);
    assert.deepEqual(dev.dataLifecycle, { expirationDays: 30, transitionToIaDays: undefined, transitionToGlacierDays: undefined });
    assert.deepEqual(staging.dataLifecycle, { expirationDays: 365, transitionToIaDays: 90, transitionToGlacierDays: undefined });
    assert.deepEqual(prod.dataLifecycle, { expirationDays: 730, transitionToIaDays: 90, transitionToGlacierDays: 180 });
    assert.deepEqual([dev, staging, prod].map((c) => c.table), [
      { pointInTimeRecovery: false, deletionProtection: false },
      { pointInTimeRecovery: true, deletionProtection: false },
      { pointInTimeRecovery: true, deletionProtection: true },
    ]);
    assert.deepEqual([dev, staging, prod].map((c) => c.functions.generate.memoryMb), [1024, 1536, 2048]);
    assert.deepEqual([dev, staging, prod].map((c) => c.functions.validate.memoryMb), [512, 512, 1024]);
    assert.deepEqual([dev, staging, prod].map((c) => c.functions.metrics.memoryMb), [512, 512, 1024]);
    assert.deepEqual([dev, staging, prod].map((c) => c.functions.generate.reservedConcurrency), [undefined, 10, 50]);
    assert.equal(prod.functions.retrieve.reservedConcurrency, undefined);
    assert.deepEqual([dev, staging, prod].map((c) => c.agentIdleSessionTtlSeconds), [600, 900, 1800]);
    assert.deepEqual(Object.keys(prod.tags).sort(), ["CostCenter", "Environment", "ManagedBy", "Owner", "Project"]);
    assert.deepEqual([dev, staging, prod].map((c) => c.tags.Environment), ["dev", "staging", "prod"]);
    for (const c of [dev, staging, prod]) assert.equal(c.agentRuntime, "agentcore");
  });

  it("applies Pulumi.yaml defaults and overrides like the CLI", () => {
    const c = parseStackConfig(rawFor("dev", { agentRuntime: "classic", "sdga:vectorStore": "opensearch" }), "dev");
    assert.equal(c.agentRuntime, "classic");
    assert.equal(c.knowledgeBase.vectorStore, "opensearch");
    assert.equal(c.maxVolume, 1_000_000);
    assert.deepEqual(c.limits, { maxRequestBytes: 2048 * 1024 * 1024, maxRowBytes: 1024 * 1024, maxValueBytes: 256 * 1024 });
    assert.deepEqual(c.jobs, { maxAttempts: 3, sweepIntervalMinutes: 5 });
    assert.deepEqual(c.pipeline, { maxConcurrency: 4, rowThreshold: 1_000_000 });
    assert.equal(c.modelId, "us.anthropic.claude-sonnet-4-6");
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ["negative retention", { logRetentionDays: "-3" }, /'sdga:logRetentionDays'.*out of range/],
    ["retention CloudWatch refuses", { logRetentionDays: "8" }, /'sdga:logRetentionDays'.*not a retention/],
    ["unknown runtime", { agentRuntime: "lambda" }, /'sdga:agentRuntime'.*not one of agentcore, classic/],
    ["reserved concurrency text", { reservedConcurrency: "lots" }, /'sdga:reservedConcurrency'/],
    ["memory too small", { generateMemoryMb: "64" }, /'sdga:generateMemoryMb'.*out of range/],
    ["a value larger than a row", { maxValueKb: "2048" }, /'sdga:maxValueKb'.*above maxRowKb/],
    ["a row larger than a request", { maxRowKb: "4096", maxRequestMb: "2" }, /'sdga:maxRowKb'.*above maxRequestMb/],
    ["no attempts", { jobMaxAttempts: "0" }, /'sdga:jobMaxAttempts'.*out of range/],
    ["IA transition too early", { dataTransitionToIaDays: "10" }, /'sdga:dataTransitionToIaDays'/],
    ["transition after expiry", { dataTransitionToGlacierDays: "40" }, /'sdga:dataTransitionToGlacierDays'/],
    ["quality score above 1", { alarmMinQualityScore: "1.5" }, /'sdga:alarmMinQualityScore'/],
    ["bad e-mail", { alarmEmail: "ops" }, /'sdga:alarmEmail'/],
    ["TTL beyond Bedrock's limit", { agentIdleSessionTtlSeconds: "9000" }, /'sdga:agentIdleSessionTtlSeconds'/],
  ];
  for (const [what, overrides, message] of bad) {
    it(`rejects ${what} with a message naming the key`, () => {
      assert.throws(() => parseStackConfig(rawFor("dev", overrides), "dev"), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, message);
        return true;
      });
    });
  }

  it("refuses a staging or prod stack whose alarms would notify nobody, saying how to set a destination", () => {
    for (const stack of ["staging", "prod"]) {
      assert.throws(() => parseStackConfig(rawFor(stack, { alarmEmail: "", alarmTopicArn: "" }), stack), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, new RegExp(`'sdga:alarmEmail': the ${stack} stack's alarms would notify nobody`));
        assert.match(err.message, /pulumi config set alarmEmail .*pulumi config set alarmTopicArn arn:aws:sns:/);
        return true;
      });
      // An existing topic (on-call tool, chat channel) is a destination on its own.
      const c = parseStackConfig(rawFor(stack, { alarmEmail: "", alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:oncall" }), stack);
      assert.deepEqual([c.alarms.email, c.alarms.topicArn], [undefined, "arn:aws:sns:us-east-1:123456789012:oncall"]);
    }
    // dev may have none.
    assert.equal(parseStackConfig(rawFor("dev", { alarmEmail: "" }), "dev").alarms.email, undefined);
    assert.throws(() => parseStackConfig(rawFor("prod", { alarmTopicArn: "arn:aws:sqs:us-east-1:123456789012:q" }), "prod"), /'sdga:alarmTopicArn'.*not an SNS topic ARN/);
  });

  it("keeps access logs on in staging and prod; only dev may opt out", () => {
    assert.deepEqual(parseStackConfig(rawFor("dev"), "dev").accessLogs, { enabled: false, retentionDays: 30 });
    assert.deepEqual(parseStackConfig(rawFor("staging"), "staging").accessLogs, { enabled: true, retentionDays: 90 });
    assert.deepEqual(parseStackConfig(rawFor("prod"), "prod").accessLogs, { enabled: true, retentionDays: 365 });
    for (const stack of ["staging", "prod"]) {
      assert.throws(() => parseStackConfig(rawFor(stack, { accessLogsEnabled: "false" }), stack), /'sdga:accessLogsEnabled'.*only dev may opt out/);
    }
    assert.throws(() => parseStackConfig(rawFor("prod", { accessLogRetentionDays: "0" }), "prod"), /'sdga:accessLogRetentionDays'/);
  });

  it("reports a missing required key and a mistyped value as the CLI does", () => {
    assert.throws(() => parseStackConfig(() => undefined, "dev"), /'sdga:environment': missing/);
    assert.throws(() => stackConfiguration("dev", { logRetentionDays: "seven" }), (err: unknown) =>
      err instanceof PreviewConfigError && /'sdga:logRetentionDays' value 'seven' must be of type 'integer'/.test(err.message));
    assert.throws(() => stackConfiguration("qa"), /no stack file Pulumi.qa.yaml/);
  });
});

describe("README configuration reference", () => {
  it("is the table generated from Pulumi.yaml and the stack files (run `npm run docs:config` when it fails)", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    assert.equal(readme, readmeWithReference(readme, renderConfigReference()));
  });
});
