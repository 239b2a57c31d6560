// The data-set quality report: keys, references, cardinalities and parent rules on generated data (all 1.0),
// the same report catching an orphan, a duplicate key and a broken sum, and SDMetrics' multi-table fidelity
// against a reference data set (CardinalityShapeSimilarity, parent-child column pair trends).
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { type DataSet, datasetQuality, prepareDataset, readDdl, type Tables } from "../../../functions/engine/dataset";

function collect(ds: DataSet, seed: string, rows = 200): Tables {
  const plan = prepareDataset(ds, { rows, seed });
  return Object.fromEntries(plan.tables.map((t) => [t.table.name, [...t.rows()]]));
}

describe("dataset: quality report", function () {
  this.timeout(120_000);
  let shop: DataSet;
  let synthetic: Tables;
  before(async () => {
    shop = await readDdl(readFileSync("examples/shop.sql", "utf8"));
    synthetic = collect(shop, "quality");
  });

  it("scores generated data 1.0 on keys, references, stated cardinalities and parent rules", () => {
    const report = datasetQuality(shop, synthetic);
    assert.equal(report.score, 1);
    assert.ok(report.referential_integrity.every((r) => r.orphans === 0 && r.references > 0));
    assert.ok(report.parent_rules.length >= 5 && report.parent_rules.every((r) => r.violations === 0 && r.checked > 0));
    const orders = report.cardinality.find((c) => c.relationship === "orders_customer_id_fkey")!;
    assert.deepEqual(orders.bounds, [0, 20]);
    assert.equal(orders.adherence, 1);
  });

  it("finds an orphan, a duplicate key and an order total that is not the sum of its lines", () => {
    const broken: Tables = structuredClone(synthetic);
    broken.orders[0].customer_id = 10_000_000;
    broken.payments[1].id = broken.payments[0].id;
    broken.orders[2].total = Number(broken.orders[2].total) + 1;
    const report = datasetQuality(shop, broken);
    assert.equal(report.referential_integrity.find((r) => r.relationship === "orders_customer_id_fkey")!.orphans, 1);
    assert.equal(report.key_uniqueness.find((k) => k.table === "payments")!.duplicates, 1);
    assert.equal(report.parent_rules.find((r) => r.kind === "sum")!.violations, 1);
    assert.ok(report.score < 1);
  });

  it("against a reference: similar cardinality shapes score high, a different shape lower", async () => {
    const reference = collect(shop, "reference");
    const close = datasetQuality(shop, synthetic, reference).fidelity!;
    const css = close.cardinality_shape_similarity.find((c) => c.relationship === "order_lines_order_id_fkey")!.score!;
    assert.ok(css > 0.85, `CardinalityShapeSimilarity ${css}`);
    assert.ok(close.intertable_trends.some((t) => t.metric === "CorrelationSimilarity") && close.intertable_trends.some((t) => t.metric === "ContingencySimilarity"));
    const other = await readDdl(readFileSync("examples/shop.sql", "utf8").replace("'sdga: 1..6 per parent, mean 2.5, poisson'", "'sdga: 5..6 per parent'"));
    const far = datasetQuality(shop, collect(other, "quality"), reference).fidelity!;
    const farCss = far.cardinality_shape_similarity.find((c) => c.relationship === "order_lines_order_id_fkey")!.score!;
    assert.ok(farCss < css - 0.3, `${farCss} vs ${css}`);
  });

  it("CardinalityShapeSimilarity is SDMetrics' KSComplement of the child counts, not a histogram distance", () => {
    // Reference parents have 0 and 2 children, synthetic ones 1 and 3: no count in common (TVComplement
    // would be 0), but the cumulative shares differ by at most 1/2, so 1 - D = 0.5 (scipy's ks_2samp([0, 2], [1, 3]) is 0.5).
    const shape = {
      tables: [{ name: "p", primaryKey: ["id"], columns: [{ name: "id", kind: "integer" as const }] }, { name: "c", primaryKey: ["id"], columns: [{ name: "id", kind: "integer" as const }, { name: "p_id", kind: "integer" as const }] }],
      relationships: [{ name: "c_p", child: "c", columns: ["p_id"], parent: "p", parentColumns: ["id"], nullable: false, cardinality: { min: 0, max: 3, distribution: "uniform" as const }, cardinalityStated: true, nullShare: 0, drives: true }],
      parentRules: [],
    };
    const children = (counts: number[]) => counts.flatMap((n, i) => Array.from({ length: n }, () => ({ p_id: i + 1 }))).map((row, k) => ({ id: k + 1, ...row }));
    const reference = { p: [{ id: 1 }, { id: 2 }], c: children([0, 2]) };
    const synthetic = { p: [{ id: 1 }, { id: 2 }], c: children([1, 3]) };
    assert.equal(datasetQuality(shape, synthetic, reference).fidelity!.cardinality_shape_similarity[0]!.score, 0.5);
    assert.equal(datasetQuality(shape, reference, reference).fidelity!.cardinality_shape_similarity[0]!.score, 1);
  });
});
