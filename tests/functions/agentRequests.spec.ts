// Requests as people and language models really send them, through the real handlers (both runtimes) against
// s3rver and dynalite: each is accepted, completes, and every row it wrote is valid to an independent
// validator of the schema's own dialect (or, for a field list, of the 2020-12 form the front door made).
import { strict as assert } from "node:assert";
import { Validator } from "@cfworker/json-schema";
import { classicBody, classicEvent, gatewayContext } from "../../functions/local/events";
import { normaliseSchema } from "../../functions/engine/schema";
import type { OutputFormat } from "../../functions/engine/schema/types";
import { readRowsFrom } from "./readBack";
import { startHarness, type Harness } from "./harness";

const SSN = "^(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}$";

interface AgentRequest {
  name: string;
  args: Record<string, unknown>;
  /** The schema an independent validator judges the rows by, and its draft. */
  judge?: { schema: object; draft: "7" | "2020-12" };
}

const REQUESTS: AgentRequest[] = [
  {
    name: "a field list whose format holds a regex, with everyday type names",
    args: {
      data_type: "custom", volume: 300, output_format: "csv", seed: 1,
      schema: { fields: [
        { name: "account", type: "string", constraints: { format: "^ACC[0-9]{8}$" } },
        { name: "holder", type: "name" },
        { name: "opened", type: "timestamp" },
        { name: "balance", type: "decimal(12,2)", constraints: { min: 0, max: 250000 } },
        { name: "branch_url", type: "url" },
        { name: "last_login_ip", type: "ip_address" },
        { name: "notes", type: "text", constraints: { nullable: true } },
        { name: "overdraft", type: "bool" },
      ] },
    },
  },
  {
    name: "an SSN pattern with lookahead",
    args: {
      data_type: "user_profile", volume: 300, output_format: "jsonl", seed: 2,
      schema: { type: "object", required: ["member_id", "ssn"], properties: { member_id: { type: "string", format: "uuid" }, ssn: { type: "string", pattern: SSN } } },
    },
  },
  {
    name: "a work e-mail whose domain a pattern fixes",
    args: {
      data_type: "user_profile", volume: 300, output_format: "json", seed: 3,
      schema: { type: "object", required: ["email"], properties: { email: { type: "string", format: "email", pattern: "@acme\\.com$", maxLength: 60 } } },
    },
  },
  {
    name: "a date whose pattern narrows the years",
    args: {
      data_type: "custom", volume: 300, output_format: "jsonl", seed: 4,
      schema: { type: "object", required: ["day"], properties: { day: { type: "string", format: "date", pattern: "^20(1[5-9]|2[0-4])-" } } },
    },
  },
  {
    name: "a draft-07 schema with dependencies and tuple items",
    args: {
      data_type: "custom", volume: 300, output_format: "jsonl", seed: 5,
      schema: {
        $schema: "http://json-schema.org/draft-07/schema#", type: "object", required: ["id", "geo"],
        properties: { id: { type: "integer", minimum: 1 }, vat: { type: "string", pattern: "^[A-Z]{2}[0-9]{9}$" }, address: { type: "string" },
          geo: { type: "array", items: [{ type: "number", minimum: -90, maximum: 90 }, { type: "number", minimum: -180, maximum: 180 }], additionalItems: false } },
        dependencies: { vat: ["address"] },
      },
    },
    judge: { draft: "7", schema: {
      $schema: "http://json-schema.org/draft-07/schema#", type: "object", required: ["id", "geo"],
      properties: { id: { type: "integer", minimum: 1 }, vat: { type: "string", pattern: "^[A-Z]{2}[0-9]{9}$" }, address: { type: "string" },
        geo: { type: "array", items: [{ type: "number", minimum: -90, maximum: 90 }, { type: "number", minimum: -180, maximum: 180 }], additionalItems: false } },
      dependencies: { vat: ["address"] },
    } },
  },
  {
    name: "an OpenAPI document with a component named",
    args: {
      data_type: "transaction", volume: 300, output_format: "parquet", seed: 6, component: "Payment",
      schema: {
        openapi: "3.0.3", info: { title: "Payments", version: "1" }, paths: {},
        components: { schemas: {
          Money: { type: "object", required: ["amount", "currency"], properties: { amount: { type: "number", minimum: 0, exclusiveMinimum: true }, currency: { type: "string", enum: ["EUR", "USD"] } } },
          Payment: { type: "object", required: ["id", "money", "reference"], properties: { id: { type: "string", format: "uuid" }, money: { $ref: "#/components/schemas/Money" }, reference: { type: "string", nullable: true, maxLength: 35 } } },
        } },
      },
    },
  },
  {
    name: "card numbers under PCI-DSS with a 16-digit pattern",
    args: {
      data_type: "transaction", volume: 300, output_format: "jsonl", seed: 7, compliance_requirements: ["PCI-DSS"],
      schema: { type: "object", required: ["card_number"], properties: { card_number: { type: "string", pattern: "^[0-9]{16}$" } } },
    },
  },
  {
    name: "SQL spellings a model copies from a DDL",
    args: {
      data_type: "custom", volume: 300, output_format: "sql", seed: 8,
      schema: { fields: [
        { name: "order_id", type: "bigint", constraints: { unique: true } },
        { name: "country", type: "char(2)" },
        { name: "total", type: "numeric(10,2)", constraints: { min: 0 } },
        { name: "created_at", type: "timestamptz" },
        { name: "sku", type: "varchar(20)" },
      ] },
    },
  },
];

