// Fuzzing `sdga serve` over real HTTP: any method, path, content type and body (bad JSON, binary, huge,
// hostile JSON values) gets a JSON answer with a 4xx naming the problem, never a 5xx or a dropped
// connection, and a refused request stores nothing. The server runs over the spec harness's handlers.
import { strict as assert } from "node:assert";
import { request as httpRequest, type Server } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { startHarness, USER_PROFILE, type Harness } from "./harness";
import { startHttpServer } from "../../cli/commands/serve";
import type { LocalRuntime } from "../../functions/local/runtime";
import { hostileJson, hostileString, objectFromEntries } from "./fuzzArbitraries";

const MAX_ANSWER_BYTES = 25 * 1024;
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)), ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) });

interface Reply { status: number; contentType: string | undefined; text: string }

describe("sdga serve under malformed HTTP (property-based)", function () {
  let h: Harness;
  let server: Server;
  let port: number;
  before(async () => {
    h = await startHarness();
    const runtime = { handlers: { generate: h.generate, validate: h.validate, metrics: h.metrics } } as unknown as LocalRuntime;
    server = await startHttpServer(runtime, 0);
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    if (server) await new Promise((done) => { server.closeAllConnections(); server.close(done); });
    await h?.stop();
  });

  function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Reply> {
    return new Promise((done, fail) => {
      // A fresh connection per request: one malformed request must not be answered on the next one's socket.
      const req = httpRequest({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => done({ status: res.statusCode!, contentType: res.headers["content-type"], text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", fail);
      });
      req.on("error", fail);
      if (body) req.write(body);
      req.end();
    });
  }

  /** One raw request over a socket (request lines the HTTP client would refuse to send). */
  function sendRaw(text: string): Promise<string> {
    return new Promise((done, fail) => {
      const socket = connect(port, "127.0.0.1", () => socket.end(text));
      const chunks: Buffer[] = [];
      socket.on("data", (c) => chunks.push(c));
      socket.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
      socket.on("error", fail);
    });
  }

  function checkReply(reply: Reply, method: string): void {
    assert.ok(reply.status < 500, `${reply.status}: ${reply.text.slice(0, 400)}`);
    assert.ok(Buffer.byteLength(reply.text) < MAX_ANSWER_BYTES, `answer of ${Buffer.byteLength(reply.text)} bytes`);
    if (method === "HEAD") return;
    assert.match(reply.contentType ?? "", /^application\/json/);
    const body = JSON.parse(reply.text) as Record<string, unknown>;
    assert.ok(typeof body === "object" && body !== null && !Array.isArray(body), reply.text.slice(0, 300));
    if (reply.status >= 400) {
      assert.equal(typeof body.error, "string", reply.text.slice(0, 300));
      assert.ok(typeof body.message === "string" && body.message.length > 0, reply.text.slice(0, 300));
    }
  }

  const accepted = new Set<string>();
  function noteAccepted(reply: Reply): void {
    if (reply.status >= 400) return;
    const body = JSON.parse(reply.text) as Record<string, unknown>;
    if (typeof body.generation_id === "string") accepted.add(body.generation_id);
    if (typeof body.report_location === "string") accepted.add(body.report_location.split("/").slice(-2)[0]!);
  }

  const PATHS = [
    "/generate-synthetic-data", "/validate-schema", "/calculate-quality-metrics", "/generations/11111111-2222-4333-8444-555555555555",
    "/generations/", "/generations/%ZZ", "/generations/..%2F..%2Fetc%2Fpasswd", "/generations/a/b", "/", "/nowhere", "//validate-schema",
    "/validate-schema?x=1&x=2", "/validate-schema/", "/VALIDATE-SCHEMA", "/validate-schema#frag", "/%00", "/generations/%E2%80%AE",
  ];
  const CONTENT_TYPES = [
    "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
    "application/xml", "application/problem+json", "APPLICATION/JSON", "", "application/json; charset=utf-16", "*/*",
  ];
  const bodyArb = fc.oneof(
    hostileJson.map((v) => Buffer.from(JSON.stringify(v) ?? "")),
    fc.record({ schema: fc.constant(USER_PROFILE), volume: hostileJson }).map((v) => Buffer.from(JSON.stringify(v))),
    fc.array(fc.tuple(fc.constantFrom("schema", "volume", "__proto__", "constructor", "data_type"), hostileJson), { maxLength: 4 })
      .map((entries) => Buffer.from(JSON.stringify(objectFromEntries(entries)))),
    hostileString.map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    fc.constantFrom("{", "{\"schema\":", "\uFEFF{\"schema\":{}}", "[]", "null", "{\"a\":1}garbage", "{\"schema\": NaN}").map((s) => Buffer.from(s)),
  );

  it("any method, path, content type and body is answered in JSON, never 5xx (200 runs)", async () => {
    const requestArb = fc.record({
      method: fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
      path: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PATHS) }, fc.webPath().map((p) => p || "/")),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      body: fc.option(bodyArb, { nil: undefined }),
    });
    await fc.assert(fc.asyncProperty(requestArb, async ({ method, path, contentType, body }) => {
      const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
      const reply = await send(method, path, headers, method === "GET" || method === "HEAD" ? undefined : body);
      checkReply(reply, method);
      noteAccepted(reply);
    }), runs(200));
  });

  it("a body over the limit is answered 413 (the connection is not just cut)", async () => {
    const huge = Buffer.alloc(3 * 1024 * 1024, 0x20);
    const reply = await send("POST", "/validate-schema", { "content-type": "application/json" }, huge);
    checkReply(reply, "POST");
    assert.equal(reply.status, 413);
    assert.match(JSON.parse(reply.text).message, /larger than 1048576 bytes/);
  });

  it("a body that is not JSON, or is sent as another content type, is a 4xx naming the problem", async () => {
    const notJson = await send("POST", "/validate-schema", { "content-type": "application/json" }, Buffer.from("{\"schema\":"));
    assert.equal(notJson.status, 400);
    assert.match(JSON.parse(notJson.text).message, /not valid JSON/);
    const form = await send("POST", "/validate-schema", { "content-type": "application/x-www-form-urlencoded" }, Buffer.from("schema=x"));
    assert.equal(form.status, 415);
    assert.match(JSON.parse(form.text).message, /content type application\/x-www-form-urlencoded .*application\/json/);
    const noType = await send("POST", "/validate-schema", {}, Buffer.from(JSON.stringify({ schema: USER_PROFILE })));
    assert.equal(noType.status, 200, noType.text);
  });

  it("request targets the URL parser refuses get a 400, and broken HTTP a 400 from the server", async () => {
    for (const target of ["http://[", "http://a b/", "//[::1"]) {
      const raw = await sendRaw(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.match(raw, /^HTTP\/1\.1 4\d\d /, raw.slice(0, 200));
    }
    const garbage = await sendRaw("NOT HTTP AT ALL\r\n\r\n");
    assert.match(garbage, /^HTTP\/1\.1 400 /);
    assert.match(garbage, /content-type: application\/json/i);
    assert.match(garbage.split("\r\n\r\n")[1]!, /"message":"malformed HTTP request/);
  });

  it("refused HTTP requests left nothing in S3 or the table", async () => {
    const orphanKeys = (await h.listKeys()).filter((k) => !k.split("/").some((segment) => accepted.has(segment)));
    const orphanJobs = (await h.scanJobs()).filter((j) => !accepted.has(j.generation_id)).map((j) => j.generation_id);
    assert.deepEqual({ orphanKeys, orphanJobs }, { orphanKeys: [], orphanJobs: [] });
  });
});
