// The managed policy a caller of the agent attaches (BedrockAgent.callerPolicy), simulated as a role holding
// only it, with the stack key's real policy: invoke this agent and nothing else. Two parts the simulator cannot
// judge are checked as documents instead: iam-simulate 0.1 drops context keys with a ':' variable part
// (kms:EncryptionContext:aws:bedrock:arn), and iam-data lists only runtime resource types for
// InvokeAgentRuntime, while AWS's harness page asks for it on the harness ARN (AWS-FACTS A.4).
import * as assert from "node:assert/strict";
import { cachedPreview } from "../policy-pack/previews";
import type { GraphResource } from "../harness/preview";
import { allowStatements, decide, describeMismatch, removalBreaks, tableMismatches, type PermissionTable, type PolicyDocumentJson, type RoleUnderTest } from "./simulate";

const str = (v: unknown) => (typeof v === "string" ? v : "");
const one = (graph: GraphResource[], type: string) => {
  const found = graph.filter((r) => r.type === type);
  assert.equal(found.length, 1, type);
  return found[0];
};

function callerRole(graph: GraphResource[]): RoleUnderTest {
  const policy = one(graph, "aws:iam/policy:Policy");
  assert.ok(policy.name.endsWith("-agent-caller"), policy.name);
  const key = one(graph, "aws:kms/key:Key");
  const accountId = str(key.outputs.arn).split(":")[4];
  return {
    label: "caller", roleArn: `arn:aws:iam::${accountId}:role/data-engineer`, accountId,
    documents: [{ name: "caller", document: JSON.parse(str(policy.inputs.policy)) as PolicyDocumentJson }],
    keyPolicy: JSON.parse(str(key.inputs.policy)) as PolicyDocumentJson,
  };
}

