import * as assert from "node:assert/strict";
import {
    BUCKET, BUCKET_OWNERSHIP, BUCKET_POLICY, BUCKET_PUBLIC_ACCESS_BLOCK, BUCKET_SSE, dynamodbTableRecoverable,
    s3BucketAccessLogged, s3BucketPolicyNotPublic, s3BucketPolicyTlsOnly, s3BucketSecured, s3BucketSseKms, s3PublicAccessBlocked,
} from "../../policy-pack/policies";
import { assertPasses, assertViolates, clone, doc, KEY_ARN, node, stackViolations } from "./util";

const BUCKET_ARN = "arn:aws:s3:::sdga-dev-data";
const sse = () => ({ bucket: "sdga-dev-data", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }] });
const denyInsecure = { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } } };
const bucketPolicy = (...extra: Record<string, unknown>[]) => ({ bucket: "sdga-dev-data", policy: doc(denyInsecure, ...extra) });

describe("policy-pack/storage", () => {
    describe("s3-bucket-sse-kms", () => {
        it("passes SSE-KMS with a customer key and the bucket key", () => assertPasses(s3BucketSseKms, BUCKET_SSE, sse()));
        it("flags SSE-S3", () => {
            const p = sse(); p.rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" } as any;
            return assertViolates(s3BucketSseKms, BUCKET_SSE, p, /'AES256' instead of SSE-KMS/);
        });
        it("flags the AWS managed key", () => {
            const p = sse(); p.rules[0].applyServerSideEncryptionByDefault.kmsMasterKeyId = "alias/aws/s3";
            return assertViolates(s3BucketSseKms, BUCKET_SSE, p, /AWS managed key/);
        });
        it("flags the bucket key off", () => {
            const p = sse(); p.rules[0].bucketKeyEnabled = false;
            return assertViolates(s3BucketSseKms, BUCKET_SSE, p, /bucket key off/);
        });
        it("flags an empty rule list", () => assertViolates(s3BucketSseKms, BUCKET_SSE, { bucket: "b", rules: [] }, /no default encryption rule/));
    });

    describe("s3-public-access-blocked", () => {
        const all = { bucket: "b", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
        it("passes all four settings on", () => assertPasses(s3PublicAccessBlocked, BUCKET_PUBLIC_ACCESS_BLOCK, all));
        for (const key of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
            it(`flags ${key} off`, () => assertViolates(s3PublicAccessBlocked, BUCKET_PUBLIC_ACCESS_BLOCK, { ...all, [key]: false }, new RegExp(key)));
        }
    });

    describe("s3-bucket-policy-tls-only", () => {
        it("passes a policy that denies insecure transport", () => assertPasses(s3BucketPolicyTlsOnly, BUCKET_POLICY, bucketPolicy()));
        it("flags a policy without the TLS rule", () => assertViolates(s3BucketPolicyTlsOnly, BUCKET_POLICY,
            { bucket: "b", policy: doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*` }) },
            /aws:SecureTransport/));
        it("flags a TLS rule that denies only some actions", () => assertViolates(s3BucketPolicyTlsOnly, BUCKET_POLICY,
            { bucket: "b", policy: doc({ ...denyInsecure, Action: "s3:GetObject" }) }, /no statement denying/));
    });

    describe("s3-bucket-policy-not-public", () => {
        it("passes a policy with no public grant", () => assertPasses(s3BucketPolicyNotPublic, BUCKET_POLICY, bucketPolicy()));
        it("passes a `*` principal confined to one source", () => assertPasses(s3BucketPolicyNotPublic, BUCKET_POLICY,
            bucketPolicy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*`, Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } })));
        it("flags a public read grant", () => assertViolates(s3BucketPolicyNotPublic, BUCKET_POLICY,
            bucketPolicy({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BUCKET_ARN}/*` }), /public/));
    });

    describe("s3-bucket-secured (stack)", () => {
        const secured = () => {
            const bucket = node(BUCKET, "data-bucket", { bucket: "sdga-dev-data", id: "sdga-dev-data" });
            const deps = [bucket.urn];
            return [
                bucket,
                node(BUCKET_SSE, "data-sse", sse(), deps),
                node(BUCKET_PUBLIC_ACCESS_BLOCK, "data-pab", { bucket: "sdga-dev-data" }, deps),
                node(BUCKET_POLICY, "data-policy", bucketPolicy(), deps),
                node(BUCKET_OWNERSHIP, "data-ownership", { bucket: "sdga-dev-data", rule: { objectOwnership: "BucketOwnerEnforced" } }, deps),
            ];
        };
        it("passes a bucket with all its settings", async () => assert.deepEqual(await stackViolations(s3BucketSecured, secured()), []));
        it("links settings by bucket name when no dependency is recorded", async () => {
            const graph = secured().map((n) => ({ ...n, dependencies: [] }));
            assert.deepEqual(await stackViolations(s3BucketSecured, graph), []);
        });
        const without = (type: string, pattern: RegExp) => it(`flags a bucket without ${type.split(":").pop()}`, async () => {
            const found = await stackViolations(s3BucketSecured, secured().filter((n) => n.type !== type));
            assert.equal(found.length, 1, JSON.stringify(found));
            assert.match(found[0].message, pattern);
            assert.equal(found[0].urn, secured()[0].urn);
        });
        without(BUCKET_SSE, /no default encryption/);
        without(BUCKET_PUBLIC_ACCESS_BLOCK, /no public access block/);
        without(BUCKET_POLICY, /no bucket policy/);
        without(BUCKET_OWNERSHIP, /bucket-owner object ownership/);
        it("flags ownership controls that keep ACLs", async () => {
            const graph = clone(secured());
            graph[4].outputs.rule.objectOwnership = "ObjectWriter";
            const found = await stackViolations(s3BucketSecured, graph);
            assert.equal(found.length, 1);
        });
    });

    describe("s3-bucket-access-logged (stack)", () => {
        const LOGGING = "aws:s3/bucketLogging:BucketLogging";
        const graph = () => {
            const data = node(BUCKET, "data-bucket", { bucket: "sdga-prod-data-1", id: "sdga-prod-data-1" });
            const logs = node(BUCKET, "log-bucket", { bucket: "sdga-prod-logs-1", id: "sdga-prod-logs-1" });
            return [data, logs, node(LOGGING, "data-logging", { bucket: "sdga-prod-data-1", targetBucket: "sdga-prod-logs-1", targetPrefix: "data/" }, [data.urn, logs.urn])];
        };
        it("passes a logged bucket and the log bucket it logs to", async () => assert.deepEqual(await stackViolations(s3BucketAccessLogged, graph()), []));
        it("flags a bucket with no access logging, and only it", async () => {
            const extra = node(BUCKET, "kb-bucket", { bucket: "sdga-prod-kb-1", id: "sdga-prod-kb-1" });
            const found = await stackViolations(s3BucketAccessLogged, [...graph(), extra]);
            assert.deepEqual(found.map((v) => [v.urn, v.message]), [[extra.urn, "Bucket 'kb-bucket' has no server access logging (aws.s3.BucketLogging to the stack's log bucket)."]]);
        });
        it("flags every bucket when nothing logs", async () => {
            const found = await stackViolations(s3BucketAccessLogged, graph().filter((n) => n.type !== LOGGING));
            assert.equal(found.length, 2);
        });
    });

    describe("dynamodb-table-recoverable", () => {
        const TABLE = "aws:dynamodb/table:Table";
        const table = { pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true, hashKey: "generation_id" };
        it("passes a protected table", () => assertPasses(dynamodbTableRecoverable, TABLE, table));
        it("flags PITR off", () => assertViolates(dynamodbTableRecoverable, TABLE, { ...table, pointInTimeRecovery: { enabled: false } }, /point-in-time/));
        it("flags deletion protection off", () => assertViolates(dynamodbTableRecoverable, TABLE, { ...table, deletionProtectionEnabled: undefined }, /deletion protection/));
    });
});
