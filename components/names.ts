// Names, tags and metric identifiers of the stack's resources: pure functions, so the naming limits of each
// AWS service (AWS-FACTS §7) are checked once, in one place, and tested without mocks.

/** Raised when a derived name breaks the limits of the service that will receive it. */
export class NameLimitError extends Error {
  constructor(readonly resourceKind: string, readonly value: string, rule: string) {
    super(`Invalid ${resourceKind} name '${value}': ${rule}`);
    this.name = "NameLimitError";
  }
}

function checked(kind: string, value: string, pattern: RegExp, rule: string): string {
  if (!pattern.test(value)) throw new NameLimitError(kind, value, rule);
  return value;
}

/** Prefix of every explicitly named resource of a stack: `<project>-<environment>`, e.g. `sdga-dev`. */
export function stackPrefix(project: string, environment: string): string {
  return checked("stack prefix", `${project}-${environment}`, /^[a-z][a-z0-9-]{1,19}$/,
    "2-20 lowercase letters, digits or '-', starting with a letter");
}

/** Lambda function name, e.g. `sdga-dev-generate` (<= 64 characters). */
export function lambdaFunctionName(prefix: string, fn: string): string {
  return checked("Lambda function", `${prefix}-${fn}`, /^[a-zA-Z0-9_-]{1,64}$/, "1-64 letters, digits, '-' or '_'");
}

/** The log group Lambda writes to by default; created by the stack so it has retention and the key. */
export function lambdaLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** Log groups whose encryption context the stack key accepts: every function of this stack. */
export function stackLogGroupNamePattern(prefix: string): string {
  return `/aws/lambda/${prefix}-*`;
}

/**
 * Logical name of a bucket that Pulumi auto-names (`<logical>-<7 random hex>`): the whole name must fit the
 * 63 characters S3 allows, so the logical part may have at most 55.
 */
export function autoNamedBucketLogicalName(name: string): string {
  return checked("S3 bucket (auto-named)", name, /^(?=.{3,55}$)[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    "3-55 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit (Pulumi adds 8 characters, S3 allows 63)");
}

/** S3 vector bucket name (explicit, not auto-named): `<prefix>-kb-vectors-<account>`. */
export function vectorBucketName(prefix: string, accountId: string): string {
  return checked("S3 vector bucket", `${prefix}-kb-vectors-${accountId}`, /^(?=.{3,63}$)[a-z0-9][a-z0-9-]*[a-z0-9]$/,
    "3-63 lowercase letters, digits or '-', starting and ending with a letter or digit");
}

/** S3 vector index name. */
export function vectorIndexName(prefix: string): string {
  return checked("S3 vector index", `${prefix}-kb-index`, /^(?=.{3,63}$)[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    "3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit");
}

/** OpenSearch Serverless collection and security-policy names: 3-32 characters, `[a-z][a-z0-9-]+`. */
export function openSearchName(prefix: string, suffix: string): string {
  return checked("OpenSearch Serverless", `${prefix}-${suffix}`, /^[a-z][a-z0-9-]{2,31}$/,
    "3-32 lowercase letters, digits or '-', starting with a letter");
}

/** Bedrock Agents / Knowledge Bases names (agent, action group, KB, data source, alias): `([0-9a-zA-Z][_-]?){1,100}`. */
export function bedrockName(prefix: string, suffix: string): string {
  return checked("Bedrock", `${prefix}-${suffix}`, /^([0-9a-zA-Z][_-]?){1,100}$/,
    "up to 100 letters or digits, each optionally followed by one '-' or '_'");
}

/** AgentCore harness name: letter first, letters, digits and '_' only (no hyphens), <= 40. */
export function harnessName(prefix: string): string {
  return checked("AgentCore harness", `${prefix.replace(/-/g, "_")}_agent`, /^[A-Za-z][A-Za-z0-9_]{0,39}$/,
    "1-40 letters, digits or '_', starting with a letter (no '-')");
}

/** AgentCore gateway name: up to 48 letters or digits, each optionally followed by one '-' (CreateGateway's GatewayName). */
export function gatewayName(prefix: string): string {
  return checked("AgentCore gateway", `${prefix}-tools`, /^([0-9a-zA-Z][-]?){1,48}$/,
    "up to 48 letters or digits, each optionally followed by one '-' (no '_')");
}

/**
 * AgentCore gateway target name. The gateway shows tools to the model as `<target>___<tool>`, so a target
 * name may not contain '_' (the functions strip through the first `___`).
 */
export function gatewayTargetName(fn: string): string {
  return checked("AgentCore gateway target", fn, /^([0-9a-zA-Z][-]?){1,100}$/,
    "letters or digits, each optionally followed by one '-' (no '_')");
}

/** Tags of one resource: the stack's tags plus its Name and the component that made it. */
export function resourceTags(stackTags: Record<string, string>, component: string, name: string): Record<string, string> {
  return { ...stackTags, Name: name, Component: component };
}

/** The Powertools service name of a function: the `service` dimension of its EMF metrics. */
export function powertoolsServiceName(project: string, fn: string): string {
  return `${project}-${fn}`;
}

/** CloudWatch namespace of the functions' EMF metrics (POWERTOOLS_METRICS_NAMESPACE). */
export function metricsNamespace(project: string, environment: string): string {
  return `SyntheticDataGenerator/${project}-${environment}`;
}

/**
 * EMF metrics the functions publish (functions/shared/powertools.ts METRIC; Powertools adds the dimension
 * `service` = POWERTOOLS_SERVICE_NAME) that the monitoring alarms watch, as emitted by the generate function.
 */
export const EMF_METRICS = {
  /** Count, 1 per generation that ended in status failed. */
  generationFailed: "GenerationsFailed",
  /** Overall quality score (0..1) of each completed generation. */
  qualityScore: "QualityScore",
} as const;
