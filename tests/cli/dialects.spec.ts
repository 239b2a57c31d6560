// The README's dialect commands, end to end through the CLI: an OpenAPI YAML component and a draft-07 file
// are generated, then validated and measured from the same file with the same verdict (every row valid).
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validator } from "@cfworker/json-schema";

const ROOT = join(__dirname, "../..");
const sdga = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "cli/sdga.ts"), ...args], { cwd: ROOT, encoding: "utf8" });

describe("sdga with an OpenAPI document and a draft-07 schema", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => { dir = mkdtempSync(join(tmpdir(), "sdga-dialects-")); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases = [
    { name: "OpenAPI 3.0 YAML, component Order", schema: "examples/store.openapi.yaml", component: ["--component", "Order"], read: /read .* as openapi-3\.0, component Order/ },
    { name: "draft-07 JSON", schema: "examples/customer.draft-07.schema.json", component: [], read: /read .* as draft-07/ },
  ];
  for (const c of cases) {
    it(`${c.name}: generate says what it read, validate and metrics find every row valid`, () => {
      const out = join(dir, c.schema.replace(/\W/g, "_"));
      const gen = sdga("generate", "--schema", c.schema, ...c.component, "--rows", "2000", "--seed", "3", "--out", out);
      assert.equal(gen.status, 0, gen.stderr);
      assert.match(gen.stderr, c.read);
      const data = join(out, "data.jsonl");
      const val = sdga("validate", "--schema", c.schema, ...c.component, "--data", data);
      assert.equal(val.status, 0, val.stdout + val.stderr);
      const verdict = JSON.parse(val.stdout) as { valid: boolean; data: { rows: number; invalid_rows: number } };
      assert.deepEqual([verdict.valid, verdict.data.rows, verdict.data.invalid_rows], [true, 2000, 0]);
      const met = sdga("metrics", "--schema", c.schema, ...c.component, "--data", data);
      assert.equal(met.status, 0, met.stderr);
      assert.equal((JSON.parse(met.stdout) as { validity_score: number }).validity_score, 1);
    });
  }

  it("the draft-07 rows are valid to an independent draft-07 validator, and the OpenAPI ones carry nulls where nullable", () => {
    const customers = readFileSync(join(dir, "examples_customer_draft_07_schema_json", "data.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const judge = new Validator(JSON.parse(readFileSync(join(ROOT, "examples/customer.draft-07.schema.json"), "utf8")), "7", false);
    assert.deepEqual(customers.filter((r) => !judge.validate(r).valid).length, 0);
    assert.ok(customers.every((r) => r.vat_number === undefined || r.billing_address !== undefined), "dependencies hold");
    const orders = readFileSync(join(dir, "examples_store_openapi_yaml", "data.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.ok(orders.some((o) => o.note === null) && orders.some((o) => o.coupon === null), "nullable properties are sometimes null");
    assert.ok(orders.every((o) => (o.payment.method === "card") === ("last4" in o.payment)), "the discriminator picks the branch");
  });

  it("a missing component is answered with the names there are", () => {
    const run = sdga("generate", "--schema", "examples/store.openapi.yaml", "--component", "Orders", "--rows", "5", "--out", join(dir, "none"));
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no schema component "Orders" \(close: Order\)/);
  });
});
