import {
    agentcoreGatewayCustomerKey, bedrockAgentCustomerKey, dynamodbTableCustomerKey, kmsKeyRotation,
    lambdaEnvironmentCustomerKey, opensearchServerlessCustomerKey, opensearchServerlessNoPublicNetwork,
    s3VectorsBucketCustomerKey, snsTopicCustomerKey,
} from "../../policy-pack/policies";
import { assertPasses, assertViolates, KEY_ARN } from "./util";

describe("policy-pack/encryption", () => {
    describe("dynamodb-table-customer-key", () => {
        const T = "aws:dynamodb/table:Table";
        it("passes a table under the stack key", () => assertPasses(dynamodbTableCustomerKey, T, { serverSideEncryption: { enabled: true, kmsKeyArn: KEY_ARN } }));
        it("flags the AWS owned key", () => assertViolates(dynamodbTableCustomerKey, T, {}, /AWS owned key/));
        it("flags encryption without a key ARN", () => assertViolates(dynamodbTableCustomerKey, T, { serverSideEncryption: { enabled: true } }, /no customer KMS key/));
    });
    describe("sns-topic-customer-key", () => {
        const T = "aws:sns/topic:Topic";
        it("passes a topic under the stack key", () => assertPasses(snsTopicCustomerKey, T, { kmsMasterKeyId: KEY_ARN }));
        it("flags an unencrypted topic", () => assertViolates(snsTopicCustomerKey, T, {}, /not encrypted/));
        it("flags the AWS managed key", () => assertViolates(snsTopicCustomerKey, T, { kmsMasterKeyId: "alias/aws/sns" }, /AWS managed key/));
    });
    describe("lambda-environment-customer-key", () => {
        const T = "aws:lambda/function:Function";
        const env = { environment: { variables: { DATA_BUCKET: "b" } } };
        it("passes variables under the stack key", () => assertPasses(lambdaEnvironmentCustomerKey, T, { ...env, kmsKeyArn: KEY_ARN }));
        it("passes a function with no variables", () => assertPasses(lambdaEnvironmentCustomerKey, T, {}));
        it("flags variables without a key", () => assertViolates(lambdaEnvironmentCustomerKey, T, env, /kmsKeyArn/));
    });
    describe("bedrock-agent-customer-key", () => {
        const T = "aws:bedrock/agentAgent:AgentAgent";
        it("passes an agent with a key", () => assertPasses(bedrockAgentCustomerKey, T, { agentName: "a", customerEncryptionKeyArn: KEY_ARN }));
        it("flags an agent without one", () => assertViolates(bedrockAgentCustomerKey, T, { agentName: "a" }, /customerEncryptionKeyArn/));
    });
    describe("agentcore-gateway-customer-key", () => {
        const T = "aws:bedrock/agentcoreGateway:AgentcoreGateway";
        const gw = { name: "g", authorizerType: "AWS_IAM", protocolType: "MCP", kmsKeyArn: KEY_ARN, roleArn: "arn:aws:iam::123456789012:role/g" };
        it("passes an IAM-authorised gateway under the stack key", () => assertPasses(agentcoreGatewayCustomerKey, T, gw));
        it("flags a gateway without a key", () => assertViolates(agentcoreGatewayCustomerKey, T, { ...gw, kmsKeyArn: undefined }, /no kmsKeyArn/));
        it("flags an unauthenticated gateway", () => assertViolates(agentcoreGatewayCustomerKey, T, { ...gw, authorizerType: "NONE" }, /'NONE'/));
        it("allows authorizers named in the config", () => assertPasses(agentcoreGatewayCustomerKey, T, { ...gw, authorizerType: "CUSTOM_JWT" },
            { allowedAuthorizerTypes: ["AWS_IAM", "CUSTOM_JWT"] }));
    });
    describe("opensearch-serverless-customer-key", () => {
        const T = "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy";
        const rules = [{ ResourceType: "collection", Resource: ["collection/sdga-dev-kb"] }];
        it("passes a customer-key encryption policy", () => assertPasses(opensearchServerlessCustomerKey, T,
            { type: "encryption", name: "e", policy: JSON.stringify({ Rules: rules, AWSOwnedKey: false, KmsARN: KEY_ARN }) }));
        it("flags an AWS owned key", () => assertViolates(opensearchServerlessCustomerKey, T,
            { type: "encryption", name: "e", policy: JSON.stringify({ Rules: rules, AWSOwnedKey: true }) }, /AWS owned key/));
        it("ignores network policies", () => assertPasses(opensearchServerlessCustomerKey, T, { type: "network", name: "n", policy: "[]" }));
    });
    describe("opensearch-serverless-no-public-network", () => {
        const T = "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy";
        const network = (AllowFromPublic: boolean) => ({ type: "network", name: "n",
            policy: JSON.stringify([{ Rules: [{ ResourceType: "collection", Resource: ["collection/c"] }], AllowFromPublic, SourceServices: ["bedrock.amazonaws.com"] }]) });
        it("passes a private network policy", () => assertPasses(opensearchServerlessNoPublicNetwork, T, network(false)));
        it("flags public access", () => assertViolates(opensearchServerlessNoPublicNetwork, T, network(true), /public internet/));
        it("allows public access when the config says so", () => assertPasses(opensearchServerlessNoPublicNetwork, T, network(true), { allowPublicNetwork: true }));
    });
    describe("s3vectors-bucket-customer-key", () => {
        const T = "aws:s3/vectorsVectorBucket:VectorsVectorBucket";
        it("passes SSE-KMS with the stack key", () => assertPasses(s3VectorsBucketCustomerKey, T,
            { vectorBucketName: "v", encryptionConfigurations: [{ sseType: "aws:kms", kmsKeyArn: KEY_ARN }] }));
        it("flags the default encryption", () => assertViolates(s3VectorsBucketCustomerKey, T, { vectorBucketName: "v" }, /SSE-S3/));
        it("flags AES256", () => assertViolates(s3VectorsBucketCustomerKey, T,
            { vectorBucketName: "v", encryptionConfigurations: [{ sseType: "AES256" }] }, /'AES256'/));
    });
    describe("kms-key-rotation", () => {
        const T = "aws:kms/key:Key";
        it("passes a rotating key", () => assertPasses(kmsKeyRotation, T, { enableKeyRotation: true }));
        it("flags a key that does not rotate", () => assertViolates(kmsKeyRotation, T, { enableKeyRotation: false }, /does not rotate/));
        it("does not ask asymmetric keys to rotate", () => assertPasses(kmsKeyRotation, T, { customerMasterKeySpec: "RSA_2048" }));
    });
});
