// GenerationPipeline: the Distributed Map definition (pure), the role's trust and policy (pure), and the
// component under mocks: role, policy, encrypted Standard state machine and its two alarms.
import { strict as assert } from "node:assert";
import { GenerationPipeline, pipelineDefinition, pipelineRolePolicy, pipelineStartStatement, pipelineTrustPolicy } from "../../components/generationPipeline";
import { ENV, KEY_ARN, MOCK_ACCOUNT, TAGS, dependsOn, installMocks, inventory, json, resource, settle, statement } from "./harness";

// asl-validator ships no types: its call as its README documents it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require("asl-validator") as (definition: object) => { isValid: boolean; errorsText(separator?: string): string };

const WORKER = `arn:aws:lambda:us-east-1:${MOCK_ACCOUNT}:function:sdga-test-generate`;
const NAME = "sdga-test-generation-pipeline";
const SM_ARN = `arn:aws:states:us-east-1:${MOCK_ACCOUNT}:stateMachine:${NAME}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type States = Record<string, any>;

/** Every state reached from StartAt through Next, Catch and Default, and every target a state names. */
function walk(machine: { StartAt: string; States: States }): { reached: Set<string>; targets: string[] } {
  const reached = new Set<string>();
  const targets: string[] = [];
  const visit = (name: string) => {
    if (reached.has(name)) return;
    reached.add(name);
    const state = machine.States[name];
    const next = [state.Next, ...(state.Catch ?? []).map((c: { Next: string }) => c.Next)].filter(Boolean) as string[];
    targets.push(...next);
    for (const n of next) if (machine.States[n]) visit(n);
  };
  visit(machine.StartAt);
  return { reached, targets };
}

describe("GenerationPipeline: definition", () => {
  const definition = pipelineDefinition({ workerArn: WORKER, maxConcurrency: 50, timeoutSeconds: 3_600 }) as { StartAt: string; TimeoutSeconds: number; States: States };

  it("is valid Amazon States Language (asl-validator), and a broken one is not", () => {
    const checked = aslValidator(definition);
    assert.ok(checked.isValid, checked.errorsText("\n"));
    const broken = JSON.parse(JSON.stringify(definition)) as typeof definition;
    broken.States.Shards.Next = "Nowhere";
    assert.equal(aslValidator(broken).isValid, false);
  });

  it("fans the shards out as a Distributed Map of Standard child executions, at most MaxConcurrency at once, failing on any shard", () => {
    const map = definition.States.Shards;
    assert.equal(definition.StartAt, "Shards");
    assert.equal(definition.TimeoutSeconds, 3_600);
    assert.equal(map.Type, "Map");
    assert.deepEqual(map.ItemProcessor.ProcessorConfig, { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" });
    assert.equal(map.MaxConcurrency, 50);
    assert.equal(map.ToleratedFailurePercentage, 0);
    assert.equal(map.ItemsPath, "$.shards");
    assert.deepEqual(map.ItemSelector, { "generationId.$": "$.generationId", "attempt.$": "$.attempt", "shard.$": "$$.Map.Item.Value" });
    assert.equal(map.ResultPath, null, "shard results stay out of the execution's state (256 KB)");
    assert.deepEqual(map.ItemProcessor.States.Shard.Parameters, { FunctionName: WORKER, Payload: { "sdgaShard.$": "$" } });
  });

  it("merges after the shards and fails the job (then the execution) when a shard or the merge fails", () => {
    assert.equal(definition.States.Shards.Next, "Merge");
    assert.equal(definition.States.Merge.End, true);
    for (const name of ["Shards", "Merge"]) assert.deepEqual(definition.States[name].Catch, [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: "FailJob" }]);
    assert.deepEqual(definition.States.Merge.Parameters.Payload, { sdgaPipeline: { step: "merge", "generationId.$": "$.generationId", "attempt.$": "$.attempt" } });
    assert.deepEqual(definition.States.FailJob.Parameters.Payload.sdgaPipeline, {
      step: "fail", "generationId.$": "$.generationId", "attempt.$": "$.attempt", "error.$": "$.failure.Error", "cause.$": "$.failure.Cause",
    });
    assert.equal(definition.States.FailJob.Next, "Failed");
    assert.equal(definition.States.Failed.Type, "Fail");
    const { reached, targets } = walk(definition);
    assert.deepEqual([...reached].sort(), Object.keys(definition.States).sort(), "every state is reachable");
    for (const t of targets) assert.ok(definition.States[t], `${t} is a state`);
  });

  it("every task invokes the worker only, retrying transient Lambda errors", () => {
    const tasks = [definition.States.Shards.ItemProcessor.States.Shard, definition.States.Merge, definition.States.FailJob];
    for (const task of tasks) {
      assert.equal(task.Resource, "arn:aws:states:::lambda:invoke");
      assert.equal(task.Parameters.FunctionName, WORKER);
      assert.equal(task.Retry[0].MaxAttempts, 2);
      assert.ok(task.Retry[0].ErrorEquals.includes("Lambda.TooManyRequestsException"));
    }
  });

  it("refuses a MaxConcurrency a Distributed Map cannot take", () => {
    assert.throws(() => pipelineDefinition({ workerArn: WORKER, maxConcurrency: 0, timeoutSeconds: 60 }), /maxConcurrency must be 1 to 10,000/);
    assert.throws(() => pipelineDefinition({ workerArn: WORKER, maxConcurrency: 10_001, timeoutSeconds: 60 }), /maxConcurrency/);
  });
});

describe("GenerationPipeline: IAM", () => {
  it("is assumed by Step Functions for this state machine of this account only", () => {
    const trust = statement(pipelineTrustPolicy(ENV, NAME), "TrustService");
    assert.deepEqual(trust.Principal, { Service: "states.amazonaws.com" });
    assert.deepEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT }, ArnLike: { "aws:SourceArn": SM_ARN } });
  });

  it("invokes only its worker, runs only its own child executions and uses the key only through Step Functions", () => {
    const policy = pipelineRolePolicy(ENV, { name: NAME, workerArn: WORKER, keyArn: KEY_ARN });
    assert.deepEqual(policy.Statement.map((s) => [s.Sid, s.Action, s.Resource]), [
      ["InvokeShardWorker", "lambda:InvokeFunction", [WORKER, `${WORKER}:*`]],
      ["RunChildExecutions", "states:StartExecution", SM_ARN],
      ["WatchChildExecutions", ["states:DescribeExecution", "states:StopExecution"], `arn:aws:states:us-east-1:${MOCK_ACCOUNT}:execution:${NAME}/*`],
      ["StateMachineKey", ["kms:Decrypt", "kms:GenerateDataKey"], KEY_ARN],
    ]);
    assert.deepEqual(statement(policy, "StateMachineKey").Condition, {
      StringEquals: { "kms:ViaService": "states.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:states:stateMachineArn": SM_ARN },
    });
    assert.deepEqual(pipelineStartStatement(ENV, NAME), { Sid: "StartGenerationPipeline", Effect: "Allow", Action: "states:StartExecution", Resource: SM_ARN });
  });
});

describe("GenerationPipeline (mocks)", () => {
  const TOPIC = `arn:aws:sns:us-east-1:${MOCK_ACCOUNT}:sdga-test-alarms`;
  before(async () => {
    installMocks();
    new GenerationPipeline("t-pipeline", { stateMachineName: NAME, env: ENV, workerArn: WORKER, maxConcurrency: 10, keyArn: KEY_ARN, alarmTopicArn: TOPIC, tags: TAGS });
    await settle();
  });

  it("creates its role, policy, state machine and two alarms", () => {
    assert.deepEqual(inventory("t-pipeline"), [
      "aws:cloudwatch/metricAlarm:MetricAlarm::t-pipeline-executions-failed", "aws:cloudwatch/metricAlarm:MetricAlarm::t-pipeline-executions-timed-out",
      "aws:iam/role:Role::t-pipeline-role", "aws:iam/rolePolicy:RolePolicy::t-pipeline-policy", "aws:sfn/stateMachine:StateMachine::t-pipeline-state-machine",
    ]);
  });

  it("a Standard state machine of the definition, encrypted with the stack key, created once its role may act", () => {
    const sm = resource("t-pipeline-state-machine");
    assert.equal(sm.inputs.name, NAME);
    assert.equal(sm.inputs.type, "STANDARD");
    assert.deepEqual(sm.inputs.encryptionConfiguration, { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: KEY_ARN, kmsDataKeyReusePeriodSeconds: 300 });
    assert.deepEqual(json(sm.inputs.definition), pipelineDefinition({ workerArn: WORKER, maxConcurrency: 10, timeoutSeconds: 86_400 }));
    assert.ok(dependsOn(sm, resource("t-pipeline-policy")));
    assert.deepEqual(json(resource("t-pipeline-policy").inputs.policy), pipelineRolePolicy(ENV, { name: NAME, workerArn: WORKER, keyArn: KEY_ARN }));
    assert.deepEqual(json(resource("t-pipeline-role").inputs.assumeRolePolicy), pipelineTrustPolicy(ENV, NAME));
  });

  it("alarms on any failed or timed-out execution of this state machine", () => {
    for (const [id, metric] of [["executions-failed", "ExecutionsFailed"], ["executions-timed-out", "ExecutionsTimedOut"]]) {
      const alarm = resource(`t-pipeline-${id}`).inputs;
      assert.equal(alarm.namespace, "AWS/States");
      assert.equal(alarm.metricName, metric);
      assert.equal(alarm.threshold, 0);
      assert.equal(alarm.comparisonOperator, "GreaterThanThreshold");
      // The mocks' ARN of the state machine resource (its arn output, not a name typed twice).
      assert.match(alarm.dimensions.StateMachineArn, new RegExp(`t-pipeline-state-machine/${NAME}$`));
      assert.deepEqual(alarm.alarmActions, [TOPIC]);
      assert.deepEqual(alarm.tags, { ...TAGS, Name: `t-pipeline-${id}`, Component: "GenerationPipeline" });
    }
  });
});
