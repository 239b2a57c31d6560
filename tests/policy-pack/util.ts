// Helpers of the policy specs, after pulumi-policy-aws src/tests/util.ts: hand-built resources, the pack's
// own evaluator (schema defaults filled in as the CLI does), assertions on the violation messages.
import * as assert from "node:assert/strict";
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    GraphResource, resolvePolicyConfig, runResourcePolicy, runStackPolicy, toPolicyResources,
} from "../../policy-pack/local/evaluate";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0b7a1c2d-1111-2222-3333-444455556666`;

let counter = 0;
/** A resource of the given type with the given inputs. */
export function resource(type: string, props: Record<string, any>, name = `r${++counter}`) {
    return { type, name, urn: `urn:pulumi:dev::sdga::${type}::${name}`, props };
}

/** The messages a resource policy reports for one resource (config = the file's entry for this policy). */
export function resourceViolations(policy: ResourceValidationPolicy, type: string, props: Record<string, any>,
    config: Record<string, unknown> = {}, provider?: { props: Record<string, any> }): Promise<string[]> {
    const r = resource(type, props);
    const full = provider ? { ...r, provider: { type: "pulumi:providers:aws", urn: "urn:provider", name: "aws", ...provider } } : r;
    return runResourcePolicy(policy, full, resolvePolicyConfig(policy, { [policy.name]: config }));
}

export async function assertPasses(policy: ResourceValidationPolicy, type: string, props: Record<string, any>, config: Record<string, unknown> = {}) {
    assert.deepEqual(await resourceViolations(policy, type, props, config), []);
}

/** Exactly one violation, matching `pattern`. */
export async function assertViolates(policy: ResourceValidationPolicy, type: string, props: Record<string, any>,
    pattern: RegExp, config: Record<string, unknown> = {}) {
    const messages = await resourceViolations(policy, type, props, config);
    assert.equal(messages.length, 1, `expected one violation of ${policy.name}, got ${JSON.stringify(messages)}`);
    assert.match(messages[0], pattern);
}

/** A graph node (outputs = inputs, as the local preview's mocks return them). */
export function node(type: string, name: string, props: Record<string, any>, dependencies: string[] = []): GraphResource {
    return { urn: `urn:pulumi:dev::sdga::${type}::${name}`, type, name, custom: true, inputs: props, outputs: props, dependencies };
}
export const urnOf = (n: GraphResource): string => n.urn;

export function stackViolations(policy: StackValidationPolicy, graph: GraphResource[], config: Record<string, unknown> = {}) {
    const resources: PolicyResource[] = toPolicyResources(graph);
    return runStackPolicy(policy, resources, resolvePolicyConfig(policy, { [policy.name]: config }));
}

export const clone = <T>(value: T): T => structuredClone(value);
export const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
