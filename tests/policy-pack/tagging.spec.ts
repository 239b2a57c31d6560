import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { requiredTags, TAGGABLE_TYPES } from "../../policy-pack/policies";
import { assertPasses, assertViolates, resourceViolations } from "./util";

const TAGS = { Project: "sdga", Environment: "dev", Owner: "data-platform", CostCenter: "synthetic-data-dev", ManagedBy: "pulumi" };

describe("policy-pack/tagging", () => {
    describe("required-tags", () => {
        it("passes a resource with every tag", () => assertPasses(requiredTags, "aws:sns/topic:Topic", { tags: TAGS }));
        it("flags a missing tag", () => assertViolates(requiredTags, "aws:sns/topic:Topic", { tags: { ...TAGS, Owner: undefined } }, /Owner$|Owner\./));
        it("flags a blank tag", () => assertViolates(requiredTags, "aws:sns/topic:Topic", { tags: { ...TAGS, CostCenter: " " } }, /CostCenter/));
        it("flags a taggable type with no tags at all", () => assertViolates(requiredTags, "aws:lambda/function:Function", {}, /Project, Environment/));
        it("accepts the provider's default tags", async () => {
            assert.deepEqual(await resourceViolations(requiredTags, "aws:kms/key:Key", { tags: { Owner: "x" } }, {}, { props: { defaultTags: { tags: TAGS } } }), []);
        });
        it("ignores resources that take no tags", () => assertPasses(requiredTags, "aws:iam/rolePolicy:RolePolicy", { policy: "{}" }));
        it("skips exempt types", () => assertPasses(requiredTags, "aws:s3/bucketObjectv2:BucketObjectv2", { key: "k", tags: {} }));
        it("checks an exempt type once the config stops exempting it", () => assertViolates(requiredTags, "aws:s3/bucketObjectv2:BucketObjectv2",
            { key: "k", tags: {} }, /Project/, { exemptTypes: [] }));
        it("reads the required keys from the config", () => assertViolates(requiredTags, "aws:sns/topic:Topic", { tags: TAGS }, /DataClass/, { requiredTags: ["DataClass"] }));
    });

    it("lists only types whose provider class takes tags", () => {
        for (const type of TAGGABLE_TYPES) {
            const [, modulePath, className] = type.split(":");
            const [mod, file] = modulePath.split("/");
            const source = readFileSync(require.resolve(`@pulumi/aws/${mod}/${file}`), "utf8");
            assert.match(source, /resourceInputs\["tags"\] = args\?\.tags/, `${type} takes no tags`);
            assert.match(source, new RegExp(`__pulumiType = '${type.replace(/[/$]/g, "\\$&")}'`), `${className} has another type token`);
        }
    });
});
