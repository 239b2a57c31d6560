// A real process death: `sdga serve` is killed (SIGKILL) in the middle of a background job, then started
// again on the same state folder. The new process removes what the dead one left half-done on disk, takes
// the job over from its last finished data file, and completes it; nothing is left behind and it answers.
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { USER_PROFILE } from "./harness";
import { LOCAL_BUCKET } from "../../functions/local/stack";
import { uploadsDir } from "../../functions/local/s3store";

const ROOT = join(__dirname, "..", "..");

function call(port: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return new Promise((done, fail) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, agent: false, headers: { "content-type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => done({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
    });
    req.on("error", fail);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** Starts `sdga serve` on the folder; resolves with the process and its port once it listens. */
function serve(state: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "sdga.cjs"), "serve", "--port", "0", "--state-dir", state], {
      cwd: ROOT,
      env: { ...process.env, SDGA_FROM_SOURCE: "1", SHARD_ROWS: "30000", POWERTOOLS_LOG_LEVEL: "SILENT" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr!.on("data", (c: Buffer) => {
      err += c.toString("utf8");
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
      if (m) done({ child, port: Number(m[1]) });
    });
    child.once("exit", (code) => fail(new Error(`sdga serve exited (${code}) before listening: ${err.slice(0, 2000)}`)));
  });
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.removeAllListeners("exit");
    child.once("exit", () => done());
    child.kill(signal);
  });
}

function tempFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.includes(".sdga-tmp-")) found.push(join(d, e.name));
    }
  };
  if (existsSync(dir)) walk(dir);
  return found;
}

describe("sdga serve killed mid-job and started again on the same folder", function () {
  this.timeout(180_000);
  let state: string;
  let children: ChildProcess[] = [];
  before(() => {
    state = mkdtempSync(join(tmpdir(), "sdga-restart-"));
  });
  after(async () => {
    for (const child of children) await stop(child, "SIGKILL");
    rmSync(state, { recursive: true, force: true });
  });

  it("resumes the job after its last finished data file, completes it, and leaves no part or temporary file", async () => {
    const first = await serve(state);
    children.push(first.child);
    // 120,000 rows in four data files of about 7 MB (each uploaded in two parts).
    const started = await call(first.port, "POST", "/generate-synthetic-data", {
      data_type: "user_profile", volume: 120_000, schema: USER_PROFILE, output_format: "jsonl", seed: 77,
    });
    assert.equal(started.body.status, "processing");
    const id = started.body.generation_id as string;
    let seen: any;
    do {
      seen = (await call(first.port, "GET", `/generations/${id}`)).body;
    } while (seen.status === "processing" && seen.records_generated < 35_000);
    await stop(first.child, "SIGKILL");
    const killedMidJob = seen.status === "processing";
    const uploads = uploadsDir(join(state, "s3"), LOCAL_BUCKET);
    const openUploads = () => (existsSync(uploads) ? readdirSync(uploads) : []);
    const leftByTheDead = openUploads().length;

    const second = await serve(state);
    children.push(second.child);
    assert.deepEqual(openUploads(), [], `the ${leftByTheDead} upload(s) the dead process left open were removed at start-up`);
    let done: any;
    do {
      done = (await call(second.port, "GET", `/generations/${id}`)).body;
    } while (done.status === "processing");
    assert.equal(done.status, "completed", JSON.stringify(done.errors));
    assert.equal(done.records_generated, 120_000);
    assert.equal(done.files.length, 4);
    if (killedMidJob) {
      assert.ok(done.warnings.some((w: string) => /attempt 2 of 3 resumed it/.test(w)), JSON.stringify(done.warnings));
    }
    assert.deepEqual(tempFiles(join(state, "s3")), []);
    assert.equal((await call(second.port, "POST", "/validate-schema", { schema: USER_PROFILE })).status, 200);
    await stop(second.child, "SIGTERM");
    children = [];
  });
});
