// calculateQualityMetrics of a data set of several tables, on the local stack (s3rver + dynalite): a data-set
// generation measured by its id or by its folder (metadata.json, schema.sql, <table>/part-NNNNN), with a
// reference data set's folder for SDMetrics' multi-table metrics; JSON and HTML reports stored; a location
// that is not a data set is a 400 naming why, and nothing is written. Each table's report a job makes while
// generating is the one its parts read back give; a data set in sql (no reader) is answered with that report.
import { strict as assert } from "node:assert";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { startHarness, USER_PROFILE, type Harness } from "./harness";
import { classicBody, classicEvent, gatewayContext } from "../../functions/local/events";

/** Customers and their orders as a data-set document (JSON text, as an agent sends it). */
const DOCUMENT = JSON.stringify({
  tables: {
    customers: { schema: { fields: [{ name: "id", type: "integer" }, { name: "segment", type: "string", constraints: { enum: ["retail", "business"] } }, { name: "signed_up_at", type: "datetime" }] } },
    orders: { schema: { fields: [{ name: "id", type: "integer" }, { name: "customer_id", type: "integer" }, { name: "placed_at", type: "datetime" }, { name: "amount", type: "number", constraints: { min: 1, max: 500 } }] } },
  },
  relationships: [{ from: "orders.customer_id", to: "customers.id", cardinality: "1..4, mean 2" }],
  rules: [{ after: "orders.placed_at", parent: "customers.signed_up_at" }],
});

