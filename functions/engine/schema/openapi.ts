// OpenAPI documents (3.0, 3.1, and Swagger 2.0 definitions) into the engine's JSON Schema 2020-12: the
// chosen component's schema at the root, every component it reaches (and nothing else) under `$defs`,
// with OpenAPI's own Schema Object semantics (nullable, boolean exclusive bounds, example, formats,
// discriminator) turned into plain 2020-12 keywords. Notes and problems name their place as a JSON
// Pointer into the document as written (`/components/schemas/Pet/properties/id`).
//
// Conversion runs in two passes: the first converts the root component and then, breadth first, every
// unit a `$ref` reaches (a component, or another schema in the document such as a parameter's), and
// records where each original schema landed in the output; the second rewrites every `$ref` from that
// record, so a reference into a schema the conversion restructured (a nullable one wrapped in anyOf)
// still finds its target.
import { type NormalisationNote, SchemaInputError, type SchemaInputProblem } from "./notes";
import { escapePointer } from "./refs";
import type { JsonSchema, JsonSchemaObject } from "./types";

const DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

/** Component names listed in an error before "and N more". */
const MAX_LISTED_COMPONENTS = 50;
/** Places named in one aggregated note before "and N more". */
const MAX_NOTE_PATHS = 3;

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
/**
 * Canonical (padded) base64 (RFC 4648): whole 4-character groups, `=` padding only at the end, and the
 * unused bits before the padding zero (so every value is what an encoder writes for some bytes).
 */
export const BASE64_PATTERN = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$";

type Flavour = "2.0" | "3.0" | "3.1";

/** Keywords that describe a value without constraining it: they stay outside a nullable wrapper. */
const ANNOTATIONS = new Set([
  "title", "description", "default", "examples", "example", "deprecated", "readOnly", "writeOnly",
  "externalDocs", "xml", "$comment", "$id", "$anchor", "$dynamicAnchor", "$schema", "$defs", "definitions",
]);
/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = new Set([
  "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedItems",
  "unevaluatedProperties", "contentSchema",
]);
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYWORDS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
/** Keywords next to which `nullable` cannot be a type union: the value must be wrapped. */
const COMPOSITION = ["$ref", "$dynamicRef", "allOf", "anyOf", "oneOf", "not", "if", "const"];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Sets an own property, also for the key `__proto__` (plain assignment would change the prototype). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** A deep copy of a JSON value. */
function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) put(out, k, cloneJson(v));
    return out;
  }
  return value;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The value at a JSON Pointer, or undefined when there is none. Only own properties are followed. */
function resolvePointer(doc: unknown, pointer: string): unknown {
  if (pointer === "") return doc;
  let at: unknown = doc;
  for (const raw of pointer.slice(1).split("/")) {
    const key = unescapePointer(raw);
    if (Array.isArray(at)) {
      if (!/^(0|[1-9][0-9]*)$/.test(key)) return undefined;
      at = at[Number(key)];
    } else if (isObject(at) && Object.hasOwn(at, key)) {
      at = at[key];
    } else {
      return undefined;
    }
  }
  return at;
}

/** A JSON Pointer as a URI fragment (`#/...`), percent-encoding what a fragment cannot hold. */
function pointerFragment(pointer: string): string {
  return "#" + pointer.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]/gu, (c) => encodeURIComponent(c));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * True for an OpenAPI 3.x document (`openapi: "3.0.x"`, `"3.1.x"`, ...) and for a Swagger 2.0 document
 * with `definitions`. Version support is checked by openApiToJsonSchema, which names what it refuses.
 */
export function isOpenApiDocument(input: unknown): boolean {
  if (!isObject(input)) return false;
  if (typeof input.openapi === "string") return /^3\.\d+/.test(input.openapi);
  return input.swagger === "2.0" && isObject(input.definitions);
}

export interface OpenApiConversion {
  /** The chosen component as JSON Schema 2020-12, the components it reaches under `$defs`. */
  schema: JsonSchemaObject;
  notes: NormalisationNote[];
  /** The component converted (the one asked for, or the document's only one). */
  component: string;
}

