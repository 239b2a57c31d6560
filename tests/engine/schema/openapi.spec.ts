import { strict as assert } from "node:assert";
import { prepareGeneration } from "../../../functions/engine/generate";
import { SchemaInputError } from "../../../functions/engine/schema/notes";
import { BASE64_PATTERN, isOpenApiDocument, openApiToJsonSchema } from "../../../functions/engine/schema/openapi";
import { parseSchemaText } from "../../../functions/engine/schema/readSchemaText";
import type { JsonSchemaObject } from "../../../functions/engine/schema/types";
import { compileValidator } from "../../../functions/engine/validate/compile";

const DRAFT = "https://json-schema.org/draft/2020-12/schema";

/** An OpenAPI 3.0 document whose only components are `schemas`. */
function doc30(schemas: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {}, components: { schemas, ...extra } };
}

/** The converted root of component `name`, without `$schema` and `$defs`. */
function rootOf(doc: Record<string, unknown>, name: string): JsonSchemaObject {
  const { $schema: _s, $defs: _d, ...rest } = openApiToJsonSchema(doc, name).schema;
  return rest;
}

/** The converted form of `schema` as a property (not the root, which is never nullable) of a component. */
function asProperty(schema: Record<string, unknown>, others: Record<string, unknown> = {}): unknown {
  const root = rootOf(doc30({ Holder: { type: "object", properties: { x: schema } }, ...others }), "Holder");
  return (root.properties as Record<string, unknown>).x;
}

function problemsOf(fn: () => unknown): Array<{ path: string; rule: string; message: string }> {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SchemaInputError, `expected SchemaInputError, got ${String(err)}`);
    return err.problems;
  }
  assert.fail("expected a SchemaInputError");
}

function rows(schema: JsonSchemaObject, count = 200): unknown[] {
  return [...prepareGeneration({ schema, rows: count, seed: 1, format: "jsonl" }).rows()];
}

