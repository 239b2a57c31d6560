// The product's knowledge base: a SecureBucket seeded with the project's own documents (knowledge-base/),
// the embeddings model, a vector store (S3 Vectors by default; OpenSearch Serverless as the alternative,
// with its encryption, network and data-access policies and the FAISS index created before the KB), the
// KB, its S3 data source, and a role limited to that bucket, that store and that model.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as bedrock from "@pulumi/aws/bedrock";
import * as iam from "@pulumi/aws/iam";
import * as opensearch from "@pulumi/aws/opensearch";
import * as s3 from "@pulumi/aws/s3";
import * as nativeOpenSearch from "@pulumi/aws-native/opensearchserverless";
import { Provider as NativeProvider } from "@pulumi/aws-native/provider";
import type { Region as NativeRegion } from "@pulumi/aws-native/types/enums";
import { REPO_ROOT } from "./bundle";
import { bedrockName, openSearchName, resourceTags, vectorBucketName, vectorIndexName } from "./names";
import {
  arn, iamPrincipalArn, knowledgeBasePolicy, openSearchDataAccessPolicy, openSearchEncryptionPolicy, openSearchNetworkPolicy,
  serviceTrustPolicy, type AwsEnv, type VectorStoreAccess,
} from "./policies";
import { SecureBucket } from "./secureBucket";

export type VectorStoreKind = "s3vectors" | "opensearch";

/** Where the data source reads documents from, inside the KB bucket. */
export const DOCUMENT_PREFIX = "documents/";
/** OpenSearch field layout Bedrock expects (AWS-FACTS §3). */
export const OPENSEARCH_FIELDS = {
  indexName: "bedrock-knowledge-base-default-index",
  vectorField: "bedrock-knowledge-base-default-vector",
  textField: "AMAZON_BEDROCK_TEXT_CHUNK",
  metadataField: "AMAZON_BEDROCK_METADATA",
} as const;
/** S3 Vectors: Bedrock's chunk text and metadata stay non-filterable (filterable metadata is capped at 2 KB). */
export const S3_VECTORS_NON_FILTERABLE_KEYS = ["AMAZON_BEDROCK_TEXT", "AMAZON_BEDROCK_METADATA"];

/** The knowledge-base documents shipped with the product (Markdown files in `dir`), sorted. */
export function knowledgeBaseDocuments(dir = path.join(REPO_ROOT, "knowledge-base")): { key: string; file: string }[] {
  if (!fs.existsSync(dir)) throw new Error(`Knowledge-base folder ${dir} does not exist`);
  const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md") && !path.basename(f).startsWith("README"))
    .map((f) => f.split(path.sep).join("/"))
    .sort();
  if (files.length === 0) throw new Error(`Knowledge-base folder ${dir} holds no .md documents`);
  return files.map((f) => ({ key: `${DOCUMENT_PREFIX}${f}`, file: path.join(dir, f) }));
}

/**
 * SHA-256 (hex) of the documents as uploaded: each key and its bytes, in key order. It changes when a document
 * is added, removed, renamed or edited, and only then: the stack ingests again on every change of it.
 */
