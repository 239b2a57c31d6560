// IAM simulation table of the metrics function's role (tests/iam/roles.spec.ts), from its code:
//   metrics/operations.ts jobs.get (GetItem) and presignGet of the HTML report (GetObject);
//   shared/quality.ts readStream of the data files (GetObject) and storeQualityReports (PutObject, JSON and
//   HTML); Powertools logs, traces, EMF metrics; SSE-KMS and the encrypted environment through the stack key.
import type { SimulatedRequest } from "../generate/permissions";

export interface MetricsTableContext {
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
  otherEnvironment: string;
}

export function metricsPermissions(c: MetricsTableContext): { allowed: SimulatedRequest[]; denied: SimulatedRequest[] } {
  const s3 = (key: string) => `arn:${c.partition}:s3:::${c.dataBucket}/${key}`;
  const folder = `${c.dataPrefix}2026/11/26/0b9f8a52-5c7e-4c1e-9d51-3f0a2b6c7d8e/`;
  const table = `arn:${c.partition}:dynamodb:${c.region}:${c.accountId}:table/${c.tableName}`;
  const logs = (group: string) => `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${group}:log-stream:2026/11/26/[$LATEST]abc`;
  const via = (service: string) => ({ "kms:ViaService": `${service}.${c.region}.amazonaws.com` });
  const otherKey = c.keyArn.replace(/key\/.*$/, "key/11111111-2222-4333-a444-555555555555");
  const otherPrefix = c.dataPrefix.replace(/\/[^/]+\/$/, `/${c.otherEnvironment}/`);
  return {
    allowed: [
      { action: "dynamodb:GetItem", resource: table, why: "jobs.get: the generation being measured" },
      { action: "s3:GetObject", resource: s3(`${folder}data.parquet`), why: "readStream: the data set" },
      { action: "s3:GetObject", resource: s3(`${folder}part-00001.jsonl`), why: "readStream: one shard" },
      { action: "s3:PutObject", resource: s3(`${folder}quality_report.json`), why: "storeQualityReports: JSON" },
      { action: "s3:PutObject", resource: s3(`${folder}quality_report.html`), why: "storeQualityReports: HTML" },
      { action: "kms:GenerateDataKey", resource: c.keyArn, context: via("s3"), why: "SSE-KMS on upload" },
      { action: "kms:Decrypt", resource: c.keyArn, context: via("s3"), why: "SSE-KMS on read" },
      { action: "kms:Decrypt", resource: c.keyArn, context: via("dynamodb"), why: "encrypted table" },
      { action: "kms:Decrypt", resource: c.keyArn, context: via("lambda"), why: "encrypted environment variables" },
      { action: "logs:CreateLogStream", resource: logs(c.logGroupName), why: "Lambda logging" },
      { action: "logs:PutLogEvents", resource: logs(c.logGroupName), why: "Powertools logger" },
      { action: "xray:PutTraceSegments", resource: "*", why: "Powertools tracer" },
      { action: "xray:PutTelemetryRecords", resource: "*", why: "the X-Ray daemon Lambda runs for active tracing" },
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": c.metricsNamespace }, why: "EMF metrics" },
    ],
    denied: [
      { action: "s3:GetObject", resource: s3(`${otherPrefix}2026/11/26/x/data.csv`), why: "another environment's prefix" },
      { action: "s3:GetObject", resource: `arn:${c.partition}:s3:::other-bucket/${folder}data.csv`, why: "another bucket" },
      { action: "s3:PutObject", resource: s3("knowledge-base/retail.md"), why: "outside the data prefix" },
      { action: "s3:DeleteObject", resource: s3(`${folder}data.parquet`), why: "no deletes" },
      { action: "dynamodb:PutItem", resource: table, why: "metrics never creates generations" },
      { action: "dynamodb:DeleteItem", resource: table, why: "no deletes" },
      { action: "dynamodb:GetItem", resource: `arn:${c.partition}:dynamodb:${c.region}:${c.accountId}:table/other-table`, why: "another table" },
      { action: "lambda:InvokeFunction", resource: `arn:${c.partition}:lambda:${c.region}:${c.accountId}:function:${c.functionName}`, why: "no invocations" },
      { action: "bedrock:InvokeModel", resource: `arn:${c.partition}:bedrock:${c.region}::foundation-model/amazon.titan-embed-text-v2:0`, why: "no model access" },
      { action: "kms:Decrypt", resource: c.keyArn, why: "direct decryption" },
      { action: "kms:DisableKey", resource: c.keyArn, why: "key administration" },
      { action: "kms:Decrypt", resource: otherKey, context: via("lambda"), why: "another key" },
      { action: "kms:GenerateDataKey", resource: otherKey, context: via("s3"), why: "another key" },
      { action: "logs:PutLogEvents", resource: logs("/aws/lambda/another-function"), why: "another function's log group" },
      { action: "iam:PassRole", resource: `arn:${c.partition}:iam::${c.accountId}:role/admin`, why: "no IAM" },
    ],
  };
}
