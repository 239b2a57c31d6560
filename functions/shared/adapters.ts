// The two thin adapters between the agent runtimes and the operations, and the dispatcher that tells
// their events apart:
// - Agents Classic sends an action-group event (messageVersion, apiPath, httpMethod, parameters,
//   requestBody) and wants the action-group response envelope back;
// - AgentCore Gateway sends the tool's arguments as a flat object with the tool name in the client context
//   and wants plain JSON back (errors as a JSON error object: a thrown error reaches the model as an
//   opaque internal error).
import type { Context } from "aws-lambda";
import { operationById, operationsOf, type FunctionName, type Operation, type OperationId } from "../contract/operations";
import {
  AgentError, MethodNotAllowedError, NotFoundError, RequestValidationError, toErrorResponse, type ErrorBody,
} from "./errors";
import { parseArguments } from "./requests";
import { fitResponse, MAX_RESPONSE_BYTES } from "./responseSize";
import { logger } from "./powertools";
import { withLogContext } from "./logContext";

export interface InvocationInfo {
  runtime: "classic" | "gateway";
  /** A stable id of this request that a retry repeats (used for idempotency when no key is given). */
  requestKey?: string;
  awsRequestId?: string;
}

export type OperationImpl = (args: any, info: InvocationInfo) => Promise<unknown>;
export type OperationTable = Partial<Record<OperationId, OperationImpl>>;

export interface ClassicParameter { name: string; type?: string; value: unknown }
export interface ClassicEvent {
  messageVersion: string;
  agent?: unknown;
  inputText?: string;
  sessionId?: string;
  actionGroup: string;
  apiPath: string;
  httpMethod: string;
  parameters?: ClassicParameter[] | null;
  requestBody?: { content?: Record<string, { properties?: ClassicParameter[] | null } | null> } | null;
  sessionAttributes?: Record<string, string>;
  promptSessionAttributes?: Record<string, string>;
}
export interface ClassicResponse {
  messageVersion: "1.0";
  response: {
    actionGroup: string;
    apiPath: string;
    httpMethod: string;
    httpStatusCode: number;
    responseBody: { "application/json": { body: string } };
  };
  sessionAttributes?: Record<string, string>;
  promptSessionAttributes?: Record<string, string>;
}

export function isClassicEvent(event: unknown): event is ClassicEvent {
  return typeof event === "object" && event !== null && !Array.isArray(event)
    && "messageVersion" in event && ("apiPath" in event || "actionGroup" in event);
}

/** The gateway tool name (`<target>___<tool>` with the target stripped), or undefined when absent. */
export function gatewayToolName(context: Partial<Context> | undefined): string | undefined {
  const clientContext = context?.clientContext as unknown as
    { custom?: Record<string, unknown>; Custom?: Record<string, unknown> } | undefined;
  const custom = clientContext?.custom ?? clientContext?.Custom;
  const full = custom?.bedrockAgentCoreToolName;
  if (typeof full !== "string" || full === "") return undefined;
  const sep = full.indexOf("___");
  return sep >= 0 ? full.slice(sep + 3) : full;
}

function gatewayRequestKey(context: Partial<Context> | undefined): string | undefined {
  const clientContext = context?.clientContext as unknown as
    { custom?: Record<string, unknown>; Custom?: Record<string, unknown> } | undefined;
  const custom = clientContext?.custom ?? clientContext?.Custom;
  const id = custom?.bedrockAgentCoreMcpMessageId ?? custom?.bedrockAgentCoreAwsRequestId;
  const gateway = custom?.bedrockAgentCoreGatewayId ?? "";
  return typeof id === "string" || typeof id === "number" ? `gateway:${String(gateway)}:${String(id)}` : undefined;
}

// ---- classic -----------------------------------------------------------------------------------------

/** Matches an apiPath (the OpenAPI template as Bedrock sends it, or a concrete path) to a route template. */
function matchPath(template: string, apiPath: string): Record<string, string> | undefined {
  if (template === apiPath) return {};
  const t = template.split("/");
  const a = apiPath.split("/");
  if (t.length !== a.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const name = /^\{(\w+)\}$/.exec(t[i]!)?.[1];
    if (name) {
      if (a[i] === "") return undefined;
      try {
        params[name] = decodeURIComponent(a[i]!);
      } catch {
        return undefined;
      }
    } else if (t[i] !== a[i]) return undefined;
  }
  return params;
}