export function documentsDigest(documents: { key: string; file: string }[]): string {
  const hash = createHash("sha256");
  for (const d of [...documents].sort((a, b) => a.key.localeCompare(b.key))) {
    const bytes = fs.readFileSync(d.file);
    hash.update(`${d.key}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest("hex");
}

export interface KnowledgeBaseArgs {
  env: pulumi.Input<AwsEnv>;
  /** Stack name prefix for explicitly named children, e.g. `sdga-dev`. */
  prefix: string;
  /** Stack key: bucket, vector store and collection are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** @default "amazon.titan-embed-text-v2:0" */
  embeddingModelId?: pulumi.Input<string>;
  /** Must equal the embeddings model's output dimension. @default 1024 */
  embeddingDimensions?: pulumi.Input<number>;
  /** @default "s3vectors" */
  vectorStore?: VectorStoreKind;
  /**
   * IAM principal that runs `pulumi up` (an STS caller ARN is turned into its role): OpenSearch Serverless
   * only lets principals in the data-access policy create the vector index. Needed for `opensearch`.
   */
  deployerArn?: pulumi.Input<string>;
  /**
   * OpenSearch: make the collection endpoint reachable from the internet (still IAM and data-access-policy
   * gated). Off, only Bedrock reaches it; creating the vector index through Cloud Control may then need a
   * public rule during the first deploy (reported, unverified). @default false
   */
  openSearchPublicEndpoint?: boolean;
  /** Folder of Markdown documents to upload. @default `<repo>/knowledge-base` */
  documentsDir?: string;
  /** Delete documents and vectors with the stack. @default false */
  forceDestroy?: boolean;
  /** Stack tags; the component adds Name and Component. */
  tags: pulumi.Input<Record<string, string>>;
}

export class KnowledgeBase extends pulumi.ComponentResource {
  public readonly documents: SecureBucket;
  public readonly role: iam.Role;
  public readonly knowledgeBase: bedrock.AgentKnowledgeBase;
  public readonly dataSource: bedrock.AgentDataSource;
  public readonly knowledgeBaseId: pulumi.Output<string>;
  public readonly knowledgeBaseArn: pulumi.Output<string>;
  public readonly dataSourceId: pulumi.Output<string>;
  public readonly documentBucketName: pulumi.Output<string>;
  /** The uploaded documents (an ingestion must come after them). */
  public readonly uploads: s3.BucketObjectv2[];
  /** SHA-256 of the documents (see documentsDigest). */
  public readonly documentsDigest: string;

  constructor(name: string, args: KnowledgeBaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:ai:KnowledgeBase", name, {}, opts);
    const tags = (suffix: string) => pulumi.output(args.tags).apply((t) => resourceTags(t, "KnowledgeBase", `${name}-${suffix}`));
    const env = pulumi.output(args.env);
    const store = args.vectorStore ?? "s3vectors";
    const dimensions = args.embeddingDimensions ?? 1024;
    const embeddingModelArn = pulumi.all([env, args.embeddingModelId ?? "amazon.titan-embed-text-v2:0"])
      .apply(([e, id]) => arn.foundationModel(e, id));

    this.documents = new SecureBucket(`${name}-documents`, {
      kmsKeyArn: args.kmsKeyArn, forceDestroy: args.forceDestroy, tags: args.tags,
    }, { parent: this });
    const documents = knowledgeBaseDocuments(args.documentsDir);
    this.documentsDigest = documentsDigest(documents);
    const uploads = documents.map(({ key, file }) =>
      new s3.BucketObjectv2(`${name}-doc-${key.slice(DOCUMENT_PREFIX.length).replace(/\.md$/, "").replace(/[^a-zA-Z0-9-]/g, "-")}`, {
        bucket: this.documents.bucketName, key, source: new pulumi.asset.FileAsset(file), contentType: "text/markdown",
        tags: tags("documents"),
      }, { parent: this, dependsOn: this.documents.settings }));

    this.role = new iam.Role(`${name}-role`, {
      assumeRolePolicy: env.apply((e) => JSON.stringify(serviceTrustPolicy("bedrock.amazonaws.com", e, arn.bedrock(e, "knowledge-base/*")))),
      description: `Role of the ${args.prefix} knowledge base`,
      tags: tags("role"),
    }, { parent: this });

    let storageConfiguration: bedrock.AgentKnowledgeBaseArgs["storageConfiguration"];
    let storeAccess: pulumi.Output<VectorStoreAccess>;
    const storeResources: pulumi.Resource[] = [];

    if (store === "s3vectors") {
      const vectorBucket = new s3.VectorsVectorBucket(`${name}-vectors`, {
        vectorBucketName: env.apply((e) => vectorBucketName(args.prefix, e.accountId)),
        encryptionConfigurations: [{ sseType: "aws:kms", kmsKeyArn: args.kmsKeyArn }],
        forceDestroy: args.forceDestroy ?? false,
        tags: tags("vectors"),
      }, { parent: this });
      const index = new s3.VectorsIndex(`${name}-index`, {
        vectorBucketName: vectorBucket.vectorBucketName,
        indexName: vectorIndexName(args.prefix),
        dataType: "float32",
        dimension: dimensions,
        distanceMetric: "cosine",
        metadataConfiguration: { nonFilterableMetadataKeys: S3_VECTORS_NON_FILTERABLE_KEYS },
        tags: tags("index"),
      }, { parent: this });
      storeResources.push(index);
      storageConfiguration = { type: "S3_VECTORS", s3VectorsConfiguration: { indexArn: index.indexArn } };
      storeAccess = pulumi.all([index.indexArn, vectorBucket.vectorBucketArn])
        .apply(([indexArn, vectorBucketArn]) => ({ kind: "s3vectors" as const, indexArn, vectorBucketArn }));
    } else {
      if (args.deployerArn === undefined) throw new Error(`KnowledgeBase '${name}': the opensearch vector store needs deployerArn`);
      const collectionName = openSearchName(args.prefix, "kb");
      const encryption = new opensearch.ServerlessSecurityPolicy(`${name}-encryption-policy`, {
        name: openSearchName(args.prefix, "kb-enc"), type: "encryption",
        policy: pulumi.output(args.kmsKeyArn).apply((k) => JSON.stringify(openSearchEncryptionPolicy(collectionName, k))),
      }, { parent: this });
      const network = new opensearch.ServerlessSecurityPolicy(`${name}-network-policy`, {
        name: openSearchName(args.prefix, "kb-net"), type: "network",
        policy: JSON.stringify(openSearchNetworkPolicy(collectionName, args.openSearchPublicEndpoint ?? false)),
      }, { parent: this });
      const access = new opensearch.ServerlessAccessPolicy(`${name}-access-policy`, {
        name: openSearchName(args.prefix, "kb-data"), type: "data",
        policy: pulumi.all([this.role.arn, args.deployerArn])
          .apply(([roleArn, deployer]) => JSON.stringify(openSearchDataAccessPolicy(collectionName, [roleArn, iamPrincipalArn(deployer)]))),
      }, { parent: this });
      const collection = new opensearch.ServerlessCollection(`${name}-collection`, {
        name: collectionName, type: "VECTORSEARCH", standbyReplicas: "ENABLED",
        tags: tags("collection"),
      }, { parent: this, dependsOn: [encryption, network, access] });
      // aws-native reads its own Region setting; give it the stack's so `aws:region` is the only one to set.
      const nativeProvider = new NativeProvider(`${name}-native`, {
        region: env.apply((e) => e.region as NativeRegion),
      }, { parent: this });
      const index = new nativeOpenSearch.Index(`${name}-vector-index`, {
        collectionEndpoint: collection.collectionEndpoint,
        indexName: OPENSEARCH_FIELDS.indexName,
        settings: { index: { knn: true, knnAlgoParamEfSearch: 512 } },
        mappings: {
          properties: {
            [OPENSEARCH_FIELDS.vectorField]: {
              type: "knn_vector", dimension: dimensions,
              method: { name: "hnsw", engine: "faiss", spaceType: "l2", parameters: { efConstruction: 512, m: 16 } },
            },
            [OPENSEARCH_FIELDS.textField]: { type: "text", index: true },
            [OPENSEARCH_FIELDS.metadataField]: { type: "text", index: false },
          },
        },
      }, { parent: this, provider: nativeProvider, dependsOn: [collection, access, network] });
      storeResources.push(index);
      storageConfiguration = {
        type: "OPENSEARCH_SERVERLESS",
        opensearchServerlessConfiguration: {
          collectionArn: collection.arn,
          vectorIndexName: OPENSEARCH_FIELDS.indexName,
          fieldMapping: {
            vectorField: OPENSEARCH_FIELDS.vectorField, textField: OPENSEARCH_FIELDS.textField, metadataField: OPENSEARCH_FIELDS.metadataField,
          },
        },
      };
      storeAccess = collection.arn.apply((collectionArn) => ({ kind: "opensearch" as const, collectionArn }));
    }

    const policy = new iam.RolePolicy(`${name}-policy`, {
      role: this.role.id,
      policy: pulumi.all([env, embeddingModelArn, this.documents.bucketArn, args.kmsKeyArn, storeAccess])
        .apply(([e, modelArn, bucketArn, keyArn, storeAccessValue]) => JSON.stringify(knowledgeBasePolicy(e, {
          embeddingModelArn: modelArn, documentBucketArn: bucketArn, documentPrefix: DOCUMENT_PREFIX, keyArn, store: storeAccessValue,
        }))),
    }, { parent: this });

    this.knowledgeBase = new bedrock.AgentKnowledgeBase(`${name}-kb`, {
      name: bedrockName(args.prefix, "knowledge"),
      description: "Domain schema patterns and synthetic-data compliance guidance for the synthetic data generator",
      roleArn: this.role.arn,
      knowledgeBaseConfiguration: {
        type: "VECTOR",
        vectorKnowledgeBaseConfiguration: {
          embeddingModelArn,
          embeddingModelConfiguration: { bedrockEmbeddingModelConfiguration: { dimensions, embeddingDataType: "FLOAT32" } },
        },
      },
      storageConfiguration,
      tags: tags("kb"),
    }, { parent: this, dependsOn: [policy, ...storeResources] });

    this.dataSource = new bedrock.AgentDataSource(`${name}-source`, {
      knowledgeBaseId: this.knowledgeBase.id,
      name: bedrockName(args.prefix, "documents"),
      dataSourceConfiguration: {
        type: "S3",
        s3Configuration: { bucketArn: this.documents.bucketArn, inclusionPrefixes: [DOCUMENT_PREFIX] },
      },
      vectorIngestionConfiguration: {
        chunkingConfiguration: { chunkingStrategy: "FIXED_SIZE", fixedSizeChunkingConfiguration: { maxTokens: 500, overlapPercentage: 15 } },
      },
    }, { parent: this, dependsOn: uploads });

    this.knowledgeBaseId = this.knowledgeBase.id;
    this.knowledgeBaseArn = this.knowledgeBase.arn;
    this.dataSourceId = this.dataSource.dataSourceId;
    this.documentBucketName = this.documents.bucketName;
    this.uploads = uploads;
    this.registerOutputs({
      knowledgeBaseId: this.knowledgeBaseId, knowledgeBaseArn: this.knowledgeBaseArn,
      dataSourceId: this.dataSourceId, documentBucketName: this.documentBucketName,
    });
  }
}
