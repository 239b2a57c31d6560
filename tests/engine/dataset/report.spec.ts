// The report of a data set: each table's single-table report beside the data-set checks, measured as the rows
// are made (measuredPlan), and its HTML page: a section per relationship and per table, every id once, the
// orphans and NULL references a broken data set has, the counts per parent against the distribution asked
// (countDistribution, checked against the draw itself), and with a reference SDMetrics' multi-table metrics.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import {
  type DataSet, DatasetMeasurement, datasetShape, measuredPlan, planMeasurement, prepareDataset, readDdl, renderDatasetHtmlReport, type Tables,
} from "../../../functions/engine/dataset";
import { countDistribution, drawCount } from "../../../functions/engine/dataset/cardinality";
import { Rng } from "../../../functions/engine/generate/prng";
import type { SchemaInput } from "../../../functions/engine/schema/types";

function made(shop: DataSet, seed: string, rows = 60): { measurement: DatasetMeasurement; tables: Tables; schemas: Record<string, SchemaInput> } {
  const plan = prepareDataset(shop, { rows, seed });
  const measurement = planMeasurement(plan, { wholeRows: true });
  const tables: Tables = {};
  for (const t of measuredPlan(plan, measurement).tables) tables[t.table.name] = [...t.rows()];
  return { measurement, tables, schemas: Object.fromEntries(plan.tables.map((t) => [t.table.name, t.schema])) };
}

const ids = (html: string): string[] => [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);

describe("dataset: the report of a data set (JSON and HTML)", function () {
  this.timeout(120_000);
  let shop: DataSet;
  before(async () => { shop = await readDdl(readFileSync("examples/shop.sql", "utf8")); });

  it("measures every table as it is made; the page has the data-set sections, a report per table, every id once", async () => {
    const { measurement, tables } = made(shop, "report");
    const report = measurement.report();
    assert.equal(report.score, 1);
    for (const t of shop.tables) {
      const single = report.table_reports[t.name]!;
      assert.equal(single.row_count, tables[t.name]!.length, t.name);
      assert.equal(single.validity_score, 1, `${t.name}: every row valid against its table's schema`);
    }
    const html = await renderDatasetHtmlReport(report, shop.relationships);
    const all = ids(html);
    assert.deepEqual(all.filter((id, i) => all.indexOf(id) !== i), [], "ids used twice");
    for (const id of ["overview", "keys", "integrity", "cardinality", "rules"]) assert.ok(all.includes(id), id);
    for (const t of shop.tables) for (const id of ["table", "overview", "fields", "notes"]) assert.ok(all.includes(`table-${t.name}-${id}`), `${t.name} ${id}`);
    assert.ok(!all.includes("fidelity"), "no reference, no fidelity section");
    // One chart per relationship in the cardinality section, each drawn.
    for (const r of shop.relationships) assert.match(html, new RegExp(`aria-label="children per parent along ${r.name}"`));
    assert.doesNotMatch(html, /chart-missing|<script/);
    // The sizing relationship of orders sets its counts against what it asked (outlined bars).
    const orders = html.slice(html.indexOf('data-relationship="orders_customer_id_fkey"><div>'));
    assert.match(orders.slice(0, orders.indexOf("</section>")), /stroke="#e07b24"/);
  });

  it("shows a broken data set's orphans and NULL references in the JSON and on the page", async () => {
    const { tables, schemas } = made(shop, "broken");
    tables.orders![0]!.customer_id = 99_999_999;
    tables.orders![1]!.handled_by = null;
    const report = new DatasetMeasurement(datasetShape(shop), schemas).addTables(tables).report();
    const customers = report.referential_integrity.find((r) => r.relationship === "orders_customer_id_fkey")!;
    assert.equal(customers.orphans, 1);
    const handled = report.referential_integrity.find((r) => r.relationship === "orders_handled_by_fkey")!;
    assert.ok(handled.nulls >= 1);
    const html = await renderDatasetHtmlReport(report, shop.relationships);
    const row = html.slice(html.indexOf('<tr data-relationship="orders_customer_id_fkey">'));
    assert.ok(row.slice(0, row.indexOf("</tr>")).includes(`<td class="num poor">1</td><td class="good">${(1 - 1 / customers.references).toFixed(3)}</td>`));
    const nullRow = html.slice(html.indexOf('<tr data-relationship="orders_handled_by_fkey">'));
    const share = ((handled.nulls / (handled.nulls + handled.references)) * 100).toFixed(1);
    assert.ok(nullRow.slice(0, nullRow.indexOf("</tr>")).includes(`${handled.nulls} (${share}%)`));
  });

  it("with a reference data set: SDMetrics' multi-table metrics in the JSON and a fidelity section, per table too", async () => {
    const data = made(shop, "synthetic");
    const reference = made(shop, "reference");
    const report = data.measurement.report(reference.measurement);
    const fidelity = report.fidelity!;
    assert.ok(fidelity.cardinality_shape_similarity.length >= 5);
    const correlation = fidelity.intertable_trends.find((t) => t.metric === "CorrelationSimilarity" && t.score !== null)!;
    // CorrelationSimilarity = 1 - |r_R - r_S| / 2, from the two correlations it reports.
    assert.ok(Math.abs(correlation.score! - (1 - Math.abs(correlation.real! - correlation.synthetic!) / 2)) < 1e-12);
    for (const t of shop.tables) assert.ok(report.table_reports[t.name]!.fidelity, `${t.name}: fidelity to the reference's table`);
    const html = await renderDatasetHtmlReport(report, shop.relationships);
    assert.ok(ids(html).includes("fidelity") && ids(html).includes("table-orders-fidelity"));
    assert.match(html, /aria-label="parent-child pair scores against the reference"/);
  });

  it("countDistribution is the law drawCount follows (20,000 draws each, total variation under 0.02)", () => {
    const cases = [
      { min: 0, max: 20, mean: 3, distribution: "skewed" as const },
      { min: 1, max: 6, mean: 2.5, distribution: "poisson" as const },
      { min: 0, max: 2, mean: 0.15, distribution: "skewed" as const },
      { min: 0, max: 9, mean: 7, distribution: "uniform" as const },
      { min: 2, max: 5, distribution: "uniform" as const },
      { min: 0, max: 3, mean: 2.8, distribution: "poisson" as const },
    ];
    const rng = new Rng(17);
    for (const c of cases) {
      const law = countDistribution(c);
      assert.ok(Math.abs(law.reduce((a, b) => a + b, 0) - 1) < 1e-9, JSON.stringify(c));
      const seen = new Array<number>(law.length).fill(0);
      for (let i = 0; i < 20_000; i++) seen[drawCount(c, rng) - c.min]!++;
      const tv = law.reduce((a, p, k) => a + Math.abs(p - seen[k]! / 20_000), 0) / 2;
      assert.ok(tv < 0.02, `${JSON.stringify(c)}: total variation ${tv}`);
    }
  });
});
