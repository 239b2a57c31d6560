// Realistic mock outputs for the resources and invokes of this program, so that dependent inputs
// (ARNs in policies, ids in child resources) carry real-looking values under pulumi.runtime.setMocks.
// Used by the local preview harness and by the component specs.
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

export const MOCK_ACCOUNT = "123456789012";

/** Deterministic hex from a resource's type and name, so previews are reproducible. */
function hex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}
function upperId(seed: string, length = 10): string {
  return createHash("sha256").update(seed).digest("base64").replace(/[^A-Za-z0-9]/g, "").toUpperCase().slice(0, length);
}
function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type State = Record<string, unknown>;

/** The outputs a real provider would add to a resource's inputs, keyed by type token. */
function computedState(type: string, name: string, inputs: State, region: string): { id: string; state: State } {
  const acct = MOCK_ACCOUNT;
  const seed = `${type}::${name}`;
  // Pulumi auto-names bridged resources `<logical>-<7 hex>` when no name is given.
  const autoName = (explicit: unknown, prefix?: unknown): string =>
    typeof explicit === "string" && explicit !== "" ? explicit
      : typeof prefix === "string" ? `${prefix}${hex(seed, 7)}` : `${name}-${hex(seed, 7)}`;

  switch (type) {
    case "aws:kms/key:Key": {
      const keyId = uuid(seed);
      return { id: keyId, state: { keyId, arn: `arn:aws:kms:${region}:${acct}:key/${keyId}` } };
    }
    case "aws:kms/alias:Alias": {
      const aliasName = autoName(inputs.name, inputs.namePrefix);
      return { id: aliasName, state: { name: aliasName, arn: `arn:aws:kms:${region}:${acct}:${aliasName}`, targetKeyArn: `arn:aws:kms:${region}:${acct}:key/${String(inputs.targetKeyId)}` } };
    }
    case "aws:s3/bucket:Bucket": {
      const bucket = autoName(inputs.bucket, inputs.bucketPrefix);
      return { id: bucket, state: { bucket, arn: `arn:aws:s3:::${bucket}`, bucketDomainName: `${bucket}.s3.amazonaws.com`, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`, region } };
    }
    case "aws:iam/role:Role": {
      const roleName = autoName(inputs.name, inputs.namePrefix);
      return { id: roleName, state: { name: roleName, arn: `arn:aws:iam::${acct}:role/${roleName}`, uniqueId: `AROA${upperId(seed, 17)}` } };
    }
    case "aws:iam/policy:Policy": {
      const policyName = autoName(inputs.name, inputs.namePrefix);
      const arn = `arn:aws:iam::${acct}:policy/${policyName}`;
      return { id: arn, state: { name: policyName, arn, policyId: `ANPA${upperId(seed, 17)}` } };
    }
    case "aws:lambda/function:Function": {
      const fnName = autoName(inputs.name);
      const arn = `arn:aws:lambda:${region}:${acct}:function:${fnName}`;
      return { id: fnName, state: { name: fnName, arn, qualifiedArn: `${arn}:$LATEST`, invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`, version: "$LATEST" } };
    }
    case "aws:cloudwatch/logGroup:LogGroup": {
      const groupName = autoName(inputs.name, inputs.namePrefix);
      return { id: groupName, state: { name: groupName, arn: `arn:aws:logs:${region}:${acct}:log-group:${groupName}` } };
    }
    case "aws:dynamodb/table:Table": {
      const tableName = autoName(inputs.name);
      return { id: tableName, state: { name: tableName, arn: `arn:aws:dynamodb:${region}:${acct}:table/${tableName}` } };
    }
    case "aws:sns/topic:Topic": {
      const topicName = autoName(inputs.name, inputs.namePrefix);
      const arn = `arn:aws:sns:${region}:${acct}:${topicName}`;
      return { id: arn, state: { name: topicName, arn } };
    }
    case "aws:sns/topicSubscription:TopicSubscription": {
      const arn = `${String(inputs.topic)}:${uuid(seed)}`;
      return { id: arn, state: { arn } };
    }
    case "aws:cloudwatch/metricAlarm:MetricAlarm": {
      const alarmName = autoName(inputs.name);
      return { id: alarmName, state: { name: alarmName, arn: `arn:aws:cloudwatch:${region}:${acct}:alarm:${alarmName}` } };
    }
    case "aws:cloudwatch/dashboard:Dashboard": {
      const dashboardName = autoName(inputs.dashboardName);
      return { id: dashboardName, state: { dashboardName, dashboardArn: `arn:aws:cloudwatch::${acct}:dashboard/${dashboardName}` } };
    }
    case "aws:bedrock/agentAgent:AgentAgent": {
      const agentId = upperId(seed);
      return { id: agentId, state: { agentId, agentArn: `arn:aws:bedrock:${region}:${acct}:agent/${agentId}`, agentVersion: "DRAFT", preparedAt: "2026-11-26T10:00:00Z" } };
    }
    case "aws:bedrock/agentAgentAlias:AgentAgentAlias": {
      const agentAliasId = upperId(seed);
      return { id: `${agentAliasId},${String(inputs.agentId)}`, state: { agentAliasId, agentAliasArn: `arn:aws:bedrock:${region}:${acct}:agent-alias/${String(inputs.agentId)}/${agentAliasId}` } };
    }
    case "aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup": {
      const actionGroupId = upperId(seed);
      return { id: `${actionGroupId},${String(inputs.agentId)},DRAFT`, state: { actionGroupId } };
    }
    case "aws:bedrock/agentAgentKnowledgeBaseAssociation:AgentAgentKnowledgeBaseAssociation":
      return { id: `${String(inputs.agentId)},DRAFT,${String(inputs.knowledgeBaseId)}`, state: {} };
    case "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase": {
      const kbId = upperId(seed);
      return { id: kbId, state: { name: autoName(inputs.name), arn: `arn:aws:bedrock:${region}:${acct}:knowledge-base/${kbId}` } };
    }
    case "aws:bedrock/agentDataSource:AgentDataSource": {
      const dataSourceId = upperId(seed);
      return { id: `${dataSourceId},${String(inputs.knowledgeBaseId)}`, state: { dataSourceId } };
    }
    case "aws:bedrock/guardrail:Guardrail": {
      const guardrailId = hex(seed, 12);
      return { id: `${guardrailId},DRAFT`, state: { guardrailId, guardrailArn: `arn:aws:bedrock:${region}:${acct}:guardrail/${guardrailId}`, version: "DRAFT", status: "READY" } };
    }
    case "aws:bedrock/guardrailVersion:GuardrailVersion": {
      // Each published version gets its own number; a version replaced for new content gets a new one.
      const version = String(1 + (parseInt(hex(`${seed}:${String(inputs.description ?? "")}`, 6), 16) % 900));
      return { id: `${String(inputs.guardrailArn)},${version}`, state: { version } };
    }
    case "aws:lambda/invocation:Invocation": {
      const input = JSON.parse(String(inputs.input ?? "{}")) as Record<string, unknown>;
      return { id: `${String(inputs.functionName)}_${hex(seed, 8)}`, state: { result: JSON.stringify({ ingestionJobId: upperId(`${seed}:${String(input.documentsDigest)}`), status: "COMPLETE", statistics: {} }) } };
    }
    case "aws:bedrock/agentcoreHarness:AgentcoreHarness": {
      const harnessId = `${String(inputs.harnessName ?? name)}-${hex(seed, 10)}`;
      return { id: harnessId, state: { harnessId, arn: `arn:aws:bedrock-agentcore:${region}:${acct}:harness/${harnessId}` } };
    }
    case "aws:bedrock/agentcoreGateway:AgentcoreGateway": {
      const gatewayId = `${String(inputs.name ?? name)}-${hex(seed, 10)}`;
      return { id: gatewayId, state: { gatewayId, gatewayArn: `arn:aws:bedrock-agentcore:${region}:${acct}:gateway/${gatewayId}`, gatewayUrl: `https://${gatewayId}.gateway.bedrock-agentcore.${region}.amazonaws.com/mcp` } };
    }
    case "aws:bedrock/agentcoreGatewayTarget:AgentcoreGatewayTarget": {
      const targetId = upperId(seed);
      return { id: `${String(inputs.gatewayIdentifier)},${targetId}`, state: { targetId } };
    }
    case "aws-native:bedrockagentcore:HarnessEndpoint": {
      const endpointName = String(inputs.endpointName ?? name);
      return { id: endpointName, state: { arn: `arn:aws:bedrock-agentcore:${region}:${acct}:harness/${String(inputs.harnessId)}/harness-endpoint/${endpointName}`, liveVersion: "1", status: "READY" } };
    }
    case "aws:s3/vectorsVectorBucket:VectorsVectorBucket": {
      const vectorBucketName = autoName(inputs.vectorBucketName);
      return { id: vectorBucketName, state: { vectorBucketName, vectorBucketArn: `arn:aws:s3vectors:${region}:${acct}:bucket/${vectorBucketName}` } };
    }
    case "aws:s3/vectorsIndex:VectorsIndex": {
      const indexArn = `arn:aws:s3vectors:${region}:${acct}:bucket/${String(inputs.vectorBucketName)}/index/${String(inputs.indexName)}`;
      return { id: indexArn, state: { indexArn } };
    }
    case "aws:opensearch/serverlessCollection:ServerlessCollection": {
      const collectionId = hex(seed, 20);
      return { id: collectionId, state: { name: autoName(inputs.name), arn: `arn:aws:aoss:${region}:${acct}:collection/${collectionId}`, collectionEndpoint: `https://${collectionId}.${region}.aoss.amazonaws.com`, dashboardEndpoint: `https://${collectionId}.${region}.aoss.amazonaws.com/_dashboards` } };
    }
    case "aws:lambda/permission:Permission":
      return { id: String(inputs.statementId ?? `${name}-${hex(seed, 7)}`), state: {} };
    default: {
      // A generic, still realistic answer: an id from the name, and an ARN when the resource has one.
      const [pkg, mod] = type.split(":");
      const service = (mod ?? "").split("/")[0];
      const resourceName = autoName(inputs.name);
      return { id: resourceName, state: pkg === "aws" ? { arn: `arn:aws:${service}:${region}:${acct}:${name}/${resourceName}` } : {} };
    }
  }
}

