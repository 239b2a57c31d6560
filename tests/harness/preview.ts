// Local preview of a stack without the Pulumi CLI or AWS: runs the program under pulumi.runtime.setMocks
// with the configuration the CLI would give it, records every registered resource (type, name, inputs,
// outputs, parent, dependencies) by wrapping the mock monitor, and returns the resource graph.
import { readFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { realisticMocks } from "./mocks";

// The SDK's internal runtime modules: the monitor the mocks install and the RPC queue to drain.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
  getMonitor(): MonitorLike;
  waitForRPCs(): Promise<void>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc") as Record<string, string>;

export const REPO_ROOT = resolve(__dirname, "..", "..");

export interface GraphResource {
  urn: string;
  /** Pulumi type token, e.g. `aws:s3/bucket:Bucket`. */
  type: string;
  name: string;
  parent?: string;
  /** True for provider resources, false for components. */
  custom: boolean;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  /** URNs this resource depends on. */
  dependencies: string[];
  /** URNs each input property depends on. */
  propertyDependencies: Record<string, string[]>;
}
export interface ResourceGraph {
  stack: string;
  resources: GraphResource[];
  outputs: Record<string, unknown>;
}
export interface PreviewOptions {
  stack: string;
  /** `key=value` style overrides; project keys may omit the namespace (`agentRuntime` = `sdga:agentRuntime`). */
  config?: Record<string, string>;
  /** Program entry file, relative to the repository root (or absolute); default `index.ts`. */
  program?: string;
  /** Directory holding Pulumi.yaml and the stack files; default the repository root. */
  configRoot?: string;
}

export class PreviewConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreviewConfigError";
  }
}

interface ProjectFile {
  name: string;
  config?: Record<string, { type?: string; default?: unknown; value?: unknown; secret?: boolean; description?: string }>;
}

