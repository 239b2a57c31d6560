// A Bedrock guardrail that blocks real personal data in what users send: identifiers that are never needed to
// describe a synthetic data set (national ids, card and bank numbers, credentials). Outputs are left alone:
// the agent's answers carry synthetic look-alikes by design. Classic attaches it to the agent; on AgentCore
// (no harness guardrail field) the functions call ApplyGuardrail with GUARDRAIL_ID / GUARDRAIL_VERSION.
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as bedrock from "@pulumi/aws/bedrock";
import { resourceTags } from "./names";

/** PII types blocked in user input. */
export const BLOCKED_PII_TYPES = [
  "US_SOCIAL_SECURITY_NUMBER", "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", "US_PASSPORT_NUMBER", "US_BANK_ACCOUNT_NUMBER",
  "UK_NATIONAL_INSURANCE_NUMBER", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "CA_HEALTH_NUMBER", "CREDIT_DEBIT_CARD_NUMBER",
  "CREDIT_DEBIT_CARD_CVV", "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "PASSWORD", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
] as const;

/** What the guardrail blocks and says: everything a published version freezes. */
export interface GuardrailContent {
  blockedInputMessaging: string;
  blockedOutputsMessaging: string;
  piiTypes: readonly string[];
}

export const GUARDRAIL_CONTENT: GuardrailContent = {
  blockedInputMessaging: "This request seems to contain real personal data (an id, card, account or credential). "
    + "Describe the data you need instead of pasting real records; the generator creates look-alike values itself.",
  blockedOutputsMessaging: "The answer was blocked by the data-protection guardrail.",
  piiTypes: BLOCKED_PII_TYPES,
};

/** The sensitive-information entries: each PII type blocked in input, left alone in output. */
export function piiEntityConfigs(content: GuardrailContent) {
  return content.piiTypes.map((type) => ({
    type, action: "BLOCK", inputAction: "BLOCK", inputEnabled: true, outputAction: "NONE", outputEnabled: false,
  }));
}

/** A short fingerprint of everything the guardrail is configured with (order-independent in the PII list). */
export function guardrailFingerprint(content: GuardrailContent): string {
  const canonical = JSON.stringify({
    input: content.blockedInputMessaging, outputs: content.blockedOutputsMessaging,
    pii: piiEntityConfigs(content).sort((a, b) => a.type.localeCompare(b.type)),
  });
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

/**
 * The published version's description. The provider replaces a GuardrailVersion whose description changes
 * (terraform-provider-aws guardrail_version.go: `RequiresReplaceIfConfigured` on description), so carrying the
 * content fingerprint publishes a new version whenever the content changes, and only then.
 */
export function guardrailVersionDescription(content: GuardrailContent): string {
  return `Published by the stack for content ${guardrailFingerprint(content)}`;
}

export interface PersonalDataGuardrailArgs {
  /** Guardrail name, e.g. `sdga-dev-personal-data`. */
  guardrailName: pulumi.Input<string>;
  /** What it blocks and says. @default GUARDRAIL_CONTENT */
  content?: GuardrailContent;
  /** Stack tags; the component adds Name and Component. */
  tags: pulumi.Input<Record<string, string>>;
}

export class PersonalDataGuardrail extends pulumi.ComponentResource {
  public readonly guardrail: bedrock.Guardrail;
  public readonly version: bedrock.GuardrailVersion;
  public readonly guardrailId: pulumi.Output<string>;
  public readonly guardrailArn: pulumi.Output<string>;
  public readonly guardrailVersion: pulumi.Output<string>;

  constructor(name: string, args: PersonalDataGuardrailArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:ai:PersonalDataGuardrail", name, {}, opts);
    const content = args.content ?? GUARDRAIL_CONTENT;
    this.guardrail = new bedrock.Guardrail(`${name}-guardrail`, {
      name: args.guardrailName,
      description: "Blocks real personal identifiers in requests to the synthetic data generator",
      blockedInputMessaging: content.blockedInputMessaging,
      blockedOutputsMessaging: content.blockedOutputsMessaging,
      sensitiveInformationPolicyConfig: {
        piiEntitiesConfigs: piiEntityConfigs(content),
      },
      tags: pulumi.output(args.tags).apply((t) => resourceTags(t, "PersonalDataGuardrail", `${name}-guardrail`)),
    }, { parent: this });

    // A published version: the agent and the functions pin it rather than the mutable DRAFT. A content change
    // updates the DRAFT first (the version depends on the guardrail), then replaces this version with a new one,
    // which moves the classic agent (and its alias) and the functions' GUARDRAIL_VERSION to it.
    this.version = new bedrock.GuardrailVersion(`${name}-version`, {
      guardrailArn: this.guardrail.guardrailArn,
      description: guardrailVersionDescription(content),
    }, { parent: this, dependsOn: [this.guardrail] });

    this.guardrailId = this.guardrail.guardrailId;
    this.guardrailArn = this.guardrail.guardrailArn;
    this.guardrailVersion = this.version.version;
    this.registerOutputs({ guardrailId: this.guardrailId, guardrailArn: this.guardrailArn, guardrailVersion: this.guardrailVersion });
  }
}
