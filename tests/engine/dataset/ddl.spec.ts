// Reading data sets: PostgreSQL DDL through the real parser, and JSON data-set documents through the schema
// front door. Each problem is reported before generation with where it is.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { DatasetError, readDatasetDocument, readDdl, parseCardinality } from "../../../functions/engine/dataset";

async function problemsOf(ddl: string): Promise<string[]> {
  try {
    await readDdl(ddl);
  } catch (err) {
    if (err instanceof DatasetError) return err.problems.map((p) => `${p.at}: ${p.message}`);
    throw err;
  }
  return [];
}

describe("dataset: DDL read by PostgreSQL's parser", function () {
  this.timeout(60_000);

  it("reads the shop example: seven tables in dependency order, keys, references and the stated cardinalities", async () => {
    const ds = await readDdl(readFileSync("examples/shop.sql", "utf8"));
    assert.deepEqual(ds.tables.map((t) => t.name), ["employees", "customers", "products", "orders", "order_lines", "payments", "refunds"]);
    const lines = ds.tables.find((t) => t.name === "order_lines")!;
    assert.deepEqual(lines.primaryKey, ["order_id", "line_no"]);
    assert.deepEqual(lines.rowRules.map((r) => r.kind), ["derive"]);
    const byName = Object.fromEntries(ds.relationships.map((r) => [r.name, r]));
    assert.deepEqual(byName.orders_customer_id_fkey.cardinality, { min: 0, max: 20, mean: 3, distribution: "skewed" });
    assert.equal(byName.orders_customer_id_fkey.drives, true);
    assert.equal(byName.order_lines_product_id_fkey.drives, false, "a line is sized by its order, not its product");
    assert.equal(byName.payments_order_fk.parent, "orders", "a reference added by ALTER TABLE counts");
    assert.equal(byName.employees_manager_id_fkey.nullable, true);
    const rules = ds.parentRules.map((r) => `${r.kind} ${r.relationship} ${r.column}<-${r.parentColumn}`);
    assert.ok(rules.includes("sum order_lines_order_id_fkey line_total<-total"), rules.join("; "));
    assert.ok(rules.includes("atMost refunds_payment_id_fkey amount<-amount"), rules.join("; "));
    assert.ok(rules.includes("after orders_customer_id_fkey placed_at<-signed_up_at"), rules.join("; "));
    // CHECKs as keywords: BETWEEN, IN, bounds against now().
    const props = (t: string) => ds.tables.find((x) => x.name === t)!.schema.properties as Record<string, Record<string, unknown>>;
    assert.equal(props("order_lines").quantity.minimum, 1);
    assert.equal(props("order_lines").quantity.maximum, 10);
    assert.deepEqual(props("refunds").reason.enum, ["damaged", "late", "wrong_item", "changed_mind"]);
    assert.equal(props("customers").signed_up_at.formatMaximum, "2026-01-01T00:00:00.000Z");
    assert.deepEqual(props("orders").status.enum, ["placed", "paid", "shipped", "delivered", "cancelled"]);
    // The statements that create the tables are kept as written, in order.
    assert.match(ds.ddl[0], /^CREATE TYPE order_status AS ENUM/);
    assert.ok(ds.ddl.some((s) => s.startsWith("COMMENT ON CONSTRAINT orders_customer_id_fkey")));
  });

  it("reports every CHECK it cannot honour, with the check's text, before generation", async () => {
    const problems = await problemsOf(`
      CREATE TABLE t (
        id int PRIMARY KEY,
        a int CHECK (a > 0 OR id > 5),
        b text CHECK (upper(b) = b),
        c int CHECK (c BETWEEN 1 AND 5)
      );`);
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(problems[0], /^t\.a: CHECK \(a > 0 OR id > 5\): the generator cannot honour this check/);
    assert.match(problems[1], /^t\.b: CHECK \(upper\(b\) = b\)/);
  });

  it("reports a syntax error with its line and column, a type it does not know, and a reference to no table", async () => {
    assert.match((await problemsOf("CREATE TABLE t (\n  id int PRIMARY KEY,\n  a int CHEK (a > 0)\n);"))[0], /^line 3, column \d+: PostgreSQL cannot parse the script: syntax error/);
    assert.match((await problemsOf("CREATE TABLE t (id int PRIMARY KEY, g geometry);"))[0], /t\.g: the type geometry is not one the generator knows/);
    assert.match((await problemsOf("CREATE TABLE t (id int PRIMARY KEY, u int REFERENCES users (id));"))[0], /references users, which is no table/);
  });

  it("refuses cycles between tables, a NOT NULL self-reference and a reference to columns that are not a key", async () => {
    const cycle = await problemsOf(`
      CREATE TABLE a (id int PRIMARY KEY, b_id int NOT NULL);
      CREATE TABLE b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES a (id));
      ALTER TABLE a ADD FOREIGN KEY (b_id) REFERENCES b (id);`);
    assert.ok(cycle.some((p) => /cycle/.test(p)), cycle.join("\n"));
    const self = await problemsOf("CREATE TABLE e (id int PRIMARY KEY, boss int NOT NULL REFERENCES e (id));");
    assert.ok(self.some((p) => /without a cycle/.test(p)), self.join("\n"));
    const notKey = await problemsOf("CREATE TABLE p (id int PRIMARY KEY, code text); CREATE TABLE c (id int PRIMARY KEY, code text REFERENCES p (code));");
    assert.ok(notKey.some((p) => /neither the primary key nor UNIQUE/.test(p)), notKey.join("\n"));
  });

  it("refuses a sum that must be positive when a parent may have no children", async () => {
    const problems = await problemsOf(`
      CREATE TABLE orders (id int PRIMARY KEY, total numeric(10,2) NOT NULL CHECK (total > 0));
      CREATE TABLE order_lines (order_id int NOT NULL REFERENCES orders (id), n int NOT NULL, line_total numeric(10,2) NOT NULL, PRIMARY KEY (order_id, n));
      COMMENT ON CONSTRAINT order_lines_order_id_fkey ON order_lines IS 'sdga: 0..3';`);
    assert.ok(problems.some((p) => /state at least 1 per parent/.test(p)), problems.join("\n"));
  });
});

