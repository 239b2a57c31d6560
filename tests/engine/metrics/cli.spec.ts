import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..", "..");

function sdga(args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "cli", "sdga.ts"), "metrics", ...args], { cwd: ROOT, encoding: "utf8" });
}

describe("metrics: sdga metrics", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "sdga-metrics-"));
    writeFileSync(join(dir, "schema.json"), JSON.stringify({
      fields: [{ name: "id", type: "integer" }, { name: "tier", type: "string", constraints: { enum: ["gold", "silver"] } }],
    }));
    const lines = (n: number, shift: number) => Array.from({ length: n }, (_, k) => JSON.stringify({ id: k + shift, tier: k % 4 ? "silver" : "gold" })).join("\n");
    writeFileSync(join(dir, "data.jsonl"), `${lines(40, 0)}\n{"id": 1.5, "tier": "gold"}\n`);
    writeFileSync(join(dir, "real.jsonl"), `${lines(30, 10)}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("prints only the JSON report on stdout and writes both reports to --out", () => {
    const out = join(dir, "out");
    const run = sdga(["--schema", join(dir, "schema.json"), "--data", join(dir, "data.jsonl"), "--reference", join(dir, "real.jsonl"), "--out", out]);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.row_count, 41);
    assert.equal(report.validity_score, 40 / 41);
    assert.ok(report.fidelity.column_shapes.score > 0);
    assert.deepEqual(JSON.parse(readFileSync(join(out, "quality_report.json"), "utf8")), report);
    assert.match(readFileSync(join(out, "quality_report.html"), "utf8"), /^<!DOCTYPE html>/);
    assert.match(run.stderr, /41 rows/);
  });

  it("exits 1 with the engine's error when the schema cannot be compiled", () => {
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ type: "object", properties: { a: { $ref: "#/$defs/missing" } } }));
    const run = sdga(["--schema", join(dir, "bad.json"), "--data", join(dir, "data.jsonl")]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /SchemaCompileError: .*#\/\$defs\/missing/);
    assert.equal(run.stdout, "");
  });

  it("exits 2 on usage errors, naming the problem, with nothing on stdout", () => {
    const missing = sdga(["--schema", join(dir, "schema.json")]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--data/);
    const badFormat = sdga(["--schema", join(dir, "schema.json"), "--data", join(dir, "data.jsonl"), "--format", "xml"]);
    assert.equal(badFormat.status, 2);
    assert.match(badFormat.stderr, /unknown --format "xml"/);
    assert.equal(badFormat.stdout, "");
    const noSchema = sdga(["--schema", join(dir, "nope.json"), "--data", join(dir, "data.jsonl"), "--out", join(dir, "never")]);
    assert.equal(noSchema.status, 2);
    assert.match(noSchema.stderr, /cannot read --schema/);
    assert.ok(!existsSync(join(dir, "never")));
  });
});
