// A large generation job beyond one Lambda invocation: a Step Functions (Standard) state machine whose
// Distributed Map fans the job's shards out to the shard worker (the generate function, sent a `sdgaShard`
// event per shard: it writes part-NNNNN.<ext> by multipart upload and its shard summary), at most
// `maxConcurrency` at once; then the worker's merge step folds the summaries into the quality report and
// completes the job by conditional write. A shard that still fails after its retries (or the merge) sends the
// worker the fail step (the job fails with the reason, its parts are deleted) and the execution fails.
// The execution input is `{generationId, attempt, shards: [0..n-1]}`, set by whoever starts it (the generate
// function, which may start only this state machine: pipelineStartStatement). The role may invoke only the
// worker, run only this state machine's child executions, and use the stack key only through Step Functions
// for this state machine. Alarms fire on failed and timed-out executions (a timed-out execution runs no fail
// step: the job's lease lapses and the sweeper fails or resumes it, as for any dead worker).
// The definition, policies and alarms are pure functions, tested without mocks.
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as sfn from "@pulumi/aws/sfn";
import { resourceTags } from "./names";
import { type AwsEnv, policyDocument, type PolicyDocument, type PolicyStatement, serviceTrustPolicy, viaService } from "./policies";

// The definition lives beside the functions (the local runtime runs it without loading Pulumi).
import { pipelineDefinition } from "../functions/shared/pipelineDefinition";
export { pipelineDefinition, type PipelineDefinitionOptions } from "../functions/shared/pipelineDefinition";

export const pipelineArn = {
  stateMachine: (env: AwsEnv, name: string) => `arn:${env.partition}:states:${env.region}:${env.accountId}:stateMachine:${name}`,
  /** The Distributed Map's child executions (execution:<name>/<map run>:<child>). */
  childExecutions: (env: AwsEnv, name: string) => `arn:${env.partition}:states:${env.region}:${env.accountId}:execution:${name}/*`,
};

/** Trust of the pipeline's role: Step Functions, for this state machine of this account only. */
export function pipelineTrustPolicy(env: AwsEnv, name: string): PolicyDocument {
  return serviceTrustPolicy("states.amazonaws.com", env, pipelineArn.stateMachine(env, name));
}

/** The pipeline role's policy: invoke the worker, run its own child executions, use the key through Step Functions. */
export function pipelineRolePolicy(env: AwsEnv, o: { name: string; workerArn: string; keyArn: string }): PolicyDocument {
  const stateMachine = pipelineArn.stateMachine(env, o.name);
  return policyDocument([
    { Sid: "InvokeShardWorker", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: [o.workerArn, `${o.workerArn}:*`] },
    // A Distributed Map runs each shard as a child execution of this same state machine.
    { Sid: "RunChildExecutions", Effect: "Allow", Action: "states:StartExecution", Resource: stateMachine },
    { Sid: "WatchChildExecutions", Effect: "Allow", Action: ["states:DescribeExecution", "states:StopExecution"], Resource: pipelineArn.childExecutions(env, o.name) },
    {
      Sid: "StateMachineKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: o.keyArn,
      Condition: { StringEquals: { "kms:ViaService": viaService("states", env), "kms:EncryptionContext:aws:states:stateMachineArn": stateMachine } },
    },
  ]);
}

// The generate function's grant to start this state machine (policies.ts: part of generateStatements).
export { pipelineStartStatement } from "./policies";

export interface GenerationPipelineArgs {
  /** The state machine's name (its ARN is derived from it, so the role can name it before it exists). */
  stateMachineName: string;
  env: pulumi.Input<AwsEnv>;
  workerArn: pulumi.Input<string>;
  maxConcurrency: number;
  /** The whole execution's limit. @default 86,400 (a day) */
  timeoutSeconds?: number;
  /** The stack key: the state machine's data is encrypted with it. */
  keyArn: pulumi.Input<string>;
  /** Where the failed and timed-out alarms send. */
  alarmTopicArn: pulumi.Input<string>;
  tags: pulumi.Input<Record<string, string>>;
}

export class GenerationPipeline extends pulumi.ComponentResource {
  public readonly role: iam.Role;
  public readonly stateMachine: sfn.StateMachine;
  public readonly alarms: cloudwatch.MetricAlarm[];
  public readonly stateMachineArn: pulumi.Output<string>;

  constructor(name: string, args: GenerationPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:compute:GenerationPipeline", name, {}, opts);
    const tags = (resource: string) => pulumi.output(args.tags).apply((t) => resourceTags(t, "GenerationPipeline", resource));
    const smName = args.stateMachineName;
    this.role = new iam.Role(`${name}-role`, {
      assumeRolePolicy: pulumi.output(args.env).apply((env) => JSON.stringify(pipelineTrustPolicy(env, smName))),
      tags: tags(`${name}-role`),
    }, { parent: this });
    const policy = new iam.RolePolicy(`${name}-policy`, {
      role: this.role.id,
      policy: pulumi.all([args.env, args.workerArn, args.keyArn]).apply(([env, workerArn, keyArn]) => JSON.stringify(pipelineRolePolicy(env, { name: smName, workerArn, keyArn }))),
    }, { parent: this });
    this.stateMachine = new sfn.StateMachine(`${name}-state-machine`, {
      name: smName,
      type: "STANDARD",
      roleArn: this.role.arn,
      definition: pulumi.output(args.workerArn).apply((workerArn) => JSON.stringify(pipelineDefinition({
        workerArn, maxConcurrency: args.maxConcurrency, timeoutSeconds: args.timeoutSeconds ?? 86_400,
      }))),
      encryptionConfiguration: { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: args.keyArn, kmsDataKeyReusePeriodSeconds: 300 },
      tags: tags(`${name}-state-machine`),
    }, { parent: this, dependsOn: [policy] });
    this.alarms = pipelineAlarms().map((a) => new cloudwatch.MetricAlarm(`${name}-${a.id}`, {
      name: `${smName}-${a.id}`,
      alarmDescription: a.description,
      namespace: "AWS/States",
      metricName: a.metric,
      dimensions: { StateMachineArn: this.stateMachine.arn },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      alarmActions: [args.alarmTopicArn],
      okActions: [args.alarmTopicArn],
      tags: tags(`${name}-${a.id}`),
    }, { parent: this }));
    this.stateMachineArn = this.stateMachine.arn;
    this.registerOutputs({ stateMachineArn: this.stateMachineArn });
  }
}

/** The pipeline's alarms: any failed or timed-out execution is a job that did not finish. */
export function pipelineAlarms(): Array<{ id: string; metric: string; description: string }> {
  return [
    { id: "executions-failed", metric: "ExecutionsFailed", description: "A generation pipeline execution failed: a shard or the merge failed after its retries (the job is failed with the reason)" },
    { id: "executions-timed-out", metric: "ExecutionsTimedOut", description: "A generation pipeline execution timed out: the job did not finish within the state machine's limit" },
  ];
}
