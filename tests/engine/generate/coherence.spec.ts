// Cross-field coherence a data team checks first: order arithmetic that adds up and dates that follow
// their life cycle. Every row is also validated by an independent validator.
import { strict as assert } from "node:assert";
import { Validator } from "@cfworker/json-schema";
import { prepareGeneration } from "../../../functions/engine/generate";
import { lifeCycleGroups } from "../../../functions/engine/generate/coherence";
import { isFieldList, toJsonSchema } from "../../../functions/engine/schema/fieldList";
import type { Row, SchemaInput } from "../../../functions/engine/schema/types";

function validRows(schema: SchemaInput, count = 200, locale?: string): Row[] {
  const rows = [...prepareGeneration({ schema, rows: count, seed: "coherence", format: "jsonl", locale }).rows()];
  const validator = new Validator((isFieldList(schema) ? toJsonSchema(schema) : schema) as object, "2020-12", false);
  for (const r of rows) assert.ok(validator.validate(r).valid, `invalid row ${JSON.stringify(r)}`);
  return rows;
}

const money = { type: "number", minimum: 0, multipleOf: 0.01 };
const order = {
  type: "object",
  required: ["order_date", "shipped_date", "delivered_date", "items", "subtotal", "shipping", "tax", "discount", "total"],
  properties: {
    order_date: { type: "string", format: "date-time" },
    shipped_date: { type: "string", format: "date-time" },
    delivered_date: { type: "string", format: "date-time" },
    items: {
      type: "array", minItems: 1, maxItems: 6,
      items: {
        type: "object", required: ["sku", "quantity", "unit_price", "line_total"],
        properties: {
          sku: { type: "string", pattern: "^SKU-[0-9]{6}$" },
          quantity: { type: "integer", minimum: 1, maximum: 10 },
          unit_price: { type: "number", minimum: 0.5, maximum: 2000, multipleOf: 0.01 },
          line_total: money,
        },
      },
    },
    subtotal: money, shipping: { ...money, maximum: 50 }, tax: money, discount: { ...money, maximum: 20 }, total: money,
  },
};

