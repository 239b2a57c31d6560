// Server access logs of the stack's buckets: one log bucket of the stack (a SecureBucket under the stack key,
// its own retention, not logging itself), a bucket-policy grant that lets S3's logging service deliver the
// logs of exactly the given source buckets of this account, and one BucketLogging per source under its own
// prefix, created after the grant. The stack key's policy must let logging.s3.amazonaws.com generate data keys
// (keyPolicy's s3AccessLogSourceArnPatterns), since the log bucket encrypts with SSE-KMS by default.
import * as pulumi from "@pulumi/pulumi";
import * as s3 from "@pulumi/aws/s3";
import { lifecycleRules } from "./policies";
import { SecureBucket } from "./secureBucket";

export interface AccessLogSource {
  /** Short label of the source, also its key prefix in the log bucket (`<label>/`). */
  label: string;
  /** The source bucket's name and ARN. */
  bucketName: pulumi.Input<string>;
  bucketArn: pulumi.Input<string>;
}

export interface AccessLogsArgs {
  /** Account of the stack: only its buckets may deliver logs here. */
  accountId: pulumi.Input<string>;
  /** Stack key: the log bucket's default encryption. */
  kmsKeyArn: pulumi.Input<string>;
  /** The buckets whose requests are logged. */
  sources: AccessLogSource[];
  /** Days a log object is kept. @default 90 */
  retentionDays?: number;
  /** Delete the log objects with the bucket on destroy. @default false */
  forceDestroy?: pulumi.Input<boolean>;
  /** Stack tags; the component adds Name and Component. */
  tags: pulumi.Input<Record<string, string>>;
}

/** The log-bucket prefix of a source. */
export const accessLogPrefix = (label: string) => `${label}/`;

export class AccessLogs extends pulumi.ComponentResource {
  public readonly logBucket: SecureBucket;
  public readonly loggings: s3.BucketLogging[];
  public readonly logBucketName: pulumi.Output<string>;

  constructor(name: string, args: AccessLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:storage:AccessLogs", name, {}, opts);
    if (args.sources.length === 0) throw new Error(`AccessLogs '${name}': no source buckets`);
    const labels = args.sources.map((s) => s.label);
    if (new Set(labels).size !== labels.length) throw new Error(`AccessLogs '${name}': duplicate source labels ${labels.join(", ")}`);
    for (const label of labels) {
      if (!/^[a-z0-9][a-z0-9-]{0,40}$/.test(label)) throw new Error(`AccessLogs '${name}': source label '${label}' is not a short lowercase key prefix`);
    }

    this.logBucket = new SecureBucket(`${name}-bucket`, {
      kmsKeyArn: args.kmsKeyArn,
      lifecycleRules: lifecycleRules("access-logs", "", { expirationDays: args.retentionDays ?? 90 }),
      forceDestroy: args.forceDestroy,
      logDelivery: {
        accountId: args.accountId,
        sources: pulumi.all(args.sources.map((s) => pulumi.output(s.bucketArn).apply((bucketArn) => ({ bucketArn, prefix: accessLogPrefix(s.label) })))),
      },
      tags: args.tags,
    }, { parent: this });

    // Logging is switched on only once the log bucket's grant and SSE-KMS default are in place, so every log
    // object S3 delivers is allowed and encrypted with the stack key.
    this.loggings = args.sources.map((source) => new s3.BucketLogging(`${name}-${source.label}`, {
      bucket: source.bucketName,
      targetBucket: this.logBucket.bucketName,
      targetPrefix: accessLogPrefix(source.label),
    }, { parent: this, dependsOn: this.logBucket.settings }));

    this.logBucketName = this.logBucket.bucketName;
    this.registerOutputs({ logBucketName: this.logBucketName });
  }
}
