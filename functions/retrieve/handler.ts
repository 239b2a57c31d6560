// Lambda entry of the retrieveKnowledge tool (AgentCore gateway; a classic agent uses the KB association).
import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { loadConfig } from "../shared/config";
import { createAgentHandler } from "../shared/adapters";
import { traced } from "../shared/powertools";
import { retrieveKnowledge, type RetrieveDeps } from "./operations";

const config = loadConfig(process.env, { storage: false, knowledgeBase: true });

export function createRetrieveHandler(deps: RetrieveDeps) {
  return createAgentHandler({
    functionName: "retrieve",
    operations: { retrieveKnowledge: (args) => retrieveKnowledge(deps, args) },
  });
}

export const deps: RetrieveDeps = { client: traced(new BedrockAgentRuntimeClient({})), knowledgeBaseId: config.knowledgeBaseId! };
export const handler = createRetrieveHandler(deps);
