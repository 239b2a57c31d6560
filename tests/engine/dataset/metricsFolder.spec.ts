// `sdga metrics --data DIR`: a data set folder (as sdga generate wrote it) measured as one: keys,
// referential integrity, cardinality, parent rules, and with --reference DIR SDMetrics' multi-table fidelity.
// Through the real command (bin/sdga.cjs from source), on the shop example.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prepareDataset, readDdl, writeDataset } from "../../../functions/engine/dataset";

const ROOT = join(__dirname, "..", "..", "..");

function sdga(args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, "bin", "sdga.cjs"), ...args], {
    cwd: ROOT, encoding: "utf8", env: { ...process.env, SDGA_FROM_SOURCE: "1" }, timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("sdga metrics of a data set folder", function () {
  let dir: string;
  before(async function () {
    dir = mkdtempSync(join(tmpdir(), "sdga-dsm-"));
    const shop = await readDdl(readFileSync(join(ROOT, "examples", "shop.sql"), "utf8"));
    await writeDataset(prepareDataset(shop, { rows: 60, seed: "synthetic" }), "jsonl", join(dir, "synthetic"));
    await writeDataset(prepareDataset(shop, { rows: 60, seed: "reference" }), "jsonl", join(dir, "reference"));
    await writeDataset(prepareDataset(shop, { rows: 60, seed: "broken" }), "jsonl", join(dir, "broken"));
    // Two orders pointing at customers that do not exist.
    const orders = join(dir, "broken", "orders.jsonl");
    const lines = readFileSync(orders, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    lines[0]!.customer_id = 999_999;
    lines[1]!.customer_id = 999_998;
    writeFileSync(orders, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("reports keys, references, cardinalities and rules; with a reference folder, the multi-table fidelity", () => {
    const out = sdga(["metrics", "--data", join(dir, "synthetic"), "--reference", join(dir, "reference"), "--out", join(dir, "report")]);
    assert.equal(out.code, 0, out.stderr);
    const report = JSON.parse(out.stdout);
    assert.equal(report.kind, "dataset");
    assert.equal(report.tables.length, 7);
    assert.ok(report.referential_integrity.length >= 7);
    for (const r of report.referential_integrity) assert.equal(r.orphans, 0, r.relationship);
    // With a reference, the bounds are the reference's own child counts (SDMetrics' CardinalityBoundaryAdherence).
    for (const c of report.cardinality) {
      assert.equal(c.bounds_from, "reference");
      assert.ok(c.adherence > 0.9 && c.adherence <= 1, JSON.stringify(c));
    }
    assert.ok(report.fidelity.cardinality_shape_similarity.length > 0);
    assert.ok(report.fidelity.intertable_trends.length > 0);
    for (const s of report.fidelity.cardinality_shape_similarity) assert.ok(s.score === null || (s.score > 0.5 && s.score <= 1), JSON.stringify(s));
    assert.deepEqual(JSON.parse(readFileSync(join(dir, "report", "quality_report.json"), "utf8")), report);
    // Each table's own report, against the reference's table, in the JSON and on the page.
    for (const t of report.tables) assert.ok(report.table_reports[t.name].fidelity, t.name);
    const html = readFileSync(join(dir, "report", "quality_report.html"), "utf8");
    for (const id of ["integrity", "cardinality", "rules", "fidelity", "table-orders-overview"]) assert.ok(html.includes(` id="${id}"`), id);
    assert.match(out.stderr, /wrote .*quality_report\.json and .*quality_report\.html/);
  });

  it("counts the orphans of a broken folder; refuses a file as the reference and --schema with a folder", () => {
    const broken = sdga(["metrics", "--data", join(dir, "broken")]);
    assert.equal(broken.code, 0, broken.stderr);
    const ri = JSON.parse(broken.stdout).referential_integrity.find((r: { child: string; parent: string }) => r.child === "orders" && r.parent === "customers");
    assert.equal(ri.orphans, 2);
    assert.ok(ri.score < 1);
    const file = sdga(["metrics", "--data", join(dir, "synthetic"), "--reference", join(dir, "reference", "orders.jsonl")]);
    assert.equal(file.code, 2);
    assert.match(file.stderr, /must be a data set folder too/);
    const schema = sdga(["metrics", "--data", join(dir, "synthetic"), "--schema", join(ROOT, "examples", "shop.sql")]);
    assert.equal(schema.code, 2);
    assert.match(schema.stderr, /carries its tables' schemas/);
    // A reference without one of the tables is refused, naming it, and nothing is written.
    const partial = join(dir, "partial");
    mkdirSync(partial);
    const manifest = JSON.parse(readFileSync(join(dir, "reference", "dataset.json"), "utf8"));
    manifest.tables = manifest.tables.filter((t: { name: string }) => t.name !== "refunds");
    writeFileSync(join(partial, "dataset.json"), JSON.stringify(manifest));
    for (const t of manifest.tables) copyFileSync(join(dir, "reference", t.file), join(partial, t.file));
    const missing = sdga(["metrics", "--data", join(dir, "synthetic"), "--reference", partial, "--out", join(dir, "partial-report")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /has no table refunds/);
    assert.ok(!existsSync(join(dir, "partial-report")));
  });
});
