// The caller's schema (a field list, a JSON Schema of any draft, an OpenAPI document and component) made
// usable by the engine through the schema front door, or a 400 naming its problems.
import { normaliseSchema, type NormalisationNote, SchemaInputError } from "../engine/schema";
import type { JsonSchemaObject } from "../engine/schema/types";
import { RequestValidationError } from "./errors";

export interface CheckedSchema {
  /** JSON Schema 2020-12. */
  schema: JsonSchemaObject;
  /** What the front door normalised, for the response's warnings. */
  notes: NormalisationNote[];
}

/** Checks the schema is readable and returns its JSON Schema 2020-12 form, or throws a 400 naming each problem. */
export function checkSchema(input: unknown, component?: string, field = "schema"): CheckedSchema {
  if (typeof input === "object" && input !== null && !Array.isArray(input) && Object.keys(input).length === 0) {
    throw new RequestValidationError(`${field} is empty: give a field list {"fields":[...]}, a JSON Schema or an OpenAPI document`);
  }
  try {
    const { schema, notes } = normaliseSchema(input, component !== undefined ? { component } : {});
    return { schema, notes };
  } catch (err) {
    if (!(err instanceof SchemaInputError)) throw err;
    throw new RequestValidationError(`${field}: ${err.message}`, { problems: err.problems.slice(0, 20) });
  }
}

/** Front-door notes as response warnings, one line each naming where. */
export function noteWarnings(notes: NormalisationNote[]): string[] {
  return notes.map((n) => `${n.path || "schema"}: ${n.message} (${n.rule})`);
}

/** A 400 unless the (JSON Schema form of the) schema describes object records. */
export function assertRecordSchema(schema: unknown, field = "schema"): void {
  const problem = recordShapeProblem(schema);
  if (problem) throw new RequestValidationError(`${field}: ${problem}`, { field, rule: RECORD_SHAPE_RULE });
}

export const RECORD_SHAPE_RULE = "root-is-object";

/** A 400 unless every property name of the schema can name a column of `format`. */
export function assertColumnNames(schema: unknown, format: string, field = "schema"): void {
  const problem = columnNameProblem(schema, format);
  if (problem) throw new RequestValidationError(`${field}: ${problem}`, { field, output_format: format });
}

/** Keywords that only constrain objects: a root with one of them and no `type` still describes objects. */
const OBJECT_KEYWORDS = [
  "properties", "required", "patternProperties", "additionalProperties", "minProperties", "maxProperties",
  "propertyNames", "dependentRequired", "dependentSchemas", "unevaluatedProperties",
];

/** Keywords that only constrain arrays, strings or numbers. */
const OTHER_TYPE_KEYWORDS = [
  "items", "prefixItems", "contains", "minItems", "maxItems", "uniqueItems", "minContains", "maxContains", "unevaluatedItems",
  "minLength", "maxLength", "pattern", "format", "contentEncoding", "contentMediaType",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
];

/** The schema a root-level local `$ref` (`#/$defs/x`, `#/definitions/x`) points to, followed a few hops. */
function followRootRef(root: Record<string, unknown>, node: unknown): unknown {
  for (let hops = 0; hops < 8 && typeof node === "object" && node !== null && typeof (node as { $ref?: unknown }).$ref === "string"; hops++) {
    const m = /^#\/(\$defs|definitions)\/([^/]+)$/.exec((node as { $ref: string }).$ref);
    const defs = m ? root[m[1]!] : undefined;
    if (!m || typeof defs !== "object" || defs === null || !Object.hasOwn(defs, m[2]!)) return node;
    node = (defs as Record<string, unknown>)[m[2]!];
  }
  return node;
}

/**
 * Why a JSON Schema cannot describe the records of a data set, or undefined when it can. Every record is a
 * JSON object (one CSV row, one JSON line): a root that allows strings, numbers or null would produce rows
 * no writer or reader can carry, so it is refused up front with the fix.
 */
