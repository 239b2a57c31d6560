// `sdga generate` on its own: the same command as in cli/sdga.ts, bundled apart (dist/sdga-generate.cjs)
// so the launcher (bin/sdga.cjs) starts a generation without loading every other command's code (the
// whole CLI is a 10 MB bundle: a third of a second to compile before the first row).
import { Command } from "commander";
import { registerGenerate } from "./commands/generate";
import { EXIT_USAGE } from "./usage";
import { routeStdoutToStderr, writeResult } from "./output";

routeStdoutToStderr();

const program = new Command()
  .name("sdga")
  .showHelpAfterError()
  .configureOutput({ writeOut: (text) => { writeResult(text); }, writeErr: (text) => { process.stderr.write(text); } })
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
  });

registerGenerate(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`sdga generate: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
