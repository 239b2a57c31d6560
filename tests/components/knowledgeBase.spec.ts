// KnowledgeBase under mocks: S3 Vectors (default) and OpenSearch Serverless.
import { strict as assert } from "node:assert";
import { DOCUMENT_PREFIX, KnowledgeBase, knowledgeBaseDocuments } from "../../components/knowledgeBase";
import { ENV, KEY_ARN, MOCK_ACCOUNT, TAGS, dependsOn, installMocks, inventory, json, recorded, resource, settle, statement, valueOf } from "./harness";

const docs = knowledgeBaseDocuments();
const docResources = (kb: string) => docs.map((d) => `aws:s3/bucketObjectv2:BucketObjectv2::${kb}-doc-${d.key.slice(DOCUMENT_PREFIX.length).replace(/\.md$/, "").replace(/[^a-zA-Z0-9-]/g, "-")}`);
const bucketChildren = (b: string) => [
  "aws:s3/bucket:Bucket::" + b, `aws:s3/bucketOwnershipControls:BucketOwnershipControls::${b}-ownership`, `aws:s3/bucketPolicy:BucketPolicy::${b}-policy`,
  `aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::${b}-public-access`,
  `aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::${b}-encryption`, `aws:s3/bucketVersioning:BucketVersioning::${b}-versioning`,
];

describe("knowledge-base documents", () => {
  it("ships the domain and compliance documents the product promises", () => {
    assert.deepEqual(docs.map((d) => d.key), [
      "documents/compliance/gdpr.md", "documents/compliance/hipaa.md", "documents/compliance/pci-dss.md",
      "documents/domains/finance.md", "documents/domains/general-data.md", "documents/domains/healthcare.md", "documents/domains/retail.md",
    ]);
  });
});

describe("KnowledgeBase with S3 Vectors, the default (mocks)", () => {
  let kb: KnowledgeBase;
  before(async () => {
    installMocks();
    kb = new KnowledgeBase("t-kb", { env: ENV, prefix: "sdga-test", kmsKeyArn: KEY_ARN, tags: TAGS });
    await settle();
  });

  it("creates exactly the document bucket and uploads, the vector bucket and index, the role, the KB and its data source", () => {
    assert.deepEqual(inventory("t-kb"), [
      "aws:bedrock/agentDataSource:AgentDataSource::t-kb-source",
      "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase::t-kb-kb",
      "aws:iam/role:Role::t-kb-role", "aws:iam/rolePolicy:RolePolicy::t-kb-policy",
      ...bucketChildren("t-kb-documents"),
      ...docResources("t-kb"),
      "aws:s3/vectorsIndex:VectorsIndex::t-kb-index", "aws:s3/vectorsVectorBucket:VectorsVectorBucket::t-kb-vectors",
      "sdga:storage:SecureBucket::t-kb-documents",
    ].sort());
  });

  it("encrypts the vector bucket with the stack key and keeps Bedrock's text and metadata non-filterable", () => {
    assert.deepEqual(resource("t-kb-vectors").inputs.encryptionConfigurations, [{ sseType: "aws:kms", kmsKeyArn: KEY_ARN }]);
    assert.equal(resource("t-kb-vectors").inputs.vectorBucketName, `sdga-test-kb-vectors-${MOCK_ACCOUNT}`);
    const index = resource("t-kb-index").inputs;
    assert.deepEqual(index.metadataConfiguration, { nonFilterableMetadataKeys: ["AMAZON_BEDROCK_TEXT", "AMAZON_BEDROCK_METADATA"] });
    assert.equal(index.dimension, 1024);
    assert.equal(index.dataType, "float32");
  });

  it("builds a VECTOR KB on Titan v2 with matching dimensions and the S3 Vectors index", () => {
    const k = resource("t-kb-kb").inputs;
    const vector = k.knowledgeBaseConfiguration.vectorKnowledgeBaseConfiguration;
    assert.equal(vector.embeddingModelArn, "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0");
    assert.equal(vector.embeddingModelConfiguration.bedrockEmbeddingModelConfiguration.dimensions, 1024);
    assert.equal(k.storageConfiguration.type, "S3_VECTORS");
    assert.match(k.storageConfiguration.s3VectorsConfiguration.indexArn, /^arn:aws:s3vectors:us-east-1:123456789012:bucket\/sdga-test-kb-vectors-123456789012\/index\/sdga-test-kb-index$/);
    assert.ok(dependsOn(resource("t-kb-kb"), resource("t-kb-policy")), "the KB waits for its role's permissions");
  });

  it("reads the uploaded documents through an S3 data source limited to the documents prefix", () => {
    const source = resource("t-kb-source");
    assert.deepEqual(source.inputs.dataSourceConfiguration.s3Configuration.inclusionPrefixes, ["documents/"]);
    for (const d of recorded.filter((r) => r.type === "aws:s3/bucketObjectv2:BucketObjectv2")) assert.ok(dependsOn(source, d), d.name);
  });

  it("uploads the documents only once the bucket encrypts with the stack key and keeps versions", () => {
    // S3 default encryption and versioning apply to objects written after them: an earlier upload stays SSE-S3.
    const uploads = recorded.filter((r) => r.type === "aws:s3/bucketObjectv2:BucketObjectv2");
    assert.equal(uploads.length, docs.length);
    for (const upload of uploads) {
      assert.ok(dependsOn(upload, resource("t-kb-documents-encryption")), `${upload.name} waits for SSE-KMS`);
      assert.ok(dependsOn(upload, resource("t-kb-documents-versioning")), `${upload.name} waits for versioning`);
    }
  });

  it("limits the role to its model, its document prefix and its index, trusted for this account's KBs only", async () => {
    const trust = json(resource("t-kb-role").inputs.assumeRolePolicy).Statement[0];
    assert.deepEqual(trust.Condition.ArnLike, { "aws:SourceArn": `arn:aws:bedrock:us-east-1:${MOCK_ACCOUNT}:knowledge-base/*` });
    const policy = json(resource("t-kb-policy").inputs.policy);
    assert.equal(statement(policy, "EmbedWithModel").Resource, "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0");
    assert.equal(statement(policy, "ReadDocuments").Resource, `${await valueOf(kb.documents.bucketArn)}/documents/*`);
    assert.match(statement(policy, "UseVectorIndex").Resource, /\/index\/sdga-test-kb-index$/);
  });
});

