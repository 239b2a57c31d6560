// Shared helpers of the policies: reading IAM documents, tags and links between resources of the graph.
// Everything here is pure, so the policies stay short and the helpers are tested on their own.
import { PolicyConfigSchema, PolicyResource, ResourceValidation, ResourceValidationPolicy, UnknownValueError } from "@pulumi/policy";

/** One IAM statement with every list-or-string field normalised to a list. */
export interface NormalizedStatement {
    sid?: string;
    effect: "Allow" | "Deny";
    actions: string[];
    notActions: string[];
    resources: string[];
    notResources: string[];
    /** Service principals (`Principal.Service`), e.g. `bedrock.amazonaws.com`. */
    servicePrincipals: string[];
    /** True when the principal is `*` or `{AWS: "*"}`. */
    anyPrincipal: boolean;
    condition: Record<string, Record<string, unknown>>;
}

export class PolicyDocumentError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PolicyDocumentError";
    }
}

const toList = (value: unknown): string[] =>
    value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

/** Parses an IAM policy document given as JSON text or as an object; throws PolicyDocumentError when it is not one. */
export function parsePolicyDocument(document: unknown): NormalizedStatement[] {
    let parsed: unknown = document;
    if (typeof document === "string") {
        try {
            parsed = JSON.parse(document);
        } catch (e) {
            throw new PolicyDocumentError(`policy document is not valid JSON: ${(e as Error).message}`);
        }
    }
    if (typeof parsed !== "object" || parsed === null) throw new PolicyDocumentError("policy document is not an object");
    const raw = (parsed as { Statement?: unknown }).Statement;
    const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return statements.map((s: any) => {
        const principal = s?.Principal;
        const anyPrincipal = principal === "*" || toList(principal?.AWS).includes("*");
        return {
            sid: s?.Sid,
            effect: s?.Effect === "Deny" ? "Deny" : "Allow",
            actions: toList(s?.Action),
            notActions: toList(s?.NotAction),
            resources: toList(s?.Resource),
            notResources: toList(s?.NotResource),
            servicePrincipals: typeof principal === "object" && principal !== null ? toList(principal.Service) : [],
            anyPrincipal,
            condition: (s?.Condition ?? {}) as Record<string, Record<string, unknown>>,
        };
    });
}

/** A label for a statement in messages: its Sid, else its position. */
export const statementLabel = (s: NormalizedStatement, index: number): string => (s.sid ? `'${s.sid}'` : `#${index + 1}`);

/** Condition keys a statement tests (lower case, any operator), e.g. `aws:sourceaccount`. */
export function conditionKeys(statement: NormalizedStatement): Set<string> {
    const keys = new Set<string>();
    for (const operands of Object.values(statement.condition)) {
        for (const key of Object.keys(operands ?? {})) keys.add(key.toLowerCase());
    }
    return keys;
}

/** The value a statement requires for a condition key under one of the given operators (first match). */
export function conditionValue(statement: NormalizedStatement, operators: string[], key: string): string[] | undefined {
    for (const [operator, operands] of Object.entries(statement.condition)) {
        if (!operators.includes(operator)) continue;
        for (const [k, v] of Object.entries(operands ?? {})) {
            if (k.toLowerCase() === key.toLowerCase()) return toList(v);
        }
    }
    return undefined;
}

/** Splits `service:Action` into its parts; undefined for `*` or text without a colon. */
export function splitAction(action: string): { service: string; name: string } | undefined {
    const i = action.indexOf(":");
    if (i <= 0) return undefined;
    return { service: action.slice(0, i).toLowerCase(), name: action.slice(i + 1) };
}

/** Matches an IAM action pattern (`*` and `?` wildcards, case-insensitive). */
export function actionPatternMatches(pattern: string, action: string): boolean {
    const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
    return re.test(action);
}

/** The tags of a resource: its own `tags` over its provider's `defaultTags`. */
export function effectiveTags(props: Record<string, any>, providerProps?: Record<string, any>): Record<string, string> {
    const defaults = (providerProps?.defaultTags?.tags ?? {}) as Record<string, string>;
    const own = (props.tags ?? {}) as Record<string, string>;
    return { ...defaults, ...own };
}

/** Whether `dependent` depends on `target` (directly, through a property, or as a child of it). */
export function dependsOn(dependent: PolicyResource, target: PolicyResource): boolean {
    if (dependent.dependencies?.some((d) => d.urn === target.urn)) return true;
    for (const deps of Object.values(dependent.propertyDependencies ?? {})) {
        if (deps.some((d) => d.urn === target.urn)) return true;
    }
    return false;
}

/** Resources of a type that are linked to `target`: they depend on it, or one of their properties names it. */
export function linkedResources(
    resources: PolicyResource[],
    type: string,
    target: PolicyResource,
    namesTarget: (candidate: PolicyResource) => boolean = () => false,
): PolicyResource[] {
    return resources.filter((r) => r.type === type && (dependsOn(r, target) || namesTarget(r)));
}

/** True when the value is set and is not an empty string. */
export const isSet = (value: unknown): boolean => value !== undefined && value !== null && value !== "";

/** AWS-managed key aliases; a customer key is anything else (a key ARN, key id or customer alias). */
export const isAwsManagedKey = (keyId: unknown): boolean =>
    typeof keyId === "string" && /(^|:)alias\/aws\//.test(keyId);

/**
 * Reads a value that may be unknown during a preview. The policy SDK throws UnknownValueError on such a read,
 * which would downgrade the whole policy to advisory; a link that cannot be known yet is simply no link.
 */
export function known<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (e) {
        if (e instanceof UnknownValueError) return undefined;
        throw e;
    }
}

/** Config defaults from a policy's schema. */
export function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
    return Object.fromEntries(Object.entries(schema?.properties ?? {})
        .map(([key, property]) => [key, (property as { default?: unknown }).default])
        .filter(([, value]) => value !== undefined));
}

/**
 * The policy with its schema defaults applied under whatever config the engine sends: the CLI fills them in
 * when it configures the pack, but a run that configures nothing (or leaves a key out) still gets them.
 */
export function withConfigDefaults(policy: ResourceValidationPolicy): ResourceValidationPolicy {
    const defaults = schemaDefaults(policy.configSchema);
    const wrap = (validate: ResourceValidation): ResourceValidation => {
        const wrapped: ResourceValidation = (args, reportViolation) => validate(
            { ...args, getConfig: <T extends object>() => ({ ...defaults, ...definedEntries(args.getConfig()) }) as T },
            reportViolation);
        // The engine filters resources by the type tag that validateResourceOfType attaches.
        (wrapped as { __pulumiType?: string }).__pulumiType = (validate as { __pulumiType?: string }).__pulumiType;
        return wrapped;
    };
    const validations = policy.validateResource;
    return {
        ...policy,
        validateResource: Array.isArray(validations) ? validations.map(wrap) : validations && wrap(validations),
    };
}

const definedEntries = (config: object): Record<string, unknown> =>
    Object.fromEntries(Object.entries(config ?? {}).filter(([, value]) => value !== undefined));