describe("OpenAPI documents into JSON Schema 2020-12", () => {
  describe("isOpenApiDocument", () => {
    it("recognises OpenAPI 3.0 and 3.1 documents and Swagger 2.0 documents with definitions", () => {
      assert.equal(isOpenApiDocument({ openapi: "3.0.3", paths: {} }), true);
      assert.equal(isOpenApiDocument({ openapi: "3.1.0", webhooks: {} }), true);
      assert.equal(isOpenApiDocument({ swagger: "2.0", definitions: { A: { type: "string" } } }), true);
    });

    it("does not take JSON Schemas, field lists or other objects for OpenAPI", () => {
      assert.equal(isOpenApiDocument({ $schema: DRAFT, type: "object" }), false);
      assert.equal(isOpenApiDocument({ fields: [{ name: "a", type: "string" }] }), false);
      assert.equal(isOpenApiDocument({ swagger: "2.0", paths: {} }), false);
      assert.equal(isOpenApiDocument({ openapi: 3 }), false);
      assert.equal(isOpenApiDocument(null), false);
      assert.equal(isOpenApiDocument([]), false);
    });
  });

  describe("the chosen component", () => {
    const three = doc30({ A: { type: "string" }, B: { type: "integer" }, C: { $ref: "#/components/schemas/A" } });

    it("puts the component at the root with $schema 2020-12 and names it in the result", () => {
      const r = openApiToJsonSchema(three, "B");
      assert.deepEqual(r.schema, { $schema: DRAFT, type: "integer" });
      assert.equal(r.component, "B");
    });

    it("accepts the component as a reference (#/components/schemas/B) too", () => {
      assert.equal(openApiToJsonSchema(three, "#/components/schemas/B").component, "B");
    });

    it("refuses a missing component when there are several, listing them", () => {
      const [p] = problemsOf(() => openApiToJsonSchema(three, undefined));
      assert.equal(p.rule, "openapi-component-missing");
      assert.equal(p.path, "/components/schemas");
      assert.match(p.message, /3 schema components: choose one of A, B, C$/);
    });

    it("takes the only component when there is exactly one, with a note", () => {
      const r = openApiToJsonSchema(doc30({ Only: { type: "boolean" } }), undefined);
      assert.equal(r.component, "Only");
      assert.deepEqual(r.schema, { $schema: DRAFT, type: "boolean" });
      assert.deepEqual(r.notes.map((n) => [n.rule, n.path]), [["openapi-component-chosen", "/components/schemas/Only"]]);
    });

    it("refuses an unknown component, close names first", () => {
      const [p] = problemsOf(() => openApiToJsonSchema(doc30({ Pet: {}, PetList: {}, User: {} }), "pet"));
      assert.equal(p.rule, "openapi-component-unknown");
      assert.match(p.message, /no schema component "pet" \(close: Pet, PetList\); the document has 3: Pet, PetList, User$/);
    });

    it("lists at most 50 names, then says how many more", () => {
      const many: Record<string, unknown> = {};
      for (let i = 0; i < 120; i++) many[`S${String(i).padStart(3, "0")}`] = { type: "string" };
      const [p] = problemsOf(() => openApiToJsonSchema(doc30(many), undefined));
      assert.match(p.message, /choose one of S000, S001, .*S049 and 70 more$/);
      assert.equal(p.message.split(", ").length, 50);
    });

    it("refuses a document without schema components, and unsupported versions", () => {
      assert.equal(problemsOf(() => openApiToJsonSchema({ openapi: "3.0.0", paths: {} }, "A"))[0].rule, "openapi-no-components");
      assert.equal(problemsOf(() => openApiToJsonSchema({ openapi: "4.0.0", components: { schemas: { A: {} } } }, "A"))[0].rule, "openapi-version-unsupported");
    });
  });

  describe("references", () => {
    it("copies every reachable component (transitively) under $defs and nothing else, with refs rewritten", () => {
      const doc = doc30({
        Order: { type: "object", properties: { customer: { $ref: "#/components/schemas/Customer" } } },
        Customer: { type: "object", properties: { address: { $ref: "#/components/schemas/Address" } } },
        Address: { type: "string" },
        Unrelated: { type: "integer" },
      });
      assert.deepEqual(openApiToJsonSchema(doc, "Order").schema, {
        $schema: DRAFT,
        type: "object",
        properties: { customer: { $ref: "#/$defs/Customer" } },
        $defs: {
          Customer: { type: "object", properties: { address: { $ref: "#/$defs/Address" } } },
          Address: { type: "string" },
        },
      });
    });

    it("keeps a recursive component resolvable (the root is also under $defs)", () => {
      const doc = doc30({ Node: { type: "object", properties: { next: { $ref: "#/components/schemas/Node" } } } });
      const { schema } = openApiToJsonSchema(doc, "Node");
      assert.deepEqual(schema.properties, { next: { $ref: "#/$defs/Node" } });
      assert.deepEqual(schema.$defs, { Node: { type: "object", properties: { next: { $ref: "#/$defs/Node" } } } });
    });

    it("follows a reference into a schema the conversion restructured (a nullable one wrapped in anyOf)", () => {
      const doc = doc30({
        A: { type: "object", properties: { tags: { nullable: true, items: { type: "string", maxLength: 3 } } } },
        B: { $ref: "#/components/schemas/A/properties/tags/items" },
      });
      const { schema } = openApiToJsonSchema(doc, "B");
      assert.equal(schema.$ref, "#/$defs/A/properties/tags/anyOf/0/items");
      const validate = compileValidator(schema);
      assert.equal(validate("abc"), true);
      assert.equal(validate("abcd"), false);
    });

    it("escapes and percent-encodes component names in rewritten refs", () => {
      const doc = doc30({ "a b~c": { type: "string" }, Root: { $ref: "#/components/schemas/a%20b~0c" } });
      const { schema } = openApiToJsonSchema(doc, "Root");
      assert.equal(schema.$ref, "#/$defs/a%20b~0c");
      assert.deepEqual(Object.keys(schema.$defs as object), ["a b~c"]);
      assert.equal(compileValidator(schema)("x"), true);
    });

    it("copies a schema referenced elsewhere in the document (a parameter's) under $defs, with a note", () => {
      const doc = doc30(
        { Page: { type: "object", properties: { size: { $ref: "#/components/parameters/limit/schema" } } } },
        { parameters: { limit: { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100 } } } },
      );
      const r = openApiToJsonSchema(doc, "Page");
      assert.deepEqual(r.schema.properties, { size: { $ref: "#/$defs/~1components~1parameters~1limit~1schema" } });
      assert.deepEqual((r.schema.$defs as Record<string, unknown>)["/components/parameters/limit/schema"], { type: "integer", minimum: 1, maximum: 100 });
      assert.deepEqual(r.notes.map((n) => [n.rule, n.path]), [["openapi-ref-local", "/components/schemas/Page/properties/size/$ref"]]);
    });

    it("refuses remote, unresolvable and non-schema references, each naming where it is", () => {
      const doc = doc30({
        A: {
          type: "object",
          properties: {
            remote: { $ref: "https://example.com/schemas/x.json" },
            relative: { $ref: "other.yaml#/components/schemas/X" },
            missing: { $ref: "#/components/schemas/Nope" },
            notSchema: { $ref: "#/info/title" },
            mapOfSchemas: { $ref: "#/components/schemas/B/properties" },
          },
        },
        B: { properties: { x: {} } },
      });
      const problems = problemsOf(() => openApiToJsonSchema(doc, "A"));
      assert.deepEqual(problems.map((p) => [p.path, p.rule]), [
        ["/components/schemas/A/properties/remote/$ref", "openapi-ref-remote"],
        ["/components/schemas/A/properties/relative/$ref", "openapi-ref-remote"],
        ["/components/schemas/A/properties/missing/$ref", "openapi-ref-unresolved"],
        ["/components/schemas/A/properties/notSchema/$ref", "openapi-ref-not-schema"],
        ["/components/schemas/A/properties/mapOfSchemas/$ref", "openapi-ref-not-schema"],
      ]);
    });

    it("does not rewrite $ref-like text inside examples, enums or defaults", () => {
      const doc = doc30({
        A: { type: "object", example: { $ref: "#/components/schemas/B" }, default: { $ref: "#/components/schemas/B" } },
        B: { type: "string" },
      });
      const { schema } = openApiToJsonSchema(doc, "A");
      assert.deepEqual(schema.examples, [{ $ref: "#/components/schemas/B" }]);
      assert.deepEqual(schema.default, { $ref: "#/components/schemas/B" });
      assert.equal(schema.$defs, undefined);
    });

    it("keeps a property named __proto__ as an own property", () => {
      const doc = JSON.parse('{"openapi":"3.0.0","components":{"schemas":{"A":{"type":"object","properties":{"__proto__":{"type":"string","nullable":true}},"required":["__proto__"]}}}}');
      const { schema } = openApiToJsonSchema(doc, "A");
      const properties = schema.properties as Record<string, unknown>;
      assert.ok(Object.hasOwn(properties, "__proto__"));
      assert.deepEqual(Object.getOwnPropertyDescriptor(properties, "__proto__")?.value, { type: ["string", "null"] });
      assert.equal(Object.getPrototypeOf(properties), Object.prototype);
    });
  });

  describe("nullable (OpenAPI 3.0)", () => {
    it("adds null to the type", () => {
      assert.deepEqual(asProperty({ type: "string", nullable: true, maxLength: 3 }), { type: ["string", "null"], maxLength: 3 });
    });

    it("adds null to an enum too", () => {
      assert.deepEqual(asProperty({ type: "string", nullable: true, enum: ["open", "closed"] }), {
        type: ["string", "null"], enum: ["open", "closed", null],
      });
    });

    it("wraps {allOf: [{$ref}], nullable} in anyOf with null, annotations outside", () => {
      const b = { B: { type: "object" } };
      assert.deepEqual(asProperty({ allOf: [{ $ref: "#/components/schemas/B" }], nullable: true, description: "the B, if any", readOnly: true, "x-gh": 1, example: { b: 1 } }, b), {
        description: "the B, if any", readOnly: true, "x-gh": 1, examples: [{ b: 1 }],
        anyOf: [{ allOf: [{ $ref: "#/$defs/B" }] }, { type: "null" }],
      });
    });

    it("wraps {$ref, nullable} and a typed schema with composition keywords", () => {
      const b = { B: { type: "object" } };
      assert.deepEqual(asProperty({ $ref: "#/components/schemas/B", nullable: true }, b), { anyOf: [{ $ref: "#/$defs/B" }, { type: "null" }] });
      assert.deepEqual(asProperty({ type: "object", nullable: true, allOf: [{ $ref: "#/components/schemas/B" }] }, b), {
        anyOf: [{ type: "object", allOf: [{ $ref: "#/$defs/B" }] }, { type: "null" }],
      });
    });

    it("leaves a schema without type or assertions as it is (it already accepts null); drops nullable: false", () => {
      assert.deepEqual(asProperty({ nullable: true, description: "anything" }), { description: "anything" });
      assert.deepEqual(asProperty({ type: "integer", nullable: false }), { type: "integer" });
    });

    it("notes each conversion with its path, folding many into one note with a count", () => {
      const few = openApiToJsonSchema(doc30({ A: { type: "object", properties: { a: { type: "string", nullable: true } } } }), "A");
      assert.deepEqual(few.notes, [{ path: "/components/schemas/A/properties/a", rule: "openapi-nullable", message: "nullable: true: null added to the type (and to the enum)" }]);
      const properties: Record<string, unknown> = {};
      for (let i = 0; i < 40; i++) properties[`p${i}`] = { type: "integer", nullable: true };
      const many = openApiToJsonSchema(doc30({ A: { type: "object", properties } }), "A");
      assert.equal(many.notes.length, 1);
      assert.equal(many.notes[0].path, "/components/schemas/A/properties/p0");
      assert.match(many.notes[0].message, /at 40 places: \/components\/schemas\/A\/properties\/p0, \/components\/schemas\/A\/properties\/p1, \/components\/schemas\/A\/properties\/p2 and 37 more/);
    });

    it("folds notes per rule and message: each way of converting nullable keeps its own note", () => {
      const properties: Record<string, unknown> = {};
      for (let i = 0; i < 5; i++) properties[`t${i}`] = { type: "integer", nullable: true };
      for (let i = 0; i < 5; i++) properties[`r${i}`] = { $ref: "#/components/schemas/B", nullable: true };
      const { notes } = openApiToJsonSchema(doc30({ A: { type: "object", properties }, B: { type: "object" } }), "A");
      assert.deepEqual(notes.map((n) => [n.rule, n.path]), [
        ["openapi-nullable", "/components/schemas/A/properties/t0"],
        ["openapi-nullable", "/components/schemas/A/properties/r0"],
      ]);
      assert.match(notes[1].message, /^nullable: true beside \$ref\/allOf\/oneOf or without a type: anyOf \[the schema, \{type: null\}\] \(at 5 places: /);
    });

    it("generates a nullable component's rows from its non-null form, keeping it nullable where it is referenced", () => {
      const doc = doc30({ User: { type: "object", nullable: true, properties: { boss: { $ref: "#/components/schemas/User" } } } });
      const r = openApiToJsonSchema(doc, "User");
      assert.deepEqual(r.schema, {
        $schema: DRAFT, type: "object", properties: { boss: { $ref: "#/$defs/User" } },
        $defs: { User: { type: ["object", "null"], properties: { boss: { $ref: "#/$defs/User" } } } },
      });
      assert.ok(r.notes.some((n) => n.rule === "openapi-nullable-root" && n.path === "/components/schemas/User"));
      assert.deepEqual(rootOf(doc30({ A: { allOf: [{ $ref: "#/components/schemas/B" }], nullable: true }, B: { type: "string" } }), "A"), { allOf: [{ $ref: "#/$defs/B" }] });
    });

    it("generates nulls for nullable fields, and only valid values", () => {
      const doc = doc30({
        Row: {
          type: "object", required: ["label", "status", "owner"],
          properties: {
            label: { type: "string", nullable: true },
            status: { type: "string", enum: ["open", "closed"], nullable: true },
            owner: { allOf: [{ $ref: "#/components/schemas/User" }], nullable: true },
          },
        },
        User: { type: "object", required: ["login"], properties: { login: { type: "string" } } },
      });
      const { schema } = openApiToJsonSchema(doc, "Row");
      const data = rows(schema) as Array<Record<string, unknown>>;
      const validate = compileValidator(schema);
      for (const row of data) assert.ok(validate(row), JSON.stringify(validate.errors));
      for (const field of ["label", "status", "owner"]) {
        assert.ok(data.some((r) => r[field] === null), `${field} is never null`);
        assert.ok(data.some((r) => r[field] !== null), `${field} is always null`);
      }
    });
  });

  describe("other Schema Object keywords", () => {
    it("turns boolean exclusiveMinimum/exclusiveMaximum into numeric bounds", () => {
      const doc = doc30({
        A: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 10, exclusiveMaximum: false },
        B: { type: "number", exclusiveMaximum: true },
      });
      assert.deepEqual(rootOf(doc, "A"), { type: "number", exclusiveMinimum: 0, maximum: 10 });
      assert.deepEqual(rootOf(doc, "B"), { type: "number" });
    });

    it("turns example into examples and keeps x- extensions", () => {
      const doc = doc30({ A: { type: "string", example: "octocat", "x-github": { enabledForGitHubApps: true } } });
      assert.deepEqual(rootOf(doc, "A"), { type: "string", examples: ["octocat"], "x-github": { enabledForGitHubApps: true } });
    });

    it("keeps readOnly and writeOnly as annotations, noting it once", () => {
      const doc = doc30({ A: { type: "object", properties: { id: { type: "integer", readOnly: true }, secret: { type: "string", writeOnly: true } } } });
      const r = openApiToJsonSchema(doc, "A");
      assert.deepEqual(r.schema.properties, { id: { type: "integer", readOnly: true }, secret: { type: "string", writeOnly: true } });
      assert.deepEqual(r.notes.map((n) => n.rule), ["openapi-read-write-only", "openapi-read-write-only"]);
    });

    it("takes additionalProperties: false as it is, without a note (OpenAPI 3.0 allows a boolean there)", () => {
      const r = openApiToJsonSchema(doc30({ A: { type: "object", additionalProperties: false } }), "A");
      assert.deepEqual(r.schema, { $schema: DRAFT, type: "object", additionalProperties: false });
      assert.deepEqual(r.notes, []);
    });

    it("converts tuple items and draft-04 dependencies", () => {
      const doc = doc30({ A: { type: "array", items: [{ type: "string" }, { type: "integer" }], additionalItems: false }, B: { dependencies: { a: ["b"], c: { required: ["d"] } } } });
      assert.deepEqual(rootOf(doc, "A"), { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false });
      assert.deepEqual(rootOf(doc, "B"), { dependentRequired: { a: ["b"] }, dependentSchemas: { c: { required: ["d"] } } });
    });
  });

  describe("formats", () => {
    it("int32: bounds of a signed 32-bit integer, unless narrower ones are given", () => {
      const doc = doc30({ A: { type: "integer", format: "int32" }, B: { type: "integer", format: "int32", minimum: 0, maximum: 100 }, C: { type: "integer", format: "int32", minimum: -1e12 } });
      assert.deepEqual(rootOf(doc, "A"), { type: "integer", format: "int32", minimum: -2147483648, maximum: 2147483647 });
      assert.deepEqual(rootOf(doc, "B"), { type: "integer", format: "int32", minimum: 0, maximum: 100 });
      assert.deepEqual(rootOf(doc, "C"), { type: "integer", format: "int32", minimum: -2147483648, maximum: 2147483647 });
    });

    it("int64, float, double, binary and password stay annotations", () => {
      for (const [type, format] of [["integer", "int64"], ["number", "float"], ["number", "double"], ["string", "binary"], ["string", "password"]]) {
        assert.deepEqual(rootOf(doc30({ A: { type, format } }), "A"), { type, format });
      }
    });

    it("byte: base64 text (contentEncoding and a base64 pattern), kept next to another pattern", () => {
      assert.deepEqual(rootOf(doc30({ A: { type: "string", format: "byte" } }), "A"), {
        type: "string", format: "byte", contentEncoding: "base64", pattern: BASE64_PATTERN,
      });
      assert.deepEqual(rootOf(doc30({ A: { type: "string", format: "byte", pattern: "^Q" } }), "A"), {
        type: "string", format: "byte", pattern: "^Q", contentEncoding: "base64", allOf: [{ pattern: BASE64_PATTERN }],
      });
      const base64 = new RegExp(BASE64_PATTERN);
      for (const ok of ["", "aGk=", "aGVsbG8=", "aGVsbG8h", "+/8=", "CFlQCMAlig=="]) assert.ok(base64.test(ok), ok);
      // The last two are decodable but not canonical: bits after the data are not zero.
      for (const bad of ["a", "aGk", "aGk==", "a=Gk", "aGVsbG8-", "aGl=", "CFlQCMAlis=="]) assert.ok(!base64.test(bad), bad);
    });

    it("byte: generated values decode as base64", () => {
      const { schema } = openApiToJsonSchema(doc30({ A: { type: "string", format: "byte" } }), "A");
      for (const value of rows(schema, 50)) {
        assert.equal(typeof value, "string");
        assert.equal(Buffer.from(value as string, "base64").toString("base64"), value);
      }
    });
  });

  describe("discriminator", () => {
    const pets = (discriminator: Record<string, unknown>) => doc30({
      Pet: { oneOf: [{ $ref: "#/components/schemas/Cat" }, { $ref: "#/components/schemas/Dog" }], discriminator },
      Cat: { type: "object", required: ["petType"], properties: { petType: { type: "string" }, meows: { type: "boolean" } } },
      Dog: { type: "object", required: ["petType"], properties: { petType: { type: "string" }, barks: { type: "boolean" } } },
    });

    it("without mapping: each branch requires its component name", () => {
      assert.deepEqual(rootOf(pets({ propertyName: "petType" }), "Pet"), {
        oneOf: [
          { $ref: "#/$defs/Cat", properties: { petType: { const: "Cat" } }, required: ["petType"] },
          { $ref: "#/$defs/Dog", properties: { petType: { const: "Dog" } }, required: ["petType"] },
        ],
        discriminator: { propertyName: "petType" },
      });
    });

    it("with mapping: each branch requires the values mapped to it (names or refs); others keep their name", () => {
      const root = rootOf(pets({ propertyName: "petType", mapping: { cat: "#/components/schemas/Cat", kitten: "Cat" } }), "Pet");
      assert.deepEqual(root.oneOf, [
        { $ref: "#/$defs/Cat", properties: { petType: { enum: ["cat", "kitten"] } }, required: ["petType"] },
        { $ref: "#/$defs/Dog", properties: { petType: { const: "Dog" } }, required: ["petType"] },
      ]);
      assert.deepEqual(root.discriminator, { propertyName: "petType", mapping: { cat: "#/$defs/Cat", kitten: "Cat" } });
    });

    it("makes overlapping oneOf branches exclusive, so rows are valid", () => {
      const { schema } = openApiToJsonSchema(pets({ propertyName: "petType", mapping: { cat: "#/components/schemas/Cat" } }), "Pet");
      const validate = compileValidator(schema);
      const data = rows(schema) as Array<Record<string, unknown>>;
      for (const row of data) assert.ok(validate(row), JSON.stringify(validate.errors));
      assert.deepEqual(new Set(data.map((r) => r.petType)), new Set(["cat", "Dog"]));
    });

    it("allOf children of a base with a discriminator require their own value; the base keeps it as an annotation", () => {
      const doc = doc30({
        Pet: { type: "object", required: ["petType"], properties: { petType: { type: "string" } }, discriminator: { propertyName: "petType", mapping: { cat: "#/components/schemas/Cat" } } },
        Cat: { allOf: [{ $ref: "#/components/schemas/Pet" }, { type: "object", properties: { meows: { type: "boolean" } } }] },
        Dog: { allOf: [{ $ref: "#/components/schemas/Pet" }] },
      });
      assert.deepEqual(rootOf(doc, "Cat").allOf, [
        { $ref: "#/$defs/Pet" },
        { type: "object", properties: { meows: { type: "boolean" } } },
        { properties: { petType: { const: "cat" } }, required: ["petType"] },
      ]);
      assert.deepEqual(rootOf(doc, "Dog").allOf, [{ $ref: "#/$defs/Pet" }, { properties: { petType: { const: "Dog" } }, required: ["petType"] }]);
      const base = openApiToJsonSchema(doc, "Pet");
      assert.deepEqual(base.schema.discriminator, { propertyName: "petType", mapping: { cat: "#/components/schemas/Cat" } });
      assert.ok(base.notes.some((n) => n.rule === "openapi-discriminator-base" && n.path === "/components/schemas/Pet/discriminator"));
    });

    it("notes inline branches it cannot tag", () => {
      const doc = doc30({ A: { oneOf: [{ type: "object", properties: { k: { const: "x" } } }], discriminator: { propertyName: "k" } } });
      assert.ok(openApiToJsonSchema(doc, "A").notes.some((n) => n.rule === "openapi-discriminator-branch" && n.path === "/components/schemas/A/oneOf/0"));
    });
  });

  describe("OpenAPI 3.1 and Swagger 2.0", () => {
    it("3.1: schemas stay as they are but for refs and example; nullable is read as in 3.0, with a note", () => {
      const doc = {
        openapi: "3.1.0",
        components: {
          schemas: {
            A: { type: ["string", "null"], example: "x", examples: ["y"], properties: { b: { $ref: "#/components/schemas/B" } } },
            B: { type: "integer", nullable: true, exclusiveMinimum: 0 },
          },
        },
      };
      const r = openApiToJsonSchema(doc, "A");
      assert.deepEqual(r.schema, {
        $schema: DRAFT, type: ["string", "null"], examples: ["x", "y"],
        properties: { b: { $ref: "#/$defs/B" } }, $defs: { B: { type: ["integer", "null"], exclusiveMinimum: 0 } },
      });
      assert.ok(r.notes.some((n) => n.rule === "openapi-31-nullable" && n.path === "/components/schemas/B/nullable"));
    });

    it("3.1: refuses a jsonSchemaDialect other than 2020-12", () => {
      const doc = { openapi: "3.1.0", jsonSchemaDialect: "http://json-schema.org/draft-07/schema#", components: { schemas: { A: {} } } };
      assert.equal(problemsOf(() => openApiToJsonSchema(doc, "A"))[0].rule, "openapi-dialect-unsupported");
      const base = { ...doc, jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base" };
      assert.deepEqual(openApiToJsonSchema(base, "A").schema, { $schema: DRAFT });
    });

    it("Swagger 2.0: definitions, #/definitions refs, x-nullable and type file", () => {
      const doc = {
        swagger: "2.0",
        definitions: {
          Upload: { type: "object", properties: { file: { type: "file" }, owner: { $ref: "#/definitions/User" } } },
          User: { type: "object", "x-nullable": true },
        },
      };
      const r = openApiToJsonSchema(doc, "Upload");
      assert.deepEqual(r.schema, {
        $schema: DRAFT, type: "object",
        properties: { file: { type: "string" }, owner: { $ref: "#/$defs/User" } },
        $defs: { User: { type: ["object", "null"], "x-nullable": true } },
      });
      assert.ok(r.notes.some((n) => n.rule === "swagger-file-type" && n.path === "/definitions/Upload/properties/file/type"));
    });
  });

  describe("parseSchemaText", () => {
    const yamlDoc = [
      "openapi: 3.0.3",
      "components:",
      "  schemas:",
      "    Pet:",
      "      type: object",
      "      properties:",
      "        answer: {type: string, enum: [yes, no]}",
      "        id: &id {type: integer, format: int64}",
      "        parent: *id",
      "responses:",
      "  200: {description: ok}",
    ].join("\n");

    it("reads YAML (1.2 core: yes/no stay strings, numeric keys become strings, aliases expand)", () => {
      const doc = parseSchemaText(yamlDoc, "pets.yaml") as Record<string, unknown>;
      assert.equal(isOpenApiDocument(doc), true);
      const pet = (doc.components as { schemas: { Pet: { properties: Record<string, unknown> } } }).schemas.Pet;
      assert.deepEqual(pet.properties.answer, { type: "string", enum: ["yes", "no"] });
      assert.deepEqual(pet.properties.parent, { type: "integer", format: "int64" });
      assert.deepEqual(Object.keys(doc.responses as object), ["200"]);
      assert.deepEqual(parseSchemaText(yamlDoc), doc);
    });

    it("reads JSON, with or without a file name", () => {
      assert.deepEqual(parseSchemaText('{"type": "string"}'), { type: "string" });
      assert.deepEqual(parseSchemaText('\ufeff{"type": "string"}', "s.json"), { type: "string" });
      assert.deepEqual(parseSchemaText("[1, 2]"), [1, 2]);
    });

    it("reports a JSON syntax error with its line and column", () => {
      const [p] = problemsOf(() => parseSchemaText('{\n  "type": "string",\n}', "s.json"));
      assert.equal(p.rule, "json-syntax");
      assert.match(p.message, /^"s\.json" is not valid JSON \(line 3, column 1\): /);
      // Without a file name, text that starts like JSON and is neither JSON nor YAML gets the JSON error.
      assert.equal(problemsOf(() => parseSchemaText('{"a": 1,, }'))[0].rule, "json-syntax");
    });

    it("reports a YAML syntax error with its line and column", () => {
      const [p] = problemsOf(() => parseSchemaText("type: object\nproperties:\n  a: [1, 2\n", "s.yaml"));
      assert.equal(p.rule, "yaml-syntax");
      assert.match(p.message, /^"s\.yaml" is not valid YAML \(line \d+, column \d+\): /);
      const [dup] = problemsOf(() => parseSchemaText("type: object\ntype: string\n", "s.yml"));
      assert.match(dup.message, /line 2, column 1\): Map keys must be unique/);
    });

    it("refuses several YAML documents in one text, and empty text", () => {
      assert.match(problemsOf(() => parseSchemaText("a: 1\n---\nb: 2\n"))[0].message, /several YAML documents/);
      assert.equal(problemsOf(() => parseSchemaText("  \n", "s.yaml"))[0].rule, "schema-text-empty");
    });

    it("refuses YAML whose aliases expand without bound", () => {
      const lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
      for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(", ")}]`);
      assert.equal(problemsOf(() => parseSchemaText(lines.join("\n"), "bomb.yaml"))[0].rule, "yaml-syntax");
    });
  });
});
