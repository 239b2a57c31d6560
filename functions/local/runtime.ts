// The handlers running on this machine: starts the local stand-ins, points the real handler modules at
// them through their environment variables, and runs large generations' continuations in-process. The
// sweeper runs at start-up (a job the previous process left running is resumed or failed: the stand-ins'
// folder is this process's alone, so every other lease in it is dead) and then on a timer.
import type { Context } from "aws-lambda";
import { settleContinuations } from "../shared/continuation";
import { startLocalStack, type LocalStack, type LocalStackOptions } from "./stack";

export type LocalFunction = "generate" | "validate" | "metrics";
export type LambdaHandler = (event: unknown, context?: Partial<Context>) => Promise<unknown>;

export interface LocalRuntime {
  stack: LocalStack;
  handlers: Record<LocalFunction, LambdaHandler>;
  /** Jobs resumed and failed by the start-up sweep. */
  recovered: { resumed: string[]; failed: string[] };
  /** Waits for background generations started in this process. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Shards in flight locally (SDGA_PIPELINE_MAX_CONCURRENCY; default 4, dev's pipelineMaxConcurrency). */
function localPipelineConcurrency(env: NodeJS.ProcessEnv): number {
  const value = Number(env.SDGA_PIPELINE_MAX_CONCURRENCY ?? 4);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`SDGA_PIPELINE_MAX_CONCURRENCY must be a positive integer, got "${env.SDGA_PIPELINE_MAX_CONCURRENCY}"`);
  return value;
}

export async function startLocalRuntime(options: LocalStackOptions = {}): Promise<LocalRuntime> {
  const stack = await startLocalStack(options);
  Object.assign(process.env, stack.env);
  // Not inside Lambda: the continuation of large jobs runs in this process.
  delete process.env.AWS_LAMBDA_FUNCTION_NAME;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const generate = require("../generate/handler") as typeof import("../generate/handler");
  const { sweepGenerations } = require("../generate/generation") as typeof import("../generate/generation");
  const { logger } = require("../shared/powertools") as typeof import("../shared/powertools");
  // Jobs above PIPELINE_ROW_THRESHOLD (when set) run on the generation pipeline's definition, here in-process,
  // each shard on a thread of a shard pool started with the first one (as many threads as cores, at most
  // the shards in flight).
  let pool: import("../engine/shards/pool").ShardPool | undefined;
  if (!generate.deps.startPipeline) {
    const { localPipeline, shardsOnPool } = require("./pipeline") as typeof import("./pipeline");
    const { defaultWorkers, ShardPool } = require("../engine/shards/pool") as typeof import("../engine/shards/pool");
    const maxConcurrency = localPipelineConcurrency(process.env);
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    const onPool = shardsOnPool(() => (pool ??= new ShardPool(Math.min(defaultWorkers(), maxConcurrency))), env, generate.handler as LambdaHandler);
    generate.deps.startPipeline = localPipeline(onPool, { maxConcurrency });
  }
  const handlers: Record<LocalFunction, LambdaHandler> = {
    generate: generate.handler as LambdaHandler,
    validate: (require("../validate/handler") as { handler: LambdaHandler }).handler,
    metrics: (require("../metrics/handler") as { handler: LambdaHandler }).handler,
  };
  let recovered: { resumed: string[]; failed: string[] };
  try {
    recovered = await sweepGenerations(generate.deps, { foreignLeasesLapsed: true });
  } catch (err) {
    await stack.stop();
    throw err;
  }
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweepGenerations(generate.deps)
      .catch((err) => logger.warn("sweep failed", { error: String(err) }))
      .finally(() => { sweeping = false; });
  }, generate.deps.config.sweepIntervalMs);
  timer.unref();
  return {
    stack,
    handlers,
    recovered,
    settle: settleContinuations,
    stop: async () => {
      clearInterval(timer);
      await settleContinuations();
      await pool?.close();
      await stack.stop();
    },
  };
}
