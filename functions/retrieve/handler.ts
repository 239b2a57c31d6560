// Lambda entry of the retrieveKnowledge tool (AgentCore gateway; a classic agent uses the KB association).
import { BedrockAgentRuntimeClient } from "@aws-sdk/client-bedrock-agent-runtime";
import { loadConfig } from "../shared/config";
import { requestGuardFromConfig } from "../shared/guardrail";
import { traced } from "../shared/powertools";
import { createRetrieveHandler } from "./app";
import type { RetrieveDeps } from "./operations";

const config = loadConfig(process.env, { storage: false, knowledgeBase: true });

export const deps: RetrieveDeps = { client: traced(new BedrockAgentRuntimeClient({})), knowledgeBaseId: config.knowledgeBaseId! };
export const handler = createRetrieveHandler(deps, requestGuardFromConfig(config));
