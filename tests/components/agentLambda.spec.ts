// AgentLambda under mocks (bundles the tiny fixture handler, not the real functions).
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { AgentLambda, LAMBDA_RUNTIME } from "../../components/agentLambda";
import { retrieveStatements } from "../../components/policies";
import { ENV, KEY_ARN, TAGS, dependsOn, installMocks, inventory, json, resource, settle, statement } from "./harness";

const functionsDir = path.resolve(__dirname, "fixtures/functions");

describe("AgentLambda (mocks)", () => {
  before(async () => {
    installMocks();
    new AgentLambda("t-fn", {
      handlerName: "hello", functionsDir, functionName: "sdga-test-retrieve", description: "Retrieves knowledge", env: ENV, kmsKeyArn: KEY_ARN,
      statements: retrieveStatements(ENV, "KB123"),
      environment: { KNOWLEDGE_BASE_ID: "KB123", POWERTOOLS_METRICS_NAMESPACE: "NS" }, metricsNamespace: "NS",
      memoryMb: 256, timeoutSeconds: 30, reservedConcurrency: 5, logRetentionDays: 14, tags: TAGS,
    });
    new AgentLambda("t-default", { handlerName: "hello", functionsDir, functionName: "sdga-test-validate", description: "Validates schemas", env: ENV, kmsKeyArn: KEY_ARN, environment: {}, metricsNamespace: "NS", tags: TAGS });
    await settle();
  });

  it("creates exactly its log group, role, role policy and function", () => {
    assert.deepEqual(inventory("t-fn"), [
      "aws:cloudwatch/logGroup:LogGroup::t-fn-logs", "aws:iam/role:Role::t-fn-role",
      "aws:iam/rolePolicy:RolePolicy::t-fn-policy", "aws:lambda/function:Function::t-fn-function",
    ]);
  });

  it("runs the bundle on arm64 and the current Node.js runtime, traced, with its environment encrypted by the stack key", () => {
    const fn = resource("t-fn-function").inputs;
    assert.equal(LAMBDA_RUNTIME, "nodejs24.x");
    assert.equal(fn.runtime, LAMBDA_RUNTIME);
    assert.deepEqual(fn.architectures, ["arm64"]);
    assert.equal(fn.handler, "index.handler");
    assert.deepEqual(fn.tracingConfig, { mode: "Active" });
    assert.equal(fn.kmsKeyArn, KEY_ARN);
    assert.deepEqual(fn.environment.variables, { KNOWLEDGE_BASE_ID: "KB123", POWERTOOLS_METRICS_NAMESPACE: "NS" });
    assert.equal(fn.name, "sdga-test-retrieve");
    assert.equal(fn.memorySize, 256);
    assert.equal(fn.timeout, 30);
    assert.equal(fn.reservedConcurrentExecutions, 5);
    assert.equal(fn.loggingConfig.logGroup, "/aws/lambda/sdga-test-retrieve");
    assert.deepEqual(fn.tags, { ...TAGS, Name: "t-fn-function", Component: "AgentLambda" });
  });

  it("leaves concurrency unreserved unless configured", () => {
    assert.equal(resource("t-default-function").inputs.reservedConcurrentExecutions, undefined);
  });

  it("writes to its own encrypted log group with the configured retention, created before the function", () => {
    const logs = resource("t-fn-logs");
    assert.equal(logs.inputs.name, "/aws/lambda/sdga-test-retrieve");
    assert.equal(logs.inputs.retentionInDays, 14);
    assert.equal(logs.inputs.kmsKeyId, KEY_ARN);
    assert.ok(dependsOn(resource("t-fn-function"), logs));
    assert.ok(dependsOn(resource("t-fn-function"), resource("t-fn-policy")), "the function waits for its permissions");
  });

  it("has a role only Lambda may assume, with the base statements and exactly the statements it was given", () => {
    const trust = json(resource("t-fn-role").inputs.assumeRolePolicy);
    assert.deepEqual(trust.Statement, [{ Sid: "TrustService", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);
    const policy = json(resource("t-fn-policy").inputs.policy);
    assert.deepEqual(policy.Statement.map((s: { Sid: string }) => s.Sid), ["WriteOwnLogs", "WriteTraces", "PublishOwnMetrics", "DecryptEnvironment", "RetrieveFromStackKnowledgeBase"]);
    assert.equal(statement(policy, "WriteOwnLogs").Resource, "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/sdga-test-retrieve:*");
    assert.equal(statement(policy, "RetrieveFromStackKnowledgeBase").Resource, "arn:aws:bedrock:us-east-1:123456789012:knowledge-base/KB123");
  });

  it("fails clearly when the handler to bundle does not exist", () => {
    assert.throws(() => new AgentLambda("t-missing", { handlerName: "nope", functionsDir, functionName: "x", description: "x", env: ENV, kmsKeyArn: KEY_ARN, environment: {}, metricsNamespace: "NS", tags: TAGS }),
      /Cannot bundle function 'nope'.*does not exist/);
  });
});
