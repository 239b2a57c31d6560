// Lambda entry of the deploy-time knowledge-base ingestion (not an agent tool: only the stack invokes it).
import { BedrockAgentClient } from "@aws-sdk/client-bedrock-agent";
import { createIngestHandler } from "./app";

export const handler = createIngestHandler({
  client: new BedrockAgentClient({}),
  knowledgeBaseId: process.env.KNOWLEDGE_BASE_ID,
  dataSourceId: process.env.DATA_SOURCE_ID,
});
