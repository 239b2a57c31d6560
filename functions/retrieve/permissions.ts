// IAM simulation table of the retrieve function's role (tests/iam/roles.spec.ts), from its code:
// retrieve/operations.ts sends one RetrieveCommand to the stack's knowledge base (bedrock:Retrieve);
// Powertools logs, traces, EMF metrics; the encrypted environment through the stack key.
import type { SimulatedRequest } from "../generate/permissions";

export interface RetrieveTableContext {
  partition: string;
  region: string;
  accountId: string;
  functionName: string;
  logGroupName: string;
  metricsNamespace: string;
  dataBucket: string;
  dataPrefix: string;
  tableName: string;
  keyArn: string;
  knowledgeBaseId: string;
}

export function retrievePermissions(c: RetrieveTableContext): { allowed: SimulatedRequest[]; denied: SimulatedRequest[] } {
  const kb = (id: string) => `arn:${c.partition}:bedrock:${c.region}:${c.accountId}:knowledge-base/${id}`;
  const logs = (group: string) => `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${group}:log-stream:2026/11/26/[$LATEST]abc`;
  return {
    allowed: [
      { action: "bedrock:Retrieve", resource: kb(c.knowledgeBaseId), why: "RetrieveCommand on the stack's knowledge base" },
      { action: "logs:CreateLogStream", resource: logs(c.logGroupName), why: "Lambda logging" },
      { action: "logs:PutLogEvents", resource: logs(c.logGroupName), why: "Powertools logger" },
      { action: "xray:PutTraceSegments", resource: "*", why: "Powertools tracer" },
      { action: "xray:PutTelemetryRecords", resource: "*", why: "the X-Ray daemon Lambda runs for active tracing" },
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": c.metricsNamespace }, why: "EMF metrics" },
      { action: "kms:Decrypt", resource: c.keyArn, context: { "kms:ViaService": `lambda.${c.region}.amazonaws.com` }, why: "encrypted environment variables" },
    ],
    denied: [
      { action: "bedrock:Retrieve", resource: kb("OTHERKB123"), why: "another knowledge base" },
      { action: "bedrock:RetrieveAndGenerate", resource: "*", why: "no generation through the KB" },
      { action: "bedrock:InvokeModel", resource: `arn:${c.partition}:bedrock:${c.region}::foundation-model/amazon.titan-embed-text-v2:0`, why: "no model access" },
      { action: "bedrock:DeleteKnowledgeBase", resource: kb(c.knowledgeBaseId), why: "KB administration" },
      { action: "s3:GetObject", resource: `arn:${c.partition}:s3:::${c.dataBucket}/${c.dataPrefix}x/data.csv`, why: "no data access" },
      { action: "dynamodb:GetItem", resource: `arn:${c.partition}:dynamodb:${c.region}:${c.accountId}:table/${c.tableName}`, why: "no table access" },
      { action: "kms:Decrypt", resource: c.keyArn, why: "direct decryption" },
      { action: "kms:PutKeyPolicy", resource: c.keyArn, why: "key administration" },
      { action: "kms:Decrypt", resource: c.keyArn.replace(/key\/.*$/, "key/11111111-2222-4333-a444-555555555555"), context: { "kms:ViaService": `lambda.${c.region}.amazonaws.com` }, why: "another key" },
      { action: "logs:PutLogEvents", resource: logs("/aws/lambda/another-function"), why: "another function's log group" },
      { action: "iam:PassRole", resource: `arn:${c.partition}:iam::${c.accountId}:role/admin`, why: "no IAM" },
    ],
  };
}