describe("generator coherence", () => {
  it("makes each line total its unit price times its quantity, and the subtotal their sum", () => {
    for (const r of validRows(order)) {
      const items = r.items as Array<{ quantity: number; unit_price: number; line_total: number }>;
      for (const line of items) assert.equal(line.line_total, Math.round(line.unit_price * line.quantity * 100) / 100, JSON.stringify(line));
      const sum = Math.round(items.reduce((s, l) => s + l.unit_price * l.quantity, 0) * 100) / 100;
      assert.equal(r.subtotal, sum);
    }
  });

  it("makes the total subtotal + shipping + tax - discount, with tax at the locale's rate", () => {
    for (const locale of ["de", "en_GB"]) {
      const rate = locale === "de" ? [0.19, 0.07] : [0.2];
      for (const r of validRows(order, 100, locale)) {
        const [subtotal, shipping, tax, discount] = [r.subtotal, r.shipping, r.tax, r.discount] as number[];
        assert.ok(rate.some((p) => Math.abs(tax - Math.round(subtotal * p * 100) / 100) < 1e-9), `${locale}: tax ${tax} on ${subtotal}`);
        assert.ok(discount <= subtotal);
        assert.equal(r.total, Math.round((subtotal + shipping + tax - discount) * 100) / 100, JSON.stringify(r));
      }
    }
  });

  it("puts order, shipping and delivery dates in order, and admission before discharge", () => {
    for (const r of validRows(order)) {
      assert.ok(String(r.order_date) <= String(r.shipped_date) && String(r.shipped_date) <= String(r.delivered_date), JSON.stringify(r));
    }
    const stay = { fields: [
      { name: "admission_date", type: "date", constraints: { min: "2025-01-01", max: "2026-06-30" } },
      { name: "discharge_date", type: "date", constraints: { min: "2025-01-01", max: "2026-06-30" } },
      { name: "hire_date", type: "date" }, { name: "termination_date", type: "date" },
    ] };
    for (const r of validRows(stay)) {
      assert.ok(String(r.admission_date) <= String(r.discharge_date), JSON.stringify(r));
      assert.ok(String(r.hire_date) <= String(r.termination_date), JSON.stringify(r));
    }
  });

  it("puts later stages at their usual distance: shipped within days of the order, short hospital stays", () => {
    const day = 86_400_000;
    for (const r of validRows(order)) {
      const shipLag = (Date.parse(String(r.shipped_date)) - Date.parse(String(r.order_date))) / day;
      const deliverLag = (Date.parse(String(r.delivered_date)) - Date.parse(String(r.shipped_date))) / day;
      assert.ok(shipLag >= 0.5 && shipLag <= 5 && deliverLag >= 1 && deliverLag <= 8, JSON.stringify(r));
    }
    // Bounded fields: a stay that would run past the last allowed date is placed before it instead.
    const stay = { fields: [
      { name: "admission_date", type: "date", constraints: { min: "2025-01-01", max: "2025-03-31" } },
      { name: "discharge_date", type: "date", constraints: { min: "2025-01-01", max: "2025-03-31" } },
    ] };
    for (const r of validRows(stay, 300)) {
      const days = (Date.parse(String(r.discharge_date)) - Date.parse(String(r.admission_date))) / day;
      assert.ok(days >= 0 && days <= 14, JSON.stringify(r));
    }
  });

  it("leaves out (or nulls) the dates of stages an order's status has not reached", () => {
    const schema = {
      type: "object", required: ["status", "order_date", "delivered_at"],
      properties: {
        status: { enum: ["pending", "paid", "shipped", "delivered", "cancelled", "returned"] },
        order_date: { type: "string", format: "date-time" },
        shipped_at: { type: "string", format: "date-time" },
        delivered_at: { type: ["string", "null"], format: "date-time" },
        returned_at: { type: "string", format: "date-time" },
      },
    };
    const rows = validRows(schema, 600);
    for (const r of rows) {
      const reached = { pending: 0, cancelled: 0, paid: 1, shipped: 2, delivered: 3, returned: 4 }[String(r.status)]!;
      if (reached < 2) assert.ok(!("shipped_at" in r), JSON.stringify(r));
      if (reached < 3) assert.equal(r.delivered_at, null, JSON.stringify(r));
      if (reached < 4) assert.ok(!("returned_at" in r), JSON.stringify(r));
    }
    assert.ok(rows.some((r) => r.status === "delivered" && typeof r.delivered_at === "string"));
  });

  it("writes whole amounts for zero-decimal currencies such as JPY", () => {
    const rows = validRows({ fields: [
      { name: "currency", type: "string", constraints: { enum: ["JPY", "EUR"] } },
      { name: "amount", type: "float", constraints: { min: 1, max: 100000 } },
      { name: "fee", type: "float", constraints: { min: 0, max: 50 } },
    ] }, 400);
    const yen = rows.filter((r) => r.currency === "JPY"), euro = rows.filter((r) => r.currency === "EUR");
    assert.ok(yen.length > 50 && yen.every((r) => Number.isInteger(r.amount) && Number.isInteger(r.fee)), JSON.stringify(yen.find((r) => !Number.isInteger(r.amount))));
    assert.ok(euro.some((r) => !Number.isInteger(r.amount)));
  });

  it("writes log messages that read like log lines and agree with their level", () => {
    const rows = validRows({ fields: [
      { name: "level", type: "string", constraints: { enum: ["DEBUG", "INFO", "WARN", "ERROR"] } },
      { name: "service", type: "string", constraints: { enum: ["api", "worker"] } },
      { name: "message", type: "string" },
    ] }, 600);
    const failure = /(fail|declined|refused|exception|deadlock|\b503\b|disk full)/i;
    for (const r of rows) {
      assert.match(String(r.message), /^[A-Z][A-Za-z]+ /);
      if (r.level === "ERROR") assert.match(String(r.message), failure, String(r.message));
      if (r.level === "INFO" || r.level === "DEBUG") assert.doesNotMatch(String(r.message), failure, String(r.message));
    }
  });

  it("leaves messages alone in objects that are not log events", () => {
    const rows = validRows({ fields: [
      { name: "status", type: "string", constraints: { enum: ["sent", "queued"] } }, { name: "message", type: "string" },
    ] }, 100);
    assert.ok(rows.every((r) => !/^(User|Order|Request|Cache|Scheduled|Payment|Session|Loaded|Health|Sent) /.test(String(r.message))));
  });

  it("never moves a date outside its own field's bounds to order it", () => {
    // The later field allows only early dates: sorting would push a value out of its range.
    const rows = validRows({ fields: [
      { name: "start_date", type: "date", constraints: { min: "2025-06-01", max: "2025-12-31" } },
      { name: "end_date", type: "date", constraints: { min: "2025-01-01", max: "2025-06-30" } },
    ] }, 300);
    for (const r of rows) {
      assert.ok(String(r.start_date) >= "2025-06-01" && String(r.end_date) <= "2025-06-30", JSON.stringify(r));
    }
  });

  it("groups life-cycle fields by their other name words", () => {
    assert.deepEqual(lifeCycleGroups(["order_date", "shippedAt", "delivered_on", "status"]), [["order_date", "shippedAt", "delivered_on"]]);
    assert.deepEqual(lifeCycleGroups(["billing_start", "billing_end", "trial_start", "trial_end"]), [["billing_start", "billing_end"], ["trial_start", "trial_end"]]);
    assert.deepEqual(lifeCycleGroups(["check_in", "check_out", "created_at", "updated_at"]), [["created_at", "updated_at"], ["check_in", "check_out"]]);
  });
});
