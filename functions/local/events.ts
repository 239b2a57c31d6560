// Builders of real agent events, as Bedrock sends them, for the local CLI, the HTTP server and the specs.
import type { Context } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { operationById, type OperationId } from "../contract/operations";
import type { ClassicEvent, ClassicParameter } from "../shared/adapters";

/** A property value as the classic runtime sends it: text, with objects and arrays as JSON text. */
export function asClassicValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function classicType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "string";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value === "object" ? "object" : typeof value;
}

/** The Agents Classic action-group event for an operation called with `args`. */
export function classicEvent(operationId: OperationId, args: Record<string, unknown>, options: { sessionId?: string; inputText?: string } = {}): ClassicEvent {
  const op = operationById(operationId);
  if (!op?.http) throw new Error(`${operationId} has no classic route`);
  const pathParams = op.http.pathParameters ?? [];
  const parameters: ClassicParameter[] = pathParams.map((name) => ({ name, type: "string", value: asClassicValue(args[name]) }));
  const properties: ClassicParameter[] = Object.entries(args)
    .filter(([name]) => !pathParams.includes(name))
    .map(([name, value]) => ({ name, type: classicType(value), value: asClassicValue(value) }));
  const event: ClassicEvent = {
    messageVersion: "1.0",
    agent: { name: "sdga-local", id: "LOCALAGENT", alias: "TSTALIASID", version: "DRAFT" },
    inputText: options.inputText ?? `call ${operationId}`,
    sessionId: options.sessionId ?? randomUUID(),
    actionGroup: op.http.group,
    apiPath: op.http.path,
    httpMethod: op.http.method,
    parameters,
    sessionAttributes: {},
    promptSessionAttributes: {},
  };
  if (op.http.method !== "GET") event.requestBody = { content: { "application/json": { properties } } };
  return event;
}

/** A Lambda context as AgentCore Gateway invokes a target: the tool name in the client context. */
export function gatewayContext(toolName: string, targetName = "sdga-local"): Partial<Context> {
  return {
    awsRequestId: randomUUID(),
    clientContext: {
      custom: {
        bedrockAgentCoreToolName: `${targetName}___${toolName}`,
        bedrockAgentCoreMessageVersion: "1.0",
        bedrockAgentCoreAwsRequestId: randomUUID(),
        bedrockAgentCoreMcpMessageId: randomUUID(),
        bedrockAgentCoreGatewayId: "local-gateway",
        bedrockAgentCoreTargetId: "LOCALTARGET",
      },
    } as unknown as Context["clientContext"],
  };
}

/** The JSON body inside a classic response. */
export function classicBody(response: unknown): { status: number; body: any } {
  const r = (response as { response: { httpStatusCode: number; responseBody: { "application/json": { body: string } } } }).response;
  return { status: r.httpStatusCode, body: JSON.parse(r.responseBody["application/json"].body) };
}
