// Converts the contract's tool definitions (plain JSON Schema) into the AgentCore gateway target's
// `inlinePayloads` shape (@pulumi/aws AgentcoreGatewayTarget): properties are a named list with a `required`
// flag, two levels are structured, deeper levels travel as JSON text (`itemsJson` / `propertiesJson`).
// Keywords the gateway shape has no field for (enum, minimum, pattern, ...) are dropped: the contract keeps
// allowed values in the descriptions, and the functions validate every request against the full schema.

/** One tool as `functions/contract/generated/tools/<fn>.json` lists it. */
export interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: JsonSchemaNode;
  outputSchema?: JsonSchemaNode;
}

export interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  [keyword: string]: unknown;
}

/** A node of the gateway shape. Which fields a level may carry follows the provider's input types. */
export interface GatewaySchemaNode {
  type: string;
  description?: string;
  name?: string;
  required?: boolean;
  items?: GatewaySchemaNode;
  properties?: GatewaySchemaNode[];
  itemsJson?: string;
  propertiesJson?: string;
}

export interface InlinePayload {
  name: string;
  description: string;
  inputSchema: GatewaySchemaNode;
  outputSchema?: GatewaySchemaNode;
}

export class ToolSchemaError extends Error {
  constructor(readonly tool: string, readonly path: string, problem: string) {
    super(`Tool '${tool}' schema at ${path}: ${problem}`);
    this.name = "ToolSchemaError";
  }
}

const GATEWAY_TYPES = ["string", "number", "integer", "boolean", "array", "object"];

interface Walk { tool: string; path: string }

function typeOf(schema: JsonSchemaNode, at: Walk): string {
  const types = [schema.type ?? []].flat().filter((t) => t !== "null");
  if (types.length !== 1) throw new ToolSchemaError(at.tool, at.path, `needs exactly one non-null type, found ${JSON.stringify(schema.type ?? null)}`);
  if (!GATEWAY_TYPES.includes(types[0])) throw new ToolSchemaError(at.tool, at.path, `type '${types[0]}' is not one of ${GATEWAY_TYPES.join(", ")}`);
  return types[0];
}

/** The JSON Schema subset the gateway keeps, for the levels that travel as JSON text. */
function plainSchema(schema: JsonSchemaNode, at: Walk): Record<string, unknown> {
  const out: Record<string, unknown> = { type: typeOf(schema, at) };
  if (schema.description !== undefined) out.description = schema.description;
  if (schema.items !== undefined) out.items = plainSchema(schema.items, { ...at, path: `${at.path}.items` });
  if (schema.properties !== undefined) Object.assign(out, plainProperties(schema, at));
  return out;
}

function plainProperties(schema: JsonSchemaNode, at: Walk): { properties: Record<string, unknown>; required?: string[] } {
  const properties: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    properties[name] = plainSchema(child, { ...at, path: `${at.path}.${name}` });
  }
  return schema.required?.length ? { properties, required: schema.required } : { properties };
}

function describe(node: GatewaySchemaNode, schema: JsonSchemaNode): GatewaySchemaNode {
  if (schema.description !== undefined) node.description = schema.description;
  return node;
}

/** A level whose children are JSON text. */
function jsonLevel(schema: JsonSchemaNode, at: Walk, extra: Partial<GatewaySchemaNode> = {}): GatewaySchemaNode {
  const node = describe({ ...extra, type: typeOf(schema, at) }, schema);
  if (schema.items !== undefined) node.itemsJson = JSON.stringify(plainSchema(schema.items, { ...at, path: `${at.path}.items` }));
  else if (schema.properties !== undefined) node.propertiesJson = JSON.stringify(plainProperties(schema, at));
  return node;
}

/**
 * Structured levels, after the provider's input types: the root's items and each property's items are
 * structured with JSON-text children; the root's properties are structured with structured items and
 * JSON-text properties.
 */
type StructuredKind = "root" | "property" | "lastStructured";

function structuredLevel(schema: JsonSchemaNode, at: Walk, kind: StructuredKind, extra: Partial<GatewaySchemaNode> = {}): GatewaySchemaNode {
  const node = describe({ ...extra, type: typeOf(schema, at) }, schema);
  if (schema.items !== undefined) {
    const itemsAt = { ...at, path: `${at.path}.items` };
    node.items = kind === "lastStructured" ? jsonLevel(schema.items, itemsAt) : structuredLevel(schema.items, itemsAt, "lastStructured");
  }
  if (schema.properties !== undefined) {
    const required = new Set(schema.required ?? []);
    node.properties = Object.entries(schema.properties).map(([name, child]) => {
      const childAt = { ...at, path: `${at.path}.${name}` };
      const named = { name, required: required.has(name) };
      return kind === "root" ? structuredLevel(child, childAt, "property", named) : jsonLevel(child, childAt, named);
    });
  }
  return node;
}

/** One schema in gateway form: the root and its properties structured, deeper levels as JSON text. */
export function toGatewaySchema(schema: JsonSchemaNode, tool = "(tool)", path = "inputSchema"): GatewaySchemaNode {
  return structuredLevel(schema, { tool, path }, "root");
}

/**
 * The `inlinePayloads` of one gateway target. The output schema is left out unless asked for: the tools also
 * answer `{error, message}` for a caller's mistake, which an MCP client would reject against an output schema.
 */
export function toInlinePayloads(tools: ToolDefinition[], options: { includeOutputSchema?: boolean } = {}): InlinePayload[] {
  const names = new Set<string>();
  return tools.map((tool) => {
    if (!/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/.test(tool.name)) throw new ToolSchemaError(tool.name, "name", "is not a valid tool name");
    if (names.has(tool.name)) throw new ToolSchemaError(tool.name, "name", "is listed twice");
    names.add(tool.name);
    if (typeOf(tool.inputSchema, { tool: tool.name, path: "inputSchema" }) !== "object") {
      throw new ToolSchemaError(tool.name, "inputSchema", "must be an object schema (tool arguments are a flat object)");
    }
    const payload: InlinePayload = { name: tool.name, description: tool.description, inputSchema: toGatewaySchema(tool.inputSchema, tool.name) };
    if (options.includeOutputSchema && tool.outputSchema) payload.outputSchema = toGatewaySchema(tool.outputSchema, tool.name, "outputSchema");
    return payload;
  });
}
