// The roles to simulate and their tables, from two sources: the local preview's resource graph (the policies
// the program really attaches, the environment each function really gets) and, independently of the program's
// wiring, the pure policy-document helpers in components/policies.ts.
import {
  generateStatements, ingestStatements, keyPolicy, lambdaBaseStatements, metricsStatements, policyDocument, retrieveStatements,
  validateStatements, type AwsEnv, type PolicyStatement,
} from "../../components/policies";
import { generatePermissions } from "../../functions/generate/permissions";
import { ingestPermissions } from "../../functions/ingest/permissions";
import { metricsPermissions } from "../../functions/metrics/permissions";
import { retrievePermissions } from "../../functions/retrieve/permissions";
import { validatePermissions } from "../../functions/validate/permissions";
import type { FunctionTableContext } from "../../functions/shared/permissionTable";
import type { GraphResource } from "../harness/preview";
import type { PermissionTable, PolicyDocumentJson, RoleUnderTest } from "./simulate";

export const FUNCTIONS = ["generate", "validate", "metrics", "retrieve", "ingest"] as const;
export type FunctionLabel = (typeof FUNCTIONS)[number];

/** Everything a function's table needs to know about the stack. */
export interface TableContext extends FunctionTableContext {
  knowledgeBaseId: string;
  otherEnvironment: string;
}

export function tableFor(fn: FunctionLabel, c: TableContext): PermissionTable {
  switch (fn) {
    case "generate": return generatePermissions(c);
    case "validate": return validatePermissions(c);
    case "metrics": return metricsPermissions(c);
    case "retrieve": return retrievePermissions(c);
    case "ingest": return ingestPermissions(c);
  }
}

export class RoleDiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RoleDiscoveryError";
  }
}

// ------------------------------------------------------------------------------------------------------
// From the pure helpers

export const HELPER_ENV: AwsEnv = { partition: "aws", region: "us-east-1", accountId: "123456789012" };

export function helperContext(fn: FunctionLabel): TableContext {
  const functionName = `sdga-dev-${fn}`;
  return {
    ...HELPER_ENV, functionName, logGroupName: `/aws/lambda/${functionName}`, metricsNamespace: "SyntheticDataAgent",
    dataBucket: "sdga-dev-data-1a2b3c4", dataPrefix: "generated-data/dev/", tableName: "sdga-dev-generations",
    keyArn: `arn:aws:kms:us-east-1:123456789012:key/0b7a1c2d-1111-4222-a333-444455556666`, knowledgeBaseId: "KB12345678",
    otherEnvironment: "prod",
  };
}

/** A function role as components/agentLambda.ts composes it: base statements plus the function's own. */
export function helperRole(fn: FunctionLabel, c: TableContext = helperContext(fn)): RoleUnderTest {
  const access = { dataBucketArn: `arn:aws:s3:::${c.dataBucket}`, dataPrefix: c.dataPrefix, tableArn: `arn:aws:dynamodb:${c.region}:${c.accountId}:table/${c.tableName}`, keyArn: c.keyArn };
  const own: Record<FunctionLabel, () => PolicyStatement[]> = {
    generate: () => generateStatements(c, access, c.functionName),
    validate: () => validateStatements(),
    metrics: () => metricsStatements(c, access),
    retrieve: () => retrieveStatements(c, c.knowledgeBaseId),
    ingest: () => ingestStatements(c, c.knowledgeBaseId),
  };
  const document = policyDocument([
    ...lambdaBaseStatements(c, { logGroupName: c.logGroupName, keyArn: c.keyArn, metricsNamespace: c.metricsNamespace }),
    ...own[fn](),
  ]);
  return {
    label: fn, roleArn: `arn:aws:iam::${c.accountId}:role/sdga-dev-${fn}-role`, accountId: c.accountId,
    documents: [{ name: `${fn}-policy`, document: document as PolicyDocumentJson }],
    keyPolicy: keyPolicy(c, { logGroupNamePatterns: ["/aws/lambda/sdga-dev-*"], allowCloudWatchAlarms: true, allowBedrockAgents: false, allowS3VectorsIndexing: true }) as PolicyDocumentJson,
  };
}

