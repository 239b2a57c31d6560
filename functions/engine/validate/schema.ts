// validateSchema: is this schema sound enough to generate from? Structure (field-list rules or the
// draft 2020-12 meta-schema), limits, references, satisfiability and compliance, every finding naming the
// field (a data path) and the rule. Never throws on bad input: the answer says what is wrong.
import type Ajv2020 from "ajv/dist/2020";
import type { ErrorObject } from "ajv";
import { DRAFT_2020_12_URI, normaliseSchema, SchemaInputError } from "../schema";
import { COMPLIANCE_REGIMES, type ComplianceRegime, type JsonSchemaObject, type SchemaInput } from "../schema/types";
import { classifySensitiveFields, complianceIssues, type ComplianceIssue, type SensitiveField } from "./compliance";
import { compileValidator, createAjv, toCompileError } from "./compile";
import { schemaLimitProblems } from "./limits";
import { analyseRefs } from "./refs";
import { satisfiabilityFindings } from "./satisfiability";
import { fieldForSchemaPointer, isSchemaObject, reachableSchemas, walkSchema } from "./walk";
import { estimateRowCost } from "../generate/cost";

export const DRAFT_2020_12 = DRAFT_2020_12_URI;

export interface SchemaFinding {
  /** Data path of the field concerned (`price`, `order.items[*].sku`), `$` for the whole schema. */
  field: string;
  /** The rule that failed, e.g. `minimum<=maximum`, `$ref-not-remote`, `meta-schema/type`. */
  rule: string;
  message: string;
  severity: "error" | "warning";
}

export interface SchemaValidationRequest {
  /** A field list, a JSON Schema of any draft, or an OpenAPI document (see functions/engine/schema). */
  schema: SchemaInput | unknown;
  /** The part of a document to check: `NAME` of `components/schemas/NAME`, `$defs/NAME` or `definitions/NAME`. */
  component?: string;
  compliance_requirements?: readonly string[];
  /** Rows to be generated: enables the check that `unique` fields have enough distinct values. */
  volume?: number;
}

export interface SchemaValidationResult {
  valid: boolean;
  errors: SchemaFinding[];
  suggestions: string[];
  compliance_issues: ComplianceIssue[];
  /** The schema as JSON Schema 2020-12 (whatever it was written in), or null when it could not be read at all. */
  normalized_schema: JsonSchemaObject | null;
  /** What the input was written in: field-list, draft-04 ... draft-2020-12, openapi-3.0, openapi-3.1, swagger-2.0. */
  dialect: string | null;
  /** Fields detected as carrying personal, health, card or financial data. */
  sensitive_fields: SensitiveField[];
  /**
   * Text fields whose meaning the generator cannot tell from the schema (`notes.body`, `items[*].spec`):
   * they would get generic everyday words. A description and examples on them say what they hold.
   */
  unknown_meanings: string[];
}

let metaAjv: Ajv2020 | undefined;
function metaSchemaValidator(): Ajv2020 {
  metaAjv ??= createAjv({ allErrors: true });
  return metaAjv;
}


