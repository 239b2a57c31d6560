// An explicit wait for IAM to propagate a new grant before a service that checks it at create time is called.
// IAM is eventually consistent (IAM User Guide, "Changes that I make are not always immediately visible"), and
// CreateGateway (AgentCore) checks that the gateway's role may use its KMS key while the provider does not retry
// it on that error (the review in issue 13). The wait runs when the resource is created and again whenever
// `trigger` changes (e.g. a hash of the role's policy), never on a deploy that changes nothing.
//
// How long: IAM gives no bound. The Terraform AWS provider, which @pulumi/aws bridges, waits up to 2 minutes
// for IAM changes to propagate before it calls a grant missing (internal/service/iam: propagationTimeout =
// 2 * time.Minute, citing AWS's IAM eventual-consistency page), so the stack waits that long: paid once on
// the first deploy and again only when the gateway role's policy changes. Should CreateGateway still fail, the
// next `pulumi up` creates it without waiting again (the wait is done, and the grant older still).
import * as pulumi from "@pulumi/pulumi";

/** Seconds waited after a grant is created or changed. */
export const IAM_PROPAGATION_SECONDS = 120;

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
