import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(__dirname, "../../..");

function sdga(...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "cli/sdga.ts"), "validate", ...args], { cwd: root, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("sdga validate", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "sdga-validate-cli-"));
    writeFileSync(join(dir, "schema.json"), JSON.stringify({ fields: [
      { name: "id", type: "integer", constraints: { min: 1, unique: true } },
      { name: "email", type: "email" },
      { name: "card_number", type: "string" },
    ] }));
    writeFileSync(join(dir, "good.jsonl"), '{"id":1,"email":"a@example.com","card_number":"4242424242424242"}\n{"id":2,"email":"b@example.com","card_number":"4000056655665556"}\n');
    writeFileSync(join(dir, "bad.ndjson"), '{"id":1,"email":"a@example.com","card_number":"4242424242424242"}\n{"id":0,"email":"b","card_number":"x"}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 0 on a valid schema and data, printing only the JSON result on stdout", () => {
    const run = sdga("--schema", join(dir, "schema.json"), "--data", join(dir, "good.jsonl"), "--compliance", "PCI-DSS,gdpr", "--volume", "100");
    assert.equal(run.code, 0, run.stderr);
    const out = JSON.parse(run.stdout);
    assert.equal(out.valid, true);
    assert.equal(out.data.rows, 2);
    assert.deepEqual([...new Set(out.schema.compliance_issues.map((i: { requirement: string }) => i.requirement))].sort(), ["GDPR", "PCI-DSS"]);
    assert.match(run.stderr, /2 rows/);
  });

  it("exits 1 on invalid data (format from the .ndjson name) and on an unsound schema", () => {
    const data = sdga("--schema", join(dir, "schema.json"), "--data", join(dir, "bad.ndjson"));
    assert.equal(data.code, 1);
    const out = JSON.parse(data.stdout);
    assert.deepEqual([out.valid, out.data.invalid_rows], [false, 1]);
    assert.deepEqual(out.data.top_errors.map((g: { field: string; keyword: string }) => `${g.field} ${g.keyword}`).sort(), ["email format", "id minimum"]);

    writeFileSync(join(dir, "unsound.json"), JSON.stringify({ type: "object", properties: { n: { type: "integer", minimum: 5, maximum: 1 } } }));
    const schema = sdga("--schema", join(dir, "unsound.json"));
    assert.equal(schema.code, 1);
    assert.equal(JSON.parse(schema.stdout).schema.errors[0].rule, "minimum<=maximum");
  });

  it("exits 2 on usage errors, with the reason on stderr and nothing on stdout", () => {
    for (const args of [
      ["--schema", join(dir, "missing.json")],
      ["--schema", join(dir, "schema.json"), "--compliance", "ISO9001"],
      ["--schema", join(dir, "schema.json"), "--volume", "lots"],
      ["--schema", join(dir, "schema.json"), "--data", join(dir, "good.txt")],
      ["--data", join(dir, "good.jsonl")],
    ]) {
      const run = sdga(...args);
      assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
      assert.equal(run.stdout, "");
      assert.ok(run.stderr.length > 0);
    }
  });
});
