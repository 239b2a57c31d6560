// The schema front door. Every way a schema arrives (a field list, a JSON Schema of draft-04, -06, -07,
// 2019-09 or 2020-12, an OpenAPI 3.0/3.1 or Swagger 2.0 document with a component chosen) becomes one
// JSON Schema 2020-12 object plus notes on what was normalised, here and nowhere else. generate, validate,
// metrics, the CLI and both agent adapters call `normaliseSchema`; nothing after it asks which dialect it was.
import { DRAFT_2020_12_URI, draftOfUri, inferDraft, type JsonSchemaDraft, migrateToDraft2020, NoteBook } from "./drafts";
import { embedReferencedMetaSchemas, mayReferenceMetaSchemas } from "./metaSchemaRefs";
import { fieldListToJsonSchema, isFieldList } from "./fieldList";
import { normaliseFormats } from "./formats";
import { SchemaInputError, type NormalisationNote } from "./notes";
import { isOpenApiDocument, openApiToJsonSchema } from "./openapi";
import type { JsonSchemaObject } from "./types";

export { SchemaInputError, type NormalisationNote, type SchemaInputProblem } from "./notes";
export { DRAFT_2020_12_URI } from "./drafts";

export type SchemaDialect = "field-list" | JsonSchemaDraft | "openapi-3.0" | "openapi-3.1" | "swagger-2.0";

export interface NormalisedSchema {
  /** The schema as JSON Schema 2020-12, `$schema` set. Never the caller's object: a copy when anything changed. */
  readonly schema: JsonSchemaObject;
  /** What the input was written in. */
  readonly dialect: SchemaDialect;
  /** What was changed or assumed on the way, each with a pointer into the input as written. */
  readonly notes: NormalisationNote[];
  /** The component (`components/schemas/NAME`, `$defs/NAME`, `definitions/NAME`) the schema was taken from. */
  readonly component?: string;
}

export interface NormaliseOptions {
  /**
   * The component to use: `NAME` of `components/schemas/NAME` in an OpenAPI document, or of `$defs/NAME` /
   * `definitions/NAME` in a JSON Schema document. Required for an OpenAPI document with several schemas.
   */
  component?: string;
}

/** The inputs already seen, so every layer that normalises the same object pays once. */
const seen = new WeakMap<object, Map<string, NormalisedSchema>>();
/** Schemas this module produced: normalising one again returns it unchanged. */
const produced = new WeakSet<object>();

/**
 * The input as JSON Schema 2020-12, with notes. Throws SchemaInputError naming every problem (with a pointer
 * into the input) when it cannot be read as a schema at all; everything else it can read is accepted, and
 * judged afterwards by the validator (contradictions, unsatisfiable constraints) like any 2020-12 schema.
 */
export function normaliseSchema(input: unknown, options: NormaliseOptions = {}): NormalisedSchema {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new SchemaInputError([{
      path: "", rule: "schema-is-object",
      message: `the schema must be a JSON object (a field list {"fields": [...]}, a JSON Schema or an OpenAPI document), got ${Array.isArray(input) ? "an array" : input === null ? "null" : typeof input}`,
    }]);
  }
  const component = options.component;
  if (component !== undefined && (typeof component !== "string" || component === "")) {
    throw new SchemaInputError([{ path: "", rule: "component-name", message: "component must be a non-empty name" }]);
  }
  if (produced.has(input) && component === undefined) {
    return { schema: input as JsonSchemaObject, dialect: "draft-2020-12", notes: [] };
  }
  const key = component ?? "";
  const cached = seen.get(input)?.get(key);
  if (cached) return cached;
  const result = normaliseUncached(input as Record<string, unknown>, component);
  produced.add(result.schema);
  if (!seen.has(input)) seen.set(input, new Map());
  seen.get(input)!.set(key, result);
  return result;
}

function normaliseUncached(input: Record<string, unknown>, component: string | undefined): NormalisedSchema {
  if (isFieldList(input)) {
    if (component !== undefined) throw componentOnFieldList();
    const { schema, notes } = fieldListToJsonSchema(input);
    return finish(schema, "field-list", notes, undefined, true);
  }
  if (isOpenApiDocument(input)) {
    const converted = openApiToJsonSchema(input, component);
    // 3.2 and later read their schemas as 3.1 does (JSON Schema 2020-12).
    const dialect: SchemaDialect = typeof input.swagger === "string" ? "swagger-2.0" : String(input.openapi).startsWith("3.0") ? "openapi-3.0" : "openapi-3.1";
    return finish(converted.schema, dialect, converted.notes, converted.component, true);
  }
  return fromJsonSchema(input, component);
}

