// IAM simulation table of the validate function's role (tests/iam/roles.spec.ts). validate is pure
// computation over the request (validate/operations.ts touches no storage): it may only log, trace, publish
// its metrics and read its encrypted environment.
import { stackArns, withRuntimeRequests, type FunctionTableContext, type PermissionTable } from "../shared/permissionTable";

export function validatePermissions(c: FunctionTableContext): PermissionTable {
  const { s3, table, lambda, via, model } = stackArns(c);
  return withRuntimeRequests(c, {
    allowed: [],
    denied: [
      { action: "s3:GetObject", resource: s3(`${c.dataPrefix}2026/11/26/x/data.csv`), why: "validate reads no data" },
      { action: "s3:PutObject", resource: s3(`${c.dataPrefix}x`), why: "validate writes no data" },
      { action: "dynamodb:GetItem", resource: table(), why: "no table access" },
      { action: "kms:GenerateDataKey", resource: c.keyArn, context: via("s3"), why: "no S3 encryption" },
      { action: "lambda:InvokeFunction", resource: lambda(c.functionName), why: "no invocations" },
      { action: "bedrock:InvokeModel", resource: model("anthropic.claude-3-haiku-20240307-v1:0"), why: "no model access" },
    ],
  });
}
