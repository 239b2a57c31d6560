// `npm run bench`: runs each part's benchmark module in turn. Each module exports
// `async function bench(): Promise<void>` and prints its own rows; a module that is missing is skipped.
import { existsSync } from "node:fs";
import { join } from "node:path";

// The SDK's Node 20 end-of-support notice is about future releases the lock file does not take.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const MODULES = ["generator", "endToEnd", "realism", "validate", "metrics", "functions", "scale"];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  let failed = false;
  for (const name of MODULES) {
    if (only.length && !only.includes(name)) continue;
    const file = join(__dirname, "bench", `${name}.ts`);
    if (!existsSync(file)) {
      console.log(`\n== ${name}: no scripts/bench/${name}.ts, skipped`);
      continue;
    }
    console.log(`\n== ${name}`);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(file) as { bench?: () => Promise<void> };
      if (typeof mod.bench !== "function") throw new Error(`scripts/bench/${name}.ts does not export bench()`);
      await mod.bench();
    } catch (err) {
      failed = true;
      console.error(`bench ${name} failed: ${(err as Error).stack ?? String(err)}`);
    }
  }
  if (failed) process.exitCode = 1;
}

void main();