// ------------------------------------------------------------------------------------------------------
// From the preview graph

const text = (v: unknown): string | undefined => (typeof v === "string" && !v.startsWith("[") ? v : undefined);
const parse = (v: unknown): PolicyDocumentJson | undefined => {
  if (typeof v === "object" && v !== null) return v as PolicyDocumentJson;
  if (typeof v !== "string" || v.startsWith("[")) return undefined;
  return JSON.parse(v) as PolicyDocumentJson;
};

/** The identity policies attached to a role in the graph: inline, RolePolicy and attached customer policies. */
export function graphRoleDocuments(graph: GraphResource[], role: GraphResource): { name: string; document: PolicyDocumentJson }[] {
  const names = [text(role.outputs.id), text(role.outputs.name), text(role.outputs.arn)].filter(Boolean);
  const documents: { name: string; document: PolicyDocumentJson }[] = [];
  for (const inline of (role.inputs.inlinePolicies ?? []) as { name?: string; policy?: unknown }[]) {
    const document = parse(inline.policy);
    if (document) documents.push({ name: inline.name ?? "inline", document });
  }
  for (const r of graph) {
    if (r.type === "aws:iam/rolePolicy:RolePolicy" && names.includes(text(r.inputs.role))) {
      const document = parse(r.inputs.policy);
      if (!document) throw new RoleDiscoveryError(`policy of ${r.name} is not known in the preview`);
      documents.push({ name: r.name, document });
    }
    if (r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && names.includes(text(r.inputs.role))) {
      const policy = graph.find((p) => p.type === "aws:iam/policy:Policy" && text(p.outputs.arn) === text(r.inputs.policyArn));
      const document = policy ? parse(policy.inputs.policy) : undefined;
      if (!document) throw new RoleDiscoveryError(`${r.name} attaches ${String(r.inputs.policyArn)}, which the stack does not define`);
      documents.push({ name: policy!.name, document });
    }
  }
  return documents;
}

/** One function of the graph: its role, as simulated, and the context its table is filled from. */
export function graphFunctionRole(graph: GraphResource[], fn: FunctionLabel, otherEnvironment: string): { role: RoleUnderTest; context: TableContext } {
  const functions = graph.filter((r) => r.type === "aws:lambda/function:Function");
  const target = functions.find((r) => text(r.inputs.name)?.endsWith(`-${fn}`));
  if (!target) throw new RoleDiscoveryError(`no function named *-${fn} in the graph (found ${functions.map((f) => String(f.inputs.name)).join(", ")})`);
  const role = graph.find((r) => r.type === "aws:iam/role:Role" && text(r.outputs.arn) === text(target.inputs.role));
  if (!role) throw new RoleDiscoveryError(`the role of ${target.name} is not in the graph`);
  const variables = ((target.inputs.environment as { variables?: Record<string, string> })?.variables ?? {});
  const functionArn = text(target.outputs.arn) ?? "";
  const [, partition, , region, accountId] = functionArn.split(":");
  const keyArn = text(target.inputs.kmsKeyArn);
  if (!keyArn) throw new RoleDiscoveryError(`${target.name} has no kmsKeyArn`);
  const key = graph.find((r) => r.type === "aws:kms/key:Key" && text(r.outputs.arn) === keyArn);
  const context: TableContext = {
    partition, region, accountId,
    functionName: text(target.inputs.name)!,
    logGroupName: text((target.inputs.loggingConfig as { logGroup?: string })?.logGroup) ?? `/aws/lambda/${text(target.inputs.name)}`,
    metricsNamespace: variables.POWERTOOLS_METRICS_NAMESPACE ?? "",
    dataBucket: variables.DATA_BUCKET ?? "",
    dataPrefix: variables.DATA_PREFIX ?? "",
    tableName: variables.GENERATIONS_TABLE ?? "",
    keyArn,
    knowledgeBaseId: variables.KNOWLEDGE_BASE_ID ?? "",
    otherEnvironment,
  };
  return {
    role: {
      label: fn, roleArn: text(role.outputs.arn)!, accountId,
      documents: graphRoleDocuments(graph, role),
      keyPolicy: key ? parse(key.inputs.policy) : undefined,
    },
    context,
  };
}
