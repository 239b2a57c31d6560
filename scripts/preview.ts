// A real `pulumi preview` of one stack through the Automation API: select (or create) the stack with
// LocalWorkspace, preview it (with the CrossGuard pack and the stack's pack config when asked), and print the
// change summary. Needs the Pulumi CLI, a logged-in backend and AWS credentials; says clearly which is missing.
// For a preview with none of these, use `npm run preview:local` / `npm run policy:check`.
//
//   npm run preview -- --stack dev [--policy-pack]
import { existsSync } from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";

export const STACKS = ["dev", "staging", "prod"] as const;
export const REPO_ROOT = path.resolve(__dirname, "..");

/** The part of a LocalWorkspace stack this script uses. */
export interface PreviewableStack {
  preview(options: {
    policyPacks?: string[];
    policyPackConfigs?: string[];
    diff?: boolean;
    color?: "always" | "never" | "raw" | "auto";
    onOutput?: (out: string) => void;
  }): Promise<{ changeSummary: Record<string, number>; stdout: string; stderr: string }>;
}

/** The part of the Automation API this script uses; tests inject their own. */
export interface Workspace {
  createOrSelectStack(args: { stackName: string; workDir: string }): Promise<PreviewableStack>;
}

/** The real one: `LocalWorkspace.createOrSelectStack` (loaded lazily, it pulls in the whole SDK). */
export const localWorkspace: Workspace = {
  async createOrSelectStack(args) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { LocalWorkspace } = require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
    return LocalWorkspace.createOrSelectStack(args);
  },
};

export class PulumiCliMissingError extends Error {
  constructor() {
    super("The Pulumi CLI was not found on PATH. Install it (https://www.pulumi.com/docs/iac/download-install/, "
      + "or `curl -fsSL https://get.pulumi.com | sh`) and run again; `npm run preview:local` previews without it.");
    this.name = "PulumiCliMissingError";
  }
}

export class CredentialsMissingError extends Error {
  constructor(readonly what: "pulumi-backend" | "secrets-passphrase" | "aws", detail: string) {
    const fix = {
      "pulumi-backend": "log in to a state backend: `pulumi login` (Pulumi Cloud, PULUMI_ACCESS_TOKEN in CI) or `pulumi login s3://<state-bucket>`",
      "secrets-passphrase": "set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) for the passphrase secrets provider",
      aws: "give the shell AWS credentials (AWS_PROFILE, `aws sso login`, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; OIDC in CI)",
    }[what];
    super(`Missing credentials (${what}): ${fix}.\n  ${detail}`);
    this.name = "CredentialsMissingError";
  }
}

export class PolicyPackNotInstalledError extends Error {
  constructor(dir: string) {
    super(`The policy pack's dependencies are not installed: run \`npm ci --prefix ${path.relative(process.cwd(), dir) || "."}\` first.`);
    this.name = "PolicyPackNotInstalledError";
  }
}

const firstLine = (text: string, pattern: RegExp): string => text.split("\n").find((l) => pattern.test(l))?.trim() ?? "";

/** Turns the Automation API's CommandError into one of the errors above when the cause is recognisable. */
export function explainFailure(error: unknown): unknown {
  const e = error as { name?: string; message?: string; commandResult?: { code?: number; stderr?: string; err?: { code?: string } } };
  if (e?.commandResult?.err?.code === "ENOENT" || (e?.commandResult?.code === -2 && /ENOENT/.test(e.message ?? ""))) {
    return new PulumiCliMissingError();
  }
  const stderr = `${e?.commandResult?.stderr ?? ""}\n${e?.message ?? ""}`;
  const backend = /PULUMI_ACCESS_TOKEN must be set|not logged in|pulumi login/i;
  const passphrase = /passphrase must be set|incorrect passphrase|PULUMI_CONFIG_PASSPHRASE/i;
  const aws = /No valid credential sources|NoCredentialProviders|failed to refresh cached credentials|ExpiredToken|InvalidClientTokenId|UnrecognizedClientException|failed to get shared config profile|no EC2 IMDS role found/i;
  if (backend.test(stderr)) return new CredentialsMissingError("pulumi-backend", firstLine(stderr, backend));
  if (passphrase.test(stderr)) return new CredentialsMissingError("secrets-passphrase", firstLine(stderr, passphrase));
  if (aws.test(stderr)) return new CredentialsMissingError("aws", firstLine(stderr, aws));
  return error;
}

