// Tagging: every taggable resource carries the tags cost and ownership reports group by.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { effectiveTags, withConfigDefaults } from "./common";

/**
 * Types this program creates that take `tags` (any other resource with a `tags` input is checked too).
 * tests/policy-pack/tagging.spec.ts checks each entry against the provider's resource class.
 */
export const TAGGABLE_TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:s3/vectorsVectorBucket:VectorsVectorBucket",
    "aws:s3/vectorsIndex:VectorsIndex",
    "aws:dynamodb/table:Table",
    "aws:lambda/function:Function",
    "aws:iam/role:Role",
    "aws:iam/policy:Policy",
    "aws:kms/key:Key",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:cloudwatch/metricAlarm:MetricAlarm",
    "aws:cloudwatch/eventRule:EventRule",
    "aws:sfn/stateMachine:StateMachine",
    "aws:sns/topic:Topic",
    "aws:bedrock/agentAgent:AgentAgent",
    "aws:bedrock/agentAgentAlias:AgentAgentAlias",
    "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase",
    "aws:bedrock/guardrail:Guardrail",
    "aws:bedrock/agentcoreGateway:AgentcoreGateway",
    "aws:bedrock/agentcoreHarness:AgentcoreHarness",
    "aws:opensearch/serverlessCollection:ServerlessCollection",
] as const;

export const DEFAULT_REQUIRED_TAGS = ["Project", "Environment", "Owner", "CostCenter", "ManagedBy"];

export const requiredTags: ResourceValidationPolicy = withConfigDefaults({
    name: "required-tags",
    description: "Checks whether taggable resources carry the required tags (their own or the provider's default tags).",
    configSchema: {
        properties: {
            requiredTags: {
                type: "array", items: { type: "string" }, default: DEFAULT_REQUIRED_TAGS,
                description: "Tag keys every taggable resource must carry, with a non-empty value.",
            },
            exemptTypes: {
                type: "array", items: { type: "string" }, default: ["aws:s3/bucketObjectv2:BucketObjectv2"],
                description: "Types not checked although they take tags (S3 object tags are data labels, not cost or ownership tags).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { requiredTags: keys, exemptTypes } = args.getConfig<{ requiredTags: string[]; exemptTypes: string[] }>();
        const taggable = (TAGGABLE_TYPES as readonly string[]).includes(args.type) || args.props.tags !== undefined;
        if (!taggable || exemptTypes.includes(args.type)) return;
        const tags = effectiveTags(args.props, args.provider?.props);
        const missing = keys.filter((k) => typeof tags[k] !== "string" || tags[k].trim() === "");
        if (missing.length > 0) reportViolation(`The resource is missing the tags ${missing.join(", ")}.`);
    },
});

export const taggingPolicies: ResourceValidationPolicy[] = [requiredTags];
