// Distributions a data team expects from real systems: skewed money and latencies, baskets of mostly one
// item, vital signs around normal values, INFO logs and HTTP 200s dominating, rare fraud flags, the
// locale's own currency. Every row still validates against its schema.
import { strict as assert } from "node:assert";
import { Validator } from "@cfworker/json-schema";
import { prepareGeneration } from "../../../functions/engine/generate";
import { loadLocale } from "../../../functions/engine/generate/locale";
import { isFieldList, toJsonSchema } from "../../../functions/engine/schema/fieldList";
import type { Row, SchemaInput } from "../../../functions/engine/schema/types";

function validRows(schema: SchemaInput, count = 2000, locale?: string): Row[] {
  const rows = [...prepareGeneration({ schema, rows: count, seed: "distributions", format: "jsonl", locale }).rows()];
  const validator = new Validator((isFieldList(schema) ? toJsonSchema(schema) : schema) as object, "2020-12", false);
  for (const r of rows) assert.ok(validator.validate(r).valid, JSON.stringify(r));
  return rows;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)];
const share = (rows: Row[], test: (r: Row) => boolean) => rows.filter(test).length / rows.length;

describe("generator distributions", () => {
  it("skews amounts, prices and latencies right, with charm prices", () => {
    const rows = validRows({ fields: [
      { name: "amount", type: "float", constraints: { min: 0.01, max: 5000 } },
      { name: "unit_price", type: "float", constraints: { min: 0.5, max: 2000 } },
      { name: "latency_ms", type: "integer", constraints: { min: 1, max: 30000 } },
      { name: "fee", type: "float", constraints: { min: 0, max: 100 } },
    ] });
    const amounts = rows.map((r) => r.amount as number);
    assert.ok(median(amounts) < 250 && quantile(amounts, 0.9) > 4 * median(amounts), `median ${median(amounts)}, p90 ${quantile(amounts, 0.9)}`);
    assert.ok(median(rows.map((r) => r.latency_ms as number)) < 3000);
    assert.ok(rows.every((r) => Number.isInteger(r.latency_ms)));
    assert.ok(share(rows, (r) => String(r.unit_price).endsWith(".99")) > 0.25);
  });

  it("keeps skewed money on the schema's own multipleOf", () => {
    const schema = { type: "object", required: ["price", "balance"], properties: {
      price: { type: "number", minimum: 1, maximum: 500, multipleOf: 0.05 },
      balance: { type: "number", minimum: 0, maximum: 100000, multipleOf: 0.01 },
    } };
    const rows = validRows(schema, 500);
    assert.ok(median(rows.map((r) => r.balance as number)) < 20000);
    assert.ok(median(rows.map((r) => r.price as number)) < 150);
  });

  it("fills baskets with mostly one of each item and gives J-shaped star ratings", () => {
    const rows = validRows({ fields: [
      { name: "quantity", type: "integer", constraints: { min: 1, max: 10 } },
      { name: "rating", type: "integer", constraints: { min: 1, max: 5 } },
    ] });
    assert.ok(share(rows, (r) => r.quantity === 1) > 0.4);
    assert.ok(share(rows, (r) => r.rating === 5) > 0.35 && share(rows, (r) => r.rating === 2) < 0.12);
  });

  it("draws vital signs around their normal values", () => {
    const rows = validRows({ fields: [
      { name: "heart_rate", type: "integer", constraints: { min: 40, max: 160 } },
      { name: "systolic_bp", type: "integer", constraints: { min: 85, max: 200 } },
      { name: "temperature_c", type: "float", constraints: { min: 35, max: 41 } },
    ] });
    const hr = rows.map((r) => r.heart_rate as number), sbp = rows.map((r) => r.systolic_bp as number);
    assert.ok(median(hr) >= 70 && median(hr) <= 82 && share(rows, (r) => (r.heart_rate as number) > 130) < 0.02, `median ${median(hr)}`);
    assert.ok(median(sbp) >= 115 && median(sbp) <= 130);
    assert.ok(median(rows.map((r) => r.temperature_c as number)) < 37.5);
  });

  it("weights log levels, HTTP methods and statuses, and flags as real systems see them", () => {
    const rows = validRows({ fields: [
      { name: "level", type: "string", constraints: { enum: ["DEBUG", "INFO", "WARN", "ERROR"] } },
      { name: "method", type: "string", constraints: { enum: ["GET", "POST", "PUT", "DELETE"] } },
      { name: "status_code", type: "integer", constraints: { enum: [200, 201, 400, 404, 500] } },
      { name: "order_status", type: "string", constraints: { enum: ["pending", "shipped", "delivered", "cancelled", "returned"] } },
      { name: "is_fraud", type: "boolean" }, { name: "is_active", type: "boolean" }, { name: "newsletter", type: "boolean" },
    ] });
    assert.ok(share(rows, (r) => r.level === "INFO") > 0.5 && share(rows, (r) => r.level === "ERROR") < 0.1);
    assert.ok(share(rows, (r) => r.method === "GET") > 0.5);
    assert.ok(share(rows, (r) => r.status_code === 200) > 0.6 && share(rows, (r) => r.status_code === 500) < 0.05);
    assert.ok(share(rows, (r) => r.order_status === "delivered") > 0.4 && share(rows, (r) => r.order_status === "returned") < 0.08);
    assert.ok(share(rows, (r) => r.is_fraud === true) < 0.08 && share(rows, (r) => r.is_active === true) > 0.75);
    const news = share(rows, (r) => r.newsletter === true);
    assert.ok(news > 0.4 && news < 0.6);
  });

  it("uses the locale's currency mostly, and only real currency codes", () => {
    const codes = new Set(loadLocale("en").currencies.map((c) => c.code));
    for (const [locale, own] of [["de", "EUR"], ["en_GB", "GBP"], ["en", "USD"]]) {
      const rows = validRows({ fields: [{ name: "currency", type: "string", constraints: { pattern: "^[A-Z]{3}$" } }] }, 500, locale);
      assert.ok(share(rows, (r) => r.currency === own) > 0.6, locale);
      assert.ok(rows.every((r) => codes.has(String(r.currency))));
    }
  });
});

