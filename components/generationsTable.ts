// The generations table: one read by id, lists by status and time, on-demand, encrypted with the stack key,
// an expiry attribute with TTL, point-in-time recovery and deletion protection from stack config.
import * as pulumi from "@pulumi/pulumi";
import * as dynamodb from "@pulumi/aws/dynamodb";
import { resourceTags } from "./names";

/** Key schema the functions use (`functions/shared` reads these names). */
export const GENERATIONS_TABLE_KEYS = {
  partitionKey: "generation_id",
  statusIndex: "status-created_at-index",
  statusAttribute: "status",
  createdAtAttribute: "created_at",
  ttlAttribute: "expires_at",
} as const;

export interface GenerationsTableArgs {
  /** Table name, e.g. `sdga-dev-generations`. */
  tableName: pulumi.Input<string>;
  /** KMS key ARN for server-side encryption. */
  kmsKeyArn: pulumi.Input<string>;
  /** Point-in-time recovery. @default true */
  pointInTimeRecovery?: pulumi.Input<boolean>;
  /** Deletion protection. @default true */
  deletionProtection?: pulumi.Input<boolean>;
  /** Stack tags; the component adds Name and Component. */
  tags: pulumi.Input<Record<string, string>>;
}

export class GenerationsTable extends pulumi.ComponentResource {
  public readonly table: dynamodb.Table;
  public readonly tableName: pulumi.Output<string>;
  public readonly tableArn: pulumi.Output<string>;

  constructor(name: string, args: GenerationsTableArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:storage:GenerationsTable", name, {}, opts);
    const k = GENERATIONS_TABLE_KEYS;
    this.table = new dynamodb.Table(`${name}-table`, {
      name: args.tableName,
      billingMode: "PAY_PER_REQUEST",
      hashKey: k.partitionKey,
      attributes: [
        { name: k.partitionKey, type: "S" },
        { name: k.statusAttribute, type: "S" },
        { name: k.createdAtAttribute, type: "S" },
      ],
      globalSecondaryIndexes: [{
        name: k.statusIndex, hashKey: k.statusAttribute, rangeKey: k.createdAtAttribute, projectionType: "ALL",
      }],
      ttl: { attributeName: k.ttlAttribute, enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: args.kmsKeyArn },
      pointInTimeRecovery: { enabled: args.pointInTimeRecovery ?? true },
      deletionProtectionEnabled: args.deletionProtection ?? true,
      tags: pulumi.output(args.tags).apply((t) => resourceTags(t, "GenerationsTable", `${name}-table`)),
    }, { parent: this });

    this.tableName = this.table.name;
    this.tableArn = this.table.arn;
    this.registerOutputs({ tableName: this.tableName, tableArn: this.tableArn });
  }
}