export function validateSchema(request: SchemaValidationRequest): SchemaValidationResult {
  const findings: SchemaFinding[] = [];
  const suggestions: string[] = [];
  const error = (field: string, rule: string, message: string) => findings.push({ field, rule, message, severity: "error" });
  let dialect: string | null = null;
  const result = (normalized: JsonSchemaObject | null, sensitive: SensitiveField[] = [], issues: ComplianceIssue[] = [], unknown: string[] = []): SchemaValidationResult => ({
    valid: !findings.some((f) => f.severity === "error"),
    errors: findings,
    suggestions,
    compliance_issues: issues,
    normalized_schema: normalized,
    dialect,
    sensitive_fields: sensitive,
    unknown_meanings: unknown,
  });

  const regimes = readRegimes(request.compliance_requirements, error);
  const volume = request.volume;
  if (volume !== undefined && !(Number.isInteger(volume) && volume >= 1)) {
    error("volume", "volume-positive-integer", `volume must be a positive integer, got ${JSON.stringify(volume)}`);
  }

  const input = request.schema;
  if (!isSchemaObject(input)) {
    error("$", "schema-is-object", "the schema must be a JSON object: a field list {fields: [...]}, a JSON Schema or an OpenAPI document");
    return result(null);
  }
  for (const p of schemaLimitProblems(input)) error(p.field, p.rule, p.message);
  if (findings.length > 0 && findings.some((f) => f.rule.startsWith("max-") || f.rule === "json-serialisable")) return result(null);

  // The front door: every dialect becomes 2020-12 here, as it does for generate and metrics.
  let schema: JsonSchemaObject;
  try {
    const normalised = normaliseSchema(input, request.component !== undefined ? { component: request.component } : {});
    schema = normalised.schema;
    dialect = normalised.dialect;
    for (const note of normalised.notes) {
      findings.push({ field: fieldForInputPointer(note.path, input), rule: note.rule, message: note.message, severity: "warning" });
    }
  } catch (err) {
    if (!(err instanceof SchemaInputError)) throw err;
    for (const p of err.problems) error(fieldForInputPointer(p.path, input), p.rule, p.message);
    return result(null);
  }
  if (!structureIsSound(schema, error)) return result(schema);

  const refs = analyseRefs(schema);
  for (const p of refs.problems) error(p.field, p.rule, p.message);
  const reachable = reachableSchemas(schema, refs.edges);
  for (const f of satisfiabilityFindings(schema, Number.isInteger(volume) ? volume : undefined, reachable)) findings.push(f);
  // Formats need no check of their own here: the front door noted unknown ones (annotations, as in 2020-12).
  if (dialect !== "field-list") unknownKeywordWarnings(schema, findings);

  if (!findings.some((f) => f.severity === "error")) {
    // Whatever the checks above missed, the real compiler finds.
    try {
      compileValidator(schema);
    } catch (err) {
      for (const p of toCompileError(err).problems) error(p.field, p.rule, p.message);
    }
  }

  const sensitive = classifySensitiveFields(schema);
  const issues = complianceIssues(sensitive, regimes);
  if (sensitive.length > 0 && regimes.length === 0) {
    const names = sensitive.slice(0, 5).map((f) => f.field).join(", ");
    suggestions.push(`Fields ${names}${sensitive.length > 5 ? ", ..." : ""} look like personal, health or payment data: pass compliance_requirements (e.g. GDPR, HIPAA, PCI-DSS) so the generator applies the matching rules.`);
  }
  if (volume === undefined && hasUniqueField(schema)) {
    suggestions.push("Pass the intended volume so unique fields can be checked for enough distinct values.");
  }
  if (dialect !== "field-list" && input.$schema === undefined && !("openapi" in input) && !("swagger" in input)) {
    suggestions.push(`Declare "$schema" (e.g. "${DRAFT_2020_12}") so other tools read the schema in the draft it was written for.`);
  }
  // The generator's compiler makes a probe row: not for a row of millions of values (the callers' size
  // ceilings refuse those, naming the field, in moments rather than after the row is made).
  const probeable = estimateRowCost(schema).values <= MAX_PROBED_ROW_VALUES;
  const unknown = findings.some((f) => f.severity === "error") || !probeable ? [] : unknownMeanings(schema, error);
  if (unknown.length > 0) {
    const names = unknown.slice(0, 8).join(", ");
    suggestions.push(`The meaning of ${unknown.length === 1 ? "field" : "fields"} ${names}${unknown.length > 8 ? ", ..." : ""} is unknown: they would get generic words. `
      + "Give each a description of what it holds and two or more examples, so values look like real ones.");
  }
  return result(schema, sensitive, issues, unknown);
}

/** The most values a row may hold for the generator's compiler to be run on it here. */
const MAX_PROBED_ROW_VALUES = 1_000_000;

/** The rule of a finding the generator's own compiler makes: the schema is valid but no row can be made of it. */
const GENERATABLE_RULE = "generator-can-fill";

/** Most fields named in unknown_meanings (a wide OpenAPI component can have hundreds). */
const MAX_UNKNOWN_MEANINGS = 50;

/**
 * The text fields the generator would fill with generic words: its plan records "free text (meaning
 * unknown)" for them. The generator is loaded only here, once the schema is otherwise sound; what it refuses
 * (an x-faker method faker lacks, a pattern it cannot fill) is an error here too, so the agent hears of it
 * before it asks for a job.
 */
function unknownMeanings(schema: JsonSchemaObject, error: (field: string, rule: string, message: string) => void): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prepareGeneration, UNKNOWN_MEANING, UnsupportedSchemaError } = require("../generate") as typeof import("../generate");
  let meanings: Readonly<Record<string, string>>;
  try {
    meanings = prepareGeneration({ schema, rows: 1, seed: "validate", format: "jsonl" }).meanings;
  } catch (err) {
    if (err instanceof UnsupportedSchemaError) for (const p of err.problems) error(dataPath(p.path), GENERATABLE_RULE, p.message);
    return []; // anything else, generateSyntheticData reports with its reasons
  }
  return Object.entries(meanings).filter(([, meaning]) => meaning === UNKNOWN_MEANING).slice(0, MAX_UNKNOWN_MEANINGS)
    .map(([path]) => dataPath(path));
}

// A plan's field path as findings name fields: "/order/items/*/sku" is "order.items[*].sku".
function dataPath(path: string): string {
  return path.split("/").filter(Boolean).reduce((out, part) => (part === "*" ? `${out}[*]` : out ? `${out}.${part}` : part), "") || "$";
}

