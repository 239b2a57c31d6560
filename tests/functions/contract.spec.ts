import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { OPERATIONS } from "../../functions/contract/operations";
import { renderAll, renderOpenApi, renderTools, OPENAPI_GROUPS, TOOL_FUNCTIONS } from "../../functions/contract/render";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const SwaggerParser = require("@apidevtools/swagger-parser") as { validate(doc: unknown): Promise<unknown> };

const GENERATED = join(__dirname, "..", "..", "functions", "contract", "generated");

describe("contract", () => {
  it("committed generated files match the contract source (run npm run build:contract)", () => {
    for (const [relative, text] of Object.entries(renderAll())) {
      const committed = readFileSync(join(GENERATED, relative), "utf8");
      assert.equal(committed, text, `${relative} is stale`);
    }
  });

  for (const group of OPENAPI_GROUPS) {
    it(`openapi/${group}.json is a valid OpenAPI 3.0.0 document meeting Bedrock's rules`, async () => {
      const doc = renderOpenApi(group);
      await SwaggerParser.validate(structuredClone(doc));
      assert.equal(doc.openapi, "3.0.0");
      const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
      assert.ok(Object.keys(paths).length > 0);
      for (const methods of Object.values(paths)) {
        for (const op of Object.values(methods)) {
          assert.equal(typeof op.operationId, "string");
          assert.ok(typeof op.description === "string" && op.description.length > 0);
          assert.ok(op.responses && Object.keys(op.responses).length > 0);
        }
      }
      // enum is unreliable in agent schemas: allowed values live in descriptions only.
      const text = JSON.stringify(doc);
      assert.ok(!text.includes("\"enum\""), "no enum keyword in the OpenAPI document");
      assert.ok(text.includes("Allowed values:"));
    });
  }

  it("states that objects are sent as JSON text", () => {
    const doc = JSON.stringify(renderOpenApi("generation"));
    assert.match(doc, /JSON text/);
  });

  for (const fn of TOOL_FUNCTIONS) {
    it(`tools/${fn}.json holds valid JSON Schemas named after the operationIds`, () => {
      const tools = renderTools(fn);
      assert.ok(tools.length > 0);
      const ajv = new Ajv2020({ strict: false });
      for (const tool of tools) {
        assert.ok(OPERATIONS.some((op) => op.operationId === tool.name && op.functionName === fn));
        assert.ok(tool.description.length > 0);
        assert.equal(ajv.validateSchema(tool.inputSchema as object), true, JSON.stringify(ajv.errors));
        assert.equal(ajv.validateSchema(tool.outputSchema as object), true, JSON.stringify(ajv.errors));
        ajv.compile(tool.inputSchema as object);
        assert.equal((tool.inputSchema as { type: string }).type, "object");
      }
    });
  }

  it("every operation is exposed exactly once (operationIds unique, tools cover all)", () => {
    const ids = OPERATIONS.map((op) => op.operationId);
    assert.equal(new Set(ids).size, ids.length);
    const toolNames = TOOL_FUNCTIONS.flatMap((fn) => renderTools(fn).map((t) => t.name)).sort();
    assert.deepEqual(toolNames, [...ids].sort());
  });
});
