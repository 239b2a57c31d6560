// The deployable artefact, not just the sources: the esbuild bundle of the generate handler (as the stack
// deploys it) answers a classic event against the local stand-ins.
import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { USER_PROFILE } from "./harness";
import { startLocalStack, type LocalStack } from "../../functions/local/stack";
import { bundleFunction } from "../../components/bundle";
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
    const file = join(dir, "index.js");
    writeFileSync(file, bundleFunction("generate"));
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
  });
});
