// `sdga serve` protecting itself, over real sockets: idle-connection floods (bounded counts), a cap on busy
// connections with a clear 503, 408 for slow headers and slow bodies, 413 for every over-size body, 400
// for a body nested thousands deep, other clients served while a large job is generated, and log lines
// that name the request and the generation they are about even when requests run concurrently.
import { strict as assert } from "node:assert";
import { request as httpRequest, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { startHarness, USER_PROFILE, type Harness } from "./harness";
import { startHttpServer, type ConnectionStats, type ServerLimits } from "../../cli/commands/serve";
import type { LocalRuntime } from "../../functions/local/runtime";
import { createGenerateHandler } from "../../functions/generate/app";
import { baseLogger } from "../../functions/shared/powertools";

type TestServer = Server & { connectionStats(): ConnectionStats };
interface Reply { status: number; text: string; body: any }

function post(port: number, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((done, fail) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const req = httpRequest({ host: "127.0.0.1", port, method: "POST", path, agent: false, headers: { "content-type": "application/json", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const out = Buffer.concat(chunks).toString("utf8");
        done({ status: res.statusCode!, text: out, body: out ? JSON.parse(out) : undefined });
      });
    });
    req.on("error", fail);
    req.end(text);
  });
}

function get(port: number, path: string): Promise<Reply> {
  return new Promise((done, fail) => {
    httpRequest({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const out = Buffer.concat(chunks).toString("utf8");
        done({ status: res.statusCode!, text: out, body: JSON.parse(out) });
      });
    }).on("error", fail).end();
  });
}

