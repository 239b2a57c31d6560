// An explicit wait for IAM to propagate a new grant before a service that checks it at create time is called.
// IAM is eventually consistent ("a change may not be visible immediately", IAM User Guide, troubleshoot
// eventual consistency) and CreateGateway (AgentCore) validates that the gateway's role may use its KMS key
// without the provider retrying on that error. The wait runs when the resource is created and again whenever
// `trigger` changes (e.g. a hash of the role's policy), never on a deploy that changes nothing.
//
// How long: the Terraform AWS provider, which @pulumi/aws bridges, retries IAM-propagation errors for up to
// 2 minutes where it does retry (internal/service/iam: propagationTimeout), and AWS's own samples wait 10 s
// after creating a role for Bedrock; 30 s sits between, is paid once per grant change, and the gateway's
// create is retried by a second `pulumi up` if it ever is not enough.
import * as pulumi from "@pulumi/pulumi";

/** Seconds waited after a grant is created or changed. */
export const IAM_PROPAGATION_SECONDS = 30;

export type Sleep = (ms: number) => Promise<void>;

interface WaitInputs { trigger: string; seconds: number }

/** The dynamic provider: create and replace sleep; nothing else does. `sleep` is injectable for the spec. */
export function iamPropagationProvider(sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))): pulumi.dynamic.ResourceProvider {
  return {
    async create(inputs: WaitInputs) {
      await sleep(inputs.seconds * 1000);
      return { id: `iam-wait-${inputs.trigger.slice(0, 16)}`, outs: { trigger: inputs.trigger, seconds: inputs.seconds } };
    },
    async diff(_id: string, olds: WaitInputs, news: WaitInputs) {
      const changed = olds.trigger !== news.trigger;
      return { changes: changed || olds.seconds !== news.seconds, replaces: changed ? ["trigger"] : [], deleteBeforeReplace: false };
    },
    async update(_id: string, _olds: WaitInputs, news: WaitInputs) {
      return { outs: { trigger: news.trigger, seconds: news.seconds } };
    },
  };
}

export interface IamPropagationWaitArgs {
  /** What, when it changes, needs a new wait (a hash of the policy document). */
  trigger: pulumi.Input<string>;
  /** @default IAM_PROPAGATION_SECONDS */
  seconds?: number;
}

export class IamPropagationWait extends pulumi.dynamic.Resource {
  public readonly trigger!: pulumi.Output<string>;

  constructor(name: string, args: IamPropagationWaitArgs, opts?: pulumi.CustomResourceOptions) {
    super(iamPropagationProvider(), name, { trigger: args.trigger, seconds: args.seconds ?? IAM_PROPAGATION_SECONDS }, opts);
  }
}
