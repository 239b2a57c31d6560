// `format` as people write it: a format name, a misspelt or synonymous one ("e-mail", "datetime", "url"),
// or a regular expression (the original field-list contract had no `pattern`, so regexes went into
// `format`). This module reads each `format` of a 2020-12 schema once, the same way for every dialect:
// a regex becomes a `pattern`, a synonym the format it means, an unknown name stays an annotation (as
// 2020-12 says unknown formats are). The field-list compiler reads a field's format through it too.
import { SchemaInputError, type NormalisationNote, type SchemaInputProblem } from "./notes";
import { escapePointer } from "./refs";
import type { JsonSchemaObject } from "./types";

/**
 * Format names the engine knows: the 2020-12 format vocabulary, OpenAPI's data-type formats, and the
 * extra names ajv-formats checks (the validator's KNOWN_FORMATS, functions/engine/validate/schema.ts, and
 * the generator's SUPPORTED_FORMATS, functions/engine/generate/compile.ts, are both inside this set).
 */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set([
  // JSON Schema 2020-12
  "date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
  "uri", "uri-reference", "iri", "iri-reference", "uuid", "uri-template", "json-pointer", "relative-json-pointer", "regex",
  // OpenAPI 3 data types
  "int32", "int64", "float", "double", "byte", "binary", "password",
  // ajv-formats
  "iso-time", "iso-date-time", "url", "json-pointer-uri-fragment",
]);

/** What a format name that is not a known one means, keyed by its lower-case spelling with `_` and spaces as `-`. */
const FORMAT_SYNONYMS: Record<string, string> = {
  "e-mail": "email", "mail": "email", "email-address": "email", "e-mail-address": "email", "emailaddress": "email",
  "datetime": "date-time", "timestamp": "date-time", "iso8601": "date-time", "iso-8601": "date-time", "rfc3339": "date-time",
  "rfc-3339": "date-time", "date-time-iso": "date-time", "iso-datetime": "date-time",
  "yyyy-mm-dd": "date", "full-date": "date", "iso-date": "date", "iso8601-date": "date",
  "full-time": "time", "hh:mm:ss": "time",
  "link": "uri", "web-url": "uri", "href": "uri",
  "ip": "ipv4", "ip-address": "ipv4", "ipaddress": "ipv4", "ipv4-address": "ipv4", "ip4": "ipv4", "ipv4address": "ipv4",
  "ipv6-address": "ipv6", "ip6": "ipv6", "ipv6address": "ipv6",
  "guid": "uuid", "uuid4": "uuid", "uuidv4": "uuid", "uuid-v4": "uuid",
  "host": "hostname", "host-name": "hostname", "domain": "hostname", "domain-name": "hostname", "fqdn": "hostname",
};

/** Format names that name a meaning rather than a format: they become `x-semantic` (functions/engine/generate/semantic.ts). */
const SEMANTIC_FORMATS: Record<string, string> = {
  "phone": "phone", "phone-number": "phone", "phonenumber": "phone", "telephone": "phone", "tel": "phone", "mobile": "phone",
};

/** How one `format` value reads. */
export type FormatReading =
  | { kind: "known"; format: string }
  | { kind: "synonym"; format: string }
  | { kind: "semantic"; semantic: string }
  | { kind: "pattern"; pattern: string; anchored: boolean }
  | { kind: "pattern-invalid"; error: string }
  | { kind: "unknown"; format: string };

/**
 * True when a format value is a regular expression rather than a format name: anchored (`^...`, `...$`),
 * or holding a character class, an escape (`\d`, `\.`), a counted repetition (`{3}`, `{2,4}`), or a group
 * with alternatives or a non-capturing group. Masks such as "(###) ###-####" or "MM/DD/YYYY" are not.
 */
export function looksLikeRegex(value: string): boolean {
  return value.startsWith("^") || value.endsWith("$") || value.includes("[") || /\\./.test(value)
    || /\{\d+(,\d*)?\}/.test(value) || /\((\?[:=!<]|[^)]*\|)/.test(value);
}

/** The lower-case spelling of a format name with `_` and spaces as `-`, for looking it up. */
function formatKey(value: string): string {
  return value.trim().toLowerCase().replace(/[\s_]+/g, "-");
}

/** Reads one `format` value (see FormatReading); never throws. */
export function readFormat(value: string): FormatReading {
  if (KNOWN_FORMATS.has(value)) return { kind: "known", format: value };
  const key = formatKey(value);
  if (KNOWN_FORMATS.has(key)) return { kind: "synonym", format: key };
  if (Object.hasOwn(FORMAT_SYNONYMS, key)) return { kind: "synonym", format: FORMAT_SYNONYMS[key]! };
  if (Object.hasOwn(SEMANTIC_FORMATS, key)) return { kind: "semantic", semantic: SEMANTIC_FORMATS[key]! };
  if (looksLikeRegex(value)) {
    const error = regexError(value);
    if (error) return { kind: "pattern-invalid", error };
    return { kind: "pattern", pattern: value, anchored: value.startsWith("^") && value.endsWith("$") };
  }
  return { kind: "unknown", format: value };
}

