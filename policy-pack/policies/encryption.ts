// Encryption and exposure of the data stores and the agent: every store under the stack's customer key,
// nothing reachable from the public internet unless the pack's config says so.
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as bedrock from "@pulumi/aws/bedrock";
import * as dynamodb from "@pulumi/aws/dynamodb";
import * as kms from "@pulumi/aws/kms";
import * as lambda from "@pulumi/aws/lambda";
import * as opensearch from "@pulumi/aws/opensearch";
import * as s3 from "@pulumi/aws/s3";
import * as sns from "@pulumi/aws/sns";
import { isAwsManagedKey, isSet, withConfigDefaults } from "./common";

const customerKey = (keyId: unknown): boolean => isSet(keyId) && !isAwsManagedKey(keyId);

export const dynamodbTableCustomerKey: ResourceValidationPolicy = {
    name: "dynamodb-table-customer-key",
    description: "Checks whether DynamoDB tables are encrypted with a customer-managed KMS key.",
    validateResource: validateResourceOfType(dynamodb.Table, (table, _args, reportViolation) => {
        const sse = table.serverSideEncryption;
        if (sse?.enabled !== true) reportViolation("The table is encrypted with an AWS owned key; enable serverSideEncryption with the stack key.");
        else if (!customerKey(sse.kmsKeyArn)) reportViolation("The table's encryption names no customer KMS key (kmsKeyArn).");
    }),
};

export const snsTopicCustomerKey: ResourceValidationPolicy = {
    name: "sns-topic-customer-key",
    description: "Checks whether SNS topics are encrypted with a customer-managed KMS key.",
    validateResource: validateResourceOfType(sns.Topic, (topic, _args, reportViolation) => {
        if (!isSet(topic.kmsMasterKeyId)) reportViolation("The topic is not encrypted (no kmsMasterKeyId).");
        else if (isAwsManagedKey(topic.kmsMasterKeyId)) {
            reportViolation(`The topic uses the AWS managed key '${topic.kmsMasterKeyId}', which CloudWatch alarms cannot use; use the stack key.`);
        }
    }),
};

export const lambdaEnvironmentCustomerKey: ResourceValidationPolicy = {
    name: "lambda-environment-customer-key",
    description: "Checks whether Lambda functions with environment variables encrypt them with a customer-managed KMS key.",
    validateResource: validateResourceOfType(lambda.Function, (fn, _args, reportViolation) => {
        const variables = fn.environment?.variables ?? {};
        if (Object.keys(variables).length > 0 && !customerKey(fn.kmsKeyArn)) {
            reportViolation("The function's environment variables are encrypted with the AWS managed key; set kmsKeyArn to the stack key.");
        }
    }),
};

export const bedrockAgentCustomerKey: ResourceValidationPolicy = {
    name: "bedrock-agent-customer-key",
    description: "Checks whether Bedrock agents (Agents Classic) encrypt their data with a customer-managed KMS key.",
    validateResource: validateResourceOfType(bedrock.AgentAgent, (agent, _args, reportViolation) => {
        if (!customerKey(agent.customerEncryptionKeyArn)) reportViolation("The agent has no customerEncryptionKeyArn.");
    }),
};

export const agentcoreGatewayCustomerKey: ResourceValidationPolicy = withConfigDefaults({
    name: "agentcore-gateway-customer-key",
    description: "Checks whether AgentCore gateways encrypt with the stack's KMS key and authorise callers with IAM.",
    configSchema: {
        properties: {
            allowedAuthorizerTypes: {
                type: "array", items: { type: "string" }, default: ["AWS_IAM"],
                description: "Inbound authorizer types a gateway may use (CUSTOM_JWT needs an identity provider; NONE is public).",
            },
        },
    },
    validateResource: validateResourceOfType(bedrock.AgentcoreGateway, (gateway, args, reportViolation) => {
        const { allowedAuthorizerTypes } = args.getConfig<{ allowedAuthorizerTypes: string[] }>();
        if (!customerKey(gateway.kmsKeyArn)) reportViolation("The gateway has no kmsKeyArn; encrypt it with the stack key.");
        if (!allowedAuthorizerTypes.includes(gateway.authorizerType)) {
            reportViolation(`The gateway's authorizer '${gateway.authorizerType}' is not one of ${allowedAuthorizerTypes.join(", ")}.`);
        }
    }),
});

