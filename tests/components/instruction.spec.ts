import { strict as assert } from "node:assert";
import { loadAgentInstruction, loadToolDefinitions } from "../../components/contract";

describe("functions/agent-instruction.md", () => {
  const instruction = loadAgentInstruction();

  it("fits every limit Bedrock has published for an agent instruction (40..4,000 characters)", () => {
    assert.ok(instruction.length >= 40 && instruction.length <= 4000, `${instruction.length} characters`);
  });

  it("names every tool the contract defines", () => {
    for (const tools of Object.values(loadToolDefinitions())) {
      for (const tool of tools) assert.ok(instruction.includes(tool.name), tool.name);
    }
  });

  it("tells the agent to send objects and arrays as JSON text and to keep real personal data out", () => {
    assert.match(instruction, /as JSON text/);
    assert.match(instruction, /never as key=value text/);
    assert.match(instruction, /real personal data/);
    for (const regime of ["GDPR", "HIPAA", "PCI-DSS"]) assert.ok(instruction.includes(regime), regime);
  });
});