/** One thing to convert into `$defs`: a component, or another schema in the document a `$ref` points at. */
interface Unit {
  key: string;
  inPtr: string;
}

/** A `$ref` (or a discriminator mapping entry) to rewrite once every unit is converted. */
interface RefSite {
  holder: Record<string, unknown>;
  key: string;
  /** JSON Pointer of the target in the original document. */
  target: string;
  /** Where the reference is, in the original document. */
  at: string;
  /** Mapping entries are annotations: an unconverted target leaves them as they are instead of failing. */
  optional: boolean;
}

class Converter {
  readonly notes: NormalisationNote[] = [];
  readonly problems: SchemaInputProblem[] = [];
  /** Where each original schema (JSON Pointer into the document) landed under `$defs`. */
  private readonly landed = new Map<string, string>();
  private recording = false;
  readonly defs = new Map<string, JsonSchema>();
  private readonly queue: Unit[] = [];
  private readonly queued = new Set<string>();
  private readonly sites: RefSite[] = [];

  constructor(
    private readonly doc: Record<string, unknown>,
    private readonly flavour: Flavour,
    /** `/components/schemas`, or `/definitions` for Swagger 2.0. */
    private readonly componentsPtr: string,
    private readonly components: Record<string, unknown>,
  ) {}

  note(path: string, rule: string, message: string): void {
    this.notes.push({ path, rule, message });
  }

  problem(path: string, rule: string, message: string): void {
    this.problems.push({ path, rule, message });
  }

  componentPointer(name: string): string {
    return `${this.componentsPtr}/${escapePointer(name)}`;
  }

  /** The component a pointer is inside of, if any. */
  private componentOf(pointer: string): string | undefined {
    const prefix = this.componentsPtr + "/";
    if (!pointer.startsWith(prefix)) return undefined;
    const name = unescapePointer(pointer.slice(prefix.length).split("/")[0]);
    return Object.hasOwn(this.components, name) ? name : undefined;
  }

  /** Converts the chosen component at the root, then every unit it reaches. */
  run(name: string): JsonSchema {
    const root = this.convert(this.components[name], this.componentPointer(name), "");
    this.recording = true;
    for (let unit = this.queue.shift(); unit; unit = this.queue.shift()) {
      const outPtr = `/$defs/${escapePointer(unit.key)}`;
      this.defs.set(unit.key, this.convert(resolvePointer(this.doc, unit.inPtr), unit.inPtr, outPtr));
    }
    this.rewriteRefs();
    return root;
  }

  private enqueue(key: string, inPtr: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push({ key, inPtr });
  }

  /** The original pointer a local `$ref` names (queuing the unit that holds it), or undefined after a problem. */
  private refTarget(ref: string, at: string): string | undefined {
    if (!ref.startsWith("#")) {
      this.problem(at, "openapi-ref-remote", `$ref "${ref}" points outside the document: remote references are not fetched (bundle the document first)`);
      return undefined;
    }
    let pointer: string;
    try {
      pointer = decodeURIComponent(ref.slice(1));
    } catch {
      this.problem(at, "openapi-ref-invalid", `$ref "${ref}" is not a valid URI fragment`);
      return undefined;
    }
    if (pointer === "") {
      this.problem(at, "openapi-ref-invalid", `$ref "${ref}" points at the whole document, which is not a schema`);
      return undefined;
    }
    if (!pointer.startsWith("/")) {
      // A plain-name fragment: an `$anchor` (OpenAPI 3.1 only), resolved by the validator as it is.
      if (this.flavour !== "3.1") this.problem(at, "openapi-ref-invalid", `$ref "${ref}" is not a JSON Pointer fragment`);
      return undefined;
    }
    const target = resolvePointer(this.doc, pointer);
    if (target === undefined) {
      this.problem(at, "openapi-ref-unresolved", `$ref "${ref}" does not resolve in the document`);
      return undefined;
    }
    const component = this.componentOf(pointer);
    if (component !== undefined) {
      this.enqueue(component, this.componentPointer(component));
    } else if (isObject(target) || typeof target === "boolean") {
      this.note(at, "openapi-ref-local", `$ref "${ref}" names a schema outside the schema components: copied under $defs`);
      this.enqueue(pointer, pointer);
    } else {
      this.problem(at, "openapi-ref-not-schema", `$ref "${ref}" points at ${Array.isArray(target) ? "an array" : typeof target}, not a schema`);
      return undefined;
    }
    return pointer;
  }