function parseJson(text: unknown): any {
    if (typeof text !== "string") return text;
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

export const opensearchServerlessCustomerKey: ResourceValidationPolicy = {
    name: "opensearch-serverless-customer-key",
    description: "Checks whether OpenSearch Serverless encryption policies use a customer-managed KMS key.",
    validateResource: validateResourceOfType(opensearch.ServerlessSecurityPolicy, (policy, _args, reportViolation) => {
        if (policy.type !== "encryption") return;
        const document = parseJson(policy.policy);
        if (!document || typeof document !== "object") {
            reportViolation("The encryption policy is not valid JSON.");
        } else if (document.AWSOwnedKey !== false || !isSet(document.KmsARN)) {
            reportViolation("The encryption policy uses an AWS owned key; set AWSOwnedKey to false and KmsARN to the stack key.");
        }
    }),
};

export const opensearchServerlessNoPublicNetwork: ResourceValidationPolicy = withConfigDefaults({
    name: "opensearch-serverless-no-public-network",
    description: "Checks whether OpenSearch Serverless network policies keep collections off the public internet, unless the pack config allows it.",
    configSchema: {
        properties: {
            allowPublicNetwork: { type: "boolean", default: false, description: "Allow AllowFromPublic: true (an explicit exception)." },
        },
    },
    validateResource: validateResourceOfType(opensearch.ServerlessSecurityPolicy, (policy, args, reportViolation) => {
        if (policy.type !== "network") return;
        const { allowPublicNetwork } = args.getConfig<{ allowPublicNetwork: boolean }>();
        const document = parseJson(policy.policy);
        const rules = Array.isArray(document) ? document : document ? [document] : undefined;
        if (!rules) {
            reportViolation("The network policy is not valid JSON.");
            return;
        }
        if (!allowPublicNetwork && rules.some((r: any) => r?.AllowFromPublic === true)) {
            reportViolation("The network policy opens the collection to the public internet (AllowFromPublic: true).");
        }
    }),
});

export const s3VectorsBucketCustomerKey: ResourceValidationPolicy = {
    name: "s3vectors-bucket-customer-key",
    description: "Checks whether S3 Vectors buckets are encrypted with SSE-KMS under a customer-managed key.",
    validateResource: validateResourceOfType(s3.VectorsVectorBucket, (bucket, _args, reportViolation) => {
        const config = (bucket.encryptionConfigurations ?? [])[0];
        if (config?.sseType !== "aws:kms" || !customerKey(config.kmsKeyArn)) {
            reportViolation(`The vector bucket is encrypted with '${config?.sseType ?? "the default (SSE-S3)"}' instead of the stack's KMS key.`);
        }
    }),
};

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: "Checks whether customer-managed KMS keys rotate their key material.",
    validateResource: validateResourceOfType(kms.Key, (key, _args, reportViolation) => {
        const symmetric = (key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT";
        if (symmetric && key.enableKeyRotation !== true) reportViolation("The key does not rotate (enableKeyRotation is off).");
    }),
};

export const encryptionPolicies: ResourceValidationPolicy[] = [
    dynamodbTableCustomerKey, snsTopicCustomerKey, lambdaEnvironmentCustomerKey, bedrockAgentCustomerKey,
    agentcoreGatewayCustomerKey, opensearchServerlessCustomerKey, opensearchServerlessNoPublicNetwork,
    s3VectorsBucketCustomerKey, kmsKeyRotation,
];