export function recordShapeProblem(schema: unknown): string | undefined {
  const ASK = "each record is a JSON object: give the root \"type\": \"object\" and its properties";
  const typesOf = (node: unknown): unknown[] | undefined => {
    const t = typeof node === "object" && node !== null ? (node as { type?: unknown }).type : undefined;
    return t === undefined ? undefined : Array.isArray(t) ? t : [t];
  };
  const listed = (types: unknown[]) => types.map((t) => JSON.stringify(t)).join(", ") || "no type";
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return `the root schema describes no record structure; ${ASK}`;
  const root = schema as Record<string, unknown>;
  const node = followRootRef(root, root);
  if (typeof node !== "object" || node === null || Array.isArray(node)) return `the root schema describes no record structure; ${ASK}`;
  const n = node as Record<string, unknown>;
  const types = typesOf(n);
  if (types && (types.length === 0 || types.some((t) => t !== "object"))) return `the root allows ${listed(types)}; ${ASK}`;
  // Branches the generator may pick from must describe objects too.
  for (const key of ["anyOf", "oneOf"]) {
    const branches = Array.isArray(n[key]) ? (n[key] as unknown[]) : [];
    for (const [i, branch] of branches.entries()) {
      const branchTypes = typesOf(followRootRef(root, branch));
      if (branchTypes?.some((t) => t !== "object")) return `${key}[${i}] of the root allows ${listed(branchTypes)}; ${ASK}`;
    }
  }
  const isRecord = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  if ("const" in n && !isRecord(n.const)) return `the root const is not an object; ${ASK}`;
  if (Array.isArray(n.enum) && !n.enum.every(isRecord)) return `the root enum holds values that are not objects; ${ASK}`;
  if (types) return undefined;
  // Without a type, the generator picks a type from the keywords present: only object keywords will do.
  if (OBJECT_KEYWORDS.some((k) => n[k] !== undefined) && !OTHER_TYPE_KEYWORDS.some((k) => n[k] !== undefined)) return undefined;
  const onlyObjects = (t: unknown[] | undefined) => t !== undefined && t.length > 0 && t.every((x) => x === "object");
  const allOf = Array.isArray(n.allOf) ? (n.allOf as unknown[]) : [];
  if (allOf.some((b) => onlyObjects(typesOf(followRootRef(root, b))))) return undefined;
  return `the root schema does not say its records are objects; ${ASK}`;
}

/** Formats whose columns are named by property paths joined with dots (and read back the same way). */
const TABULAR_FORMATS = new Set(["csv", "sql", "parquet"]);

/**
 * Why the records of this schema cannot be columns of a `format` table, or undefined. A column needs a
 * name, and a dot in a name would read back as a nested field; JSON and JSONL carry any name.
 */
export function columnNameProblem(schema: unknown, format: string): string | undefined {
  if (!TABULAR_FORMATS.has(format)) return undefined;
  let problem: string | undefined;
  const visit = (node: unknown, depth: number): void => {
    if (problem || depth > 64 || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((n) => visit(n, depth + 1));
      return;
    }
    const n = node as Record<string, unknown>;
    const names = [
      ...(typeof n.properties === "object" && n.properties !== null ? Object.keys(n.properties) : []),
      ...(Array.isArray(n.required) ? n.required.filter((r): r is string => typeof r === "string") : []),
      // dependentRequired names properties too (`{a: ["a.b"]}`: a row with a has a.b), declared or not
      ...(typeof n.dependentRequired === "object" && n.dependentRequired !== null && !Array.isArray(n.dependentRequired)
        ? Object.entries(n.dependentRequired).flatMap(([key, list]) => [key, ...(Array.isArray(list) ? list.filter((r): r is string => typeof r === "string") : [])])
        : []),
    ];
    const bad = names.find((name) => name === "" || name.includes("."));
    if (bad !== undefined) {
      problem = bad === ""
        ? `a property has an empty name; ${format} columns need names (rename it, or choose json or jsonl)`
        : `property "${bad.slice(0, 80)}" has a dot in its name, which ${format} uses for nested fields (rename it, or choose json or jsonl)`;
      return;
    }
    for (const value of Object.values(n)) visit(value, depth + 1);
  };
  visit(schema, 0);
  return problem;
}
