// Monitoring of one stack: an SNS topic encrypted with the stack key (optional e-mail subscription), one
// alarm per definition in alarms.ts (each notifies the topic on alarm and on recovery), and a dashboard.
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as sns from "@pulumi/aws/sns";
import { alarmDefinitions, dashboardBody, dashboardUrl, insightsQueryText, type AlarmInputs, type InsightsQuery, type MetricRef } from "./alarms";
import { resourceTags } from "./names";

const PERIOD_SECONDS = 300;

export interface MonitoringArgs {
  /** Region of the dashboard's widgets and URL. */
  region: pulumi.Input<string>;
  /** Stack key: the topic is encrypted with it (its policy must let cloudwatch.amazonaws.com use it). */
  kmsKeyArn: pulumi.Input<string>;
  /** What to watch and the thresholds (see alarms.ts). */
  alarms: AlarmInputs<pulumi.Input<string>>;
  /** E-mail address subscribed to the topic. @default no subscription */
  alarmEmail?: string;
  /**
   * Existing SNS topics every alarm also notifies (an on-call or incident tool's topic, or the topic a chat
   * channel of Amazon Q Developer in chat applications is subscribed to). Same Region; a topic encrypted with a
   * KMS key needs that key to allow cloudwatch.amazonaws.com. @default none
   */
  alarmTopicArns?: pulumi.Input<string>[];
  /**
   * Refuse to build alarms that would notify nobody: the stack topic without a subscription and no other topic.
   * @default false
   */
  requireDestination?: boolean;
  /** Stack tags; the component adds Name and Component. */
  tags: pulumi.Input<Record<string, string>>;
}

export class Monitoring extends pulumi.ComponentResource {
  public readonly topic: sns.Topic;
  public readonly alarms: cloudwatch.MetricAlarm[];
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly topicArn: pulumi.Output<string>;
  public readonly dashboardName: pulumi.Output<string>;
  public readonly dashboardUrl: pulumi.Output<string>;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:observability:Monitoring", name, {}, opts);
    const tags = (suffix: string) => pulumi.output(args.tags).apply((t) => resourceTags(t, "Monitoring", `${name}-${suffix}`));

    this.topic = new sns.Topic(`${name}-alarms`, {
      displayName: `${args.alarms.prefix} alarms`,
      kmsMasterKeyId: args.kmsKeyArn,
      tags: tags("alarms"),
    }, { parent: this });
    const email = args.alarmEmail !== undefined && args.alarmEmail !== "" ? args.alarmEmail : undefined;
    const external = args.alarmTopicArns ?? [];
    if (args.requireDestination && email === undefined && external.length === 0) {
      throw new Error(`Monitoring '${name}': the alarms would notify nobody; give alarmEmail or alarmTopicArns`);
    }
    if (email !== undefined) {
      new sns.TopicSubscription(`${name}-email`, { topic: this.topic.arn, protocol: "email", endpoint: email }, { parent: this });
    }
    const actions = [this.topic.arn, ...external];

    const definitions = alarmDefinitions(args.alarms);
    const insights = (q: InsightsQuery<pulumi.Input<string>>) => pulumi.output(q as pulumi.Input<InsightsQuery<string>>).apply((r) => insightsQueryText(r));
    const query = (id: string, m: MetricRef<pulumi.Input<string>>) => ({
      id, returnData: false,
      metric: { namespace: m.namespace, metricName: m.metricName, dimensions: m.dimensions, stat: m.stat, period: PERIOD_SECONDS },
    });
    this.alarms = definitions.map((d) => new cloudwatch.MetricAlarm(`${name}-${d.name.slice(args.alarms.prefix.length + 1)}`, {
      name: d.name,
      alarmDescription: d.description,
      comparisonOperator: d.comparison,
      threshold: d.threshold,
      evaluationPeriods: 1,
      treatMissingData: "notBreaching",
      ...(d.metric
        ? { namespace: d.metric.namespace, metricName: d.metric.metricName, dimensions: d.metric.dimensions, statistic: d.metric.stat, period: PERIOD_SECONDS }
        : d.insights
          ? { metricQueries: [{ id: "result", expression: insights(d.insights), label: d.name, period: PERIOD_SECONDS, returnData: true }] }
          : {
            metricQueries: [
              ...Object.entries(d.math!.metrics).map(([id, m]) => query(id, m)),
              { id: "result", expression: d.math!.expression, label: d.name, returnData: true },
            ],
          }),
      alarmActions: actions,
      okActions: actions,
      tags: tags(d.name.slice(args.alarms.prefix.length + 1)),
    }, { parent: this }));

    const dashboardName = `${args.alarms.prefix}-overview`;
    this.dashboard = new cloudwatch.Dashboard(`${name}-dashboard`, {
      dashboardName,
      dashboardBody: pulumi.all([args.region, pulumi.output(definitions)])
        .apply(([region, resolved]) => dashboardBody(region, resolved)),
    }, { parent: this });

    this.topicArn = this.topic.arn;
    this.dashboardName = this.dashboard.dashboardName;
    this.dashboardUrl = pulumi.all([args.region, this.dashboard.dashboardName]).apply(([r, n]) => dashboardUrl(r, n));
    this.registerOutputs({ topicArn: this.topicArn, dashboardName: this.dashboardName, dashboardUrl: this.dashboardUrl });
  }
}