  private rewriteRefs(): void {
    for (const site of this.sites) {
      const out = this.landed.get(site.target);
      if (out !== undefined) {
        site.holder[site.key] = pointerFragment(out);
      } else if (!site.optional) {
        this.problem(site.at, "openapi-ref-not-schema", `$ref "${site.holder[site.key] as string}" points inside a schema but not at a schema (e.g. at a properties map)`);
      }
    }
  }

  /** Converts one schema found at `inPtr` in the document, to be placed at `outPtr` in the output. */
  convert(node: unknown, inPtr: string, outPtr: string): JsonSchema {
    if (this.recording && !this.landed.has(inPtr)) this.landed.set(inPtr, outPtr);
    if (typeof node === "boolean") {
      if (this.flavour !== "3.1") this.note(inPtr, "openapi-boolean-schema", "a boolean schema is JSON Schema, not an OpenAPI 3.0 Schema Object: read as JSON Schema");
      return node;
    }
    if (!isObject(node)) {
      this.problem(inPtr, "openapi-schema-invalid", `a schema must be an object, not ${Array.isArray(node) ? "an array" : node === null ? "null" : typeof node}`);
      return {};
    }
    const s = node;
    let nullable = this.flavour === "2.0" ? s["x-nullable"] === true : s.nullable === true;
    if (nullable && outPtr === "") {
      // A row is a record, not null: the chosen component is generated as its non-null form (where it is
      // referenced, under $defs, it stays nullable).
      nullable = false;
      this.note(inPtr, "openapi-nullable-root", "the component itself is nullable (null where it is referenced): rows are generated from its non-null form");
    }
    if ("nullable" in s && this.flavour === "3.1") {
      this.note(`${inPtr}/nullable`, "openapi-31-nullable", "nullable is an OpenAPI 3.0 keyword; read as in 3.0 (3.1 spells it type: [..., \"null\"])");
    }
    const hasAssertions = Object.keys(s).some((k) => !ANNOTATIONS.has(k) && !k.startsWith("x-") && k !== "nullable" && k !== "discriminator");
    const wrap = nullable && hasAssertions && (s.type === undefined || COMPOSITION.some((k) => k in s));
    const outer: Record<string, unknown> = {};
    const body: Record<string, unknown> = wrap ? {} : outer;
    const bodyPtr = wrap ? `${outPtr}/anyOf/0` : outPtr;

    for (const [key, value] of Object.entries(s)) {
      const here = `${inPtr}/${escapePointer(key)}`;
      const toOuter = wrap && (ANNOTATIONS.has(key) || key.startsWith("x-"));
      const target = toOuter ? outer : body;
      const base = toOuter ? outPtr : bodyPtr;
      const there = `${base}/${escapePointer(key)}`;
      if (key === "nullable" && this.flavour !== "2.0") continue;
      if (key === "example" || key === "discriminator") continue; // after the loop
      if ((key === "exclusiveMinimum" || key === "exclusiveMaximum") && typeof value === "boolean") continue; // after the loop
      if (key === "$ref" || key === "$dynamicRef") {
        if (typeof value !== "string") {
          this.problem(here, "openapi-ref-invalid", `${key} must be a string`);
          continue;
        }
        put(target, key, value);
        if (key === "$ref") {
          const pointer = this.refTarget(value, here);
          if (pointer !== undefined) this.sites.push({ holder: target, key, target: pointer, at: here, optional: false });
        }
      } else if (key === "type" && value === "file" && this.flavour === "2.0") {
        this.note(here, "swagger-file-type", "type file (an upload) is generated as a string");
        put(target, key, "string");
      } else if (key === "items" && Array.isArray(value)) {
        // Tuple items (draft-04 form): 2020-12 calls them prefixItems, and additionalItems becomes items.
        this.note(here, "openapi-tuple-items", "an array of item schemas is a tuple: converted to prefixItems");
        put(target, "prefixItems", value.map((v, i) => this.convert(v, `${here}/${i}`, `${base}/prefixItems/${i}`)));
        if ("additionalItems" in s) put(target, "items", this.convert(s.additionalItems, `${inPtr}/additionalItems`, `${base}/items`));
      } else if (key === "additionalItems" && Array.isArray(s.items)) {
        continue; // converted with the tuple
      } else if (key === "additionalProperties" && typeof value === "boolean") {
        put(target, key, value); // OpenAPI 3.0 allows a boolean here, and only here
      } else if (key === "items" || key === "additionalItems" || SCHEMA_KEYWORDS.has(key)) {
        put(target, key, this.convert(value, here, there));
      } else if (SCHEMA_LIST_KEYWORDS.has(key) && Array.isArray(value)) {
        put(target, key, value.map((v, i) => this.convert(v, `${here}/${i}`, `${there}/${i}`)));
      } else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
        const map: Record<string, unknown> = {};
        for (const [name, v] of Object.entries(value)) {
          put(map, name, this.convert(v, `${here}/${escapePointer(name)}`, `${there}/${escapePointer(name)}`));
        }
        put(target, key, map);
      } else if (key === "dependencies" && isObject(value)) {
        // Draft-04 dependencies: lists of names become dependentRequired, schemas dependentSchemas.
        for (const [name, v] of Object.entries(value)) {
          if (Array.isArray(v)) {
            const required = (target.dependentRequired ??= {}) as Record<string, unknown>;
            put(required, name, cloneJson(v));
          } else {
            const schemas = (target.dependentSchemas ??= {}) as Record<string, unknown>;
            put(schemas, name, this.convert(v, `${here}/${escapePointer(name)}`, `${base}/dependentSchemas/${escapePointer(name)}`));
          }
        }
        this.note(here, "openapi-dependencies", "dependencies split into dependentRequired and dependentSchemas");
      } else {
        put(target, key, cloneJson(value));
      }
    }

