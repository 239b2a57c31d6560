import type { Command } from "commander";

// Placeholder until its issue lands: the command is listed but says it is not built yet.
export function registerMetrics(program: Command): void {
  program
    .command("metrics")
    .description("(not built yet)")
    .action(() => {
      process.stderr.write("sdga metrics: not built yet\n");
      process.exit(2);
    });
}
