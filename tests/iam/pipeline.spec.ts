// The GenerationPipeline's role, simulated (tests/iam/simulate.ts) with the stack key's real policy: it invokes
// only its shard worker, runs and watches only its own state machine's child executions, and uses the key only
// through Step Functions. Removing any statement breaks an allowed request; widening any to `*` lets a near
// miss through. The key statement's encryption-context condition (a key with a ':' variable part, which
// iam-simulate 0.1 drops) is checked on the document by tests/components/generationPipeline.spec.ts.
import * as assert from "node:assert/strict";
import { pipelineRolePolicy } from "../../components/generationPipeline";
import { keyPolicy } from "../../components/policies";
import { ENV, KEY_ARN, MOCK_ACCOUNT } from "../components/harness";
import { describeMismatch, removalBreaks, tableMismatches, wideningLeaks, type PermissionTable, type PolicyDocumentJson, type RoleUnderTest } from "./simulate";

const NAME = "sdga-dev-generation-pipeline";
const WORKER = `arn:aws:lambda:us-east-1:${MOCK_ACCOUNT}:function:sdga-dev-generate`;
const SM = `arn:aws:states:us-east-1:${MOCK_ACCOUNT}:stateMachine:${NAME}`;
const CHILD = `arn:aws:states:us-east-1:${MOCK_ACCOUNT}:execution:${NAME}/shards:7f3c1a2b-0001`;

function role(): RoleUnderTest {
  const document = pipelineRolePolicy(ENV, { name: NAME, workerArn: WORKER, keyArn: KEY_ARN }) as PolicyDocumentJson;
  // The simulator cannot evaluate the encryption-context key: simulate the statement without it.
  const simulated = { ...document, Statement: document.Statement.map((s) => s.Sid === "StateMachineKey" ? { ...s, Condition: { StringEquals: { "kms:ViaService": "states.us-east-1.amazonaws.com" } } } : s) };
  return {
    label: "generation-pipeline", roleArn: `arn:aws:iam::${MOCK_ACCOUNT}:role/sdga-dev-generation-pipeline-role`, accountId: MOCK_ACCOUNT,
    documents: [{ name: "pipeline", document: simulated }],
    keyPolicy: keyPolicy(ENV, { logGroupNamePatterns: ["/aws/lambda/sdga-dev-*"], allowCloudWatchAlarms: true, allowBedrockAgents: false, allowS3VectorsIndexing: false }) as PolicyDocumentJson,
  };
}

const via = (service: string) => ({ "kms:ViaService": `${service}.us-east-1.amazonaws.com` });
const TABLE: PermissionTable = {
  allowed: [
    { action: "lambda:InvokeFunction", resource: WORKER, why: "each shard, the merge and the fail step" },
    { action: "states:StartExecution", resource: SM, why: "the Distributed Map's child executions" },
    { action: "states:DescribeExecution", resource: CHILD, why: "the Distributed Map watches its children" },
    { action: "states:StopExecution", resource: CHILD, why: "a failed map run stops the children still running" },
    { action: "kms:GenerateDataKey", resource: KEY_ARN, context: via("states"), why: "the state machine's data, encrypted with the stack key" },
    { action: "kms:Decrypt", resource: KEY_ARN, context: via("states"), why: "reading it back" },
  ],
  denied: [
    { action: "lambda:InvokeFunction", resource: WORKER.replace("generate", "validate"), why: "another function" },
    { action: "states:StartExecution", resource: SM.replace(NAME, "other-state-machine"), why: "another state machine" },
    { action: "states:DescribeExecution", resource: CHILD.replace(NAME, "other-state-machine"), why: "another state machine's executions" },
    { action: "states:StopExecution", resource: CHILD.replace(NAME, "other-state-machine"), why: "stopping another state machine's executions" },
    { action: "kms:Decrypt", resource: KEY_ARN, context: via("s3"), why: "the key through another service" },
    { action: "kms:Decrypt", resource: KEY_ARN.replace(/key\/.+$/, "key/99999999-2222-4333-a444-555555555555"), context: via("states"), why: "another key" },
    { action: "s3:PutObject", resource: "arn:aws:s3:::sdga-dev-data/generations/g1/part-00000.jsonl", why: "the worker writes the parts, not the state machine" },
  ],
};

describe("IAM least privilege: the generation pipeline's role (iam-simulate)", function () {
  this.timeout(60_000);

  it("allows every request of the state machine and denies every near miss", async () => {
    assert.deepEqual((await tableMismatches(role(), TABLE)).map(describeMismatch), []);
  });

  it("needs every statement, and each scoped statement's scope stops a near miss", async () => {
    assert.deepEqual((await removalBreaks(role(), TABLE)).filter((r) => r.broken.length === 0).map((r) => r.label), []);
    const widened = await wideningLeaks(role(), TABLE);
    assert.equal(widened.length, 4);
    assert.deepEqual(widened.filter((r) => r.leaked.length === 0).map((r) => r.label), []);
  });
});