export function readProjectFile(root = REPO_ROOT): ProjectFile {
  return parseYaml(readFileSync(join(root, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

const configText = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

/**
 * The configuration the CLI would hand the program: Pulumi.yaml defaults, overlaid with the stack file,
 * overlaid with overrides; checked for missing required keys and declared types as the CLI checks them.
 */
export function stackConfiguration(stack: string, overrides: Record<string, string> = {}, root = REPO_ROOT):
  { values: Record<string, string>; secretKeys: string[] } {
  const project = readProjectFile(root);
  const stackPath = join(root, `Pulumi.${stack}.yaml`);
  if (!existsSync(stackPath)) throw new PreviewConfigError(`no stack file Pulumi.${stack}.yaml in ${root}`);
  const stackFile = (parseYaml(readFileSync(stackPath, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const qualify = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);

  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    if (decl.default !== undefined) values[qualify(key)] = configText(decl.default);
    else if (decl.value !== undefined) values[qualify(key)] = configText(decl.value);
  }
  for (const [key, raw] of Object.entries(stackFile.config ?? {})) {
    if (raw && typeof raw === "object" && "secure" in raw) {
      // Encrypted values cannot be read without the stack's secrets provider: a placeholder marked secret.
      values[qualify(key)] = "[secret]";
      secretKeys.push(qualify(key));
    } else {
      values[qualify(key)] = configText(raw);
    }
  }
  for (const [key, value] of Object.entries(overrides)) values[qualify(key)] = value;

  for (const [key, decl] of Object.entries(project.config ?? {})) {
    if (key.includes(":") && !key.startsWith(`${project.name}:`)) continue;
    const full = qualify(key);
    const value = values[full];
    if (value === undefined) throw new PreviewConfigError(`Stack '${stack}' is missing configuration value '${full}'`);
    if (decl.type === "integer" && !/^-?\d+$/.test(value)) throw new PreviewConfigError(`Configuration '${full}' value '${value}' must be of type 'integer'`);
    if (decl.type === "boolean" && value !== "true" && value !== "false") throw new PreviewConfigError(`Configuration '${full}' value '${value}' must be of type 'boolean'`);
  }
  return { values, secretKeys };
}

/** Parses `key=value` strings (as given to `--config`) into a map. */
export function parseConfigOverrides(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new PreviewConfigError(`--config expects key=value, got '${pair}'`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

interface StructLike { toJavaScript(): unknown }
interface RegisterRequestLike {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): StructLike | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
}
interface RegisterResponseLike { getUrn(): string; getObject(): StructLike | undefined }
type Callback = (err: unknown, resp?: RegisterResponseLike) => void;
interface MonitorLike {
  registerResource(req: RegisterRequestLike, cb: Callback): unknown;
  registerResourceOutputs(req: { getUrn(): string; getOutputs(): StructLike | undefined }, cb: (err: unknown, resp?: unknown) => void): unknown;
}

/** Turns the wire form of property values into plain JSON: secrets, assets and unknowns become markers. */
function toPlain(value: unknown): unknown {
  if (value === rpc.unknownValue) return "[unknown]";
  if (Array.isArray(value)) return value.map(toPlain);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const sig = obj[rpc.specialSigKey];
    if (sig === rpc.specialSecretSig) return "[secret]";
    if (sig === rpc.specialArchiveSig || sig === rpc.specialAssetSig) {
      const assets = obj.assets as Record<string, unknown> | undefined;
      return assets ? { archive: Object.keys(assets).sort() } : { asset: obj.path ?? obj.uri ?? "[text]" };
    }
    if (sig === rpc.specialResourceSig) return obj.urn;
    if (sig === rpc.specialOutputValueSig) return obj.secret ? "[secret]" : toPlain(obj.value);
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

async function resolveExport(value: unknown): Promise<unknown> {
  if (pulumi.Output.isInstance(value)) {
    const out = value as pulumi.Output<unknown>;
    const [plain, secret] = await Promise.all([
      new Promise<unknown>((r) => out.apply((v) => { r(v); return v; })),
      (out as unknown as { isSecret: Promise<boolean> }).isSecret,
    ]);
    return secret ? "[secret]" : plain;
  }
  if (value instanceof Promise) return resolveExport(await value);
  return value;
}

/**
 * Forgets the program's entry module so it runs again for the next stack. Only the entry creates resources at
 * its top level; the modules it imports (config, components) are pure, so their caches (the function bundles)
 * stay warm across previews.
 */
function forgetEntryModule(entry: string): void {
  delete require.cache[require.resolve(entry)];
}

let previewRunning = false;

/** Runs the program for one stack under mocks and returns its resource graph. One preview at a time per process. */
export async function previewStack(options: PreviewOptions): Promise<ResourceGraph> {
  const configRoot = options.configRoot ?? REPO_ROOT;
  const project = readProjectFile(configRoot).name;
  const { values, secretKeys } = stackConfiguration(options.stack, options.config, configRoot);
  const region = values["aws:region"] ?? "us-east-1";

  if (previewRunning) throw new Error("previewStack: another preview is running in this process");
  previewRunning = true;
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => { failures.push(reason); };
  process.on("unhandledRejection", onRejection);
  try {
    await pulumi.runtime.setMocks(realisticMocks(region), project, options.stack, false);
    pulumi.runtime.setAllConfig(values, secretKeys);

    const resources: GraphResource[] = [];
    const byUrn = new Map<string, GraphResource>();
    const monitor = settings.getMonitor();
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => register(req, (err, resp) => {
      if (!err && resp) {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((v, k) => { propertyDependencies[k] = v.getUrnsList(); });
        const resource: GraphResource = {
          urn: resp.getUrn(),
          type: req.getType(),
          name: req.getName(),
          parent: req.getParent() || undefined,
          custom: req.getCustom(),
          inputs: (toPlain(req.getObject()?.toJavaScript() ?? {}) ?? {}) as Record<string, unknown>,
          outputs: (toPlain(resp.getObject()?.toJavaScript() ?? {}) ?? {}) as Record<string, unknown>,
          dependencies: [...new Set(req.getDependenciesList())],
          propertyDependencies,
        };
        resources.push(resource);
        byUrn.set(resource.urn, resource);
      }
      cb(err, resp);
    });
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
      const resource = byUrn.get(req.getUrn());
      if (resource) resource.outputs = (toPlain(req.getOutputs()?.toJavaScript() ?? {}) ?? {}) as Record<string, unknown>;
      return registerOutputs(req, cb);
    };

    const entry = resolve(REPO_ROOT, options.program ?? "index.ts");
    forgetEntryModule(entry);
    const exported = require(entry) as Record<string, unknown>;
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(exported)) {
      if (key === "__esModule" || typeof value === "function") continue;
      outputs[key] = await resolveExport(value);
    }
    await settings.waitForRPCs();
    // Let callbacks scheduled by the last RPCs run, then drain again.
    await new Promise((r) => setImmediate(r));
    await settings.waitForRPCs();
    if (failures.length > 0) throw failures[0];
    return { stack: options.stack, resources, outputs };
  } finally {
    process.off("unhandledRejection", onRejection);
    previewRunning = false;
  }
}
