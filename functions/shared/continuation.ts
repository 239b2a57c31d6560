// How a large generation continues after the call returns: on Lambda, an asynchronous invocation of the same
// function (InvocationType Event); anywhere else (the local CLI, tests), in this process, tracked so the
// caller can wait for every job to finish before exiting.
import { InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { StartExecutionCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { currentLogKeys, withLogContext } from "./logContext";

export function lambdaContinuation(lambda: LambdaClient, functionName: string) {
  return async (generationId: string): Promise<void> => {
    const out = await lambda.send(new InvokeCommand({
      FunctionName: functionName,
      InvocationType: "Event",
      Payload: Buffer.from(JSON.stringify({ sdgaContinuation: { generation_id: generationId } })),
    }));
    if (out.StatusCode !== 202) throw new Error(`asynchronous invoke answered ${out.StatusCode}`);
  };
}

/**
 * Starts the generation pipeline's execution for a job (the state machine generate may start, and no other).
 * The execution is named after the job and attempt: a repeated start of the same attempt is refused by
 * Step Functions rather than run twice.
 */
export function stepFunctionsPipeline(sfn: SFNClient, stateMachineArn: string) {
  return async (input: { generationId: string; attempt: number; shards: number[] }): Promise<void> => {
    await sfn.send(new StartExecutionCommand({
      stateMachineArn, name: `${input.generationId}-${input.attempt}`.slice(0, 80), input: JSON.stringify(input),
    }));
  };
}

const running = new Set<Promise<unknown>>();

/**
 * Runs `work` in the background of this process (errors are the work's own business to record), under a
 * log context of its own: the request that started it goes on to other work.
 */
export function inProcessContinuation(work: (generationId: string) => Promise<unknown>) {
  return async (generationId: string): Promise<void> => {
    const { aws_request_id: requestId } = currentLogKeys();
    const keys = { generation_id: generationId, ...(requestId !== undefined ? { started_by: requestId } : {}) };
    const task = withLogContext(keys, () => Promise.resolve().then(() => work(generationId))).catch(() => undefined);
    running.add(task);
    void task.finally(() => running.delete(task));
  };
}

/** Waits until every in-process continuation (including ones started meanwhile) has finished. */
export async function settleContinuations(): Promise<void> {
  while (running.size) await Promise.all([...running]);
}
