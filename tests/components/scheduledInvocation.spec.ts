// ScheduledInvocation under mocks: a rule on the schedule, a target with the fixed event and no retries,
// and one permission that lets exactly that rule (source ARN and account) invoke exactly that function.
import { strict as assert } from "node:assert";
import { rateExpression, ScheduledInvocation } from "../../components/scheduledInvocation";
import { ENV, MOCK_ACCOUNT, TAGS, dependsOn, installMocks, inventory, json, resource, settle } from "./harness";

describe("ScheduledInvocation (mocks)", () => {
  const functionArn = `arn:aws:lambda:us-east-1:${MOCK_ACCOUNT}:function:sdga-test-generate`;
  before(async () => {
    installMocks();
    new ScheduledInvocation("t-sweep", {
      functionName: "sdga-test-generate", functionArn, scheduleExpression: rateExpression(5),
      input: JSON.stringify({ sdgaSweep: {} }), env: ENV, description: "Generation sweeper", tags: TAGS,
    });
    await settle();
  });

  it("creates exactly its rule, target and invoke permission (no role)", () => {
    assert.deepEqual(inventory("t-sweep"), [
      "aws:cloudwatch/eventRule:EventRule::t-sweep-rule", "aws:cloudwatch/eventTarget:EventTarget::t-sweep-target",
      "aws:lambda/permission:Permission::t-sweep-permission",
    ]);
  });

  it("runs on the schedule and sends the fixed event to the function, without retries", () => {
    const rule = resource("t-sweep-rule").inputs;
    assert.equal(rule.scheduleExpression, "rate(5 minutes)");
    assert.deepEqual(rule.tags, { ...TAGS, Name: "t-sweep-rule", Component: "ScheduledInvocation" });
    const target = resource("t-sweep-target").inputs;
    assert.equal(target.arn, functionArn);
    assert.deepEqual(json(target.input), { sdgaSweep: {} });
    assert.equal(target.retryPolicy.maximumRetryAttempts, 0);
    assert.ok(dependsOn(resource("t-sweep-target"), resource("t-sweep-permission")), "the target exists only once the rule may invoke");
  });

  it("lets only that rule of this account invoke only that function", () => {
    const permission = resource("t-sweep-permission").inputs;
    assert.equal(permission.action, "lambda:InvokeFunction");
    assert.equal(permission.function, "sdga-test-generate");
    assert.equal(permission.principal, "events.amazonaws.com");
    assert.equal(permission.sourceAccount, MOCK_ACCOUNT);
    assert.match(permission.sourceArn, /t-sweep-rule/);
  });

  it("rate expressions: singular for one minute, refused for less", () => {
    assert.equal(rateExpression(1), "rate(1 minute)");
    assert.equal(rateExpression(60), "rate(60 minutes)");
    assert.throws(() => rateExpression(0), /whole number of minutes/);
    assert.throws(() => rateExpression(1.5), /whole number of minutes/);
  });
});
