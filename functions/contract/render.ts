// Pure renderers from the contract to the documents the two agent runtimes read:
// OpenAPI 3.0.0 per action group (Agents Classic) and tool schema arrays per function (AgentCore Gateway).
import {
  ACTION_GROUPS, ERROR_RESPONSE, OPERATIONS, type ActionGroup, type FunctionName, type Operation, operationsOf,
} from "./operations";
import type { ContractSchema } from "./schemas";

export const OPENAPI_GROUPS: readonly ActionGroup[] = ["generation", "validation", "quality"];
export const TOOL_FUNCTIONS: readonly FunctionName[] = ["generate", "validate", "metrics", "retrieve"];

/** Repeats a schema's enum in its description ("Allowed values: a, b."), recursively. */
export function withAllowedValuesInDescriptions(schema: unknown, dropEnum: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => withAllowedValuesInDescriptions(s, dropEnum));
  if (typeof schema !== "object" || schema === null) return schema;
  const out: ContractSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "enum" && dropEnum) continue;
    if (key === "properties" && typeof value === "object" && value !== null) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, withAllowedValuesInDescriptions(sub, dropEnum)]),
      );
    } else if (key === "items") {
      out[key] = withAllowedValuesInDescriptions(value, dropEnum);
    } else {
      out[key] = value;
    }
  }
  const allowed = allowedValues(schema as ContractSchema);
  if (allowed) {
    const base = typeof out.description === "string" ? `${out.description} ` : "";
    out.description = `${base}Allowed values: ${allowed.join(", ")}.`;
  }
  return out;
}

function allowedValues(schema: ContractSchema): string[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum.map(String);
  const items = schema.items as ContractSchema | undefined;
  if (schema.type === "array" && items && Array.isArray(items.enum)) return items.enum.map(String);
  return undefined;
}

function jsonContent(schema: unknown) {
  return { "application/json": { schema } };
}

function errorResponses() {
  const error = withAllowedValuesInDescriptions(ERROR_RESPONSE, true);
  return {
    "400": { description: "The request is invalid; the message names the problem.", content: jsonContent(error) },
    "404": { description: "The generation or route does not exist.", content: jsonContent(error) },
    "500": { description: "Internal error.", content: jsonContent(error) },
  };
}

function openApiOperation(op: Operation): Record<string, unknown> {
  const http = op.http!;
  const request = withAllowedValuesInDescriptions(op.request, true) as ContractSchema;
  const operation: Record<string, unknown> = {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
  };
  if (http.pathParameters?.length) {
    const props = request.properties as Record<string, ContractSchema>;
    operation.parameters = http.pathParameters.map((name) => ({
      name,
      in: "path",
      required: true,
      description: props[name]!.description,
      schema: { type: "string" },
    }));
  } else {
    operation.requestBody = { required: true, content: jsonContent(request) };
  }
  operation.responses = {
    [String(http.successStatus)]: {
      description: "Success.",
      content: jsonContent(withAllowedValuesInDescriptions(op.response, true)),
    },
    ...errorResponses(),
  };
  return operation;
}

/** The OpenAPI 3.0.0 document of one classic action group. */
export function renderOpenApi(group: ActionGroup): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    if (op.http?.group !== group) continue;
    paths[op.http.path] ??= {};
    paths[op.http.path]![op.http.method.toLowerCase()] = openApiOperation(op);
  }
  return {
    openapi: "3.0.0",
    info: { title: ACTION_GROUPS[group].title, version: "1.0.0", description: ACTION_GROUPS[group].description },
    paths,
  };
}

export interface ToolSchema {
  name: string;
  description: string;
  inputSchema: unknown;
  outputSchema: unknown;
}

/** The gateway tool schemas of one function (name = operationId). */
export function renderTools(functionName: FunctionName): ToolSchema[] {
  return operationsOf(functionName).map((op) => ({
    name: op.operationId,
    description: op.description,
    inputSchema: withAllowedValuesInDescriptions(op.request, false),
    outputSchema: withAllowedValuesInDescriptions(op.response, false),
  }));
}

/** Every generated file, path relative to functions/contract/generated, with its text. */
export function renderAll(): Record<string, string> {
  const files: Record<string, string> = {};
  const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  for (const group of OPENAPI_GROUPS) files[`openapi/${group}.json`] = text(renderOpenApi(group));
  for (const fn of TOOL_FUNCTIONS) files[`tools/${fn}.json`] = text(renderTools(fn));
  return files;
}