/** Sends raw bytes and resolves with everything the server sends back until it closes the connection. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("close", () => done(Buffer.concat(chunks).toString("utf8")));
    socket.on("error", fail);
  });
}

const validateBody = { schema: USER_PROFILE };

describe("sdga serve protects itself", function () {
  this.timeout(60_000);
  let h: Harness;
  const servers: TestServer[] = [];
  before(async () => {
    h = await startHarness({ SHARD_ROWS: "20000" });
  });
  after(async () => {
    for (const server of servers) await new Promise((done) => { server.closeAllConnections(); server.close(done); });
    await h?.stop();
  });

  async function serve(limits: Partial<ServerLimits>, handlers: Partial<LocalRuntime["handlers"]> = {}): Promise<{ server: TestServer; port: number }> {
    const runtime = { handlers: { generate: h.generate, validate: h.validate, metrics: h.metrics, ...handlers } } as unknown as LocalRuntime;
    const server = await startHttpServer(runtime, 0, "127.0.0.1", limits);
    servers.push(server);
    return { server, port: (server.address() as AddressInfo).port };
  }

  it("an idle-connection flood (200 connections that send nothing) never locks a new client out; idle connections stay within their cap", async () => {
    const { server, port } = await serve({ maxConnections: 40, maxIdleConnections: 10 });
    const flood: Socket[] = [];
    let closedByServer = 0;
    for (let i = 0; i < 200; i++) {
      const socket = await new Promise<Socket>((done, fail) => {
        const s = connect(port, "127.0.0.1", () => done(s));
        s.on("error", fail);
      });
      socket.on("close", () => { closedByServer++; });
      flood.push(socket);
    }
    const reply = await post(port, "/validate-schema", validateBody);
    assert.equal(reply.status, 200, reply.text);
    const stats = server.connectionStats();
    assert.ok(stats.idle <= 10, JSON.stringify(stats));
    assert.ok(stats.open <= 40, JSON.stringify(stats));
    assert.ok(stats.evicted >= 190, JSON.stringify(stats));
    assert.equal(stats.refused, 0, "idle connections make room: nobody is refused");
    await new Promise((done) => setImmediate(done));
    assert.ok(closedByServer >= 190, `${closedByServer} flood connections closed by the server`);
    flood.forEach((s) => s.destroy());
  });

  it("past the cap of busy connections a new client gets a 503 saying so; the busy ones are answered", async () => {
    let openGate!: () => void;
    const gate = new Promise<void>((done) => { openGate = done; });
    let busy = 0;
    const { server, port } = await serve({ maxConnections: 2, maxIdleConnections: 2 }, {
      validate: async (event, context) => {
        busy++;
        await gate;
        return h.validate(event, context);
      },
    });
    const first = post(port, "/validate-schema", validateBody);
    const second = post(port, "/validate-schema", validateBody);
    while (busy < 2) await new Promise((done) => setTimeout(done, 10));
    const refused = await raw(port, "POST /validate-schema HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}");
    assert.match(refused, /^HTTP\/1\.1 503 Service Unavailable\r\n/);
    assert.match(refused, /retry-after: 1/);
    assert.equal(JSON.parse(refused.split("\r\n\r\n")[1]!).error, "ServiceUnavailableError");
    openGate();
    assert.deepEqual([(await first).status, (await second).status], [200, 200]);
    assert.equal(server.connectionStats().refused, 1);
  });

  it("slow headers get a 408 (not a 400), and so does a body that stops arriving", async () => {
    const { port } = await serve({ headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 50 });
    const slowHeaders = await raw(port, "POST /validate-schema HTTP/1.1\r\nhost: x\r\ncontent-type: app");
    assert.match(slowHeaders, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.equal(JSON.parse(slowHeaders.split("\r\n\r\n")[1]!).error, "RequestTimeoutError");
    const slowBody = await raw(port, "POST /validate-schema HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"sche");
    assert.match(slowBody, /^HTTP\/1\.1 408 Request Timeout\r\n/);
    assert.equal((await post(port, "/validate-schema", validateBody)).status, 200, "the server answers the next client");
  });

  it("every over-size body is a 413, answered before the body ends: declared too long, or streamed past the limit", async () => {
    const { port } = await serve({ maxBodyBytes: 64 * 1024 });
    const declared = await raw(port, "POST /validate-schema HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 104857600\r\n\r\n{\"schema\":");
    assert.match(declared, /^HTTP\/1\.1 413 Payload Too Large\r\n/);
    // 32 MiB sent in chunks without a length: the answer arrives while the client is still sending.
    const streamed = await new Promise<number>((done, fail) => {
      const req = httpRequest({ host: "127.0.0.1", port, method: "POST", path: "/validate-schema", agent: false, headers: { "content-type": "application/json" } }, (res) => {
        done(res.statusCode!);
        res.resume();
        req.destroy();
      });
      req.on("error", (err) => (req.destroyed ? undefined : fail(err)));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 512 && !req.destroyed) {
          sent++;
          if (!req.write(chunk)) return void req.once("drain", pump);
        }
        if (!req.destroyed) req.end();
      };
      pump();
    });
    assert.equal(streamed, 413);
    assert.equal((await post(port, "/validate-schema", validateBody)).status, 200);
  });

  it("a body nested 5,000 levels deep is a 400 naming the limit, and the server goes on", async () => {
    const { port } = await serve({});
    const reply = await post(port, "/validate-schema", `{"schema":${"[".repeat(5_000)}${"]".repeat(5_000)}}`);
    assert.equal(reply.status, 400);
    assert.match(reply.body.message, /nests arrays and objects more than 256 levels deep/);
    assert.equal((await post(port, "/validate-schema", validateBody)).status, 200);
  });

  it("keep-alive outlasts any stall, and other clients are answered while a large Parquet job is generated", async () => {
    const { server, port } = await serve({});
    assert.equal(server.keepAliveTimeout, 65_000);
    const started = await post(port, "/generate-synthetic-data", {
      data_type: "user_profile", volume: 120_000, schema: USER_PROFILE, output_format: "parquet", seed: 3,
    });
    assert.equal(started.body.status, "processing");
    const answered = await post(port, "/validate-schema", validateBody);
    assert.equal(answered.status, 200);
    const during = await get(port, `/generations/${started.body.generation_id}`);
    assert.equal(during.body.status, "processing", "the validate answer came while the job was still running");
    await h.settle();
    assert.equal((await get(port, `/generations/${started.body.generation_id}`)).body.status, "completed");
  });

  it("concurrent requests log under their own request id and generation id", async () => {
    // Generations that fail (the bucket is gone) each log one error line naming their generation.
    const failing = createGenerateHandler({ ...h.generateDeps, config: { ...h.config, dataBucket: "sdga-removed-bucket" } });
    const { port } = await serve({}, { generate: failing });
    // Powertools writes JSON lines to stdout (info) and stderr (warn, error): both are read here.
    const lines: Array<Record<string, unknown>> = [];
    const streams = [process.stdout, process.stderr] as const;
    const writes = streams.map((stream) => stream.write);
    const level = baseLogger.getLevelName();
    baseLogger.setLogLevel("ERROR");
    streams.forEach((stream, i) => {
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = String(chunk);
        if (text.startsWith("{") && text.includes("\"level\"")) {
          for (const line of text.trim().split("\n")) lines.push(JSON.parse(line) as Record<string, unknown>);
          return true;
        }
        return writes[i]!.call(stream, chunk, ...(rest as []));
      }) as typeof stream.write;
    });
    let replies: Reply[];
    try {
      replies = await Promise.all(Array.from({ length: 6 }, (_, i) => post(port, "/generate-synthetic-data", {
        data_type: "user_profile", volume: 30, schema: USER_PROFILE, output_format: "jsonl", seed: 900 + i,
      })));
    } finally {
      streams.forEach((stream, i) => { stream.write = writes[i]!; });
      baseLogger.setLogLevel(level as never);
    }
    const ids = replies.map((r) => r.body.generation_id as string);
    assert.equal(new Set(ids).size, 6);
    for (const r of replies) assert.equal(r.body.status, "failed");
    const failures = lines.filter((l) => l.message === "generation failed");
    assert.equal(failures.length, 6, JSON.stringify(lines.map((l) => l.message)));
    assert.deepEqual(failures.map((l) => l.generation_id).sort(), [...ids].sort(), "each failure names its own generation");
    assert.equal(new Set(failures.map((l) => l.aws_request_id)).size, 6, "and its own request");
  });
});
