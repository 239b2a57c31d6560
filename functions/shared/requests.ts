// Request validation shared by both adapters: arguments are coerced from the classic runtime's string
// values, checked against the contract's request schema (ajv 2020) and against size limits, so a hostile
// request is refused before any work is done.
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import { LIMITS, type ContractSchema } from "../contract/schemas";
import { OPERATIONS, type Operation, type OperationId } from "../contract/operations";
import { normaliseSchema } from "../engine/schema";
import { RefResolver } from "../engine/schema/refs";
import { PayloadTooLargeError, RequestValidationError } from "./errors";

/** Largest request (all arguments as JSON text) we read at all. */
export const MAX_REQUEST_BYTES = 512 * 1024;
/** Deepest nesting of arrays and objects in a request: far past any schema (LIMITS.schemaMaxDepth), far short of a stack overflow. */
export const MAX_REQUEST_DEPTH = 256;

/** Whether `value` nests arrays and objects deeper than `max`, found without recursion (so any depth is safe). */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  const seen = new Set<object>();
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== "object" || node === null || seen.has(node)) continue;
    if (depth + 1 > max) return true;
    seen.add(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
const validators = new Map<OperationId, ValidateFunction>(
  OPERATIONS.map((op) => [op.operationId, ajv.compile(op.request)]),
);

type PropertySchema = { type?: string };

/** Java Map/Bean toString text such as `{itemName=item1, quantity=2}` or `[a, b]` sent instead of JSON. */
export function looksLikeJavaToString(text: string): boolean {
  const t = text.trim();
  return /^\{[^"{}]*=[^]*\}$/.test(t) || /^\{\s*[A-Za-z_][\w.]*=/.test(t) || /^\[\s*[A-Za-z_][^"]*\]$/.test(t);
}

function coerceJson(name: string, text: string, expected: "object" | "array"): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    if (looksLikeJavaToString(trimmed)) {
      throw new RequestValidationError(
        `${name} must be sent as JSON text (e.g. {"key": "value"} or ["A", "B"]), not as Java-style text like ${trimmed.slice(0, 40)}`,
        { field: name },
      );
    }
    throw new RequestValidationError(`${name} is not valid JSON text (expected a JSON ${expected})`, { field: name });
  }
}

/** Converts one argument to its contract type when it arrived as text (numbers, booleans, JSON). */
export function coerceArgument(name: string, value: unknown, schema: PropertySchema | undefined): unknown {
  if (typeof value !== "string" || !schema) return value;
  switch (schema.type) {
    case "object":
    case "array":
      return coerceJson(name, value, schema.type);
    case "integer":
    case "number": {
      const t = value.trim();
      return /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : value;
    }
    case "boolean":
      return value === "true" ? true : value === "false" ? false : value;
    default:
      return value;
  }
}

function describeAjvError(e: ErrorObject): string {
  const where = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "request";
  switch (e.keyword) {
    case "required": return `${where === "request" ? "" : `${where}.`}${(e.params as { missingProperty: string }).missingProperty} is required`;
    case "additionalProperties": return `unknown property ${(e.params as { additionalProperty: string }).additionalProperty}${where === "request" ? "" : ` in ${where}`}`;
    case "enum": return `${where} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`;
    default: return `${where} ${e.message ?? "is invalid"}`;
  }
}

/** Validated, typed arguments of one operation. */
export function parseArguments<T>(op: Operation, raw: unknown): T {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new RequestValidationError(`the request body must be a JSON object, got ${raw === null ? "null" : Array.isArray(raw) ? "an array" : typeof raw}`);
  }
  if (nestedDeeperThan(raw, MAX_REQUEST_DEPTH)) {
    throw new RequestValidationError(`the request nests arrays and objects more than ${MAX_REQUEST_DEPTH} levels deep`);
  }
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(raw));
  } catch {
    throw new RequestValidationError("the request cannot be read as JSON");
  }
  if (size > MAX_REQUEST_BYTES) {
    throw new PayloadTooLargeError(`the request is ${size} bytes; at most ${MAX_REQUEST_BYTES} are accepted`, { bytes: size });
  }
  const properties = (op.request.properties ?? {}) as Record<string, PropertySchema>;
  const args: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) args[name] = coerceArgument(name, value, properties[name]);
  // Arguments sent as JSON text (the classic runtime's objects) are only now as deep as they really are.
  if (nestedDeeperThan(args, MAX_REQUEST_DEPTH)) {
    throw new RequestValidationError(`the request nests arrays and objects more than ${MAX_REQUEST_DEPTH} levels deep`);
  }

  const validate = validators.get(op.operationId)!;
  if (!validate(args)) {
    const problems = (validate.errors ?? []).slice(0, 20).map(describeAjvError);
    throw new RequestValidationError(`invalid ${op.operationId} request: ${problems.join("; ")}`, { problems });
  }
  if (args.schema !== undefined) checkSchemaShape("schema", args.schema, typeof args.component === "string" ? args.component : undefined);
  return args as T;
}

