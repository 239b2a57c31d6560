// Storage: S3 buckets (encryption, public access, TLS-only policy) and the generations table's recoverability.
// An S3 bucket's settings are separate resources in @pulumi/aws 7, so each setting has a resource policy and
// a stack policy checks that every bucket actually has them.
import {
    PolicyResource, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType,
} from "@pulumi/policy";
import * as s3 from "@pulumi/aws/s3";
import * as dynamodb from "@pulumi/aws/dynamodb";
import {
    conditionValue, dependsOn, isAwsManagedKey, isSet, known, linkedResources, NormalizedStatement, parsePolicyDocument,
    PolicyDocumentError, statementLabel,
} from "./common";

export const BUCKET = "aws:s3/bucket:Bucket";
export const BUCKET_SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
export const BUCKET_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
export const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
export const BUCKET_OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";
export const BUCKET_LOGGING = "aws:s3/bucketLogging:BucketLogging";

type SseRule = { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: string }; bucketKeyEnabled?: boolean };

/** Problems of a list of S3 default-encryption rules (empty = SSE-KMS with a customer key and the bucket key on). */
export function sseRuleProblems(rules: SseRule[] | undefined): string[] {
    if (!rules || rules.length === 0) return ["has no default encryption rule"];
    const problems: string[] = [];
    for (const rule of rules) {
        const byDefault = rule.applyServerSideEncryptionByDefault;
        if (!byDefault || !["aws:kms", "aws:kms:dsse"].includes(byDefault.sseAlgorithm ?? "")) {
            problems.push(`encrypts with '${byDefault?.sseAlgorithm ?? "nothing"}' instead of SSE-KMS`);
        } else if (!isSet(byDefault.kmsMasterKeyId) || isAwsManagedKey(byDefault.kmsMasterKeyId)) {
            problems.push("uses the AWS managed key instead of the stack's customer key");
        }
        if (byDefault?.sseAlgorithm === "aws:kms" && rule.bucketKeyEnabled !== true) {
            problems.push("has the S3 bucket key off (every object then costs a KMS call)");
        }
    }
    return problems;
}

export const s3BucketSseKms: ResourceValidationPolicy = {
    name: "s3-bucket-sse-kms",
    description: "Checks whether S3 buckets encrypt by default with SSE-KMS under a customer key, with the bucket key on.",
    validateResource: [
        validateResourceOfType(s3.BucketServerSideEncryptionConfiguration, (sse, _args, reportViolation) => {
            for (const problem of sseRuleProblems(sse.rules as SseRule[])) reportViolation(`The bucket's default encryption ${problem}.`);
        }),
        validateResourceOfType(s3.Bucket, (bucket, _args, reportViolation) => {
            const inline = (bucket as any).serverSideEncryptionConfiguration as { rule?: SseRule } | undefined;
            if (!inline) return; // set by a separate BucketServerSideEncryptionConfiguration (checked there and by s3-bucket-secured)
            for (const problem of sseRuleProblems(inline.rule ? [inline.rule] : [])) reportViolation(`The bucket's default encryption ${problem}.`);
        }),
    ],
};

const PUBLIC_ACCESS_SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const s3PublicAccessBlocked: ResourceValidationPolicy = {
    name: "s3-public-access-blocked",
    description: "Checks whether S3 public access blocks turn on all four settings.",
    validateResource: validateResourceOfType(s3.BucketPublicAccessBlock, (block, _args, reportViolation) => {
        const off = PUBLIC_ACCESS_SETTINGS.filter((k) => block[k] !== true);
        if (off.length > 0) reportViolation(`The public access block leaves ${off.join(", ")} off.`);
    }),
};

/** True when a statement denies every request that is not over TLS. */
export function deniesInsecureTransport(s: NormalizedStatement): boolean {
    const insecure = conditionValue(s, ["Bool", "BoolIfExists"], "aws:SecureTransport");
    return s.effect === "Deny" && s.anyPrincipal && insecure !== undefined && insecure.map(String).includes("false")
        && s.actions.some((a) => a === "*" || a.toLowerCase() === "s3:*");
}

function readBucketPolicy(policy: unknown, report: (message: string) => void): NormalizedStatement[] | undefined {
    try {
        return parsePolicyDocument(policy);
    } catch (e) {
        if (!(e instanceof PolicyDocumentError)) throw e;
        report(`The bucket policy is not a readable IAM document: ${e.message}.`);
        return undefined;
    }
}

export const s3BucketPolicyTlsOnly: ResourceValidationPolicy = {
    name: "s3-bucket-policy-tls-only",
    description: "Checks whether S3 bucket policies deny every request that is not made over TLS.",
    validateResource: validateResourceOfType(s3.BucketPolicy, (policy, _args, reportViolation) => {
        const statements = readBucketPolicy(policy.policy, reportViolation);
        if (statements && !statements.some(deniesInsecureTransport)) {
            reportViolation("The bucket policy has no statement denying s3:* to every principal when aws:SecureTransport is false.");
        }
    }),
};

