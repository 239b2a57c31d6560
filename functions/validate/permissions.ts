// IAM simulation table of the validate function's role (tests/iam/roles.spec.ts). validate is pure
// computation over the request (validate/operations.ts touches no storage): it may only log, trace, publish
// its metrics and read its encrypted environment.
import type { SimulatedRequest } from "../generate/permissions";

export interface ValidateTableContext {
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
}

export function validatePermissions(c: ValidateTableContext): { allowed: SimulatedRequest[]; denied: SimulatedRequest[] } {
  const logs = (group: string) => `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${group}:log-stream:2026/11/26/[$LATEST]abc`;
  return {
    allowed: [
      { action: "logs:CreateLogStream", resource: logs(c.logGroupName), why: "Lambda logging" },
      { action: "logs:PutLogEvents", resource: logs(c.logGroupName), why: "Powertools logger" },
      { action: "xray:PutTraceSegments", resource: "*", why: "Powertools tracer" },
      { action: "xray:PutTelemetryRecords", resource: "*", why: "X-Ray daemon telemetry" },
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": c.metricsNamespace }, why: "EMF metrics" },
      { action: "kms:Decrypt", resource: c.keyArn, context: { "kms:ViaService": `lambda.${c.region}.amazonaws.com` }, why: "encrypted environment variables" },
    ],
    denied: [
      { action: "s3:GetObject", resource: `arn:${c.partition}:s3:::${c.dataBucket}/${c.dataPrefix}2026/11/26/x/data.csv`, why: "validate reads no data" },
      { action: "s3:PutObject", resource: `arn:${c.partition}:s3:::${c.dataBucket}/${c.dataPrefix}x`, why: "validate writes no data" },
      { action: "dynamodb:GetItem", resource: `arn:${c.partition}:dynamodb:${c.region}:${c.accountId}:table/${c.tableName}`, why: "no table access" },
      { action: "kms:GenerateDataKey", resource: c.keyArn, context: { "kms:ViaService": `s3.${c.region}.amazonaws.com` }, why: "no S3 encryption" },
      { action: "kms:Decrypt", resource: c.keyArn, why: "direct decryption" },
      { action: "kms:ScheduleKeyDeletion", resource: c.keyArn, why: "key administration" },
      { action: "kms:Decrypt", resource: c.keyArn.replace(/key\/.*$/, "key/11111111-2222-4333-a444-555555555555"), context: { "kms:ViaService": `lambda.${c.region}.amazonaws.com` }, why: "another key" },
      { action: "logs:PutLogEvents", resource: logs("/aws/lambda/another-function"), why: "another function's log group" },
      { action: "lambda:InvokeFunction", resource: `arn:${c.partition}:lambda:${c.region}:${c.accountId}:function:${c.functionName}`, why: "no invocations" },
      { action: "bedrock:InvokeModel", resource: `arn:${c.partition}:bedrock:${c.region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0`, why: "no model access" },
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": "AWS/Lambda" }, why: "another namespace" },
      { action: "iam:CreateRole", resource: `arn:${c.partition}:iam::${c.accountId}:role/new`, why: "no IAM" },
    ],
  };
}
