// Runs the pack's policies without the Pulumi CLI: over a resource graph (scripts/policy-check.ts) or over
// hand-made resources (the policy specs). It builds the same arguments the CLI's analyzer builds
// (@pulumi/policy server.js): schema defaults filled in, levels resolved per policy > `all` > policy > pack.
// Not imported by ../index.ts, so the pack the CLI loads does not carry it.
import {
    EnforcementLevel, Policies, Policy, PolicyConfigSchema, PolicyResource, ResourceValidationArgs,
    ResourceValidationPolicy, StackValidationPolicy,
} from "@pulumi/policy";

/** A policy pack config file (`policy-pack/<stack>.json`): per policy (or `all`) a level or an object with one. */
export type PackConfig = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

/** One resource of a preview graph (the shape tests/harness/preview.ts returns). */
export interface GraphResource {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    custom: boolean;
    inputs: Record<string, any>;
    outputs: Record<string, any>;
    dependencies: string[];
    /** URNs each input property depends on. */
    propertyDependencies?: Record<string, string[]>;
}

export interface Violation {
    policy: string;
    level: EnforcementLevel;
    message: string;
    urn?: string;
    resourceName?: string;
    resourceType?: string;
}

export class PolicyConfigError extends Error {
    constructor(readonly policy: string, message: string) {
        super(`Invalid config for policy '${policy}': ${message}`);
        this.name = "PolicyConfigError";
    }
}

/** Thrown by `notApplicable()`, as the CLI's analyzer does; the policy then simply does not apply. */
class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
        this.name = "NotApplicableError";
    }
}
const throwNotApplicable = (reason?: string): never => {
    throw new NotApplicableError(reason);
};

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

const entryLevel = (entry: PackConfig[string] | undefined): EnforcementLevel | undefined =>
    typeof entry === "string" ? entry : entry?.enforcementLevel;

/** A policy's effective level: its own config entry > `all` > the policy's level > the pack's level. */
export function resolveLevel(policy: Policy, packLevel: EnforcementLevel, config: PackConfig = {}): EnforcementLevel {
    const level = entryLevel(config[policy.name]) ?? entryLevel(config.all) ?? policy.enforcementLevel ?? packLevel;
    if (!LEVELS.includes(level)) throw new PolicyConfigError(policy.name, `unknown enforcement level '${level}'`);
    return level;
}

const typeMatches = (type: string | undefined, value: unknown): boolean => {
    switch (type) {
        case "string": return typeof value === "string";
        case "boolean": return typeof value === "boolean";
        case "integer": return Number.isInteger(value);
        case "number": return typeof value === "number";
        case "array": return Array.isArray(value);
        case "object": return typeof value === "object" && value !== null && !Array.isArray(value);
        default: return true;
    }
};

/** A policy's config: schema defaults, then the file's values (type-checked against the schema). */
export function resolvePolicyConfig(policy: Policy, config: PackConfig = {}): Record<string, unknown> {
    const schema: PolicyConfigSchema | undefined = policy.configSchema;
    const entry = config[policy.name];
    const given: Record<string, unknown> = typeof entry === "object" && entry !== null ? { ...entry } : {};
    delete given.enforcementLevel;
    const resolved: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema?.properties ?? {})) {
        if ((property as { default?: unknown }).default !== undefined) resolved[key] = structuredClone((property as { default?: unknown }).default);
    }
    for (const [key, value] of Object.entries(given)) {
        const property = schema?.properties?.[key] as { type?: string } | undefined;
        if (!property) throw new PolicyConfigError(policy.name, `unknown property '${key}'`);
        if (!typeMatches(property.type, value)) throw new PolicyConfigError(policy.name, `'${key}' must be of type ${property.type}`);
        resolved[key] = value;
    }
    for (const key of schema?.required ?? []) {
        if (resolved[key] === undefined) throw new PolicyConfigError(policy.name, `'${key}' is required`);
    }
    return resolved;
}

const pulumiTypeOf = (resourceClass: unknown): string | undefined => (resourceClass as { __pulumiType?: string })?.__pulumiType;

interface ResourceLike {
    type: string;
    urn: string;
    name: string;
    props: Record<string, any>;
    provider?: { type: string; props: Record<string, any>; urn: string; name: string };
    parent?: string;
}

