// scripts/preview.ts: the Automation API preview, with the workspace injected (no CLI here), and the real
// LocalWorkspace where no CLI is on PATH.
import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  CredentialsMissingError, explainFailure, formatChangeSummary, main, PolicyPackNotInstalledError, PreviewableStack,
  PulumiCliMissingError, runPreview, Workspace,
} from "../../../scripts/preview";

/** A workspace that records what it was asked and answers with a fixed summary (or fails). */
function fakeWorkspace(result: { summary?: Record<string, number>; fail?: unknown } = {}) {
  const calls: { stack?: { stackName: string; workDir: string }; preview?: Parameters<PreviewableStack["preview"]>[0] } = {};
  const workspace: Workspace = {
    async createOrSelectStack(args) {
      calls.stack = args;
      return {
        async preview(options) {
          calls.preview = options;
          if (result.fail) throw result.fail;
          return { changeSummary: result.summary ?? { create: 42 }, stdout: "", stderr: "" };
        },
      };
    },
  };
  return { workspace, calls };
}

/** What the Automation API throws when a command fails (CommandError with its CommandResult). */
const commandError = (stderr: string, code = 255, errCode?: string) =>
  Object.assign(new Error(`code: ${code}\n stdout: \n stderr: ${stderr}`), { name: "CommandError", commandResult: { code, stderr, stdout: "", err: errCode ? { code: errCode } : undefined } });

describe("scripts/preview.ts (Automation API)", () => {
  let workDir: string;
  beforeEach(() => { workDir = mkdtempSync(path.join(tmpdir(), "sdga-preview-")); });
  afterEach(() => rmSync(workDir, { recursive: true, force: true }));

  it("selects the stack in the project directory, previews, and returns the change summary", async () => {
    const { workspace, calls } = fakeWorkspace({ summary: { create: 40, same: 2 } });
    const summary = await runPreview({ stack: "staging", workspace, workDir });
    assert.deepEqual(summary, { create: 40, same: 2 });
    assert.deepEqual(calls.stack, { stackName: "staging", workDir });
    assert.equal(calls.preview?.policyPacks, undefined);
  });

  it("passes the policy pack and the stack's pack config with --policy-pack", async () => {
    mkdirSync(path.join(workDir, "policy-pack", "node_modules"), { recursive: true });
    const { workspace, calls } = fakeWorkspace();
    await runPreview({ stack: "prod", policyPack: true, workspace, workDir });
    assert.deepEqual(calls.preview?.policyPacks, [path.join(workDir, "policy-pack")]);
    assert.deepEqual(calls.preview?.policyPackConfigs, [path.join(workDir, "policy-pack", "prod.json")]);
  });

  it("says to install the pack's dependencies before asking the CLI", async () => {
    const { workspace, calls } = fakeWorkspace();
    await assert.rejects(runPreview({ stack: "dev", policyPack: true, workspace, workDir }), PolicyPackNotInstalledError);
    assert.equal(calls.stack, undefined);
  });

  it("names the missing Pulumi CLI when the real LocalWorkspace cannot find it", async function () {
    this.timeout(20_000);
    const savedPath = process.env.PATH;
    process.env.PATH = path.dirname(process.execPath); // node only: no pulumi
    try {
      await assert.rejects(runPreview({ stack: "dev", workDir }), (e: Error) => e instanceof PulumiCliMissingError && /Pulumi CLI was not found/.test(e.message));
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it("names missing credentials: backend, passphrase, AWS", () => {
    const cases: [string, string][] = [
      ["error: PULUMI_ACCESS_TOKEN must be set for login during non-interactive CLI sessions", "pulumi-backend"],
      ["error: constructing secrets manager of type \"passphrase\": passphrase must be set with PULUMI_CONFIG_PASSPHRASE", "secrets-passphrase"],
      ["error: No valid credential sources found.\nPlease see https://registry.terraform.io/...", "aws"],
    ];
    for (const [stderr, what] of cases) {
      const explained = explainFailure(commandError(stderr));
      assert.ok(explained instanceof CredentialsMissingError, stderr);
      assert.equal(explained.what, what);
    }
    assert.ok(explainFailure(commandError("spawn pulumi ENOENT", -2, "ENOENT")) instanceof PulumiCliMissingError);
    const other = commandError("error: program failed: TypeError");
    assert.equal(explainFailure(other), other);
  });

  it("maps a failing preview to the named error and exit code 1", async () => {
    const { workspace } = fakeWorkspace({ fail: commandError("error: No valid credential sources found") });
    const errors: string[] = [];
    const code = await main(["--stack", "dev", "--quiet"], { workspace, out: () => undefined, err: (t) => errors.push(t) });
    assert.equal(code, 1);
    assert.match(errors.join("\n"), /CredentialsMissingError: Missing credentials \(aws\)/);
  });

  it("prints the change summary and exits 0", async () => {
    const { workspace } = fakeWorkspace({ summary: { same: 3, create: 1, delete: 2 } });
    const printed: string[] = [];
    assert.equal(await main(["--stack", "dev", "--quiet"], { workspace, out: (t) => printed.push(t) }), 0);
    assert.deepEqual(printed, ["stack dev: create 1, delete 2, same 3"]);
    assert.equal(formatChangeSummary("prod", {}), "stack prod: no changes");
  });

  it("rejects an unknown stack with exit code 2", async () => {
    const errors: string[] = [];
    assert.equal(await main(["--stack", "qa"], { workspace: fakeWorkspace().workspace, out: () => undefined, err: (t) => errors.push(t) }), 2);
    assert.match(errors.join(""), /Allowed choices are dev, staging, prod/);
  });
});
