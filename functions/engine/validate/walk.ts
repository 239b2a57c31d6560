// A walk over every sub-schema of a JSON Schema 2020-12 document, with the data path each one
// constrains (`order.items[*].price`), its JSON pointer in the schema and its base URI. The checks that
// a meta-schema cannot do (satisfiability, references, compliance) all start from this walk.
import type { JsonSchema, JsonSchemaObject } from "../schema/types";

export const DEFAULT_BASE_URI = "https://schema.sdga.invalid/root.json";

export interface SchemaSite {
  node: JsonSchema;
  /** The data this sub-schema constrains: a field name, a dotted path, `[*]` for array items, `$` for the root. */
  field: string;
  /** JSON pointer of the sub-schema in the document, e.g. `#/properties/price`. */
  pointer: string;
  /** The base URI `$ref`s in this sub-schema resolve against. */
  baseUri: string;
  /** Inside `not` or `if`: a contradiction here is not an error (it only makes the outer schema permissive). */
  negated: boolean;
  /** Inside `$defs` (or `definitions`) and not reached from data: reported under the definition's pointer. */
  definition: boolean;
}

const SINGLE = ["additionalProperties", "propertyNames", "items", "contains", "if", "then", "else", "not",
  "unevaluatedItems", "unevaluatedProperties", "contentSchema"] as const;
const MAP = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"] as const;
const ARRAY = ["allOf", "anyOf", "oneOf", "prefixItems"] as const;

export function isSchemaObject(value: unknown): value is JsonSchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `parent.name`, written so the root reads as the bare name and odd names stay unambiguous. */
export function childField(parent: string, name: string): string {
  const safe = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(name) ? name : JSON.stringify(name);
  if (parent === "$") return /^[A-Za-z_$]/.test(safe) ? safe : `$[${safe}]`;
  return /^[A-Za-z_$]/.test(safe) ? `${parent}.${safe}` : `${parent}[${safe}]`;
}
const itemField = (parent: string, index = "*") => `${parent}[${index}]`;
const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

function resolveBase(node: JsonSchema, base: string): string {
  if (isSchemaObject(node) && typeof node.$id === "string") {
    try {
      return new URL(node.$id, base).href.replace(/#$/, "");
    } catch {
      return base;
    }
  }
  return base;
}

/** Visits every sub-schema, parents before children. */
export function walkSchema(root: JsonSchema, visit: (site: SchemaSite) => void): void {
  const walk = (site: SchemaSite) => {
    visit(site);
    const { node, field, pointer, baseUri, negated, definition } = site;
    if (!isSchemaObject(node)) return;
    const at = (child: unknown, childField: string, childPointer: string, flags: Partial<SchemaSite> = {}) => {
      if (typeof child !== "boolean" && !isSchemaObject(child)) return;
      walk({
        node: child, field: childField, pointer: childPointer, baseUri: resolveBase(child, baseUri),
        negated: flags.negated ?? negated, definition: flags.definition ?? definition,
      });
    };
    for (const key of SINGLE) {
      const child = node[key];
      if (key === "items" && Array.isArray(child)) {
        // draft-07 tuple form: treat like prefixItems.
        child.forEach((c, i) => at(c, itemField(field, String(i)), `${pointer}/items/${i}`));
        continue;
      }
      const childFieldName = key === "additionalProperties" || key === "unevaluatedProperties" ? childField(field, "*")
        : key === "items" || key === "contains" || key === "unevaluatedItems" ? itemField(field)
        : field;
      at(child, childFieldName, `${pointer}/${key}`, key === "not" || key === "if" ? { negated: true } : {});
    }
    for (const key of MAP) {
      const map = node[key];
      if (!isSchemaObject(map)) continue;
      for (const [name, child] of Object.entries(map)) {
        const childPointer = `${pointer}/${key}/${escapePointer(name)}`;
        if (key === "properties") at(child, childField(field, name), childPointer);
        else if (key === "patternProperties") at(child, childField(field, `/${name}/`), childPointer);
        else if (key === "dependentSchemas") at(child, field, childPointer);
        else at(child, childPointer, childPointer, { definition: true });
      }
    }
    for (const key of ARRAY) {
      const list = node[key];
      if (!Array.isArray(list)) continue;
      list.forEach((child, i) => at(child, key === "prefixItems" ? itemField(field, String(i)) : field, `${pointer}/${key}/${i}`));
    }
  };
  walk({ node: root, field: "$", pointer: "#", baseUri: resolveBase(root, DEFAULT_BASE_URI), negated: false, definition: false });
}

/** The sub-schemas directly under a schema, except definitions (`$defs`), which apply only when referenced. */
export function childSchemas(node: JsonSchema): JsonSchema[] {
  if (!isSchemaObject(node)) return [];
  const out: unknown[] = [];
  for (const key of SINGLE) {
    const child = node[key];
    if (Array.isArray(child)) out.push(...child);
    else out.push(child);
  }
  for (const key of MAP) {
    if (key === "$defs" || key === "definitions") continue;
    if (isSchemaObject(node[key])) out.push(...Object.values(node[key]));
  }
  for (const key of ARRAY) if (Array.isArray(node[key])) out.push(...(node[key] as unknown[]));
  return out.filter((c): c is JsonSchema => typeof c === "boolean" || isSchemaObject(c));
}

/** Every sub-schema object that can apply to some value: reached from the root through keywords and `$ref`s. */
export function reachableSchemas(root: JsonSchema, refEdges: Map<JsonSchemaObject, JsonSchema>): Set<JsonSchemaObject> {
  const reached = new Set<JsonSchemaObject>();
  const pending: JsonSchema[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (!isSchemaObject(node) || reached.has(node)) continue;
    reached.add(node);
    pending.push(...childSchemas(node));
    const target = refEdges.get(node);
    if (target !== undefined) pending.push(target);
  }
  return reached;
}

/** The data path for a JSON pointer into the schema (for meta-schema errors, which only know the pointer). */
export function fieldForSchemaPointer(root: JsonSchema, pointer: string): string {
  let field = "$";
  let bestLength = -1;
  walkSchema(root, (site) => {
    const sitePointer = site.pointer.slice(1); // without '#'
    const contains = pointer === sitePointer || pointer.startsWith(`${sitePointer}/`);
    if (contains && sitePointer.length > bestLength) {
      field = site.field;
      bestLength = sitePointer.length;
    }
  });
  return field;
}
