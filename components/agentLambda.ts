// One agent tool function: the esbuild bundle of its handler on arm64 and the current Node.js runtime, its
// own role whose policy is built from the few statements it needs, its own encrypted log group created
// before the function, tracing on, environment encrypted with the stack key.
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import { bundleFunctionBinaries, bundleFunctionFiles } from "./bundle";
import { lambdaLogGroupName, resourceTags } from "./names";
import { lambdaBaseStatements, policyDocument, serviceTrustPolicy, type AwsEnv, type PolicyStatement } from "./policies";

/** The current Node.js runtime (nodejs20.x can no longer be created; the bundle targets node22, which it runs). */
export const LAMBDA_RUNTIME = "nodejs24.x";

export interface AgentLambdaArgs {
  /** Folder under `functions/` holding `handler.ts`, e.g. `generate`. */
  handlerName: string;
  /** Explicit function name (known before creation, so policies can name it), e.g. `sdga-dev-generate`. */
  functionName: pulumi.Input<string>;
  /** What the function does, shown in the Lambda console and API (1-256 characters). */
  description: pulumi.Input<string>;
  env: pulumi.Input<AwsEnv>;
  /** Stack key: environment variables and the log group are encrypted with it. */
  kmsKeyArn: pulumi.Input<string>;
  /** The statements this function needs beyond logs, traces, metrics and its key (from policies.ts). @default none */
  statements?: pulumi.Input<PolicyStatement[]>;
  /** Environment variables (POWERTOOLS_METRICS_NAMESPACE among them: it scopes cloudwatch:PutMetricData). */
  environment: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** CloudWatch namespace the function may publish metrics to. */
  metricsNamespace: pulumi.Input<string>;
  /** @default 512 */
  memoryMb?: pulumi.Input<number>;
  /** @default 60 */
  timeoutSeconds?: pulumi.Input<number>;
  /** Reserved concurrency; undefined = unreserved (new accounts cannot reserve any). @default undefined */
  reservedConcurrency?: pulumi.Input<number>;
  /** Log retention in days. @default 30 */
  logRetentionDays?: pulumi.Input<number>;
  /** Directory holding `<handlerName>/handler.ts`. @default `<repo>/functions` */
  functionsDir?: string;
  /** Stack tags; the component adds Name and Component. */
  tags: pulumi.Input<Record<string, string>>;
}

export class AgentLambda extends pulumi.ComponentResource {
  public readonly role: iam.Role;
  public readonly logGroup: cloudwatch.LogGroup;
  public readonly function: lambda.Function;
  public readonly functionName: pulumi.Output<string>;
  public readonly functionArn: pulumi.Output<string>;
  public readonly roleArn: pulumi.Output<string>;
  public readonly timeoutSeconds: pulumi.Output<number>;

  constructor(name: string, args: AgentLambdaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:compute:AgentLambda", name, {}, opts);
    const tags = (suffix: string) => pulumi.output(args.tags).apply((t) => resourceTags(t, "AgentLambda", `${name}-${suffix}`));
    const files = bundleFunctionFiles(args.handlerName, { functionsDir: args.functionsDir });
    const binaries = bundleFunctionBinaries(args.handlerName, { functionsDir: args.functionsDir });
    const logGroupName = pulumi.output(args.functionName).apply(lambdaLogGroupName);

    this.logGroup = new cloudwatch.LogGroup(`${name}-logs`, {
      name: logGroupName,
      retentionInDays: args.logRetentionDays ?? 30,
      kmsKeyId: args.kmsKeyArn,
      tags: tags("logs"),
    }, { parent: this });

    this.role = new iam.Role(`${name}-role`, {
      assumeRolePolicy: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")),
      description: pulumi.interpolate`Execution role of ${args.functionName}`,
      tags: tags("role"),
    }, { parent: this });

    const policy = new iam.RolePolicy(`${name}-policy`, {
      role: this.role.id,
      policy: pulumi.all([args.env, logGroupName, args.kmsKeyArn, args.metricsNamespace, args.statements ?? []])
        .apply(([env, logGroup, keyArn, namespace, statements]) => JSON.stringify(policyDocument([
          ...lambdaBaseStatements(env, { logGroupName: logGroup, keyArn, metricsNamespace: namespace }),
          ...statements,
        ]))),
    }, { parent: this });

    const timeout = args.timeoutSeconds ?? 60;
    this.function = new lambda.Function(`${name}-function`, {
      name: args.functionName,
      description: args.description,
      role: this.role.arn,
      runtime: LAMBDA_RUNTIME,
      architectures: ["arm64"],
      handler: "index.handler",
      // index.js, and recheck beside it when the handler may need it (components/bundle.ts).
      code: new pulumi.asset.AssetArchive({
        ...Object.fromEntries(Object.entries(files).map(([file, text]) => [file, new pulumi.asset.StringAsset(text)])),
        ...Object.fromEntries(Object.entries(binaries).map(([file, source]) => [file, new pulumi.asset.FileAsset(source)])),
      }),
      memorySize: args.memoryMb ?? 512,
      timeout,
      reservedConcurrentExecutions: args.reservedConcurrency,
      environment: { variables: args.environment },
      kmsKeyArn: args.kmsKeyArn,
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      tags: tags("function"),
    }, { parent: this, dependsOn: [this.logGroup, policy] });

    this.functionName = this.function.name;
    this.functionArn = this.function.arn;
    this.roleArn = this.role.arn;
    this.timeoutSeconds = pulumi.output(timeout);
    this.registerOutputs({ functionName: this.functionName, functionArn: this.functionArn, roleArn: this.roleArn });
  }
}