export function routeClassic(functionName: FunctionName, apiPath: unknown, httpMethod: unknown):
  { op: Operation; pathParams: Record<string, string> } {
  if (typeof apiPath !== "string" || apiPath === "") throw new NotFoundError("the event has no apiPath");
  const method = typeof httpMethod === "string" ? httpMethod.toUpperCase() : "";
  const matches = operationsOf(functionName)
    .filter((op) => op.http)
    .map((op) => ({ op, pathParams: matchPath(op.http!.path, apiPath) }))
    .filter((m): m is { op: Operation; pathParams: Record<string, string> } => m.pathParams !== undefined);
  if (matches.length === 0) {
    const known = operationsOf(functionName).filter((op) => op.http).map((op) => `${op.http!.method} ${op.http!.path}`);
    throw new NotFoundError(`no operation at ${apiPath.slice(0, 200)}; this action group serves ${known.join(", ")}`);
  }
  const match = matches.find((m) => m.op.http!.method === method);
  if (!match) {
    throw new MethodNotAllowedError(
      `${typeof httpMethod === "string" ? httpMethod.slice(0, 20) : `a ${httpMethod === null ? "null" : typeof httpMethod} method`} is not allowed on ${apiPath.slice(0, 200)}; use ${matches.map((m) => m.op.http!.method).join(" or ")}`,
    );
  }
  return match;
}

/** The arguments of a classic event: path parameters, query parameters and request-body properties. */
export function classicArguments(event: ClassicEvent, pathParams: Record<string, string>): unknown {
  const args: Record<string, unknown> = {};
  const addAll = (list: unknown, where: string) => {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) throw new RequestValidationError(`${where} must be a list of {name, type, value}`);
    for (const p of list) {
      if (typeof p !== "object" || p === null || typeof (p as ClassicParameter).name !== "string") {
        throw new RequestValidationError(`${where} holds an entry without a name`);
      }
      const { name, value } = p as ClassicParameter;
      if (name === "__proto__" || name === "constructor" || name === "prototype") {
        throw new RequestValidationError(`${where} holds a forbidden property name ${name}`);
      }
      args[name] = value;
    }
  };
  addAll(event.parameters, "parameters");
  const body = event.requestBody;
  if (body !== undefined && body !== null) {
    if (typeof body !== "object" || Array.isArray(body)) throw new RequestValidationError("requestBody must be an object");
    const content = body.content;
    if (content !== undefined && content !== null) {
      if (typeof content !== "object" || Array.isArray(content)) throw new RequestValidationError("requestBody.content must be an object");
      const json = content["application/json"];
      const others = Object.keys(content).filter((k) => k !== "application/json");
      if (json === undefined && others.length) {
        throw new RequestValidationError(`requestBody content type ${others[0]!.slice(0, 60)} is not supported; send application/json`);
      }
      if (json !== undefined && json !== null) {
        if (typeof json !== "object" || Array.isArray(json)) throw new RequestValidationError("requestBody application/json must be an object with properties");
        addAll(json.properties, "requestBody properties");
      }
    }
  }
  Object.assign(args, pathParams);
  return args;
}

function classicEnvelope(event: Partial<ClassicEvent>, status: number, body: unknown): ClassicResponse {
  const response: ClassicResponse = {
    messageVersion: "1.0",
    response: {
      // Echoed as Bedrock expects, but clipped: a hostile event must not inflate the answer.
      actionGroup: typeof event.actionGroup === "string" ? event.actionGroup.slice(0, 200) : "",
      apiPath: typeof event.apiPath === "string" ? event.apiPath.slice(0, 500) : "",
      httpMethod: typeof event.httpMethod === "string" ? event.httpMethod.slice(0, 10) : "",
      httpStatusCode: status,
      responseBody: { "application/json": { body: JSON.stringify(body) } },
    },
  };
  // Session attributes go back as they came (Bedrock keeps them for the session), but only as the string
  // maps they are, and only while the answer stays inside the agent's response limit.
  let room = MAX_RESPONSE_BYTES - Buffer.byteLength(JSON.stringify(response));
  for (const key of ["sessionAttributes", "promptSessionAttributes"] as const) {
    const attributes = event[key];
    if (!isStringMap(attributes)) continue;
    const size = Buffer.byteLength(JSON.stringify(attributes)) + key.length + 4;
    if (size >= room) {
      logger.warn("session attributes not echoed: the answer would exceed the response limit", { attribute: key, bytes: size });
      continue;
    }
    response[key] = attributes;
    room -= size;
  }
  return response;
}

