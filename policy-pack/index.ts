// The CrossGuard pack. Constructing it starts the policy gRPC server, so nothing else imports this file:
// tests and scripts/policy-check.ts import ./policies instead. Per-stack levels come from {dev,staging,prod}.json.
import { PolicyPack } from "@pulumi/policy";
import { allPolicies, POLICY_PACK_NAME } from "./policies";

new PolicyPack(POLICY_PACK_NAME, {
    description: "Least-privilege IAM, encryption and exposure, operations and tagging of the synthetic data generator agent.",
    // Mandatory unless a stack's config file says otherwise (dev.json makes everything advisory).
    enforcementLevel: "mandatory",
    policies: allPolicies,
});
