// Contradictions a meta-schema cannot see: each rule below finds a sub-schema no value can satisfy (or a
// `unique` field that cannot have `volume` distinct values) and names the field and the rule.
import type { JsonSchema, JsonSchemaObject } from "../schema/types";
import type { SchemaProblem } from "./errors";
import { MULTIPLE_OF_PRECISION } from "./compile";
import { compileSafePattern, patternLengths, UnsupportedPatternError } from "./regex";
import { isSchemaObject, walkSchema, type SchemaSite } from "./walk";

export interface SatisfiabilityFinding extends SchemaProblem {
  severity: "error" | "warning";
}

const ALL_TYPES = ["null", "boolean", "integer", "number", "string", "array", "object"] as const;
type JsonType = (typeof ALL_TYPES)[number];

/** Lengths (in characters) of every value of a format, for formats with bounded lengths. */
const FORMAT_LENGTHS: Record<string, { min: number; max: number }> = {
  date: { min: 10, max: 10 },
  uuid: { min: 36, max: 36 },
  "date-time": { min: 20, max: Infinity }, // 2020-01-01T00:00:00Z
  time: { min: 9, max: Infinity }, // 00:00:00Z
  ipv4: { min: 7, max: 15 },
  email: { min: 3, max: Infinity },
};

const EPSILON = 10 ** -MULTIPLE_OF_PRECISION;

/**
 * Every contradiction in the schema, parents before children. `volume` enables the unique-domain rule.
 * With `reachable` (from reachableSchemas), a contradiction in a definition no value can reach is a
 * warning, not an error: it never applies.
 */
export function satisfiabilityFindings(root: JsonSchema, volume?: number, reachable?: Set<JsonSchemaObject>): SatisfiabilityFinding[] {
  const findings: SatisfiabilityFinding[] = [];
  walkSchema(root, (site) => {
    if (site.negated) return; // a contradiction under `not`/`if` only makes the outer schema permissive
    const unused = reachable !== undefined && isSchemaObject(site.node) && !reachable.has(site.node);
    for (const finding of siteFindings(site, volume)) {
      findings.push(unused ? { ...finding, severity: "warning", message: `${finding.message} (in a definition nothing refers to)` } : finding);
    }
  });
  return findings;
}

function siteFindings(site: SchemaSite, volume: number | undefined): SatisfiabilityFinding[] {
  const out: SatisfiabilityFinding[] = [];
  const error = (rule: string, message: string) => out.push({ field: site.field, rule, message, severity: "error" });
  const warning = (rule: string, message: string) => out.push({ field: site.field, rule, message, severity: "warning" });
  const node = site.node;
  if (node === false) {
    // Elsewhere `false` is an idiom (a forbidden property, a failing branch); required ones are checked below.
    if (site.pointer === "#") error("schema-not-false", "the schema is `false`: no value is valid");
    return out;
  }
  if (!isSchemaObject(node)) return out;
  const types = declaredTypes(node);

  numericFindings(node, types, error);
  lengthFindings(node, error, warning);
  arrayAndObjectFindings(node, error);
  enumFindings(node, types, error);
  allOfFindings(node, types, error);
  combinatorFindings(node, error);
  if (site.pointer === "#" && rejectsEverything(node)) error("not-everything", "`not: {}` rejects every value");
  const minDate = dateBound(node.formatMinimum ?? node.formatExclusiveMinimum);
  const maxDate = dateBound(node.formatMaximum ?? node.formatExclusiveMaximum);
  if (minDate !== undefined && maxDate !== undefined && minDate > maxDate) {
    error("formatMinimum<=formatMaximum", `formatMinimum ${String(node.formatMinimum ?? node.formatExclusiveMinimum)} is after formatMaximum ${String(node.formatMaximum ?? node.formatExclusiveMaximum)}`);
  }
  if (node["x-unique"] === true && volume !== undefined) {
    const domain = domainSize(node, types);
    if (domain !== undefined && domain < volume) {
      error("unique-domain>=volume", `the field is unique but can take only ${domain} distinct value${domain === 1 ? "" : "s"}, fewer than the requested volume of ${volume} rows`);
    }
  }
  return out;
}

type Report = (rule: string, message: string) => void;

