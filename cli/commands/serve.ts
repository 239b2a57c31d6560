// `sdga serve`: the operations over HTTP on localhost exactly as the OpenAPI documents describe them. Each
// request becomes a classic action-group event answered by the real handler against the local stand-ins.
//
// The server protects itself: a cap on open connections (a new one past it is refused with a 503, unless an
// idle one can be closed to make room) and on idle keep-alive connections (the oldest idle one is closed
// first), a 408 for headers or a body that arrive too slowly, a 413 for every body over the limit (answered
// at once, the rest of the body discarded), a 400 for a body nested too deeply, and keep-alive longer than
// any stall a request can cause (generation yields the event loop every few milliseconds; the longest
// single stall is encoding one Parquet row group).
import type { Command } from "commander";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface ServerLimits {
  /** Largest request body read. */
  maxBodyBytes: number;
  /** Deepest nesting of arrays and objects in a request body. */
  maxBodyDepth: number;
  /** Open connections (busy and idle) at once; past it a new connection gets a 503. */
  maxConnections: number;
  /** Idle keep-alive connections kept; past it the oldest idle one is closed. */
  maxIdleConnections: number;
  /** Time for a request's headers to arrive (408 after). */
  headersTimeoutMs: number;
  /** Time for a whole request (headers and body) to arrive (408 after). */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept. */
  keepAliveTimeoutMs: number;
  /** How often slow requests are looked for (Node checks headersTimeout and requestTimeout on this timer). */
  checkIntervalMs: number;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  maxBodyBytes: 1024 * 1024,
  maxBodyDepth: 256,
  maxConnections: 256,
  maxIdleConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 65_000,
  checkIntervalMs: 1_000,
};

/** After a 413, the rest of the body is read and dropped for this long at most, so the client reads the answer. */
const LINGER_MS = 2_000;

class BodyTooLargeError extends Error {}

/** The body as text; BodyTooLargeError as soon as it passes `maxBytes` (the caller answers at once). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= maxBytes) chunks.push(c);
      else {
        req.off("data", onData);
        fail(new BodyTooLargeError());
      }
    };
    req.on("data", onData);
    req.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
    req.on("error", fail);
    // The connection went away first (a 408 for a slow body, the client gave up): nothing to answer.
    req.on("close", () => { if (!req.readableEnded) fail(new Error("the request was not completed")); });
  });
}

/** Answers, after reading whatever is left of the request, so the client always receives the answer. */
function send(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  const reply = () => {
    if (res.headersSent) return;
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  };
  if (req.readableEnded || req.destroyed) reply();
  else {
    req.once("end", reply);
    req.once("close", reply);
    req.resume();
  }
}

/**
 * Answers at once and closes the connection, discarding what is left of the body for a moment so the client
 * reads the answer rather than a reset (a 413 must not wait for a body of any size).
 */
function sendAndClose(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  if (!res.headersSent) {
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), connection: "close" });
    res.end(text);
  }
  if (!req.readableEnded) {
    req.resume();
    const cut = setTimeout(() => req.socket.destroy(), LINGER_MS);
    cut.unref();
    req.once("end", () => clearTimeout(cut));
  }
}

function errorBody(error: string, message: string) {
  return { error, message, timestamp: new Date().toISOString() };
}

/**
 * How deeply the JSON text nests arrays and objects, read without parsing (strings skipped), stopping once
 * past `max`: a body nested thousands deep is refused before any recursive code sees it.
 */
export function jsonDepthOver(text: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return undefined;
}

/** JSON bodies only: no content type (curl without -H), application/json or a +json type, in UTF-8. */
export function contentTypeProblem(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const [type = "", ...params] = header.split(";").map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith("charset="))?.slice("charset=".length).replace(/"/g, "");
  if ((type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type)) && (!charset || charset === "utf-8" || charset === "utf8")) return undefined;
  return `content type ${header.slice(0, 80)} is not supported; send the body as application/json (UTF-8)`;
}