const key = (uri: string) => uri.replace(/^s3:\/\/[^/]+\//, "");

describe("calculateQualityMetrics of a data set (s3rver + dynalite)", function () {
  let h: Harness;
  let generated: { generation_id: string; output_location: string };
  let reference: { output_location: string };
  let single: { output_location: string };
  before(async function () {
    h = await startHarness();
    generated = await h.generate({ data_type: "custom", volume: 40, dataset: DOCUMENT, output_format: "csv", seed: 3 }, gatewayContext("generateSyntheticData"));
    reference = await h.generate({ data_type: "custom", volume: 50, dataset: DOCUMENT, output_format: "jsonl", seed: 4 }, gatewayContext("generateSyntheticData"));
    single = await h.generate({ data_type: "user_profile", volume: 20, schema: USER_PROFILE, output_format: "jsonl", seed: 5 }, gatewayContext("generateSyntheticData"));
    assert.equal((generated as unknown as { status: string }).status, "completed");
  });
  after(async () => h?.stop());

  const text = async (k: string) => (await h.s3.send(new GetObjectCommand({ Bucket: h.config.dataBucket, Key: k }))).Body!.transformToString();

  it("by generation id: every table's report and the data-set checks, stored as JSON and HTML beside the data", async () => {
    const made = JSON.parse(await text(`${key(generated.output_location)}quality_report.json`));
    const { status, body } = classicBody(await h.metrics(classicEvent("calculateQualityMetrics", { generation_id: generated.generation_id })));
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.generation_id, generated.generation_id);
    assert.equal(body.overall_score, 1);
    assert.equal(body.metrics.referential_integrity, 1);
    assert.deepEqual(body.metrics.tables.map((t: { name: string }) => t.name), ["customers", "orders"]);
    assert.equal(body.rows, body.metrics.tables.reduce((a: number, t: { rows: number }) => a + t.rows, 0));
    assert.equal(key(body.report_location), `${key(generated.output_location)}quality_report.json`);
    const report = JSON.parse(await text(key(body.report_location)));
    assert.equal(report.kind, "dataset");
    assert.equal(report.table_reports.orders.row_count, report.tables.find((t: { name: string }) => t.name === "orders").rows);
    assert.equal(report.table_reports.orders.validity_score, 1, "every row read back is valid against its table's schema");
    assert.deepEqual(report.table_reports, made.table_reports, "each table measured as the job made it, as its parts read back measure it");
    const html = await (await fetch(body.report_url)).text();
    for (const id of ["integrity", "cardinality", "rules", "table-customers-overview", "table-orders-fields"]) assert.ok(html.includes(` id="${id}"`), id);
  });

  it("by folder, with a reference data set's folder: SDMetrics' multi-table metrics, the report under quality/", async () => {
    const out = await h.metrics({ data_location: generated.output_location, reference_data_location: reference.output_location }, gatewayContext("calculateQualityMetrics"));
    assert.equal(out.error, undefined, JSON.stringify(out));
    assert.equal(typeof out.metrics.fidelity_score, "number");
    assert.match(key(out.report_location), /^generated-data\/[^/]+\/quality\//);
    const report = JSON.parse(await text(key(out.report_location)));
    assert.equal(report.fidelity.cardinality_shape_similarity[0].relationship, report.referential_integrity[0].relationship);
    assert.ok(report.fidelity.intertable_trends.some((t: { parent_column: string; child_column: string }) => t.parent_column === "segment" && t.child_column === "amount"));
    assert.ok(report.table_reports.customers.fidelity, "each table against the reference's");
    // The location may name the folder's metadata.json too.
    const named = await h.metrics({ data_location: `${generated.output_location}metadata.json` }, gatewayContext("calculateQualityMetrics"));
    assert.equal(named.overall_score, 1, JSON.stringify(named));
  });

  it("a data set generated as sql (no reader): the metrics answer is its job's report, each table's the same as the csv one's of the seed read back", async () => {
    const sql = await h.generate({ data_type: "custom", volume: 40, dataset: DOCUMENT, output_format: "sql", seed: 3 }, gatewayContext("generateSyntheticData"));
    assert.equal(sql.status, "completed", JSON.stringify(sql));
    const out = await h.metrics({ generation_id: sql.generation_id }, gatewayContext("calculateQualityMetrics"));
    assert.equal(out.error, undefined, JSON.stringify(out));
    assert.equal(out.overall_score, 1);
    assert.match(out.warnings.join(" "), /sql data sets cannot be read back: this is the report made when the data set was generated/);
    const html = await (await fetch(out.report_url)).text();
    for (const id of ["integrity", "table-customers-overview", "table-orders-fields"]) assert.ok(html.includes(` id="${id}"`), id);
    const readBack = await h.metrics({ generation_id: generated.generation_id }, gatewayContext("calculateQualityMetrics"));
    const tableReports = async (location: string) => JSON.parse(await text(key(location))).table_reports;
    assert.deepEqual(await tableReports(out.report_location), await tableReports(readBack.report_location));
  });

  it("a location that is not a data set, or a reference that is not one of the same tables, is a 400 naming why; nothing is written", async () => {
    const folder = key(generated.output_location);
    const tampered = "generated-data/test/uploads/tampered/";
    // A metadata.json copied into another folder names parts outside it: they are not read.
    await h.s3.send(new PutObjectCommand({ Bucket: h.config.dataBucket, Key: `${tampered}metadata.json`, Body: await text(`${folder}metadata.json`) }));
    const before = await h.listKeys();
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ data_location: "generated-data/test/uploads/nothing-here/" }, /data_location is not a data set: .*nothing-here\/metadata\.json does not exist/],
      [{ data_location: single.output_location.replace(/data\.jsonl$/, "") }, /not a data set of several tables: its metadata\.json has no kind "dataset"/],
      [{ data_location: tampered }, /table customers's file generated-data\/.*\/customers\/part-00000\.csv is not one of its parts \(generated-data\/test\/uploads\/tampered\/customers\/part-NNNNN\.csv\)/],
      [{ data_location: generated.output_location, reference_data_location: single.output_location }, /reference_data_location must be a data set's folder too/],
      [{ data_location: generated.output_location, reference_data_location: single.output_location.replace(/data\.jsonl$/, "") }, /reference_data_location is not a data set of several tables/],
      [{ data_location: generated.output_location, component: "$defs/x" }, /component is for one table's schema/],
    ];
    for (const [args, message] of cases) {
      const { status, body } = classicBody(await h.metrics(classicEvent("calculateQualityMetrics", args)));
      assert.equal(status, 400, `${JSON.stringify(args)}: ${JSON.stringify(body)}`);
      assert.match(body.message, message);
    }
    assert.deepEqual(await h.listKeys(), before);
  });
});
