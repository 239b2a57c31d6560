import type { Command } from "commander";

// Placeholder until its issue lands: the command is listed but says it is not built yet.
export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("(not built yet)")
    .action(() => {
      process.stderr.write("sdga demo: not built yet\n");
      process.exit(2);
    });
}
