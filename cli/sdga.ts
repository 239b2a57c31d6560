// The local CLI: the same data engine and handlers the Lambda functions run, on this machine.
// Each sub-command lives in cli/commands/<name>.ts and registers itself; heavy modules are imported
// inside the actions so `sdga --help` stays quick.
import { Command } from "commander";
import { registerGenerate } from "./commands/generate";
import { registerValidate } from "./commands/validate";
import { registerMetrics } from "./commands/metrics";
import { registerInvoke } from "./commands/invoke";
import { registerServe } from "./commands/serve";
import { registerDemo } from "./commands/demo";
import { registerAsk } from "./commands/ask";
import { registerLoad } from "./commands/load";
import { EXIT_USAGE } from "./usage";
import { routeStdoutToStderr, writeResult } from "./output";

// Standard output is for results only (cli/output.ts): anything else that writes there goes to stderr.
routeStdoutToStderr();

// The SDK warns on Node 20 that releases after January 2027 will need Node 22. The lock file pins the SDK
// and the local CLI only talks to its in-process stand-ins, so the warning would only be noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const program = new Command()
  .name("sdga")
  .description("Synthetic data generator agent: generate, validate and measure synthetic data locally.")
  .showHelpAfterError()
  // Help asked for is the result; commander's errors are not.
  .configureOutput({ writeOut: (text) => { writeResult(text); }, writeErr: (text) => { process.stderr.write(text); } })
  .exitOverride((err) => {
    // commander's own usage errors (unknown option, missing argument) exit 2 like ours.
    process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
  });

registerGenerate(program);
registerValidate(program);
registerMetrics(program);
registerInvoke(program);
registerServe(program);
registerDemo(program);
registerAsk(program);
registerLoad(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  // The command's name and the reason, never a stack trace: `sdga demo: the local state folder ... is in use by ...`.
  const command = program.commands.find((c) => c.name() === process.argv[2]) ? ` ${process.argv[2]}` : "";
  process.stderr.write(`sdga${command}: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
