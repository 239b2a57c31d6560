// Local `$ref` resolution for JSON Schema 2020-12: JSON pointers, `$anchor`/`$dynamicAnchor` names and
// `$id`-relative URIs inside one document. Remote references are not fetched: they resolve to undefined
// and the caller reports them.
import type { JsonSchema, JsonSchemaObject } from "./types";

/** Base URI given to a document without its own `$id`. */
export const DEFAULT_BASE = "https://sdga.invalid/schema.json";

/**
 * A sub-schema with where it sits: its JSON pointer from the document root and the base URI in effect
 * around it (its parent's; apply its own `$id` with `ownBase`).
 */
export interface Located {
  schema: JsonSchema;
  pointer: string;
  base: string;
}

/** The base URI inside `loc`: its own `$id` resolved against the surrounding base. */
export function ownBase(loc: Located): string {
  const s = loc.schema;
  if (typeof s === "object" && typeof s.$id === "string") {
    const resolved = resolveUri(s.$id, loc.base);
    if (resolved) return splitFragment(resolved)[0];
  }
  return loc.base;
}

/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = [
  "not", "if", "then", "else", "contains", "additionalProperties", "propertyNames", "unevaluatedProperties",
  "unevaluatedItems", "items", "additionalItems",
];
/** Keywords whose value is an array of schemas. */
const SCHEMA_ARRAY_KEYWORDS = ["allOf", "anyOf", "oneOf", "prefixItems"];
/** Keywords whose value is a map of name to schema. */
const SCHEMA_MAP_KEYWORDS = ["$defs", "definitions", "properties", "patternProperties", "dependentSchemas"];

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Resolves `reference` against `base`; undefined when it cannot be resolved as a URI. */
export function resolveUri(reference: string, base: string): string | undefined {
  try {
    return new URL(reference, base).href;
  } catch {
    if (reference.startsWith("#")) return base.split("#")[0] + reference;
    try { return new URL(reference).href; } catch { return undefined; }
  }
}

function splitFragment(uri: string): [string, string] {
  const at = uri.indexOf("#");
  return at < 0 ? [uri, ""] : [uri.slice(0, at), decodeURIComponent(uri.slice(at + 1))];
}

/** Every child schema of a schema object, with the pointer segments that reach it. */
export function childSchemas(schema: JsonSchemaObject): Array<[string[], JsonSchema]> {
  const children: Array<[string[], JsonSchema]> = [];
  const isSchema = (v: unknown): v is JsonSchema => typeof v === "boolean" || (typeof v === "object" && v !== null && !Array.isArray(v));
  for (const k of SCHEMA_KEYWORDS) if (isSchema(schema[k])) children.push([[k], schema[k] as JsonSchema]);
  for (const k of SCHEMA_ARRAY_KEYWORDS) {
    const list = schema[k];
    if (Array.isArray(list)) list.forEach((s, i) => { if (isSchema(s)) children.push([[k, String(i)], s]); });
  }
  for (const k of SCHEMA_MAP_KEYWORDS) {
    const map = schema[k];
    if (isSchema(map) && typeof map === "object") {
      for (const [name, s] of Object.entries(map)) if (isSchema(s)) children.push([[k, name], s]);
    }
  }
  return children;
}

/** Index of one document's resources and anchors, answering `$ref` look-ups. */
export class RefResolver {
  private readonly resources = new Map<string, Located>();
  private readonly anchors = new Map<string, Located>();
  readonly root: Located;

  constructor(rootSchema: JsonSchema, rootBase = DEFAULT_BASE) {
    this.root = { schema: rootSchema, pointer: "", base: rootBase };
    this.resources.set(rootBase, this.root);
    this.index(rootSchema, "", rootBase);
  }

  private index(schema: JsonSchema, pointer: string, parentBase: string): void {
    if (typeof schema !== "object") return;
    const here: Located = { schema, pointer, base: parentBase };
    const base = ownBase(here);
    if (base !== parentBase || pointer === "") this.resources.set(base, here);
    for (const key of ["$anchor", "$dynamicAnchor"]) {
      if (typeof schema[key] === "string") this.anchors.set(`${base}#${schema[key] as string}`, here);
    }
    for (const [segments, child] of childSchemas(schema)) {
      this.index(child, pointer + "/" + segments.map(escapePointer).join("/"), base);
    }
  }

  /** The schema `$ref` points at, seen from base URI `base`; undefined for remote or dangling references. */
  resolve(ref: string, base: string): Located | undefined {
    const absolute = resolveUri(ref, base);
    if (!absolute) return undefined;
    const [uri, fragment] = splitFragment(absolute);
    const resource = this.resources.get(uri);
    if (!resource) return undefined;
    if (fragment === "") return resource;
    if (!fragment.startsWith("/")) return this.anchors.get(`${uri}#${fragment}`);
    let current: unknown = resource.schema;
    let inside = ownBase(resource);
    let around = resource.base;
    let pointer = resource.pointer;
    for (const raw of fragment.slice(1).split("/")) {
      const segment = unescapePointer(raw);
      if (typeof current !== "object" || current === null || !(segment in current)) return undefined;
      current = (current as Record<string, unknown>)[segment];
      pointer += "/" + escapePointer(segment);
      around = inside;
      if (typeof current === "object" && current !== null && !Array.isArray(current)) {
        inside = ownBase({ schema: current as JsonSchemaObject, pointer, base: around });
      }
    }
    if (typeof current !== "boolean" && (typeof current !== "object" || current === null || Array.isArray(current))) return undefined;
    return { schema: current as JsonSchema, pointer, base: around };
  }

  /** Every `$ref`/`$dynamicRef` in the document that does not resolve locally, with its pointer. */
  unresolved(): Array<{ pointer: string; ref: string }> {
    const missing: Array<{ pointer: string; ref: string }> = [];
    const walk = (loc: Located): void => {
      const s = loc.schema;
      if (typeof s !== "object") return;
      const base = ownBase(loc);
      for (const key of ["$ref", "$dynamicRef"]) {
        if (typeof s[key] === "string" && !this.resolve(s[key] as string, base)) missing.push({ pointer: loc.pointer, ref: s[key] as string });
      }
      for (const [segments, child] of childSchemas(s)) {
        walk({ schema: child, pointer: loc.pointer + "/" + segments.map(escapePointer).join("/"), base });
      }
    };
    walk(this.root);
    return missing;
  }
}
