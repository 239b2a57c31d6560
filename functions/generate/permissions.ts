// IAM simulation table of the generate function's role (tests/iam/roles.spec.ts): the requests its code
// really makes must be allowed, and near misses must be denied. Derived from the code, not from the policy:
//   shared/storage.ts uploadStream (multipart PutObject, AbortMultipartUpload), putJson (metadata, quality
//   reports), presignGet (the role signs the download URL: GetObject); shared/quality.ts readStream (reference
//   data, under the prefix only); shared/jobs.ts PutItem (create), GetItem (get), UpdateItem (acquire, renew,
//   finish, transition), Query on the status index (the sweeper: unfinished jobs, failed ones still to clean
//   up); shared/continuation.ts Invoke of itself; Powertools logs, traces, EMF metrics; SSE-KMS and
//   the encrypted environment through the stack key.
// A failed upload is aborted by its upload id (the bucket's lifecycle also aborts incomplete uploads after a
// day), and a failed job's written outputs are deleted by key: no listing is needed.

import { stackArns, withRuntimeRequests, type FunctionTableContext, type PermissionTable } from "../shared/permissionTable";

export interface GenerateTableContext extends FunctionTableContext {
  /** Another stack's environment, for the "other prefix" near misses. */
  otherEnvironment: string;
}

export function generatePermissions(c: GenerateTableContext): PermissionTable {
  const { s3, folder, table, lambda, via, otherKey, model } = stackArns(c);
  // The stack's generation pipeline (named after the function: components/policies.ts pipelineStateMachineName).
  const stateMachine = (name: string) => `arn:${c.partition}:states:${c.region}:${c.accountId}:stateMachine:${name}`;
  const pipeline = c.functionName.replace(/-generate$/, "-generation-pipeline");
  const otherPrefix = c.dataPrefix.replace(/\/[^/]+\/$/, `/${c.otherEnvironment}/`);
  return withRuntimeRequests(c, {
    allowed: [
      { action: "s3:PutObject", resource: s3(`${folder}data.parquet`), why: "uploadStream: multipart upload of the data file" },
      { action: "s3:PutObject", resource: s3(`${folder}part-00003.csv`), why: "uploadStream: one shard of a large job" },
      { action: "s3:AbortMultipartUpload", resource: s3(`${folder}data.parquet`), why: "uploadStream: abort a failed upload" },
      { action: "s3:PutObject", resource: s3(`${folder}metadata.json`), why: "putJson: metadata" },
      { action: "s3:PutObject", resource: s3(`${folder}quality_report.json`), why: "storeQualityReports" },
      { action: "s3:PutObject", resource: s3(`${folder}quality_report.html`), why: "storeDatasetReports: a data set's page" },
      { action: "s3:GetObject", resource: s3(`${folder}data.parquet`), why: "presignGet: the download URL is signed by the role" },
      { action: "s3:GetObject", resource: s3(`${c.dataPrefix}reference/orders.csv`), why: "readStream: reference data under the prefix" },
      { action: "s3:DeleteObject", resource: s3(`${folder}data.parquet`), why: "uploadStream / deleteKeys: a failed job leaves nothing half-written" },
      { action: "dynamodb:PutItem", resource: table(), why: "jobs.create (conditional put)" },
      { action: "dynamodb:GetItem", resource: table(), why: "jobs.get (getGeneration)" },
      { action: "dynamodb:UpdateItem", resource: table(), why: "jobs.acquire / renew / finish / transition (leases)" },
      { action: "dynamodb:Query", resource: `${table()}/index/status-created_at-index`, why: "jobs.unfinished / awaitingCleanup: the sweeper" },
      { action: "lambda:InvokeFunction", resource: lambda(c.functionName), why: "lambdaContinuation: async self-invoke for large jobs" },
      { action: "states:StartExecution", resource: stateMachine(pipeline), why: "stepFunctionsPipeline: a job above the row threshold runs on the pipeline" },
      { action: "s3:GetObject", resource: s3(`${folder}shard-summaries/part-00003.json`), why: "mergeShards: the shard summaries" },
      { action: "kms:GenerateDataKey", resource: c.keyArn, context: via("s3"), why: "SSE-KMS on upload" },
      { action: "kms:Decrypt", resource: c.keyArn, context: via("s3"), why: "SSE-KMS on read and multipart completion" },
      { action: "kms:Decrypt", resource: c.keyArn, context: via("dynamodb"), why: "table encrypted with the stack key" },
    ],
    denied: [
      { action: "s3:GetObject", resource: s3(`${otherPrefix}2026/11/26/x/data.csv`), why: "another environment's prefix" },
      { action: "s3:PutObject", resource: s3("knowledge-base/retail.md"), why: "outside the data prefix" },
      { action: "s3:GetObject", resource: `arn:${c.partition}:s3:::other-bucket/${folder}data.csv`, why: "another bucket" },
      { action: "s3:DeleteObject", resource: s3(`${otherPrefix}2026/11/26/x/data.csv`), why: "deletes outside its own environment's prefix" },
      { action: "s3:DeleteObject", resource: s3("knowledge-base/retail.md"), why: "deletes outside the data prefix" },
      { action: "s3:ListBucketMultipartUploads", resource: `arn:${c.partition}:s3:::${c.dataBucket}`, why: "no listing (uploads are aborted by id)" },
      { action: "s3:PutBucketPolicy", resource: `arn:${c.partition}:s3:::${c.dataBucket}`, why: "bucket administration" },
      { action: "dynamodb:DeleteItem", resource: table(), why: "no deletes (TTL expires items)" },
      { action: "dynamodb:Scan", resource: table(), why: "no full-table reads" },
      { action: "dynamodb:Query", resource: table(), why: "queries only the status index, never the table" },
      { action: "dynamodb:GetItem", resource: table("other-table"), why: "another table" },
      { action: "dynamodb:DeleteTable", resource: table(), why: "table administration" },
      { action: "lambda:InvokeFunction", resource: lambda(`${c.functionName}-other`), why: "another function" },
      { action: "lambda:UpdateFunctionCode", resource: lambda(c.functionName), why: "changing its own code" },
      { action: "states:StartExecution", resource: stateMachine(`${pipeline}-other`), why: "another state machine" },
      { action: "states:StopExecution", resource: `arn:${c.partition}:states:${c.region}:${c.accountId}:execution:${pipeline}:g1-1`, why: "stopping executions (the state machine stops its own children)" },
      { action: "bedrock:InvokeModel", resource: model("anthropic.claude-3-haiku-20240307-v1:0"), why: "no model access" },
      { action: "kms:GenerateDataKey", resource: otherKey, context: via("s3"), why: "another key" },
    ],
  });
}