function declaredTypes(node: JsonSchemaObject): Set<JsonType> {
  const raw = typeof node.type === "string" ? [node.type] : Array.isArray(node.type) ? node.type : [...ALL_TYPES];
  const types = new Set(raw.filter((t): t is JsonType => (ALL_TYPES as readonly unknown[]).includes(t)));
  if (types.has("number")) types.add("integer");
  return types;
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function numericFindings(node: JsonSchemaObject, types: Set<JsonType>, error: Report): void {
  if (!types.has("integer") && !types.has("number")) return;
  const min = num(node.minimum), exMin = num(node.exclusiveMinimum);
  const max = num(node.maximum), exMax = num(node.exclusiveMaximum);
  // The effective bounds: the tighter of the inclusive and exclusive one on each side.
  const lower = exMin !== undefined && (min === undefined || exMin >= min) ? { v: exMin, open: true } : min !== undefined ? { v: min, open: false } : undefined;
  const upper = exMax !== undefined && (max === undefined || exMax <= max) ? { v: exMax, open: true } : max !== undefined ? { v: max, open: false } : undefined;
  if (lower && upper) {
    if (lower.v > upper.v) {
      error("minimum<=maximum", `the lower bound ${lower.v} is above the upper bound ${upper.v}`);
      return;
    }
    if (lower.v === upper.v && (lower.open || upper.open)) {
      error("exclusive-bounds-nonempty", `the bounds ${lower.open ? "(" : "["}${lower.v}, ${upper.v}${upper.open ? ")" : "]"} leave no value`);
      return;
    }
  }
  const integerOnly = !types.has("number");
  if (integerOnly && lower && upper) {
    const first = lower.open ? Math.floor(lower.v) + 1 : Math.ceil(lower.v);
    const last = upper.open ? Math.ceil(upper.v) - 1 : Math.floor(upper.v);
    if (first > last) error("integer-in-bounds", `no integer lies between the bounds ${lower.v} and ${upper.v}`);
  }
  const multipleOf = num(node.multipleOf);
  if (multipleOf !== undefined && multipleOf > 0 && lower && upper) {
    let first = Math.ceil(lower.v / multipleOf - EPSILON);
    if (lower.open && Math.abs(first * multipleOf - lower.v) < EPSILON * Math.max(1, Math.abs(lower.v))) first++;
    let last = Math.floor(upper.v / multipleOf + EPSILON);
    if (upper.open && Math.abs(last * multipleOf - upper.v) < EPSILON * Math.max(1, Math.abs(upper.v))) last--;
    if (first > last) error("multipleOf-in-bounds", `no multiple of ${multipleOf} lies between ${lower.v} and ${upper.v}`);
  }
}

function lengthFindings(node: JsonSchemaObject, error: Report, warning: Report): void {
  const minLength = num(node.minLength) ?? 0;
  const maxLength = num(node.maxLength) ?? Infinity;
  if (minLength > maxLength) error("minLength<=maxLength", `minLength ${minLength} is above maxLength ${maxLength}`);
  const format = typeof node.format === "string" ? FORMAT_LENGTHS[node.format] : undefined;
  if (format && (maxLength < format.min || minLength > format.max)) {
    error("format-length", `a ${String(node.format)} value has ${format.min === format.max ? format.min : `${format.min} or more`} characters, which minLength ${minLength} / maxLength ${maxLength} do not allow`);
  }
  const patterns: { pattern: string; where: string }[] = [];
  if (typeof node.pattern === "string") patterns.push({ pattern: node.pattern, where: "pattern" });
  if (isSchemaObject(node.patternProperties)) {
    for (const key of Object.keys(node.patternProperties)) patterns.push({ pattern: key, where: "patternProperties" });
  }
  for (const { pattern, where } of patterns) {
    let engine: "re2" | "backtracking";
    try {
      engine = compileSafePattern(pattern).engine;
    } catch (err) {
      if (!(err instanceof UnsupportedPatternError)) throw err;
      if (err.rule !== "pattern-linear-time") {
        // Lookaround or back-references that the ReDoS analysis did not clear, or invalid syntax.
        error(err.rule, `${where} ${JSON.stringify(pattern)} ${err.reason}`);
        continue;
      }
      const advice = /repeat/.test(err.reason) ? "keep counted repetitions, nested ones multiplied, at or below 1000" : "check its syntax";
      error("pattern-linear-time", `${where} ${JSON.stringify(pattern)} cannot run on the linear-time regex engine (${err.reason}): ${advice}`);
      continue;
    }
    const lengths = patternLengths(pattern);
    if (!lengths) continue;
    // On the backtracking engine the ReDoS analysis has judged the nesting harmless.
    if (lengths.nestedQuantifier && engine === "re2") {
      warning("pattern-nested-quantifier", `${where} ${JSON.stringify(pattern)} nests unbounded quantifiers: exponential time in backtracking regex engines (validated here with a linear-time engine, but downstream consumers may hang)`);
    }
    if (where === "pattern" && (lengths.min > maxLength || lengths.max < minLength)) {
      const span = lengths.max === Infinity ? `${lengths.min} or more` : lengths.min === lengths.max ? `exactly ${lengths.min}` : `${lengths.min} to ${lengths.max}`;
      error("pattern-length", `pattern ${JSON.stringify(pattern)} matches only strings of ${span} characters, which minLength ${minLength} / maxLength ${maxLength === Infinity ? "(none)" : maxLength} do not allow`);
    }
  }
}

function arrayAndObjectFindings(node: JsonSchemaObject, error: Report): void {
  const pairs: [string, string][] = [["minItems", "maxItems"], ["minProperties", "maxProperties"], ["minContains", "maxContains"]];
  for (const [lo, hi] of pairs) {
    const a = num(node[lo]), b = num(node[hi]);
    if (a !== undefined && b !== undefined && a > b) error(`${lo}<=${hi}`, `${lo} ${a} is above ${hi} ${b}`);
  }
  const minItems = num(node.minItems) ?? 0;
  const prefix = Array.isArray(node.prefixItems) ? node.prefixItems.length : 0;
  if (node.items === false && minItems > prefix) {
    error("minItems-with-closed-items", `minItems ${minItems} needs more items than the ${prefix} prefixItems that \`items: false\` allows`);
  }
  if (node.uniqueItems === true && minItems > 0 && isSchemaObject(node.items)) {
    const domain = domainSize(node.items, declaredTypes(node.items));
    if (domain !== undefined && domain < minItems) {
      error("uniqueItems-domain>=minItems", `uniqueItems needs ${minItems} distinct items but the items can take only ${domain} values`);
    }
  }
  const required = Array.isArray(node.required) ? [...new Set(node.required.filter((r): r is string => typeof r === "string"))] : [];
  const maxProperties = num(node.maxProperties);
  if (maxProperties !== undefined && required.length > maxProperties) {
    error("required<=maxProperties", `${required.length} required properties but maxProperties is ${maxProperties}`);
  }
  const properties = isSchemaObject(node.properties) ? node.properties : {};
  const patternKeys = isSchemaObject(node.patternProperties) ? Object.keys(node.patternProperties) : [];
  for (const name of required) {
    // Own keys only: a required "constructor" is not declared by Object.prototype.
    const declared = Object.hasOwn(properties, name) ? properties[name] : undefined;
    if (declared === false || (isSchemaObject(declared) && rejectsEverything(declared))) {
      error("required-property-allowed", `"${name}" is required but its schema rejects every value`);
    } else if (declared === undefined && node.additionalProperties === false && !patternKeys.some((p) => safeTest(p, name))) {
      error("required-property-allowed", `"${name}" is required but not declared in properties, and additionalProperties is false`);
    }
  }
}

/** `{not: {}}` or `{not: true}`: the idiom for "never valid" (a forbidden property). */
function rejectsEverything(node: JsonSchemaObject): boolean {
  return node.not === true || (isSchemaObject(node.not) && Object.keys(node.not).length === 0);
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return compileSafePattern(pattern).test(value);
  } catch {
    return false;
  }
}

