import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runGenerate } from "../../../cli/commands/generate";

const ROOT = join(__dirname, "../../..");
const SCHEMA = join(ROOT, "examples/user_profile.schema.json");

describe("sdga generate --workers", function () {
  this.timeout(180_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), "sdga-workers-")); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the same bytes on one thread and on two workers, x-unique strings distinct across the shards; the metadata gives the shard layout", async () => {
    // The user profile with its e-mail address and a username x-unique.
    const profile = JSON.parse(readFileSync(SCHEMA, "utf8")) as { properties: Record<string, Record<string, unknown>>; required: string[] };
    profile.properties.email["x-unique"] = true;
    profile.properties.username = { type: "string", maxLength: 32, "x-unique": true };
    profile.required.push("username");
    const schema = join(dir, "unique_profile.schema.json");
    writeFileSync(schema, JSON.stringify(profile));
    // 150,001 rows: two shards of 75,001 and 75,000 rows, seeded seed#shard-0 and seed#shard-1.
    for (const workers of ["1", "2"]) {
      await runGenerate({ schema, rows: "150001", seed: "w", format: "csv", out: join(dir, workers), workers, progress: false });
    }
    const one = readFileSync(join(dir, "1/data.csv"));
    assert.ok(one.equals(readFileSync(join(dir, "2/data.csv"))));
    const lines = one.toString("utf8").trimEnd().split("\r\n");
    assert.equal(lines.length, 150_002);
    const header = lines[0].split(",");
    for (const column of ["email", "username"]) {
      const at = header.indexOf(column);
      assert.equal(new Set(lines.slice(1).map((l) => l.split(",")[at])).size, 150_001, `${column} repeats across the shards`);
    }
    const meta = (w: string) => JSON.parse(readFileSync(join(dir, w, "metadata.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual(meta("1").shards, { count: 2, rows_per_shard: 75_001 });
    assert.deepEqual([meta("1").workers, meta("2").workers], [1, 2]);
    assert.equal(meta("2").engine_version, meta("1").engine_version);
    // Workers report the plan's meanings as this thread would have found them.
    assert.deepEqual(meta("2").meanings, meta("1").meanings);
    assert.equal((meta("2").meanings as Record<string, string>)["/last_name"], "person last name");
    assert.ok(!existsSync(join(dir, "2/data.csv.partial")) && !existsSync(join(dir, "2/data.csv.partial.later")));
  });

  it("exits 2 on a --workers that is not a positive integer, or a schema the workers' engine refuses, writing nothing", () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "cli/sdga.ts"), "generate", ...args], { cwd: ROOT, encoding: "utf8" });
    const zero = run("--schema", SCHEMA, "--rows", "5", "--workers", "0", "--out", join(dir, "w0"));
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /--workers must be a positive integer/);
    assert.ok(!existsSync(join(dir, "w0")));
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ type: "object", properties: { n: { type: "integer", minimum: 5, maximum: 1 } }, required: ["n"] }));
    const refused = run("--schema", bad, "--rows", "150001", "--workers", "2", "--out", join(dir, "refused"));
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /cannot be generated[\s\S]*minimum 5 > maximum 1/);
    assert.ok(!existsSync(join(dir, "refused")));
  });
});
