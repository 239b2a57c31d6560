// IAM simulation table of the generate function's role (tests/iam/roles.spec.ts): the requests its code
// really makes must be allowed, and near misses must be denied. Derived from the code, not from the policy:
//   shared/storage.ts uploadStream (multipart PutObject, AbortMultipartUpload), putJson (metadata, quality
//   reports), presignGet (the role signs the download URL: GetObject); shared/quality.ts readStream (reference
//   data, under the prefix only); shared/jobs.ts PutItem (create), GetItem (get), UpdateItem (claim, progress,
//   transition); shared/continuation.ts Invoke of itself; Powertools logs, traces, EMF metrics; SSE-KMS and
//   the encrypted environment through the stack key.
// Not in the allowed list on purpose: uploadStream's best-effort cleanup after a failed upload
// (ListMultipartUploads, DeleteObject) may be denied; it only tidies up and the design forbids deletes.

export interface GenerateTableContext {
  partition: string;
  region: string;
  accountId: string;
  functionName: string;
  logGroupName: string;
  metricsNamespace: string;
  dataBucket: string;
  /** `generated-data/<env>/` */
  dataPrefix: string;
  tableName: string;
  keyArn: string;
  /** Another stack's environment, for the "other prefix" near misses. */
  otherEnvironment: string;
}

export interface SimulatedRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
  why: string;
}

export function generatePermissions(c: GenerateTableContext): { allowed: SimulatedRequest[]; denied: SimulatedRequest[] } {
  const s3 = (key: string) => `arn:${c.partition}:s3:::${c.dataBucket}/${key}`;
  const folder = `${c.dataPrefix}2026/11/26/0b9f8a52-5c7e-4c1e-9d51-3f0a2b6c7d8e/`;
  const table = `arn:${c.partition}:dynamodb:${c.region}:${c.accountId}:table/${c.tableName}`;
  const lambda = (name: string) => `arn:${c.partition}:lambda:${c.region}:${c.accountId}:function:${name}`;
  const logs = (group: string) => `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${group}:log-stream:2026/11/26/[$LATEST]abc`;
  const via = (service: string) => ({ "kms:ViaService": `${service}.${c.region}.amazonaws.com` });
  const otherKey = c.keyArn.replace(/key\/.*$/, "key/11111111-2222-4333-a444-555555555555");
  const otherPrefix = c.dataPrefix.replace(/\/[^/]+\/$/, `/${c.otherEnvironment}/`);
  return {
    allowed: [
      { action: "s3:PutObject", resource: s3(`${folder}data.parquet`), why: "uploadStream: multipart upload of the data file" },
      { action: "s3:PutObject", resource: s3(`${folder}part-00003.csv`), why: "uploadStream: one shard of a large job" },
      { action: "s3:AbortMultipartUpload", resource: s3(`${folder}data.parquet`), why: "uploadStream: abort a failed upload" },
      { action: "s3:PutObject", resource: s3(`${folder}metadata.json`), why: "putJson: metadata" },
      { action: "s3:PutObject", resource: s3(`${folder}quality_report.json`), why: "storeQualityReports" },
      { action: "s3:GetObject", resource: s3(`${folder}data.parquet`), why: "presignGet: the download URL is signed by the role" },
      { action: "s3:GetObject", resource: s3(`${c.dataPrefix}reference/orders.csv`), why: "readStream: reference data under the prefix" },
      { action: "dynamodb:PutItem", resource: table, why: "jobs.create (conditional put)" },
      { action: "dynamodb:GetItem", resource: table, why: "jobs.get (getGeneration)" },
      { action: "dynamodb:UpdateItem", resource: table, why: "jobs.claim / progress / transition" },
      { action: "lambda:InvokeFunction", resource: lambda(c.functionName), why: "lambdaContinuation: async self-invoke for large jobs" },
      { action: "kms:GenerateDataKey", resource: c.keyArn, context: via("s3"), why: "SSE-KMS on upload" },
      { action: "kms:Decrypt", resource: c.keyArn, context: via("s3"), why: "SSE-KMS on read and multipart completion" },
      { action: "kms:Decrypt", resource: c.keyArn, context: via("dynamodb"), why: "table encrypted with the stack key" },
      { action: "kms:Decrypt", resource: c.keyArn, context: via("lambda"), why: "encrypted environment variables" },
      { action: "logs:CreateLogStream", resource: logs(c.logGroupName), why: "Lambda logging" },
      { action: "logs:PutLogEvents", resource: logs(c.logGroupName), why: "Powertools logger" },
      { action: "xray:PutTraceSegments", resource: "*", why: "Powertools tracer (active tracing)" },
      { action: "xray:PutTelemetryRecords", resource: "*", why: "the X-Ray daemon Lambda runs for active tracing" },
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": c.metricsNamespace }, why: "Powertools EMF metrics" },
    ],
    denied: [
      { action: "s3:GetObject", resource: s3(`${otherPrefix}2026/11/26/x/data.csv`), why: "another environment's prefix" },
      { action: "s3:PutObject", resource: s3("knowledge-base/retail.md"), why: "outside the data prefix" },
      { action: "s3:GetObject", resource: `arn:${c.partition}:s3:::other-bucket/${folder}data.csv`, why: "another bucket" },
      { action: "s3:DeleteObject", resource: s3(`${folder}data.parquet`), why: "no deletes (lifecycle expires data)" },
      { action: "s3:PutBucketPolicy", resource: `arn:${c.partition}:s3:::${c.dataBucket}`, why: "bucket administration" },
      { action: "dynamodb:DeleteItem", resource: table, why: "no deletes (TTL expires items)" },
      { action: "dynamodb:Scan", resource: table, why: "no full-table reads" },
      { action: "dynamodb:GetItem", resource: `arn:${c.partition}:dynamodb:${c.region}:${c.accountId}:table/other-table`, why: "another table" },
      { action: "dynamodb:DeleteTable", resource: table, why: "table administration" },
      { action: "lambda:InvokeFunction", resource: lambda(`${c.functionName}-other`), why: "another function" },
      { action: "lambda:UpdateFunctionCode", resource: lambda(c.functionName), why: "changing its own code" },
      { action: "bedrock:InvokeModel", resource: `arn:${c.partition}:bedrock:${c.region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`, why: "no model access" },
      { action: "kms:Decrypt", resource: c.keyArn, why: "direct decryption outside S3, DynamoDB and Lambda" },
      { action: "kms:ScheduleKeyDeletion", resource: c.keyArn, why: "key administration" },
      { action: "kms:Decrypt", resource: otherKey, context: via("lambda"), why: "another key" },
      { action: "kms:GenerateDataKey", resource: otherKey, context: via("s3"), why: "another key" },
      { action: "kms:PutKeyPolicy", resource: c.keyArn, why: "key administration" },
      { action: "logs:PutLogEvents", resource: logs("/aws/lambda/another-function"), why: "another function's log group" },
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": "AWS/Lambda" }, why: "another metrics namespace" },
      { action: "iam:PassRole", resource: `arn:${c.partition}:iam::${c.accountId}:role/admin`, why: "no IAM" },
      { action: "iam:CreateRole", resource: `arn:${c.partition}:iam::${c.accountId}:role/new`, why: "no IAM" },
    ],
  };
}