/** Why `source` is not a JSON Schema regex (ECMA-262 with the `u` flag, as 2020-12 reads patterns), or undefined. */
export function regexError(source: string): string | undefined {
  try {
    new RegExp(source, "u");
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, "");
  }
}

/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = [
  "items", "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else",
  "unevaluatedItems", "unevaluatedProperties", "contentSchema",
];
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LIST_KEYWORDS = ["prefixItems", "allOf", "anyOf", "oneOf", "items"];
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

const isObject = (v: unknown): v is JsonSchemaObject => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads every `format` of a JSON Schema 2020-12 document, changing the schema IN PLACE (pass your own
 * copy): a regex becomes a `pattern` (an existing, different `pattern` is kept and the new one added in
 * `allOf`, so both must hold), a synonym becomes the format it means (`e-mail` -> `email`, `url` -> `uri`),
 * a meaning written as a format (`phone`) becomes `x-semantic`, and an unknown name stays as an annotation.
 * Returns a note per change, each with the JSON Pointer of the `format` (after `pathPrefix`). Throws
 * SchemaInputError naming every format that is clearly a regex but does not compile.
 */
export function normaliseFormats(schema: JsonSchemaObject, pathPrefix = ""): NormalisationNote[] {
  const notes: NormalisationNote[] = [];
  const problems: SchemaInputProblem[] = [];
  const seen = new Set<object>();
  // An explicit stack: a deeply nested schema must not exhaust the call stack.
  const stack: Array<[JsonSchemaObject, string]> = [[schema, pathPrefix]];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (typeof node.format === "string") readOne(node, `${path}/format`, notes, problems);
    for (const k of SCHEMA_KEYWORDS) if (isObject(node[k])) stack.push([node[k] as JsonSchemaObject, `${path}/${k}`]);
    for (const k of SCHEMA_LIST_KEYWORDS) {
      const list = node[k];
      if (Array.isArray(list)) list.forEach((s, i) => { if (isObject(s)) stack.push([s, `${path}/${k}/${i}`]); });
    }
    for (const k of SCHEMA_MAP_KEYWORDS) {
      const map = node[k];
      if (!isObject(map)) continue;
      for (const [name, s] of Object.entries(map)) if (isObject(s)) stack.push([s, `${path}/${k}/${escapePointer(name)}`]);
    }
  }
  if (problems.length) throw new SchemaInputError(problems);
  return notes;
}

function readOne(node: JsonSchemaObject, path: string, notes: NormalisationNote[], problems: SchemaInputProblem[]): void {
  const value = node.format as string;
  const reading = readFormat(value);
  switch (reading.kind) {
    case "known": return;
    case "synonym":
      node.format = reading.format;
      notes.push({ path, rule: "format-synonym", message: `format ${JSON.stringify(value)} read as "${reading.format}"` });
      return;
    case "semantic":
      delete node.format;
      if (node["x-semantic"] === undefined) node["x-semantic"] = reading.semantic;
      notes.push({ path, rule: "format-synonym", message: `format ${JSON.stringify(value)} is a meaning, not a JSON Schema format: read as x-semantic "${reading.semantic}"` });
      return;
    case "pattern-invalid":
      problems.push({ path, rule: "format-pattern-invalid", message: `format ${JSON.stringify(value)} looks like a regular expression but does not compile (ECMA-262, u flag): ${reading.error}` });
      return;
    case "unknown":
      notes.push({ path, rule: "format-unknown", message: `format ${JSON.stringify(value)} is not a format this engine knows: kept as an annotation (JSON Schema 2020-12), values are not checked against it` });
      return;
    case "pattern": {
      delete node.format;
      const unanchored = reading.anchored ? "" : " (unanchored: it may match part of a value; add ^ and $ to match the whole)";
      if (node.pattern === undefined || node.pattern === reading.pattern) {
        node.pattern = reading.pattern;
        notes.push({ path, rule: "format-is-pattern", message: `format ${JSON.stringify(value)} is a regular expression: read as pattern${unanchored}` });
      } else {
        const allOf = Array.isArray(node.allOf) ? node.allOf : (node.allOf = []);
        (allOf as unknown[]).push({ pattern: reading.pattern });
        notes.push({ path, rule: "format-is-pattern", message: `format ${JSON.stringify(value)} is a regular expression: read as a second pattern in allOf (the existing pattern still holds; values must match both)${unanchored}` });
      }
      return;
    }
  }
}
