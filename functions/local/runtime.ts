// The handlers running on this machine: starts the local stand-ins, points the real handler modules at
// them through their environment variables, and runs large generations' continuations in-process.
import type { Context } from "aws-lambda";
import { settleContinuations } from "../shared/continuation";
import { startLocalStack, type LocalStack, type LocalStackOptions } from "./stack";

export type LocalFunction = "generate" | "validate" | "metrics";
export type LambdaHandler = (event: unknown, context?: Partial<Context>) => Promise<unknown>;

export interface LocalRuntime {
  stack: LocalStack;
  handlers: Record<LocalFunction, LambdaHandler>;
  /** Waits for background generations started in this process. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalRuntime(options: LocalStackOptions = {}): Promise<LocalRuntime> {
  const stack = await startLocalStack(options);
  Object.assign(process.env, stack.env);
  // Not inside Lambda: the continuation of large jobs runs in this process.
  delete process.env.AWS_LAMBDA_FUNCTION_NAME;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const handlers: Record<LocalFunction, LambdaHandler> = {
    generate: (require("../generate/handler") as { handler: LambdaHandler }).handler,
    validate: (require("../validate/handler") as { handler: LambdaHandler }).handler,
    metrics: (require("../metrics/handler") as { handler: LambdaHandler }).handler,
  };
  return {
    stack,
    handlers,
    settle: settleContinuations,
    stop: async () => {
      await settleContinuations();
      await stack.stop();
    },
  };
}
