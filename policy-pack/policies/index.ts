// Every policy of the pack, by domain. Importing this module starts nothing (unlike constructing the PolicyPack).
import { Policies } from "@pulumi/policy";
import { computePolicies } from "./compute";
import { encryptionPolicies } from "./encryption";
import { iamPolicies } from "./iam";
import { observabilityPolicies } from "./observability";
import { storagePolicies } from "./storage";
import { taggingPolicies } from "./tagging";

export * from "./compute";
export * from "./encryption";
export * from "./iam";
export * from "./observability";
export * from "./storage";
export * from "./tagging";

export const POLICY_PACK_NAME = "sdga-guardrails";

export const allPolicies: Policies = [
    ...iamPolicies, ...storagePolicies, ...encryptionPolicies, ...computePolicies, ...observabilityPolicies, ...taggingPolicies,
];