    this.exclusiveBounds(s, body, inPtr);
    this.example(s, outer, inPtr);
    this.format(body, inPtr);
    if (s.readOnly === true || s.writeOnly === true) {
      this.note(inPtr, "openapi-read-write-only", "readOnly/writeOnly kept as annotations: generated values include these properties as the schema describes them");
    }
    this.discriminator(s, body, inPtr);
    this.inheritedDiscriminator(s, body, inPtr);

    if (nullable) {
      if (wrap) {
        outer.anyOf = [body, { type: "null" }];
        this.note(inPtr, "openapi-nullable", "nullable: true beside $ref/allOf/oneOf or without a type: anyOf [the schema, {type: null}]");
      } else if (s.type !== undefined) {
        const types = Array.isArray(body.type) ? body.type : [body.type];
        if (!types.includes("null")) body.type = [...types, "null"];
        if (Array.isArray(body.enum) && !body.enum.includes(null)) body.enum = [...body.enum, null];
        this.note(inPtr, "openapi-nullable", "nullable: true: null added to the type (and to the enum)");
      }
      // No type and no assertions: the schema already accepts null.
    }
    return outer;
  }

  /** OpenAPI 3.0 (draft-04) boolean exclusiveMinimum/exclusiveMaximum become 2020-12's numeric bounds. */
  private exclusiveBounds(s: Record<string, unknown>, body: Record<string, unknown>, inPtr: string): void {
    for (const [flag, bound] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
      if (typeof s[flag] !== "boolean") continue;
      if (s[flag] === true && typeof s[bound] === "number") {
        body[flag] = s[bound];
        delete body[bound];
        this.note(`${inPtr}/${flag}`, "openapi-exclusive-bound", `boolean ${flag}: true with ${bound} becomes ${flag}: <the ${bound}>`);
      } else if (s[flag] === true) {
        this.note(`${inPtr}/${flag}`, "openapi-exclusive-bound", `${flag}: true without ${bound} has no effect: dropped`);
      }
      if (this.flavour === "3.1") this.note(`${inPtr}/${flag}`, "openapi-31-exclusive-bound", `a boolean ${flag} is OpenAPI 3.0; read as in 3.0`);
    }
  }

  /** `example` (one value) becomes `examples` (a list), ahead of any examples already there. */
  private example(s: Record<string, unknown>, outer: Record<string, unknown>, inPtr: string): void {
    if (!("example" in s)) return;
    const example = cloneJson(s.example);
    const existing = Array.isArray(outer.examples) ? outer.examples : [];
    outer.examples = existing.some((e) => sameJson(e, example)) ? existing : [example, ...existing];
    this.note(`${inPtr}/example`, "openapi-example", "example becomes examples: [example]");
  }

  /** OpenAPI's data-type formats: int32 bounds, byte as base64 text; the others are annotations. */
  private format(body: Record<string, unknown>, inPtr: string): void {
    const format = body.format;
    if (typeof format !== "string") return;
    const types = body.type === undefined ? undefined : Array.isArray(body.type) ? body.type : [body.type];
    const here = `${inPtr}/format`;
    if (format === "int32" && types && (types.includes("integer") || types.includes("number"))) {
      let changed = false;
      const narrowLow = (typeof body.minimum === "number" && body.minimum >= INT32_MIN)
        || (typeof body.exclusiveMinimum === "number" && body.exclusiveMinimum >= INT32_MIN - 1);
      if (!narrowLow) { body.minimum = INT32_MIN; changed = true; }
      const narrowHigh = (typeof body.maximum === "number" && body.maximum <= INT32_MAX)
        || (typeof body.exclusiveMaximum === "number" && body.exclusiveMaximum <= INT32_MAX + 1);
      if (!narrowHigh) { body.maximum = INT32_MAX; changed = true; }
      if (changed) this.note(here, "openapi-format-int32", "format int32: bounded to the 32-bit signed range");
    } else if (format === "int64") {
      this.note(here, "openapi-format-int64", "format int64 kept as an annotation: generated integers stay within the safe integer range (±2^53)");
    } else if (format === "byte" && (!types || types.includes("string"))) {
      body.contentEncoding ??= "base64";
      if (body.pattern === undefined) body.pattern = BASE64_PATTERN;
      else if (body.pattern !== BASE64_PATTERN) body.allOf = [...(Array.isArray(body.allOf) ? body.allOf : []), { pattern: BASE64_PATTERN }];
      this.note(here, "openapi-format-byte", "format byte: base64 text (contentEncoding base64 and a base64 pattern)");
    } else if (format === "binary") {
      this.note(here, "openapi-format-binary", "format binary (raw octets) cannot be carried in JSON: generated as plain strings");
    }
  }

  /** The property name of a discriminator (an object in 3.x, a bare name in Swagger 2.0). */
  private discriminatorProperty(d: unknown): string | undefined {
    if (this.flavour === "2.0") return typeof d === "string" ? d : undefined;
    return isObject(d) && typeof d.propertyName === "string" ? d.propertyName : undefined;
  }

  /** The mapping of a discriminator as value -> original pointer of the schema it names. */
  private mappingTargets(d: unknown, at: string): Array<[string, string]> {
    if (!isObject(d) || !isObject(d.mapping)) return [];
    const out: Array<[string, string]> = [];
    for (const [value, target] of Object.entries(d.mapping)) {
      if (typeof target !== "string") continue;
      if (target.startsWith("#")) {
        try {
          out.push([value, decodeURIComponent(target.slice(1))]);
        } catch {
          this.note(`${at}/mapping/${escapePointer(value)}`, "openapi-discriminator-mapping", `mapping target "${target}" is not a valid URI fragment: ignored`);
        }
      } else if (Object.hasOwn(this.components, target)) {
        out.push([value, this.componentPointer(target)]);
      } else {
        this.note(`${at}/mapping/${escapePointer(value)}`, "openapi-discriminator-mapping", `mapping target "${target}" is neither a local reference nor a component name: ignored`);
      }
    }
    return out;
  }

  /** The values a discriminated branch (a schema at `pointer`) carries: the mapping's, else its component's name. */
  private discriminatorValues(mapping: Array<[string, string]>, pointer: string): string[] {
    const mapped = mapping.filter(([, target]) => target === pointer).map(([value]) => value);
    if (mapped.length) return mapped;
    const component = this.componentOf(pointer);
    return component !== undefined && this.componentPointer(component) === pointer ? [component] : [];
  }

  private static tag(property: string, values: string[]): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    put(properties, property, values.length === 1 ? { const: values[0] } : { enum: values });
    return { properties, required: [property] };
  }

  /**
   * A discriminator over oneOf/anyOf branches that are references: each branch is made to carry its
   * discriminator value (const, or enum when several mapping values name it) as a required property.
   */
  private discriminator(s: Record<string, unknown>, body: Record<string, unknown>, inPtr: string): void {
    if (!("discriminator" in s)) return;
    const here = `${inPtr}/discriminator`;
    const property = this.discriminatorProperty(s.discriminator);
    const annotation = cloneJson(s.discriminator);
    body.discriminator = annotation;
    if (property === undefined) {
      this.note(here, "openapi-discriminator", "discriminator without a propertyName: kept as an annotation");
      return;
    }
    const kind = Array.isArray(s.oneOf) ? "oneOf" : Array.isArray(s.anyOf) ? "anyOf" : undefined;
    const mapping = this.mappingTargets(s.discriminator, here);
    // Keep the mapping's references pointing at the converted components.
    if (isObject(annotation) && isObject(annotation.mapping)) {
      for (const [value, target] of mapping) {
        const m = annotation.mapping;
        if (typeof m[value] === "string" && (m[value] as string).startsWith("#")) {
          this.sites.push({ holder: m, key: value, target, at: `${here}/mapping/${escapePointer(value)}`, optional: true });
        }
      }
    }
    if (kind === undefined) {
      // A base schema that its allOf children extend: each child carries its own value (see inheritedDiscriminator).
      this.note(here, "openapi-discriminator-base", `discriminator on a schema without oneOf/anyOf kept as an annotation: values generated for this schema itself carry any "${property}" it allows`);
      return;
    }
    const branches = s[kind] as unknown[];
    const converted = body[kind] as Record<string, unknown>[];
    const covered = new Set<string>();
    branches.forEach((branch, i) => {
      const out = converted[i];
      const ref = isObject(branch) && typeof branch.$ref === "string" && branch.$ref.startsWith("#") ? branch.$ref : undefined;
      let pointer: string | undefined;
      try {
        pointer = ref === undefined ? undefined : decodeURIComponent(ref.slice(1));
      } catch { /* reported with the $ref */ }
      const values = pointer === undefined ? [] : this.discriminatorValues(mapping, pointer);
      if (pointer === undefined || values.length === 0 || !isObject(out)) {
        this.note(`${inPtr}/${kind}/${i}`, "openapi-discriminator-branch", `branch is not a reference to a named schema: its "${property}" value is not constrained`);
        return;
      }
      values.forEach((v) => covered.add(v));
      const tag = Converter.tag(property, values);
      if (!("properties" in out) && !("required" in out)) Object.assign(out, tag);
      else out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), tag];
    });
    for (const [value] of mapping) {
      if (!covered.has(value)) {
        this.note(`${here}/mapping/${escapePointer(value)}`, "openapi-discriminator-mapping", `mapping value "${value}" names no ${kind} branch: it is never generated`);
      }
    }
    this.note(here, "openapi-discriminator", `discriminator "${property}": each ${kind} branch requires its own value(s)`);
  }

  /**
   * A component that extends (allOf) a base with a discriminator and no oneOf/anyOf carries its own
   * discriminator value: the mapping's values naming it, else its component name.
   */
  private inheritedDiscriminator(s: Record<string, unknown>, body: Record<string, unknown>, inPtr: string): void {
    if (!Array.isArray(s.allOf)) return;
    const self = this.componentOf(inPtr);
    if (self === undefined || this.componentPointer(self) !== inPtr) return;
    for (const member of s.allOf) {
      if (!isObject(member) || typeof member.$ref !== "string" || !member.$ref.startsWith("#")) continue;
      let pointer: string;
      try {
        pointer = decodeURIComponent(member.$ref.slice(1));
      } catch {
        continue;
      }
      const base = resolvePointer(this.doc, pointer);
      if (!isObject(base) || !("discriminator" in base) || Array.isArray(base.oneOf) || Array.isArray(base.anyOf)) continue;
      const property = this.discriminatorProperty(base.discriminator);
      if (property === undefined) continue;
      const values = this.discriminatorValues(this.mappingTargets(base.discriminator, `${pointer}/discriminator`), inPtr);
      if (values.length === 0) continue;
      body.allOf = [...(body.allOf as unknown[]), Converter.tag(property, values)];
      this.note(inPtr, "openapi-discriminator-inherited", `extends ${member.$ref}, whose discriminator "${property}" names this schema: "${property}" is required to be ${values.map((v) => JSON.stringify(v)).join(" or ")}`);
    }
  }
}