function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as JsonType;
}

/** The first local rule a listed value breaks (type, bounds, lengths, pattern), or undefined. */
function localViolation(value: unknown, node: JsonSchemaObject, types: Set<JsonType>): string | undefined {
  const type = jsonType(value);
  if (!types.has(type)) return `type (it is ${type === "integer" ? "an integer" : `a ${type}`}, not ${[...types].filter((t) => t !== "integer" || !types.has("number")).join(" or ")})`;
  if (typeof value === "number") {
    if (num(node.minimum) !== undefined && value < (node.minimum as number)) return `minimum ${String(node.minimum)}`;
    if (num(node.maximum) !== undefined && value > (node.maximum as number)) return `maximum ${String(node.maximum)}`;
    if (num(node.exclusiveMinimum) !== undefined && value <= (node.exclusiveMinimum as number)) return `exclusiveMinimum ${String(node.exclusiveMinimum)}`;
    if (num(node.exclusiveMaximum) !== undefined && value >= (node.exclusiveMaximum as number)) return `exclusiveMaximum ${String(node.exclusiveMaximum)}`;
  }
  if (typeof value === "string") {
    const length = [...value].length;
    if (num(node.minLength) !== undefined && length < (node.minLength as number)) return `minLength ${String(node.minLength)}`;
    if (num(node.maxLength) !== undefined && length > (node.maxLength as number)) return `maxLength ${String(node.maxLength)}`;
    if (typeof node.pattern === "string" && !safeTest(node.pattern, value)) return `pattern ${node.pattern}`;
  }
  return undefined;
}

