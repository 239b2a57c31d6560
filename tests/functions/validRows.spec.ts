// The generate Lambda and `sdga generate` never report a data set complete with rows the product's validator
// rejects. The schemas that used to come out 100% invalid (a date whose pattern narrows the years, a work
// e-mail at the company's domain, formats under length bounds, PCI-DSS card numbers under a pattern) complete
// with every row valid, judged by the product's validator and by an independent one; keywords that cannot
// be met together are refused before any job or file; an optional property that cannot be generated is
// left out of every row, and the answer (or the CLI's stderr) says so.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validator } from "@cfworker/json-schema";
import { runGenerate } from "../../cli/commands/generate";
import { gatewayContext } from "../../functions/local/events";
import type { ComplianceRegime, JsonSchemaObject, Row } from "../../functions/engine/schema/types";
import { validateDataset } from "../../functions/engine/validate/data";
import { startHarness, type Harness } from "./harness";
import { readRowsFrom } from "./readBack";

const record = (properties: Record<string, JsonSchemaObject>, required = Object.keys(properties)): JsonSchemaObject =>
  ({ type: "object", properties, required, additionalProperties: false });

/** Schemas whose rows used to be invalid (or were refused), with the compliance they run under. */
const CASES: Array<{ name: string; schema: JsonSchemaObject; compliance?: ComplianceRegime[] }> = [
  { name: "a date whose pattern narrows the years", schema: record({ id: { type: "string", format: "uuid" }, signup_date: { type: "string", format: "date", pattern: "^20(1[5-9]|2[0-4])-" } }) },
  { name: "a work e-mail at the company's domain", schema: record({ work_email: { type: "string", format: "email", pattern: "^[a-z]+\\.[a-z]+@acme\\.com$" }, joined: { type: "string", format: "date-time", pattern: "^2024-" } }) },
  { name: "formats under length bounds", schema: record({ email: { type: "string", format: "email", maxLength: 12 }, website: { type: "string", format: "uri", maxLength: 20 }, ip: { type: "string", format: "ipv4", pattern: "^10\\." } }) },
  { name: "PCI-DSS card numbers under a 16-digit pattern", schema: record({ card_number: { type: "string", pattern: "^4[0-9]{15}$" }, amount: { type: "number", multipleOf: 0.01, exclusiveMinimum: 0, maximum: 500 } }), compliance: ["PCI-DSS"] },
];

const UNMET = record({ d: { type: "string", format: "date", pattern: "^x" } });
const OPTIONAL_UNMET = record({ id: { type: "integer", minimum: 1 }, d: { type: "string", format: "date", pattern: "^x" } }, ["id"]);

/** Every row valid for the product's validator (validateDataset) and for @cfworker/json-schema. */
async function assertAllValid(schema: JsonSchemaObject, rows: Row[], expected: number): Promise<void> {
  assert.equal(rows.length, expected);
  const report = await validateDataset(schema, rows);
  assert.equal(report.invalid_rows, 0, JSON.stringify(report.top_errors));
  const independent = new Validator(schema as object, "2020-12", false);
  const bad = rows.find((r) => !independent.validate(r as never).valid);
  assert.equal(bad, undefined, `@cfworker/json-schema rejects ${JSON.stringify(bad)}`);
}

