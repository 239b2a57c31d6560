// IAM simulation table of the retrieve function's role (tests/iam/roles.spec.ts), from its code:
// retrieve/operations.ts sends one RetrieveCommand to the stack's knowledge base (bedrock:Retrieve);
// Powertools logs, traces, EMF metrics; the encrypted environment through the stack key.
import { stackArns, withRuntimeRequests, type FunctionTableContext, type PermissionTable } from "../shared/permissionTable";

export interface RetrieveTableContext extends FunctionTableContext {
  knowledgeBaseId: string;
}

export function retrievePermissions(c: RetrieveTableContext): PermissionTable {
  const { s3, table, model } = stackArns(c);
  const kb = (id: string) => `arn:${c.partition}:bedrock:${c.region}:${c.accountId}:knowledge-base/${id}`;
  return withRuntimeRequests(c, {
    allowed: [
      { action: "bedrock:Retrieve", resource: kb(c.knowledgeBaseId), why: "RetrieveCommand on the stack's knowledge base" },
    ],
    denied: [
      { action: "bedrock:Retrieve", resource: kb("OTHERKB123"), why: "another knowledge base" },
      { action: "bedrock:RetrieveAndGenerate", resource: "*", why: "no generation through the KB" },
      { action: "bedrock:InvokeModel", resource: model("amazon.titan-embed-text-v2:0"), why: "no model access" },
      { action: "bedrock:DeleteKnowledgeBase", resource: kb(c.knowledgeBaseId), why: "KB administration" },
      { action: "s3:GetObject", resource: s3(`${c.dataPrefix}x/data.csv`), why: "no data access" },
      { action: "dynamodb:GetItem", resource: table(), why: "no table access" },
    ],
  });
}
