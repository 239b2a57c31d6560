// IAM simulation table of the ingest function's role (tests/iam/roles.spec.ts): ingestion.ts calls
// StartIngestionJob and GetIngestionJob on the stack's knowledge base; nothing else but its logs, traces and key.
import { withRuntimeRequests, type FunctionTableContext, type PermissionTable } from "../shared/permissionTable";

export interface IngestTableContext extends FunctionTableContext {
  knowledgeBaseId: string;
}

export function ingestPermissions(c: IngestTableContext): PermissionTable {
  const kb = (id: string) => `arn:${c.partition}:bedrock:${c.region}:${c.accountId}:knowledge-base/${id}`;
  return withRuntimeRequests(c, {
    allowed: [
      { action: "bedrock:StartIngestionJob", resource: kb(c.knowledgeBaseId), why: "runIngestion: start loading the documents" },
      { action: "bedrock:GetIngestionJob", resource: kb(c.knowledgeBaseId), why: "runIngestion: wait for the job" },
    ],
    denied: [
      { action: "bedrock:StartIngestionJob", resource: kb("OTHERKB123"), why: "another knowledge base" },
      { action: "bedrock:DeleteKnowledgeBase", resource: kb(c.knowledgeBaseId), why: "knowledge-base administration" },
      { action: "bedrock:Retrieve", resource: kb(c.knowledgeBaseId), why: "no queries" },
      { action: "s3:GetObject", resource: `arn:${c.partition}:s3:::sdga-data-bucket/generated-data/x`, why: "no data access" },
      { action: "lambda:InvokeFunction", resource: `arn:${c.partition}:lambda:${c.region}:${c.accountId}:function:${c.functionName.replace(/-ingest$/, "-generate")}`, why: "no other function" },
    ],
  });
}