/** A pulumi Mocks implementation for one region. */
export function realisticMocks(region: string): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs) {
      const { id, state } = computedState(args.type, args.name, args.inputs as State, region);
      return { id, state: { ...args.inputs, ...state } };
    },
    call(args: pulumi.runtime.MockCallArgs) {
      switch (args.token) {
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return { accountId: MOCK_ACCOUNT, arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/deployer`, userId: "AIDAEXAMPLE", id: MOCK_ACCOUNT };
        case "aws:index/getRegion:getRegion":
          return { region, name: region, id: region, description: region, endpoint: `ec2.${region}.amazonaws.com` };
        case "aws:index/getPartition:getPartition":
          return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws", reverseDnsPrefix: "com.amazonaws" };
        case "aws:iam/getPolicyDocument:getPolicyDocument": {
          const json = JSON.stringify(renderPolicyDocument(args.inputs as State));
          return { json, minifiedJson: json, id: hex(json, 8) };
        }
        default:
          return { ...args.inputs };
      }
    },
  };
}

/** Renders aws.iam.getPolicyDocument inputs the way the provider does (enough for policies and specs). */
function renderPolicyDocument(inputs: State): unknown {
  const statements = (inputs.statements as State[] | undefined) ?? [];
  const principals = (list: State[] | undefined) => {
    if (!list) return undefined;
    const out: Record<string, unknown> = {};
    for (const p of list) out[String(p.type)] = p.identifiers;
    return out;
  };
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => ({
      ...(s.sid ? { Sid: s.sid } : {}),
      Effect: s.effect ?? "Allow",
      ...(s.actions ? { Action: s.actions } : {}),
      ...(s.notActions ? { NotAction: s.notActions } : {}),
      ...(s.resources ? { Resource: s.resources } : {}),
      ...(s.principals ? { Principal: principals(s.principals as State[]) } : {}),
      ...(s.conditions ? {
        Condition: Object.fromEntries((s.conditions as State[]).map((c) => [String(c.test), { [String(c.variable)]: c.values }])),
      } : {}),
    })),
  };
}
