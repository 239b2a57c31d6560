import type { Command } from "commander";

// Placeholder until its issue lands: the command is listed but says it is not built yet.
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("(not built yet)")
    .action(() => {
      process.stderr.write("sdga serve: not built yet\n");
      process.exit(2);
    });
}
