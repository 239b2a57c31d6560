// Every value every stack would send to AWS, checked against the AWS service models (tests/fixtures/aws-models, vendored from ../shared/aws-models,
// botocore service-2.json with constraints): each resource type's inputs in the local preview graph are mapped
// to the members of its create request(s) (tests/harness/awsModels.ts) and checked for pattern, length, enum,
// range and required members. Every stack, both runtimes, the OpenSearch and no-knowledge-base variants, the
// guardrail on.
import { strict as assert } from "node:assert";
import { cachedPreview } from "../policy-pack/previews";
import {
  checkGraph, checkResource, NOT_AWS_REQUESTS, patternRegex, RESOURCE_MODELS, uncheckablePatterns, WITHOUT_MODEL, type Finding,
} from "../harness/awsModels";
import type { GraphResource, ResourceGraph } from "../harness/preview";

const VARIANTS: { stack: string; config: Record<string, string> }[] = [
  ...["dev", "staging", "prod"].flatMap((stack) => ["agentcore", "classic"].map((agentRuntime) => ({ stack, config: { agentRuntime, guardrailEnabled: "true" } }))),
  { stack: "prod", config: {} },
  { stack: "dev", config: { vectorStore: "opensearch" } },
  { stack: "staging", config: { vectorStore: "opensearch", agentRuntime: "classic" } },
  { stack: "staging", config: { knowledgeBaseEnabled: "false" } },
];
const label = (v: (typeof VARIANTS)[number]) => `${v.stack}${Object.entries(v.config).map(([k, x]) => ` ${k}=${x}`).join("")}`;
const describeFinding = (f: Finding) => `${f.resource} ${f.path}: ${f.problem}`;

describe("AWS API models: every value the stacks send is one AWS accepts", function () {
  this.timeout(300_000);
  const graphs = new Map<string, ResourceGraph>();
  before(async () => {
    for (const v of VARIANTS) graphs.set(label(v), await cachedPreview(v));
  });

  for (const v of VARIANTS) {
    it(`${label(v)}: no input breaks its request's constraints`, () => {
      assert.deepEqual(checkGraph(graphs.get(label(v))!.resources).map(describeFinding), []);
    });
  }

  it("maps every type the stacks create, and no type they do not", () => {
    const types = new Set([...graphs.values()].flatMap((g) => g.resources.filter((r) => r.custom).map((r) => r.type)));
    const unmapped = [...types].filter((t) => !RESOURCE_MODELS[t] && !NOT_AWS_REQUESTS.has(t) && !(t in WITHOUT_MODEL) && !t.startsWith("pulumi:providers:"));
    assert.deepEqual(unmapped, []);
    // A type may go unchecked only for want of its service's model, never silently.
    for (const [type, why] of Object.entries(WITHOUT_MODEL)) assert.match(why, /not among the stored models/, type);
    assert.deepEqual(Object.keys(RESOURCE_MODELS).filter((t) => !types.has(t)), []);
  });

  it("runs every pattern of the models it meets (none is Java-only and skipped)", () => {
    assert.deepEqual([...uncheckablePatterns], []);
    assert.ok(patternRegex("([0-9a-zA-Z][-]?){1,48}")!.test("sdga-prod-tools"));
  });

  describe("catches the class of mistake (one input changed in a real graph)", () => {
    const find = (graphLabel: string, type: string): GraphResource => {
      const r = graphs.get(graphLabel)!.resources.find((x) => x.type === type);
      assert.ok(r, `${type} in ${graphLabel}`);
      return structuredClone(r);
    };
    const problems = (r: GraphResource) => checkResource(r).map(describeFinding);

    it("a name made too long (an AgentCore gateway of 49+ characters; CreateGateway allows 48)", () => {
      const gateway = find("prod agentRuntime=agentcore guardrailEnabled=true", "aws:bedrock/agentcoreGateway:AgentcoreGateway");
      assert.deepEqual(problems(gateway), []);
      gateway.inputs.name = `${"a".repeat(45)}-tools`;
      assert.match(problems(gateway).join("\n"), /CreateGateway\.name: 'a+-tools' does not match \(\[0-9a-zA-Z\]\[-\]\?\)\{1,48\}/);
    });

    it("an enum misspelt (authorizerType AWS-IAM)", () => {
      const gateway = find("prod agentRuntime=agentcore guardrailEnabled=true", "aws:bedrock/agentcoreGateway:AgentcoreGateway");
      gateway.inputs.authorizerType = "AWS-IAM";
      assert.match(problems(gateway).join("\n"), /authorizerType: 'AWS-IAM' is not one of CUSTOM_JWT, AWS_IAM/);
    });

    it("a range overrun (an agent's idle session of 9000 s; 60-5400)", () => {
      const agent = find("prod agentRuntime=classic guardrailEnabled=true", "aws:bedrock/agentAgent:AgentAgent");
      agent.inputs.idleSessionTtlInSeconds = 9000;
      assert.match(problems(agent).join("\n"), /idleSessionTTLInSeconds: 9000 is above 5400/);
    });

    it("a range overrun in another request of the same create (a key's deletion window of 400 days; the model allows 1-365)", () => {
      const key = find("dev agentRuntime=agentcore guardrailEnabled=true", "aws:kms/key:Key");
      key.inputs.deletionWindowInDays = 400;
      assert.match(problems(key).join("\n"), /ScheduleKeyDeletion\.PendingWindowInDays: 400 is above 365/);
    });

    it("a value deep in a structure (a guardrail PII type misspelt)", () => {
      const guardrail = find("prod agentRuntime=agentcore guardrailEnabled=true", "aws:bedrock/guardrail:Guardrail");
      (guardrail.inputs.sensitiveInformationPolicyConfig as { piiEntitiesConfigs: { type: string }[] }).piiEntitiesConfigs[0].type = "US_SSN";
      assert.match(problems(guardrail).join("\n"), /'US_SSN' is not one of/);
    });

    it("a tag value too long (257 characters)", () => {
      const table = find("dev agentRuntime=agentcore guardrailEnabled=true", "aws:dynamodb/table:Table");
      (table.inputs.tags as Record<string, string>).Owner = "x".repeat(257);
      assert.match(problems(table).join("\n"), /Tags\.Owner: 'x+\.\.\.' is 257 characters; at most 256/);
    });

    it("a required member missing, and an input no request takes (so a new input cannot slip past)", () => {
      const harness = find("dev agentRuntime=agentcore guardrailEnabled=true", "aws:bedrock/agentcoreHarness:AgentcoreHarness");
      delete harness.inputs.executionRoleArn;
      harness.inputs.guardrailConfiguration = { id: "x" };
      const found = problems(harness).join("\n");
      assert.match(found, /CreateHarness\.executionRoleArn: a required member is not given/);
      assert.match(found, /no member of CreateHarnessRequest takes the provider input 'guardrailConfiguration'/);
    });
  });
});
