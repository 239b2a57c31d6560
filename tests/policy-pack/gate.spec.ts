// The gate: the whole pack over the local preview of the real program (every stack, both agent runtimes)
// must find nothing mandatory, and over a deliberately insecure program must block the deployment.
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { blocks } from "../../policy-pack/local/evaluate";
import { requiredTags, TAGGABLE_TYPES } from "../../policy-pack/policies";
import { cachedPreview } from "./previews";
import { checkStack, formatReport, main, STACKS } from "../../scripts/policy-check";

const INSECURE = "tests/policy-pack/fixtures/insecure-program.ts";

describe("policy gate (scripts/policy-check.ts)", function () {
    this.timeout(120_000);

    describe("the insecure program", () => {
        it("is blocked in prod: public bucket and wildcard policy each caught", async () => {
            const check = await checkStack({ stack: "prod", program: INSECURE });
            const blocking = check.violations.filter(blocks);
            const caught = (policy: string, resource: string) =>
                blocking.some((v) => v.policy === policy && v.resourceName === resource);
            assert.ok(caught("s3-bucket-policy-not-public", "public-data-policy"), formatReport([check]));
            assert.ok(caught("s3-bucket-policy-tls-only", "public-data-policy"));
            assert.ok(caught("s3-bucket-sse-kms", "public-data-sse"));
            assert.ok(caught("s3-bucket-secured", "public-data"));
            assert.ok(caught("s3-bucket-access-logged", "public-data"), "a bucket nobody logs");
            assert.ok(caught("iam-no-wildcard-actions", "wide-role-policy"));
            assert.ok(caught("iam-no-wildcard-resources", "wide-role-policy"));
        });

        it("makes the command exit 1 and name each violation by policy and resource", async () => {
            let printed = "";
            const code = await main(["--stack", "staging", "--program", INSECURE], (t) => { printed += t; });
            assert.equal(code, 1);
            assert.match(printed, /s3-bucket-policy-not-public \[mandatory\]\n\s+public-data-policy \(aws:s3\/bucketPolicy:BucketPolicy\): Statement 'PublicRead' allows s3:GetObject to anyone/);
            assert.match(printed, /iam-no-wildcard-actions \[mandatory\]\n\s+wide-role-policy/);
        });

        it("only warns in dev, where the pack is advisory", async () => {
            let printed = "";
            assert.equal(await main(["--stack", "dev", "--program", INSECURE], (t) => { printed += t; }), 0);
            assert.match(printed, /0 mandatory and [1-9]\d* advisory violations/);
        });
    });

    describe("the real program", () => {
        it("has every type that takes tags in the tagging policy's list, or exempt", async function () {
            const exempt = (requiredTags.configSchema!.properties.exemptTypes as { default: string[] }).default;
            const types = new Set<string>();
            for (const agentRuntime of ["agentcore", "classic"]) {
                for (const r of (await cachedPreview({ stack: "dev", config: { agentRuntime } })).resources) if (r.custom) types.add(r.type);
            }
            const takesTags = (type: string) => {
                const [, modulePath] = type.split(":");
                const [mod, file] = modulePath.split("/");
                return /resourceInputs\["tags"\] = args\?\.tags/.test(readFileSync(require.resolve(`@pulumi/aws/${mod}/${file}`), "utf8"));
            };
            const missing = [...types].filter((t) => t.startsWith("aws:") && takesTags(t)
                && !(TAGGABLE_TYPES as readonly string[]).includes(t) && !exempt.includes(t));
            assert.deepEqual(missing, []);
        });

        for (const stack of STACKS) {
            for (const agentRuntime of ["agentcore", "classic"]) {
                it(`${stack} (${agentRuntime}) has no violation`, async function () {
                    const check = await checkStack({ stack, config: { agentRuntime }, preview: cachedPreview });
                    assert.ok(check.resourceCount > 20, `only ${check.resourceCount} resources`);
                    // Dev's levels are advisory, so the gate asks for no violation at all, advisory ones included.
                    assert.deepEqual(check.violations, [], formatReport([check]));
                });
            }
        }

        it("prod with OpenSearch Serverless and the guardrail has no violation", async function () {
            const check = await checkStack({ stack: "prod", config: { vectorStore: "opensearch", guardrailEnabled: "true" }, preview: cachedPreview });
            assert.ok(check.resourceCount > 20);
            assert.deepEqual(check.violations, [], formatReport([check]));
        });
    });
});
