// `npm run build:functions`: bundles each Lambda handler exactly as the stack deploys it
// (components/bundle.ts `bundleFunctionFiles`: index.js with everything bundled but recheck, and
// node_modules/recheck/index.js beside it for the handlers that may need it) into dist/functions/<name>/,
// writes a source map beside index.js (same esbuild options, external map so the code bytes are
// identical), and prints sizes.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { buildSync } from "esbuild";
import { bundleBuildOptions, bundleFunctionBinaries, bundleFunctionFiles, RECHECK_FILE, REPO_ROOT } from "../components/bundle";

export const FUNCTION_NAMES = ["generate", "validate", "metrics", "retrieve", "ingest"] as const;
const OUT_DIR = join(REPO_ROOT, "dist", "functions");

function sourceMap(name: string): { code: string; map: string } {
  const result = buildSync({ ...bundleBuildOptions(name), write: false, sourcemap: "external" });
  const code = result.outputFiles.find((f) => f.path.endsWith("index.js"))!.text;
  const map = result.outputFiles.find((f) => f.path.endsWith("index.js.map"))!.text;
  return { code, map };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function main(): void {
  const rows: string[] = [];
  for (const name of FUNCTION_NAMES) {
    const files = bundleFunctionFiles(name);
    const code = files["index.js"];
    const mapped = sourceMap(name);
    if (mapped.code !== code) throw new Error(`the source-mapped build of ${name} differs from the deployed bundle`);
    const dir = join(OUT_DIR, name);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    for (const [file, source] of Object.entries(bundleFunctionBinaries(name))) copyFileSync(source, join(dir, file));
    writeFileSync(join(dir, "index.js.map"), mapped.map);
    const recheck = files[RECHECK_FILE] === undefined ? "" : `  + ${RECHECK_FILE} ${kb(Buffer.byteLength(files[RECHECK_FILE]))}`;
    rows.push(`${name.padEnd(10)} ${kb(Buffer.byteLength(code)).padStart(10)}  (map ${kb(Buffer.byteLength(mapped.map))})  ${relative(REPO_ROOT, join(dir, "index.js"))}${recheck}`);
  }
  process.stdout.write(`${rows.join("\n")}\n`);
}

if (require.main === module) main();