describe("no generated data set is reported complete with invalid rows", function () {
  this.timeout(120_000);

  describe("the generate Lambda (s3rver + dynalite)", () => {
    let h: Harness;
    before(async () => { h = await startHarness(); });
    after(async () => h?.stop());

    const request = (schema: JsonSchemaObject, compliance?: ComplianceRegime[]) => ({
      data_type: "custom", volume: 150, schema, output_format: "jsonl", seed: 11,
      ...(compliance ? { compliance_requirements: compliance } : {}),
    });

    for (const c of CASES) {
      it(`${c.name}: completed, and every row stored is valid`, async () => {
        const out = await h.generate(request(c.schema, c.compliance), gatewayContext("generateSyntheticData"));
        assert.equal(out.status, "completed", JSON.stringify(out).slice(0, 500));
        await assertAllValid(c.schema, await readRowsFrom(h, [out.output_location], "jsonl"), 150);
        assert.equal(out.data_quality_metrics.validation_invalid_rows ?? 0, 0);
      });
    }

    it("keywords that cannot be met together: a 400 naming the field, and no job or object", async () => {
      const jobsBefore = (await h.scanJobs()).length, keysBefore = (await h.listKeys()).length;
      const out = await h.generate(request(UNMET), gatewayContext("generateSyntheticData"));
      assert.match(`${out.error} ${out.message}`, /^RequestValidationError schema is not valid: d: no value found that satisfies format "date", pattern "\^x"/);
      assert.equal((await h.scanJobs()).length, jobsBefore);
      assert.equal((await h.listKeys()).length, keysBefore);
    });

    it("a table format that cannot hold a required property is a 400 before any job (was accepted, then failed)", async () => {
      // Found by fuzzing: "card" is required but declared nowhere, so a Parquet file has no column for it.
      const schema: JsonSchemaObject = { type: "object", properties: { a: false }, required: ["card"] };
      const jobsBefore = (await h.scanJobs()).length;
      const out = await h.generate({ ...request(schema), output_format: "parquet" }, gatewayContext("generateSyntheticData"));
      assert.match(`${out.error} ${out.message}`, /parquet output holds only the properties the schema declares.*"card"/);
      assert.equal((await h.scanJobs()).length, jobsBefore);
      const jsonl = await h.generate({ ...request(schema), volume: 20 }, gatewayContext("generateSyntheticData"));
      assert.equal(jsonl.status, "completed", JSON.stringify(jsonl).slice(0, 300));
    });

    it("an optional property that cannot be generated is left out of every row, with a warning in the answer", async () => {
      const out = await h.generate(request(OPTIONAL_UNMET), gatewayContext("generateSyntheticData"));
      assert.equal(out.status, "completed", JSON.stringify(out).slice(0, 500));
      assert.ok(out.warnings.some((w: string) => /^\/d: optional property "d" is left out of every row/.test(w)), JSON.stringify(out.warnings));
      const rows = await readRowsFrom(h, [out.output_location], "jsonl");
      assert.ok(rows.every((r) => !("d" in r)));
      await assertAllValid(OPTIONAL_UNMET, rows, 150);
    });
  });

  describe("sdga generate", () => {
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(join(tmpdir(), "sdga-valid-")); });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const schemaFile = (schema: JsonSchemaObject) => {
      const file = join(dir, "schema.json");
      writeFileSync(file, JSON.stringify(schema));
      return file;
    };
    const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "../../cli/sdga.ts"), "generate", ...args], { encoding: "utf8" });

    for (const c of CASES) {
      it(`${c.name}: every row written is valid`, async () => {
        await runGenerate({ schema: schemaFile(c.schema), rows: "200", seed: "7", format: "jsonl", out: join(dir, "out"), progress: false, ...(c.compliance ? { compliance: c.compliance.join(",") } : {}) });
        const rows = readFileSync(join(dir, "out/data.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Row);
        await assertAllValid(c.schema, rows, 200);
      });
    }

    it("refuses keywords that cannot be met together with exit code 2, naming them, and writes nothing", () => {
      const run = cli("--schema", schemaFile(UNMET), "--rows", "10", "--out", join(dir, "out"));
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /\/d: no value found that satisfies format "date", pattern "\^x"/);
      assert.ok(!existsSync(join(dir, "out/data.jsonl")));
    });

    it("warns on stderr about an optional property it leaves out, and stdout keeps only the result JSON", () => {
      const run = cli("--schema", schemaFile(OPTIONAL_UNMET), "--rows", "20", "--seed", "1", "--out", join(dir, "out"));
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /sdga generate: warning: \/d: optional property "d" is left out of every row/);
      assert.match(run.stderr, /sdga generate: wrote 20 rows/);
      assert.equal((JSON.parse(run.stdout) as { rows: number }).rows, 20);
      const rows = readFileSync(join(dir, "out/data.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as Row);
      assert.ok(rows.every((r) => !("d" in r)));
    });
  });
});
