// Observability: every function logs to an encrypted log group that expires, and has an error alarm.
// The links between a function and its log group or alarm are only visible in the whole graph: stack policies.
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import { isSet, known, linkedResources, withConfigDefaults } from "./common";

export const FUNCTION = "aws:lambda/function:Function";
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

export const logGroupEncryptedWithRetention: ResourceValidationPolicy = withConfigDefaults({
    name: "log-group-encrypted-with-retention",
    description: "Checks whether CloudWatch log groups are encrypted with a KMS key and expire their events.",
    configSchema: {
        properties: {
            maxRetentionDays: { type: "integer", default: 3653, description: "Longest retention allowed, in days." },
        },
    },
    validateResource: validateResourceOfType(cloudwatch.LogGroup, (group, args, reportViolation) => {
        const { maxRetentionDays } = args.getConfig<{ maxRetentionDays: number }>();
        if (!isSet(group.kmsKeyId)) reportViolation("The log group is not encrypted with a KMS key (kmsKeyId).");
        const days = group.retentionInDays;
        if (days === undefined || days === 0) reportViolation("The log group keeps events forever; set retentionInDays.");
        else if (days > maxRetentionDays) reportViolation(`The log group keeps events ${days} days, more than ${maxRetentionDays}.`);
    }),
});

/**
 * The log groups of a function: groups that depend on it or are named `/aws/lambda/<function name>`, and the
 * group its loggingConfig names (the function depends on it).
 */
export function functionLogGroups(resources: PolicyResource[], fn: PolicyResource): PolicyResource[] {
    const fnName = known(() => fn.props.name);
    const byName = (g: PolicyResource) => typeof fnName === "string" && known(() => g.props.name) === `/aws/lambda/${fnName}`;
    const linked = linkedResources(resources, LOG_GROUP, fn, byName);
    // The function may instead depend on its log group (loggingConfig.logGroup).
    const loggingConfig = known(() => fn.props.loggingConfig);
    const loggingTo = known(() => loggingConfig?.logGroup);
    const used = !loggingConfig ? [] : (fn.dependencies ?? []).filter((d) => d.type === LOG_GROUP
        && (loggingTo === undefined || [loggingTo, undefined].includes(known(() => d.props.name))));
    return [...new Set([...linked, ...used])];
}

export const lambdaHasLogGroup: StackValidationPolicy = {
    name: "lambda-has-log-group",
    description: "Checks whether every Lambda function has its own log group, managed by the stack, with a retention.",
    validateStack: (args, reportViolation) => {
        for (const fn of args.resources.filter((r) => r.type === FUNCTION)) {
            const groups = functionLogGroups(args.resources, fn);
            if (groups.length === 0) {
                reportViolation(`Function '${fn.name}' has no log group in the stack (Lambda would create one that never expires).`, fn.urn);
            } else if (!groups.some((g) => Number(known(() => g.props.retentionInDays)) > 0)) {
                reportViolation(`Function '${fn.name}' logs to a group without a retention.`, fn.urn);
            }
        }
    },
};

interface MetricQuery { metric?: { metricName?: string; namespace?: string; dimensions?: Record<string, string> } }

/** Whether an alarm watches Lambda `Errors`, directly or inside a metric-math query (e.g. an error rate). */
export function watchesLambdaErrors(alarm: PolicyResource): boolean {
    const direct = known(() => alarm.props.namespace) === "AWS/Lambda" && known(() => alarm.props.metricName) === "Errors";
    const queries = (known(() => alarm.props.metricQueries) ?? []) as MetricQuery[];
    return direct || queries.some((q) => q.metric?.namespace === "AWS/Lambda" && q.metric?.metricName === "Errors");
}

/** The FunctionName dimensions an alarm watches. */
function watchedFunctionNames(alarm: PolicyResource): unknown[] {
    const queries = (known(() => alarm.props.metricQueries) ?? []) as MetricQuery[];
    return [known(() => alarm.props.dimensions?.FunctionName), ...queries.map((q) => q.metric?.dimensions?.FunctionName)]
        .filter((n) => n !== undefined);
}

export const lambdaHasErrorAlarm: StackValidationPolicy = {
    name: "lambda-has-error-alarm",
    description: "Checks whether every Lambda function has a CloudWatch alarm on its errors that notifies someone.",
    validateStack: (args, reportViolation) => {
        for (const fn of args.resources.filter((r) => r.type === FUNCTION)) {
            const fnName = known(() => fn.props.name);
            const namesFunction = (a: PolicyResource) => typeof fnName === "string" && watchedFunctionNames(a).includes(fnName);
            const alarms = linkedResources(args.resources, METRIC_ALARM, fn, namesFunction).filter(watchesLambdaErrors);
            if (alarms.length === 0) {
                reportViolation(`Function '${fn.name}' has no alarm on its Errors metric.`, fn.urn);
            } else if (!alarms.some((a) => ((known(() => a.props.alarmActions) ?? []) as unknown[]).length > 0)) {
                reportViolation(`Function '${fn.name}' has an error alarm with no alarm action (nobody is told).`, fn.urn);
            }
        }
    },
};

export const observabilityPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    logGroupEncryptedWithRetention, lambdaHasLogGroup, lambdaHasErrorAlarm,
];
