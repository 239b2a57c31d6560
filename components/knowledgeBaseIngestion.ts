// Loads the knowledge base from the deploy itself: one invocation of the stack's ingest function
// (functions/ingest), made by Pulumi after the documents are uploaded and again whenever their digest (or the
// knowledge base, or its data source) changes. The function starts the ingestion job and waits for it; a
// failed, stopped or partial ingestion is a function error, which fails the invocation and so the `pulumi up`
// with the job's failure reasons in its message.
import * as pulumi from "@pulumi/pulumi";
import * as lambda from "@pulumi/aws/lambda";

export interface KnowledgeBaseIngestionArgs {
  knowledgeBaseId: pulumi.Input<string>;
  dataSourceId: pulumi.Input<string>;
  /** SHA-256 of the documents (KnowledgeBase.documentsDigest): a new value ingests again. */
  documentsDigest: pulumi.Input<string>;
  /** The ingest function (its role may start and read ingestion jobs of this knowledge base only). */
  functionName: pulumi.Input<string>;
  /** What must exist before ingesting: the uploaded documents and the data source. */
  after: pulumi.Input<pulumi.Resource>[];
}

/** The invocation's input: what the function ingests, and why (the digest). */
export function ingestionInput(knowledgeBaseId: string, dataSourceId: string, digest: string): string {
  return JSON.stringify({ knowledgeBaseId, dataSourceId, documentsDigest: digest });
}

export class KnowledgeBaseIngestion extends pulumi.ComponentResource {
  public readonly invocation: lambda.Invocation;
  /** The function's answer: the job id, its status (COMPLETE) and its statistics, as JSON. */
  public readonly result: pulumi.Output<string>;

  constructor(name: string, args: KnowledgeBaseIngestionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("sdga:ai:KnowledgeBaseIngestion", name, {}, opts);
    // The provider invokes on create and whenever `input` or `triggers` change (lifecycle scope CREATE_ONLY:
    // nothing on destroy). The digest is in both, so a documents change re-invokes even if the input's shape moves.
    this.invocation = new lambda.Invocation(`${name}-invocation`, {
      functionName: args.functionName,
      input: pulumi.all([args.knowledgeBaseId, args.dataSourceId, args.documentsDigest])
        .apply(([kb, ds, digest]) => ingestionInput(kb, ds, digest)),
      triggers: { documentsDigest: args.documentsDigest },
      lifecycleScope: "CREATE_ONLY",
    }, { parent: this, dependsOn: args.after });
    this.result = this.invocation.result;
    this.registerOutputs({ result: this.result });
  }
}
