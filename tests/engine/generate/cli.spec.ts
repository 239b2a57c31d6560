import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runGenerate } from "../../../cli/commands/generate";

const ROOT = join(__dirname, "../../..");
const SCHEMA = join(ROOT, "examples/user_profile.schema.json");

describe("sdga generate", function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "sdga-gen-cli-")); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes data.<ext> and metadata.json, byte-identical for the same seed", async () => {
    await runGenerate({ schema: SCHEMA, rows: "500", seed: "42", format: "csv", out: join(dir, "a") });
    await runGenerate({ schema: SCHEMA, rows: "500", seed: "42", format: "csv", out: join(dir, "b") });
    const a = readFileSync(join(dir, "a/data.csv")), b = readFileSync(join(dir, "b/data.csv"));
    assert.ok(a.equals(b));
    assert.equal(a.toString("utf8").trimEnd().split("\n").length, 501);
    const meta = JSON.parse(readFileSync(join(dir, "a/metadata.json"), "utf8")) as Record<string, unknown>;
    assert.equal(meta.rows, 500);
    assert.equal(meta.seed, "42");
    assert.equal(meta.format, "csv");
    assert.match(String(meta.schema_digest), /^sha256:[0-9a-f]{64}$/);
    assert.match(String(meta.engine_version), /^\d+\.\d+\.\d+$/);
    assert.ok(typeof (meta.timings_ms as Record<string, number>).total === "number");
    // Why a value looks as it does: the meaning chosen per field path.
    const meanings = meta.meanings as Record<string, string>;
    assert.equal(meanings["/first_name"], "person first name");
    assert.equal(meanings["/status"], "enum");
  });

  it("exits 2 with a clear message on bad arguments or an unusable schema, writing nothing", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ type: "integer", minimum: 5, maximum: 1 }));
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "cli/sdga.ts"), "generate", ...args], { cwd: ROOT, encoding: "utf8" });
    const rows = run("--schema", SCHEMA, "--rows", "ten", "--out", join(dir, "o1"));
    assert.equal(rows.status, 2);
    assert.match(rows.stderr, /--rows must be a positive integer/);
    const schema = run("--schema", bad, "--rows", "3", "--out", join(dir, "o2"));
    assert.equal(schema.status, 2);
    assert.match(schema.stderr, /cannot be generated[\s\S]*minimum 5 > maximum 1/);
    const format = run("--schema", SCHEMA, "--rows", "3", "--format", "xml", "--out", join(dir, "o3"));
    assert.equal(format.status, 2);
    assert.match(format.stderr, /--format must be one of/);
    assert.ok(!existsSync(join(dir, "o2/data.jsonl")) && !existsSync(join(dir, "o3")));
  });
});