function isStringMap(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    && Object.values(value).every((v) => typeof v === "string");
}

function classicRequestKey(event: ClassicEvent, args: unknown): string | undefined {
  if (typeof event.sessionId !== "string") return undefined;
  // A retry by the agent repeats the same session, user turn and arguments.
  const turn = typeof event.inputText === "string" ? event.inputText : "";
  return `classic:${event.sessionId}:${turn}:${JSON.stringify(args)}`;
}

async function handleClassic(functionName: FunctionName, ops: OperationTable, event: ClassicEvent, context?: Partial<Context>):
  Promise<ClassicResponse> {
  try {
    const { op, pathParams } = routeClassic(functionName, event.apiPath, event.httpMethod);
    const raw = classicArguments(event, pathParams);
    const args = parseArguments(op, raw);
    const impl = ops[op.operationId];
    if (!impl) throw new NotFoundError(`${op.operationId} is not served by this function`);
    const info: InvocationInfo = { runtime: "classic", requestKey: classicRequestKey(event, raw), awsRequestId: context?.awsRequestId };
    const result = await impl(args, info);
    return classicEnvelope(event, op.http!.successStatus, fitResponse(result));
  } catch (err) {
    const { status, body } = errorResult(err);
    return classicEnvelope(event, status, body);
  }
}

// ---- gateway -----------------------------------------------------------------------------------------

async function handleGateway(functionName: FunctionName, ops: OperationTable, toolName: string, event: unknown,
  context?: Partial<Context>): Promise<unknown> {
  try {
    const op = operationById(toolName);
    if (!op || op.functionName !== functionName || !ops[op.operationId]) {
      const served = operationsOf(functionName).map((o) => o.operationId);
      throw new NotFoundError(`unknown tool ${toolName.slice(0, 100)}; this function serves ${served.join(", ")}`, { tool: toolName.slice(0, 100) });
    }
    const args = parseArguments(op, event);
    const info: InvocationInfo = { runtime: "gateway", requestKey: gatewayRequestKey(context), awsRequestId: context?.awsRequestId };
    return fitResponse(await ops[op.operationId]!(args, info));
  } catch (err) {
    return errorResult(err).body;
  }
}

function errorResult(err: unknown): { status: number; body: ErrorBody } {
  const result = toErrorResponse(err);
  if (err instanceof AgentError && result.status < 500) {
    logger.warn("request refused", { error: result.body.error, reason: result.body.message });
  } else {
    if (err instanceof Error) logger.error("request failed", err);
    else logger.error("request failed", { error: String(err) });
  }
  result.body = fitResponse(result.body) as ErrorBody;
  return result;
}

// ---- dispatcher --------------------------------------------------------------------------------------

export interface HandlerSpec {
  functionName: FunctionName;
  operations: OperationTable;
  /** Internal events (the asynchronous continuation of a generation). Returns undefined when not one. */
  internal?: (event: unknown) => Promise<unknown> | undefined;
}

/** One Lambda handler that answers both runtimes. */
export function createAgentHandler(spec: HandlerSpec) {
  return async (event: unknown, context?: Partial<Context>): Promise<unknown> => {
    // Each invocation logs under its own context (request id, tool or path, later the generation id), so
    // concurrent invocations in one process never log each other's keys, and a warm environment's next
    // invocation starts clean.
    const keys: Record<string, string> = {};
    if (context?.awsRequestId) keys.aws_request_id = context.awsRequestId;
    const toolName = gatewayToolName(context);
    if (toolName !== undefined) keys.tool = toolName;
    else if (isClassicEvent(event) && typeof event.apiPath === "string") keys.api_path = event.apiPath.slice(0, 200);
    return withLogContext(keys, async () => {
      if (toolName !== undefined) return handleGateway(spec.functionName, spec.operations, toolName, event, context);
      if (isClassicEvent(event)) return handleClassic(spec.functionName, spec.operations, event, context);
      const internal = spec.internal?.(event);
      if (internal) return internal;
      return errorResult(new RequestValidationError(
        "unrecognised event: expected a Bedrock action-group event (messageVersion, apiPath, httpMethod) "
        + "or an AgentCore gateway tool call (tool name in the client context)",
      )).body;
    });
  };
}
