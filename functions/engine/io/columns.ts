// The table shape of a schema: one field per declared property, in declared order, with a storage kind.
// Tabular writers (CSV, SQL, Parquet) and the CSV/Parquet readers share it, so what one writes the other
// reads back with the same names and types.
import { toJsonSchema } from "../schema";
import type { JsonSchemaObject, Row, SchemaInput } from "../schema/types";

export type ValueKind = "integer" | "number" | "boolean" | "string" | "date" | "timestamp" | "json";

/** One property: a leaf with a value kind, or an object whose declared properties become dotted columns. */
export interface FieldNode {
  key: string;
  kind: ValueKind | "object";
  /** The schema allows null here. */
  allowsNull: boolean;
  /** The property is listed in its parent's `required`. */
  required: boolean;
  children?: FieldNode[];
}

/** One column of a table: a leaf of the field tree. */
export interface Column {
  /** Header / column name: the path joined with dots. */
  name: string;
  path: string[];
  kind: ValueKind;
  /** A cell may be empty: the value, or an object above it, may be null or absent. */
  nullable: boolean;
}

const MAX_REF_DEPTH = 32;

/** The field tree of a schema's top-level properties; empty when the schema declares none. */
export function fieldTree(input: SchemaInput): FieldNode[] {
  const root = toJsonSchema(input);
  const resolved = resolve(root, root, 0);
  return resolved ? objectChildren(root, resolved, 0) : [];
}

/** A field tree guessed from one row's values, for schemas that declare no properties. */
export function fieldTreeFromRow(row: Row): FieldNode[] {
  return Object.keys(row).map((key) => ({
    key, kind: kindOfValue(row[key]), allowsNull: true, required: false,
  }));
}

/** The columns of a field tree; objects with declared properties are flattened when `flatten` is set. */
export function columnsOf(tree: FieldNode[], flatten: boolean): Column[] {
  const columns: Column[] = [];
  const walk = (nodes: FieldNode[], prefix: string[], parentNullable: boolean) => {
    for (const node of nodes) {
      const path = [...prefix, node.key];
      const nullable = parentNullable || node.allowsNull || !node.required;
      if (node.kind === "object" && flatten) walk(node.children ?? [], path, nullable);
      else columns.push({ name: path.join("."), path, kind: node.kind === "object" ? "json" : node.kind, nullable });
    }
  };
  walk(tree, [], false);
  return columns;
}