export interface PreviewOptions {
  stack: (typeof STACKS)[number];
  /** Run the CrossGuard pack with policy-pack/<stack>.json. */
  policyPack?: boolean;
  workDir?: string;
  workspace?: Workspace;
  /** Where the CLI's own output goes as it streams. */
  onOutput?: (text: string) => void;
}

/** The order Pulumi prints operations in. */
const OPS = ["create", "update", "replace", "delete", "same"];

export function formatChangeSummary(stack: string, summary: Record<string, number>): string {
  const known = OPS.filter((op) => summary[op]).map((op) => `${op} ${summary[op]}`);
  const other = Object.entries(summary).filter(([op, n]) => !OPS.includes(op) && n).map(([op, n]) => `${op} ${n}`);
  const parts = [...known, ...other];
  return `stack ${stack}: ${parts.length > 0 ? parts.join(", ") : "no changes"}`;
}

/** Selects or creates the stack and previews it; returns the change summary. */
export async function runPreview(options: PreviewOptions): Promise<Record<string, number>> {
  const workDir = options.workDir ?? REPO_ROOT;
  const packDir = path.join(workDir, "policy-pack");
  if (options.policyPack && !existsSync(path.join(packDir, "node_modules"))) throw new PolicyPackNotInstalledError(packDir);
  const workspace = options.workspace ?? localWorkspace;
  try {
    const stack = await workspace.createOrSelectStack({ stackName: options.stack, workDir });
    const result = await stack.preview({
      diff: false,
      color: "never",
      onOutput: options.onOutput,
      ...(options.policyPack ? { policyPacks: [packDir], policyPackConfigs: [path.join(packDir, `${options.stack}.json`)] } : {}),
    });
    return result.changeSummary;
  } catch (error) {
    throw explainFailure(error);
  }
}

export async function main(argv: string[], deps: { workspace?: Workspace; out?: (t: string) => void; err?: (t: string) => void } = {}): Promise<number> {
  const out = deps.out ?? ((t: string) => process.stdout.write(`${t}\n`));
  const err = deps.err ?? ((t: string) => process.stderr.write(`${t}\n`));
  const program = new Command("preview")
    .description("pulumi preview of one stack through the Automation API")
    .addOption(new Option("--stack <stack>", "stack to preview").choices([...STACKS]).makeOptionMandatory())
    .option("--policy-pack", "run the CrossGuard pack (policy-pack/) with policy-pack/<stack>.json")
    .option("--quiet", "print only the change summary")
    .exitOverride()
    .configureOutput({ writeErr: (t) => err(t.trimEnd()), writeOut: (t) => out(t.trimEnd()) });
  try {
    program.parse(argv, { from: "user" });
  } catch (e) {
    return (e as { code?: string }).code === "commander.helpDisplayed" ? 0 : 2;
  }
  const opts = program.opts<{ stack: PreviewOptions["stack"]; policyPack?: boolean; quiet?: boolean }>();
  try {
    const summary = await runPreview({
      stack: opts.stack, policyPack: opts.policyPack, workspace: deps.workspace,
      onOutput: opts.quiet ? undefined : (t) => process.stdout.write(t),
    });
    out(formatChangeSummary(opts.stack, summary));
    return 0;
  } catch (e) {
    const error = e as Error;
    err(`preview: ${error.name}: ${error.message}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
