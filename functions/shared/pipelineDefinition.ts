// The generation pipeline's Amazon States Language definition (a pure function): deployed by
// components/generationPipeline.ts, and run on this machine by functions/local/stateMachine.ts.
export interface PipelineDefinitionOptions {
  /** ARN of the shard worker (the generate function). */
  workerArn: string;
  /** Shards in flight at once (Distributed Map MaxConcurrency). */
  maxConcurrency: number;
  /** Tries of one shard on a transient Lambda error before the job fails. @default 3 */
  shardAttempts?: number;
  /** The whole execution's limit in seconds. */
  timeoutSeconds: number;
}

const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
/** Lambda errors worth another try (throttling, a service fault, a sandbox that died). */
const TRANSIENT_LAMBDA_ERRORS = ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException", "Lambda.Unknown"];

const workerStep = (workerArn: string, payload: Record<string, unknown>, attempts: number) => ({
  Type: "Task",
  Resource: LAMBDA_INVOKE,
  Parameters: { FunctionName: workerArn, Payload: payload },
  Retry: [{ ErrorEquals: TRANSIENT_LAMBDA_ERRORS, IntervalSeconds: 2, MaxAttempts: attempts - 1, BackoffRate: 2, JitterStrategy: "FULL" }],
});

/** The Amazon States Language definition of the pipeline. */
export function pipelineDefinition(o: PipelineDefinitionOptions): Record<string, unknown> {
  if (!Number.isSafeInteger(o.maxConcurrency) || o.maxConcurrency < 1 || o.maxConcurrency > 10_000) {
    throw new Error(`maxConcurrency must be 1 to 10,000 (a Distributed Map's limit), got ${o.maxConcurrency}`);
  }
  const attempts = o.shardAttempts ?? 3;
  const job = { "generationId.$": "$.generationId", "attempt.$": "$.attempt" };
  return {
    Comment: "sdga generation pipeline: shards fanned out to the shard worker, then merged into the job's report",
    StartAt: "Shards",
    TimeoutSeconds: o.timeoutSeconds,
    States: {
      Shards: {
        Type: "Map",
        ItemsPath: "$.shards",
        ItemSelector: { ...job, "shard.$": "$$.Map.Item.Value" },
        MaxConcurrency: o.maxConcurrency,
        // One shard that fails after its retries fails the job: nothing half-written is kept.
        ToleratedFailurePercentage: 0,
        ItemProcessor: {
          ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
          StartAt: "Shard",
          States: {
            // The worker returns only its counts; its summary goes to S3 beside its part (no 256 KB state limit).
            Shard: { ...workerStep(o.workerArn, { "sdgaShard.$": "$" }, attempts), ResultSelector: { "rows.$": "$.Payload.rows", "bytes.$": "$.Payload.bytes" }, End: true },
          },
        },
        ResultPath: null,
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: "FailJob" }],
        Next: "Merge",
      },
      Merge: {
        ...workerStep(o.workerArn, { sdgaPipeline: { step: "merge", ...job } }, attempts),
        ResultPath: null,
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.failure", Next: "FailJob" }],
        End: true,
      },
      FailJob: {
        ...workerStep(o.workerArn, { sdgaPipeline: { step: "fail", ...job, "error.$": "$.failure.Error", "cause.$": "$.failure.Cause" } }, attempts),
        ResultPath: null,
        Next: "Failed",
      },
      Failed: { Type: "Fail", Error: "GenerationFailed", Cause: "a shard or the merge failed after its retries: the job is failed with the reason and its parts are deleted" },
    },
  };
}
