import * as assert from "node:assert/strict";
import {
    FUNCTION, LOG_GROUP, lambdaHasErrorAlarm, lambdaHasLogGroup, logGroupEncryptedWithRetention, METRIC_ALARM,
} from "../../policy-pack/policies";
import { assertPasses, assertViolates, KEY_ARN, node, stackViolations } from "./util";

const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:sdga-dev-alarms";

/** A function with its log group (named after it) and an error-rate alarm built from metric math. */
function monitoredFunction() {
    const fn = node(FUNCTION, "generate-function", { name: "sdga-dev-generate", loggingConfig: { logGroup: "/aws/lambda/sdga-dev-generate", logFormat: "JSON" } });
    const group = node(LOG_GROUP, "generate-logs", { name: "/aws/lambda/sdga-dev-generate", retentionInDays: 7, kmsKeyId: KEY_ARN });
    fn.dependencies = [group.urn];
    const alarm = node(METRIC_ALARM, "generate-errors", {
        alarmActions: [TOPIC_ARN], comparisonOperator: "GreaterThanThreshold", threshold: 5, evaluationPeriods: 1,
        metricQueries: [
            { id: "errors", metric: { namespace: "AWS/Lambda", metricName: "Errors", stat: "Sum", period: 300, dimensions: { FunctionName: "sdga-dev-generate" } } },
            { id: "invocations", metric: { namespace: "AWS/Lambda", metricName: "Invocations", stat: "Sum", period: 300, dimensions: { FunctionName: "sdga-dev-generate" } } },
            { id: "rate", expression: "100 * errors / MAX([invocations, 1])", returnData: true },
        ],
    }, [fn.urn]);
    return { fn, group, alarm };
}

describe("policy-pack/observability", () => {
    describe("log-group-encrypted-with-retention", () => {
        const group = { name: "/aws/lambda/f", retentionInDays: 30, kmsKeyId: KEY_ARN };
        it("passes an encrypted group that expires", () => assertPasses(logGroupEncryptedWithRetention, LOG_GROUP, group));
        it("flags a group without a key", () => assertViolates(logGroupEncryptedWithRetention, LOG_GROUP, { ...group, kmsKeyId: undefined }, /not encrypted/));
        it("flags a group kept forever", () => assertViolates(logGroupEncryptedWithRetention, LOG_GROUP, { ...group, retentionInDays: 0 }, /forever/));
        it("flags a retention above the config's maximum", () => assertViolates(logGroupEncryptedWithRetention, LOG_GROUP, group, /more than 14/, { maxRetentionDays: 14 }));
    });

    describe("lambda-has-log-group (stack)", () => {
        it("passes a function whose group is named in its loggingConfig", async () => {
            const { fn, group } = monitoredFunction();
            assert.deepEqual(await stackViolations(lambdaHasLogGroup, [fn, group]), []);
        });
        it("passes a group linked only by the /aws/lambda/<name> convention", async () => {
            const { fn, group } = monitoredFunction();
            assert.deepEqual(await stackViolations(lambdaHasLogGroup, [{ ...fn, dependencies: [], outputs: { name: "sdga-dev-generate" } }, group]), []);
        });
        it("flags a function without a group", async () => {
            const { fn } = monitoredFunction();
            const found = await stackViolations(lambdaHasLogGroup, [{ ...fn, dependencies: [] }]);
            assert.equal(found.length, 1);
            assert.match(found[0].message, /no log group/);
        });
        it("flags a group without retention", async () => {
            const { fn, group } = monitoredFunction();
            const found = await stackViolations(lambdaHasLogGroup, [fn, { ...group, outputs: { ...group.outputs, retentionInDays: undefined } }]);
            assert.equal(found.length, 1);
            assert.match(found[0].message, /without a retention/);
        });
    });

    describe("lambda-has-error-alarm (stack)", () => {
        it("passes an error-rate alarm that notifies", async () => {
            const { fn, alarm } = monitoredFunction();
            assert.deepEqual(await stackViolations(lambdaHasErrorAlarm, [fn, alarm]), []);
        });
        it("passes a plain Errors alarm matched by its FunctionName dimension", async () => {
            const { fn } = monitoredFunction();
            const alarm = node(METRIC_ALARM, "errors", { namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: "sdga-dev-generate" }, alarmActions: [TOPIC_ARN] });
            assert.deepEqual(await stackViolations(lambdaHasErrorAlarm, [fn, alarm]), []);
        });
        it("flags a function with only a throttle alarm", async () => {
            const { fn } = monitoredFunction();
            const throttles = node(METRIC_ALARM, "throttles", { namespace: "AWS/Lambda", metricName: "Throttles", dimensions: { FunctionName: "sdga-dev-generate" }, alarmActions: [TOPIC_ARN] }, [fn.urn]);
            const found = await stackViolations(lambdaHasErrorAlarm, [fn, throttles]);
            assert.equal(found.length, 1);
            assert.match(found[0].message, /no alarm on its Errors/);
        });
        it("flags an error alarm nobody hears", async () => {
            const { fn, alarm } = monitoredFunction();
            const found = await stackViolations(lambdaHasErrorAlarm, [fn, { ...alarm, outputs: { ...alarm.outputs, alarmActions: [] } }]);
            assert.equal(found.length, 1);
            assert.match(found[0].message, /no alarm action/);
        });
    });
});
