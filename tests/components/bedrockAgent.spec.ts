// BedrockAgent under mocks, one describe per runtime and switch. Uses the generated contract files.
import { strict as assert } from "node:assert";
import { BedrockAgent, type AgentFunction } from "../../components/bedrockAgent";
import { loadOpenApiDocuments, loadToolDefinitions } from "../../components/contract";
import { PersonalDataGuardrail } from "../../components/guardrail";
import { type Recorded, ENV, KEY_ARN, MOCK_ACCOUNT, TAGS, childrenOf, dependsOn, installMocks, inventory, json, recorded, resource, settle, statement, valueOf } from "./harness";

const fnArn = (n: string) => `arn:aws:lambda:us-east-1:${MOCK_ACCOUNT}:function:sdga-test-${n}`;
const fn = (n: string): AgentFunction => ({ functionName: `sdga-test-${n}`, functionArn: fnArn(n) });
const common = {
  env: ENV, prefix: "sdga-test", modelId: "us.anthropic.claude-sonnet-4-6", kmsKeyArn: KEY_ARN,
  instruction: "You are the synthetic data generator. Send objects as JSON text.", idleSessionTtlSeconds: 900, tags: TAGS,
};
const MODEL_PROFILE = `arn:aws:bedrock:us-east-1:${MOCK_ACCOUNT}:inference-profile/us.anthropic.claude-sonnet-4-6`;
const MODEL_ANY_REGION = "arn:aws:bedrock:*::foundation-model/anthropic.claude-sonnet-4-6";

function assertServiceTrust(role: Recorded, service: string, sourceArn: string | string[]): void {
  const trust = json(role.inputs.assumeRolePolicy).Statement;
  assert.equal(trust.length, 1);
  assert.deepEqual(trust[0].Principal, { Service: service });
  assert.deepEqual(trust[0].Condition, { StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT }, ArnLike: { "aws:SourceArn": sourceArn } });
}

