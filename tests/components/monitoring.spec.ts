// Monitoring under mocks: encrypted topic, alarms wired to it, dashboard; e-mail subscription switch.
import { strict as assert } from "node:assert";
import type { AlarmInputs } from "../../components/alarms";
import { Monitoring } from "../../components/monitoring";
import { KEY_ARN, TAGS, installMocks, inventory, json, recorded, resource, settle, valueOf } from "./harness";

const alarms = (prefix: string, runtime: "agentcore" | "classic"): AlarmInputs => ({
  prefix,
  functions: [{ key: "generate", functionName: `${prefix}-generate`, timeoutSeconds: 900 }, { key: "validate", functionName: `${prefix}-validate`, timeoutSeconds: 60 }],
  tableName: `${prefix}-generations`, runtime,
  gatewayArn: runtime === "agentcore" ? "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/g" : undefined,
  emf: { namespace: "NS", service: "sdga-generate", generationFailedMetric: "GenerationsFailed", qualityScoreMetric: "QualityScore" },
  errorRatePercent: 5, durationPercentOfTimeout: 80, minQualityScore: 0.8,
});

describe("Monitoring (mocks)", () => {
  let monitoring: Monitoring;
  before(async () => {
    installMocks();
    monitoring = new Monitoring("t-mon", { region: "us-east-1", kmsKeyArn: KEY_ARN, alarms: alarms("t", "agentcore"), tags: TAGS });
    new Monitoring("u-mon", { region: "us-east-1", kmsKeyArn: KEY_ARN, alarms: alarms("u", "classic"), alarmEmail: "ops@example.com", tags: TAGS });
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
    assert.deepEqual([classic.namespace, classic.metricName, classic.dimensions], ["AWS/Bedrock/Agents", "InvocationServerErrors", { Operation: "InvokeAgent" }]);
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
