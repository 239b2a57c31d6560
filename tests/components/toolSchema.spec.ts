import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ToolSchemaError, toGatewaySchema, toInlinePayloads, type GatewaySchemaNode, type ToolDefinition } from "../../components/toolSchema";

const generated = path.resolve(__dirname, "../../functions/contract/generated/tools");

/**
 * Which fields each level may carry, after the provider's input types: root and root-items/property levels are
 * structured; below them only JSON text (itemsJson / propertiesJson) is allowed.
 */
function assertProviderShape(node: GatewaySchemaNode, level: "root" | "property" | "lastStructured" | "json", where: string): void {
  if (level === "json") {
    assert.equal(node.items, undefined, `${where}: structured items at a JSON-only level`);
    assert.equal(node.properties, undefined, `${where}: structured properties at a JSON-only level`);
    return;
  }
  assert.equal(node.itemsJson, undefined, `${where}: itemsJson at a structured level`);
  assert.equal(node.propertiesJson, undefined, `${where}: propertiesJson at a structured level`);
  if (node.items) assertProviderShape(node.items, level === "lastStructured" ? "json" : "lastStructured", `${where}.items`);
  for (const p of node.properties ?? []) assertProviderShape(p, level === "root" ? "property" : "json", `${where}.${p.name}`);
}

describe("components/toolSchema", () => {
  it("turns a JSON Schema object into the gateway's named property list with required flags", () => {
    const schema = toGatewaySchema({
      type: "object", description: "args", required: ["query"],
      properties: { query: { type: "string", description: "what", minLength: 1 }, max_results: { type: "integer", minimum: 1 } },
    });
    assert.deepEqual(schema, {
      type: "object", description: "args",
      properties: [
        { name: "query", required: true, type: "string", description: "what" },
        { name: "max_results", required: false, type: "integer" },
      ],
    });
  });

  it("keeps two levels structured and sends deeper levels as JSON Schema text", () => {
    const schema = toGatewaySchema({
      type: "object",
      properties: {
        order: {
          type: "object", required: ["items"],
          properties: { items: { type: "array", items: { type: "object", properties: { sku: { type: "string" } }, required: ["sku"] } } },
        },
        tags: { type: "array", items: { type: "object", properties: { key: { type: "string" }, values: { type: "array", items: { type: "string" } } } } },
      },
    });
    assertProviderShape(schema, "root", "root");
    const items = schema.properties![0].properties![0];
    assert.equal(items.name, "items");
    assert.equal(items.required, true);
    assert.deepEqual(JSON.parse(items.itemsJson!), { type: "object", properties: { sku: { type: "string" } }, required: ["sku"] });
    const tagItem = schema.properties![1].items!;
    assert.deepEqual(JSON.parse(tagItem.properties![1].itemsJson!), { type: "string" });
  });

  it("takes the non-null type of a nullable field and rejects schemas without one type", () => {
    assert.equal(toGatewaySchema({ type: "object", properties: { a: { type: ["string", "null"] } } }).properties![0].type, "string");
    assert.throws(() => toGatewaySchema({ type: "object", properties: { a: { anyOf: [] } } }, "t"),
      (e: unknown) => e instanceof ToolSchemaError && e.message.includes("inputSchema.a"));
  });

  it("refuses tools whose arguments are not an object, and duplicate tool names", () => {
    const tool: ToolDefinition = { name: "t", description: "d", inputSchema: { type: "string" } };
    assert.throws(() => toInlinePayloads([tool]), /must be an object schema/);
    const ok: ToolDefinition = { name: "t", description: "d", inputSchema: { type: "object", properties: {} } };
    assert.throws(() => toInlinePayloads([ok, ok]), /listed twice/);
  });

  it("leaves output schemas out unless asked, since error answers do not match them", () => {
    const tool: ToolDefinition = { name: "t", description: "d", inputSchema: { type: "object" }, outputSchema: { type: "object", properties: { ok: { type: "boolean" } } } };
    assert.equal(toInlinePayloads([tool])[0].outputSchema, undefined);
    assert.deepEqual(toInlinePayloads([tool], { includeOutputSchema: true })[0].outputSchema, { type: "object", properties: [{ name: "ok", required: false, type: "boolean" }] });
  });

  it("converts every generated tool definition of the contract into the provider's shape", () => {
    for (const fn of ["generate", "validate", "metrics", "retrieve"]) {
      const tools = JSON.parse(fs.readFileSync(path.join(generated, `${fn}.json`), "utf8")) as ToolDefinition[];
      const payloads = toInlinePayloads(tools, { includeOutputSchema: true });
      assert.deepEqual(payloads.map((p) => p.name), tools.map((t) => t.name));
      for (const [i, p] of payloads.entries()) {
        assertProviderShape(p.inputSchema, "root", `${p.name}.inputSchema`);
        if (p.outputSchema) assertProviderShape(p.outputSchema, "root", `${p.name}.outputSchema`);
        const required = new Set(tools[i].inputSchema.required ?? []);
        assert.deepEqual(new Set(p.inputSchema.properties!.filter((x) => x.required).map((x) => x.name)), required);
      }
    }
  });
});
