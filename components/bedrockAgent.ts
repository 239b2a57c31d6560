// The agent of the stack's runtime (DESIGN.md, AWS-FACTS A.*):
// - agentcore: harness (model, system prompt, the gateway as its only tool source, idle timeout, iteration and
//   token limits), an IAM-authorised MCP gateway encrypted with the stack key, one Lambda target per function
//   with the generated tool schemas, an execution role and a gateway role. The harness serves through its
//   DEFAULT endpoint, which follows the latest version.
// - classic: agent role, the agent (model, instruction, customer key, idle TTL, optional guardrail), one
//   Lambda permission and one action group per function created one after another, the knowledge-base
//   association, and an alias that moves to each newly prepared version.
import * as pulumi from "@pulumi/pulumi";
import * as bedrock from "@pulumi/aws/bedrock";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import type * as inputs from "@pulumi/aws/types/input";
import { createHash } from "node:crypto";
import { agentFingerprint, aliasDescription } from "./agentRevision";
import { IamPropagationWait } from "./iamPropagation";
import { ACTION_GROUPS, TOOL_FUNCTIONS, type ActionGroupName, type ToolFunction } from "./contract";
import { bedrockName, gatewayName, gatewayTargetName, harnessName, resourceTags } from "./names";
import {
  agentCoreCallerPolicy, arn, classicAgentPolicy, classicCallerPolicy, gatewayInvokePolicy, harnessExecutionPolicy, serviceTrustPolicy,
  type AwsEnv,
} from "./policies";
import { toInlinePayloads, type ToolDefinition } from "./toolSchema";

export type AgentRuntime = "agentcore" | "classic";

export interface AgentFunction {
  functionName: pulumi.Input<string>;
  functionArn: pulumi.Input<string>;
}

export interface GuardrailRef {
  guardrailId: pulumi.Input<string>;
  guardrailVersion: pulumi.Input<string>;
  guardrailArn: pulumi.Input<string>;
}

export interface BedrockAgentArgs {
  /** @default "agentcore" (Agents Classic takes no new customers since 2026-07-30) */
  runtime?: AgentRuntime;
  env: pulumi.Input<AwsEnv>;
  /** Stack name prefix for explicitly named children, e.g. `sdga-dev`. */
  prefix: string;
  /** Foundation model id, inference-profile id or ARN. */
  modelId: pulumi.Input<string>;
  /** The instruction / system prompt (functions/agent-instruction.md). */
  instruction: pulumi.Input<string>;
  /** Stack key (classic agent resources, AgentCore gateway). */
  kmsKeyArn: pulumi.Input<string>;
  /** Idle session timeout in seconds (classic 60-5400). @default 600 */
  idleSessionTtlSeconds?: pulumi.Input<number>;
  /** The tool functions. `retrieve` is used by agentcore only (classic associates the KB instead). */
  functions: Partial<Record<ToolFunction, AgentFunction>>;
  /** agentcore: tool definitions per function (functions/contract/generated/tools). */
  tools?: Partial<Record<ToolFunction, ToolDefinition[]>>;
  /** classic: OpenAPI document text per action group (functions/contract/generated/openapi). */
  openApiDocuments?: Record<ActionGroupName, string>;
  /** classic: the knowledge base to associate. @default none */
  knowledgeBaseId?: pulumi.Input<string>;
  /** Guardrail to attach (classic). On agentcore the functions apply it. @default none */
  guardrail?: GuardrailRef;
  /** agentcore: most model/tool iterations per invocation. @default 25 */
  maxIterations?: pulumi.Input<number>;
  /** Most output tokens per model call. @default 4096 */
  maxTokens?: pulumi.Input<number>;
  /** agentcore: most seconds per invocation. @default 900 */
  timeoutSeconds?: pulumi.Input<number>;
  /** Stack tags; the component adds Name and Component. */
  tags: pulumi.Input<Record<string, string>>;
}

/**
 * The provider types each nesting level of a gateway schema separately; toInlinePayloads follows those levels
 * (its spec checks them), so its plain recursive type is cast here once.
 */
function gatewayPayloads(tools: ToolDefinition[]): inputs.bedrock.AgentcoreGatewayTargetTargetConfigurationMcpLambdaToolSchemaInlinePayload[] {
  return toInlinePayloads(tools) as unknown as inputs.bedrock.AgentcoreGatewayTargetTargetConfigurationMcpLambdaToolSchemaInlinePayload[];
}

interface BuiltAgent {
  agentId: pulumi.Output<string>;
  agentArn: pulumi.Output<string>;
  aliasId: pulumi.Output<string>;
  aliasArn?: pulumi.Output<string>;
  callerPolicy: iam.Policy;
  roleArn: pulumi.Output<string>;
  gatewayId?: pulumi.Output<string>;
  gatewayArn?: pulumi.Output<string>;
  gatewayUrl?: pulumi.Output<string>;
}

