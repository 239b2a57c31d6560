// Monitoring under mocks: encrypted topic, alarms wired to it, dashboard; e-mail subscription switch.
import { strict as assert } from "node:assert";
import type { AlarmInputs } from "../../components/alarms";
import { Monitoring } from "../../components/monitoring";
import { KEY_ARN, TAGS, installMocks, inventory, json, recorded, resource, settle, valueOf } from "./harness";

const ALIAS = "arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT12345/ALIAS12345";
const ONCALL_TOPIC = "arn:aws:sns:us-east-1:123456789012:oncall";
const alarms = (prefix: string, runtime: "agentcore" | "classic"): AlarmInputs => ({
  prefix,
  functions: [{ key: "generate", functionName: `${prefix}-generate`, timeoutSeconds: 900 }, { key: "validate", functionName: `${prefix}-validate`, timeoutSeconds: 60 }],
  tableName: `${prefix}-generations`, runtime,
  gatewayArn: runtime === "agentcore" ? "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/g" : undefined,
  agentAliasArn: runtime === "classic" ? ALIAS : undefined,
  emf: { namespace: "NS", service: "sdga-generate", qualityServices: ["sdga-generate", "sdga-metrics"], generationFailedMetric: "GenerationsFailed", qualityScoreMetric: "QualityScore" },
  errorRatePercent: 5, durationPercentOfTimeout: 80, minQualityScore: 0.8,
});

describe("Monitoring (mocks)", () => {
  let monitoring: Monitoring;
  before(async () => {
    installMocks();
    monitoring = new Monitoring("t-mon", { region: "us-east-1", kmsKeyArn: KEY_ARN, alarms: alarms("t", "agentcore"), tags: TAGS });
    new Monitoring("u-mon", { region: "us-east-1", kmsKeyArn: KEY_ARN, alarms: alarms("u", "classic"), alarmEmail: "ops@example.com", tags: TAGS });
    new Monitoring("v-mon", { region: "us-east-1", kmsKeyArn: KEY_ARN, alarms: alarms("v", "agentcore"), alarmTopicArns: [ONCALL_TOPIC], requireDestination: true, tags: TAGS });
    await settle();
  });

  it("creates exactly the topic, one alarm per definition and the dashboard (no subscription by default)", () => {
    assert.deepEqual(inventory("t-mon"), [
      "aws:cloudwatch/dashboard:Dashboard::t-mon-dashboard",
      ...["gateway-system-errors", "gateway-throttles", "generate-duration", "generate-error-rate", "generate-throttles", "generations-failed",
        "low-quality", "table-throttles", "validate-duration", "validate-error-rate", "validate-throttles"].map((a) => `aws:cloudwatch/metricAlarm:MetricAlarm::t-mon-${a}`),
      "aws:sns/topic:Topic::t-mon-alarms",
    ]);
  });

  it("encrypts the topic with the stack key", () => {
    assert.equal(resource("t-mon-alarms").inputs.kmsMasterKeyId, KEY_ARN);
  });

  it("notifies the topic from every alarm, on alarm and on recovery", async () => {
    const topicArn = await valueOf(monitoring.topicArn);
    const mine = recorded.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name.startsWith("t-mon-"));
    assert.equal(mine.length, 11);
    for (const a of mine) {
      assert.deepEqual(a.inputs.alarmActions, [topicArn], a.name);
      assert.deepEqual(a.inputs.okActions, [topicArn], a.name);
      assert.equal(a.inputs.treatMissingData, "notBreaching");
    }
  });

  it("computes the Lambda error rate with metric math and alarms on duration near the timeout", () => {
    const rate = resource("t-mon-generate-error-rate").inputs;
    assert.equal(rate.threshold, 5);
    assert.deepEqual(rate.metricQueries.map((q: { id: string }) => q.id), ["errors", "invocations", "result"]);
    assert.equal(rate.metricQueries[2].returnData, true);
    const duration = resource("t-mon-generate-duration").inputs;
    assert.deepEqual([duration.namespace, duration.metricName, duration.statistic, duration.threshold], ["AWS/Lambda", "Duration", "Maximum", 720000]);
  });

  it("watches the runtime's agent metrics: the gateway on agentcore, AWS/Bedrock/Agents on classic", () => {
    assert.deepEqual(resource("t-mon-gateway-system-errors").inputs.dimensions, { Resource: "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/g" });
    const classic = resource("u-mon-agent-server-errors").inputs;
    assert.equal(classic.namespace, undefined);
    assert.equal(classic.metricQueries.length, 1);
    assert.deepEqual([classic.metricQueries[0].period, classic.metricQueries[0].returnData], [300, true]);
    assert.equal(classic.metricQueries[0].expression,
      `SELECT SUM(InvocationServerErrors) FROM SCHEMA("AWS/Bedrock/Agents", AgentAliasArn, ModelId, Operation) WHERE AgentAliasArn = '${ALIAS}' AND Operation = 'InvokeAgent'`);
  });

  it("notifies an existing topic too when one is given, on alarm and on recovery", async () => {
    const mine = recorded.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name.startsWith("v-mon-"));
    assert.ok(mine.length > 0);
    for (const a of mine) {
      assert.equal(a.inputs.alarmActions.length, 2, a.name);
      assert.equal(a.inputs.alarmActions[1], ONCALL_TOPIC, a.name);
      assert.deepEqual(a.inputs.okActions, a.inputs.alarmActions, a.name);
    }
  });

  it("refuses, where a destination is required, alarms that would notify nobody", () => {
    assert.throws(() => new Monitoring("w-mon", { region: "us-east-1", kmsKeyArn: KEY_ARN, alarms: alarms("w", "agentcore"), requireDestination: true, tags: TAGS }),
      /notify nobody/);
    assert.throws(() => new Monitoring("x-mon", { region: "us-east-1", kmsKeyArn: KEY_ARN, alarms: alarms("x", "agentcore"), alarmEmail: "", alarmTopicArns: [], requireDestination: true, tags: TAGS }),
      /notify nobody/);
  });

  it("subscribes the e-mail address when one is configured", () => {
    const sub = resource("u-mon-email").inputs;
    assert.equal(sub.protocol, "email");
    assert.equal(sub.endpoint, "ops@example.com");
    assert.match(sub.topic, /u-mon-alarms/);
    assert.ok(!recorded.some((r) => r.name === "t-mon-email"));
  });

  it("draws a dashboard of the same figures and exports its URL", async () => {
    const body = json(resource("t-mon-dashboard").inputs.dashboardBody);
    assert.equal(body.widgets.length, 11);
    assert.equal(resource("t-mon-dashboard").inputs.dashboardName, "t-overview");
    assert.equal(await valueOf(monitoring.dashboardUrl), "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards/dashboard/t-overview");
  });
});
