// An S3 bucket that is private and encrypted unless told otherwise: SSE-KMS with a bucket key, public access
// blocked, BucketOwnerEnforced, versioning, a TLS-only bucket policy, lifecycle rules from args, optional
// access logging.
import * as pulumi from "@pulumi/pulumi";
import * as s3 from "@pulumi/aws/s3";
import { autoNamedBucketLogicalName, resourceTags } from "./names";
import { accessLogDeliveryStatements, policyDocument, tlsOnlyBucketPolicy, type LifecycleRule } from "./policies";

export interface SecureBucketArgs {
  /** KMS key ARN for SSE-KMS (with an S3 bucket key). */
  kmsKeyArn: pulumi.Input<string>;
  /** Lifecycle rules (see `lifecycleRules` in policies.ts). @default none */
  lifecycleRules?: pulumi.Input<LifecycleRule[]>;
  /** Keep object versions. @default true */
  versioning?: pulumi.Input<boolean>;
  /**
   * Make this a server-access-log bucket: S3's logging service may write the logs of exactly these source
   * buckets of this account, each under its own prefix (bucket-policy grant with `aws:SourceArn` and
   * `aws:SourceAccount`). @default receives no logs
   */
  logDelivery?: { accountId: pulumi.Input<string>; sources: pulumi.Input<{ bucketArn: string; prefix: string }[]> };
  /** Bucket receiving server access logs, and the key prefix there. @default no access logging */
  accessLogs?: { targetBucket: pulumi.Input<string>; targetPrefix?: pulumi.Input<string> };
  /** Delete the objects with the bucket on destroy. @default false */
  forceDestroy?: pulumi.Input<boolean>;
  /** Stack tags; the component adds Name and Component. */
  tags: pulumi.Input<Record<string, string>>;
}

export class SecureBucket extends pulumi.ComponentResource {
  public readonly bucket: s3.Bucket;
  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  /**
   * The bucket's settings (ownership, public-access block, SSE-KMS, versioning, policy, lifecycle). Objects the
   * stack writes must `dependsOn` these: S3 applies default encryption and versioning only to later writes.
   */
  public readonly settings: pulumi.Resource[];

  constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:storage:SecureBucket", name, {}, opts);
    const logical = autoNamedBucketLogicalName(name);
    const child = { parent: this };

    this.bucket = new s3.Bucket(logical, {
      forceDestroy: args.forceDestroy ?? false,
      tags: pulumi.output(args.tags).apply((t) => resourceTags(t, "SecureBucket", name)),
    }, child);
    const bucket = this.bucket.id;

    const ownership = new s3.BucketOwnershipControls(`${name}-ownership`, {
      bucket, rule: { objectOwnership: "BucketOwnerEnforced" },
    }, child);
    const publicAccess = new s3.BucketPublicAccessBlock(`${name}-public-access`, {
      bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    }, child);
    const encryption = new s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
      bucket,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }],
    }, child);
    const versioning = new s3.BucketVersioning(`${name}-versioning`, {
      bucket,
      versioningConfiguration: { status: pulumi.output(args.versioning ?? true).apply((on) => (on ? "Enabled" : "Suspended")) },
    }, child);
    // The policy goes on after the public-access block, so S3 never sees a policy on an unprotected bucket.
    const policy = new s3.BucketPolicy(`${name}-policy`, {
      bucket,
      policy: pulumi.all([this.bucket.arn, args.logDelivery?.accountId, args.logDelivery?.sources ?? []])
        .apply(([a, accountId, sources]) => JSON.stringify(policyDocument([
          ...tlsOnlyBucketPolicy(a).Statement,
          ...(accountId !== undefined ? accessLogDeliveryStatements(accountId, a, sources) : []),
        ]))),
    }, { parent: this, dependsOn: [publicAccess, ownership] });

    this.settings = [ownership, publicAccess, encryption, versioning, policy];
    if (args.lifecycleRules !== undefined) {
      this.settings.push(new s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
        bucket, rules: args.lifecycleRules,
      }, { parent: this, dependsOn: [versioning] }));
    }
    if (args.accessLogs !== undefined) {
      new s3.BucketLogging(`${name}-access-logs`, {
        bucket, targetBucket: args.accessLogs.targetBucket, targetPrefix: args.accessLogs.targetPrefix ?? `${name}/`,
      }, { parent: this, dependsOn: [encryption] });
    }

    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
  }
}