function classicTable(graph: GraphResource[]): PermissionTable {
  const alias = one(graph, "aws:bedrock/agentAgentAlias:AgentAgentAlias");
  const agent = one(graph, "aws:bedrock/agentAgent:AgentAgent");
  const keyArn = str(one(graph, "aws:kms/key:Key").outputs.arn);
  const aliasArn = str(alias.outputs.agentAliasArn);
  const context = (agentArn: string) => ({ "kms:EncryptionContext:aws:bedrock:arn": agentArn });
  const otherAgent = str(agent.outputs.agentArn).replace(/agent\/.+$/, "agent/OTHERAGENT1");
  return {
    allowed: [
      { action: "bedrock:InvokeAgent", resource: aliasArn, why: "talk to the agent (sdga ask --agent-id --alias-id)" },
    ],
    denied: [
      { action: "bedrock:InvokeAgent", resource: aliasArn.replace(/\/[^/]+$/, "/OTHERALIAS"), why: "another alias" },
      { action: "bedrock:InvokeAgent", resource: aliasArn.replace(/agent-alias\/[^/]+/, "agent-alias/OTHERAGENT1"), why: "another agent" },
      { action: "kms:Decrypt", resource: keyArn, context: context(otherAgent), why: "the key for another agent's data" },
      { action: "kms:Decrypt", resource: keyArn, why: "the key outside Bedrock's agent context" },
      { action: "kms:Decrypt", resource: keyArn.replace(/key\/.+$/, "key/11111111-2222-4333-a444-555555555555"), context: context(str(agent.outputs.agentArn)), why: "another key" },
      { action: "bedrock:UpdateAgent", resource: str(agent.outputs.agentArn), why: "changing the agent" },
      { action: "bedrock:InvokeModel", resource: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-6", why: "the model directly" },
    ],
  };
}

function agentCoreTable(graph: GraphResource[]): PermissionTable {
  const harnessArn = str(one(graph, "aws:bedrock/agentcoreHarness:AgentcoreHarness").outputs.arn);
  const gatewayArn = str(one(graph, "aws:bedrock/agentcoreGateway:AgentcoreGateway").outputs.gatewayArn);
  const keyArn = str(one(graph, "aws:kms/key:Key").outputs.arn);
  return {
    allowed: [
      { action: "bedrock-agentcore:InvokeHarness", resource: harnessArn, why: "talk to the agent (sdga ask --harness-arn)" },
    ],
    denied: [
      { action: "bedrock-agentcore:InvokeHarness", resource: harnessArn.replace(/harness\/.+$/, "harness/other_agent-0123456789"), why: "another harness" },
      { action: "bedrock-agentcore:InvokeGateway", resource: gatewayArn, why: "the tools directly, around the agent" },
      { action: "bedrock-agentcore:UpdateHarness", resource: harnessArn, why: "changing the agent" },
      { action: "kms:Decrypt", resource: keyArn, context: { "kms:ViaService": "bedrock-agentcore.us-east-1.amazonaws.com" }, why: "no key use" },
    ],
  };
}

describe("the agent's caller policy (iam-simulate)", function () {
  this.timeout(120_000);
  for (const [runtime, table] of [["classic", classicTable], ["agentcore", agentCoreTable]] as const) {
    describe(runtime, () => {
      let role: RoleUnderTest;
      let requests: PermissionTable;
      before(async () => {
        const graph = (await cachedPreview({ stack: "prod", config: { agentRuntime: runtime } })).resources;
        role = callerRole(graph);
        requests = table(graph);
      });

      it("allows exactly invoking this agent (and, classic, the key for this agent's data)", async () => {
        assert.deepEqual((await tableMismatches(role, requests)).map(describeMismatch), []);
      });

      it("holds exactly the statements a caller needs (checked as a document where the simulator cannot judge)", async () => {
        const graph = (await cachedPreview({ stack: "prod", config: { agentRuntime: runtime } })).resources;
        const statements = role.documents[0].document.Statement;
        if (runtime === "classic") {
          const agentArn = str(one(graph, "aws:bedrock/agentAgent:AgentAgent").outputs.agentArn);
          assert.deepEqual(statements.map((s) => s.Sid), ["InvokeStackAgentAlias", "UseStackKeyForThisAgent"]);
          // AWS, "Encryption of agent resources": the InvokeAgent caller's identity policy allows exactly these two
          // actions on the key, conditioned on this agent's ARN in the encryption context.
          assert.deepEqual(statements[1], {
            Sid: "UseStackKeyForThisAgent", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: str(one(graph, "aws:kms/key:Key").outputs.arn),
            Condition: { StringEquals: { "kms:EncryptionContext:aws:bedrock:arn": agentArn } },
          });
          // The key policy delegates both actions to IAM in this account, so the identity policy is enough.
          const admin = role.keyPolicy!.Statement.find((s) => s.Sid === "AccountAdministrationThroughIam")!;
          for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) assert.ok((admin.Action as string[]).includes(action), action);
        } else {
          assert.deepEqual(statements, [{
            Sid: "InvokeStackHarness", Effect: "Allow", Action: ["bedrock-agentcore:InvokeHarness", "bedrock-agentcore:InvokeAgentRuntime"],
            Resource: str(one(graph, "aws:bedrock/agentcoreHarness:AgentcoreHarness").outputs.arn),
          }]);
        }
        assert.ok(allowStatements(role).length > 0);
        assert.deepEqual((await removalBreaks(role, requests)).filter((r) => r.broken.length === 0 && !r.label.endsWith("UseStackKeyForThisAgent")).map((r) => r.label), []);
      });

      it("is exported, so it can be attached", async () => {
        const graph = await cachedPreview({ stack: "prod", config: { agentRuntime: runtime } });
        assert.match(String(graph.outputs.callerPolicyArn), /^arn:aws:iam::\d{12}:policy\/sdga-prod-agent-caller-/);
        assert.equal(await decide(role, requests.allowed[0]), "Allowed");
      });
    });
  }
});
