// Program-time esbuild bundle of one Lambda handler (PULUMI-FACTS §7). Deterministic: the working directory
// is fixed to the repository root, so the bytes (and Pulumi's archive hash) do not depend on where the
// program runs. Everything is bundled, the AWS SDK v3 included: the SDK the runtime ships is a convenience
// whose version and set of helper packages (lib-storage, lib-dynamodb, s3-request-presigner) are not
// guaranteed, so the functions carry the exact versions the tests ran against (AWS's own advice).
// One exception: the ReDoS checker recheck (3.8 MB, needed only for a pattern whose lookaround or
// back-references RE2 cannot run) stays out of index.js and ships beside it as node_modules/recheck/index.js
// (one bundled file), which functions/engine/schema/patterns.ts requires on first use: a cold start does
// not parse it (bundleFunctionFiles).
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync, type BuildOptions } from "esbuild";

/** The repository root (this file lives in `<root>/components`). */
export const REPO_ROOT = path.resolve(__dirname, "..");

export class BundleError extends Error {
  constructor(readonly functionName: string, problem: string) {
    super(`Cannot bundle function '${functionName}': ${problem}`);
    this.name = "BundleError";
  }
}

export interface BundleOptions {
  /** Directory holding `<name>/handler.ts`. @default `<repo>/functions` */
  functionsDir?: string;
  /** Packages left to the Lambda runtime instead of bundled (e.g. `["@aws-sdk/*"]`). @default [] */
  external?: string[];
}

/** The esbuild options of one handler's bundle, shared by the deployment and `npm run build:functions`. */
export function bundleBuildOptions(name: string, options: BundleOptions = {}): BuildOptions {
  const functionsDir = options.functionsDir ?? path.join(REPO_ROOT, "functions");
  return {
    absWorkingDir: REPO_ROOT,
    entryPoints: [path.relative(REPO_ROOT, path.join(functionsDir, name, "handler.ts"))],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    // recheck and the chart library ship beside the bundle (bundleFunctionFiles).
    external: [...(options.external ?? []), "recheck", ...Object.keys(CHART_LIBRARY_FILES)],
    write: false,
    outfile: "index.js",
    legalComments: "none",
    logLevel: "silent",
    sourcemap: false,
  };
}

/** Where recheck sits in a deployment package: `require("recheck")` in index.js finds it there. */
export const RECHECK_FILE = "node_modules/recheck/index.js";

/**
 * Where the report's chart library sits in a deployment package (vega and vega-lite, about 2 MB, needed
 * only when an HTML quality report is drawn): `require("vega")` in index.js finds it there, so a cold
 * start that computes no report never parses it.
 */
export const CHART_LIBRARY_FILES: Record<string, string> = {
  vega: "node_modules/vega/index.js",
  "vega-lite": "node_modules/vega-lite/index.js",
};

const cache = new Map<string, string>();

/** The bundled `index.js` of `functions/<name>/handler.ts` (CommonJS, node22, exports `handler`). Cached per process. */
export function bundleFunction(name: string, options: BundleOptions = {}): string {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new BundleError(name, "function names are lowercase letters, digits and '-'");
  const functionsDir = options.functionsDir ?? path.join(REPO_ROOT, "functions");
  const entry = path.join(functionsDir, name, "handler.ts");
  const cacheKey = `${entry}|${(options.external ?? []).join(",")}`;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  if (!fs.existsSync(entry)) throw new BundleError(name, `entry point ${path.relative(REPO_ROOT, entry)} does not exist`);
  let text: string;
  try {
    const result = buildSync({ ...bundleBuildOptions(name, options), write: false });
    text = result.outputFiles[0].text;
  } catch (e) {
    throw new BundleError(name, (e as Error).message);
  }
  cache.set(cacheKey, text);
  return text;
}

const sideBundles = new Map<string, string>();

/** A package and its dependencies as one CommonJS file, to ship beside index.js. */
function bundlePackage(name: string): string {
  let text = sideBundles.get(name);
  if (text === undefined) {
    text = buildSync({
      absWorkingDir: REPO_ROOT,
      stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: REPO_ROOT, sourcefile: `${name}-entry.js`, loader: "js" },
      bundle: true, platform: "node", target: "node22", format: "cjs", write: false, legalComments: "none", logLevel: "silent", minify: true,
      // The SVG renderer needs no canvas: vega's optional require of it stays unresolved.
      external: ["canvas"],
    }).outputFiles[0].text;
    sideBundles.set(name, text);
  }
  return text;
}

let recheckBundle: string | undefined;

/** recheck and its dependency (synckit) as one CommonJS file: RECHECK_FILE of a handler that uses it. */
export function bundleRecheck(): string {
  recheckBundle ??= buildSync({
    absWorkingDir: REPO_ROOT,
    stdin: { contents: 'module.exports = require("recheck");', resolveDir: REPO_ROOT, sourcefile: "recheck-entry.js", loader: "js" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    write: false,
    legalComments: "none",
    logLevel: "silent",
  }).outputFiles[0].text;
  return recheckBundle;
}

/** PostgreSQL's parser (libpg-query, for data sets given as DDL) loads its WebAssembly from beside index.js. */
export const PG_PARSER_WASM_FILE = "libpg-query.wasm";

/**
 * The binary files of a handler's deployment package, by path in the package, each the absolute path of the
 * file to copy (a bundle holds text only): PG_PARSER_WASM_FILE when the handler can read DDL.
 */
export function bundleFunctionBinaries(name: string, options: BundleOptions = {}): Record<string, string> {
  const code = bundleFunction(name, options);
  if (!code.includes(PG_PARSER_WASM_FILE)) return {};
  return { [PG_PARSER_WASM_FILE]: path.join(path.dirname(require.resolve("libpg-query", { paths: [REPO_ROOT] })), PG_PARSER_WASM_FILE) };
}

/**
 * Every file of a handler's deployment package, by path: `index.js` (bundleFunction), RECHECK_FILE
 * when the handler can need the ReDoS checker, and CHART_LIBRARY_FILES when it can draw an HTML report.
 */
export function bundleFunctionFiles(name: string, options: BundleOptions = {}): Record<string, string> {
  const code = bundleFunction(name, options);
  const files: Record<string, string> = { "index.js": code };
  if (code.includes('require("recheck")')) files[RECHECK_FILE] = bundleRecheck();
  for (const [name, file] of Object.entries(CHART_LIBRARY_FILES)) {
    if (code.includes(`require(${JSON.stringify(name)})`)) files[file] = bundlePackage(name);
  }
  return files;
}
