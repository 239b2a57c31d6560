import { strict as assert } from "node:assert";
import { draftOfUri, inferDraft, migrateToDraft2020 } from "../../../functions/engine/schema/drafts";
import type { JsonSchemaObject } from "../../../functions/engine/schema/types";

const migrate = (schema: JsonSchemaObject, draft: Parameters<typeof migrateToDraft2020>[1]) => migrateToDraft2020(schema, draft);

describe("JSON Schema draft migration to 2020-12", () => {
  it("reads each draft's meta-schema URI, with or without the trailing #", () => {
    assert.equal(draftOfUri("http://json-schema.org/draft-04/schema#"), "draft-04");
    assert.equal(draftOfUri("http://json-schema.org/draft-06/schema"), "draft-06");
    assert.equal(draftOfUri("https://json-schema.org/draft-07/schema#"), "draft-07");
    assert.equal(draftOfUri("https://json-schema.org/draft/2019-09/schema"), "draft-2019-09");
    assert.equal(draftOfUri("https://json-schema.org/draft/2020-12/schema#"), "draft-2020-12");
    assert.equal(draftOfUri("https://example.com/my-meta"), undefined);
  });

  it("infers the draft from keywords only one family gives meaning", () => {
    assert.equal(inferDraft({ properties: { n: { type: "number", minimum: 0, exclusiveMinimum: true } } }).draft, "draft-04");
    assert.equal(inferDraft({ id: "http://x/y.json", type: "object" }).draft, "draft-04");
    assert.equal(inferDraft({ dependencies: { a: ["b"] } }).draft, "draft-07");
    assert.equal(inferDraft({ properties: { t: { items: [{ type: "string" }] } } }).draft, "draft-07");
    assert.equal(inferDraft({ $recursiveAnchor: true, properties: { c: { $recursiveRef: "#" } } }).draft, "draft-2019-09");
    // A 2020-12-only keyword wins over old ones; $defs alone decides nothing.
    assert.equal(inferDraft({ prefixItems: [{}], dependencies: { a: ["b"] } }).draft, "draft-2020-12");
    assert.deepEqual(inferDraft({ $defs: { a: {} }, properties: { x: { $ref: "#/$defs/a" } } }), { draft: "draft-2020-12" });
    // A property named "id" is no draft-04 keyword.
    assert.equal(inferDraft({ properties: { id: { type: "string" } } }).draft, "draft-2020-12");
  });

  it("splits dependencies into dependentRequired and dependentSchemas", () => {
    const { schema, notes } = migrate({ type: "object", dependencies: { card: ["billing_address"], vip: { required: ["tier"] } } }, "draft-07");
    assert.deepEqual(schema, { type: "object", dependentRequired: { card: ["billing_address"] }, dependentSchemas: { vip: { required: ["tier"] } } });
    assert.deepEqual(notes.map((n) => [n.rule, n.path]), [["dependencies-split", "/dependencies"]]);
  });

  it("turns tuple items and additionalItems into prefixItems and items, and drops additionalItems without a tuple", () => {
    assert.deepEqual(migrate({ items: [{ type: "string" }, { type: "number" }], additionalItems: false }, "draft-07").schema,
      { prefixItems: [{ type: "string" }, { type: "number" }], items: false });
    assert.deepEqual(migrate({ items: { type: "string" }, additionalItems: false }, "draft-07").schema, { items: { type: "string" } });
    assert.deepEqual(migrate({ items: [{ type: "string" }] }, "draft-2019-09").schema, { prefixItems: [{ type: "string" }] });
  });

  it("rewrites $refs that point into moved keywords", () => {
    const { schema } = migrate({ items: [{ type: "integer" }, { $ref: "#/items/0" }], dependencies: { a: { $ref: "#/dependencies/b" }, b: { required: ["c"] } } }, "draft-07");
    assert.deepEqual(schema, {
      prefixItems: [{ type: "integer" }, { $ref: "#/prefixItems/0" }],
      dependentSchemas: { a: { $ref: "#/dependentSchemas/b" }, b: { required: ["c"] } },
    });
  });

  it("makes draft-04 boolean exclusive bounds numeric and id $id (a fragment id an $anchor)", () => {
    const { schema } = migrate({
      id: "http://example.com/root.json", type: "object",
      properties: { price: { type: "number", minimum: 0, exclusiveMinimum: true, maximum: 100, exclusiveMaximum: false }, a: { id: "#addr", type: "string" } },
    }, "draft-04");
    assert.deepEqual(schema, {
      $id: "http://example.com/root.json", type: "object",
      properties: { price: { type: "number", exclusiveMinimum: 0, maximum: 100 }, a: { $anchor: "addr", type: "string" } },
    });
  });

  it("drops what drafts before 2019-09 ignore beside $ref, keeping definitions and annotations", () => {
    const { schema, notes } = migrate({ definitions: { a: { type: "integer" } }, properties: { x: { $ref: "#/definitions/a", maximum: 1, description: "kept" } } }, "draft-07");
    assert.deepEqual(schema, { definitions: { a: { type: "integer" } }, properties: { x: { $ref: "#/definitions/a", description: "kept" } } });
    assert.equal(notes[0].rule, "ref-siblings-ignored");
    // 2019-09 applies keywords beside $ref, so they stay.
    assert.deepEqual(migrate({ properties: { x: { $ref: "#/$defs/a", maximum: 1 } } }, "draft-2019-09").schema, { properties: { x: { $ref: "#/$defs/a", maximum: 1 } } });
  });

  it("turns 2019-09 recursive references into dynamic ones, plain where the root has no recursive anchor", () => {
    const dynamic = migrate({ $id: "https://x/tree", $recursiveAnchor: true, properties: { kids: { items: { $recursiveRef: "#" } } } }, "draft-2019-09").schema;
    assert.deepEqual(dynamic, { $id: "https://x/tree", $dynamicAnchor: "sdga-recursive", properties: { kids: { items: { $dynamicRef: "#sdga-recursive" } } } });
    const plain = migrate({ properties: { kids: { items: { $recursiveRef: "#" } } } }, "draft-2019-09").schema;
    assert.deepEqual(plain, { properties: { kids: { items: { $ref: "#" } } } });
  });

  it("never modifies its input and groups notes of one kind", () => {
    const input = { properties: { a: { dependencies: { x: ["y"] } }, b: { dependencies: { x: ["z"] } } } };
    const before = JSON.stringify(input);
    const { notes } = migrate(input, "draft-07");
    assert.equal(JSON.stringify(input), before);
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /2 places: \/properties\/a\/dependencies, \/properties\/b\/dependencies/);
  });
});
