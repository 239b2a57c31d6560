import { strict as assert } from "node:assert";
import { agentFingerprint, aliasDescription, type AgentRevisionInputs } from "../../components/agentRevision";

const base: AgentRevisionInputs = {
  instruction: "You generate synthetic data.", modelId: "us.anthropic.claude-sonnet-4-6",
  actionGroupSchemas: { generation: "{\"a\":1}", validation: "{\"b\":2}" }, knowledgeBaseId: "KB1", guardrail: { id: "g", version: "1" },
};

describe("components/agentRevision (trap: the alias must move to each newly prepared version)", () => {
  it("changes the fingerprint when anything that shapes the prepared agent changes", () => {
    const original = agentFingerprint(base);
    const variants: AgentRevisionInputs[] = [
      { ...base, instruction: "You generate synthetic data!" },
      { ...base, modelId: "amazon.nova-pro-v1:0" },
      { ...base, actionGroupSchemas: { ...base.actionGroupSchemas, validation: "{\"b\":3}" } },
      { ...base, knowledgeBaseId: undefined },
      { ...base, guardrail: { id: "g", version: "2" } },
    ];
    for (const v of variants) assert.notEqual(agentFingerprint(v), original, JSON.stringify(v));
  });

  it("does not depend on the order of the action groups", () => {
    assert.equal(agentFingerprint({ ...base, actionGroupSchemas: { validation: "{\"b\":2}", generation: "{\"a\":1}" } }), agentFingerprint(base));
  });

  it("puts preparedAt and the fingerprint in the alias description, within Bedrock's 200 characters", () => {
    const a = aliasDescription("2026-11-26T10:00:00Z", agentFingerprint(base));
    const b = aliasDescription("2026-11-26T11:00:00Z", agentFingerprint(base));
    assert.notEqual(a, b);
    assert.ok(a.includes(agentFingerprint(base)));
    assert.ok(a.length <= 200);
  });
});
