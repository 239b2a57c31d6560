// The output contract, for every command in cli/commands/: standard output carries only the result (JSON,
// or the agent's streamed text for ask), everything else goes to standard error; a usage error leaves
// stdout empty. Real processes, with Powertools logging at INFO (it writes to stdout) to prove the point.
// `sdga demo` (npm start) is checked for what a person is left with: plain files and a summary that works.
import { strict as assert } from "node:assert";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { classicEvent } from "../../functions/local/events";
import { ROOT, sdga, serve, type Run } from "./processes";

const COMMANDS = readdirSync(join(ROOT, "cli", "commands")).filter((f) => f.endsWith(".ts")).map((f) => basename(f, ".ts")).sort();

/** stdout is exactly one JSON document. */
function json(run: Run): any {
  assert.equal(run.code, 0, run.stderr);
  try {
    return JSON.parse(run.stdout);
  } catch {
    assert.fail(`stdout is not one JSON document:\n${run.stdout.slice(0, 500)}`);
  }
}

describe("sdga: standard output carries only the result, on every command", function () {
  this.timeout(180_000);
  let dir: string;
  let state: string;
  const schema = join(ROOT, "examples", "user_profile.schema.json");
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "sdga-stdout-"));
    state = join(dir, "state");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: Record<string, () => Promise<void>> = {
    async demo() {
      const run = await sdga(["demo", "--volume", "300", "--state-dir", state]);
      const result = json(run);
      assert.equal(result.status, "completed");
      // The files under their own names, in the generation's folder, opened by ordinary readers.
      assert.equal(result.folder, join(state, "generations", result.generation_id));
      assert.deepEqual(readdirSync(result.folder).sort(), ["data.parquet", "metadata.json", "quality_report.html", "quality_report.json"]);
      assert.deepEqual(Object.values(result.files).map((f) => basename(String(f))).sort(), ["data.parquet", "metadata.json", "quality_report.html", "quality_report.json"]);
      const bytes = readFileSync(result.files.data);
      const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) });
      assert.equal(rows.length, 300);
      assert.match(readFileSync(result.files.html_report, "utf8"), /^<!DOCTYPE html>/i);
      assert.equal(JSON.parse(readFileSync(result.files.metadata, "utf8")).volume, 300);
      // The summary: where the files are, the one command to look at the report, what next; nothing cut short
      // or pointing at the stand-ins' ports, which close when the command ends.
      const folder = join(state, "generations", result.generation_id);
      assert.ok(run.stderr.includes(`${folder}/`), run.stderr);
      assert.match(run.stderr, new RegExp(`Look at the quality report:\\n\\s+(xdg-open|open|start "") ${folder.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/quality_report\\.html\\n`));
      assert.match(run.stderr, /Try next:\n\s+npx sdga metrics --schema examples\/user_profile\.schema\.json --data /);
      assert.doesNotMatch(run.stderr, /…|https?:\/\/127\.0\.0\.1|_S3rver_/);
    },
    async generate() {
      const out = join(dir, "generated");
      const result = json(await sdga(["generate", "--schema", schema, "--rows", "50", "--seed", "1", "--format", "csv", "--out", out]));
      assert.equal(result.data, join(out, "data.csv"));
      assert.equal(result.rows, 50);
    },
    async validate() {
      const run = await sdga(["validate", "--schema", schema, "--data", join(dir, "generated", "data.csv")]);
      assert.equal(json(run).data.rows, 50);
      assert.match(run.stderr, /reading .* as csv/);
    },
    async metrics() {
      const run = await sdga(["metrics", "--schema", schema, "--data", join(dir, "generated", "data.csv")]);
      assert.equal(json(run).row_count, 50);
      assert.match(run.stderr, /50 rows in/);
    },
    async invoke() {
      const event = join(dir, "event.json");
      writeFileSync(event, JSON.stringify(classicEvent("generateSyntheticData", { data_type: "custom", volume: 20, schema: { fields: [{ name: "n", type: "integer" }] }, output_format: "jsonl", seed: 2 })));
      const run = await sdga(["invoke", "generate", "--event", event, "--state-dir", state]);
      const body = JSON.parse(json(run).response.responseBody["application/json"].body);
      assert.equal(body.status, "completed");
      assert.ok(run.stderr.includes(`the generation's files are in ${join(state, "generations", body.generation_id)}`), run.stderr);
      assert.match(run.stderr, /"level":"INFO"/, "Powertools' INFO lines went to stderr");
    },
    async load() {
      const out = join(dir, "shop");
      const generated = json(await sdga(["generate", "--schema", join(ROOT, "examples", "shop.sql"), "--rows", "20", "--seed", "1", "--format", "csv", "--out", out]));
      assert.equal(generated.load_with, `sdga load --data ${out}`);
      // The data set's quality report is written beside it, where the result says.
      assert.equal(generated.html_report, join(out, "quality_report.html"));
      assert.match(readFileSync(generated.html_report, "utf8"), / id="table-orders-overview"/);
      assert.equal(JSON.parse(readFileSync(generated.quality_report, "utf8")).score, generated.overall_quality_score);
      const loaded = json(await sdga(["load", "--data", out]));
      assert.equal(loaded.rows, generated.rows);
    },
    async serve() {
      const server = await serve(join(dir, "served"));
      try {
        const answer = await fetch(`${server.url}/validate-schema`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ schema: { fields: [{ name: "a", type: "integer" }] } }) });
        assert.equal(answer.status, 200);
      } finally {
        server.child.kill("SIGINT");
      }
      const run = await server.exited;
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, "", "serve has no result: nothing on stdout");
      assert.match(run.stderr, /sdga serve: listening on http:\/\/127\.0\.0\.1:\d+/);
    },
    async ask() {
      // Reaching an agent needs AWS; what it prints otherwise is checked here: the help it was asked for
      // on stdout, and an error with nothing on stdout.
      const help = await sdga(["ask", "--help"]);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: sdga ask/);
      assert.equal(help.stderr, "");
      const bad = await sdga(["ask", "--harness-arn", "not-an-arn", "hello"]);
      assert.equal(bad.code, 2);
      assert.equal(bad.stdout, "");
      assert.match(bad.stderr, /--harness-arn "not-an-arn" is not a harness ARN/);
    },
  };

  it("has a case for each command in cli/commands/", () => {
    assert.deepEqual(Object.keys(cases).sort(), COMMANDS);
  });

  for (const name of ["demo", "generate", "validate", "metrics", "invoke", "load", "serve", "ask"]) {
    it(`sdga ${name}`, async () => {
      // A usage error, run beside the case: the reason on stderr, nothing on stdout.
      const [usage] = await Promise.all([name === "ask" ? undefined : sdga([name, "--no-such-option"]), cases[name]!()]);
      if (!usage) return;
      assert.equal(usage.code, 2);
      assert.equal(usage.stdout, "");
      assert.match(usage.stderr, /^error: (unknown option '--no-such-option'|required option '.*' not specified)/);
    });
  }
});