describe("generator nulls", () => {
  it("makes a nullable field null in about one row of ten, however the schema spells it", () => {
    const schema = {
      type: "object", required: ["typed", "optional", "either", "address", "constNull"],
      properties: {
        typed: { type: ["string", "null"], maxLength: 20 },
        optional: { anyOf: [{ type: "string", maxLength: 20 }, { type: "null" }] }, // pydantic's Optional[str]
        either: { oneOf: [{ type: "integer" }, { type: "null", description: "not known" }] },
        address: { anyOf: [{ $ref: "#/$defs/address" }, { type: "null" }] },
        constNull: { anyOf: [{ type: "string", format: "email" }, { const: null }] },
        threeWays: { anyOf: [{ type: "string" }, { type: "integer" }, { type: "null" }] },
      },
      $defs: { address: { type: "object", required: ["city"], properties: { city: { type: "string" } } } },
    } as const;
    const rows = validRows(schema as unknown as SchemaInput);
    for (const field of ["typed", "optional", "either", "address", "constNull"]) {
      const nulls = share(rows, (r) => r[field] === null);
      assert.ok(nulls > 0.06 && nulls < 0.14, `${field}: ${nulls}`);
    }
    const present = rows.filter((r) => "threeWays" in r);
    assert.ok(share(present, (r) => r.threeWays === null) < 0.14 && share(present, (r) => typeof r.threeWays === "number") > 0.35);
  });
});

describe("generator ages", () => {
  it("draws ages with a population's shape: few people over 80, and dates of birth that agree", () => {
    const rows = validRows({ fields: [{ name: "date_of_birth", type: "date" }, { name: "age", type: "integer", constraints: { min: 18, max: 99 } }] }, 2000);
    assert.ok(share(rows, (r) => (r.age as number) >= 80) < 0.1, String(share(rows, (r) => (r.age as number) >= 80)));
    assert.ok(share(rows, (r) => (r.age as number) < 40) > 0.3);
    assert.ok(rows.every((r) => (r.age as number) >= 18 && (r.age as number) <= 99));
  });
});

describe("generator timestamps", () => {
  it("puts events in waking hours of the locale's time zone, not evenly round the clock", () => {
    const schema = { fields: [{ name: "booked_at", type: "datetime", constraints: { min: "2025-07-01T00:00:00Z", max: "2026-06-30T23:59:59Z" } }] };
    const localHour = (r: Row, offset: number) => (new Date(String(r.booked_at)).getUTCHours() + offset + 24) % 24;
    for (const [locale, offset] of [["de", 1], ["en", -6]] as const) {
      const rows = validRows(schema, 3000, locale);
      const night = share(rows, (r) => localHour(r, offset) >= 1 && localHour(r, offset) < 6);
      const midday = share(rows, (r) => localHour(r, offset) >= 10 && localHour(r, offset) < 15);
      assert.ok(night < 0.05 && midday > 0.25, `${locale}: night ${night}, midday ${midday}`);
    }
  });
});