function enumFindings(node: JsonSchemaObject, types: Set<JsonType>, error: Report): void {
  if (Array.isArray(node.enum)) {
    if (node.enum.length === 0) {
      error("enum-nonempty", "enum is empty: no value is valid");
      return;
    }
    const broken = node.enum.map((value) => ({ value, rule: localViolation(value, node, types) })).filter((v) => v.rule);
    for (const { value, rule } of broken.slice(0, 5)) {
      error("enum-values-valid", `enum value ${JSON.stringify(value)} can never be valid: it breaks ${rule}`);
    }
    if (broken.length > 5) error("enum-values-valid", `${broken.length - 5} more enum values break the field's own rules`);
  }
  if ("const" in node) {
    const rule = localViolation(node.const, node, types);
    if (rule) error("const-valid", `const ${JSON.stringify(node.const)} can never be valid: it breaks ${rule}`);
  }
}

function allOfFindings(node: JsonSchemaObject, types: Set<JsonType>, error: Report): void {
  if (!Array.isArray(node.allOf)) return;
  let common = new Set(types);
  for (const branch of node.allOf) {
    if (!isSchemaObject(branch) || branch.type === undefined) continue;
    const branchTypes = declaredTypes(branch);
    common = new Set([...common].filter((t) => branchTypes.has(t)));
  }
  if (common.size === 0) {
    const listed = node.allOf.map((b) => (isSchemaObject(b) && b.type !== undefined ? JSON.stringify(b.type) : "any")).join(", ");
    error("allOf-types-intersect", `the allOf branches (types ${listed}${node.type !== undefined ? ` and the schema's own ${JSON.stringify(node.type)}` : ""}) share no type, so no value satisfies them all`);
  }
}

/** Boolean branches decide some combinators outright: `allOf` with `false`, `anyOf`/`oneOf` all `false`, `oneOf` with two `true`. */
function combinatorFindings(node: JsonSchemaObject, error: Report): void {
  const never = (b: unknown) => b === false || (isSchemaObject(b) && rejectsEverything(b));
  const always = (b: unknown) => b === true || (isSchemaObject(b) && Object.keys(b).length === 0);
  if (Array.isArray(node.allOf) && node.allOf.some(never)) error("allOf-satisfiable", "an allOf branch rejects every value, so the allOf does too");
  for (const key of ["anyOf", "oneOf"] as const) {
    const branches = node[key];
    if (Array.isArray(branches) && branches.length > 0 && branches.every(never)) error(`${key}-satisfiable`, `every ${key} branch rejects every value`);
  }
  if (Array.isArray(node.oneOf) && node.oneOf.filter(always).length > 1) {
    error("oneOf-satisfiable", "two oneOf branches accept every value, so every value matches more than one and none is valid");
  }
}

function dateBound(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : t;
}

const DAY_MS = 86_400_000;

/**
 * How many distinct values a field can take (at most), when that is small enough to matter and decidable
 * (listed values, booleans, bounded integers, bounded dates, anchored patterns); undefined otherwise.
 */
export function domainSize(node: JsonSchemaObject, types: Set<JsonType> = declaredTypes(node)): number | undefined {
  if (Array.isArray(node.enum)) return new Set(node.enum.map((v) => JSON.stringify(v))).size;
  if ("const" in node) return 1;
  const nullable = types.has("null") ? 1 : 0;
  const only = (...allowed: JsonType[]) => [...types].every((t) => t === "null" || allowed.includes(t));
  if (only("boolean")) return 2 + nullable;
  if (only("integer")) {
    const lo = num(node.exclusiveMinimum) !== undefined ? Math.floor(node.exclusiveMinimum as number) + 1 : num(node.minimum) !== undefined ? Math.ceil(node.minimum as number) : undefined;
    const hi = num(node.exclusiveMaximum) !== undefined ? Math.ceil(node.exclusiveMaximum as number) - 1 : num(node.maximum) !== undefined ? Math.floor(node.maximum as number) : undefined;
    if (lo === undefined || hi === undefined) return undefined;
    const step = num(node.multipleOf) !== undefined && Number.isInteger(node.multipleOf) ? node.multipleOf as number : 1;
    const count = Math.floor(hi / step) - Math.ceil(lo / step) + 1;
    return Math.max(0, count) + nullable;
  }
  if (only("string") && node.format === "date") {
    const lo = dateBound(node.formatMinimum), hi = dateBound(node.formatMaximum);
    if (lo === undefined || hi === undefined) return undefined;
    return Math.max(0, Math.floor((hi - lo) / DAY_MS) + 1) + nullable;
  }
  if (only("string") && num(node.maxLength) === 0) return 1 + nullable;
  if (only("string") && typeof node.pattern === "string") {
    const distinct = patternLengths(node.pattern)?.distinct;
    if (distinct !== undefined && Number.isFinite(distinct)) return distinct + nullable;
  }
  return undefined;
}
