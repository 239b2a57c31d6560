import type { Command } from "commander";

// Placeholder until its issue lands: the command is listed but says it is not built yet.
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("(not built yet)")
    .action(() => {
      process.stderr.write("sdga validate: not built yet\n");
      process.exit(2);
    });
}
