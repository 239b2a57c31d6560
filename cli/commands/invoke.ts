// `sdga invoke generate|validate|metrics --event FILE|- [--tool NAME]`: runs one handler on one event
// against the local stand-ins, as `sam local invoke` would. Standard output carries only the handler's
// response JSON (logs go to stderr); exit 0 whatever the status code, 2 on a usage error.
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { EXIT_USAGE, UsageError } from "../usage";
import { writeJsonResult } from "../output";

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

export async function runInvoke(fn: string, options: { event?: string; tool?: string; stateDir?: string }): Promise<number> {
  if (!FUNCTIONS.includes(fn as FunctionArg)) throw new UsageError(`unknown function "${fn}"; expected one of ${FUNCTIONS.join(", ")}`);
  if (!options.event) throw new UsageError("--event FILE (or - for stdin) is required");
  const event = readEvent(options.event);
  const { startLocalRuntime } = (require("../../functions/local/runtime") as typeof import("../../functions/local/runtime"));
  const { gatewayContext } = (require("../../functions/local/events") as typeof import("../../functions/local/events"));
  const runtime = await startLocalRuntime(options.stateDir ? { stateDir: options.stateDir } : {});
  try {
    const context = options.tool ? gatewayContext(options.tool) : { awsRequestId: "local-invoke" };
    const response = await runtime.handlers[fn as FunctionArg](event, context);
    // Background generations finish before we exit, so every job ends completed or failed.
    await runtime.settle();
    writeJsonResult(response);
    const folder = generationFolderOf(response, runtime.stack.stateDir);
    if (folder) process.stderr.write(`sdga invoke: the generation's files are in ${folder}\n`);
    return 0;
  } finally {
    await runtime.stop();
  }
}

/** The plain-file folder of the generation a response names, if it names one. */
function generationFolderOf(response: unknown, stateDir: string): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generationFilesDir } = require("../../functions/local/paths") as typeof import("../../functions/local/paths");
  const { existsSync } = require("node:fs") as typeof import("node:fs");
  const envelope = response as { response?: { responseBody?: Record<string, { body?: string }> }; generation_id?: unknown };
  let id = envelope?.generation_id;
  const body = envelope?.response?.responseBody?.["application/json"]?.body;
  if (id === undefined && typeof body === "string") {
    try { id = (JSON.parse(body) as { generation_id?: unknown }).generation_id; } catch { /* not JSON: no folder */ }
  }
  if (typeof id !== "string" || !/^[\w-]{1,128}$/.test(id)) return undefined;
  const folder = generationFilesDir(stateDir, id);
  return existsSync(folder) ? folder : undefined;
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
