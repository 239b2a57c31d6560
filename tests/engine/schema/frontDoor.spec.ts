// The schema front door: one normalised 2020-12 form for every dialect, and the same verdict on every path
// (generate, validate, metrics) for the same input.
import { strict as assert } from "node:assert";
import { Validator } from "@cfworker/json-schema";
import { prepareGeneration, UnsupportedSchemaError } from "../../../functions/engine/generate";
import { calculateQualityMetrics } from "../../../functions/engine/metrics";
import { DRAFT_2020_12_URI, normaliseSchema, SchemaInputError } from "../../../functions/engine/schema";
import type { JsonSchemaObject, Row } from "../../../functions/engine/schema/types";
import { validateDataset, validateSchema } from "../../../functions/engine/validate";

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";
const DRAFT_04 = "http://json-schema.org/draft-04/schema#";

/** A draft-07 customer file of the kind found in the wild: dependencies, tuple items, definitions. */
const CUSTOMER_07: JsonSchemaObject = {
  $schema: DRAFT_07,
  $id: "https://example.com/customer.schema.json",
  title: "Customer",
  type: "object",
  required: ["id", "name", "payment"],
  properties: {
    id: { type: "string", format: "uuid" },
    name: { type: "string", minLength: 2, maxLength: 60 },
    credit_card: { type: "string", pattern: "^[0-9]{16}$" },
    billing_address: { $ref: "#/definitions/address" },
    payment: { enum: ["card", "invoice"] },
    location: { type: "array", items: [{ type: "number", minimum: -90, maximum: 90 }, { type: "number", minimum: -180, maximum: 180 }], additionalItems: false, minItems: 2 },
  },
  // A card number needs a billing address; invoices need a tax id.
  dependencies: {
    credit_card: ["billing_address"],
    payment: { if: { properties: { payment: { const: "invoice" } } }, then: { required: ["tax_id"], properties: { tax_id: { type: "string", pattern: "^[A-Z]{2}[0-9]{9}$" } } } },
  },
  definitions: {
    address: { type: "object", required: ["street", "city"], properties: { street: { type: "string" }, city: { type: "string" } }, additionalProperties: false },
  },
};

const PRICE_04: JsonSchemaObject = {
  $schema: DRAFT_04,
  id: "https://example.com/price.json",
  type: "object",
  required: ["amount", "discount"],
  properties: {
    amount: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 1000 },
    discount: { type: "integer", minimum: 0, maximum: 100, exclusiveMaximum: true },
  },
};

function generate(schema: unknown, rows = 200, seed = 1): Row[] {
  return [...prepareGeneration({ schema: schema as JsonSchemaObject, rows, seed, format: "jsonl" }).rows()];
}

