// Bundles the local CLI into dist/sdga.cjs so `npx sdga` starts fast (no TypeScript loader at run time).
// Run by `npm ci` / `npm install` through the `prepare` script, and by `npm run build:cli`.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await build({
  absWorkingDir: root,
  entryPoints: ["cli/sdga.ts"],
  outfile: "dist/sdga.cjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "linked",
  // Local stand-ins, native/optional modules and those that load WebAssembly beside them (the PostgreSQL
  // parser, PGlite) stay in node_modules; everything else is bundled.
  external: ["s3rver", "dynalite", "esbuild", "@pulumi/*", "tsx", "tsx/*", "libpg-query", "@electric-sql/pglite", "pg", "pg-copy-streams"],
  logLevel: "warning",
});