/**
 * Notes with the same rule and message: at most MAX_NOTE_PATHS of them as they are, more folded into
 * one note at the first place whose message counts them and names the first few places.
 */
export function aggregateNotes(notes: NormalisationNote[]): NormalisationNote[] {
  const seen = new Set<string>();
  const groups = new Map<string, NormalisationNote[]>();
  for (const n of notes) {
    const key = `${n.rule}\u0000${n.path}\u0000${n.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const group = `${n.rule}\u0000${n.message}`;
    const list = groups.get(group) ?? [];
    list.push(n);
    groups.set(group, list);
  }
  const out: NormalisationNote[] = [];
  for (const list of groups.values()) {
    const rule = list[0].rule;
    if (list.length <= MAX_NOTE_PATHS) {
      out.push(...list);
      continue;
    }
    const first = list[0];
    const places = list.slice(0, MAX_NOTE_PATHS).map((n) => n.path || "/").join(", ");
    out.push({
      path: first.path,
      rule,
      message: `${first.message} (at ${list.length} places: ${places} and ${list.length - MAX_NOTE_PATHS} more)`,
    });
  }
  return out;
}

/** The names, at most MAX_LISTED_COMPONENTS of them, then "and N more". */
function listNames(names: string[]): string {
  const shown = names.slice(0, MAX_LISTED_COMPONENTS).join(", ");
  return names.length > MAX_LISTED_COMPONENTS ? `${shown} and ${names.length - MAX_LISTED_COMPONENTS} more` : shown;
}

function flavourOf(doc: Record<string, unknown>, notes: NormalisationNote[]): Flavour {
  if (doc.swagger === "2.0") return "2.0";
  const version = typeof doc.openapi === "string" ? doc.openapi : "";
  if (/^3\.0\.\d+/.test(version)) return "3.0";
  if (/^3\.1\.\d+/.test(version)) return "3.1";
  if (/^3\.\d+\.\d+/.test(version)) {
    // Later 3.x versions keep 3.1's Schema Object (JSON Schema 2020-12).
    notes.push({ path: "/openapi", rule: "openapi-version-assumed", message: `OpenAPI ${version} read as 3.1 (its schemas are JSON Schema 2020-12)` });
    return "3.1";
  }
  throw new SchemaInputError([{
    path: doc.openapi !== undefined ? "/openapi" : "/swagger", rule: "openapi-version-unsupported",
    message: `unsupported OpenAPI version ${JSON.stringify(doc.openapi ?? doc.swagger)}: expected 3.0.x, 3.1.x or Swagger 2.0`,
  }]);
}

/**
 * The component `component` of an OpenAPI document as JSON Schema 2020-12 (see the module comment).
 * With no component, a document with exactly one schema component converts that one (with a note).
 * Throws SchemaInputError naming each problem: a missing or unknown component (listing the available
 * ones), remote or unresolvable references, schemas that are not objects.
 */
export function openApiToJsonSchema(doc: Record<string, unknown>, component: string | undefined): OpenApiConversion {
  const notes: NormalisationNote[] = [];
  const flavour = flavourOf(doc, notes);
  const componentsPtr = flavour === "2.0" ? "/definitions" : "/components/schemas";
  const components = resolvePointer(doc, componentsPtr);
  if (!isObject(components) || Object.keys(components).length === 0) {
    throw new SchemaInputError([{ path: componentsPtr, rule: "openapi-no-components", message: `the document has no schema components (${componentsPtr} is ${components === undefined ? "missing" : "empty or not an object"})` }]);
  }
  if (flavour === "3.1" && doc.jsonSchemaDialect !== undefined) {
    const dialect = doc.jsonSchemaDialect;
    const is202012 = typeof dialect === "string" && (dialect.replace(/#$/, "") === DRAFT_2020_12 || dialect.startsWith("https://spec.openapis.org/oas/3.1/dialect/"));
    if (!is202012) {
      throw new SchemaInputError([{ path: "/jsonSchemaDialect", rule: "openapi-dialect-unsupported", message: `jsonSchemaDialect ${JSON.stringify(dialect)}: only JSON Schema 2020-12 (and the OpenAPI 3.1 base dialect) is read` }]);
    }
  }
  const names = Object.keys(components);
  let name: string;
  if (component === undefined || component === "") {
    if (names.length > 1) {
      throw new SchemaInputError([{ path: componentsPtr, rule: "openapi-component-missing", message: `the document has ${names.length} schema components: choose one of ${listNames(names)}` }]);
    }
    name = names[0];
    notes.push({ path: `${componentsPtr}/${escapePointer(name)}`, rule: "openapi-component-chosen", message: `no component named: converted the document's only schema component "${name}"` });
  } else {
    // "#/components/schemas/Pet" names the component Pet too.
    const prefix = `#${componentsPtr}/`;
    name = component.startsWith(prefix) ? unescapePointer(decodeURIComponentSafe(component.slice(prefix.length))) : component;
    if (!Object.hasOwn(components, name)) {
      const lower = name.toLowerCase();
      const close = names.filter((n) => n.toLowerCase().includes(lower) || lower.includes(n.toLowerCase()));
      const rest = names.filter((n) => !close.includes(n));
      throw new SchemaInputError([{
        path: componentsPtr, rule: "openapi-component-unknown",
        message: `no schema component "${name}"${close.length ? ` (close: ${listNames(close)})` : ""}; the document has ${names.length}: ${listNames([...close, ...rest])}`,
      }]);
    }
  }

  const converter = new Converter(doc, flavour, componentsPtr, components);
  const root = converter.run(name);
  if (converter.problems.length) throw new SchemaInputError(converter.problems);

  const body: JsonSchemaObject = isObject(root) ? root : root ? {} : { not: {} };
  const schema: JsonSchemaObject = { $schema: DRAFT_2020_12 };
  if (typeof body.$schema === "string" && body.$schema.replace(/#$/, "") !== DRAFT_2020_12) {
    notes.push({ path: `${converter.componentPointer(name)}/$schema`, rule: "openapi-schema-dialect", message: `$schema ${body.$schema} replaced by JSON Schema 2020-12` });
  }
  for (const [k, v] of Object.entries(body)) if (k !== "$schema") put(schema, k, v);
  if (converter.defs.size) {
    const defs = (isObject(schema.$defs) ? schema.$defs : {}) as Record<string, unknown>;
    const clashes = [...converter.defs.keys()].filter((k) => Object.hasOwn(defs, k));
    if (clashes.length) {
      throw new SchemaInputError(clashes.map((k) => ({ path: `${converter.componentPointer(name)}/$defs/${escapePointer(k)}`, rule: "openapi-defs-clash", message: `the component's own $defs has an entry "${k}", the name of a component it references` })));
    }
    for (const [k, v] of converter.defs) put(defs, k, v);
    schema.$defs = defs;
  }
  return { schema, notes: aggregateNotes([...notes, ...converter.notes]), component: name };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
