// AWS SDK clients, built once per execution environment. Locally (SDGA_S3_ENDPOINT / SDGA_DYNAMODB_ENDPOINT)
// they talk to s3rver and dynalite: path-style addressing, and checksums only when required (s3rver stores
// streamed uploads corrupted otherwise).
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { LambdaClient } from "@aws-sdk/client-lambda";
import type { FunctionConfig } from "./config";
import { traced } from "./powertools";

export interface StorageClients {
  s3: S3Client;
  ddb: DynamoDBDocumentClient;
}

const LOCAL_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export function createS3Client(config: Pick<FunctionConfig, "s3Endpoint">): S3Client {
  if (!config.s3Endpoint) return traced(new S3Client({}));
  return new S3Client({
    endpoint: config.s3Endpoint,
    region: process.env.AWS_REGION ?? "us-east-1",
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export function createDynamoClient(config: Pick<FunctionConfig, "dynamodbEndpoint">): DynamoDBDocumentClient {
  const base = config.dynamodbEndpoint
    ? new DynamoDBClient({ endpoint: config.dynamodbEndpoint, region: process.env.AWS_REGION ?? "us-east-1", credentials: LOCAL_CREDENTIALS })
    : traced(new DynamoDBClient({}));
  return DynamoDBDocumentClient.from(base, { marshallOptions: { removeUndefinedValues: true } });
}

export function createLambdaClient(): LambdaClient {
  return traced(new LambdaClient({}));
}

export function createStorageClients(config: FunctionConfig): StorageClients {
  return { s3: createS3Client(config), ddb: createDynamoClient(config) };
}
