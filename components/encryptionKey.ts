// The stack's customer-managed KMS key: rotation on, an alias, and a key policy that grants exactly what the
// stack's services need (AWS-FACTS §5). Roles get key use only through their own IAM policies.
import * as pulumi from "@pulumi/pulumi";
import * as kms from "@pulumi/aws/kms";
import { resourceTags } from "./names";
import { keyPolicy, type AwsEnv } from "./policies";

export interface EncryptionKeyArgs {
  /** Account, Region and partition the key lives in. */
  env: pulumi.Input<AwsEnv>;
  /** Alias without the `alias/` prefix, e.g. `sdga-dev`. */
  aliasName: pulumi.Input<string>;
  /** Log-group name patterns (e.g. `/aws/lambda/sdga-dev-*`) CloudWatch Logs may encrypt with the key. */
  logGroupNamePatterns: pulumi.Input<string[]>;
  /** Let CloudWatch alarms publish to an SNS topic encrypted with the key. @default true */
  allowCloudWatchAlarms?: pulumi.Input<boolean>;
  /** Let Bedrock Agents (classic) of this account encrypt agent resources with the key. @default false */
  allowBedrockAgents?: pulumi.Input<boolean>;
  /** Let S3 Vectors index vector buckets encrypted with the key. @default false */
  allowS3VectorsIndexing?: pulumi.Input<boolean>;
  /**
   * ARN patterns of the stack's buckets whose server access logs are delivered to a log bucket encrypted with
   * the key (logging.s3.amazonaws.com may generate data keys for them). @default none
   */
  s3AccessLogSourceArnPatterns?: pulumi.Input<string[]>;
  /** Days KMS waits before deleting the key after a destroy. @default 30 */
  deletionWindowInDays?: pulumi.Input<number>;
  /** Stack tags; the component adds Name and Component. */
  tags: pulumi.Input<Record<string, string>>;
}

export class EncryptionKey extends pulumi.ComponentResource {
  public readonly key: kms.Key;
  public readonly alias: kms.Alias;
  public readonly keyArn: pulumi.Output<string>;
  public readonly keyId: pulumi.Output<string>;

  constructor(name: string, args: EncryptionKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:security:EncryptionKey", name, {}, opts);

    const policy = pulumi.all([args.env, args.logGroupNamePatterns, args.allowCloudWatchAlarms ?? true,
      args.allowBedrockAgents ?? false, args.allowS3VectorsIndexing ?? false, args.s3AccessLogSourceArnPatterns ?? []])
      .apply(([env, logGroupNamePatterns, allowCloudWatchAlarms, allowBedrockAgents, allowS3VectorsIndexing, s3AccessLogSourceArnPatterns]) =>
        JSON.stringify(keyPolicy(env, {
          logGroupNamePatterns, allowCloudWatchAlarms, allowBedrockAgents, allowS3VectorsIndexing, s3AccessLogSourceArnPatterns,
        })));

    this.key = new kms.Key(`${name}-key`, {
      description: pulumi.interpolate`Encrypts the data, logs, table, topic and agent of ${args.aliasName}`,
      enableKeyRotation: true,
      deletionWindowInDays: args.deletionWindowInDays ?? 30,
      policy,
      tags: pulumi.output(args.tags).apply((t) => resourceTags(t, "EncryptionKey", `${name}-key`)),
    }, { parent: this });

    this.alias = new kms.Alias(`${name}-alias`, {
      name: pulumi.interpolate`alias/${args.aliasName}`,
      targetKeyId: this.key.keyId,
    }, { parent: this });

    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
    this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId });
  }
}
