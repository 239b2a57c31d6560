// The generation pipeline's shard worker on a thread of the shard pool (engine/shards/worker.ts takes
// {type: "invoke"}): the generate function's real handler, with clients of its own to the local stack that
// `env` names (the thread shares no client with the main one, as a Lambda shares none with its caller).
// One handler per environment: a process that runs several stacks (specs) gets one set of clients for each.
import type { LambdaHandler } from "./runtime";

const handlers = new Map<string, LambdaHandler>();

export async function invokeGenerateHandler(env: Record<string, string>, event: unknown): Promise<unknown> {
  const key = JSON.stringify(Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1)));
  let handler = handlers.get(key);
  if (!handler) {
    // The logger and metrics read their switches from the environment when first loaded.
    for (const [name, value] of Object.entries(env)) if (name.startsWith("POWERTOOLS_")) process.env[name] ??= value;
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { loadConfig } = require("../shared/config") as typeof import("../shared/config");
    const { createStorageClients } = require("../shared/clients") as typeof import("../shared/clients");
    const { JobStore } = require("../shared/jobs") as typeof import("../shared/jobs");
    const { createGenerateHandler } = require("../generate/app") as typeof import("../generate/app");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const config = loadConfig(env);
    const { s3, ddb } = createStorageClients(config);
    handler = createGenerateHandler({
      config, s3, jobs: new JobStore(ddb, config.generationsTable),
      // A shard's step never starts a generation of its own.
      startContinuation: async () => { throw new Error("a pipeline shard worker starts no continuation"); },
    }) as LambdaHandler;
    handlers.set(key, handler);
  }
  return handler(event);
}
