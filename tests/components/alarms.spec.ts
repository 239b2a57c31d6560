import { strict as assert } from "node:assert";
import { alarmDefinitions, dashboardBody, dashboardUrl, insightsQueryText, type AlarmInputs } from "../../components/alarms";

const ALIAS = "arn:aws:bedrock:us-east-1:123456789012:agent-alias/AGENT12345/ALIAS12345";
const base: AlarmInputs = {
  prefix: "sdga-dev",
  functions: [{ key: "generate", functionName: "sdga-dev-generate", timeoutSeconds: 900 }, { key: "validate", functionName: "sdga-dev-validate", timeoutSeconds: 60 }],
  tableName: "sdga-dev-generations",
  runtime: "agentcore",
  gatewayArn: "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/g",
  emf: { namespace: "NS", service: "sdga-generate", qualityServices: ["sdga-generate", "sdga-metrics"], generationFailedMetric: "GenerationsFailed", qualityScoreMetric: "QualityScore" },
  errorRatePercent: 5, durationPercentOfTimeout: 80, minQualityScore: 0.8,
};

describe("components/alarms", () => {
  it("defines error rate, throttles and duration per function, table throttles, agent and data-quality alarms", () => {
    assert.deepEqual(alarmDefinitions(base).map((a) => a.name), [
      "sdga-dev-generate-error-rate", "sdga-dev-generate-throttles", "sdga-dev-generate-duration",
      "sdga-dev-validate-error-rate", "sdga-dev-validate-throttles", "sdga-dev-validate-duration",
      "sdga-dev-table-throttles", "sdga-dev-gateway-system-errors", "sdga-dev-gateway-throttles",
      "sdga-dev-generations-failed", "sdga-dev-low-quality",
    ]);
  });

  it("computes the error rate as a percentage of invocations and the duration threshold from the timeout", () => {
    const [rate, , duration] = alarmDefinitions(base);
    assert.equal(rate.threshold, 5);
    assert.equal(rate.math?.expression, "IF(invocations > 0, 100 * errors / invocations, 0)");
    assert.deepEqual(rate.math?.metrics.errors, { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: "sdga-dev-generate" }, stat: "Sum" });
    assert.equal(duration.threshold, 720_000);
    assert.equal(duration.metric?.stat, "Maximum");
  });

  it("watches the runtime's own agent metrics", () => {
    const gateway = alarmDefinitions(base).find((a) => a.name.endsWith("gateway-system-errors"))!;
    assert.deepEqual(gateway.metric, { namespace: "AWS/Bedrock-AgentCore", metricName: "SystemErrors", dimensions: { Resource: base.gatewayArn }, stat: "Sum" });
    const classic = alarmDefinitions({ ...base, runtime: "classic", gatewayArn: undefined, agentAliasArn: ALIAS });
    assert.ok(!classic.some((a) => a.name.includes("gateway")));
    assert.throws(() => alarmDefinitions({ ...base, gatewayArn: undefined }), /gateway ARN/);
    assert.throws(() => alarmDefinitions({ ...base, runtime: "classic", gatewayArn: undefined }), /agent alias ARN/);
  });

  it("classic: watches this agent's alias only, over every model it uses (the Operation, AgentAliasArn, ModelId set)", () => {
    // AWS/Bedrock/Agents publishes per Operation (whole account) and per Operation, AgentAliasArn, ModelId
    // (https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-agents-cw-metrics.html); a Metrics Insights
    // query over that schema filtered by the alias ARN sums every model's series of this alias and no other.
    const classic = alarmDefinitions({ ...base, runtime: "classic", gatewayArn: undefined, agentAliasArn: ALIAS });
    for (const [suffix, metricName] of [["agent-server-errors", "InvocationServerErrors"], ["agent-throttles", "InvocationThrottles"]]) {
      const alarm = classic.find((a) => a.name.endsWith(suffix))!;
      assert.equal(alarm.metric, undefined, "no account-wide Operation-only metric");
      assert.equal(insightsQueryText(alarm.insights!),
        `SELECT SUM(${metricName}) FROM SCHEMA("AWS/Bedrock/Agents", AgentAliasArn, ModelId, Operation) WHERE AgentAliasArn = '${ALIAS}' AND Operation = 'InvokeAgent'`);
    }
    assert.match(insightsQueryText({ namespace: "N", metricName: "M", aggregate: "SUM", schema: ["D"], where: { D: "it's" } }), /D = 'it''s'/);
  });

  it("alarms on failed generations and on quality below the configured score from the functions' EMF metrics", () => {
    const alarms = alarmDefinitions(base);
    const low = alarms.find((a) => a.name.endsWith("low-quality"))!;
    assert.equal(low.comparison, "LessThanThreshold");
    assert.equal(low.threshold, 0.8);
    // Both functions that report QualityScore are watched: the lowest of their minimums in each period.
    assert.equal(low.math?.expression, "MIN([q1, q2])");
    assert.deepEqual(Object.values(low.math!.metrics).map((m) => [m.metricName, m.dimensions.service, m.stat]),
      [["QualityScore", "sdga-generate", "Minimum"], ["QualityScore", "sdga-metrics", "Minimum"]]);
    assert.throws(() => alarmDefinitions({ ...base, emf: { ...base.emf, qualityServices: [] } }), /quality score/);
    assert.equal(alarms.find((a) => a.name.endsWith("generations-failed"))?.metric?.metricName, "GenerationsFailed");
  });

  it("draws one dashboard widget per alarm with its threshold", () => {
    const alarms = alarmDefinitions(base);
    const body = JSON.parse(dashboardBody("us-east-1", alarms)) as { widgets: { properties: { metrics: unknown[]; annotations: { horizontal: { value: number }[] } } }[] };
    assert.equal(body.widgets.length, alarms.length);
    assert.equal(body.widgets[2].properties.annotations.horizontal[0].value, 720_000);
    assert.deepEqual(body.widgets[0].properties.metrics.at(-1), [{ expression: "IF(invocations > 0, 100 * errors / invocations, 0)", label: "sdga-dev-generate-error-rate", id: "e1" }]);
    assert.equal(dashboardUrl("eu-west-1", "d"), "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards/dashboard/d");
  });
});