describe("dataset: JSON data-set documents", () => {
  it("takes tables in any dialect the front door reads, and relationships with cardinalities", () => {
    const ds = readDatasetDocument({
      tables: {
        authors: { schema: { fields: [{ name: "id", type: "integer" }, { name: "name", type: "string" }, { name: "joined", type: "datetime" }] } },
        posts: {
          schema: {
            $schema: "http://json-schema.org/draft-07/schema#", type: "object", required: ["id", "author_id", "published"],
            properties: { id: { type: "string", format: "uuid" }, author_id: { type: "integer" }, published: { type: "string", format: "date-time" } },
          },
        },
      },
      relationships: [{ from: "posts.author_id", to: "authors.id", cardinality: "1..12, mean 4, skewed" }],
    });
    assert.deepEqual(ds.tables.map((t) => t.name), ["authors", "posts"]);
    assert.deepEqual(ds.relationships[0].cardinality, { min: 1, max: 12, mean: 4, distribution: "skewed" });
    assert.ok(ds.parentRules.some((r) => r.kind === "after" && r.column === "published" && r.parentColumn === "joined"));
    assert.ok(ds.ddl.some((s) => /ALTER TABLE posts ADD CONSTRAINT posts_author_id_fkey FOREIGN KEY \(author_id\) REFERENCES authors \(id\)/.test(s)), ds.ddl.join("\n"));
  });

  it("reads cardinalities as people write them, and says what is wrong with one", () => {
    assert.deepEqual(parseCardinality("0..20 per parent, mean 3, skewed"), { cardinality: { min: 0, max: 20, mean: 3, distribution: "skewed" } });
    assert.deepEqual(parseCardinality("exactly 2"), { cardinality: { min: 2, max: 2, distribution: "uniform" } });
    assert.deepEqual(parseCardinality("0..8, 5% null"), { cardinality: { min: 0, max: 8, distribution: "uniform" }, nullShare: 0.05 });
    assert.match((parseCardinality("5..2") as { problem: string }).problem, /not a range/);
    assert.match((parseCardinality("0..4, mean 9") as { problem: string }).problem, /mean 9 lies outside 0\.\.4/);
  });
});
