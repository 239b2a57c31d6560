// The local CLI: `sdga invoke` as a separate process (stdout carries only the response JSON; state persists
// between runs) and `sdga serve` in-process over HTTP as the OpenAPI documents describe it.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { USER_PROFILE } from "./harness";
import { classicEvent } from "../../functions/local/events";

const ROOT = join(__dirname, "..", "..");

function sdga(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [join(ROOT, "bin", "sdga.cjs"), ...args], {
    cwd: ROOT, input, encoding: "utf8", env: { ...process.env, SDGA_FROM_SOURCE: "1" }, timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("sdga invoke and serve (local stand-ins)", function () {
  let state: string;
  before(function () {
    state = mkdtempSync(join(tmpdir(), "sdga-cli-"));
  });
  after(() => state && rmSync(state, { recursive: true, force: true }));

  it("invoke: gateway tool arguments from stdin; a later invoke measures that generation (state persists)", () => {
    const args = JSON.stringify({ data_type: "user_profile", volume: 30, schema: USER_PROFILE, output_format: "jsonl", seed: 1 });
    const first = sdga(["invoke", "generate", "--event", "-", "--tool", "generateSyntheticData", "--state-dir", state], args);
    assert.equal(first.code, 0, first.stderr);
    const generated = JSON.parse(first.stdout);
    assert.equal(generated.status, "completed", first.stdout);
    const eventFile = join(state, "metrics-event.json");
    writeFileSync(eventFile, JSON.stringify(classicEvent("calculateQualityMetrics", { generation_id: generated.generation_id })));
    const second = sdga(["invoke", "metrics", "--event", eventFile, "--state-dir", state]);
    assert.equal(second.code, 0, second.stderr);
    const response = JSON.parse(second.stdout);
    assert.equal(response.response.httpStatusCode, 200);
    assert.equal(JSON.parse(response.response.responseBody["application/json"].body).generation_id, generated.generation_id);
  });

  it("invoke: a refused request still exits 0 with the 4xx response; usage errors exit 2", () => {
    const bad = sdga(["invoke", "generate", "--event", "-", "--state-dir", state], JSON.stringify(classicEvent("generateSyntheticData", { volume: 0 })));
    assert.equal(bad.code, 0);
    assert.equal(JSON.parse(bad.stdout).response.httpStatusCode, 400);
    const unknown = sdga(["invoke", "nothing", "--event", "-"], "{}");
    assert.equal(unknown.code, 2);
    assert.equal(unknown.stdout, "");
    assert.match(unknown.stderr, /unknown function "nothing"/);
    assert.equal(sdga(["invoke", "generate"]).code, 2);
    assert.equal(sdga(["invoke", "generate", "--event", "-"], "not json").code, 2);
  });

  describe("serve", () => {
    let server: Server;
    let base: string;
    let stop: () => Promise<void>;
    before(async () => {
      // Loaded here, not at the top: the runtime points the handler modules at this spec's stand-ins.
      /* eslint-disable @typescript-eslint/no-require-imports */
      const { startLocalRuntime } = require("../../functions/local/runtime") as typeof import("../../functions/local/runtime");
      const { startHttpServer } = require("../../cli/commands/serve") as typeof import("../../cli/commands/serve");
      const runtime = await startLocalRuntime({ stateDir: join(state, "serve") });
      server = await startHttpServer(runtime, 0);
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      stop = async () => {
        await new Promise((done) => server.close(done));
        await runtime.stop();
      };
    });
    after(async () => stop?.());

    const post = (path: string, body: unknown) => fetch(`${base}${path}`, {
      method: "POST", headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body),
    });

    it("POST /generate-synthetic-data, GET /generations/{id}, POST /validate-schema, POST /calculate-quality-metrics", async () => {
      const generated = await post("/generate-synthetic-data", { data_type: "custom", volume: 25, schema: USER_PROFILE, output_format: "json" });
      assert.equal(generated.status, 200);
      const body = await generated.json() as { generation_id: string; status: string };
      assert.equal(body.status, "completed");
      const got = await fetch(`${base}/generations/${body.generation_id}`);
      assert.equal(got.status, 200);
      assert.equal((await got.json() as { status: string }).status, "completed");
      const validated = await post("/validate-schema", { schema: USER_PROFILE });
      assert.equal((await validated.json() as { valid: boolean }).valid, true);
      const measured = await post("/calculate-quality-metrics", { generation_id: body.generation_id });
      assert.equal(measured.status, 200);
    });

    it("answers 404, 405 and 400 like the handlers", async () => {
      assert.equal((await fetch(`${base}/nowhere`)).status, 404);
      assert.equal((await fetch(`${base}/generate-synthetic-data`)).status, 405);
      const notJson = await post("/validate-schema", "{nope");
      assert.equal(notJson.status, 400);
      const bad = await post("/generate-synthetic-data", { volume: "lots" });
      assert.equal(bad.status, 400);
      assert.match((await bad.json() as { message: string }).message, /volume must be integer/);
      assert.equal((await fetch(`${base}/generations/11111111-2222-4333-8444-555555555555`)).status, 404);
    });
  });
});