function readRegimes(raw: readonly string[] | undefined, error: (field: string, rule: string, message: string) => void): ComplianceRegime[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    error("compliance_requirements", "compliance-list", `compliance_requirements must be a list of ${COMPLIANCE_REGIMES.join(", ")}`);
    return [];
  }
  const regimes: ComplianceRegime[] = [];
  for (const r of raw) {
    const known = COMPLIANCE_REGIMES.find((k) => typeof r === "string" && k.toLowerCase() === r.trim().toLowerCase());
    if (known) regimes.push(known);
    else error("compliance_requirements", "known-regime", `unknown compliance requirement ${JSON.stringify(r)}; expected ${COMPLIANCE_REGIMES.join(", ")}`);
  }
  return [...new Set(regimes)];
}

/** The (normalised) schema against the draft 2020-12 meta-schema; false when it is too broken to check further. */
function structureIsSound(schema: JsonSchemaObject, error: (field: string, rule: string, message: string) => void): boolean {
  const ajv = metaSchemaValidator();
  let ok: boolean;
  try {
    ok = ajv.validateSchema(schema) as boolean;
  } catch (err) {
    error("$", "meta-schema", `the schema could not be checked against the meta-schema: ${(err as Error).message}`);
    return false;
  }
  if (ok) return true;
  for (const e of summariseMetaErrors(ajv.errors ?? [])) {
    const keyword = e.instancePath.split("/").pop() || "schema";
    const detail = e.keyword === "enum" && Array.isArray(e.params.allowedValues) ? ` (${(e.params.allowedValues as unknown[]).join(", ")})` : "";
    error(fieldForSchemaPointer(schema, e.instancePath), `meta-schema/${e.keyword}`, `${keyword} ${e.message ?? "is invalid"}${detail} (at #${e.instancePath})`);
  }
  return false;
}

/** One meta-schema error per location, skipping the combinator echoes (anyOf, oneOf) that only repeat it. */
function summariseMetaErrors(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject>();
  for (const e of errors) {
    if (e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "if" || e.keyword === "$dynamicRef") continue;
    if (!byPath.has(e.instancePath)) byPath.set(e.instancePath, e);
  }
  return [...byPath.values()];
}

/**
 * A finding's field for a pointer into the input as written: a field list's field by its name (as findings on
 * data paths are), other pointers as they are (`/components/schemas/Pet`), `$` for the whole input.
 */
function fieldForInputPointer(pointer: string, input: JsonSchemaObject): string {
  if (pointer === "") return "$";
  const inList = /^\/fields\/(\d+)(?:\/|$)/.exec(pointer);
  const fields = (input as { fields?: unknown }).fields;
  if (inList && Array.isArray(fields)) {
    const name = (fields[Number(inList[1])] as { name?: unknown } | undefined)?.name;
    return typeof name === "string" && name !== "" ? name : `fields[${inList[1]}]`;
  }
  return pointer;
}


// Every keyword of draft 2020-12 (core, applicator, validation, unevaluated, format, content, meta-data),
// ajv-formats' range keywords, and older spellings validators still understand.
const KNOWN_KEYWORDS = new Set([
  "$schema", "$id", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "$comment", "$defs", "definitions",
  "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
  "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties",
  "minProperties", "required", "dependentRequired", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
  "dependentSchemas", "prefixItems", "items", "contains", "properties", "patternProperties", "additionalProperties",
  "propertyNames", "unevaluatedItems", "unevaluatedProperties", "format", "contentEncoding", "contentMediaType",
  "contentSchema", "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples",
  "formatMinimum", "formatMaximum", "formatExclusiveMinimum", "formatExclusiveMaximum", "dependencies", "$recursiveRef", "$recursiveAnchor",
]);

/** Unknown keywords are ignored by every validator: usually a typo (`minimun`), so say which keyword was meant. */
function unknownKeywordWarnings(schema: JsonSchemaObject, findings: SchemaFinding[]): void {
  walkSchema(schema, (site) => {
    if (!isSchemaObject(site.node)) return;
    for (const key of Object.keys(site.node)) {
      if (KNOWN_KEYWORDS.has(key) || key.startsWith("x-")) continue;
      const meant = closestKeyword(key);
      findings.push({
        field: site.field, rule: "keyword-known", severity: "warning",
        message: `"${key}" is not a JSON Schema keyword and is ignored${meant ? `; did you mean "${meant}"?` : " (prefix custom annotations with x-)"}`,
      });
    }
  });
}

function closestKeyword(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3; // at most two edits away
  for (const known of KNOWN_KEYWORDS) {
    const d = editDistance(key.toLowerCase(), known.toLowerCase());
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function hasUniqueField(schema: JsonSchemaObject): boolean {
  let found = false;
  walkSchema(schema, (site) => { if (isSchemaObject(site.node) && site.node["x-unique"] === true) found = true; });
  return found;
}
