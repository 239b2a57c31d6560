// The docs stay true: every npm script and repository path they name exists, and the runbook has a section
// for every alarm the stack defines (components/alarms.ts), on both agent runtimes.
import * as assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { alarmDefinitions } from "../../../components/alarms";

const ROOT = path.join(__dirname, "../../..");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");
const DOCS = ["docs/validation-checklist.md", "docs/alarm-runbook.md"];

describe("docs", () => {
  it("name only npm scripts that exist", () => {
    const scripts = Object.keys(JSON.parse(read("package.json")).scripts);
    for (const doc of DOCS) {
      for (const [, script] of read(doc).matchAll(/npm run ([\w:-]+)/g)) assert.ok(scripts.includes(script), `${doc}: npm run ${script}`);
    }
  });

  it("name only repository paths that exist", () => {
    for (const doc of DOCS) {
      for (const [, file] of read(doc).matchAll(/`((?:components|functions|tests|scripts|policy-pack|examples|docs|\.github)\/[\w./-]+)`/g)) {
        if (file.includes("<")) continue;
        assert.ok(existsSync(path.join(ROOT, file)), `${doc}: ${file}`);
      }
    }
  });

  it("give the runbook a section for every alarm of either runtime", () => {
    const runbook = read("docs/alarm-runbook.md");
    const headings = [...runbook.matchAll(/^## (.+)$/gm)].map(([, h]) => h);
    // Per-function alarms (`<prefix>-generate-error-rate`) share one section (`<prefix>-<function>-error-rate`).
    const covered = (suffix: string) => headings.some((h) => h.includes(`\`<prefix>-${suffix}\``)
      || (suffix.startsWith("generate-") && h.includes(`\`<prefix>-<function>-${suffix.slice("generate-".length)}\``)));
    for (const runtime of ["agentcore", "classic"] as const) {
      const alarms = alarmDefinitions({
        prefix: "sdga-dev", runtime, tableName: "t", gatewayArn: "arn:gw", agentAliasArn: "arn:alias",
        functions: [{ key: "generate", functionName: "f", timeoutSeconds: 900 }],
        emf: { namespace: "n", service: "s", qualityServices: ["s"], generationFailedMetric: "GenerationsFailed", qualityScoreMetric: "QualityScore" },
        errorRatePercent: 5, durationPercentOfTimeout: 80, minQualityScore: 0.8,
      });
      for (const alarm of alarms) {
        const suffix = alarm.name.slice("sdga-dev-".length);
        assert.ok(covered(suffix), `no runbook section for ${alarm.name}`);
      }
    }
  });
});
