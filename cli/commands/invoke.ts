import type { Command } from "commander";

// Placeholder until its issue lands: the command is listed but says it is not built yet.
export function registerInvoke(program: Command): void {
  program
    .command("invoke")
    .description("(not built yet)")
    .action(() => {
      process.stderr.write("sdga invoke: not built yet\n");
      process.exit(2);
    });
}