/** Connections the server holds now: for the specs and the log. */
export interface ConnectionStats { open: number; idle: number; refused: number; evicted: number }

/** Starts the HTTP server on the given runtime; resolves with the server once it listens. */
export async function startHttpServer(runtime: import("../../functions/local/runtime").LocalRuntime, port: number, host = "127.0.0.1",
  limitsIn: Partial<ServerLimits> = {}): Promise<Server & { connectionStats(): ConnectionStats }> {
  const limits: ServerLimits = { ...DEFAULT_SERVER_LIMITS, ...limitsIn };
  const { OPERATIONS } = (require("../../functions/contract/operations") as typeof import("../../functions/contract/operations"));
  const { asClassicValue } = (require("../../functions/local/events") as typeof import("../../functions/local/events"));
  const { routeClassic } = (require("../../functions/shared/adapters") as typeof import("../../functions/shared/adapters"));
  const { toErrorResponse } = (require("../../functions/shared/errors") as typeof import("../../functions/shared/errors"));

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://localhost");
    } catch {
      send(req, res, 400, errorBody("RequestValidationError", "the request target is not a valid URL path"));
      return;
    }
    const method = (req.method ?? "GET").toUpperCase();
    const candidates = OPERATIONS.filter((op) => op.http);
    // Find the function serving this path (any method), then let the classic router answer 404/405.
    const owner = candidates.find((op) => {
      try {
        routeClassic(op.functionName, url.pathname, op.http!.method);
        return true;
      } catch {
        return false;
      }
    });
    if (!owner) {
      send(req, res, 404, errorBody("NotFoundError", `no operation at ${url.pathname.slice(0, 200)}`));
      return;
    }
    let matched;
    try {
      matched = routeClassic(owner.functionName, url.pathname, method);
    } catch (err) {
      const { status, body } = toErrorResponse(err);
      send(req, res, status, body);
      return;
    }
    const { op, pathParams } = matched;
    let properties: Array<{ name: string; type: string; value: string }> = [];
    if (op.http!.method !== "GET") {
      const typeProblem = contentTypeProblem(req.headers["content-type"]);
      if (typeProblem) {
        send(req, res, 415, errorBody("UnsupportedMediaTypeError", typeProblem));
        return;
      }
      const tooLarge = () => sendAndClose(req, res, 413, errorBody("PayloadTooLargeError", `the request body is larger than ${limits.maxBodyBytes} bytes`));
      const declared = Number(req.headers["content-length"]);
      if (Number.isFinite(declared) && declared > limits.maxBodyBytes) {
        tooLarge();
        return;
      }
      let text: string;
      try {
        text = await readBody(req, limits.maxBodyBytes);
      } catch (err) {
        if (err instanceof BodyTooLargeError) tooLarge();
        else send(req, res, 400, errorBody("RequestValidationError", "the request body could not be read"));
        return;
      }
      const depth = jsonDepthOver(text, limits.maxBodyDepth);
      if (depth !== undefined) {
        send(req, res, 400, errorBody("RequestValidationError", `the request body nests arrays and objects more than ${limits.maxBodyDepth} levels deep`));
        return;
      }
      let parsed: unknown;
      try {
        parsed = text.trim() === "" ? {} : JSON.parse(text);
      } catch (err) {
        send(req, res, 400, errorBody("RequestValidationError", `the request body is not valid JSON: ${(err as Error).message.slice(0, 120)}`));
        return;
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        send(req, res, 400, errorBody("RequestValidationError", "the request body must be a JSON object"));
        return;
      }
      properties = Object.entries(parsed).map(([name, value]) => ({ name, type: typeof value, value: asClassicValue(value) }));
    }
    const event = {
      messageVersion: "1.0",
      agent: { name: "sdga-serve", id: "LOCAL", alias: "LOCAL", version: "DRAFT" },
      inputText: `${method} ${url.pathname}`,
      sessionId: `http-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      actionGroup: op.http!.group,
      apiPath: op.http!.path,
      httpMethod: op.http!.method,
      parameters: Object.entries(pathParams).map(([name, value]) => ({ name, type: "string", value })),
      ...(op.http!.method !== "GET" ? { requestBody: { content: { "application/json": { properties } } } } : {}),
      sessionAttributes: {},
      promptSessionAttributes: {},
    };
    // A request id of its own, so the handler's log lines name this request (and its generation) only.
    const out = (await runtime.handlers[op.functionName as "generate" | "validate" | "metrics"](event, { awsRequestId: randomUUID() })) as {
      response: { httpStatusCode: number; responseBody: { "application/json": { body: string } } };
    };
    send(req, res, out.response.httpStatusCode, JSON.parse(out.response.responseBody["application/json"].body));
  }

  const server = createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
  }, (req, res) => {
    answer(req, res).catch((err) => {
      process.stderr.write(`sdga serve: request failed: ${String((err as Error)?.stack ?? err)}\n`);
      send(req, res, 500, errorBody("InternalError", "the request failed on our side; see the server log"));
    });
  });

  // Connection caps. Sockets are idle between requests (and before their first one); `idle` keeps them in
  // the order they became idle, so the longest idle goes first.
  const open = new Set<Socket>();
  const idle = new Set<Socket>();
  const stats = { refused: 0, evicted: 0 };
  const evictOldestIdle = (): boolean => {
    const oldest = idle.values().next().value as Socket | undefined;
    if (!oldest) return false;
    idle.delete(oldest);
    open.delete(oldest);
    stats.evicted++;
    oldest.destroy();
    return true;
  };
  const becameIdle = (socket: Socket) => {
    if (!open.has(socket)) return;
    idle.delete(socket);
    idle.add(socket);
    while (idle.size > limits.maxIdleConnections) evictOldestIdle();
  };
  server.on("connection", (socket: Socket) => {
    if (open.size >= limits.maxConnections && !evictOldestIdle()) {
      stats.refused++;
      const text = JSON.stringify(errorBody("ServiceUnavailableError", `the server has ${open.size} connections open, its limit; retry shortly`));
      socket.end(`HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 1\r\n`
        + `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
      return;
    }
    open.add(socket);
    becameIdle(socket);
    socket.once("close", () => {
      open.delete(socket);
      idle.delete(socket);
    });
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    idle.delete(socket);
    res.once("finish", () => becameIdle(socket));
  });

  // Requests Node's HTTP parser refuses (broken request lines, a body where the method has none, headers too
  // large) and requests that arrive too slowly are answered in JSON too, then the connection is closed.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || err.code === "ECONNRESET") return socket.destroy();
    const timeout = err.code === "ERR_HTTP_REQUEST_TIMEOUT";
    const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
    const [status, reason, message] = timeout
      ? [408, "Request Timeout", `the request did not arrive in time (headers within ${limits.headersTimeoutMs} ms, the whole request within ${limits.requestTimeoutMs} ms)`]
      : tooLarge ? [431, "Request Header Fields Too Large", "the request headers are too large"]
        : [400, "Bad Request", `malformed HTTP request (${err.code ?? "parse error"})`];
    const text = JSON.stringify(errorBody(timeout ? "RequestTimeoutError" : "RequestValidationError", message));
    socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\n`
      + `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
  });
  await new Promise<void>((done) => server.listen(port, host, () => done()));
  return Object.assign(server, {
    connectionStats: (): ConnectionStats => ({ open: open.size, idle: idle.size, refused: stats.refused, evicted: stats.evicted }),
  });
}

