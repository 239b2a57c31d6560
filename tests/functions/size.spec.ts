// Every answer must fit the agent's ~25 KB response limit, even for the largest schemas we accept.
import { strict as assert } from "node:assert";
import { startHarness, type Harness } from "./harness";
import { classicEvent, gatewayContext } from "../../functions/local/events";
import { LIMITS } from "../../functions/contract/schemas";

const LIMIT = 25 * 1024;
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

/** The widest schema accepted: the maximum number of fields, each with long values. */
function widestSchema() {
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < LIMITS.schemaMaxProperties; i++) {
    properties[`a_rather_long_field_name_number_${i}`] = { type: "string", minLength: 60, maxLength: 80 };
  }
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
}

/** Many contradictory fields: the longest list of schema errors. */
function mostErrors() {
  return { fields: Array.from({ length: LIMITS.schemaMaxProperties }, (_, i) => ({ name: `field_with_a_long_name_${i}`, type: "integer", constraints: { min: 10, max: 1 } })) };
}

describe("response size (largest schemas)", function () {
  let h: Harness;
  before(async function () {
    h = await startHarness();
  });
  after(async () => h?.stop());

  it("generate with 1,000 wide fields: classic envelope and gateway answer under 25 KB", async () => {
    const args = { data_type: "custom", volume: 20, schema: widestSchema(), output_format: "json" };
    const classic = await h.generate(classicEvent("generateSyntheticData", args));
    assert.ok(bytes(classic) < LIMIT, `classic ${bytes(classic)} bytes`);
    assert.equal(JSON.parse(classic.response.responseBody["application/json"].body).status, "completed");
    const gateway = await h.generate(args, gatewayContext("generateSyntheticData"));
    assert.equal(gateway.status, "completed");
    assert.ok(bytes(gateway) < LIMIT, `gateway ${bytes(gateway)} bytes`);
    const got = await h.generate(classicEvent("getGeneration", { generation_id: gateway.generation_id }));
    assert.ok(bytes(got) < LIMIT);
    const measured = await h.metrics(classicEvent("calculateQualityMetrics", { generation_id: gateway.generation_id }));
    assert.ok(bytes(measured) < LIMIT, `metrics ${bytes(measured)} bytes`);
  });

  it("1,000 contradictory fields: the error answers stay under 25 KB", async () => {
    const refused = await h.generate(classicEvent("generateSyntheticData", { data_type: "custom", volume: 5, schema: mostErrors(), output_format: "csv" }));
    assert.equal(refused.response.httpStatusCode, 400);
    assert.ok(bytes(refused) < LIMIT, `${bytes(refused)} bytes`);
    const validated = await h.validate(classicEvent("validateSchema", { schema: mostErrors() }));
    const body = JSON.parse(validated.response.responseBody["application/json"].body);
    assert.equal(body.valid, false);
    assert.ok(body.errors.length > 0);
    assert.ok(bytes(validated) < LIMIT, `${bytes(validated)} bytes`);
  });
});
