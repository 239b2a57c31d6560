import type { Command } from "commander";

// Placeholder until its issue lands: the command is listed but says it is not built yet.
export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description("(not built yet)")
    .action(() => {
      process.stderr.write("sdga generate: not built yet\n");
      process.exit(2);
    });
}