/** The value at a column's path, or undefined when it or an object above it is missing or null. */
export function valueAt(row: Row, path: string[]): unknown {
  let value: unknown = row;
  for (const key of path) {
    // Own properties only: a row without "constructor" must not yield Object's constructor.
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function kindOfValue(value: unknown): ValueKind {
  if (typeof value === "number") return "number"; // one row cannot tell an integer column from a numeric one
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "string";
  return "json";
}

function objectChildren(root: JsonSchemaObject, schema: JsonSchemaObject, depth: number): FieldNode[] {
  const merged = mergeAllOf(root, schema, depth);
  const properties = merged.properties as Record<string, unknown> | undefined;
  if (!properties || typeof properties !== "object") return [];
  const required = new Set(Array.isArray(merged.required) ? merged.required as string[] : []);
  return Object.keys(properties).map((key) => fieldNode(root, key, properties[key], required.has(key), depth + 1));
}

function fieldNode(root: JsonSchemaObject, key: string, raw: unknown, required: boolean, depth: number): FieldNode {
  const schema = resolve(root, raw, depth);
  if (!schema) return { key, kind: "json", allowsNull: raw !== false, required };
  const info = typesOf(root, schema, depth);
  if (!info) return { key, kind: "json", allowsNull: true, required };
  const types = new Set(info.types);
  const allowsNull = types.has("null");
  types.delete("null");
  const only = (...allowed: string[]) => types.size > 0 && [...types].every((t) => allowed.includes(t));
  let kind: FieldNode["kind"] = "json";
  if (only("integer")) kind = "integer";
  else if (only("integer", "number")) kind = "number";
  else if (only("boolean")) kind = "boolean";
  else if (only("string")) kind = info.format === "date" ? "date" : info.format === "date-time" ? "timestamp" : "string";
  else if (only("object") && depth < MAX_REF_DEPTH) {
    const children = objectChildren(root, schema, depth);
    if (children.length > 0) return { key, kind: "object", allowsNull, required, children };
  }
  return { key, kind, allowsNull, required };
}

interface TypeInfo {
  types: Set<string>;
  /** The string format, when every string branch agrees on one. */
  format?: string;
}

/** The JSON types a schema admits (and its string format), or undefined when it does not say. */
function typesOf(root: JsonSchemaObject, schema: JsonSchemaObject, depth: number): TypeInfo | undefined {
  const format = typeof schema.format === "string" ? schema.format : undefined;
  if (typeof schema.type === "string") return { types: new Set([schema.type]), format };
  if (Array.isArray(schema.type)) return { types: new Set(schema.type as string[]), format };
  const values = "const" in schema ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : undefined;
  if (values) return { types: new Set(values.map(jsonTypeOf)), format };
  for (const keyword of ["anyOf", "oneOf"] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    const union = new Set<string>();
    const formats = new Set<string | undefined>();
    for (const branch of branches) {
      const resolved = resolve(root, branch, depth + 1);
      const info = resolved && typesOf(root, resolved, depth + 1);
      if (!info) return undefined;
      info.types.forEach((t) => union.add(t));
      if (info.types.has("string")) formats.add(info.format);
    }
    return { types: union, format: formats.size === 1 ? [...formats][0] : undefined };
  }
  if (Array.isArray(schema.allOf)) {
    for (const branch of schema.allOf) {
      const resolved = resolve(root, branch, depth + 1);
      const info = resolved && typesOf(root, resolved, depth + 1);
      if (info) return { types: info.types, format: format ?? info.format };
    }
  }
  if (schema.properties && typeof schema.properties === "object") return { types: new Set(["object"]) };
  return undefined;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Follows local `$ref`s ("#/..." JSON pointers); undefined for boolean schemas, remote or looping refs. */
function resolve(root: JsonSchemaObject, raw: unknown, depth: number): JsonSchemaObject | undefined {
  let schema = raw;
  for (let hops = depth; hops < MAX_REF_DEPTH; hops++) {
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return undefined;
    const ref = (schema as JsonSchemaObject).$ref;
    if (typeof ref !== "string") return schema as JsonSchemaObject;
    if (!ref.startsWith("#")) return undefined;
    const target = pointer(root, ref.slice(1));
    // Sibling keywords of $ref (2020-12) such as `type` on the referring schema still count.
    schema = target && typeof target === "object" ? { ...target, ...withoutRef(schema as JsonSchemaObject) } : undefined;
  }
  return undefined;
}

function withoutRef(schema: JsonSchemaObject): JsonSchemaObject {
  const { $ref: _ref, ...rest } = schema;
  return rest;
}

function pointer(root: JsonSchemaObject, path: string): unknown {
  if (path === "") return root;
  let node: unknown = root;
  for (const part of path.split("/").slice(1)) {
    const key = decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** `properties` and `required` of a schema together with those of its `allOf` branches. */
function mergeAllOf(root: JsonSchemaObject, schema: JsonSchemaObject, depth: number): JsonSchemaObject {
  if (!Array.isArray(schema.allOf)) return schema;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const part of [...schema.allOf, withoutAllOf(schema)]) {
    const resolved = resolve(root, part, depth + 1);
    if (!resolved) continue;
    const merged = mergeAllOf(root, resolved, depth + 1);
    Object.assign(properties, merged.properties ?? {});
    if (Array.isArray(merged.required)) required.push(...(merged.required as string[]));
  }
  return { ...schema, properties, required };
}

function withoutAllOf(schema: JsonSchemaObject): JsonSchemaObject {
  const { allOf: _allOf, ...rest } = schema;
  return rest;
}