describe("schema front door", () => {
  describe("dialects", () => {
    it("migrates a draft-07 file and says what it changed, without touching the caller's object", () => {
      const before = JSON.stringify(CUSTOMER_07);
      const { schema, dialect, notes } = normaliseSchema(CUSTOMER_07);
      assert.equal(JSON.stringify(CUSTOMER_07), before);
      assert.equal(dialect, "draft-07");
      assert.equal(schema.$schema, DRAFT_2020_12_URI);
      assert.deepEqual(schema.dependentRequired, { credit_card: ["billing_address"] });
      assert.ok((schema.dependentSchemas as Record<string, unknown>).payment);
      assert.deepEqual((schema.properties as Record<string, JsonSchemaObject>).location.prefixItems, [
        { type: "number", minimum: -90, maximum: 90 }, { type: "number", minimum: -180, maximum: 180 }]);
      assert.deepEqual(notes.map((n) => n.rule).sort(), ["dependencies-split", "tuple-items"]);
    });

    it("generates draft-07 dependencies and tuple items that a draft-07 validator accepts (was 19% and 94% invalid)", () => {
      const judge = new Validator(CUSTOMER_07 as object, "7", false);
      const rows = generate(CUSTOMER_07, 300);
      assert.deepEqual(rows.filter((r) => !judge.validate(r as never).valid).slice(0, 2), []);
      assert.ok(rows.some((r) => r.credit_card !== undefined), "the optional card appears");
      assert.ok(rows.some((r) => r.payment === "invoice" && typeof r.tax_id === "string"), "an invoice customer has a tax id");
    });

    it("migrates draft-04 exclusive bounds and ids", () => {
      const { schema, dialect } = normaliseSchema(PRICE_04);
      assert.equal(dialect, "draft-04");
      assert.equal(schema.$id, "https://example.com/price.json");
      const judge = new Validator(PRICE_04 as object, "4", false);
      const rows = generate(PRICE_04);
      assert.deepEqual(rows.filter((r) => !judge.validate(r as never).valid), []);
      assert.ok(rows.every((r) => (r.amount as number) > 0 && (r.discount as number) < 100));
    });

    it("infers the draft of a schema without $schema, and notes why", () => {
      const { dialect, notes } = normaliseSchema({ type: "object", dependencies: { a: ["b"] } });
      assert.equal(dialect, "draft-07");
      assert.match(notes.find((n) => n.rule === "draft-inferred")!.message, /"dependencies" at #/);
      assert.equal(normaliseSchema({ type: "object" }).dialect, "draft-2020-12");
      assert.deepEqual(normaliseSchema({ type: "object" }).notes, []);
    });

    it("returns its own output unchanged: normalising twice is free and the same", () => {
      const once = normaliseSchema(CUSTOMER_07).schema;
      assert.equal(normaliseSchema(once).schema, once);
      assert.equal(normaliseSchema(CUSTOMER_07).schema, once, "the same input object is normalised once");
    });
  });

  describe("components", () => {
    const DOC: JsonSchemaObject = {
      $schema: DRAFT_07,
      definitions: {
        address: { type: "object", required: ["city"], properties: { city: { type: "string" } } },
        person: { type: "object", required: ["name", "home"], properties: { name: { type: "string" }, home: { $ref: "#/definitions/address" } } },
      },
    };

    it("picks definitions/NAME (or $defs/NAME) as the root, keeping what its $refs need", () => {
      const { schema, component } = normaliseSchema(DOC, { component: "person" });
      assert.equal(component, "person");
      assert.deepEqual(schema.required, ["name", "home"]);
      const rows = generate(schema, 20);
      assert.ok(rows.every((r) => typeof (r.home as Row).city === "string"));
    });

    it("answers a missing component with the names it has", () => {
      assert.throws(() => normaliseSchema(DOC, { component: "customer" }), (err: unknown) => {
        assert.ok(err instanceof SchemaInputError);
        assert.equal(err.problems[0].rule, "component-missing");
        assert.match(err.problems[0].message, /"address", "person"/);
        return true;
      });
    });

    it("refuses a component on a field list", () => {
      assert.throws(() => normaliseSchema({ fields: [{ name: "a", type: "string" }] }, { component: "x" }), SchemaInputError);
    });
  });

  describe("what it cannot read", () => {
    it("names the problem of a non-object input", () => {
      for (const input of [null, 3, "text", [1]]) {
        assert.throws(() => normaliseSchema(input), (err: unknown) => err instanceof SchemaInputError && err.problems[0].rule === "schema-is-object");
      }
    });

    it("reads a custom meta-schema by its keywords, with a note", () => {
      const { dialect, notes } = normaliseSchema({ $schema: "https://example.com/meta", type: "object" });
      assert.equal(dialect, "draft-2020-12");
      assert.equal(notes[0].rule, "schema-dialect-unknown");
    });
  });

  describe("one verdict on every path", () => {
    const cases: Array<{ name: string; schema: JsonSchemaObject; judge: "4" | "7" }> = [
      { name: "draft-07 customer", schema: CUSTOMER_07, judge: "7" },
      { name: "draft-04 price", schema: PRICE_04, judge: "4" },
    ];
    for (const c of cases) {
      it(`${c.name}: validateSchema accepts it, generate writes valid rows, validate and metrics agree`, async () => {
        const verdict = validateSchema({ schema: c.schema });
        assert.deepEqual(verdict.errors.filter((e) => e.severity === "error"), []);
        const rows = generate(c.schema, 100);
        const report = await validateDataset(c.schema, rows);
        assert.equal(report.invalid_rows, 0);
        const quality = await calculateQualityMetrics({ schema: c.schema, data: rows });
        assert.equal(quality.validity_score, 1);
      });
    }

    it("a schema the front door cannot read is refused the same way by generate and validate", () => {
      const bad = { $schema: DRAFT_07, definitions: {} };
      assert.throws(() => prepareGeneration({ schema: { $ref: "#/definitions/none", ...bad }, rows: 1, format: "jsonl" }), UnsupportedSchemaError);
      const verdict = validateSchema({ schema: { $ref: "#/definitions/none", ...bad } });
      assert.equal(verdict.valid, false);
    });
  });
});
