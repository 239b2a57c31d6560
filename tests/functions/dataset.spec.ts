// Data sets of several tables through the agent's functions, on the local stack (s3rver + dynalite):
// validateSchema checks a data set and names each problem; generateSyntheticData writes
// <generation>/<table>/part-NNNNN.<ext> with schema.sql, metadata and a quality report, in the call or in
// the background, and leaves nothing behind when it fails.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { startHarness, type Harness } from "./harness";
import { classicBody, classicEvent, gatewayContext } from "../../functions/local/events";
import { readRowsFrom } from "./readBack";
import type { Row } from "../../functions/engine/schema/types";

const SHOP = readFileSync(join(__dirname, "../../examples/shop.sql"), "utf8");

/** Customers and their orders as a data-set document (JSON text, as an agent sends it). */
const DOCUMENT = JSON.stringify({
  tables: {
    customers: { schema: { fields: [{ name: "id", type: "integer" }, { name: "email", type: "email", constraints: { unique: true } }, { name: "signed_up_at", type: "datetime" }] } },
    orders: { schema: { fields: [{ name: "id", type: "integer" }, { name: "customer_id", type: "integer" }, { name: "placed_at", type: "datetime" }, { name: "amount", type: "number", constraints: { min: 1, max: 500 } }] } },
  },
  relationships: [{ from: "orders.customer_id", to: "customers.id", cardinality: "1..4, mean 2" }],
  rules: [{ after: "orders.placed_at", parent: "customers.signed_up_at" }],
});

async function json(h: Harness, key: string): Promise<any> {
  const o = await h.s3.send(new GetObjectCommand({ Bucket: h.stack.bucket, Key: key }));
  return JSON.parse(await o.Body!.transformToString());
}

function assertKeysHold(customers: Row[], orders: Row[], cardinality: [number, number]) {
  const ids = new Set(customers.map((c) => c.id));
  assert.equal(ids.size, customers.length, "customer keys unique across parts");
  assert.equal(new Set(orders.map((o) => o.id)).size, orders.length, "order keys unique across parts");
  const per = new Map<unknown, number>();
  const signedUp = new Map(customers.map((c) => [c.id, Date.parse(String(c.signed_up_at))]));
  for (const o of orders) {
    assert.ok(ids.has(o.customer_id), `order ${o.id} points at customer ${o.customer_id}, which exists`);
    assert.ok(Date.parse(String(o.placed_at)) >= signedUp.get(o.customer_id)!, "an order is placed after its customer signed up");
    per.set(o.customer_id, (per.get(o.customer_id) ?? 0) + 1);
  }
  for (const c of customers) {
    const n = per.get(c.id) ?? 0;
    assert.ok(n >= cardinality[0] && n <= cardinality[1], `customer ${c.id} has ${n} orders`);
  }
}

