import * as assert from "node:assert/strict";
import {
    expandActionPattern, iamActionsExist, iamNoAdminPolicies, iamNoPassRoleOnWildcard, iamNoWildcardActions,
    iamNoWildcardResources, iamServiceTrustConditions, isWildcardOnlyAction, lambdaPermissionSourceArn,
} from "../../policy-pack/policies";
import { ACCOUNT, assertPasses, assertViolates, doc, REGION, resourceViolations } from "./util";

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ROLE = "aws:iam/role:Role";
const BUCKET_ARN = "arn:aws:s3:::sdga-dev-data";
const TABLE_ARN = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/sdga-dev-generations`;
const AGENT_ARN = `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/AGENT12345`;

/** A least-privilege function policy: every statement scoped, X-Ray on `*` because AWS cannot scope it. */
const leastPrivilege = () => ({
    role: "generate-role",
    policy: doc(
        { Sid: "Objects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${BUCKET_ARN}/generated-data/dev/*` },
        { Sid: "Table", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: TABLE_ARN },
        { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
        { Sid: "NoDeletes", Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ),
});
const withStatement = (statement: Record<string, unknown>) => ({ role: "generate-role", policy: doc(statement) });

describe("policy-pack/iam", () => {
    describe("iam-data lookups", () => {
        it("knows which actions AWS cannot scope to a resource", async () => {
            assert.equal(await isWildcardOnlyAction("xray:PutTraceSegments"), true);
            assert.equal(await isWildcardOnlyAction("s3:GetObject"), false);
        });
        it("expands action patterns against the service's real actions", async () => {
            const gets = await expandActionPattern("s3:GetObjectT*");
            assert.ok(gets.includes("s3:GetObjectTagging") && gets.includes("s3:GetObjectTorrent"));
            assert.deepEqual(await expandActionPattern("lambda:InvokeModel"), []);
        });
    });

    describe("iam-no-wildcard-actions", () => {
        it("passes a scoped policy", () => assertPasses(iamNoWildcardActions, ROLE_POLICY, leastPrivilege()));
        it("flags Action '*'", () => assertViolates(iamNoWildcardActions, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: "*", Resource: TABLE_ARN }), /wildcard action '\*'/));
        it("flags a service-wide action", () => assertViolates(iamNoWildcardActions, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: ["s3:*"], Resource: BUCKET_ARN }), /'s3:\*'/));
        it("flags NotAction in an Allow", () => assertViolates(iamNoWildcardActions, ROLE_POLICY,
            withStatement({ Effect: "Allow", NotAction: "iam:*", Resource: BUCKET_ARN }), /NotAction/));
        it("reads the inline policies of a role too", () => assertViolates(iamNoWildcardActions, ROLE,
            { inlinePolicies: [{ name: "inline", policy: doc({ Effect: "Allow", Action: "dynamodb:*", Resource: TABLE_ARN }) }] },
            /inline policy 'inline'.*'dynamodb:\*'/));
        it("flags a policy that is not JSON", () => assertViolates(iamNoWildcardActions, ROLE_POLICY,
            { role: "r", policy: "{not json" }, /not a readable IAM document/));
    });

    describe("iam-no-wildcard-resources", () => {
        it("passes scoped statements and `*` for unscopable actions", () => assertPasses(iamNoWildcardResources, ROLE_POLICY, leastPrivilege()));
        it("flags `*` for an action AWS scopes", () => assertViolates(iamNoWildcardResources, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: ["s3:GetObject", "xray:PutTraceSegments"], Resource: "*" }), /s3:GetObject\.$/));
        it("flags `*` for a pattern that expands to scopable actions", () => assertViolates(iamNoWildcardResources, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: "bedrock:InvokeModel*", Resource: "*" }), /bedrock:InvokeModel/));
        it("accepts `*` scoped by a condition on the action's own key", () => assertPasses(iamNoWildcardResources, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": "SyntheticDataAgent" } } })));
        it("flags `*` when the condition is only a global key", () => assertViolates(iamNoWildcardResources, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } }), /PutMetricData/));
        it("flags NotResource", () => assertViolates(iamNoWildcardResources, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: "s3:GetObject", NotResource: BUCKET_ARN }), /NotResource/));
        it("accepts an exception named in the config", () => assertPasses(iamNoWildcardResources, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }), { exemptActions: ["s3:GetObject"] }));
    });

    describe("iam-actions-exist", () => {
        it("passes real actions and patterns", () => assertPasses(iamActionsExist, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: ["bedrock:InvokeModel", "s3:GetObject*", "bedrock-agentcore:InvokeGateway"], Resource: AGENT_ARN })));
        it("flags a typo such as lambda:InvokeModel", () => assertViolates(iamActionsExist, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: ["lambda:InvokeFunction", "lambda:InvokeModel"], Resource: AGENT_ARN }), /'lambda:InvokeModel'/));
        it("flags an unknown service", () => assertViolates(iamActionsExist, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: "bedrok:InvokeModel", Resource: AGENT_ARN }), /no IAM service 'bedrok'/));
        it("flags a pattern that matches nothing", () => assertViolates(iamActionsExist, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: "s3:Gett*", Resource: BUCKET_ARN }), /matches no s3 action/));
        it("flags text that is not service:Action", () => assertViolates(iamActionsExist, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: "GetObject", Resource: BUCKET_ARN }), /not of the form/));
    });

    describe("iam-no-passrole-wildcard", () => {
        const passRole = (Resource: string) => withStatement({ Effect: "Allow", Action: "iam:PassRole", Resource,
            Condition: { StringEquals: { "iam:PassedToService": "bedrock.amazonaws.com" } } });
        it("passes PassRole on a named role", () => assertPasses(iamNoPassRoleOnWildcard, ROLE_POLICY, passRole(`arn:aws:iam::${ACCOUNT}:role/sdga-dev-kb`)));
        it("flags PassRole on `*`", () => assertViolates(iamNoPassRoleOnWildcard, ROLE_POLICY, passRole("*"), /iam:PassRole on any role/));
        it("flags PassRole on every role of the account", () => assertViolates(iamNoPassRoleOnWildcard, ROLE_POLICY,
            passRole(`arn:aws:iam::${ACCOUNT}:role/*`), /any role/));
    });

    describe("iam-service-trust-conditions", () => {
        const trust = (service: string, condition?: Record<string, unknown>) => ({
            assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }),
        });
        const guarded = { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/*` } };
        it("passes a Bedrock trust with both conditions", () => assertPasses(iamServiceTrustConditions, ROLE, trust("bedrock.amazonaws.com", guarded)));
        it("passes a Lambda trust without conditions (not a guarded service)", () => assertPasses(iamServiceTrustConditions, ROLE, trust("lambda.amazonaws.com")));
        it("flags a Bedrock trust without aws:SourceArn", () => assertViolates(iamServiceTrustConditions, ROLE,
            trust("bedrock.amazonaws.com", { StringEquals: { "aws:SourceAccount": ACCOUNT } }), /without a aws:SourceArn condition/));
        it("flags an AgentCore trust with no conditions", () => assertViolates(iamServiceTrustConditions, ROLE,
            trust("bedrock-agentcore.amazonaws.com"), /bedrock-agentcore\.amazonaws\.com.*aws:SourceAccount and aws:SourceArn/));
        it("guards the services named in the config", () => assertViolates(iamServiceTrustConditions, ROLE,
            trust("lambda.amazonaws.com"), /lambda/, { servicePrincipals: ["lambda.amazonaws.com"] }));
    });

    describe("iam-no-admin-policies", () => {
        const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
        it("passes a narrow managed policy", () => assertPasses(iamNoAdminPolicies, ATTACHMENT,
            { role: "r", policyArn: "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess" }));
        it("flags AdministratorAccess", () => assertViolates(iamNoAdminPolicies, ATTACHMENT,
            { role: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }, /AdministratorAccess/));
        it("flags PowerUserAccess among a role's managed policies", () => assertViolates(iamNoAdminPolicies, ROLE,
            { managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] }, /PowerUserAccess/));
        it("flags an inline administrator policy", () => assertViolates(iamNoAdminPolicies, ROLE_POLICY,
            withStatement({ Effect: "Allow", Action: "*", Resource: "*" }), /administrator policy/));
    });

    describe("lambda-permission-source-arn", () => {
        const PERMISSION = "aws:lambda/permission:Permission";
        const base = { action: "lambda:InvokeFunction", function: "generate", principal: "bedrock.amazonaws.com", sourceArn: AGENT_ARN, sourceAccount: ACCOUNT };
        it("passes a permission for one agent", () => assertPasses(lambdaPermissionSourceArn, PERMISSION, base));
        it("flags a permission without a source ARN", () => assertViolates(lambdaPermissionSourceArn, PERMISSION,
            { ...base, sourceArn: undefined }, /no sourceArn/));
        it("flags a wildcard source ARN", () => assertViolates(lambdaPermissionSourceArn, PERMISSION,
            { ...base, sourceArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:agent/*` }, /has a wildcard/));
        it("flags a service permission without a source account", () => assertViolates(lambdaPermissionSourceArn, PERMISSION,
            { ...base, sourceAccount: undefined }, /no sourceAccount/));
        it("flags a '*' principal", () => assertViolates(lambdaPermissionSourceArn, PERMISSION, { ...base, principal: "*" }, /any principal/));
        it("ignores other resource types", async () => assert.deepEqual(await resourceViolations(lambdaPermissionSourceArn, ROLE_POLICY, {}), []));
    });
});
