// IAM simulation table of the metrics function's role (tests/iam/roles.spec.ts), from its code:
//   metrics/operations.ts jobs.get (GetItem) and presignGet of the HTML report (GetObject);
//   shared/quality.ts readStream of the data files (GetObject) and storeQualityReports (PutObject, JSON and
//   HTML); shared/datasetQuality.ts a data set's metadata.json, schema.sql and parts (GetObject) and its
//   reports (PutObject, the same two keys); Powertools logs, traces, EMF metrics; SSE-KMS and the encrypted environment through the stack key.
import { stackArns, withRuntimeRequests, type FunctionTableContext, type PermissionTable } from "../shared/permissionTable";

export interface MetricsTableContext extends FunctionTableContext {
  /** Another stack's environment, for the "other prefix" near misses. */
  otherEnvironment: string;
}

export function metricsPermissions(c: MetricsTableContext): PermissionTable {
  const { s3, folder, table, lambda, via, otherKey, model } = stackArns(c);
  const otherPrefix = c.dataPrefix.replace(/\/[^/]+\/$/, `/${c.otherEnvironment}/`);
  return withRuntimeRequests(c, {
    allowed: [
      { action: "dynamodb:GetItem", resource: table(), why: "jobs.get: the generation being measured" },
      { action: "s3:GetObject", resource: s3(`${folder}data.parquet`), why: "readStream: the data set" },
      { action: "s3:GetObject", resource: s3(`${folder}part-00001.jsonl`), why: "readStream: one shard" },
      { action: "s3:GetObject", resource: s3(`${folder}metadata.json`), why: "readStoredDataset: a data set's tables and parts" },
      { action: "s3:GetObject", resource: s3(`${folder}schema.sql`), why: "readStoredDataset: a data set's definition" },
      { action: "s3:GetObject", resource: s3(`${folder}orders/part-00000.csv`), why: "measureStoredDataset: one table's part" },
      { action: "s3:PutObject", resource: s3(`${folder}quality_report.json`), why: "storeQualityReports: JSON" },
      { action: "s3:PutObject", resource: s3(`${folder}quality_report.html`), why: "storeQualityReports: HTML" },
      { action: "kms:GenerateDataKey", resource: c.keyArn, context: via("s3"), why: "SSE-KMS on upload" },
      { action: "kms:Decrypt", resource: c.keyArn, context: via("s3"), why: "SSE-KMS on read" },
      { action: "kms:Decrypt", resource: c.keyArn, context: via("dynamodb"), why: "encrypted table" },
    ],
    denied: [
      { action: "s3:GetObject", resource: s3(`${otherPrefix}2026/11/26/x/data.csv`), why: "another environment's prefix" },
      { action: "s3:GetObject", resource: `arn:${c.partition}:s3:::other-bucket/${folder}data.csv`, why: "another bucket" },
      { action: "s3:PutObject", resource: s3("knowledge-base/retail.md"), why: "outside the data prefix" },
      { action: "s3:DeleteObject", resource: s3(`${folder}data.parquet`), why: "no deletes" },
      { action: "dynamodb:PutItem", resource: table(), why: "metrics never creates generations" },
      { action: "dynamodb:DeleteItem", resource: table(), why: "no deletes" },
      { action: "dynamodb:GetItem", resource: table("other-table"), why: "another table" },
      { action: "lambda:InvokeFunction", resource: lambda(c.functionName), why: "no invocations" },
      { action: "bedrock:InvokeModel", resource: model("amazon.titan-embed-text-v2:0"), why: "no model access" },
      { action: "kms:GenerateDataKey", resource: otherKey, context: via("s3"), why: "another key" },
    ],
  });
}
