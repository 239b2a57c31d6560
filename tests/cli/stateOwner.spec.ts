// One owner of a local state folder: `sdga serve` and the other commands on the same folder, as real
// processes. A second command says who holds the folder and what to do (no stack trace); stopping the server,
// by a signal or by the npx that started it ending, frees the folder; a lock a killed process left is taken over.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { classicEvent } from "../../functions/local/events";
import { ownerOf, sdga, serve, until, type Served } from "./processes";

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe("sdga: one owner of the local state folder", function () {
  this.timeout(120_000);
  let dir: string;
  let event: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "sdga-owner-"));
    event = join(dir, "validate.json");
    writeFileSync(event, JSON.stringify(classicEvent("validateSchema", { schema: { fields: [{ name: "age", type: "integer" }] } })));
  });
  // Whatever a failed case left running is stopped (by its pid) before the folder goes.
  const servers: Served[] = [];
  after(() => {
    for (const s of servers) if (alive(s.pid)) process.kill(s.pid, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("while sdga serve holds it, invoke and demo name the server (pid, command, URL) and what to do; SIGTERM frees it", async () => {
    const state = join(dir, "served");
    const server = await serve(state);
    servers.push(server);
    const answer = await fetch(`${server.url}/validate-schema`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ schema: { fields: [{ name: "a", type: "integer" }] } }) });
    assert.equal(answer.status, 200);
    const [invoked, demo] = await Promise.all([
      sdga(["invoke", "validate", "--event", event, "--state-dir", state]),
      sdga(["demo", "--volume", "10", "--state-dir", state]),
    ]);
    for (const [name, run] of [["invoke", invoked], ["demo", demo]] as const) {
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stdout, "");
      assert.match(run.stderr, new RegExp(`^sdga ${name}: the local state folder .* is in use by pid ${server.pid} \\(sdga serve --port 0`));
      assert.ok(run.stderr.includes(`serving ${server.url}`) && run.stderr.includes(`kill ${server.pid}`) && run.stderr.includes("--state-dir DIR"), run.stderr);
      assert.doesNotMatch(run.stderr, /\n\s+at |Database is closed/);
    }
    server.child.kill("SIGTERM");
    const stopped = await server.exited;
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stderr, /sdga serve: stopped; .* is free/);
    assert.equal(stopped.stdout, "");
    assert.equal(ownerOf(state), undefined);
    const after = await sdga(["invoke", "validate", "--event", event, "--state-dir", state]);
    assert.equal(after.code, 0, after.stderr);
    assert.equal(JSON.parse(after.stdout).response.httpStatusCode, 200);
  });

  it("a lock left by a killed server is taken over, saying so", async () => {
    const state = join(dir, "killed");
    const server = await serve(state);
    server.child.kill("SIGKILL");
    await server.exited;
    assert.equal(ownerOf(state)?.pid, server.pid, "SIGKILL leaves the lock behind");
    const run = await sdga(["invoke", "validate", "--event", event, "--state-dir", state]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`took over .* from pid ${server.pid} \\(sdga serve --port 0 .*\\), which is no longer running`));
    assert.equal(ownerOf(state), undefined);
  });

  it("started through npx: when the shell npm ran it in ends (npm's SIGTERM stops there), the server stops and frees the folder", async () => {
    const state = join(dir, "npx");
    // npx runs `sh -c 'sdga' ...` with npm_command=exec; the `; true` keeps sh from exec'ing node in its place.
    const server = await serve(state, (argv) => ({ file: "sh", args: ["-c", `${argv.map((a) => `'${a}'`).join(" ")}; true`] }), { npm_command: "exec" });
    servers.push(server);
    assert.notEqual(server.pid, server.child.pid, "the server runs under the shell");
    server.child.kill("SIGKILL");
    await until(() => (!alive(server.pid) ? true : undefined), 60_000, "the server to stop");
    assert.equal(ownerOf(state), undefined);
    // Nothing of it is left running on the folder.
    assert.equal(spawnSync("sh", ["-c", `ps -eo args | grep -F -- '${state}' | grep -v grep`], { encoding: "utf8" }).stdout, "");
  });
});
