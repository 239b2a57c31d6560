// `sdga serve`: the operations over HTTP on localhost exactly as the OpenAPI documents describe them. Each
// request becomes a classic action-group event answered by the real handler against the local stand-ins.
import type { Command } from "commander";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const MAX_BODY_BYTES = 1024 * 1024;
/** A larger body is still read (and dropped) up to here, so the client gets its 413; beyond, the socket is cut. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

class BodyTooLargeError extends Error {}

/** The body as text; BodyTooLargeError once it passes MAX_BODY_BYTES (the rest is read and dropped). */
function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
      else if (size > MAX_DRAIN_BYTES) req.destroy();
    });
    req.on("end", () => (size > MAX_BODY_BYTES ? fail(new BodyTooLargeError()) : done(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", fail);
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

function errorBody(error: string, message: string) {
  return { error, message, timestamp: new Date().toISOString() };
}

/** JSON bodies only: no content type (curl without -H), application/json or a +json type, in UTF-8. */
export function contentTypeProblem(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const [type = "", ...params] = header.split(";").map((p) => p.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith("charset="))?.slice("charset=".length).replace(/"/g, "");
  if ((type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type)) && (!charset || charset === "utf-8" || charset === "utf8")) return undefined;
  return `content type ${header.slice(0, 80)} is not supported; send the body as application/json (UTF-8)`;
}

/** Starts the HTTP server on the given runtime; resolves with the server once it listens. */
export async function startHttpServer(runtime: import("../../functions/local/runtime").LocalRuntime, port: number, host = "127.0.0.1"): Promise<Server> {
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
      let text: string;
      try {
        text = await readBody(req);
      } catch (err) {
        if (err instanceof BodyTooLargeError) send(req, res, 413, errorBody("PayloadTooLargeError", `the request body is larger than ${MAX_BODY_BYTES} bytes`));
        else send(req, res, 400, errorBody("RequestValidationError", "the request body could not be read"));
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
    const out = (await runtime.handlers[op.functionName as "generate" | "validate" | "metrics"](event, { awsRequestId: "serve" })) as {
      response: { httpStatusCode: number; responseBody: { "application/json": { body: string } } };
    };
    send(req, res, out.response.httpStatusCode, JSON.parse(out.response.responseBody["application/json"].body));
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((err) => {
      process.stderr.write(`sdga serve: request failed: ${String((err as Error)?.stack ?? err)}\n`);
      send(req, res, 500, errorBody("InternalError", "the request failed on our side; see the server log"));
    });
  });
  // Requests Node's HTTP parser refuses (broken request lines, a body where the method has none, headers too
  // large) are answered in JSON too, then the connection is closed.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
    const status = tooLarge ? 431 : 400;
    const text = JSON.stringify(errorBody("RequestValidationError", tooLarge ? "the request headers are too large" : `malformed HTTP request (${err.code ?? "parse error"})`));
    socket.end(`HTTP/1.1 ${status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\ncontent-type: application/json\r\n`
      + `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
  });
  await new Promise<void>((done) => server.listen(port, host, () => done()));
  return server;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Serve the agent operations over HTTP on localhost (as the OpenAPI documents describe them) against local S3 and DynamoDB")
    .option("--port <n>", "port to listen on (0 = any free port)", "8787")
    .option("--state-dir <dir>", "folder of the local S3/DynamoDB state (default .sdga or SDGA_STATE_DIR)")
    .action(async (options: { port: string; stateDir?: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write(`sdga serve: --port must be 0..65535\n`);
        process.exitCode = 2;
        return;
      }
      const { startLocalRuntime } = (require("../../functions/local/runtime") as typeof import("../../functions/local/runtime"));
      const runtime = await startLocalRuntime(options.stateDir ? { stateDir: options.stateDir } : {});
      const server = await startHttpServer(runtime, port);
      const address = server.address() as AddressInfo;
      process.stderr.write(
        `sdga serve: listening on http://127.0.0.1:${address.port} (state in ${runtime.stack.stateDir})\n`
        + `  POST /generate-synthetic-data   GET /generations/{generation_id}\n`
        + `  POST /validate-schema           POST /calculate-quality-metrics\n`,
      );
      const shutdown = () => {
        server.close();
        void runtime.stop().then(() => process.exit(0));
      };
      process.once("SIGINT", shutdown);
      process.once("SIGTERM", shutdown);
    });
}