describe("BedrockAgent, agentcore runtime (mocks)", () => {
  let agent: BedrockAgent;
  before(async () => {
    installMocks();
    agent = new BedrockAgent("t-core", {
      ...common, runtime: "agentcore",
      functions: { generate: fn("generate"), validate: fn("validate"), metrics: fn("metrics"), retrieve: fn("retrieve") },
      tools: loadToolDefinitions(),
    });
    await settle();
  });

  it("creates exactly the harness, the gateway, one target per function and the two roles", () => {
    assert.deepEqual(inventory("t-core"), [
      "aws:bedrock/agentcoreGateway:AgentcoreGateway::t-core-gateway",
      "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget::t-core-target-generate",
      "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget::t-core-target-metrics",
      "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget::t-core-target-retrieve",
      "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget::t-core-target-validate",
      "aws:bedrock/agentcoreHarness:AgentcoreHarness::t-core-harness",
      "aws:iam/policy:Policy::t-core-caller",
      "aws:iam/role:Role::t-core-gateway-role", "aws:iam/role:Role::t-core-harness-role",
      "aws:iam/rolePolicy:RolePolicy::t-core-gateway-policy", "aws:iam/rolePolicy:RolePolicy::t-core-harness-policy",
      "pulumi-nodejs:dynamic:Resource::t-core-gateway-grant-wait",
    ]);
  });

  it("builds the harness from the model, the instruction and the gateway (snake_case tool type), without memory", () => {
    const h = resource("t-core-harness").inputs;
    assert.equal(h.harnessName, "sdga_test_agent");
    assert.equal(h.model.bedrockModelConfig.modelId, "us.anthropic.claude-sonnet-4-6");
    assert.deepEqual(h.systemPrompts, [{ text: common.instruction }]);
    assert.equal(h.tools.length, 1);
    assert.equal(h.tools[0].type, "agentcore_gateway");
    assert.match(h.tools[0].config.agentcoreGateway.gatewayArn, /^arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway\//);
    assert.deepEqual(h.tools[0].config.agentcoreGateway.outboundAuth, { awsIam: true });
    assert.deepEqual(h.memory, { disabled: {} });
    assert.equal(h.environments[0].agentcoreRuntimeEnvironments[0].lifecycleConfigurations[0].idleRuntimeSessionTimeout, 900);
    assert.equal(h.maxIterations, 25);
    assert.equal(h.guardrailConfigurations, undefined);
  });

  it("authorises the gateway with IAM, MCP, encrypted with the stack key", () => {
    const g = resource("t-core-gateway").inputs;
    assert.equal(g.authorizerType, "AWS_IAM");
    assert.equal(g.protocolType, "MCP");
    assert.equal(g.kmsKeyArn, KEY_ARN);
    assert.equal(g.name, "sdga-test-tools");
  });

  it("gives each function one Lambda target with the gateway role and its generated tool schemas", () => {
    const target = resource("t-core-target-generate").inputs;
    assert.equal(target.name, "generate");
    assert.deepEqual(target.credentialProviderConfiguration, { gatewayIamRole: {} });
    assert.equal(target.targetConfiguration.mcp.lambda.lambdaArn, fnArn("generate"));
    const names = target.targetConfiguration.mcp.lambda.toolSchema.inlinePayloads.map((p: { name: string }) => p.name);
    assert.deepEqual(names, ["generateSyntheticData", "getGeneration"]);
    const retrieve = resource("t-core-target-retrieve").inputs.targetConfiguration.mcp.lambda.toolSchema.inlinePayloads[0];
    assert.equal(retrieve.name, "retrieveKnowledge");
    assert.deepEqual(retrieve.inputSchema.properties.find((p: { name: string }) => p.name === "query").required, true);
  });

  it("trusts bedrock-agentcore only for this account's harnesses and gateways", () => {
    assertServiceTrust(resource("t-core-harness-role"), "bedrock-agentcore.amazonaws.com",
      [`arn:aws:bedrock-agentcore:us-east-1:${MOCK_ACCOUNT}:harness/*`, `arn:aws:bedrock-agentcore:us-east-1:${MOCK_ACCOUNT}:runtime/*`]);
    assertServiceTrust(resource("t-core-gateway-role"), "bedrock-agentcore.amazonaws.com", `arn:aws:bedrock-agentcore:us-east-1:${MOCK_ACCOUNT}:gateway/*`);
  });

  it("lets the harness invoke the model (profile and its regional models) and only this gateway", async () => {
    const policy = json(resource("t-core-harness-policy").inputs.policy);
    assert.equal(statement(policy, "InvokeInferenceProfile").Resource, MODEL_PROFILE);
    assert.ok(statement(policy, "InvokeProfileModels").Resource.includes(MODEL_ANY_REGION));
    assert.equal(statement(policy, "InvokeStackGateway").Resource, await valueOf(agent.gatewayArn!));
  });

  it("lets the gateway invoke exactly the four functions and use the stack key it is encrypted with", () => {
    const policy = json(resource("t-core-gateway-policy").inputs.policy);
    assert.deepEqual(statement(policy, "InvokeStackFunctions").Resource,
      ["generate", "validate", "metrics", "retrieve"].flatMap((n) => [fnArn(n), `${fnArn(n)}:*`]));
    assert.equal(statement(policy, "UseGatewayKey").Resource, KEY_ARN);
    assert.ok(dependsOn(resource("t-core-gateway"), resource("t-core-gateway-policy")), "the gateway waits for its role's key permissions");
  });

  it("first deploy: creates the gateway only after an explicit wait for its role's grant to propagate", () => {
    const wait = resource("t-core-gateway-grant-wait");
    assert.ok(dependsOn(wait, resource("t-core-gateway-policy")), "the wait starts once the grant exists");
    assert.ok(dependsOn(resource("t-core-gateway"), wait), "CreateGateway runs after the wait");
    assert.equal(wait.inputs.seconds, 120, "the provider's own IAM propagation bound (iamPropagation.ts)");
    assert.match(wait.inputs.trigger, /^[0-9a-f]{64}$/, "a new wait whenever the role's policy changes");
  });

  it("creates the callers' managed policy: InvokeHarness and InvokeAgentRuntime on this harness only, no key use", async () => {
    const policy = json(resource("t-core-caller").inputs.policy);
    assert.deepEqual(policy.Statement, [{
      Sid: "InvokeStackHarness", Effect: "Allow",
      Action: ["bedrock-agentcore:InvokeHarness", "bedrock-agentcore:InvokeAgentRuntime"], Resource: await valueOf(agent.agentArn),
    }]);
    assert.match(await valueOf(agent.callerPolicyArn), new RegExp(`^arn:aws:iam::${MOCK_ACCOUNT}:policy/t-core-caller-`));
  });

  it("creates the gateway targets one after another", () => {
    const order = ["generate", "validate", "metrics", "retrieve"].map((n) => resource(`t-core-target-${n}`));
    order.slice(1).forEach((target, i) => assert.ok(dependsOn(target, order[i]), `${target.name} waits for ${order[i].name}`));
    assert.ok(!dependsOn(order[0], order[1]));
  });

  it("creates the harness after its targets and permissions, and creates no Lambda permission", () => {
    const harness = resource("t-core-harness");
    for (const n of ["generate", "validate", "metrics", "retrieve"]) assert.ok(dependsOn(harness, resource(`t-core-target-${n}`)));
    assert.ok(dependsOn(harness, resource("t-core-harness-policy")));
    assert.ok(!recorded.some((r) => r.type === "aws:lambda/permission:Permission"));
  });

  it("exports the harness id and the DEFAULT endpoint", async () => {
    assert.match(await valueOf(agent.agentId), /^sdga_test_agent-/);
    assert.equal(await valueOf(agent.aliasId), "DEFAULT");
  });
});

describe("BedrockAgent, classic runtime with knowledge base (mocks)", () => {
  let agent: BedrockAgent;
  before(async () => {
    installMocks();
    agent = new BedrockAgent("t-classic", {
      ...common, runtime: "classic",
      functions: { generate: fn("generate"), validate: fn("validate"), metrics: fn("metrics") },
      openApiDocuments: loadOpenApiDocuments(), knowledgeBaseId: "KB12345678",
    });
    await settle();
  });

  it("creates exactly the role, the agent, three permissions, three action groups, the KB association and the alias", () => {
    assert.deepEqual(inventory("t-classic"), [
      "aws:bedrock/agentAgent:AgentAgent::t-classic-agent",
      "aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup::t-classic-action-generation",
      "aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup::t-classic-action-quality",
      "aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup::t-classic-action-validation",
      "aws:bedrock/agentAgentAlias:AgentAgentAlias::t-classic-alias",
      "aws:bedrock/agentAgentKnowledgeBaseAssociation:AgentAgentKnowledgeBaseAssociation::t-classic-kb-association",
      "aws:iam/policy:Policy::t-classic-caller",
      "aws:iam/role:Role::t-classic-agent-role", "aws:iam/rolePolicy:RolePolicy::t-classic-agent-policy",
      "aws:lambda/permission:Permission::t-classic-permission-generate",
      "aws:lambda/permission:Permission::t-classic-permission-metrics",
      "aws:lambda/permission:Permission::t-classic-permission-validate",
    ]);
  });

  it("builds the agent from the model and instruction, with the stack key and the idle TTL, no guardrail", () => {
    const a = resource("t-classic-agent").inputs;
    assert.equal(a.foundationModel, "us.anthropic.claude-sonnet-4-6");
    assert.equal(a.instruction, common.instruction);
    assert.equal(a.customerEncryptionKeyArn, KEY_ARN);
    assert.equal(a.idleSessionTtlInSeconds, 900);
    assert.equal(a.agentName, "sdga-test-agent");
    assert.equal(a.guardrailConfigurations, undefined);
  });

  it("trusts bedrock only for this account's agents; may invoke the model and retrieve from this KB only", () => {
    assertServiceTrust(resource("t-classic-agent-role"), "bedrock.amazonaws.com", `arn:aws:bedrock:us-east-1:${MOCK_ACCOUNT}:agent/*`);
    const policy = json(resource("t-classic-agent-policy").inputs.policy);
    assert.equal(statement(policy, "InvokeInferenceProfile").Resource, MODEL_PROFILE);
    assert.ok(statement(policy, "InvokeProfileModels").Resource.includes(MODEL_ANY_REGION));
    assert.equal(statement(policy, "RetrieveFromStackKnowledgeBase").Resource, `arn:aws:bedrock:us-east-1:${MOCK_ACCOUNT}:knowledge-base/KB12345678`);
  });

  it("lets only this agent (source ARN and account) invoke each function", async () => {
    const agentArn = await valueOf(agent.agentArn);
    for (const n of ["generate", "validate", "metrics"]) {
      const p = resource(`t-classic-permission-${n}`).inputs;
      assert.deepEqual([p.action, p.function, p.principal, p.sourceArn, p.sourceAccount],
        ["lambda:InvokeFunction", `sdga-test-${n}`, "bedrock.amazonaws.com", agentArn, MOCK_ACCOUNT]);
    }
  });

  it("gives each action group its function and its generated OpenAPI 3.0.0 document, on DRAFT", () => {
    const docs = loadOpenApiDocuments();
    for (const [group, n] of [["generation", "generate"], ["validation", "validate"], ["quality", "metrics"]] as const) {
      const ag = resource(`t-classic-action-${group}`).inputs;
      assert.equal(ag.agentVersion, "DRAFT");
      assert.deepEqual(ag.actionGroupExecutor, { lambda: fnArn(n) });
      assert.equal(ag.apiSchema.payload, docs[group]);
      assert.equal(JSON.parse(ag.apiSchema.payload).openapi, "3.0.0");
    }
  });

  it("trap: creates the action groups one after another, each after its permission", () => {
    const [generation, validation, quality] = ["generation", "validation", "quality"].map((g) => resource(`t-classic-action-${g}`));
    assert.ok(dependsOn(validation, generation), "validation waits for generation");
    assert.ok(dependsOn(quality, validation), "quality waits for validation");
    assert.ok(!dependsOn(generation, validation) && !dependsOn(generation, quality));
    assert.ok(dependsOn(generation, resource("t-classic-permission-generate")));
  });

  it("trap: associates the knowledge base after the last action group", () => {
    const assoc = resource("t-classic-kb-association");
    assert.equal(assoc.inputs.knowledgeBaseId, "KB12345678");
    assert.equal(assoc.inputs.knowledgeBaseState, "ENABLED");
    assert.equal(assoc.inputs.agentVersion, "DRAFT");
    assert.ok(dependsOn(assoc, resource("t-classic-action-quality")));
  });

  it("creates the callers' managed policy: InvokeAgent on this alias, and the stack key for this agent only", async () => {
    const policy = json(resource("t-classic-caller").inputs.policy);
    assert.deepEqual(statement(policy, "InvokeStackAgentAlias"), {
      Sid: "InvokeStackAgentAlias", Effect: "Allow", Action: "bedrock:InvokeAgent", Resource: await valueOf(agent.aliasArn!),
    });
    const key = statement(policy, "UseStackKeyForThisAgent");
    assert.deepEqual([key.Action, key.Resource], [["kms:GenerateDataKey", "kms:Decrypt"], KEY_ARN]);
    assert.deepEqual(key.Condition, { StringEquals: { "kms:EncryptionContext:aws:bedrock:arn": `arn:aws:bedrock:us-east-1:${MOCK_ACCOUNT}:agent/${await valueOf(agent.agentId)}` } });
    assert.equal(policy.Statement.length, 2);
  });

  it("trap: the alias comes last and its description carries preparedAt and the configuration fingerprint", () => {
    const alias = resource("t-classic-alias");
    for (const g of ["generation", "validation", "quality"]) assert.ok(dependsOn(alias, resource(`t-classic-action-${g}`)));
    assert.ok(dependsOn(alias, resource("t-classic-kb-association")));
    assert.match(alias.inputs.description, /prepared 2026-11-26T10:00:00Z, configuration [0-9a-f]{16}/);
    assert.equal(alias.inputs.routingConfigurations, undefined, "routing needs agentVersion and provisionedThroughput together");
  });
});

describe("BedrockAgent, classic runtime: the alias moves when the agent changes (mocks)", () => {
  const descriptions: string[] = [];
  before(async () => {
    installMocks();
    const functions = { generate: fn("generate"), validate: fn("validate"), metrics: fn("metrics") };
    const docs = loadOpenApiDocuments();
    new BedrockAgent("t-v1", { ...common, runtime: "classic", functions, openApiDocuments: docs, knowledgeBaseId: "KB1" });
    new BedrockAgent("t-v2", { ...common, runtime: "classic", functions, openApiDocuments: docs, knowledgeBaseId: "KB1", instruction: `${common.instruction} Be brief.` });
    new BedrockAgent("t-v3", { ...common, runtime: "classic", functions, openApiDocuments: { ...docs, quality: docs.quality.replace("quality", "Quality") }, knowledgeBaseId: "KB1" });
    await settle();
    for (const n of ["t-v1", "t-v2", "t-v3"]) descriptions.push(resource(`${n}-alias`).inputs.description);
  });

  it("gives a new alias description for a new instruction or a new action-group schema", () => {
    assert.equal(new Set(descriptions).size, 3, descriptions.join("\n"));
  });
});

describe("BedrockAgent, classic runtime with guardrail and without knowledge base (mocks)", () => {
  before(async () => {
    installMocks();
    const guardrail = new PersonalDataGuardrail("t-guard", { guardrailName: "sdga-test-personal-data", tags: TAGS });
    new BedrockAgent("t-guarded", {
      ...common, runtime: "classic", functions: { generate: fn("generate"), validate: fn("validate"), metrics: fn("metrics") },
      openApiDocuments: loadOpenApiDocuments(),
      guardrail: { guardrailId: guardrail.guardrailId, guardrailVersion: guardrail.guardrailVersion, guardrailArn: guardrail.guardrailArn },
    });
    await settle();
  });

  it("creates a guardrail that blocks real identifiers in input, and its published version", () => {
    assert.deepEqual(inventory("t-guard"), ["aws:bedrock/guardrail:Guardrail::t-guard-guardrail", "aws:bedrock/guardrailVersion:GuardrailVersion::t-guard-version"]);
    const configs = resource("t-guard-guardrail").inputs.sensitiveInformationPolicyConfig.piiEntitiesConfigs as { type: string; inputAction: string; inputEnabled: boolean }[];
    for (const t of ["US_SOCIAL_SECURITY_NUMBER", "CREDIT_DEBIT_CARD_NUMBER", "CREDIT_DEBIT_CARD_CVV"]) {
      assert.deepEqual(configs.filter((c) => c.type === t).map((c) => [c.inputAction, c.inputEnabled]), [["BLOCK", true]], t);
    }
  });

  it("attaches the guardrail's published version to the agent and lets the role apply it", () => {
    const g = resource("t-guarded-agent").inputs.guardrailConfigurations;
    assert.equal(g.length, 1);
    assert.match(g[0].guardrailIdentifier, /^[0-9a-f]{12}$/);
    assert.match(g[0].guardrailVersion, /^\d+$/);
    assert.notEqual(g[0].guardrailVersion, "DRAFT");
    const policy = json(resource("t-guarded-agent-policy").inputs.policy);
    assert.match(statement(policy, "ApplyStackGuardrail").Resource, /:guardrail\/[0-9a-f]{12}$/);
  });

  it("creates no knowledge-base association without a knowledge base, and grants no Retrieve", () => {
    assert.ok(!childrenOf("t-guarded").some((r) => r.type.includes("KnowledgeBaseAssociation")));
    assert.ok(!json(resource("t-guarded-agent-policy").inputs.policy).Statement.some((s: { Sid: string }) => s.Sid === "RetrieveFromStackKnowledgeBase"));
  });
});
