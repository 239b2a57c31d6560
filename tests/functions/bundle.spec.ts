// The deployable artefact, not just the sources: the esbuild bundle of the generate handler (as the stack
// deploys it: index.js, and recheck beside it) answers a classic event against the local stand-ins, and
// loads recheck only for a pattern that needs it.
import { strict as assert } from "node:assert";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { USER_PROFILE } from "./harness";
import { startLocalStack, type LocalStack } from "../../functions/local/stack";
import { bundleFunctionBinaries, bundleFunctionFiles, CHART_LIBRARY_FILES, PG_PARSER_WASM_FILE, RECHECK_FILE } from "../../components/bundle";
import { classicBody, classicEvent } from "../../functions/local/events";

describe("bundled generate handler", function () {
  let dir: string;
  let stack: LocalStack;
  const saved = { ...process.env };
  before(async function () {
    // Inside the repository so the bundle resolves the AWS SDK from node_modules, as Lambda's runtime provides it.
    mkdirSync(join(__dirname, "..", "..", "dist"), { recursive: true });
    dir = mkdtempSync(join(__dirname, "..", "..", "dist", "bundle-spec-"));
    stack = await startLocalStack({ stateDir: join(dir, "state"), environment: "bundle" });
  });
  after(async () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs the bundle end to end and refuses to start without its configuration", async () => {
    const files = bundleFunctionFiles("generate");
    // The handler can draw the HTML quality report: its chart library ships beside index.js too, outside it.
    assert.deepEqual(Object.keys(files).sort(), ["index.js", RECHECK_FILE, ...Object.values(CHART_LIBRARY_FILES)].sort());
    assert.match(files["index.js"], /require\("vega"\)/);
    assert.doesNotMatch(files["index.js"], /vega-scenegraph|function toSVG/);
    // recheck's code is in its own file only (RECHECK_JAR is one of its settings), required by name on first use.
    assert.doesNotMatch(files["index.js"], /RECHECK_JAR/);
    assert.match(files[RECHECK_FILE], /RECHECK_JAR/);
    assert.match(files["index.js"], /require\("recheck"\)/);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const file = join(dir, "index.js");
    const recheckFile = join(dir, RECHECK_FILE);
    for (const k of ["DATA_BUCKET", "GENERATIONS_TABLE", "ENVIRONMENT"]) delete process.env[k];
    assert.throws(() => require(file), /missing environment variable\(s\): DATA_BUCKET, GENERATIONS_TABLE, ENVIRONMENT/);
    delete require.cache[require.resolve(file)];
    Object.assign(process.env, stack.env, { POWERTOOLS_LOG_LEVEL: "SILENT" });
    const { handler } = require(file) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
    const { status, body } = classicBody(await handler(classicEvent("generateSyntheticData", {
      data_type: "user_profile", volume: 40, schema: USER_PROFILE, output_format: "parquet", seed: 2,
    }), { awsRequestId: "bundle-test" }));
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.status, "completed");
    assert.match(body.output_location, /generated-data\/bundle\/.*\/data\.parquet$/);
    assert.ok(!(recheckFile in require.cache), "recheck was loaded for a schema without lookaround");

    // Lookarounds at a fixed position run on RE2: still no recheck.
    const ssn = "^(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}$";
    const linear = classicBody(await handler(classicEvent("generateSyntheticData", {
      data_type: "custom", volume: 20, output_format: "jsonl", seed: 3,
      schema: { type: "object", properties: { ssn: { type: "string", pattern: ssn } }, required: ["ssn"] },
    }), { awsRequestId: "bundle-test-ssn" }));
    assert.equal(linear.status, 200, JSON.stringify(linear.body));
    assert.ok(!(recheckFile in require.cache), "recheck was loaded for a decomposable lookaround");

    // A back-reference and lookarounds inside a group need the analysis: the file beside the bundle is loaded.
    const quoted = "^(['\"]).*\\1$";
    const host = "^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$";
    const analysed = classicBody(await handler(classicEvent("generateSyntheticData", {
      data_type: "custom", volume: 30, output_format: "jsonl", seed: 4,
      schema: { type: "object", properties: { label: { type: "string", pattern: quoted }, host: { type: "string", pattern: host } }, required: ["label", "host"] },
    }), { awsRequestId: "bundle-test-recheck" }));
    assert.equal(analysed.status, 200, JSON.stringify(analysed.body));
    assert.equal(analysed.body.status, "completed");
    assert.ok(recheckFile in require.cache, "recheck did not come from the file shipped beside the bundle");
    const rows = (await (await fetch(analysed.body.download_url)).text()).trim().split("\n").map((line) => JSON.parse(line) as { label: string; host: string });
    assert.equal(rows.length, 30);
    for (const row of rows) {
      assert.match(row.label, new RegExp(quoted, "u"));
      assert.match(row.host, new RegExp(host, "u"));
    }
  });

  it("reads a data set's DDL with PostgreSQL's parser, its WebAssembly shipped beside the bundle", async () => {
    const binaries = bundleFunctionBinaries("generate");
    assert.deepEqual(Object.keys(binaries), [PG_PARSER_WASM_FILE]);
    for (const [name, text] of Object.entries(bundleFunctionFiles("generate"))) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    for (const [name, source] of Object.entries(binaries)) copyFileSync(source, join(dir, name));
    Object.assign(process.env, stack.env, { POWERTOOLS_LOG_LEVEL: "SILENT" });
    const { handler } = require(join(dir, "index.js")) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
    const ddl = "CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(120) NOT NULL UNIQUE);\n"
      + "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), total numeric(10,2) NOT NULL CHECK (total >= 0));";
    const { status, body } = classicBody(await handler(classicEvent("generateSyntheticData", {
      data_type: "custom", volume: 10, output_format: "csv", seed: 5, dataset: ddl,
    }), { awsRequestId: "bundle-test-ddl" }));
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.status, "completed");
    assert.deepEqual(body.files.map((f: string) => f.replace(/^.*\/([a-z]+\/part-\d+\.csv)$/, "$1")), ["customers/part-00000.csv", "orders/part-00000.csv"]);
    assert.equal(body.data_quality_metrics.referential_integrity, 1);
  });
});