/** The arguments the analyzer gives a resource policy. */
export function resourceValidationArgs(resource: ResourceLike, policyConfig: Record<string, unknown> = {}): ResourceValidationArgs {
    return {
        type: resource.type,
        props: resource.props,
        urn: resource.urn,
        name: resource.name,
        opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], parent: resource.parent,
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
        provider: resource.provider,
        stackTags: new Map(),
        isType: (cls) => pulumiTypeOf(cls) === resource.type,
        asType: ((cls: unknown) => (pulumiTypeOf(cls) === resource.type ? resource.props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => policyConfig as T,
        notApplicable: throwNotApplicable,
    };
}

/** Runs one resource policy over one resource; returns the violation messages. */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy, resource: ResourceLike, policyConfig: Record<string, unknown> = resolvePolicyConfig(policy),
): Promise<string[]> {
    const messages: string[] = [];
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const validate of validations) {
        if (!validate) continue;
        const declaredType = pulumiTypeOf(validate);
        if (declaredType && declaredType !== resource.type) continue;
        try {
            await validate(resourceValidationArgs(resource, policyConfig), (message) => messages.push(message));
        } catch (e) {
            if (!(e instanceof NotApplicableError)) throw e;
        }
    }
    return messages;
}

/** Runs one stack policy over the whole graph; returns its violations with the URN each names. */
export async function runStackPolicy(
    policy: StackValidationPolicy, resources: PolicyResource[], policyConfig: Record<string, unknown> = resolvePolicyConfig(policy),
): Promise<{ message: string; urn?: string }[]> {
    const found: { message: string; urn?: string }[] = [];
    try {
        await policy.validateStack(
            { resources, stackTags: new Map(), getConfig: <T extends object>() => policyConfig as T, notApplicable: throwNotApplicable },
            (message, urn) => found.push({ message, urn }),
        );
    } catch (e) {
        if (!(e instanceof NotApplicableError)) throw e;
    }
    return found;
}

/** Links a graph's resources into the PolicyResource shape stack policies see (props = outputs). */
export function toPolicyResources(graph: GraphResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    for (const r of graph) {
        byUrn.set(r.urn, {
            type: r.type, name: r.name, urn: r.urn, props: r.outputs ?? {},
            opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [], parent: r.parent,
                customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 } },
            dependencies: [], propertyDependencies: {},
            isType: (cls) => pulumiTypeOf(cls) === r.type,
            asType: ((cls: unknown) => (pulumiTypeOf(cls) === r.type ? r.outputs : undefined)) as PolicyResource["asType"],
        });
    }
    for (const r of graph) {
        const resource = byUrn.get(r.urn)!;
        resource.parent = r.parent ? byUrn.get(r.parent) : undefined;
        const linked = (urns: string[]) => urns.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => d !== undefined);
        resource.dependencies = linked(r.dependencies ?? []);
        resource.propertyDependencies = Object.fromEntries(
            Object.entries(r.propertyDependencies ?? {}).map(([key, urns]) => [key, linked(urns)]));
    }
    return [...byUrn.values()];
}

const isStackPolicy = (p: Policy): p is StackValidationPolicy => typeof (p as StackValidationPolicy).validateStack === "function";

export interface EvaluateOptions {
    policies: Policies;
    graph: GraphResource[];
    packLevel?: EnforcementLevel;
    config?: PackConfig;
}

/** Resource policies over each resource's inputs, stack policies over the graph; every violation with its level. */
export async function evaluatePolicies({ policies, graph, packLevel = "mandatory", config = {} }: EvaluateOptions): Promise<Violation[]> {
    const violations: Violation[] = [];
    const resources = graph.filter((r) => !r.type.startsWith("pulumi:"));
    const policyResources = toPolicyResources(resources);
    for (const policy of policies) {
        const level = resolveLevel(policy, packLevel, config);
        if (level === "disabled") continue;
        const policyConfig = resolvePolicyConfig(policy, config);
        if (isStackPolicy(policy)) {
            for (const { message, urn } of await runStackPolicy(policy, policyResources, policyConfig)) {
                const r = resources.find((x) => x.urn === urn);
                violations.push({ policy: policy.name, level, message, urn, resourceName: r?.name, resourceType: r?.type });
            }
            continue;
        }
        for (const r of resources) {
            for (const message of await runResourcePolicy(policy as ResourceValidationPolicy, { ...r, props: r.inputs ?? {} }, policyConfig)) {
                violations.push({ policy: policy.name, level, message, urn: r.urn, resourceName: r.name, resourceType: r.type });
            }
        }
    }
    return violations;
}

/** Remediate and mandatory both stop a deployment (a still-failing remediation counts as mandatory). */
export const blocks = (v: Violation): boolean => v.level === "mandatory" || v.level === "remediate";
