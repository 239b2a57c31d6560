// Bundles the local CLI into dist/sdga.cjs so `npx sdga` starts fast (no TypeScript loader at run time).
// Run by `npm ci` / `npm install` through the `prepare` script, and by `npm run build:cli`.
// Smaller bundles beside it: dist/sdga-generate.cjs (`sdga generate` alone, which the launcher
// bin/sdga.cjs starts for that command), dist/sdga-worker.cjs (a shard worker thread of
// functions/engine/shards) and dist/sdga-invocation.cjs (the generate handler such a thread runs for the
// local pipeline's shards). They leave the ReDoS checker (recheck, 3.7 MB, loaded only for patterns RE2
// cannot run) in node_modules, so a generation compiles a third of the code.
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Local stand-ins, native/optional modules and those that load WebAssembly beside them (the PostgreSQL
// parser, PGlite) stay in node_modules, and so does the report's chart library (vega, vega-lite: 2 MB,
// loaded only when an HTML report is drawn); everything else is bundled.
const external = ["s3rver", "dynalite", "esbuild", "@pulumi/*", "tsx", "tsx/*", "libpg-query", "@electric-sql/pglite", "pg", "pg-copy-streams", "vega", "vega-lite"];
const common = { absWorkingDir: root, bundle: true, platform: "node", target: "node20", format: "cjs", sourcemap: "linked", logLevel: "warning" };
await Promise.all([
  build({ ...common, entryPoints: ["cli/sdga.ts"], outfile: "dist/sdga.cjs", external }),
  build({ ...common, entryPoints: ["cli/sdga-generate.ts"], outfile: "dist/sdga-generate.cjs", external: [...external, "recheck"] }),
  build({ ...common, entryPoints: ["functions/engine/shards/worker.ts"], outfile: "dist/sdga-worker.cjs", external: [...external, "recheck"] }),
  // The local pipeline's shard handler, which a worker loads only when a shard invocation comes.
  build({ ...common, entryPoints: ["functions/local/shardInvocation.ts"], outfile: "dist/sdga-invocation.cjs", external: [...external, "recheck"] }),
]);
// esbuild escapes non-ASCII text everywhere but in regular expression literals (evanw/esbuild#4205), and
// one such character makes Node read the whole bundle as a two-byte string: twice the memory for as long
// as the source is kept (every thread of a generation: 6 MB of peak RSS on two workers) and a slower read.
// \uXXXX is the same character in a regular expression (an escaped surrogate pair is one code point under
// the u flag); only such a literal's `source` text differs. Source maps of those few lines shift.
for (const bundle of ["dist/sdga.cjs", "dist/sdga-generate.cjs", "dist/sdga-worker.cjs", "dist/sdga-invocation.cjs"]) {
  const path = join(root, bundle);
  const text = readFileSync(path, "utf8");
  const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (ascii !== text) writeFileSync(path, ascii);
}
