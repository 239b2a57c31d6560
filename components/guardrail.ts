// A Bedrock guardrail that blocks real personal data in what users send: identifiers that are never needed to
// describe a synthetic data set (national ids, card and bank numbers, credentials). Outputs are left alone:
// the agent's answers carry synthetic look-alikes by design. Classic attaches it to the agent; on AgentCore
// (no harness guardrail field) the functions call ApplyGuardrail with GUARDRAIL_ID / GUARDRAIL_VERSION.
import * as pulumi from "@pulumi/pulumi";
import * as bedrock from "@pulumi/aws/bedrock";
import { resourceTags } from "./names";

/** PII types blocked in user input. */
export const BLOCKED_PII_TYPES = [
  "US_SOCIAL_SECURITY_NUMBER", "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", "US_PASSPORT_NUMBER", "US_BANK_ACCOUNT_NUMBER",
  "UK_NATIONAL_INSURANCE_NUMBER", "UK_NATIONAL_HEALTH_SERVICE_NUMBER", "CA_HEALTH_NUMBER", "CREDIT_DEBIT_CARD_NUMBER",
  "CREDIT_DEBIT_CARD_CVV", "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "PASSWORD", "AWS_ACCESS_KEY", "AWS_SECRET_KEY",
] as const;

export interface PersonalDataGuardrailArgs {
  /** Guardrail name, e.g. `sdga-dev-personal-data`. */
  guardrailName: pulumi.Input<string>;
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
    this.guardrail = new bedrock.Guardrail(`${name}-guardrail`, {
      name: args.guardrailName,
      description: "Blocks real personal identifiers in requests to the synthetic data generator",
      blockedInputMessaging: "This request seems to contain real personal data (an id, card, account or credential). "
        + "Describe the data you need instead of pasting real records; the generator creates look-alike values itself.",
      blockedOutputsMessaging: "The answer was blocked by the data-protection guardrail.",
      sensitiveInformationPolicyConfig: {
        piiEntitiesConfigs: BLOCKED_PII_TYPES.map((type) => ({
          type, action: "BLOCK", inputAction: "BLOCK", inputEnabled: true, outputAction: "NONE", outputEnabled: false,
        })),
      },
      tags: pulumi.output(args.tags).apply((t) => resourceTags(t, "PersonalDataGuardrail", `${name}-guardrail`)),
    }, { parent: this });

    // A published version: the agent and the functions pin it rather than the mutable DRAFT.
    this.version = new bedrock.GuardrailVersion(`${name}-version`, {
      guardrailArn: this.guardrail.guardrailArn,
      description: "Published by the stack",
    }, { parent: this });

    this.guardrailId = this.guardrail.guardrailId;
    this.guardrailArn = this.guardrail.guardrailArn;
    this.guardrailVersion = this.version.version;
    this.registerOutputs({ guardrailId: this.guardrailId, guardrailArn: this.guardrailArn, guardrailVersion: this.guardrailVersion });
  }
}
