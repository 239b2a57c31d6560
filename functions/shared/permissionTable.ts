// The shape of a function's IAM simulation table (tests/iam/roles.spec.ts) and the requests every function
// role shares: Lambda logging, X-Ray tracing, EMF metrics and the encrypted environment, plus the near misses
// every role must be denied. Each functions/<name>/permissions.ts adds what its own code calls.

export interface SimulatedRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
  why: string;
}

export interface PermissionTable {
  allowed: SimulatedRequest[];
  denied: SimulatedRequest[];
}

/** What a function's table needs to know about the stack. */
export interface FunctionTableContext {
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
}

/** ARN builders for one stack; the fixed ids stand for any object, generation or foreign key. */
export function stackArns(c: FunctionTableContext) {
  return {
    s3: (key: string) => `arn:${c.partition}:s3:::${c.dataBucket}/${key}`,
    /** A generation's folder under the data prefix. */
    folder: `${c.dataPrefix}2026/11/26/0b9f8a52-5c7e-4c1e-9d51-3f0a2b6c7d8e/`,
    table: (name = c.tableName) => `arn:${c.partition}:dynamodb:${c.region}:${c.accountId}:table/${name}`,
    lambda: (name: string) => `arn:${c.partition}:lambda:${c.region}:${c.accountId}:function:${name}`,
    logs: (group: string) => `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${group}:log-stream:2026/11/26/[$LATEST]abc`,
    via: (service: string) => ({ "kms:ViaService": `${service}.${c.region}.amazonaws.com` }),
    otherKey: c.keyArn.replace(/key\/.*$/, "key/11111111-2222-4333-a444-555555555555"),
    model: (id: string) => `arn:${c.partition}:bedrock:${c.region}::foundation-model/${id}`,
  };
}

/** The requests every function role makes and the near misses every one must be denied. */
export function lambdaRuntimeRequests(c: FunctionTableContext): PermissionTable {
  const { logs, via, otherKey } = stackArns(c);
  return {
    allowed: [
      { action: "logs:CreateLogStream", resource: logs(c.logGroupName), why: "Lambda logging" },
      { action: "logs:PutLogEvents", resource: logs(c.logGroupName), why: "Powertools logger" },
      { action: "xray:PutTraceSegments", resource: "*", why: "Powertools tracer (active tracing)" },
      { action: "xray:PutTelemetryRecords", resource: "*", why: "the X-Ray daemon Lambda runs for active tracing" },
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": c.metricsNamespace }, why: "Powertools EMF metrics" },
      { action: "kms:Decrypt", resource: c.keyArn, context: via("lambda"), why: "encrypted environment variables" },
    ],
    denied: [
      { action: "kms:Decrypt", resource: c.keyArn, why: "direct decryption outside the services that use the key" },
      { action: "kms:ScheduleKeyDeletion", resource: c.keyArn, why: "key administration" },
      { action: "kms:PutKeyPolicy", resource: c.keyArn, why: "key administration" },
      { action: "kms:DisableKey", resource: c.keyArn, why: "key administration" },
      { action: "kms:Decrypt", resource: otherKey, context: via("lambda"), why: "another key" },
      { action: "logs:PutLogEvents", resource: logs("/aws/lambda/another-function"), why: "another function's log group" },
      { action: "cloudwatch:PutMetricData", resource: "*", context: { "cloudwatch:namespace": "AWS/Lambda" }, why: "another metrics namespace" },
      { action: "iam:PassRole", resource: `arn:${c.partition}:iam::${c.accountId}:role/admin`, why: "no IAM" },
      { action: "iam:CreateRole", resource: `arn:${c.partition}:iam::${c.accountId}:role/new`, why: "no IAM" },
    ],
  };
}

/** A function's own requests on top of the shared ones. */
export function withRuntimeRequests(c: FunctionTableContext, own: PermissionTable): PermissionTable {
  const base = lambdaRuntimeRequests(c);
  return { allowed: [...own.allowed, ...base.allowed], denied: [...own.denied, ...base.denied] };
}