function fromJsonSchema(input: JsonSchemaObject, component: string | undefined): NormalisedSchema {
  const notes: NormalisationNote[] = [];
  // A `$schema` names the draft; a custom meta-schema or none at all leaves it to the keywords used.
  let draft = typeof input.$schema === "string" ? draftOfUri(input.$schema) : undefined;
  if (draft === undefined) {
    const evidence = inferDraft(input);
    draft = evidence.draft;
    const declared = input.$schema === undefined ? `no "$schema"` : `"$schema" ${JSON.stringify(input.$schema).slice(0, 120)} is no JSON Schema draft this engine knows`;
    if (input.$schema !== undefined || evidence.because) {
      notes.push({
        path: input.$schema === undefined ? "" : "/$schema", rule: input.$schema === undefined ? "draft-inferred" : "schema-dialect-unknown",
        message: `${declared}: read as ${draft}${evidence.because ? ` because of ${evidence.because}` : ""}`,
      });
    }
  }
  let schema = input;
  let copied = false;
  if (draft !== "draft-2020-12") {
    const migrated = migrateToDraft2020(input, draft);
    schema = migrated.schema;
    copied = true;
    notes.push(...migrated.notes);
  }
  if (mayReferenceMetaSchemas(schema)) {
    if (!copied) schema = structuredClone(schema);
    copied = true;
    const book = new NoteBook();
    embedReferencedMetaSchemas(schema, book);
    notes.push(...book.list());
  }
  let chosen: string | undefined;
  if (component !== undefined) {
    // Only the root is new: `finish` copies before changing anything the caller's object still shares.
    schema = selectDefinition(schema, component);
    chosen = component;
  }
  return finish(schema, draft, notes, chosen, copied);
}

/** The document with `$defs/NAME` (or `definitions/NAME`) as its root, the other definitions kept for its `$ref`s. */
function selectDefinition(document: JsonSchemaObject, name: string): JsonSchemaObject {
  for (const container of ["$defs", "definitions"] as const) {
    const defs = document[container];
    if (typeof defs !== "object" || defs === null || !Object.hasOwn(defs, name)) continue;
    const chosen = (defs as Record<string, unknown>)[name];
    const keep: JsonSchemaObject = {};
    for (const k of ["$id", "$defs", "definitions"]) if (document[k] !== undefined) keep[k] = document[k];
    // Inlined at the root where that changes nothing a `$ref` sees; otherwise reached through a `$ref`.
    const inlinable = typeof chosen === "object" && chosen !== null && !Array.isArray(chosen)
      && !["$id", "$defs", "definitions", "$anchor", "$dynamicAnchor"].some((k) => k in chosen);
    const pointer = `#/${container}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    return inlinable ? { ...keep, ...(chosen as JsonSchemaObject) } : { ...keep, $ref: encodeURI(pointer) };
  }
  const available = [...Object.keys(asObject(document.$defs)), ...Object.keys(asObject(document.definitions))];
  throw new SchemaInputError([{
    path: "", rule: "component-missing",
    message: available.length
      ? `the schema has no "$defs/${name}" or "definitions/${name}"; it defines ${listNames(available)}`
      : `the schema has no "$defs" or "definitions", so there is no component "${name}" to choose; leave component out to use the whole schema`,
  }]);
}

function asObject(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Up to 50 names, then how many more. */
export function listNames(names: string[]): string {
  const shown = names.slice(0, 50).map((n) => JSON.stringify(n)).join(", ");
  return names.length > 50 ? `${shown} and ${names.length - 50} more` : shown;
}

function componentOnFieldList(): SchemaInputError {
  return new SchemaInputError([{ path: "", rule: "component-on-field-list", message: "component names a part of a JSON Schema or OpenAPI document; a field list has none" }]);
}

/** The last steps every dialect shares: formats that are regexes or unknown, and the 2020-12 `$schema`. */
function finish(schema: JsonSchemaObject, dialect: SchemaDialect, notes: NormalisationNote[], component: string | undefined, copied: boolean): NormalisedSchema {
  // The field-list compiler reads formats itself (a regex in a field's format is the common case there).
  const readFormats = dialect !== "field-list";
  const needsCopy = !copied && (schema.$schema !== DRAFT_2020_12_URI || (readFormats && formatsNeedWork(schema)));
  const out: JsonSchemaObject = needsCopy ? structuredClone(schema) : schema;
  if (readFormats) notes.push(...normaliseFormats(out));
  if (out.$schema !== DRAFT_2020_12_URI) {
    delete out.$schema;
    const withDialect = { $schema: DRAFT_2020_12_URI, ...out };
    return { schema: withDialect, dialect, notes, ...(component !== undefined ? { component } : {}) };
  }
  return { schema: out, dialect, notes, ...(component !== undefined ? { component } : {}) };
}

/** True when normaliseFormats would change something: checked on a dry copy only when a format is present. */
function formatsNeedWork(schema: JsonSchemaObject): boolean {
  if (!JSON.stringify(schema).includes('"format"')) return false;
  return normaliseFormats(structuredClone(schema)).length > 0;
}

/** The input's JSON Schema 2020-12 form (see normaliseSchema), for code that needs no notes. */
export function toJsonSchema(input: unknown): JsonSchemaObject {
  return normaliseSchema(input).schema;
}

