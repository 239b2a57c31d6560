// Compute: how the Lambda functions run.
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import * as lambda from "@pulumi/aws/lambda";
import { withConfigDefaults } from "./common";

export const lambdaTracingActive: ResourceValidationPolicy = {
    name: "lambda-tracing-active",
    description: "Checks whether Lambda functions have X-Ray active tracing on.",
    validateResource: validateResourceOfType(lambda.Function, (fn, _args, reportViolation) => {
        if (fn.tracingConfig?.mode !== "Active") {
            reportViolation(`The function's tracing mode is '${fn.tracingConfig?.mode ?? "PassThrough"}'; set tracingConfig.mode to 'Active'.`);
        }
    }),
};

export const lambdaRuntimeSupported: ResourceValidationPolicy = withConfigDefaults({
    name: "lambda-runtime-supported",
    description: "Checks whether Lambda functions use a runtime Lambda still lets you create and update.",
    configSchema: {
        properties: {
            allowedRuntimes: {
                type: "array", items: { type: "string" }, default: ["nodejs22.x", "nodejs24.x"],
                description: "Runtimes functions may use (nodejs20.x can no longer be created).",
            },
        },
    },
    validateResource: validateResourceOfType(lambda.Function, (fn, args, reportViolation) => {
        const { allowedRuntimes } = args.getConfig<{ allowedRuntimes: string[] }>();
        // Container images (packageType Image) carry their own runtime.
        if (fn.packageType === "Image") return;
        if (!allowedRuntimes.includes(String(fn.runtime))) {
            reportViolation(`The function's runtime '${fn.runtime ?? "(none)"}' is not one of ${allowedRuntimes.join(", ")}.`);
        }
    }),
});

export const computePolicies: ResourceValidationPolicy[] = [lambdaTracingActive, lambdaRuntimeSupported];
