// The generation pipeline on this machine: the state machine's definition (the one the stack deploys) run by
// the local runner, in the background of this process like a continuation, with the real generate handler
// as its worker (lambda:invoke becomes a call of the handler; a thrown error is the function error Step
// Functions would see, named by its errorType). With shardsOnPool, each shard's invocation runs on a thread
// of the shard pool (the one sdga generate --workers uses), so the shards in flight use as many cores.
import { pipelineDefinition } from "../shared/pipelineDefinition";
import { inProcessContinuation } from "../shared/continuation";
import { logger } from "../shared/powertools";
import { isShardEvent, type PipelineInput } from "../generate/pipeline";
import type { ShardPool } from "../engine/shards/pool";
import { runStateMachine, type LocalInvoke, type MapObserver } from "./stateMachine";

/** The worker's name in the local definition (no account, no region: nothing leaves this machine). */
export const LOCAL_WORKER_ARN = "arn:aws:lambda:local:000000000000:function:sdga-local-generate";

export interface LocalPipelineOptions {
  /** Shards in flight at once (the stack's pipelineMaxConcurrency). */
  maxConcurrency: number;
  /** Called with the shards in flight each time one starts (specs). */
  observe?: MapObserver;
  /** Called with each execution's end: its output, or the ExecutionFailed it ended with. */
  onEnd?: (input: PipelineInput, outcome: { output?: unknown; error?: Error }) => void;
}

/** startPipeline for GenerationDeps: `handler` is the generate function's handler (it is the worker). */
export function localPipeline(handler: (event: unknown) => Promise<unknown>, options: LocalPipelineOptions) {
  const definition = pipelineDefinition({ workerArn: LOCAL_WORKER_ARN, maxConcurrency: options.maxConcurrency, timeoutSeconds: 86_400 });
  const invoke: LocalInvoke = async (functionName, payload) => {
    if (functionName !== LOCAL_WORKER_ARN) throw new Error(`the local pipeline invokes only its worker, not ${functionName}`);
    return handler(payload);
  };
  const executions = new Map<string, PipelineInput>();
  const run = inProcessContinuation(async (name) => {
    const input = executions.get(name)!;
    executions.delete(name);
    try {
      const output = await runStateMachine(definition, input, invoke, options.observe);
      options.onEnd?.(input, { output });
    } catch (err) {
      logger.warn("local pipeline execution failed", { error: String(err) });
      options.onEnd?.(input, { error: err as Error });
    }
  });
  return async (input: PipelineInput): Promise<void> => {
    const name = `${input.generationId}-${input.attempt}`;
    if (executions.has(name)) throw new Error(`execution ${name} already exists`);
    executions.set(name, input);
    await run(name);
  };
}

/**
 * The pipeline's worker with its shard steps on `pool`'s threads: a {sdgaShard} event is the generate
 * handler on a worker thread (its clients from `env`, the stack's), every other step (merge, fail) is
 * `handler` on this thread. A shard's part and summary are the bytes the handler here would write. `pool`
 * may be a function that gives it (started with the first shard).
 */
export function shardsOnPool(pool: ShardPool | (() => ShardPool), env: Record<string, string>, handler: (event: unknown) => Promise<unknown>) {
  return (event: unknown): Promise<unknown> => (isShardEvent(event) ? (typeof pool === "function" ? pool() : pool).invoke(env, event) : handler(event));
}