/* eslint-disable @typescript-eslint/no-require-imports */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Serve the agent operations over HTTP on localhost (as the OpenAPI documents describe them) against local S3 and DynamoDB")
    .option("--port <n>", "port to listen on (0 = any free port)", "8787")
    .option("--state-dir <dir>", "folder of the local S3/DynamoDB state (default .sdga or SDGA_STATE_DIR)")
    .option("--max-connections <n>", "open connections at once; past it a new one gets a 503", String(DEFAULT_SERVER_LIMITS.maxConnections))
    .option("--max-idle-connections <n>", "idle keep-alive connections kept; past it the oldest is closed", String(DEFAULT_SERVER_LIMITS.maxIdleConnections))
    .option("--max-body-kb <n>", "largest request body, KiB (a larger one gets a 413)", String(DEFAULT_SERVER_LIMITS.maxBodyBytes / 1024))
    .action(async (options: { port: string; stateDir?: string; maxConnections: string; maxIdleConnections: string; maxBodyKb: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write(`sdga serve: --port must be 0..65535\n`);
        process.exitCode = 2;
        return;
      }
      const counts = { maxConnections: Number(options.maxConnections), maxIdleConnections: Number(options.maxIdleConnections), maxBodyKb: Number(options.maxBodyKb) };
      const bad = Object.entries(counts).find(([, n]) => !Number.isSafeInteger(n) || n < 1);
      if (bad) {
        process.stderr.write(`sdga serve: --${bad[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a whole number of at least 1\n`);
        process.exitCode = 2;
        return;
      }
      const { startLocalRuntime } = (require("../../functions/local/runtime") as typeof import("../../functions/local/runtime"));
      const runtime = await startLocalRuntime(options.stateDir ? { stateDir: options.stateDir } : {});
      let server: Awaited<ReturnType<typeof startHttpServer>>;
      try {
        server = await startHttpServer(runtime, port, "127.0.0.1", {
          maxConnections: counts.maxConnections, maxIdleConnections: counts.maxIdleConnections, maxBodyBytes: counts.maxBodyKb * 1024,
        });
      } catch (err) {
        await runtime.stop();
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== "EADDRINUSE" && code !== "EACCES") throw err;
        process.stderr.write(`sdga serve: cannot listen on port ${port} (${code}); pass another --port, or --port 0 for any free one\n`);
        process.exitCode = 1;
        return;
      }
      if (runtime.recovered.resumed.length || runtime.recovered.failed.length) {
        process.stderr.write(`sdga serve: ${runtime.recovered.resumed.length} job(s) a previous run left unfinished resumed, ${runtime.recovered.failed.length} failed (no attempts left)\n`);
      }
      const address = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${address.port}`;
      // Other commands on this folder are told where to send their requests instead.
      runtime.stack.lock.describe({ url });
      process.stderr.write(
        `sdga serve: listening on ${url} (state in ${runtime.stack.stateDir}, pid ${process.pid}; Ctrl-C or kill ${process.pid} stops it)\n`
        + `  POST /generate-synthetic-data   GET /generations/{generation_id}\n`
        + `  POST /validate-schema           POST /calculate-quality-metrics\n`,
      );
      // Stopping finishes the generations in flight, then frees the state folder; a second signal stops at once
      // (the lock goes with the process's exit; a job cut short is resumed by the next start's sweep).
      let stopping = false;
      const shutdown = (reason: string) => {
        if (stopping) {
          process.stderr.write(`sdga serve: ${reason} again: stopping now\n`);
          process.exit(130);
        }
        stopping = true;
        process.stderr.write(`sdga serve: ${reason}: finishing the work in flight, then stopping (a second signal stops at once)\n`);
        server.close();
        server.closeIdleConnections();
        void runtime.stop().then(() => {
          process.stderr.write(`sdga serve: stopped; ${runtime.stack.stateDir} is free\n`);
          process.exit(0);
        });
      };
      for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, shutdown);
      // Started through npx (npm exec): npm passes a SIGTERM to the shell it runs us in, which ends without
      // passing it on, and the server would be left holding the folder. Its parent going away means the same.
      if (process.env.npm_command === "exec") {
        const parent = process.ppid;
        setInterval(() => { if (process.ppid !== parent && !stopping) shutdown("the npx that started it has ended"); }, 500).unref();
      }
    });
}
