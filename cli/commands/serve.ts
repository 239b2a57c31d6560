// `sdga serve`: the operations over HTTP on localhost exactly as the OpenAPI documents describe them. Each
// request becomes a classic action-group event answered by the real handler against the local stand-ins.
import type { Command } from "commander";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const MAX_BODY_BYTES = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        fail(new Error("too large"));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
    req.on("error", fail);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function errorBody(error: string, message: string) {
  return { error, message, timestamp: new Date().toISOString() };
}

/** Starts the HTTP server on the given runtime; resolves with the server once it listens. */
export async function startHttpServer(runtime: import("../../functions/local/runtime").LocalRuntime, port: number, host = "127.0.0.1"): Promise<Server> {
  const { OPERATIONS } = (require("../../functions/contract/operations") as typeof import("../../functions/contract/operations"));
  const { asClassicValue } = (require("../../functions/local/events") as typeof import("../../functions/local/events"));
  const { routeClassic } = (require("../../functions/shared/adapters") as typeof import("../../functions/shared/adapters"));
  const { toErrorResponse } = (require("../../functions/shared/errors") as typeof import("../../functions/shared/errors"));

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
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
        send(res, 404, errorBody("NotFoundError", `no operation at ${url.pathname}`));
        return;
      }
      let matched;
      try {
        matched = routeClassic(owner.functionName, url.pathname, method);
      } catch (err) {
        const { status, body } = toErrorResponse(err);
        send(res, status, body);
        return;
      }
      const { op, pathParams } = matched;
      let properties: Array<{ name: string; type: string; value: string }> = [];
      if (op.http!.method !== "GET") {
        let parsed: unknown;
        try {
          const text = await readBody(req);
          parsed = text.trim() === "" ? {} : JSON.parse(text);
        } catch {
          send(res, 400, errorBody("RequestValidationError", "the request body is not JSON (or larger than 1 MB)"));
          return;
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
          send(res, 400, errorBody("RequestValidationError", "the request body must be a JSON object"));
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
      send(res, out.response.httpStatusCode, JSON.parse(out.response.responseBody["application/json"].body));
    })().catch((err) => send(res, 500, errorBody("InternalError", String((err as Error).message ?? err))));
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