describe("KnowledgeBase with OpenSearch Serverless (mocks)", () => {
  before(async () => {
    installMocks();
    new KnowledgeBase("t-os", {
      env: ENV, prefix: "sdga-test", kmsKeyArn: KEY_ARN, vectorStore: "opensearch", embeddingDimensions: 512,
      deployerArn: `arn:aws:sts::${MOCK_ACCOUNT}:assumed-role/deployer/session-1`, tags: TAGS,
    });
    await settle();
  });

  it("creates the collection with its encryption, network and data-access policies and the FAISS index, no S3 Vectors", () => {
    const names = inventory("t-os");
    for (const expected of [
      "aws:opensearch/serverlessCollection:ServerlessCollection::t-os-collection",
      "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy::t-os-encryption-policy",
      "aws:opensearch/serverlessSecurityPolicy:ServerlessSecurityPolicy::t-os-network-policy",
      "aws:opensearch/serverlessAccessPolicy:ServerlessAccessPolicy::t-os-access-policy",
      "aws-native:opensearchserverless:Index::t-os-vector-index",
      "pulumi:providers:aws-native::t-os-native",
    ]) assert.ok(names.includes(expected), expected);
    assert.ok(!names.some((n) => n.includes("vectors")));
  });

  it("makes a vector-search collection, encrypted with the stack key, created after its policies", () => {
    const c = resource("t-os-collection");
    assert.equal(c.inputs.type, "VECTORSEARCH");
    assert.equal(c.inputs.name, "sdga-test-kb");
    assert.deepEqual(json(resource("t-os-encryption-policy").inputs.policy), { Rules: [{ ResourceType: "collection", Resource: ["collection/sdga-test-kb"] }], AWSOwnedKey: false, KmsARN: KEY_ARN });
    for (const p of ["t-os-encryption-policy", "t-os-network-policy", "t-os-access-policy"]) assert.ok(dependsOn(c, resource(p)), p);
  });

  it("keeps the collection private by default: only Bedrock reaches it", () => {
    const network = json(resource("t-os-network-policy").inputs.policy);
    assert.equal(network[0].AllowFromPublic, false);
    assert.deepEqual(network[0].SourceServices, ["bedrock.amazonaws.com"]);
  });

  it("admits only the KB role and the deploying role (not its session) to the data", () => {
    const data = json(resource("t-os-access-policy").inputs.policy);
    assert.equal(data[0].Principal.length, 2);
    assert.ok(data[0].Principal.includes(`arn:aws:iam::${MOCK_ACCOUNT}:role/deployer`));
    assert.ok(data[0].Principal.some((p: string) => p.startsWith(`arn:aws:iam::${MOCK_ACCOUNT}:role/t-os-role`)));
  });

  it("trap: creates the FAISS vector index before the knowledge base, with the dimension of the embeddings", () => {
    const index = resource("t-os-vector-index");
    const vector = index.inputs.mappings.properties["bedrock-knowledge-base-default-vector"];
    assert.deepEqual([vector.type, vector.dimension, vector.method.engine, vector.method.name], ["knn_vector", 512, "faiss", "hnsw"]);
    assert.equal(index.inputs.settings.index.knn, true);
    assert.ok(index.provider?.includes("t-os-native"));
    assert.ok(dependsOn(index, resource("t-os-access-policy")), "the deployer must be in the data-access policy first");
    const kb = resource("t-os-kb");
    assert.ok(dependsOn(kb, index), "the KB is created after the index");
    assert.deepEqual(kb.inputs.storageConfiguration.opensearchServerlessConfiguration.fieldMapping, {
      vectorField: "bedrock-knowledge-base-default-vector", textField: "AMAZON_BEDROCK_TEXT_CHUNK", metadataField: "AMAZON_BEDROCK_METADATA",
    });
  });

  it("lets the KB role call the collection API and nothing of S3 Vectors", () => {
    const policy = json(resource("t-os-policy").inputs.policy);
    assert.match(statement(policy, "UseCollection").Resource, /^arn:aws:aoss:us-east-1:123456789012:collection\//);
    assert.ok(!policy.Statement.some((s: { Sid: string }) => s.Sid === "UseVectorIndex"));
  });

  it("refuses OpenSearch without the deploying principal", () => {
    assert.throws(() => new KnowledgeBase("t-os-nodeployer", { env: ENV, prefix: "sdga-x", kmsKeyArn: KEY_ARN, vectorStore: "opensearch", tags: TAGS }), /deployerArn/);
  });
});
