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
  /** A single metric, or named metrics combined by `expression` (CloudWatch metric math), or a Metrics Insights query. */
  metric?: MetricRef<Id>;
  math?: { expression: string; metrics: Record<string, MetricRef<Id>> };
  insights?: InsightsQuery<Id>;
}

/**
 * A CloudWatch Metrics Insights query: one aggregate of a metric over a schema (dimension set), filtered by
 * dimension values. An alarm on it watches every series of the schema that matches, whatever the values of the
 * schema's other dimensions (e.g. every ModelId an agent alias uses).
 */
export interface InsightsQuery<Id> {
  namespace: string;
  metricName: string;
  aggregate: "SUM" | "MIN" | "MAX" | "AVG";
  schema: string[];
  where: Record<string, Id>;
}

/** The query text of a resolved Metrics Insights query. */
export function insightsQueryText(q: InsightsQuery<string>): string {
  const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
  const where = Object.entries(q.where).map(([k, v]) => `${k} = ${quote(v)}`).join(" AND ");
  return `SELECT ${q.aggregate}(${q.metricName}) FROM SCHEMA("${q.namespace}", ${q.schema.join(", ")})${where ? ` WHERE ${where}` : ""}`;
}

export interface AlarmInputs<Id = string> {
  prefix: string;
  functions: { key: string; functionName: Id; timeoutSeconds: number }[];
  tableName: Id;
  runtime: "agentcore" | "classic";
  /** agentcore: the gateway ARN (`Resource` dimension of AWS/Bedrock-AgentCore). */
  gatewayArn?: Id;
  /** classic: the agent alias ARN (`AgentAliasArn` dimension of AWS/Bedrock/Agents). */
  agentAliasArn?: Id;
  /**
   * Namespace of the functions' EMF metrics; `service` dimension of the function that reports failed generations
   * (generate), and of every function that reports a quality score (generate and metrics).
   */
  emf: { namespace: string; service: Id; qualityServices: Id[]; generationFailedMetric: string; qualityScoreMetric: string };
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
    if (input.agentAliasArn === undefined) throw new Error("alarmDefinitions: the classic runtime needs the agent alias ARN");
    // AWS/Bedrock/Agents publishes the invocation metrics per `Operation` (the whole account) and per
    // `Operation, AgentAliasArn, ModelId` (monitoring-agents-cw-metrics): this agent's alias, any model it uses.
    const agentQuery = (metricName: string): InsightsQuery<Id> => ({
      namespace: "AWS/Bedrock/Agents", metricName, aggregate: "SUM", schema: ["AgentAliasArn", "ModelId", "Operation"],
      where: { AgentAliasArn: input.agentAliasArn as Id, Operation: "InvokeAgent" as unknown as Id },
    });
    alarms.push(
      { name: `${input.prefix}-agent-server-errors`, description: "The Bedrock agent answered with server errors", comparison: "GreaterThanThreshold", threshold: 0, insights: agentQuery("InvocationServerErrors") },
      { name: `${input.prefix}-agent-throttles`, description: "Invocations of the Bedrock agent were throttled", comparison: "GreaterThanThreshold", threshold: 0, insights: agentQuery("InvocationThrottles") },
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
  const emfMetric = (metricName: string, stat: MetricRef<Id>["stat"], service: Id): MetricRef<Id> =>
    ({ namespace: input.emf.namespace, metricName, dimensions: { service }, stat });
  if (input.emf.qualityServices.length === 0) throw new Error("alarmDefinitions: no function reports a quality score");
  // Both generate (each completed generation) and metrics (each measured data set) report QualityScore, each
  // under its own `service`: the alarm takes the lowest of them in each period.
  const quality = Object.fromEntries(input.emf.qualityServices.map((service, i) => [`q${i + 1}`, emfMetric(input.emf.qualityScoreMetric, "Minimum", service)]));
  alarms.push(
    { name: `${input.prefix}-generations-failed`, description: "Generations ended in status failed", comparison: "GreaterThanThreshold", threshold: 0, metric: emfMetric(input.emf.generationFailedMetric, "Sum", input.emf.service) },
    {
      name: `${input.prefix}-low-quality`, description: `A generated or measured data set scored below ${input.minQualityScore} overall quality`,
      comparison: "LessThanThreshold", threshold: input.minQualityScore,
      math: { expression: `MIN([${Object.keys(quality).join(", ")}])`, metrics: quality },
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
      : alarm.insights
        ? [[{ expression: insightsQueryText(alarm.insights), label: alarm.name, id: "q1" }]]
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
