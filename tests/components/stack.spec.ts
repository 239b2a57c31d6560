// The whole program (index.ts) under the local preview harness: what each runtime deploys, explicit tags
// on every taggable resource, and the exported outputs.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { previewStack, type GraphResource, type ResourceGraph } from "../harness/preview";

const awsDir = path.dirname(require.resolve("@pulumi/aws/package.json"));
const taggableCache = new Map<string, boolean>();

/** Whether a bridged AWS resource accepts `tags`, read from its args interface in the provider's .d.ts. */
function taggable(type: string): boolean {
  const m = /^aws:([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):([A-Za-z0-9]+)$/.exec(type);
  if (!m) return false;
  if (!taggableCache.has(type)) {
    const dts = fs.readFileSync(path.join(awsDir, m[1], `${m[2]}.d.ts`), "utf8");
    const args = new RegExp(`export interface ${m[3]}Args \\{([\\s\\S]*?)\\n\\}`).exec(dts);
    taggableCache.set(type, !!args && /\n\s+tags\?:/.test(args[1]));
  }
  return taggableCache.get(type)!;
}

const count = (graph: ResourceGraph, type: string) => graph.resources.filter((r) => r.type === type).length;
const byType = (graph: ResourceGraph, type: string): GraphResource[] => graph.resources.filter((r) => r.type === type);

function assertTagged(graph: ResourceGraph): void {
  const taggables = graph.resources.filter((r) => r.custom && taggable(r.type));
  assert.ok(taggables.length > 20);
  for (const r of taggables) {
    const tags = r.inputs.tags as Record<string, string> | undefined;
    assert.ok(tags, `${r.type} ${r.name} has no tags`);
    for (const k of ["Project", "Environment", "Owner", "CostCenter", "ManagedBy", "Name", "Component"]) assert.ok(tags[k], `${r.name} lacks tag ${k}`);
    assert.equal(tags.Environment, graph.stack === "prod" ? "prod" : graph.stack);
  }
}

describe("the stack program (local preview)", function () {
  this.timeout(120_000);

  describe("dev, agentcore (default)", () => {
    let graph: ResourceGraph;
    before(async () => { graph = await previewStack({ stack: "dev" }); });

    it("deploys one key, two secure buckets, the table, four functions with log groups, the AgentCore agent, the KB and monitoring", () => {
      assert.equal(count(graph, "aws:kms/key:Key"), 1);
      assert.equal(count(graph, "sdga:storage:SecureBucket"), 2);
      assert.equal(count(graph, "aws:dynamodb/table:Table"), 1);
      // generate, validate, metrics, retrieve, and the deploy-time ingest function
      assert.equal(count(graph, "aws:lambda/function:Function"), 5);
      assert.equal(count(graph, "aws:cloudwatch/logGroup:LogGroup"), 5);
      assert.equal(count(graph, "aws:bedrock/agentcoreHarness:AgentcoreHarness"), 1);
      assert.equal(count(graph, "aws:bedrock/agentcoreGateway:AgentcoreGateway"), 1);
      assert.equal(count(graph, "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget"), 4);
      assert.equal(count(graph, "aws:bedrock/agentAgent:AgentAgent"), 0);
      assert.equal(count(graph, "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase"), 1);
      assert.equal(count(graph, "aws:s3/vectorsIndex:VectorsIndex"), 1);
      assert.equal(count(graph, "aws:sns/topic:Topic"), 1);
      assert.equal(count(graph, "aws:cloudwatch/dashboard:Dashboard"), 1);
      for (const fn of byType(graph, "aws:lambda/function:Function")) {
        const name = fn.inputs.name as string;
        for (const alarm of ["error-rate", "throttles", "duration"]) {
          assert.ok(graph.resources.some((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.inputs.name === `${name}-${alarm}`), `${name}-${alarm}`);
        }
      }
    });

    it("sets every environment variable the functions read", () => {
      const env = (name: string) => (byType(graph, "aws:lambda/function:Function").find((f) => f.inputs.name === name)!.inputs.environment as { variables: Record<string, string> }).variables;
      assert.deepEqual(Object.keys(env("sdga-dev-generate")).sort(), [
        "DATA_BUCKET", "DATA_PREFIX", "ENVIRONMENT", "GENERATIONS_TABLE", "JOB_MAX_ATTEMPTS", "MAX_REQUEST_BYTES", "MAX_ROW_BYTES",
        "MAX_VALUE_BYTES", "MAX_VOLUME", "PIPELINE_ROW_THRESHOLD", "PIPELINE_STATE_MACHINE_ARN", "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_SERVICE_NAME",
      ]);
      // generate may start this state machine and no other (components/policies.ts pipelineStartStatement).
      const stateMachine = byType(graph, "aws:sfn/stateMachine:StateMachine");
      assert.equal(stateMachine.length, 1);
      assert.equal(stateMachine[0]!.inputs.name, "sdga-dev-generation-pipeline");
      assert.match(env("sdga-dev-generate").PIPELINE_STATE_MACHINE_ARN!, /:states:[a-z0-9-]+:\d{12}:stateMachine:sdga-dev-generation-pipeline$/);
      assert.equal(env("sdga-dev-generate").DATA_PREFIX, "generated-data/dev/");
      // The stack's size ceilings and attempts, in the units the functions read (Pulumi.yaml defaults).
      assert.deepEqual([env("sdga-dev-generate").MAX_REQUEST_BYTES, env("sdga-dev-generate").MAX_ROW_BYTES, env("sdga-dev-generate").MAX_VALUE_BYTES],
        [String(2048 * 1024 * 1024), String(1024 * 1024), String(256 * 1024)]);
      assert.equal(env("sdga-dev-validate").MAX_ROW_BYTES, String(1024 * 1024));
      assert.equal(env("sdga-dev-generate").JOB_MAX_ATTEMPTS, "3");
      assert.match(env("sdga-dev-retrieve").KNOWLEDGE_BASE_ID, /^[A-Z0-9]{10}$/);
    });

    it("schedules the sweeper: a rule every 5 minutes sends generate a sweep event, and only that rule may invoke it", () => {
      const rule = byType(graph, "aws:cloudwatch/eventRule:EventRule").find((r) => r.name === "sdga-dev-sweeper-rule")!;
      assert.equal(rule.inputs.scheduleExpression, "rate(5 minutes)");
      const target = byType(graph, "aws:cloudwatch/eventTarget:EventTarget").find((r) => r.name === "sdga-dev-sweeper-target")!;
      assert.deepEqual(JSON.parse(target.inputs.input as string), { sdgaSweep: {} });
      assert.match(String(target.inputs.arn), /:function:sdga-dev-generate$/);
      const permission = byType(graph, "aws:lambda/permission:Permission").find((r) => r.name === "sdga-dev-sweeper-permission")!;
      assert.equal(permission.inputs.function, "sdga-dev-generate");
      assert.equal(permission.inputs.principal, "events.amazonaws.com");
      assert.equal(permission.inputs.sourceArn, rule.outputs.arn);
    });

    it("tags every taggable resource with the stack tags plus Name and Component", () => assertTagged(graph));

    it("exports the agent, storage, function, KB and monitoring outputs", () => {
      for (const k of ["agentId", "agentAliasId", "dataBucketName", "knowledgeBaseBucketName", "generationsTableName", "functionNamesByTool", "knowledgeBaseId", "alarmTopicArn", "dashboardUrl"]) {
        assert.ok(graph.outputs[k], `output ${k}`);
      }
      assert.equal(graph.outputs.agentAliasId, "DEFAULT");
    });
  });

  describe("prod with agentRuntime=classic, guardrail on", () => {
    let graph: ResourceGraph;
    before(async () => { graph = await previewStack({ stack: "prod", config: { agentRuntime: "classic", guardrailEnabled: "true" } }); });

    it("deploys the classic agent, three action groups, three invoke permissions (and the sweeper's), the KB association and the alias; no retrieve function (ingest only)", () => {
      assert.equal(count(graph, "aws:bedrock/agentAgent:AgentAgent"), 1);
      assert.equal(count(graph, "aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup"), 3);
      assert.deepEqual(byType(graph, "aws:lambda/permission:Permission").map((p) => p.inputs.principal).sort(),
        ["bedrock.amazonaws.com", "bedrock.amazonaws.com", "bedrock.amazonaws.com", "events.amazonaws.com"]);
      assert.equal(count(graph, "aws:bedrock/agentAgentKnowledgeBaseAssociation:AgentAgentKnowledgeBaseAssociation"), 1);
      assert.equal(count(graph, "aws:bedrock/agentAgentAlias:AgentAgentAlias"), 1);
      assert.equal(count(graph, "aws:bedrock/agentcoreHarness:AgentcoreHarness"), 0);
      assert.deepEqual(byType(graph, "aws:lambda/function:Function").map((f) => f.inputs.name).sort(),
        ["sdga-prod-generate", "sdga-prod-ingest", "sdga-prod-metrics", "sdga-prod-validate"]);
      assert.equal((byType(graph, "aws:bedrock/agentAgent:AgentAgent")[0].inputs.guardrailConfigurations as unknown[]).length, 1);
    });

    it("protects the stateful resources and keeps prod's retention and table settings", () => {
      const table = byType(graph, "aws:dynamodb/table:Table")[0].inputs;
      assert.equal(table.deletionProtectionEnabled, true);
      assert.deepEqual(table.pointInTimeRecovery, { enabled: true });
      for (const lg of byType(graph, "aws:cloudwatch/logGroup:LogGroup")) assert.equal(lg.inputs.retentionInDays, 90);
    });

    it("lets the key serve Bedrock agents in classic stacks", () => {
      const policy = JSON.parse(byType(graph, "aws:kms/key:Key")[0].inputs.policy as string) as { Statement: { Sid: string }[] };
      assert.ok(policy.Statement.some((s) => s.Sid === "BedrockAgentsOfThisAccount"));
    });

    it("tags every taggable resource", () => assertTagged(graph));
  });

  describe("dev, agentcore with the guardrail on", () => {
    let graph: ResourceGraph;
    before(async () => { graph = await previewStack({ stack: "dev", config: { guardrailEnabled: "true" } }); });

    it("hands the guardrail to the functions (the harness has no guardrail field) and lets each apply only it", () => {
      assert.equal(count(graph, "aws:bedrock/guardrail:Guardrail"), 1);
      assert.equal(count(graph, "aws:bedrock/guardrailVersion:GuardrailVersion"), 1);
      const version = byType(graph, "aws:bedrock/guardrailVersion:GuardrailVersion")[0].outputs.version;
      assert.match(String(version), /^\d+$/);
      for (const fn of byType(graph, "aws:lambda/function:Function").filter((f) => f.inputs.name !== "sdga-dev-ingest")) {
        const vars = (fn.inputs.environment as { variables: Record<string, string> }).variables;
        assert.match(vars.GUARDRAIL_ID, /^[0-9a-f]{12}$/, String(fn.inputs.name));
        assert.equal(vars.GUARDRAIL_VERSION, version, "the published version the stack made, never DRAFT");
      }
      for (const p of byType(graph, "aws:iam/rolePolicy:RolePolicy").filter((r) => /-(generate|validate|metrics|retrieve)-policy$/.test(r.name))) {
        const doc = JSON.parse(p.inputs.policy as string) as { Statement: { Sid: string; Resource: string }[] };
        assert.match(doc.Statement.find((s) => s.Sid === "ApplyStackGuardrail")!.Resource, /:guardrail\/[0-9a-f]{12}$/, p.name);
      }
    });
  });

  describe("staging with the knowledge base switched off", () => {
    let graph: ResourceGraph;
    before(async () => { graph = await previewStack({ stack: "staging", config: { knowledgeBaseEnabled: "false" } }); });

    it("creates no KB, no KB bucket and no retrieve function or target", () => {
      assert.equal(count(graph, "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase"), 0);
      // the data bucket and the access-log bucket
      assert.equal(count(graph, "sdga:storage:SecureBucket"), 2);
      assert.equal(count(graph, "aws:s3/bucketLogging:BucketLogging"), 1);
      assert.equal(count(graph, "aws:lambda/function:Function"), 3);
      assert.equal(count(graph, "aws:lambda/invocation:Invocation"), 0);
      assert.equal(count(graph, "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget"), 3);
      assert.equal(graph.outputs.knowledgeBaseId, undefined);
    });
  });
});