/** Condition keys that confine a `*` principal to this account, an organisation or a named caller. */
const CONFINING_KEYS = ["aws:sourcearn", "aws:sourceaccount", "aws:principalaccount", "aws:principalorgid", "aws:principalarn", "aws:sourcevpce", "aws:sourcevpc"];

export const s3BucketPolicyNotPublic: ResourceValidationPolicy = {
    name: "s3-bucket-policy-not-public",
    description: "Checks whether S3 bucket policies never allow a `*` principal without a condition that confines it.",
    validateResource: validateResourceOfType(s3.BucketPolicy, (policy, _args, reportViolation) => {
        const statements = readBucketPolicy(policy.policy, reportViolation) ?? [];
        for (const [i, s] of statements.entries()) {
            if (s.effect !== "Allow" || !s.anyPrincipal) continue;
            const keys = Object.values(s.condition).flatMap((ops) => Object.keys(ops ?? {}).map((k) => k.toLowerCase()));
            if (!keys.some((k) => CONFINING_KEYS.includes(k))) {
                reportViolation(`Statement ${statementLabel(s, i)} allows ${s.actions.join(", ")} to anyone ('*' principal): the bucket is public.`);
            }
        }
    }),
};

/** Whether `candidate.props.bucket` names the bucket (when both values are known). */
const namesBucket = (bucket: PolicyResource) => (candidate: PolicyResource): boolean => {
    const target = known(() => candidate.props.bucket);
    return typeof target === "string" && target !== "" && [known(() => bucket.props.id), known(() => bucket.props.bucket)].includes(target);
};

export const s3BucketSecured: StackValidationPolicy = {
    name: "s3-bucket-secured",
    description: "Checks whether every S3 bucket has default SSE-KMS encryption, a full public access block, a bucket policy and owner-enforced object ownership.",
    validateStack: (args, reportViolation) => {
        for (const bucket of args.resources.filter((r) => r.type === BUCKET)) {
            const linked = (type: string) => linkedResources(args.resources, type, bucket, namesBucket(bucket));
            const inlineSse = known(() => bucket.props.serverSideEncryptionConfiguration);
            if (linked(BUCKET_SSE).length === 0 && !inlineSse) {
                reportViolation(`Bucket '${bucket.name}' has no default encryption configuration.`, bucket.urn);
            }
            if (linked(BUCKET_PUBLIC_ACCESS_BLOCK).length === 0) {
                reportViolation(`Bucket '${bucket.name}' has no public access block.`, bucket.urn);
            }
            if (linked(BUCKET_POLICY).length === 0) {
                reportViolation(`Bucket '${bucket.name}' has no bucket policy (so no TLS-only rule).`, bucket.urn);
            }
            const ownership = linked(BUCKET_OWNERSHIP);
            const enforced = ownership.some((o) => known(() => o.props.rule?.objectOwnership) === "BucketOwnerEnforced");
            if (!enforced) {
                reportViolation(`Bucket '${bucket.name}' does not enforce bucket-owner object ownership (ACLs stay active).`, bucket.urn);
            }
        }
    },
};

/** The names a bucket is known by in the graph (its id and its bucket name, when known). */
const bucketNames = (bucket: PolicyResource): string[] =>
    [known(() => bucket.props.id), known(() => bucket.props.bucket)].filter((n): n is string => typeof n === "string" && n !== "");

export const s3BucketAccessLogged: StackValidationPolicy = {
    name: "s3-bucket-access-logged",
    description: "Checks whether every S3 bucket has server access logging, except the buckets that receive the logs (dev's config disables it: dev may opt out).",
    validateStack: (args, reportViolation) => {
        const loggings = args.resources.filter((r) => r.type === BUCKET_LOGGING);
        const targets = new Set(loggings.map((l) => known(() => l.props.targetBucket)).filter((t): t is string => typeof t === "string"));
        for (const bucket of args.resources.filter((r) => r.type === BUCKET)) {
            const names = bucketNames(bucket);
            if (names.some((n) => targets.has(n))) continue; // a log bucket: logging it into itself would loop
            const logged = loggings.some((l) => dependsOn(l, bucket) || names.includes(known(() => l.props.bucket) as string));
            if (!logged) reportViolation(`Bucket '${bucket.name}' has no server access logging (aws.s3.BucketLogging to the stack's log bucket).`, bucket.urn);
        }
    },
};

export const dynamodbTableRecoverable: ResourceValidationPolicy = {
    name: "dynamodb-table-recoverable",
    description: "Checks whether DynamoDB tables have point-in-time recovery and deletion protection (the prod config turns this policy on).",
    validateResource: validateResourceOfType(dynamodb.Table, (table, _args, reportViolation) => {
        if (table.pointInTimeRecovery?.enabled !== true) reportViolation("The table has point-in-time recovery off.");
        if (table.deletionProtectionEnabled !== true) reportViolation("The table has deletion protection off.");
    }),
};

export const storagePolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    s3BucketSseKms, s3PublicAccessBlocked, s3BucketPolicyTlsOnly, s3BucketPolicyNotPublic, s3BucketSecured,
    s3BucketAccessLogged, dynamodbTableRecoverable,
];
