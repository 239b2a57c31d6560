// What makes a classic agent alias move to a new version (DESIGN.md traps): the alias only creates and points
// to a new version when the alias itself changes, so its description carries the agent's preparedAt and a
// fingerprint of everything that shapes the prepared agent (instruction, action-group schemas, KB, model,
// guardrail). Pure, so the spec can prove that each of these changes the description.
import { createHash } from "node:crypto";

export interface AgentRevisionInputs {
  instruction: string;
  modelId: string;
  /** Action-group name -> OpenAPI document text. */
  actionGroupSchemas: Record<string, string>;
  knowledgeBaseId?: string;
  guardrail?: { id: string; version: string };
}

/** A short, order-independent fingerprint of the agent's configuration. */
export function agentFingerprint(inputs: AgentRevisionInputs): string {
  const canonical = JSON.stringify({
    instruction: inputs.instruction,
    modelId: inputs.modelId,
    actionGroupSchemas: Object.keys(inputs.actionGroupSchemas).sort().map((k) => [k, inputs.actionGroupSchemas[k]]),
    knowledgeBaseId: inputs.knowledgeBaseId ?? null,
    guardrail: inputs.guardrail ?? null,
  });
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

/** The alias description (<= 200 characters, Bedrock's limit). */
export function aliasDescription(preparedAt: string | undefined, fingerprint: string): string {
  const text = `Serves the latest prepared version (prepared ${preparedAt ?? "unknown"}, configuration ${fingerprint})`;
  if (text.length > 200) throw new Error(`Alias description is ${text.length} characters; Bedrock allows 200`);
  return text;
}
