import { strict as assert } from "node:assert";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { startHarness, USER_PROFILE, ORDER_FIELDS, type Harness } from "./harness";
import { classicBody, classicEvent, gatewayContext } from "../../functions/local/events";

describe("validate and metrics handlers (s3rver + dynalite)", function () {
  let h: Harness;
  let generationId: string;
  before(async function () {
    h = await startHarness();
    const out = await h.generate({ data_type: "user_profile", volume: 200, schema: USER_PROFILE, output_format: "csv", seed: 11 },
      gatewayContext("generateSyntheticData"));
    assert.equal(out.status, "completed");
    generationId = out.generation_id;
  });
  after(async () => h?.stop());

  it("classic validateSchema: a good schema is valid, with compliance findings", async () => {
    const { status, body } = classicBody(await h.validate(classicEvent("validateSchema", { schema: USER_PROFILE, compliance_requirements: ["GDPR"], volume: 1000 })));
    assert.equal(status, 200);
    assert.equal(body.valid, true);
    assert.deepEqual(body.errors, []);
    assert.ok(body.sensitive_fields.some((f: { field: string }) => f.field === "email"));
  });

  it("gateway validateSchema: a contradictory schema is answered valid:false naming the field", async () => {
    const out = await h.validate({ schema: { fields: [{ name: "n", type: "integer", constraints: { min: 9, max: 2 } }] } }, gatewayContext("validateSchema"));
    assert.equal(out.valid, false);
    assert.ok(out.errors.some((e: { field: string }) => e.field === "n"), JSON.stringify(out.errors));
  });

  it("validateSchema reports a volume above the stack ceiling", async () => {
    const out = await h.validate({ schema: ORDER_FIELDS, volume: 5_000_000 }, gatewayContext("validateSchema"));
    assert.equal(out.valid, false);
    assert.match(JSON.stringify(out.errors), /above this stack's ceiling/);
  });

  it("classic calculateQualityMetrics on a generation stores JSON and HTML reports", async () => {
    const { status, body } = classicBody(await h.metrics(classicEvent("calculateQualityMetrics", { generation_id: generationId })));
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.generation_id, generationId);
    assert.equal(body.rows, 200);
    assert.ok(body.overall_score > 0.5 && body.overall_score <= 1);
    assert.equal(body.metrics.validity_score, 1);
    const keys = await h.listKeys();
    assert.ok(keys.includes(body.report_location.replace("s3://sdga-local-data/", "")));
    const html = await (await fetch(body.report_url)).text();
    assert.match(html, /<html/i);
  });

  it("calculateQualityMetrics given both a generation and its own data location measures the generation, with a warning", async () => {
    const gen = await h.generate({ generation_id: generationId }, gatewayContext("getGeneration"));
    const out = await h.metrics({ generation_id: generationId, data_location: gen.output_location }, gatewayContext("calculateQualityMetrics"));
    assert.equal(out.error, undefined, JSON.stringify(out));
    assert.equal(out.generation_id, generationId);
    assert.equal(out.rows, 200);
    assert.ok(out.warnings.some((w: string) => /names the data of generation/.test(w)), JSON.stringify(out.warnings));
  });

  it("calculateQualityMetrics given a generation and another data location is a 400 naming both", async () => {
    const { status, body } = classicBody(await h.metrics(classicEvent("calculateQualityMetrics", {
      generation_id: generationId, data_location: "generated-data/test/uploads/other.jsonl",
    })));
    assert.equal(status, 400, JSON.stringify(body));
    assert.match(body.message, /is not the data of generation .* give one of the two/);
  });

  it("gateway calculateQualityMetrics on a data_location with a reference data set gives a fidelity score", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => JSON.stringify({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, email: `u${i}@example.com`, age: 18 + (i % 60),
      balance: i * 10.5, status: i % 3 ? "active" : "inactive",
    })).join("\n");
    await h.s3.send(new PutObjectCommand({ Bucket: h.config.dataBucket, Key: "generated-data/test/uploads/real.jsonl", Body: rows }));
    const gen = await h.generate({ generation_id: generationId }, gatewayContext("getGeneration"));
    const out = await h.metrics({
      data_location: gen.output_location, schema: USER_PROFILE,
      reference_data_location: "generated-data/test/uploads/real.jsonl",
    }, gatewayContext("calculateQualityMetrics"));
    assert.equal(out.error, undefined, JSON.stringify(out));
    assert.equal(typeof out.metrics.fidelity_score, "number");
    assert.match(out.report_location, /^s3:\/\/sdga-local-data\/generated-data\/test\/quality\//);
  });

  it("hostile values and field names in measured data never reach the HTML report unescaped", async () => {
    const evil = "<script>alert(1)</script>";
    const name = "x<img src=x onerror=alert(2)>";
    const schema = { type: "object", properties: { status: { type: "string" }, [name]: { type: "string" }, n: { type: "number" } }, required: ["status"] };
    const rows = Array.from({ length: 30 }, (_, i) => JSON.stringify({ status: i % 2 ? evil : `"><svg onload=alert(3)>`, [name]: `</title><script>x</script>${i}`, n: i })).join("\n");
    await h.s3.send(new PutObjectCommand({ Bucket: h.config.dataBucket, Key: "generated-data/test/uploads/evil.jsonl", Body: rows }));
    const out = await h.metrics({ data_location: "generated-data/test/uploads/evil.jsonl", schema }, gatewayContext("calculateQualityMetrics"));
    assert.equal(out.error, undefined, JSON.stringify(out));
    const html = await (await fetch(out.report_url)).text();
    assert.ok(html.length > 500, "a real report");
    for (const raw of ["<script", "<img src=x", "<svg onload", "</title><script"]) assert.ok(!html.includes(raw), `raw ${raw} in the report`);
    assert.ok(html.includes("&lt;script&gt;alert(1)"), "the value is shown, escaped");
  });

  it("metrics on a generation still running is a 409", async () => {
    const job = await h.jobs.get(generationId);
    const running = { ...job!, generation_id: "22222222-2222-5222-8222-222222222222", status: "processing" as const };
    await h.jobs.create(running);
    const out = await h.metrics({ generation_id: running.generation_id }, gatewayContext("calculateQualityMetrics"));
    assert.equal(out.error, "ConflictError");
    assert.match(out.message, /is processing/);
  });
});
