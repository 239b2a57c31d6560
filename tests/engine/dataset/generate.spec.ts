// Generation of a data set, checked by reading the rows back: every reference resolves, keys are unique
// across the table and across shards, cardinalities stay in their ranges, children agree with their parents,
// self-references have no cycles, each finished row passes an independent validator, and a seed reproduces it.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@cfworker/json-schema";
import { type DataSet, type DatasetPlan, prepareDataset, readDdl, shardRange } from "../../../functions/engine/dataset";
import { digestRows } from "./shardDigest";
import type { Row } from "../../../functions/engine/schema/types";

type Tables = Record<string, Row[]>;

function collect(plan: DatasetPlan): Tables {
  const out: Tables = {};
  for (const t of plan.tables) out[t.table.name] = [...t.rows()];
  return out;
}

const ms = (v: unknown) => Date.parse(String(v).length === 10 ? `${v}T00:00:00Z` : String(v));
const cents = (v: unknown) => Math.round(Number(v) * 100);

describe("dataset: generation", function () {
  this.timeout(120_000);
  let shop: DataSet;
  let tables: Tables;
  let plan: DatasetPlan;

  before(async () => {
    shop = await readDdl(readFileSync("examples/shop.sql", "utf8"));
    plan = prepareDataset(shop, { rows: 300, seed: "spec" });
    tables = collect(plan);
  });

  it("makes tables in dependency order, root tables at the rows asked for (or their own), children by cardinality", () => {
    assert.deepEqual(plan.tables.map((t) => t.table.name), ["employees", "customers", "products", "orders", "order_lines", "payments", "refunds"]);
    assert.equal(tables.customers.length, 300);
    assert.equal(tables.employees.length, 40, "COMMENT ON TABLE employees IS 'sdga: rows 40'");
    assert.equal(tables.products.length, 500);
    for (const [t, rows] of Object.entries(tables)) assert.equal(rows.length, plan.counts[t]);
  });

  it("every row passes an independent validator of its table's schema", () => {
    for (const t of plan.tables) {
      const v = new Validator(t.schema as object, "2020-12", false);
      for (const row of tables[t.table.name]) {
        const r = v.validate(row);
        assert.ok(r.valid, `${t.table.name}: ${JSON.stringify(row)}: ${JSON.stringify(r.errors.slice(0, 2))}`);
      }
    }
  });

  it("keys are unique and every reference points at an existing parent row", () => {
    const keys = (t: string, cols: string[]) => tables[t].map((r) => cols.map((c) => String(r[c])).join("|"));
    for (const t of shop.tables) {
      const pk = keys(t.name, t.primaryKey);
      assert.equal(new Set(pk).size, pk.length, `${t.name} primary key repeats`);
      for (const u of t.unique) {
        const vs = keys(t.name, u);
        assert.equal(new Set(vs).size, vs.length, `${t.name} (${u}) repeats`);
      }
    }
    for (const r of shop.relationships) {
      const parents = new Set(keys(r.parent, r.parentColumns));
      for (const row of tables[r.child]) {
        if (r.columns.some((c) => row[c] === null)) { assert.ok(r.nullable); continue; }
        assert.ok(parents.has(r.columns.map((c) => String(row[c])).join("|")), `${r.name}: ${JSON.stringify(row)} has no parent`);
      }
    }
  });

  it("children per parent stay within each stated cardinality, near its mean", () => {
    for (const r of shop.relationships.filter((x) => x.cardinalityStated && x.child !== x.parent)) {
      const counts = new Map<string, number>(tables[r.parent].map((p) => [String(p[r.parentColumns[0]]), 0]));
      for (const row of tables[r.child]) if (row[r.columns[0]] !== null) counts.set(String(row[r.columns[0]]), counts.get(String(row[r.columns[0]]))! + 1);
      const values = [...counts.values()];
      assert.ok(Math.min(...values) >= r.cardinality.min && Math.max(...values) <= r.cardinality.max, `${r.name}: ${Math.min(...values)}..${Math.max(...values)}`);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      if (r.cardinality.mean !== undefined) assert.ok(Math.abs(mean - r.cardinality.mean) < Math.max(0.35 * r.cardinality.mean, 0.1), `${r.name}: mean ${mean}, asked ${r.cardinality.mean}`);
    }
  });

  it("children agree with their parents: after the customer signed up, lines summing to the total, refunds within the payment", () => {
    const byId = (t: string) => new Map(tables[t].map((r) => [String(r.id), r]));
    const customers = byId("customers"), orders = byId("orders"), payments = byId("payments"), employees = byId("employees");
    for (const o of tables.orders) {
      assert.ok(ms(o.placed_at) >= ms(customers.get(String(o.customer_id))!.signed_up_at), `order ${o.id} before its customer signed up`);
      if (o.handled_by !== null) assert.ok(ms(o.placed_at) >= ms(employees.get(String(o.handled_by))!.hired_on));
      if (o.shipped_at !== null) assert.ok(ms(o.shipped_at) >= ms(o.placed_at), `order ${o.id} shipped before placed`);
    }
    const sums = new Map<string, number>();
    for (const l of tables.order_lines) {
      assert.equal(cents(l.line_total), cents(l.quantity) / 100 * cents(l.unit_price), `line ${l.order_id}/${l.line_no}`);
      sums.set(String(l.order_id), (sums.get(String(l.order_id)) ?? 0) + cents(l.line_total));
    }
    for (const o of tables.orders) assert.equal(cents(o.total), sums.get(String(o.id)) ?? 0, `order ${o.id} total`);
    for (const p of tables.payments) assert.ok(ms(p.paid_at) >= ms(orders.get(String(p.order_id))!.placed_at));
    const refunded = new Map<string, number>();
    for (const r of tables.refunds) {
      refunded.set(String(r.payment_id), (refunded.get(String(r.payment_id)) ?? 0) + cents(r.amount));
      assert.ok(ms(r.refunded_at) >= ms(payments.get(String(r.payment_id))!.paid_at));
    }
    assert.ok(refunded.size > 0);
    for (const [id, total] of refunded) assert.ok(total <= cents(payments.get(id)!.amount), `payment ${id} refunded ${total} of ${payments.get(id)!.amount}`);
  });

  it("a hurried DDL's column types are what fits, not what is typical: balances and totals in tens, percentages within 0-100", async () => {
    const set = await readDdl(`CREATE TABLE accounts (id integer PRIMARY KEY, name text NOT NULL, balance numeric(10,2) NOT NULL, discount_pct numeric(5,2), credit_limit numeric(12,2) CHECK (credit_limit >= 0));
      CREATE TABLE invoices (id integer PRIMARY KEY, account_id integer NOT NULL REFERENCES accounts(id), total numeric(10,2) NOT NULL CHECK (total > 0), quantity integer NOT NULL CHECK (quantity > 0));`);
    const made = collect(prepareDataset(set, { rows: 300, seed: "data" }));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const column = (rows: Row[], c: string) => rows.map((r) => r[c]).filter((v): v is number => typeof v === "number");
    // numeric(10,2) holds up to 99,999,999.99; a uniform draw over it had a median in the tens of millions.
    for (const [rows, c] of [[made.accounts, "balance"], [made.accounts, "credit_limit"], [made.invoices, "total"]] as const) {
      const values = column(rows, c);
      assert.ok(values.length > 100 && median(values) < 1000, `${c}: median ${median(values)}`);
      for (const v of values) assert.equal(cents(v) / 100, v, `${c} ${v} is in cents`);
    }
    assert.ok(column(made.accounts, "discount_pct").every((v) => v >= 0 && v <= 100));
    assert.ok(median(column(made.invoices, "quantity")) < 10);
  });

  it("a self-reference points at earlier rows only, so managers form a forest without cycles", () => {
    const boss = new Map(tables.employees.map((e) => [e.id, e.manager_id]));
    assert.ok([...boss.values()].some((m) => m !== null));
    for (const id of boss.keys()) {
      const seen = new Set();
      let at: unknown = id;
      while (at !== null) { assert.ok(!seen.has(at), `cycle through ${String(at)}`); seen.add(at); at = boss.get(at as number); }
    }
  });

  it("the same seed gives the same rows; another seed other rows", () => {
    const again = collect(prepareDataset(shop, { rows: 300, seed: "spec" }));
    assert.deepEqual(again, tables);
    const other = collect(prepareDataset(shop, { rows: 300, seed: "other" }));
    assert.notDeepEqual(other.orders.slice(0, 5), tables.orders.slice(0, 5));
  });

  it("shards partition every table: together they are the whole data set, keys unique across shards, references whole", () => {
    const count = 3;
    const parts = Array.from({ length: count }, (_, index) => collect(prepareDataset(shop, { rows: 300, seed: "spec", shard: { index, count } })));
    const whole = prepareDataset(shop, { rows: 300, seed: "spec", shard: { index: 0, count } });
    for (const t of shop.tables) {
      const rows = parts.flatMap((p) => p[t.name]);
      assert.equal(rows.length, whole.counts[t.name], t.name);
      const pk = rows.map((r) => t.primaryKey.map((c) => String(r[c])).join("|"));
      assert.equal(new Set(pk).size, pk.length, `${t.name} keys repeat across shards`);
    }
    const customerIds = new Set(parts.flatMap((p) => p.customers.map((c) => c.id)));
    const orderTotals = new Map(parts.flatMap((p) => p.orders.map((o) => [o.id, cents(o.total)] as const)));
    const lineSums = new Map<unknown, number>();
    for (const l of parts.flatMap((p) => p.order_lines)) lineSums.set(l.order_id, (lineSums.get(l.order_id) ?? 0) + cents(l.line_total));
    for (const o of parts.flatMap((p) => p.orders)) {
      assert.ok(customerIds.has(o.customer_id));
      assert.equal(orderTotals.get(o.id), lineSums.get(o.id) ?? 0);
    }
  });

  it("with 1, 2 and 3 shards no payment is refunded more than its amount, and keys and unique columns hold across shards", () => {
    // At 300 customers about 20 payments have two refunds, mostly in different shards: before the caps were
    // per child, each shard trimmed against the whole payment (10 payments over with 2 shards, 13 with 3).
    for (const count of [1, 2, 3]) {
      const parts = Array.from({ length: count }, (_, index) => collect(prepareDataset(shop, { rows: 300, seed: "spec", shard: { index, count } })));
      const all = (t: string) => parts.flatMap((p) => p[t]);
      const amount = new Map(all("payments").map((p) => [p.id, cents(p.amount)]));
      const refunded = new Map<unknown, number[]>();
      for (const r of all("refunds")) refunded.set(r.payment_id, [...(refunded.get(r.payment_id) ?? []), cents(r.amount)]);
      assert.ok([...refunded.values()].filter((x) => x.length > 1).length >= 10, `${count} shards: payments with several refunds`);
      for (const [id, xs] of refunded) {
        assert.ok(xs.every((x) => x > 0), `${count} shards: payment ${id} refunds ${xs}`);
        assert.ok(xs.reduce((a, b) => a + b, 0) <= amount.get(id)!, `${count} shards: payment ${id} of ${amount.get(id)} refunded ${xs}`);
      }
      for (const t of shop.tables) {
        for (const key of [t.primaryKey, ...t.unique]) {
          const values = all(t.name).map((r) => key.map((c) => String(r[c])).join("|"));
          assert.equal(new Set(values).size, values.length, `${count} shards: ${t.name} (${key}) repeats`);
        }
      }
    }
  });

  it("a shard is the same rows whatever makes it: alone in this process, alone in another, or in one pass over every shard", () => {
    const count = 3;
    const alone = Array.from({ length: count }, (_, index) => prepareDataset(shop, { rows: 300, seed: "spec", shard: { index, count } }));
    const pass = prepareDataset(shop, { rows: 300, seed: "spec", shards: count });
    for (const t of pass.tables) {
      const rows = [...t.rows()];
      const cut = alone.map((p) => p.tables.find((x) => x.table.name === t.table.name)!);
      assert.deepEqual(cut.map((c) => c.firstRow), [0, shardRange(t.totalRows, 1, count).first, shardRange(t.totalRows, 2, count).first]);
      assert.deepEqual(rows, cut.flatMap((c) => [...c.rows()]), t.table.name);
    }
    const run = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "shardDigest.ts"), "300", "spec", "1", String(count)], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const other = JSON.parse(run.stdout) as Record<string, string>;
    const again = prepareDataset(shop, { rows: 300, seed: "spec", shard: { index: 1, count } });
    assert.deepEqual(other, Object.fromEntries(again.tables.map((t) => [t.table.name, digestRows(t.rows())])));
  });

  it("refuses rows for a table its parents size, naming the parent", async () => {
    assert.throws(() => prepareDataset(shop, { rows: 10, tableRows: { orders: 5 } }), /orders is sized by its customers/);
    assert.throws(() => prepareDataset(shop, { rows: 10, tableRows: { nosuch: 5 } }), /no table nosuch/);
  });
});
