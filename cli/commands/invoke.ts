// `sdga invoke generate|validate|metrics --event FILE|- [--tool NAME]`: runs one handler on one event
// against the local stand-ins, as `sam local invoke` would. Standard output carries only the handler's
// response JSON (logs go to stderr); exit 0 whatever the status code, 2 on a usage error.
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { EXIT_USAGE, UsageError } from "../usage";

const FUNCTIONS = ["generate", "validate", "metrics"] as const;
type FunctionArg = (typeof FUNCTIONS)[number];

function readEvent(source: string): unknown {
  let text: string;
  try {
    text = source === "-" ? readFileSync(0, "utf8") : readFileSync(source, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read the event ${source}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`the event ${source} is not JSON`);
  }
}

/** Sends everything written to stdout meanwhile to stderr, so stdout carries only the response. */
function stdoutToStderr(): { restore(): void; write(text: string): void } {
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    (process.stderr.write as (...a: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stdout.write;
  return { restore: () => { process.stdout.write = original; }, write: (text) => { original(text); } };
}

export async function runInvoke(fn: string, options: { event?: string; tool?: string; stateDir?: string }): Promise<number> {
  if (!FUNCTIONS.includes(fn as FunctionArg)) throw new UsageError(`unknown function "${fn}"; expected one of ${FUNCTIONS.join(", ")}`);
  if (!options.event) throw new UsageError("--event FILE (or - for stdin) is required");
  const event = readEvent(options.event);
  const stdout = stdoutToStderr();
  const { startLocalRuntime } = (require("../../functions/local/runtime") as typeof import("../../functions/local/runtime"));
  const { gatewayContext } = (require("../../functions/local/events") as typeof import("../../functions/local/events"));
  const runtime = await startLocalRuntime(options.stateDir ? { stateDir: options.stateDir } : {});
  try {
    const context = options.tool ? gatewayContext(options.tool) : { awsRequestId: "local-invoke" };
    const response = await runtime.handlers[fn as FunctionArg](event, context);
    // Background generations finish before we exit, so every job ends completed or failed.
    await runtime.settle();
    stdout.write(`${JSON.stringify(response, null, 2)}\n`);
    return 0;
  } finally {
    await runtime.stop();
    stdout.restore();
  }
}

export function registerInvoke(program: Command): void {
  program
    .command("invoke")
    .description("Run one handler (generate, validate, metrics) on one event against the local S3 and DynamoDB stand-ins")
    .argument("<function>", `one of ${FUNCTIONS.join(", ")}`)
    .option("--event <file>", "event JSON file, or - for stdin: a classic action-group event, or with --tool the tool's arguments")
    .option("--tool <name>", "treat the event as AgentCore gateway tool arguments for this tool (e.g. generateSyntheticData)")
    .option("--state-dir <dir>", "folder of the local S3/DynamoDB state (default .sdga or SDGA_STATE_DIR)")
    .action(async (fn: string, options: { event?: string; tool?: string; stateDir?: string }) => {
      try {
        process.exitCode = await runInvoke(fn, options);
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        process.stderr.write(`sdga invoke: ${err.message}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });
}