const SIZE_KEYWORDS: Record<string, number> = {
  minLength: LIMITS.schemaMaxStringLength, maxLength: LIMITS.schemaMaxStringLength,
  minItems: LIMITS.schemaMaxItems, maxItems: LIMITS.schemaMaxItems,
  minProperties: LIMITS.schemaMaxItems, maxProperties: LIMITS.schemaMaxItems,
};

/**
 * "__proto__" cannot be a field name here: JavaScript code that builds objects by assignment (validators,
 * the field-list compiler) turns it into a prototype instead of a property, so rows would be judged wrongly.
 */
function refuseProtoName(name: string, key: string, value: unknown, path: string): void {
  const named = (key === "properties" && typeof value === "object" && value !== null && !Array.isArray(value) && Object.hasOwn(value, "__proto__"))
    || ((key === "required" || key === "fields") && Array.isArray(value)
      && value.some((v) => v === "__proto__" || (typeof v === "object" && v !== null && (v as { name?: unknown }).name === "__proto__")));
  if (named) {
    throw new RequestValidationError(`${name} names a field "__proto__" at ${path}.${key}; rename it (it cannot be told apart from an object's prototype)`, { field: name, path });
  }
}

/**
 * A `$ref` by URI is fine when it names a resource of the document itself (an embedded `$id`, a meta-schema
 * the engine ships); anything else would need fetching, which never happens: refused here, naming it.
 */
function refuseRemoteRefs(name: string, schema: unknown, component: string | undefined): void {
  let normalised;
  try {
    normalised = normaliseSchema(schema, component !== undefined ? { component } : {}).schema;
  } catch {
    return; // the schema's own problems are reported (400) by the operation that reads it
  }
  const remote = new RefResolver(normalised).unresolved().find((m) => !m.ref.startsWith("#"));
  if (remote) {
    throw new RequestValidationError(`${name} has a remote $ref (${remote.ref.slice(0, 80)}) at ${remote.pointer || "/"} that does not resolve inside the schema; nothing is fetched, so only references inside the document are allowed`, { field: name, path: remote.pointer || "/" });
  }
}

/**
 * Bounds a user schema before any engine sees it: size, depth, number of properties, and no `$ref` that would
 * need fetching.
 */
export function checkSchemaShape(name: string, schema: unknown, component?: string): void {
  let properties = 0;
  const nonLocalRefs: string[] = [];
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth > LIMITS.schemaMaxDepth) {
      throw new RequestValidationError(`${name} is nested more than ${LIMITS.schemaMaxDepth} levels deep (at ${path})`, { field: name, path });
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, depth + 1, `${path}[${i}]`));
      return;
    }
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node as ContractSchema)) {
      if (key === "$ref" && typeof value === "string" && !value.startsWith("#")) nonLocalRefs.push(value);
      const bound = SIZE_KEYWORDS[key];
      if (bound !== undefined && typeof value === "number" && value > bound) {
        throw new RequestValidationError(`${name} asks for ${key} ${value} at ${path}; at most ${bound} is supported`, { field: name, path });
      }
      if ((key === "properties" || key === "patternProperties") && typeof value === "object" && value !== null) {
        properties += Object.keys(value).length;
      }
      refuseProtoName(name, key, value, path);
      if (key === "fields" && Array.isArray(value)) properties += value.length;
      walk(value, depth + 1, `${path}.${key}`);
    }
  };
  walk(schema, 0, name);
  if (nonLocalRefs.length) refuseRemoteRefs(name, schema, component);
  if (properties > LIMITS.schemaMaxProperties) {
    throw new PayloadTooLargeError(`${name} has ${properties} fields; at most ${LIMITS.schemaMaxProperties} are accepted`, { field: name, fields: properties });
  }
  const bytes = Buffer.byteLength(JSON.stringify(schema));
  if (bytes > LIMITS.schemaMaxBytes) {
    throw new PayloadTooLargeError(`${name} is ${bytes} bytes as JSON; at most ${LIMITS.schemaMaxBytes} are accepted`, { field: name });
  }
}
