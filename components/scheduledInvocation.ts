// A function invoked on a schedule with a fixed event: an EventBridge rule, its target, and the one
// resource-based permission that lets exactly that rule (source ARN and account) invoke exactly that
// function. No role is needed (a rule invokes Lambda through the function's resource policy). The stack
// uses it for the generation sweeper, which resumes or fails jobs whose worker died.
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as lambda from "@pulumi/aws/lambda";
import { resourceTags } from "./names";
import type { AwsEnv } from "./policies";

/** An EventBridge rate expression for every `minutes` minutes (`rate(1 minute)`, `rate(5 minutes)`). */
export function rateExpression(minutes: number): string {
  if (!Number.isSafeInteger(minutes) || minutes < 1) throw new Error(`a schedule needs a whole number of minutes >= 1, got ${minutes}`);
  return `rate(${minutes} minute${minutes === 1 ? "" : "s"})`;
}

export interface ScheduledInvocationArgs {
  /** Name of the function to invoke. */
  functionName: pulumi.Input<string>;
  /** ARN of the function to invoke. */
  functionArn: pulumi.Input<string>;
  /** EventBridge schedule expression, e.g. `rate(5 minutes)` (see rateExpression). */
  scheduleExpression: pulumi.Input<string>;
  /** The event the function receives, as JSON text. */
  input: pulumi.Input<string>;
  /** The account the rule lives in (the permission's sourceAccount). */
  env: pulumi.Input<AwsEnv>;
  /** What the schedule is for. @default "Scheduled invocation" */
  description?: pulumi.Input<string>;
  /** Stack tags; the component adds Name and Component. */
  tags: pulumi.Input<Record<string, string>>;
}

export class ScheduledInvocation extends pulumi.ComponentResource {
  public readonly rule: cloudwatch.EventRule;
  public readonly target: cloudwatch.EventTarget;
  public readonly permission: lambda.Permission;
  public readonly ruleArn: pulumi.Output<string>;

  constructor(name: string, args: ScheduledInvocationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:compute:ScheduledInvocation", name, {}, opts);
    this.rule = new cloudwatch.EventRule(`${name}-rule`, {
      scheduleExpression: args.scheduleExpression,
      description: args.description ?? "Scheduled invocation",
      tags: pulumi.output(args.tags).apply((t) => resourceTags(t, "ScheduledInvocation", `${name}-rule`)),
    }, { parent: this });
    this.permission = new lambda.Permission(`${name}-permission`, {
      action: "lambda:InvokeFunction",
      function: args.functionName,
      principal: "events.amazonaws.com",
      sourceArn: this.rule.arn,
      sourceAccount: pulumi.output(args.env).apply((e) => e.accountId),
    }, { parent: this });
    this.target = new cloudwatch.EventTarget(`${name}-target`, {
      rule: this.rule.name,
      arn: args.functionArn,
      input: args.input,
      // A missed run is made up by the next one: no retries piling up behind a slow sweep.
      retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60 },
    }, { parent: this, dependsOn: [this.permission] });
    this.ruleArn = this.rule.arn;
    this.registerOutputs({ ruleArn: this.ruleArn });
  }
}