describe("data sets through generate and validate (s3rver + dynalite)", function () {
  let h: Harness;
  before(async function () {
    h = await startHarness({ SYNC_ROW_LIMIT: "300", SHARD_ROWS: "40" });
  });
  after(async () => h?.stop());

  it("validateSchema reads the shop DDL: seven tables, their planned rows and relationships", async () => {
    const out = await h.validate({ dataset: SHOP, volume: 20 }, gatewayContext("validateSchema"));
    assert.equal(out.valid, true, JSON.stringify(out.errors));
    assert.equal(out.tables.length, 7);
    assert.equal(out.tables.find((t: { name: string }) => t.name === "customers").rows, 20);
    assert.ok(out.relationships.some((r: { from: string; to: string }) => r.from === "orders(customer_id)" && r.to === "customers(id)"), JSON.stringify(out.relationships));
  });

  it("validateSchema names each problem: key types that differ, a cycle, a cardinality that cannot be met, a unique space too small", async () => {
    const cases: Array<[string, string, RegExp]> = [
      ["CREATE TABLE a (id uuid PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a_id integer REFERENCES a (id));", "b.a_id", /cannot hold/],
      ["CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL); CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a (id)); ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id);", "->", /cycle/],
      [JSON.stringify({
        tables: { a: { schema: { fields: [{ name: "id", type: "integer" }] }, rows: 2 }, c: { schema: { fields: [{ name: "id", type: "integer" }] }, rows: 10 }, b: { schema: { fields: [{ name: "id", type: "integer" }, { name: "a_id", type: "integer" }, { name: "c_id", type: "integer" }] } } },
        relationships: [{ from: "b.a_id", to: "a.id", cardinality: "1..1", sizes: true }, { from: "b.c_id", to: "c.id", cardinality: "5..6" }],
      }), "b_c_id_fkey", /cannot be dealt/],
      ["CREATE TABLE a (id int PRIMARY KEY, code smallint NOT NULL UNIQUE CHECK (code BETWEEN 1 AND 5));", "a.code", /keys up to 50, above what smallint holds here \(5\)/],
      ["CREATE TABLE a (id int PRIMARY KEY, grade varchar(1) NOT NULL UNIQUE CHECK (grade IN ('A', 'B', 'C')));", "a.grade", /unique|distinct/i],
    ];
    // Far beyond the stack's ceiling: refused from the cardinalities' means, before any plan is allocated.
    const huge = await h.validate({ dataset: SHOP, volume: 900_000 }, gatewayContext("validateSchema"));
    assert.equal(huge.valid, false);
    assert.match(huge.errors[0].message, /900000 root rows make about \d+ rows in all \(.*order_lines ~\d+.*\), above this stack's ceiling/);
    for (const [dataset, at, message] of cases) {
      const out = await h.validate({ dataset, volume: 50 }, gatewayContext("validateSchema"));
      assert.equal(out.valid, false, `${dataset}: ${JSON.stringify(out)}`);
      const hit = out.errors.find((e: { field: string; message: string }) => e.field.includes(at) && message.test(e.message));
      assert.ok(hit, `${at} ${message}: ${JSON.stringify(out.errors)}`);
    }
  });

  it("refuses with 400: text that is no data set, DDL PostgreSQL cannot parse, both schema and dataset, neither", async () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ dataset: "{\"type\":\"object\"}" }, /data-set document/],
      [{ dataset: "CREATE TABLE (oops" }, /syntax|parse/i],
      [{ dataset: DOCUMENT, schema: { fields: [{ name: "a", type: "integer" }] } }, /not both/],
      [{}, /schema is required \(one record structure\), or instead dataset/],
    ];
    for (const [extra, message] of bad) {
      const { status, body } = classicBody(await h.generate(classicEvent("generateSyntheticData", { data_type: "custom", volume: 5, output_format: "csv", ...extra })));
      assert.equal(status, 400, JSON.stringify(body));
      assert.match(body.message, message);
    }
    assert.deepEqual(await h.listKeys("generated-data/"), [], "nothing was written");
  });

  it("generates a document's tables within the call: one folder per table, schema.sql, metadata and a quality report", async () => {
    const out = await h.generate({ data_type: "custom", volume: 12, output_format: "csv", seed: 3, dataset: DOCUMENT }, gatewayContext("generateSyntheticData"));
    assert.equal(out.status, "completed", JSON.stringify(out));
    const folder = out.output_location.replace(`s3://${h.stack.bucket}/`, "").replace(/customers\/part-00000\.csv$/, "");
    const keys = (await h.listKeys(folder)).map((k) => k.slice(folder.length));
    assert.deepEqual(keys, ["customers/part-00000.csv", "metadata.json", "orders/part-00000.csv", "quality_report.html", "quality_report.json", "schema.sql"]);
    const meta = await json(h, `${folder}metadata.json`);
    assert.deepEqual(meta.tables.map((t: { name: string }) => t.name), ["customers", "orders"]);
    const [customers, orders] = await Promise.all(meta.tables.map((t: { files: string[]; columns: Array<{ name: string; sql_type: string }> }) =>
      readRowsFrom(h, t.files.map((k) => `s3://${h.stack.bucket}/${k}`), "csv", { fields: t.columns.map((c) => ({ name: c.name, type: c.sql_type })) })));
    assert.equal(customers!.length, 12);
    assert.equal(orders!.length, meta.tables[1].rows);
    assertKeysHold(customers!, orders!, [1, 4]);
    const report = await json(h, `${folder}quality_report.json`);
    assert.equal(report.referential_integrity[0].orphans, 0);
    assert.equal(report.referential_integrity[0].score, 1);
    assert.equal(out.data_quality_metrics.referential_integrity, 1);
    // Each table's own report is in it too, its parts read back; the page beside it (tests/functions/datasetMetrics.spec.ts).
    assert.equal(report.table_reports.orders.row_count, meta.tables[1].rows);
    // calculateQualityMetrics measures the data set again from its folder, table by table and as a whole.
    const { status, body } = classicBody(await h.metrics(classicEvent("calculateQualityMetrics", { generation_id: out.generation_id })));
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.html_report_location, `s3://${h.stack.bucket}/${folder}quality_report.html`);
    assert.equal(body.metrics.referential_integrity, 1);
  });

  it("a large data set runs in the background in shards of at most SHARD_ROWS rows a table, keys and rules holding across the parts", async () => {
    const started = await h.generate({ data_type: "custom", volume: 150, output_format: "jsonl", seed: 5, dataset: DOCUMENT }, gatewayContext("generateSyntheticData"));
    assert.equal(started.status, "processing", JSON.stringify(started));
    await h.settle();
    const done = await h.generate({ generation_id: started.generation_id }, gatewayContext("getGeneration"));
    assert.equal(done.status, "completed", JSON.stringify(done.errors));
    const folder = done.files[0].replace(`s3://${h.stack.bucket}/`, "").replace(/customers\/part-00000\.jsonl$/, "");
    const meta = await json(h, `${folder}metadata.json`);
    // 150 customers with 1..4 orders each (about 300): 40 rows a shard cut every table into the same 8 or so shards.
    assert.equal(meta.shards, Math.ceil(Math.max(...meta.tables.map((t: { rows: number }) => t.rows)) / 40));
    assert.ok(meta.shards > 2, `${meta.shards} shards`);
    for (const t of meta.tables) assert.equal(t.files.length, meta.shards, t.name);
    assert.equal(done.data_quality_metrics.key_uniqueness, 1);
    assert.equal(done.data_quality_metrics.parent_rules, 1);
    for (const t of meta.tables) for (const [i, f] of t.files.entries()) assert.equal(f, `${folder}${t.name}/part-${String(i).padStart(5, "0")}.jsonl`);
    const customers = await readRowsFrom(h, meta.tables[0].files.map((k: string) => `s3://${h.stack.bucket}/${k}`), "jsonl");
    const orders = await readRowsFrom(h, meta.tables[1].files.map((k: string) => `s3://${h.stack.bucket}/${k}`), "jsonl");
    assert.equal(customers.length, 150);
    assertKeysHold(customers, orders, [1, 4]);
    assert.equal(done.progress, 1);
  });

  it("sql parts are INSERTs into the tables schema.sql creates", async () => {
    const started = await h.generate({ data_type: "custom", volume: 5, output_format: "sql", seed: 1, dataset: SHOP }, gatewayContext("generateSyntheticData"));
    await h.settle();
    const out = await h.generate({ generation_id: started.generation_id }, gatewayContext("getGeneration"));
    assert.equal(out.status, "completed", JSON.stringify(out));
    const folder = out.files[0].replace(`s3://${h.stack.bucket}/`, "").replace(/[a-z_]+\/part-00000\.sql$/, "");
    const schema = (await h.s3.send(new GetObjectCommand({ Bucket: h.stack.bucket, Key: `${folder}schema.sql` }))).Body!;
    assert.match(await schema.transformToString(), /CREATE TABLE[\s\S]*REFERENCES/);
    const lines = await h.s3.send(new GetObjectCommand({ Bucket: h.stack.bucket, Key: `${folder}order_lines/part-00000.sql` }));
    assert.match(await lines.Body!.transformToString(), /^INSERT INTO order_lines \(/);
  });

  it("a data set that fails midway keeps nothing: no part, schema, metadata or report", async () => {
    h.generateDeps.faults = (phase) => { if (phase === "after-part") throw new Error("injected failure after the first shard"); };
    try {
      const started = await h.generate({ data_type: "custom", volume: 150, output_format: "csv", seed: 9, dataset: DOCUMENT }, gatewayContext("generateSyntheticData"));
      await h.settle();
      const job = await h.jobs.get(started.generation_id);
      assert.equal(job?.status, "failed");
      assert.match(job!.errors!.join(" "), /injected failure/);
      assert.deepEqual(await h.listKeys(job!.folder), []);
    } finally {
      delete h.generateDeps.faults;
    }
  });
});