export class BedrockAgent extends pulumi.ComponentResource {
  public readonly runtime: AgentRuntime;
  /** Harness id (agentcore) or agent id (classic). */
  public readonly agentId: pulumi.Output<string>;
  public readonly agentArn: pulumi.Output<string>;
  /** Alias id (classic) or endpoint name `DEFAULT` (agentcore). */
  public readonly aliasId: pulumi.Output<string>;
  /** classic: the alias ARN (what callers invoke, and the alarms' AgentAliasArn). */
  public readonly aliasArn?: pulumi.Output<string>;
  /**
   * The managed policy a caller of this agent needs, and nothing more: classic, InvokeAgent on the alias and the
   * stack key for this agent's encryption context; agentcore, InvokeHarness and InvokeAgentRuntime on the harness.
   * Attach it to the people's and services' roles that talk to the agent.
   */
  public readonly callerPolicy: iam.Policy;
  public readonly callerPolicyArn: pulumi.Output<string>;
  public readonly gatewayId?: pulumi.Output<string>;
  public readonly gatewayArn?: pulumi.Output<string>;
  public readonly gatewayUrl?: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: BedrockAgentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:ai:BedrockAgent", name, {}, opts);
    this.runtime = args.runtime ?? "agentcore";
    for (const fn of Object.values(ACTION_GROUPS)) {
      if (args.functions[fn] === undefined) throw new Error(`BedrockAgent '${name}': the '${fn}' function is required`);
    }
    const built = this.runtime === "agentcore" ? this.createAgentCore(name, args) : this.createClassic(name, args);
    this.agentId = built.agentId;
    this.agentArn = built.agentArn;
    this.aliasId = built.aliasId;
    this.aliasArn = built.aliasArn;
    this.callerPolicy = built.callerPolicy;
    this.callerPolicyArn = built.callerPolicy.arn;
    this.roleArn = built.roleArn;
    this.gatewayId = built.gatewayId;
    this.gatewayArn = built.gatewayArn;
    this.gatewayUrl = built.gatewayUrl;
    this.registerOutputs({
      agentId: this.agentId, agentArn: this.agentArn, aliasId: this.aliasId, aliasArn: this.aliasArn, roleArn: this.roleArn,
      callerPolicyArn: this.callerPolicyArn, gatewayId: this.gatewayId, gatewayUrl: this.gatewayUrl,
    });
  }

  private tags(name: string, args: BedrockAgentArgs, suffix: string) {
    return pulumi.output(args.tags).apply((t) => resourceTags(t, "BedrockAgent", `${name}-${suffix}`));
  }

  private createAgentCore(name: string, args: BedrockAgentArgs): BuiltAgent {
    const env = pulumi.output(args.env);
    const harness = harnessName(args.prefix);
    const targets = TOOL_FUNCTIONS.filter((fn) => args.functions[fn] !== undefined);
    for (const fn of targets) {
      if (!args.tools?.[fn]?.length) throw new Error(`BedrockAgent '${name}': no tool definitions for the '${fn}' target`);
    }

    const gatewayRole = new iam.Role(`${name}-gateway-role`, {
      assumeRolePolicy: env.apply((e) => JSON.stringify(serviceTrustPolicy("bedrock-agentcore.amazonaws.com", e, arn.agentcore(e, "gateway/*")))),
      description: `Lets the ${args.prefix} AgentCore gateway invoke the stack's functions`,
      tags: this.tags(name, args, "gateway-role"),
    }, { parent: this });
    const gatewayPolicy = new iam.RolePolicy(`${name}-gateway-policy`, {
      role: gatewayRole.id,
      policy: pulumi.all([env, pulumi.all(targets.map((fn) => args.functions[fn]!.functionArn)), args.kmsKeyArn])
        .apply(([e, arns, keyArn]) => JSON.stringify(gatewayInvokePolicy(e, arns, keyArn))),
    }, { parent: this });

    // CreateGateway checks that the role may use the key, and the provider does not retry it on IAM's eventual
    // consistency: the gateway waits for the grant to propagate (iamPropagation.ts says how long and why).
    const grantPropagated = new IamPropagationWait(`${name}-gateway-grant-wait`, {
      trigger: gatewayPolicy.policy.apply((p) => createHash("sha256").update(p).digest("hex")),
    }, { parent: this, dependsOn: [gatewayPolicy] });

    const gateway = new bedrock.AgentcoreGateway(`${name}-gateway`, {
      name: gatewayName(args.prefix),
      description: "MCP tools of the synthetic data generator (one Lambda target per function)",
      protocolType: "MCP",
      authorizerType: "AWS_IAM",
      roleArn: gatewayRole.arn,
      kmsKeyArn: args.kmsKeyArn,
      tags: this.tags(name, args, "gateway"),
    }, { parent: this, dependsOn: [gatewayPolicy, grantPropagated] });

    // One target after another: each one changes the gateway's tool catalogue, and concurrent target creation
    // on one gateway is untested (several classic action groups at once are known to fail the same way).
    const targetResources: bedrock.AgentcoreGatewayTarget[] = [];
    for (const fn of targets) {
      const previous = targetResources[targetResources.length - 1];
      targetResources.push(new bedrock.AgentcoreGatewayTarget(`${name}-target-${fn}`, {
        gatewayIdentifier: gateway.gatewayId,
        name: gatewayTargetName(fn),
        description: `Tools served by the ${fn} function`,
        credentialProviderConfiguration: { gatewayIamRole: {} },
        targetConfiguration: {
          mcp: { lambda: { lambdaArn: args.functions[fn]!.functionArn, toolSchema: { inlinePayloads: gatewayPayloads(args.tools![fn]!) } } },
        },
      }, { parent: this, dependsOn: previous ? [gatewayPolicy, previous] : [gatewayPolicy] }));
    }

    const executionRole = new iam.Role(`${name}-harness-role`, {
      assumeRolePolicy: env.apply((e) => JSON.stringify(serviceTrustPolicy("bedrock-agentcore.amazonaws.com", e,
        [arn.agentcore(e, "harness/*"), arn.agentcore(e, "runtime/*")]))),
      description: `Execution role of the ${args.prefix} AgentCore harness`,
      tags: this.tags(name, args, "harness-role"),
    }, { parent: this });
    const executionPolicy = new iam.RolePolicy(`${name}-harness-policy`, {
      role: executionRole.id,
      policy: pulumi.all([env, args.modelId, gateway.gatewayArn])
        .apply(([e, modelId, gatewayArn]) => JSON.stringify(harnessExecutionPolicy(e, { modelId, gatewayArn, harnessName: harness }))),
    }, { parent: this });

    const ttl = args.idleSessionTtlSeconds ?? 600;
    const agent = new bedrock.AgentcoreHarness(`${name}-harness`, {
      harnessName: harness,
      executionRoleArn: executionRole.arn,
      model: { bedrockModelConfig: { modelId: args.modelId, maxTokens: args.maxTokens ?? 4096 } },
      systemPrompts: [{ text: args.instruction }],
      // Wire value is snake_case although the type docs show camelCase (DESIGN.md traps).
      tools: [{ type: "agentcore_gateway", name: "syntheticdata", config: { agentcoreGateway: { gatewayArn: gateway.gatewayArn, outboundAuth: { awsIam: true } } } }],
      allowedTools: ["*"],
      // No conversation memory: requests are self-contained and memory would keep user text for 30 days.
      memory: { disabled: {} },
      maxIterations: args.maxIterations ?? 25,
      timeoutSeconds: args.timeoutSeconds ?? 900,
      environments: [{
        agentcoreRuntimeEnvironments: [{ lifecycleConfigurations: [{ idleRuntimeSessionTimeout: ttl, maxLifetime: 28800 }] }],
      }],
      tags: this.tags(name, args, "harness"),
    }, { parent: this, dependsOn: [executionPolicy, ...targetResources] });

    const callerPolicy = new iam.Policy(`${name}-caller`, {
      description: `What a caller of the ${args.prefix} AgentCore harness needs: InvokeHarness on this harness only`,
      policy: agent.arn.apply((harnessArn) => JSON.stringify(agentCoreCallerPolicy({ harnessArn }))),
      tags: this.tags(name, args, "caller"),
    }, { parent: this });

    return {
      agentId: agent.harnessId, agentArn: agent.arn, aliasId: pulumi.output("DEFAULT"), roleArn: executionRole.arn, callerPolicy,
      gatewayId: gateway.gatewayId, gatewayArn: gateway.gatewayArn, gatewayUrl: gateway.gatewayUrl,
    };
  }

  private createClassic(name: string, args: BedrockAgentArgs): BuiltAgent {
    const env = pulumi.output(args.env);
    const documents = args.openApiDocuments;
    if (documents === undefined) throw new Error(`BedrockAgent '${name}': the classic runtime needs openApiDocuments`);

    const role = new iam.Role(`${name}-agent-role`, {
      assumeRolePolicy: env.apply((e) => JSON.stringify(serviceTrustPolicy("bedrock.amazonaws.com", e, arn.bedrock(e, "agent/*")))),
      description: `Role of the ${args.prefix} Bedrock agent`,
      tags: this.tags(name, args, "agent-role"),
    }, { parent: this });
    const rolePolicy = new iam.RolePolicy(`${name}-agent-policy`, {
      role: role.id,
      policy: pulumi.all([env, args.modelId, args.knowledgeBaseId, args.guardrail?.guardrailArn])
        .apply(([e, modelId, knowledgeBaseId, guardrailArn]) => JSON.stringify(classicAgentPolicy(e, { modelId, knowledgeBaseId, guardrailArn }))),
    }, { parent: this });

    const agent = new bedrock.AgentAgent(`${name}-agent`, {
      agentName: bedrockName(args.prefix, "agent"),
      description: "Generates, validates and measures synthetic data sets",
      agentResourceRoleArn: role.arn,
      foundationModel: args.modelId,
      instruction: args.instruction,
      customerEncryptionKeyArn: args.kmsKeyArn,
      idleSessionTtlInSeconds: args.idleSessionTtlSeconds ?? 600,
      guardrailConfigurations: args.guardrail
        ? [{ guardrailIdentifier: args.guardrail.guardrailId, guardrailVersion: args.guardrail.guardrailVersion }]
        : undefined,
      prepareAgent: true,
      skipResourceInUseCheck: true,
      tags: this.tags(name, args, "agent"),
    }, { parent: this, dependsOn: [rolePolicy] });

    // One action group per function, each created after the previous one: the agent cannot prepare twice at once.
    const actionGroups: bedrock.AgentAgentActionGroup[] = [];
    for (const group of Object.keys(ACTION_GROUPS) as ActionGroupName[]) {
      const fn = args.functions[ACTION_GROUPS[group]]!;
      const permission = new lambda.Permission(`${name}-permission-${ACTION_GROUPS[group]}`, {
        action: "lambda:InvokeFunction",
        function: fn.functionName,
        principal: "bedrock.amazonaws.com",
        sourceArn: agent.agentArn,
        sourceAccount: env.apply((e) => e.accountId),
      }, { parent: this });
      const previous = actionGroups[actionGroups.length - 1];
      actionGroups.push(new bedrock.AgentAgentActionGroup(`${name}-action-${group}`, {
        actionGroupName: bedrockName(args.prefix, group),
        description: `The ${group} tools, served by the ${ACTION_GROUPS[group]} function`,
        agentId: agent.agentId,
        agentVersion: "DRAFT",
        actionGroupExecutor: { lambda: fn.functionArn },
        apiSchema: { payload: documents[group] },
        actionGroupState: "ENABLED",
        prepareAgent: true,
        skipResourceInUseCheck: true,
      }, { parent: this, dependsOn: previous ? [permission, previous] : [permission] }));
    }

    const aliasDependsOn: pulumi.Resource[] = [...actionGroups];
    if (args.knowledgeBaseId !== undefined) {
      // The association prepares the agent itself; it comes after the last action group for the same reason.
      aliasDependsOn.push(new bedrock.AgentAgentKnowledgeBaseAssociation(`${name}-kb-association`, {
        agentId: agent.agentId,
        agentVersion: "DRAFT",
        knowledgeBaseId: args.knowledgeBaseId,
        knowledgeBaseState: "ENABLED",
        description: "Domain schema patterns and compliance guidance: consult it before designing a schema",
      }, { parent: this, dependsOn: [actionGroups[actionGroups.length - 1]] }));
    }

    const fingerprint = pulumi.all([args.instruction, args.modelId, args.knowledgeBaseId, args.guardrail?.guardrailId, args.guardrail?.guardrailVersion])
      .apply(([instruction, modelId, knowledgeBaseId, gid, gversion]) => agentFingerprint({
        instruction, modelId, actionGroupSchemas: documents, knowledgeBaseId,
        guardrail: gid !== undefined && gversion !== undefined ? { id: gid, version: gversion } : undefined,
      }));
    const alias = new bedrock.AgentAgentAlias(`${name}-alias`, {
      agentAliasName: bedrockName(args.prefix, "live"),
      agentId: agent.agentId,
      description: pulumi.all([agent.preparedAt, fingerprint]).apply(([preparedAt, fp]) => aliasDescription(preparedAt, fp)),
      tags: this.tags(name, args, "alias"),
    }, { parent: this, dependsOn: aliasDependsOn });

    const callerPolicy = new iam.Policy(`${name}-caller`, {
      description: `What a caller of the ${args.prefix} Bedrock agent needs: InvokeAgent on its alias and the stack key for this agent`,
      policy: pulumi.all([env, alias.agentAliasArn, agent.agentId, args.kmsKeyArn])
        .apply(([e, agentAliasArn, agentId, keyArn]) => JSON.stringify(classicCallerPolicy(e, { agentAliasArn, agentId, keyArn }))),
      tags: this.tags(name, args, "caller"),
    }, { parent: this });

    return {
      agentId: agent.agentId, agentArn: agent.agentArn, aliasId: alias.agentAliasId, aliasArn: alias.agentAliasArn, roleArn: role.arn, callerPolicy,
    };
  }
}