/** Luhn check of a digit string. */
function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

describe("realistic agent requests through the handlers", function () {
  this.timeout(180_000);
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => h?.stop());

  for (const r of REQUESTS) {
    it(`${r.name}: completes, and every row is valid`, async () => {
      const out = await h.generate(r.args, gatewayContext("generateSyntheticData"));
      assert.equal(out.error, undefined, JSON.stringify(out).slice(0, 800));
      assert.equal(out.status, "completed", JSON.stringify(out).slice(0, 800));
      assert.equal(out.data_quality_metrics.validity_score, 1);
      if (r.args.output_format === "sql") return; // no SQL reader: the handler measured the rows it wrote
      const normalised = normaliseSchema(r.args.schema, r.args.component ? { component: String(r.args.component) } : {}).schema;
      const rows = await readRowsFrom(h, out.files, r.args.output_format as OutputFormat, normalised);
      assert.equal(rows.length, r.args.volume);
      const judge = r.judge ?? { draft: "2020-12" as const, schema: normalised };
      const validator = new Validator(judge.schema as never, judge.draft, false);
      const bad = rows.filter((row) => !validator.validate(row as never).valid);
      assert.deepEqual(bad.slice(0, 2), []);
      if (r.args.compliance_requirements) {
        for (const row of rows) {
          if (typeof row.card_number === "string") assert.ok(luhn(row.card_number), `card ${row.card_number} is not Luhn-valid`);
        }
      }
    });
  }

  it("an SSN pattern that excludes every never-issued area, under HIPAA, is refused with the conflict named", async () => {
    const { status, body } = classicBody(await h.generate(classicEvent("generateSyntheticData", { ...REQUESTS[1].args, compliance_requirements: ["HIPAA"] })));
    assert.equal(status, 400);
    assert.match(body.message, /national ids use only ranges never issued .* none of them satisfies pattern/);
  });

  it("the same requests through the classic runtime (arguments as strings) complete too", async () => {
    for (const r of REQUESTS.slice(0, 3)) {
      const { status, body } = classicBody(await h.generate(classicEvent("generateSyntheticData", { ...r.args, volume: 50 })));
      assert.equal(status, 200, JSON.stringify(body).slice(0, 600));
      assert.equal(body.status, "completed");
    }
  });

  it("warnings say what the front door read", async () => {
    const out = await h.generate(REQUESTS[0].args, gatewayContext("generateSyntheticData"));
    const text = (out.warnings as string[]).join("\n");
    assert.match(text, /regular expression: read as pattern/);
    assert.match(text, /decimal\(12,2\)/);
  });
});
