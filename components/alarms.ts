// The stack's alarms and dashboard as plain data (pure, tested without mocks). Monitoring turns each
// definition into one CloudWatch alarm that notifies the stack's topic.
export type Comparison = "GreaterThanThreshold" | "LessThanThreshold";

export interface MetricRef<Id> {
  namespace: string;
  metricName: string;
  dimensions: Record<string, Id>;
  stat: "Sum" | "Maximum" | "Minimum" | "Average";
}

export interface AlarmDefinition<Id = string> {
  /** Alarm name (also the alarm resource's suffix). */
  name: string;
  description: string;
  comparison: Comparison;
  threshold: number;
  /** A single metric, or named metrics combined by `expression` (CloudWatch metric math). */
  metric?: MetricRef<Id>;
  math?: { expression: string; metrics: Record<string, MetricRef<Id>> };
}

export interface AlarmInputs<Id = string> {
  prefix: string;
  functions: { key: string; functionName: Id; timeoutSeconds: number }[];
  tableName: Id;
  runtime: "agentcore" | "classic";
  /** agentcore: the gateway ARN (`Resource` dimension of AWS/Bedrock-AgentCore). */
  gatewayArn?: Id;
  /** Namespace and `service` dimension of the functions' EMF metrics. */
  emf: { namespace: string; service: Id; generationFailedMetric: string; qualityScoreMetric: string };
  errorRatePercent: number;
  durationPercentOfTimeout: number;
  minQualityScore: number;
}

/** Every alarm of the stack (AWS-FACTS §6, A.5). */
export function alarmDefinitions<Id = string>(input: AlarmInputs<Id>): AlarmDefinition<Id>[] {
  const alarms: AlarmDefinition<Id>[] = [];
  for (const fn of input.functions) {
    const lambdaMetric = (metricName: string, stat: MetricRef<Id>["stat"]): MetricRef<Id> =>
      ({ namespace: "AWS/Lambda", metricName, dimensions: { FunctionName: fn.functionName }, stat });
    alarms.push(
      {
        name: `${input.prefix}-${fn.key}-error-rate`,
        description: `More than ${input.errorRatePercent}% of ${fn.key} invocations failed in 5 minutes`,
        comparison: "GreaterThanThreshold", threshold: input.errorRatePercent,
        math: {
          expression: "IF(invocations > 0, 100 * errors / invocations, 0)",
          metrics: { errors: lambdaMetric("Errors", "Sum"), invocations: lambdaMetric("Invocations", "Sum") },
        },
      },
      {
        name: `${input.prefix}-${fn.key}-throttles`,
        description: `The ${fn.key} function was throttled`,
        comparison: "GreaterThanThreshold", threshold: 0, metric: lambdaMetric("Throttles", "Sum"),
      },
      {
        name: `${input.prefix}-${fn.key}-duration`,
        description: `A ${fn.key} invocation ran longer than ${input.durationPercentOfTimeout}% of its ${fn.timeoutSeconds} s timeout`,
        comparison: "GreaterThanThreshold",
        threshold: Math.round(fn.timeoutSeconds * 1000 * input.durationPercentOfTimeout / 100),
        metric: lambdaMetric("Duration", "Maximum"),
      },
    );
  }
  const tableMetric = (metricName: string): MetricRef<Id> =>
    ({ namespace: "AWS/DynamoDB", metricName, dimensions: { TableName: input.tableName }, stat: "Sum" });
  alarms.push({
    name: `${input.prefix}-table-throttles`,
    description: "Requests to the generations table were throttled",
    comparison: "GreaterThanThreshold", threshold: 0,
    math: { expression: "reads + writes", metrics: { reads: tableMetric("ReadThrottleEvents"), writes: tableMetric("WriteThrottleEvents") } },
  });
  if (input.runtime === "classic") {
    const agentMetric = (metricName: string): MetricRef<Id> =>
      ({ namespace: "AWS/Bedrock/Agents", metricName, dimensions: { Operation: "InvokeAgent" as unknown as Id }, stat: "Sum" });
    alarms.push(
      { name: `${input.prefix}-agent-server-errors`, description: "The Bedrock agent answered with server errors", comparison: "GreaterThanThreshold", threshold: 0, metric: agentMetric("InvocationServerErrors") },
      { name: `${input.prefix}-agent-throttles`, description: "Invocations of the Bedrock agent were throttled", comparison: "GreaterThanThreshold", threshold: 0, metric: agentMetric("InvocationThrottles") },
    );
  } else {
    if (input.gatewayArn === undefined) throw new Error("alarmDefinitions: the agentcore runtime needs the gateway ARN");
    const gatewayMetric = (metricName: string): MetricRef<Id> =>
      ({ namespace: "AWS/Bedrock-AgentCore", metricName, dimensions: { Resource: input.gatewayArn as Id }, stat: "Sum" });
    alarms.push(
      { name: `${input.prefix}-gateway-system-errors`, description: "The AgentCore gateway failed tool calls (system errors)", comparison: "GreaterThanThreshold", threshold: 0, metric: gatewayMetric("SystemErrors") },
      { name: `${input.prefix}-gateway-throttles`, description: "Tool calls through the AgentCore gateway were throttled", comparison: "GreaterThanThreshold", threshold: 0, metric: gatewayMetric("Throttles") },
    );
  }
  const emfMetric = (metricName: string, stat: MetricRef<Id>["stat"]): MetricRef<Id> =>
    ({ namespace: input.emf.namespace, metricName, dimensions: { service: input.emf.service }, stat });
  alarms.push(
    { name: `${input.prefix}-generations-failed`, description: "Generations ended in status failed", comparison: "GreaterThanThreshold", threshold: 0, metric: emfMetric(input.emf.generationFailedMetric, "Sum") },
    {
      name: `${input.prefix}-low-quality`, description: `A generated data set scored below ${input.minQualityScore} overall quality`,
      comparison: "LessThanThreshold", threshold: input.minQualityScore, metric: emfMetric(input.emf.qualityScoreMetric, "Minimum"),
    },
  );
  return alarms;
}

/** The dashboard body: one row of widgets per function, then storage, agent and data-quality figures. */
export function dashboardBody(region: string, alarms: AlarmDefinition<string>[]): string {
  const widgets = alarms.map((alarm, i) => {
    const metrics = alarm.math
      ? [
        ...Object.entries(alarm.math.metrics).map(([id, m]) => [m.namespace, m.metricName, ...Object.entries(m.dimensions).flat(), { id, stat: m.stat, visible: false }]),
        [{ expression: alarm.math.expression, label: alarm.name, id: "e1" }],
      ]
      : [[alarm.metric!.namespace, alarm.metric!.metricName, ...Object.entries(alarm.metric!.dimensions).flat(), { stat: alarm.metric!.stat }]];
    return {
      type: "metric", x: (i % 3) * 8, y: Math.floor(i / 3) * 6, width: 8, height: 6,
      properties: {
        title: alarm.description, region, period: 300, view: "timeSeries", metrics,
        annotations: { horizontal: [{ label: "alarm threshold", value: alarm.threshold }] },
      },
    };
  });
  return JSON.stringify({ widgets });
}

export function dashboardUrl(region: string, dashboardName: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${dashboardName}`;
}
