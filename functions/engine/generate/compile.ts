// Compiles a JSON Schema (2020-12) into a tree of generator closures, once per plan. Each node is the
// conjunction of the schema objects that apply at one place (the schema itself, what its `$ref`s and
// `allOf` point at, and the branches chosen for `anyOf`/`oneOf`/`if`), so keywords from all of them are
// honoured together. Choices (anyOf, oneOf, if/then/else) are drawn per value and their merged nodes are
// compiled on first use and memoised. Every node checks its own value against its structural keywords
// and retries a bounded number of times; keywords that relate several values (not, oneOf, unevaluated*,
// contains, uniqueItems, ...) are additionally verified on the whole row by the plan.
import { hotPatternTest, patternProblem } from "../schema/patterns";
import { escapePointer, type Located, ownBase, type RefResolver } from "../schema/refs";
import type { JsonSchemaObject } from "../schema/types";
import { planCoherence } from "./coherence";
import { DAY_MS, GenContext, type Person, REFERENCE_DATE, YEAR_MS } from "./context";
import { compilePatternDeal, compilePatternGenerator } from "./regex";
import { patternLengths } from "../validate/regex";
import { diurnalSecond, knownValueCumulative, trueShare } from "./distributions";
import { type Meaning, normaliseName, type SafeKind, type SemanticHints, semanticMeaning, temporalMeaning, UnknownFakerMethodError, uuidV4 } from "./semantic";
import { firstFormatLength, formatAllowsLength, formatCompare, formatLengths, formatValueOfLength, INTEGER_FORMAT_RANGES, numberFormatCheck, stringFormatCheck } from "./formats";
import { loadLocale, type LocaleData } from "./locale";
import { isMultipleOf } from "../schema/multipleOf";
import { hashSeed, Rng } from "./prng";
import { keyedPermutation, MAX_PERMUTED_SPACE, uniqueIntegers, uniqueUuids } from "./uniqueIndex";
import { CODE_LENGTH, codedDeal, codeStyleOf, emailDeal, fullNameDeal, type StringDeal, usernameDeal } from "./uniqueStrings";

export interface SchemaProblem {
  path: string;
  message: string;
}

/** A value could not be produced at `path` within the retry budget (the schema is too tight or contradictory). */
export class GenerationFailure extends Error {
  override readonly name = "GenerationFailure";
  constructor(readonly path: string, message: string) {
    super(message);
  }
}

type Gen = (ctx: GenContext) => unknown;
/**
 * Deals a field's distinct values by global row index: `at(key)` is one data set's deal (undefined once
 * the `size` distinct values run out); `person`, when the values name one, is the person of each row.
 */
interface ByIndex {
  size: number;
  at: (key: string) => (index: number, ctx: GenContext) => unknown;
  person?: (key: string) => (index: number) => Person;
}
/** A type's generator, whether its values always meet the node's own keywords, and its deal by row index. */
interface TypeGen { gen: Gen; exact: boolean; byIndex?: ByIndex }

export interface Node {
  gen: Gen;
  /** True when no value can satisfy the node (a `false` schema, an empty enum intersection, ...). */
  never: boolean;
  /** Structural check of a value against this node's own keywords (not its children's). */
  accepts: (value: unknown) => boolean;
  /** Numeric bounds, when the node is numeric (used by sibling-aware realism, e.g. age ranges). */
  bounds?: [number | undefined, number | undefined];
  /** Earliest and latest instant (epoch ms) a date or date-time node allows (used when coherence moves dates). */
  dateBounds?: [number, number];
  /** Problems found while compiling this node (re-reported wherever the node is used again). */
  problems: SchemaProblem[];
  /** Remarks found while compiling this node (re-reported like its problems). */
  warnings?: SchemaProblem[];
}

const ALL_TYPES = ["null", "boolean", "integer", "number", "string", "array", "object"] as const;
type TypeName = (typeof ALL_TYPES)[number];

const NODE_RETRIES = 30;
/** Realistic values tried before a field falls back to a structural one (a city name too long for maxLength). */
const MEANING_TRIES = 3;
/** Share of nulls in a field whose type allows null besides other types. */
const NULL_SHARE = 0.1;
/** Beyond this depth optional properties and optional array items are no longer generated. */
const SHALLOW_DEPTH = 4;
const MAX_DEPTH = 48;

/**
 * String formats the engine generates; any other format is an annotation and is ignored. Every string
 * format the product's validator asserts (ajv-formats) is among them, so each is generated, not ignored.
 */
export const SUPPORTED_FORMATS = new Set([
  "date", "date-time", "time", "duration", "email", "idn-email", "uuid", "uri", "uri-reference", "iri",
  "iri-reference", "uri-template", "hostname", "idn-hostname", "ipv4", "ipv6", "json-pointer",
  "relative-json-pointer", "regex", "url", "iso-time", "iso-date-time", "json-pointer-uri-fragment", "byte",
]);

/** ajv-formats' keywords that bound a format's values (date, time and date-time order). */
const FORMAT_LIMIT_KEYWORDS = ["formatMinimum", "formatMaximum", "formatExclusiveMinimum", "formatExclusiveMaximum"] as const;

/**
 * Keywords the product's validator asserts that the compiler does not build values for: a schema using
 * one has its rows checked whole (and refused when the validator cannot compile it).
 */
const UNPROVEN_KEYWORDS = new Set(["dependencies"]);

/** Samples drawn from each way of building a string when the compiler chooses between them. */
const PROBE_SAMPLES = 24;

/** What a value source must still be checked for, and how: the sources a string node chooses between. */
interface Source {
  label: string;
  gen: (ctx: GenContext) => unknown;
  check: (v: unknown) => boolean;
  /** Share of a spliced value that comes from the realistic base value (splices only). */
  kept?: () => number;
}

/** What compliance mode draws each kind of value from (named when a schema rules all of them out). */
const SAFE_SOURCES: Record<SafeKind, string> = {
  card_number: "card numbers come only from the card networks' published test numbers",
  email: "e-mail addresses use only domains reserved for testing (example.com, example.org, example.net)",
  phone: "phone numbers come only from ranges reserved for fiction (555-01xx, Ofcom 07700 900xxx, ...)",
  national_id: "national ids use only ranges never issued (SSN areas 900-999)",
  ip_address: "IP addresses come only from documentation ranges (192.0.2.0/24, 2001:db8::/32)",
  iban: "IBANs are only the published documentation examples",
};

/** Characters at which a realistic value and a pattern's sample are spliced (the domain of an e-mail, the year of a date). */
const SPLICE_SEPARATORS = ["@", "/", ":", "-", ".", "_", " ", "T", "+", "#", "?", "="];

/** Formats whose values can carry a field's meaning (an IP in a test range under compliance, a website's URL). */
const MEANING_FORMATS = new Set(["email", "idn-email", "ipv4", "ipv6", "hostname", "idn-hostname", "uri", "iri"]);

/** Keywords that make the plan re-check whole rows (their effect spans several generated values). */
export const ROW_CHECK_KEYWORDS = new Set([
  "not", "oneOf", "if", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "contains",
  "uniqueItems", "propertyNames", "patternProperties", "minProperties", "maxProperties",
]);

const STATUS_LIKE = /(status|state|stage|tier|level|priority|plan|segment)$/i;

/** Cumulative shares of weights 1, 1/2, ..., 1/n (the last is exactly 1). */
function harmonicCumulative(n: number): number[] {
  const weights = Array.from({ length: n }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  const out = weights.map((w) => (acc += w / total));
  out[n - 1] = 1;
  return out;
}

/** The check of a node with no keywords of its own. */
const ALWAYS = (_value: unknown): boolean => true;

/** The conjunction of checks (ALWAYS for none). */
function allOf<T>(checks: Array<(v: T) => boolean>): (v: T) => boolean {
  if (checks.length === 0) return ALWAYS;
  if (checks.length === 1) return checks[0];
  return (v) => {
    for (let i = 0; i < checks.length; i++) if (!checks[i](v)) return false;
    return true;
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** JSON text with sorted keys: equal JSON values give equal keys. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return "[" + value.map(canonicalJson).join(",") + "]";
  if (isObject(value)) {
    return "{" + Object.keys(value).sort().map((k) => JSON.stringify(k) + ":" + canonicalJson(value[k])).join(",") + "}";
  }
  return JSON.stringify(value) ?? "null";
}

function typeOf(value: unknown): TypeName {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value as TypeName;
}

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function decimals(x: number): number {
  const s = String(x);
  if (s.includes("e-")) return Number(s.split("e-")[1]);
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}


/**
 * A matcher for an untrusted pattern, or undefined when it is refused: schema/patterns.ts decides the
 * engine (RE2, or a native RegExp the ReDoS analysis cleared, with a native fast path for simple patterns).
 */
function safePattern(pattern: string): ((s: string) => boolean) | undefined {
  return hotPatternTest(pattern);
}

/** The merged keywords of one conjunction of schema objects. */
interface Facets {
  members: Located[];
  types?: Set<TypeName>;
  inferredTypes: Set<TypeName>;
  notTypes: Set<TypeName>;
  enumValues?: unknown[];
  minimum?: number; exclusiveMinimum?: number; maximum?: number; exclusiveMaximum?: number;
  multipleOf: number[];
  minLength: number; maxLength?: number;
  patterns: string[];
  format?: string;
  formatMinimum?: string; formatMaximum?: string;
  /** Every format of the members (each is checked), and their ajv-formats bounds. */
  formats: string[];
  formatLimits: Array<{ format: string; keyword: (typeof FORMAT_LIMIT_KEYWORDS)[number]; limit: string }>;
  minProperties: number; maxProperties?: number;
  required: Set<string>;
  dependentRequired: Map<string, string[]>;
  minItems: number; maxItems?: number;
  minContains?: number; maxContains?: number;
  uniqueItems: boolean;
  fakerMethod?: string;
  semantic?: string;
  unique: boolean;
  /** A column type's range (`x-storage-range` from a DDL's numeric(10,2), integer...): what fits, not what is typical. */
  storageRange?: [number, number];
  /** Annotations the field's meaning is read from (the first of each among the members). */
  description?: string;
  title?: string;
  examples?: unknown[];
}

/** Where a node is being compiled: its object's sibling property names (set while a property compiles). */
interface Scope {
  siblings?: readonly string[];
}

const OBJECT_KEYWORDS = ["properties", "required", "additionalProperties", "patternProperties", "propertyNames", "minProperties", "maxProperties", "dependentRequired", "dependentSchemas", "unevaluatedProperties"];
const ARRAY_KEYWORDS = ["items", "prefixItems", "contains", "minItems", "maxItems", "uniqueItems", "unevaluatedItems", "minContains", "maxContains"];
const STRING_KEYWORDS = ["minLength", "maxLength", "pattern", "format"];
const NUMBER_KEYWORDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];

export interface CompilerOptions {
  /** Locale of the run (compile-time probes of value sources draw from it). @default "en" */
  locale?: LocaleData;
  /** Compliance mode: card numbers, e-mail addresses, phones, ... come only from reserved or test ranges. */
  compliance?: boolean;
  /** Rows of the whole data set: an x-unique field whose values are fewer is refused. */
  rows?: number;
}

/** Copies of one schema (under different property names) compiled inside each other before they are reused. */
const OPEN_COPIES = 2;
/** Copies of one schema compiled in all (under different names) before, inside one of them, the last is reused. */
const MAX_COPIES = 16;

export class PlanCompiler {
  readonly problems: SchemaProblem[] = [];
  /** Remarks that do not stop generation, e.g. an optional property left out of every row. */
  readonly warnings: SchemaProblem[] = [];
  /** Set when some keyword's effect is only verified on the whole row. */
  rowCheckNeeded = false;
  private readonly memo = new Map<string, Node>();
  /** Nodes being compiled, outermost first, by their schema objects and choices made (names aside). */
  private readonly compiling = new Map<string, Node[]>();
  /** Every node compiled so far, by the same identity. */
  private readonly copies = new Map<string, Node[]>();
  /** The problems that are unmet keywords (see unsatisfiable). */
  private readonly unmet = new WeakSet<SchemaProblem>();
  private readonly compliance: boolean;
  private locale: LocaleData | undefined;
  /** The meaning chosen per field path (instance path, `*` for array items): "street line", "commit SHA", ... */
  readonly meanings: Record<string, string> = {};
  private scope: Scope = {};
  /** What the whole schema is about: the root's title and $id. */
  private domain: string | undefined;

  /** Rows of the whole data set, when known. */
  private readonly rows: number | undefined;
  /** The person of each row named by a top-level x-unique deal (an e-mail address), so the row's names agree with it. */
  private rowPerson: ((ctx: GenContext) => Person) | undefined;

  constructor(private readonly resolver: RefResolver, options: CompilerOptions = {}) {
    this.compliance = options.compliance ?? false;
    this.locale = options.locale;
    this.rows = options.rows;
  }

  problem(path: string, message: string): void {
    this.problems.push({ path: path || "/", message });
  }

  /**
   * A problem that says the keywords cannot be met together (rather than that the schema cannot be used):
   * on an optional property it only leaves the property out of every row.
   */
  unsatisfiable(path: string, message: string): void {
    this.problem(path, message);
    this.unmet.add(this.problems[this.problems.length - 1]!);
  }

  warn(path: string, message: string): void {
    this.warnings.push({ path: path || "/", message });
  }

  /**
   * Compiles an alternative (a branch, a type) whose failure is not fatal while another alternative
   * works: its problems (and remarks) are taken back and returned instead.
   */
  private tentatively<T>(compile: () => T): { value: T; problems: SchemaProblem[]; warnings: SchemaProblem[] } {
    const before = this.problems.length, warned = this.warnings.length;
    const value = compile();
    return { value, problems: this.problems.splice(before), warnings: this.warnings.splice(warned) };
  }

  /** A context for compile-time probes, with its own PRNG: probing never shifts the rows' random stream. */
  private probeContext(path: string): GenContext {
    this.locale ??= loadLocale("en");
    return new GenContext(new Rng("probe:" + path), this.locale, this.compliance);
  }

  /** The node for the document root. */
  compileRoot(): Node {
    const root = this.resolver.root.schema as JsonSchemaObject;
    if (isObject(root)) this.domain = [root.title, root.$id].filter((x) => typeof x === "string").join(" ") || undefined;
    return this.compile([this.resolver.root], new Set(), "", undefined);
  }

  /** The node for the conjunction of `members` at instance path `path` (property name `name`). */
  compile(members: Located[], resolved: ReadonlySet<string>, path: string, name: string | undefined): Node {
    const key = members.map((m) => m.pointer + "@" + m.base).sort().join("|") + "#" + [...resolved].sort().join(",") + "#" + (name ?? "") + "#" + parentName(path);
    const hit = this.memo.get(key);
    if (hit) {
      this.problems.push(...hit.problems);
      this.warnings.push(...(hit.warnings ?? []));
      return hit;
    }
    // A node is compiled per property name (names choose meanings), so a schema that reaches itself again
    // through properties of other names would be compiled again for every chain of names: Renovate's
    // configuration refers to itself (`$ref: "#"`) from 138 properties, and its compilation never ended.
    // Inside OPEN_COPIES nested copies of the same schema objects (wrappers of a $ref and annotations aside)
    // the next reuses the innermost, and inside one copy at most MAX_COPIES are made before the last is reused
    // (a reused node's generators are read when it runs, so one still compiling is fine).
    const before = this.problems.length, warned = this.warnings.length;
    const flat = this.flatten(members, path);
    const constraining = flat === "never" ? [] : flat.filter(substantive);
    const identity = constraining.length ? constraining.map((m) => m.pointer + "@" + m.base).sort().join("|") + "#" + [...resolved].sort().join(",") : undefined;
    const open = (identity !== undefined && this.compiling.get(identity)) || [];
    const made = identity !== undefined ? this.copies.get(identity) : undefined;
    if (open.length >= OPEN_COPIES || (open.length > 0 && made && made.length >= MAX_COPIES)) {
      this.problems.length = before; // the copy being compiled, or compiled, reports them
      return open.length >= OPEN_COPIES ? open[open.length - 1]! : made![made!.length - 1]!;
    }
    let impl: Gen = () => { throw new GenerationFailure(path, "schema still compiling"); };
    const node: Node = { gen: (ctx) => impl(ctx), never: false, accepts: () => true, problems: [] };
    this.memo.set(key, node);
    if (identity !== undefined) {
      this.compiling.set(identity, [...open, node]);
      if (made) made.push(node);
      else this.copies.set(identity, [node]);
    }
    try {
      this.compileInto(node, flat, resolved, path, name, (g) => { impl = g; });
    } finally {
      if (identity !== undefined) {
        if (open.length) this.compiling.set(identity, open);
        else this.compiling.delete(identity);
      }
    }
    node.problems = this.problems.slice(before);
    node.warnings = this.warnings.slice(warned);
    // Callers read node.gen at call time, so the indirection above is only needed while compiling (cycles).
    node.gen = impl;
    return node;
  }

  /** Compiles `flat`, the members with what their `$ref`s and `allOf`s add (flatten), into `node`. */
  private compileInto(node: Node, flat: Located[] | "never", resolved: ReadonlySet<string>, path: string, name: string | undefined, setImpl: (g: Gen) => void): void {
    if (flat === "never") {
      node.never = true;
      setImpl(() => { throw new GenerationFailure(path, `no value can satisfy the schema at ${path || "/"}`); });
      return;
    }
    const choices = this.choicePoints(flat, resolved);
    if (choices.length > 0) {
      this.rowCheckNeeded ||= choices.some((c) => c.kind !== "anyOf");
      setImpl(this.choiceGenerator(flat, resolved, choices, path, name));
      return;
    }
    const facets = this.facets(flat);
    const built = this.build(facets, path, name);
    node.never = built.never;
    node.accepts = built.accepts;
    node.bounds = built.bounds;
    node.dateBounds = dateBoundsOf(facets);
    setImpl(built.gen);
  }

  /** The node of a top-level property of the root schema, or undefined when the root declares none by that name. */
  topLevelNode(name: string): Node | undefined {
    const root = this.resolver.root;
    const s = root.schema;
    if (typeof s !== "object" || !isObject(s.properties) || !Object.prototype.hasOwnProperty.call(s.properties, name)) return undefined;
    return this.compile([this.child(root, "properties", name)], new Set(), "/" + escapePointer(name), name);
  }

  private child(loc: Located, ...segments: string[]): Located {
    const schema = segments.reduce<unknown>((s, k) => (s as Record<string, unknown>)[k], loc.schema);
    return { schema: schema as JsonSchemaObject, pointer: loc.pointer + "/" + segments.map(escapePointer).join("/"), base: ownBase(loc) };
  }

  /** The members plus everything their `$ref`s and `allOf`s add; "never" when one of them is `false`. */
  private flatten(members: Located[], path: string): Located[] | "never" {
    const out: Located[] = [];
    const seen = new Set<string>();
    let never = false;
    const visit = (loc: Located): void => {
      const id = loc.pointer + "@" + loc.base;
      if (seen.has(id)) return;
      seen.add(id);
      const s = loc.schema;
      if (s === false) { never = true; return; }
      if (s === true || !isObject(s)) return;
      out.push(loc);
      if (s.not === true || (isObject(s.not) && Object.keys(s.not).length === 0)) never = true;
      for (const key of ["$ref", "$dynamicRef"]) {
        if (typeof s[key] !== "string") continue;
        const target = this.resolver.resolve(s[key] as string, ownBase(loc));
        // A $dynamicRef whose first target has no matching $dynamicAnchor is a plain $ref; otherwise its
        // target depends on the dynamic scope, which only the row check sees.
        if (key === "$dynamicRef" && target && typeof target.schema === "object") {
          const anchor = (s[key] as string).split("#")[1];
          if (anchor !== undefined && target.schema.$dynamicAnchor === anchor) this.rowCheckNeeded = true;
        }
        if (!target) this.problem(path, `${key} "${s[key] as string}" does not resolve inside the schema (remote references are not fetched)`);
        else visit(target);
      }
      if (Array.isArray(s.allOf)) s.allOf.forEach((_b, i) => visit(this.child(loc, "allOf", String(i))));
    };
    for (const m of members) visit(m);
    return never ? "never" : out;
  }

  /**
   * Per `oneOf` option, what keeps its values from matching the other options too, in the two ways
   * configuration and API schemas tell their options apart: by a required property (`{required: ["load"]}`
   * or `{required: ["extract"]}`: the properties only the others require are left out), and by which one
   * optional property an object has (`{properties: {ps: ...}}` or `{properties: {sh: ...}}`, closed: an
   * empty object would match both, so it holds at least one). The row check still judges every row.
   */
  private oneOfApart(options: Located[][]): Located[][] {
    const { value: shapes } = this.tentatively(() => options.map((option) => {
      const flat = this.flatten(option, "");
      const required = new Set<string>();
      let declares = false;
      if (flat !== "never") {
        for (const m of flat) {
          const s = m.schema as JsonSchemaObject;
          if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === "string") required.add(r);
          if (isObject(s.properties) && Object.keys(s.properties).length > 0) declares = true;
        }
      }
      return { required, declares };
    }));
    return shapes.map((own, i) => {
      const others = new Set(shapes.flatMap((shape, j) => (j === i ? [] : [...shape.required])).filter((r) => !own.required.has(r)));
      const implied: JsonSchemaObject = {};
      if (others.size) implied.properties = Object.fromEntries([...others].map((r) => [r, false]));
      else if (own.required.size === 0 && own.declares && shapes.some((shape, j) => j !== i && shape.required.size === 0 && shape.declares)) implied.minProperties = 1;
      if (Object.keys(implied).length === 0) return [];
      const at = options[i]![0]!;
      return [{ schema: implied, pointer: `${at.pointer}/$apart`, base: ownBase(at) }];
    });
  }

  private choicePoints(flat: Located[], resolved: ReadonlySet<string>): Array<{ id: string; kind: string; options: Located[][] }> {
    const points: Array<{ id: string; kind: string; options: Located[][] }> = [];
    for (const loc of flat) {
      const s = loc.schema as JsonSchemaObject;
      for (const kind of ["anyOf", "oneOf"]) {
        const id = loc.pointer + "@" + loc.base + "/" + kind;
        if (Array.isArray(s[kind]) && !resolved.has(id)) {
          const options = (s[kind] as unknown[]).map((_b, i) => [this.child(loc, kind, String(i))]);
          if (kind === "oneOf") this.oneOfApart(options).forEach((implied, i) => options[i]!.push(...implied));
          points.push({ id, kind, options });
        }
      }
      const id = loc.pointer + "@" + loc.base + "/if";
      if (s.if !== undefined && !resolved.has(id)) {
        const whenTrue = [this.child(loc, "if"), ...(s.then !== undefined ? [this.child(loc, "then")] : [])];
        const whenFalse = s.else !== undefined ? [this.child(loc, "else")] : [];
        points.push({ id, kind: "if", options: [whenTrue, whenFalse] });
      }
      // dependentSchemas: the property is present and the object meets its schema too, or the property is
      // absent (a draft-07 `dependencies` schema, once migrated: an invoice needs a tax id).
      if (isObject(s.dependentSchemas)) {
        for (const key of Object.keys(s.dependentSchemas)) {
          const depId = `${loc.pointer}@${loc.base}/dependentSchemas/${escapePointer(key)}`;
          if (resolved.has(depId)) continue;
          const implied = (what: string, schema: JsonSchemaObject): Located =>
            ({ schema, pointer: `${loc.pointer}/dependentSchemas/${escapePointer(key)}/$${what}`, base: ownBase(loc) });
          points.push({
            id: depId, kind: "dependentSchemas", options: [
              [implied("present", { required: [key] }), this.child(loc, "dependentSchemas", key)],
              [implied("absent", { properties: { [key]: false } })],
            ],
          });
        }
      }
    }
    return points;
  }

  private choiceGenerator(flat: Located[], resolved: ReadonlySet<string>, choices: Array<{ id: string; options: Located[][] }>, path: string, name: string | undefined): Gen {
    const nextResolved = new Set(resolved);
    for (const c of choices) nextResolved.add(c.id);
    // Small choice spaces are compiled now, so unsatisfiable branches are known before generating.
    const combos = choices.reduce((n, c) => n * c.options.length, 1);
    const compileCombo = (picks: number[]): Node => {
      const members = [...flat];
      choices.forEach((c, i) => members.push(...c.options[picks[i]]));
      return this.compile(members, nextResolved, path, name);
    };
    let viable: Node[] | undefined;
    // `anyOf: [X, {type: "null"}]` (pydantic's Optional, OpenAPI 3.1's nullable) is null as often as a
    // `type: [X, "null"]` field (NULL_SHARE), not once in two rows.
    let nullBranch: Node | undefined;
    if (combos <= 16) {
      const all: Array<{ value: Node; problems: SchemaProblem[]; warnings: SchemaProblem[]; onlyNull: boolean }> = [];
      const walk = (i: number, picks: number[]): void => {
        if (i === choices.length) {
          const onlyNull = choices.length === 1 && choices[0].options.length > 1 && isNullOnly(choices[0].options[picks[0]]);
          all.push({ ...this.tentatively(() => compileCombo(picks)), onlyNull });
          return;
        }
        for (let k = 0; k < choices[i].options.length; k++) walk(i + 1, [...picks, k]);
      };
      walk(0, []);
      const kept = all.filter((c) => !c.value.never && c.problems.length === 0);
      for (const c of kept) this.warnings.push(...c.warnings);
      viable = kept.map((c) => c.value);
      if (viable.length === 0) {
        this.problems.push(...all.flatMap((c) => c.problems));
        this.unsatisfiable(path, "no branch of anyOf/oneOf/if can be satisfied together with the other keywords");
      }
      const nulls = kept.filter((c) => c.onlyNull);
      if (nulls.length === 1 && kept.length > 1) {
        nullBranch = nulls[0].value;
        viable = viable.filter((v) => v !== nullBranch);
      }
    }
    return (ctx) => {
      for (let attempt = 0; attempt < NODE_RETRIES; attempt++) {
        const node = nullBranch && ctx.rng.chance(NULL_SHARE) ? nullBranch
          : viable ? ctx.rng.pick(viable) : compileCombo(choices.map((c) => ctx.rng.int(0, c.options.length - 1)));
        if (!node.never && node.problems.length === 0) return node.gen(ctx);
      }
      throw new GenerationFailure(path, `no satisfiable branch found at ${path || "/"}`);
    };
  }

  private facets(flat: Located[]): Facets {
    const f: Facets = {
      members: flat, inferredTypes: new Set(), notTypes: new Set(), multipleOf: [], minLength: 0, patterns: [], formats: [], formatLimits: [],
      minProperties: 0, required: new Set(), dependentRequired: new Map(), minItems: 0, uniqueItems: false, unique: false,
    };
    const max = (a: number | undefined, b: unknown) => (typeof b === "number" ? (a === undefined ? b : Math.max(a, b)) : a);
    const min = (a: number | undefined, b: unknown) => (typeof b === "number" ? (a === undefined ? b : Math.min(a, b)) : a);
    for (const loc of flat) {
      const s = loc.schema as JsonSchemaObject;
      for (const k of Object.keys(s)) if (ROW_CHECK_KEYWORDS.has(k) || UNPROVEN_KEYWORDS.has(k)) this.rowCheckNeeded = true;
      // Array-form items is not 2020-12: the row check's compilation reports it.
      if (Array.isArray(s.items)) this.rowCheckNeeded = true;
      if (s.type !== undefined) {
        const listed = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is TypeName => ALL_TYPES.includes(t as TypeName));
        const set = new Set<TypeName>(listed);
        if (set.has("number")) set.add("integer");
        f.types = f.types ? new Set([...f.types].filter((t) => set.has(t))) : set;
      }
      if (isObject(s.not) && s.not.type !== undefined && Object.keys(s.not).length === 1) {
        for (const t of Array.isArray(s.not.type) ? s.not.type : [s.not.type]) {
          f.notTypes.add(t as TypeName);
          if (t === "number") f.notTypes.add("integer");
        }
      }
      const values = "const" in s ? [s.const] : Array.isArray(s.enum) ? s.enum : undefined;
      if (values) {
        f.enumValues = f.enumValues
          ? f.enumValues.filter((v) => values.some((w) => canonicalJson(w) === canonicalJson(v)))
          : [...values];
      }
      const storage = s["x-storage-range"];
      if (Array.isArray(storage) && typeof storage[0] === "number" && typeof storage[1] === "number") f.storageRange = [storage[0], storage[1]];
      f.minimum = max(f.minimum, s.minimum);
      f.exclusiveMinimum = max(f.exclusiveMinimum, s.exclusiveMinimum);
      f.maximum = min(f.maximum, s.maximum);
      f.exclusiveMaximum = min(f.exclusiveMaximum, s.exclusiveMaximum);
      if (typeof s.multipleOf === "number" && s.multipleOf > 0) f.multipleOf.push(s.multipleOf);
      f.minLength = max(f.minLength, s.minLength) ?? 0;
      f.maxLength = min(f.maxLength, s.maxLength);
      if (typeof s.pattern === "string") f.patterns.push(s.pattern);
      if (typeof s.format === "string") {
        // The format values are generated for: the first one the engine generates (each one is checked).
        if (f.format === undefined || (!SUPPORTED_FORMATS.has(f.format) && SUPPORTED_FORMATS.has(s.format))) f.format = s.format;
        if (!f.formats.includes(s.format)) f.formats.push(s.format);
      }
      for (const keyword of FORMAT_LIMIT_KEYWORDS) {
        const limit = s[keyword];
        if (limit === undefined) continue;
        // The validator refuses a bound without a format that orders its values: the row check's compilation says so.
        if (typeof s.format !== "string" || typeof limit !== "string" || !formatCompare(s.format)) this.rowCheckNeeded = true;
        else f.formatLimits.push({ format: s.format, keyword, limit });
      }
      // The tightest date bounds are the ones generated within.
      if (typeof s.formatMinimum === "string" && !(Date.parse(s.formatMinimum) < Date.parse(f.formatMinimum ?? ""))) f.formatMinimum = s.formatMinimum;
      if (typeof s.formatMaximum === "string" && !(Date.parse(s.formatMaximum) > Date.parse(f.formatMaximum ?? ""))) f.formatMaximum = s.formatMaximum;
      f.minProperties = max(f.minProperties, s.minProperties) ?? 0;
      f.maxProperties = min(f.maxProperties, s.maxProperties);
      if (Array.isArray(s.required)) for (const r of s.required) if (typeof r === "string") f.required.add(r);
      if (isObject(s.dependentRequired)) {
        for (const [k, deps] of Object.entries(s.dependentRequired)) {
          if (Array.isArray(deps)) f.dependentRequired.set(k, [...(f.dependentRequired.get(k) ?? []), ...deps.filter((d): d is string => typeof d === "string")]);
        }
      }
      f.minItems = max(f.minItems, s.minItems) ?? 0;
      f.maxItems = min(f.maxItems, s.maxItems);
      if (s.contains !== undefined) {
        f.minContains = max(f.minContains, typeof s.minContains === "number" ? s.minContains : 1);
        f.maxContains = min(f.maxContains, s.maxContains);
      }
      if (s.uniqueItems === true) f.uniqueItems = true;
      if (typeof s["x-faker"] === "string") f.fakerMethod = s["x-faker"];
      if (typeof s["x-semantic"] === "string") f.semantic = s["x-semantic"];
      if (s["x-unique"] === true) f.unique = true;
      if (typeof s.description === "string") f.description ??= s.description;
      if (typeof s.title === "string") f.title ??= s.title;
      if (Array.isArray(s.examples) && f.examples === undefined) f.examples = s.examples;
      if (OBJECT_KEYWORDS.some((k) => k in s)) f.inferredTypes.add("object");
      if (ARRAY_KEYWORDS.some((k) => k in s)) f.inferredTypes.add("array");
      if (STRING_KEYWORDS.some((k) => k in s)) f.inferredTypes.add("string");
      if (NUMBER_KEYWORDS.some((k) => k in s)) f.inferredTypes.add("number");
    }
    // Unknown formats stay annotations (as in 2020-12): the value comes from the other keywords.
    return f;
  }

  /** Builds the generator of one choice-free conjunction. */
  private build(f: Facets, path: string, name: string | undefined): Node {
    let allowed: TypeName[] = (f.types ? [...f.types] : [...ALL_TYPES]).filter((t) => !f.notTypes.has(t));
    const accepts = this.structuralCheck(f, path);
    const bounds: [number | undefined, number | undefined] = [f.minimum ?? f.exclusiveMinimum, f.maximum ?? f.exclusiveMaximum];

    if (f.enumValues) {
      const candidates = f.enumValues.filter((v) => accepts(v));
      if (candidates.length === 0) {
        this.unsatisfiable(path, "enum/const has no value that satisfies the other keywords");
        return { never: true, accepts, problems: [], gen: () => { throw new GenerationFailure(path, "empty enum"); } };
      }
      // Structures inside enum values may still need their own keywords (e.g. properties) checked.
      const structured = candidates.some((v) => typeof v === "object" && v !== null);
      if (structured) this.rowCheckNeeded = true;
      // Status-like fields are skewed (the first listed value most common, weights 1, 1/2, 1/3, ...), as
      // real data is; other enums are uniform.
      // Values real systems see at known rates (INFO, GET, 200, active, delivered) get those rates.
      const skewed = name !== undefined && candidates.length > 2 && STATUS_LIKE.test(name);
      const cumulative = knownValueCumulative(candidates) ?? (skewed ? harmonicCumulative(candidates.length) : undefined);
      const bySex = name !== undefined && /^(gender|sex)$/.test(normaliseName(name)) ? sexMatchedEnum(candidates) : undefined;
      const pickEnum: Gen = bySex ?? (cumulative
        ? (ctx) => {
          const x = ctx.rng.float();
          let i = 0;
          while (cumulative[i] < x) i++;
          return candidates[i];
        }
        : (ctx) => ctx.rng.pick(candidates));
      this.meanings[meaningPath(path)] ??= candidates.length === 1 ? "const" : "enum";
      const enumByIndex: ByIndex = {
        size: candidates.length,
        at: (key) => {
          const permute = keyedPermutation(key, candidates.length);
          return (index) => { const k = permute(index); return k === undefined ? undefined : candidates[k]; };
        },
      };
      return { never: false, accepts, bounds, problems: [], gen: f.unique ? this.uniqueWrap(pickEnum, path, enumByIndex) : pickEnum };
    }

    if (allowed.includes("number") && allowed.includes("integer") && f.types?.has("number")) {
      allowed = allowed.filter((t) => t !== "integer"); // "number" already yields integers where needed
    }
    if (allowed.length === 0) {
      this.unsatisfiable(path, "the type keywords of this schema exclude every type");
      return { never: true, accepts, problems: [], gen: () => { throw new GenerationFailure(path, "no type"); } };
    }
    const inferred = f.types ? allowed : allowed.filter((t) => f.inferredTypes.has(t) || (t === "integer" && f.inferredTypes.has("number")));
    const simple = (["string", "integer", "boolean", "null"] as TypeName[]).filter((t) => allowed.includes(t));
    const preferred = inferred.length ? inferred : f.types || simple.length === 0 ? allowed : simple;

    // Every allowed type is compiled now; a type whose keywords cannot be met is dropped while another works.
    const byType = new Map<TypeName, Gen>();
    // Types whose values can also be dealt from the global row index without repeats (for x-unique).
    const byTypeIndex = new Map<TypeName, ByIndex>();
    // Types whose generator meets all of the node's own keywords (by construction or by its own checks).
    const exactTypes = new Set<TypeName>();
    const failures: SchemaProblem[] = [];
    for (const t of allowed) {
      const { value, problems, warnings } = this.tentatively(() => this.typeGenerator(t, f, path, name));
      if (problems.length) failures.push(...problems);
      else {
        byType.set(t, value.gen);
        if (value.byIndex) byTypeIndex.set(t, value.byIndex);
        if (value.exact && f.notTypes.size === 0) exactTypes.add(t);
        this.warnings.push(...warnings);
      }
    }
    const usable = allowed.filter((t) => byType.has(t));
    if (usable.length === 0) {
      this.problems.push(...failures);
      return { never: true, accepts, problems: [], gen: () => { throw new GenerationFailure(path, "no usable type"); } };
    }
    const usablePreferred = preferred.filter((t) => byType.has(t));
    let first = usablePreferred.length ? usablePreferred : usable;
    // A nullable field is null now and then (NULL_SHARE), not as often as each of its other types.
    const nullable = first.length > 1 && first.includes("null");
    if (nullable) first = first.filter((t) => t !== "null");
    const single = first.length === 1 ? byType.get(first[0])! : undefined;
    // A single-type node whose generator meets all of the node's own keywords by construction needs no
    // check-and-retry loop: the hot path of ordinary fields.
    if (single && !nullable && exactTypes.has(first[0]) && !f.unique) return { never: false, accepts, bounds, gen: single, problems: [] };
    // When the plan is exploring (row checks keep failing) any allowed type is tried, not just the suggested ones.
    // Values of an exact type need no check; the others are checked against every keyword of the node.
    const sole = single ? first[0] : undefined;
    let gen: Gen = (ctx) => {
      for (let attempt = 0; attempt < NODE_RETRIES; attempt++) {
        const explore = ctx.explore || attempt > NODE_RETRIES / 2;
        if (nullable && !explore && ctx.rng.chance(NULL_SHARE)) return null;
        const t = explore ? ctx.rng.pick(usable) : sole ?? ctx.rng.pick(first);
        let value: unknown;
        try {
          value = byType.get(t)!(ctx);
        } catch (err) {
          // One type failing (a string whose keywords are hard to meet) leaves the others to try.
          if (!(err instanceof GenerationFailure) || usable.length === 1) throw err;
          continue;
        }
        if (exactTypes.has(t) || accepts(value)) return value;
      }
      throw new GenerationFailure(path, `could not generate a value at ${path || "/"} that satisfies its keywords`);
    };
    // A node of plain values whose checks never pass is found now (an optional property is then left out).
    if (usable.every((t) => !exactTypes.has(t) && t !== "array" && t !== "object")) {
      const probe = this.probeContext(path);
      let found = false;
      for (let i = 0; i < 8 && !found; i++) {
        try { gen(probe); found = true; } catch (err) { if (!(err instanceof GenerationFailure)) throw err; }
      }
      if (!found) {
        this.unsatisfiable(path, `no value found that satisfies ${describeKeywords(f)} together`);
        return { never: true, accepts, problems: [], gen: () => { throw new GenerationFailure(path, "no value satisfies the keywords"); } };
      }
    }
    // A nullable field dealt by row index gets a value in every row: a null would be a repeated value.
    if (f.unique) gen = this.uniqueWrap(gen, path, sole && exactTypes.has(sole) ? byTypeIndex.get(sole) : undefined);
    return { never: false, accepts, bounds, gen, problems: [] };
  }

  /**
   * Values of an `x-unique` field never repeat. A top-level field whose values can be dealt by row index
   * (`byIndex`: integers, decimal steps, enums, UUIDs) takes the row's value of a permutation keyed by the
   * data set's seed: unique across every shard and worker of the data set, with nothing remembered. Other
   * values (and nested ones, several to a row) are remembered and never repeat within a shard's run.
   */
  private uniqueWrap(gen: Gen, path: string, byIndex?: ByIndex): Gen {
    const remembered = this.rememberedUnique(gen, path);
    const topLevel = /^\/[^/]*$/.test(path);
    if (!byIndex) {
      if (topLevel) this.warn(path, `x-unique at ${path}: values of this kind have no deal by row index, so they are distinct within each shard of the job only (integers, decimals, enums, UUIDs, e-mail addresses, usernames, names, single patterns and free text are distinct across the whole data set)`);
      return remembered;
    }
    if (topLevel && this.rows !== undefined && this.rows > byIndex.size) {
      this.problem(path, `ran out of unique values at ${path}: row ${byIndex.size + 1} is past the field's last distinct value (it has ${byIndex.size} distinct values, and ${this.rows} rows are asked for)`);
    }
    const keyOf = (ctx: GenContext) => `${ctx.datasetKey}\u0000${path}`;
    if (topLevel && byIndex.person && !this.rowPerson) {
      const persons = new Map<string, (index: number) => Person>();
      const personOf = byIndex.person;
      this.rowPerson = (ctx) => {
        let person = persons.get(ctx.datasetKey);
        if (!person) persons.set(ctx.datasetKey, person = personOf(keyOf(ctx)));
        return person(ctx.rowIndex);
      };
    }
    // One deal per data set (the probe run has its own); a plan serves one data set, so this stays tiny.
    const deals = new Map<string, (index: number, ctx: GenContext) => unknown>();
    return (ctx) => {
      if (ctx.depth !== 1) return remembered(ctx);
      let deal = deals.get(ctx.datasetKey);
      if (!deal) deals.set(ctx.datasetKey, deal = byIndex.at(keyOf(ctx)));
      const v = deal(ctx.rowIndex, ctx);
      if (v === undefined) throw new GenerationFailure(path, `ran out of unique values at ${path || "/"}: row ${ctx.rowIndex + 1} is past the field's last distinct value`);
      return v;
    };
  }

  private rememberedUnique(gen: Gen, path: string): Gen {
    return (ctx) => {
      const seen = ctx.seenValues(path);
      for (let attempt = 0; attempt < 100; attempt++) {
        const v = gen(ctx);
        const k = typeof v === "object" ? canonicalJson(v) : v;
        if (!seen.has(k)) { seen.add(k); return v; }
      }
      throw new GenerationFailure(path, `ran out of unique values at ${path || "/"}`);
    };
  }

  /** Checks a value against the node's own type, enum, numeric and string keywords. */
  private structuralCheck(f: Facets, path: string): (v: unknown) => boolean {
    const checks: Array<(v: unknown) => boolean> = [];
    if (f.types || f.notTypes.size) {
      // "integer" values are also "number"s, so a set naming "number" accepts them.
      const widen = (set: Set<TypeName>) => (set.has("number") ? new Set<TypeName>([...set, "integer"]) : set);
      const types = f.types ? widen(f.types) : undefined, not = widen(f.notTypes);
      checks.push((v) => {
        const t = typeOf(v);
        return (types === undefined || types.has(t)) && !not.has(t);
      });
    }
    if (f.enumValues) {
      const keys = new Set(f.enumValues.map(canonicalJson));
      checks.push((v) => keys.has(canonicalJson(v)));
    }
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = f;
    if (minimum !== undefined || maximum !== undefined || exclusiveMinimum !== undefined || exclusiveMaximum !== undefined || multipleOf.length) {
      checks.push((v) => typeof v !== "number" || (
        (minimum === undefined || v >= minimum) && (maximum === undefined || v <= maximum)
        && (exclusiveMinimum === undefined || v > exclusiveMinimum) && (exclusiveMaximum === undefined || v < exclusiveMaximum)
        && multipleOf.every((m) => isMultipleOf(v, m))));
    }
    for (const format of f.formats) {
      const numeric = numberFormatCheck(format);
      if (numeric) checks.push((v) => typeof v !== "number" || numeric(v));
    }
    const strings = this.stringCheck(f, path);
    if (strings !== ALWAYS) checks.push((v) => typeof v !== "string" || strings(v));
    return allOf(checks);
  }

  /**
   * Checks a string against the node's string keywords: lengths, every pattern, every format (as the
   * product's validator judges it) and format bounds. `trusted` is a format whose values the caller's
   * source meets by construction, left unchecked.
   */
  private stringCheck(f: Facets, path: string, trusted?: string): (s: string) => boolean {
    const checks: Array<(s: string) => boolean> = [];
    const { minLength, maxLength } = f;
    if (minLength > 0 || maxLength !== undefined) {
      const most = maxLength ?? Infinity;
      checks.push((s) => {
        const n = codePointLength(s);
        return n >= minLength && n <= most;
      });
    }
    for (const p of f.patterns) {
      const test = safePattern(p);
      if (!test) { this.problem(path, patternProblem(p) ?? `pattern ${JSON.stringify(p)} is refused`); continue; }
      checks.push(test);
    }
    for (const format of f.formats) {
      const check = format === trusted ? undefined : stringFormatCheck(format);
      if (check) checks.push(check);
    }
    for (const { format, keyword, limit } of f.formatLimits) {
      const compare = formatCompare(format)!;
      // As ajv-formats: a comparison that cannot be made (undefined) does not fail.
      const fails = keyword === "formatMinimum" ? (c: number) => c < 0 : keyword === "formatMaximum" ? (c: number) => c > 0
        : keyword === "formatExclusiveMinimum" ? (c: number) => c <= 0 : (c: number) => c >= 0;
      checks.push((s) => {
        const c = compare(s, limit);
        return c === undefined || !fails(c);
      });
    }
    return allOf(checks);
  }

  /** The type's generator, and whether its values always meet the node's own keywords (no check needed). */
  private typeGenerator(t: TypeName, f: Facets, path: string, name: string | undefined): TypeGen {
    switch (t) {
      case "null": return { gen: () => null, exact: true };
      case "boolean": {
        // Flags such as is_fraud are rare and is_active common; other booleans are even.
        const share = name ? trueShare(normaliseName(name)) : 0.5;
        return { gen: (ctx) => ctx.rng.chance(share), exact: true };
      }
      case "integer": case "number": return this.numberGenerator(t, f, path, name);
      case "string": return this.stringGenerator(f, path, name);
      case "array": return { gen: this.arrayGenerator(f, path), exact: true };
      case "object": return { gen: this.objectGenerator(f, path, name), exact: true };
    }
  }

  private numberGenerator(t: "integer" | "number", f: Facets, path: string, name: string | undefined): TypeGen {
    const fail = (): { gen: Gen; exact: boolean } => ({ gen: () => { throw new GenerationFailure(path, "empty numeric range"); }, exact: true });
    let lo = f.minimum, hi = f.maximum;
    const exLo = f.exclusiveMinimum, exHi = f.exclusiveMaximum;
    // An integer format (int32, int64) makes the values integers within its range.
    const intRange = f.formats.map((x) => INTEGER_FORMAT_RANGES[x]).find((r) => r !== undefined);
    if (intRange) {
      lo = Math.max(lo ?? intRange[0], intRange[0]);
      hi = Math.min(hi ?? intRange[1], intRange[1]);
    }
    const integer = t === "integer" || intRange !== undefined;
    let step = f.multipleOf.length ? f.multipleOf[0] : integer ? 1 : 0;
    if (integer && f.multipleOf.length) {
      // Integer multiples of p/q (in lowest terms) are the multiples of p; integer steps combine by lcm.
      const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
      step = f.multipleOf.reduce((acc, m) => {
        const q0 = 10 ** Math.min(decimals(m), 12);
        const p0 = Math.round(m * q0);
        const p = p0 / gcd(p0, q0);
        return acc / gcd(acc, p) * p;
      }, 1);
    } else if (f.multipleOf.length > 1) {
      // The least common multiple of decimal steps: scaled to integers, combined by lcm, scaled back.
      const places = Math.min(Math.max(...f.multipleOf.map(decimals)), 12);
      const scale = 10 ** places;
      const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
      const scaled = f.multipleOf.reduce((acc, m) => { const p = Math.round(m * scale); return acc / gcd(acc, p) * p; }, 1);
      step = Number((scaled / scale).toFixed(places));
      if (!Number.isFinite(step) || step <= 0 || !f.multipleOf.every((m) => isMultipleOf(step, m))) {
        step = f.multipleOf.reduce((a, b) => (isMultipleOf(a, b) ? a : isMultipleOf(b, a) ? b : a * b));
      }
    }
    // Past an exclusive bound by a step, and at least to the next double: at 1e21 a step of 1 is lost in the
    // rounding (1e21 + 1 === 1e21), and the bound itself would be generated.
    if (exLo !== undefined && (lo === undefined || exLo >= lo)) lo = Math.max(nextDouble(exLo, 1), step ? exLo + (isMultipleOf(exLo, step) ? step : 0) : exLo + Math.max(Math.abs(exLo) * 1e-9, 1e-6));
    if (exHi !== undefined && (hi === undefined || exHi <= hi)) hi = Math.min(nextDouble(exHi, -1), step ? exHi - (isMultipleOf(exHi, step) ? step : 0) : exHi - Math.max(Math.abs(exHi) * 1e-9, 1e-6));
    // A side that is only its column type's (numeric(10,2) up to 99,999,999.99) is left open for the
    // field's typical values and meaning, which are then kept within the type.
    const storage = f.storageRange;
    const [openLo, openHi] = [storage && lo === storage[0] ? undefined : lo, storage && hi === storage[1] ? undefined : hi];
    // Keep unbounded or huge ranges to a readable window.
    const WINDOW = 1_000_000;
    let wlo = openLo ?? (openHi !== undefined ? openHi - 1000 : 0);
    let whi = openHi ?? wlo + 1000;
    if (whi - wlo > 2 * WINDOW) {
      if (wlo <= 0 && whi >= 0) { wlo = Math.max(wlo, -WINDOW); whi = Math.min(whi, WINDOW); }
      else if (wlo > 0) whi = wlo + WINDOW;
      else wlo = whi - WINDOW;
    }
    if (storage) { wlo = Math.max(wlo, lo ?? wlo); whi = Math.min(whi, hi ?? whi); }
    if (wlo > whi) {
      this.unsatisfiable(path, `numeric bounds leave no room (minimum ${wlo} > maximum ${whi})`);
      return fail();
    }
    let structural: Gen;
    let byIndex: ByIndex | undefined;
    if (step) {
      const places = decimals(step);
      const at = (k: number) => (places === 0 ? k * step : Number((k * step).toFixed(places)));
      // Float division can land a hair either side of a bound: step inwards until the value is inside.
      let kLo = Math.ceil(wlo / step - 1e-9), kHi = Math.floor(whi / step + 1e-9);
      while (at(kLo) < wlo) kLo++;
      while (at(kHi) > whi) kHi--;
      if (kLo > kHi) {
        this.unsatisfiable(path, `no multiple of ${step} lies between ${wlo} and ${whi}`);
        return fail();
      }
      structural = places === 0 ? (ctx) => ctx.rng.int(kLo, kHi) * step : (ctx) => Number((ctx.rng.int(kLo, kHi) * step).toFixed(places));
      if (f.unique) {
        // Distinct multiples dealt by row index; an open side gets room for 2^31 of them, not the readable window.
        const room = 2 ** 31 - 1;
        const kOf = (v: number, up: boolean): number => {
          let k = up ? Math.ceil(v / step - 1e-9) : Math.floor(v / step + 1e-9);
          while (up ? at(k) < v : at(k) > v) k += up ? 1 : -1;
          return k;
        };
        const uLo = lo !== undefined ? kOf(lo, true) : hi !== undefined ? kOf(hi, false) - room : kLo;
        const uHi = hi !== undefined ? kOf(hi, false) : uLo + room;
        byIndex = {
          size: Math.min(uHi - uLo + 1, MAX_PERMUTED_SPACE),
          at: (key) => {
            const k = uniqueIntegers(key, uLo, uHi);
            return (index) => { const n = k(index); return n === undefined ? undefined : places === 0 ? n * step : Number((n * step).toFixed(places)); };
          },
        };
      }
    } else {
      const span = whi - wlo;
      const round = span >= 10 ? 100 : 1e6;
      structural = (ctx) => {
        const v = Math.round((wlo + ctx.rng.float() * span) * round) / round;
        return v < wlo || v > whi ? wlo : v;
      };
    }
    // Exact when every multipleOf is met by the one step (always for integers, and for decimal steps combined by lcm).
    const exact = f.multipleOf.every((m) => step !== 0 && isMultipleOf(step, m));
    const meaning = this.meaningOf({ ...this.hints(f, path, name), type: t, minimum: openLo, maximum: openHi, step: f.multipleOf.length ? step : integer ? 1 : 0 }, path);
    if (!meaning) return { gen: structural, exact, byIndex: exact ? byIndex : undefined };
    if (meaning.label) this.meanings[meaningPath(path)] ??= meaning.label;
    // A unique field is dealt its values (uniqueness before a meaning's shape), but integer ids, which
    // already count up through the whole data set.
    if (byIndex && exact && !(integer && name !== undefined && normaliseName(name) === "id")) return { gen: structural, exact, byIndex };
    // Built-in meanings return the field's type by construction; only x-faker methods need a type check.
    const fits = this.structuralCheck(f.fakerMethod ? f : { ...f, types: undefined, notTypes: new Set() }, "");
    return { gen: this.withMeaning(meaning, structural, fits), exact };
  }

  /**
   * Tries the realistic generator first, then its other spellings (a phone's digits), and falls back to
   * the structural one when none fits.
   */
  private withMeaning(meaning: Meaning, structural: Gen, fits: (v: unknown) => boolean, tries = 1): Gen {
    if (fits === ALWAYS) return meaning.gen;
    const variants = meaning.variants ?? [];
    const { gen, repair } = meaning;
    return (ctx) => {
      for (let attempt = 0; attempt < tries; attempt++) {
        const v = gen(ctx);
        if (fits(v)) return v;
        if (typeof v === "string") for (const variant of variants) { const w = variant(v, ctx); if (fits(w)) return w; }
      }
      const s = structural(ctx);
      // A structural value given the meaning's check digits (a card number's Luhn digit), when it still fits.
      if (repair && typeof s === "string") { const r = repair(s); if (fits(r)) return r; }
      return s;
    };
  }

  /**
   * Strings. An ordinary field has one source that meets all its keywords by construction (a pattern
   * alone, a format alone, lengths alone), tried after its realistic meaning, and needs no check. When
   * keywords combine (a format with a pattern or lengths, several patterns, a compliance-safe value
   * under a pattern), every way the compiler knows to build the value is probed on a few samples, the
   * best is generated by, and each value is checked against all the keywords (formats as the product's
   * validator judges them), falling back to the other ways; when none works the schema is refused.
   */
  private stringGenerator(f: Facets, path: string, name: string | undefined): TypeGen {
    const refuse = (message: string, reason: string): TypeGen => {
      this.unsatisfiable(path, message);
      return { gen: () => { throw new GenerationFailure(path, reason); }, exact: true };
    };
    const { minLength } = f;
    const maxLength = f.maxLength;
    if (maxLength !== undefined && maxLength < minLength) return refuse(`maxLength ${maxLength} is below minLength ${minLength}`, "empty length range");
    if (minLength > MAX_STRING_LENGTH) {
      return refuse(`minLength ${minLength} is above the longest string this engine builds (${MAX_STRING_LENGTH})`, "string too long");
    }
    const format = f.format && SUPPORTED_FORMATS.has(f.format) ? f.format : undefined;
    const lengths = minLength > 0 || maxLength !== undefined;
    const most = maxLength ?? Infinity;
    const range = format ? formatLengths(format) : undefined;
    if (format && range && lengths && firstFormatLength(format, minLength, most) === undefined) {
      const span = range.step ? `a multiple of ${range.step}` : range.min === range.max ? `${range.min}` : range.max === Infinity ? `at least ${range.min}` : `${range.min} to ${range.max}`;
      return refuse(`format "${format}" values are ${span} characters long, which minLength ${minLength}${maxLength !== undefined ? ` and maxLength ${maxLength}` : ""} rule out`, "no format value of an allowed length");
    }
    // A pattern that cannot be generated from is fatal only when no other source works.
    const fromPatterns: Array<(ctx: GenContext) => string> = [];
    let patternError: string | undefined;
    for (const p of f.patterns) {
      try {
        const gen = compilePatternGenerator(p);
        fromPatterns.push((ctx) => gen(ctx.rng));
      } catch (err) {
        patternError ??= `pattern ${JSON.stringify(p)}: ${(err as Error).message}`;
      }
    }
    const meaning = format && !MEANING_FORMATS.has(format) ? undefined : this.meaningOf({ ...this.hints(f, path, name), type: "string", format }, path);
    const recorded = meaning?.label ?? (format ? `format ${format}` : f.patterns.length ? "pattern" : UNKNOWN_MEANING);
    this.meanings[meaningPath(path)] ??= recorded;
    // Under compliance a reserved kind of value (card number, e-mail, phone, ...) comes from its safe source only.
    const safeKind = this.compliance ? meaning?.safeKind : undefined;
    const full = this.stringCheck(f, path);
    const keepsFormat = !f.fakerMethod && format !== undefined && (meaning?.formats?.includes(format) ?? false);
    // What a value still has to pass when its source meets the format by construction.
    const unlessFormat = format ? this.stringCheck(f, path, format) : full;
    const meaningCheck = keepsFormat ? unlessFormat : full;
    const asChecked = (check: (s: string) => boolean, typed: boolean): ((v: unknown) => boolean) =>
      (check === ALWAYS && !typed ? ALWAYS : (v) => typeof v === "string" && check(v));
    const fitsMeaning = asChecked(meaningCheck, Boolean(f.fakerMethod));

    // The hot path: a single source exact by construction, behind the realistic meaning.
    const oneFormat = f.formats.every((x) => x === format || !stringFormatCheck(x));
    const plainLimits = f.formatLimits.every((l) => l.format === format && (format === "date" || format === "date-time") && (l.keyword === "formatMinimum" || l.keyword === "formatMaximum"));
    if (oneFormat && plainLimits && !(safeKind && fitsMeaning !== ALWAYS)) {
      let structural: Gen | undefined;
      const asserted = format !== undefined && stringFormatCheck(format) !== undefined;
      if (f.patterns.length === 1 && fromPatterns.length === 1 && !lengths && !asserted) structural = fromPatterns[0];
      else if (!f.patterns.length && format && !lengths) structural = this.formatGenerator(format, f, path, name);
      else if (!f.patterns.length && !format) structural = (ctx) => text(ctx, minLength, maxLength ?? Math.max(minLength + 12, 8));
      // UUIDs have a deal by row index: distinct across the whole data set (x-unique).
      const byUuid: ByIndex | undefined = format === "uuid" && !f.patterns.length && !lengths && f.formatLimits.length === 0 ? { size: 2 ** 53, at: uniqueUuids } : undefined;
      if (structural) {
        const gen = meaning ? this.withMeaning(meaning, structural, fitsMeaning, this.meaningTries(meaning, fitsMeaning, path)) : structural;
        return { gen, exact: true, byIndex: byUuid ?? (f.unique ? this.stringDeal(f, path, meaning?.label, format, full, gen) : undefined) };
      }
    }

    // Every way to build the value, most realistic first.
    const sources: Array<Source & { rank: number }> = [];
    const add = (rank: number, source: Source) => sources.push({ ...source, rank });
    const probe = this.probeContext(path);
    const checked = asChecked(full, true);
    if (meaning) {
      const gen = meaning.gen;
      add(0, { label: "meaning", gen, check: fitsMeaning });
      for (const variant of meaning.variants ?? []) add(1, { label: "meaning, spelt otherwise", gen: (ctx) => { const v = gen(ctx); return typeof v === "string" ? variant(v, ctx) : v; }, check: checked });
      const { repair } = meaning;
      if (repair && !safeKind) for (const g of fromPatterns) add(5, { label: "pattern, with the meaning's check digits", gen: (ctx) => repair(g(ctx)), check: checked });
      if (safeKind && meaning.safeValues) {
        // The safe values themselves (published test card numbers) in every spelling, as far as the keywords allow.
        const spellings = new Set<string>();
        for (const v of meaning.safeValues) { spellings.add(v); for (const variant of meaning.variants ?? []) spellings.add(variant(v, probe)); }
        const values = [...spellings].filter(full);
        if (values.length) add(2, { label: "test values", gen: (ctx) => ctx.rng.pick(values), check: ALWAYS });
      }
    }
    const natural = format && !safeKind ? this.formatGenerator(format, f, path, name) : undefined;
    if (natural) add(3, { label: `format ${format}`, gen: natural, check: asChecked(unlessFormat, false) });
    // Values of the format built to a length (reserved domains for e-mail under compliance): about as long
    // as the format's usual values, as far as the bounds allow.
    // The lengths the patterns allow narrow them too (`^.{0,12}$` makes a short IPv6 address).
    let patternMin = 0, patternMax = Infinity;
    for (const p of f.patterns) {
      const l = patternLengths(p);
      if (l) { patternMin = Math.max(patternMin, l.min); patternMax = Math.min(patternMax, l.max); }
    }
    let fitted: ((ctx: GenContext) => string | undefined) | undefined;
    if (format && (lengths || patternMin > 0 || patternMax < Infinity) && (!safeKind || safeKind === "email")) {
      const lo = Math.max(minLength, range?.min ?? 0, patternMin), hi = Math.min(most, range?.max ?? Infinity, patternMax, lo + TEXT_SPAN);
      const usual = this.formatGenerator(format, { ...f, minLength: 0, maxLength: undefined }, path, name);
      add(4, {
        label: `format ${format} of a given length`, check: checked,
        gen: fitted = (ctx) => {
          const like = String(usual(ctx)).length + ctx.rng.int(-2, 2);
          const start = Math.min(Math.max(like, lo), Math.max(lo, hi));
          for (let n = start; n <= hi; n++) if (formatAllowsLength(format, n)) return formatValueOfLength(ctx, format, n);
          for (let n = lo; n < start; n++) if (formatAllowsLength(format, n)) return formatValueOfLength(ctx, format, n);
          return undefined;
        },
      });
    }
    if (!safeKind) {
      // A realistic value and a pattern's sample spliced together (the pattern's domain in an e-mail, its year in a date).
      const base = meaning && (!format || keepsFormat) ? meaning.gen : natural;
      // Splices at a separator come before putting the two side by side.
      if (base && fromPatterns.length) for (const s of spliceSources(base, fromPatterns[0], checked)) add(s.atSeparator ? 5 : 6, s);
      // The same over a value of the format built to the lengths (the overlays keep its length).
      if (fitted && fromPatterns.length) for (const s of spliceSources(fitted, fromPatterns[0], checked)) add(6, s);
      for (const gen of fromPatterns) add(7, { label: "pattern", gen, check: checked });
      // A pattern's sample padded with letters to the lengths, on the side the pattern leaves open.
      if (lengths && fromPatterns.length) {
        const open = openEnds(f.patterns[0]!);
        if (open.start || open.end) {
          const sample = fromPatterns[0]!;
          add(7, {
            label: "pattern, padded to the lengths", check: checked,
            gen: (ctx) => {
              const p = sample(ctx);
              const target = ctx.rng.int(Math.max(minLength, p.length), Math.max(minLength, p.length, Math.min(most, minLength + 12)));
              const pad = text(ctx, target - p.length, target - p.length).replace(/ /g, "x");
              return open.end ? p + pad : pad + p;
            },
          });
        }
      }
      if (!format && !f.patterns.length) add(8, { label: "text", gen: (ctx) => text(ctx, minLength, maxLength ?? Math.max(minLength + 12, 8)), check: checked });
    }
    const ranked = this.rankSources(sources, probe);
    const viable = ranked.map((r) => r.source);
    if (viable.length === 0) {
      if (safeKind) return refuse(`compliance requirements: ${SAFE_SOURCES[safeKind]}, and none of them satisfies ${describeKeywords(f)}`, "no compliance-safe value satisfies the keywords");
      if (patternError && !format) return refuse(patternError, "unsupported pattern");
      return refuse(`no value found that satisfies ${describeKeywords(f)} together${patternError ? ` (${patternError})` : ""}`, "no value satisfies the keywords together");
    }
    const [primary, ...others] = viable;
    // Enough attempts that a source valid only now and then still finds a value (up to e^-12 of failing).
    const attempts = Math.min(2000, Math.max(NODE_RETRIES, Math.ceil(12 / Math.max(...ranked.map((r) => r.rate)))));
    const gen: Gen = (ctx) => {
      for (let attempt = 0; attempt < attempts; attempt++) {
        const s = attempt < attempts / 2 || others.length === 0 ? primary : others[attempt % others.length];
        const v = s.gen(ctx);
        if (v !== undefined && s.check(v)) return v;
      }
      throw new GenerationFailure(path, `could not generate a value at ${path || "/"} that satisfies its keywords`);
    };
    return { gen, exact: true, byIndex: f.unique ? this.stringDeal(f, path, meaning?.label, format, full, gen) : undefined };
  }

  /**
   * The deal of a top-level x-unique string by row index (uniqueStrings.ts, regex.ts): e-mail addresses,
   * usernames and person names by their own, a single pattern by a bijection into its strings, other text
   * (no format or pattern) as its value with a code of the row. A deal is used only when its values for the
   * job's rows meet the field's lengths and, sampled at both ends of the job, every keyword; undefined
   * otherwise (the values are then remembered per shard, with a warning).
   */
  private stringDeal(f: Facets, path: string, label: string | undefined, format: string | undefined, full: (s: string) => boolean, value: Gen): ByIndex | undefined {
    if (!/^\/[^/]*$/.test(path)) return undefined;
    const rows = Math.max(this.rows ?? 1, 1);
    const locale = this.locale ??= loadLocale("en");
    const { minLength } = f;
    const maxLength = f.maxLength ?? Infinity;
    const plain = !format && f.patterns.length === 0;
    const candidates: Array<{ deal: StringDeal; redraw: boolean }> = [];
    const named = (deal: StringDeal) => { const l = deal.lengths(Math.min(rows, deal.size)); if (l.min >= minLength && l.max <= maxLength) candidates.push({ deal, redraw: false }); };
    if (label === "email" && f.patterns.length === 0 && (!format || format === "email" || format === "idn-email")) named(emailDeal(locale, this.compliance, maxLength));
    if (label === "username" && plain) named(usernameDeal(locale));
    if (label === "person name" && plain) named(fullNameDeal(locale));
    if (f.patterns.length === 1 && (!format || !stringFormatCheck(format))) {
      const pattern = compilePatternDeal(f.patterns[0], minLength, maxLength, MAX_PERMUTED_SPACE);
      if (pattern) {
        candidates.push({
          redraw: false,
          deal: {
            size: pattern.size, lengths: () => ({ min: pattern.length, max: pattern.length }),
            at: (key) => {
              const permute = keyedPermutation(key, pattern.size), fill = hashSeed(key + "/fill")[0];
              return (index) => { const p = permute(index); return p === undefined ? undefined : pattern.at(p, fill); };
            },
          },
        });
      }
    }
    const probe = this.probeContext(path);
    if (plain && maxLength >= CODE_LENGTH) {
      const style = codeStyleOf(Array.from({ length: 16 }, () => { probe.entity = {}; return String(value(probe)); }));
      candidates.push({ deal: codedDeal((ctx) => String(value(ctx)), maxLength, style), redraw: true });
    }
    const sample = [...Array.from({ length: 16 }, (_, i) => i), ...Array.from({ length: 16 }, (_, i) => rows - 1 - i)].filter((i) => i >= 0);
    for (const { deal, redraw } of candidates) {
      const at = deal.at("probe");
      // A coded value is drawn again when it fails (the code stays the row's); a named or pattern value is the row's only one.
      // (A deal smaller than the rows is still the field's: the job is then refused for it, naming the field.)
      const within = sample.filter((i) => i < deal.size);
      const passes = within.filter((i) => { const v = at(i, probe); return v !== undefined && full(v); }).length;
      if (redraw ? passes === 0 : passes < within.length) continue;
      return {
        size: deal.size, person: deal.person,
        at: (key) => {
          const dealt = deal.at(key);
          return (index, ctx) => {
            for (let attempt = 0; attempt < (redraw ? NODE_RETRIES : 1); attempt++) {
              const v = dealt(index, ctx);
              if (v === undefined || full(v)) return v;
            }
            throw new GenerationFailure(path, `the x-unique value of row ${index + 1} at ${path} does not satisfy ${describeKeywords(f)}`);
          };
        },
      };
    }
    return undefined;
  }

  /** The field's meaning; an x-faker that names no faker method is a problem of the schema (a 4xx), not a crash. */
  private meaningOf(hints: SemanticHints, path: string): Meaning | undefined {
    try {
      return semanticMeaning(hints);
    } catch (error) {
      if (!(error instanceof UnknownFakerMethodError)) throw error;
      this.problem(path, error.message);
      return undefined;
    }
  }

  /** What the resolver of meanings reads about a field: its name in context, annotations and patterns. */
  private hints(f: Facets, path: string, name: string | undefined): Omit<SemanticHints, "type"> {
    return {
      name, fakerMethod: f.fakerMethod, semantic: f.semantic, parent: parentName(path) || (path.lastIndexOf("/") === 0 ? this.domain : undefined),
      siblings: this.scope.siblings, description: f.description, title: f.title, examples: f.examples, patterns: f.patterns, domain: this.domain,
    };
  }

  /**
   * How often to try a string field's realistic meaning before its structural value: a few times when a
   * probe finds it fits now and then (a city name under maxLength 10), not at all when it never fits.
   */
  private meaningTries(meaning: Meaning, fits: (v: unknown) => boolean, path: string): number {
    if (fits === ALWAYS) return 1;
    const probe = this.probeContext(path);
    for (let i = 0; i < PROBE_SAMPLES; i++) {
      probe.entity = {};
      const v = meaning.gen(probe);
      if (fits(v)) return MEANING_TRIES;
      if (typeof v === "string" && (meaning.variants ?? []).some((variant) => fits(variant(v, probe)))) return MEANING_TRIES;
    }
    return 0;
  }

  /**
   * The sources that produced a valid value in a probe, best first: the most realistic one that is valid
   * at least half the time (splices keeping most of the realistic value first), else the most often valid;
   * the others follow, most often valid first.
   */
  private rankSources(sources: Array<Source & { rank: number }>, probe: GenContext): Array<{ source: Source; rate: number }> {
    const scored = sources.map((s, order) => {
      let pass = 0;
      for (let i = 0; i < PROBE_SAMPLES; i++) {
        probe.entity = {};
        let v: unknown;
        try {
          v = s.gen(probe);
        } catch (err) {
          if (!(err instanceof GenerationFailure)) throw err;
          continue;
        }
        if (v !== undefined && s.check(v)) pass++;
      }
      return { s, order, rate: pass / PROBE_SAMPLES, kept: s.kept?.() ?? 0 };
    }).filter((x) => x.rate > 0);
    scored.sort((a, b) => a.s.rank - b.s.rank || b.kept - a.kept || a.order - b.order);
    const first = scored.find((x) => x.rate >= 0.5) ?? [...scored].sort((a, b) => b.rate - a.rate)[0];
    if (!first) return [];
    return [first, ...scored.filter((x) => x !== first).sort((a, b) => b.rate - a.rate)].map((x) => ({ source: x.s, rate: x.rate }));
  }

  private formatGenerator(format: string, f: Facets, path: string, name: string | undefined): Gen {
    const parse = (s: string | undefined) => (s === undefined ? undefined : Date.parse(s.length === 10 ? s + "T00:00:00Z" : s));
    let lo = parse(f.formatMinimum), hi = parse(f.formatMaximum);
    if ((lo !== undefined && Number.isNaN(lo)) || (hi !== undefined && Number.isNaN(hi))) this.problem(path, "formatMinimum/formatMaximum must be ISO 8601 dates");
    // Exclusive bounds move the window in by one step of the values generated (a day, a second).
    const unit = format === "date" ? DAY_MS : 1000;
    for (const l of f.formatLimits) {
      const t = l.format === format ? parse(l.limit) : undefined;
      if (t === undefined || Number.isNaN(t)) continue;
      if (l.keyword === "formatExclusiveMinimum") lo = Math.max(lo ?? -Infinity, t + unit);
      if (l.keyword === "formatExclusiveMaximum") hi = Math.min(hi ?? Infinity, t - unit);
    }
    const from = lo ?? (hi !== undefined ? hi - 3 * YEAR_MS : REFERENCE_DATE - 3 * YEAR_MS);
    const to = hi ?? (lo !== undefined ? Math.max(lo + 3 * YEAR_MS, REFERENCE_DATE) : REFERENCE_DATE);
    if (from > to) this.unsatisfiable(path, "formatMinimum is after formatMaximum");
    const birth = temporalMeaning(name);
    if (birth && (format === "date" || format === "date-time")) {
      // A birth date comes from the row's entity (so it agrees with a sibling "age"), inside any bounds.
      const bLo = lo ?? -Infinity, bHi = hi ?? Infinity;
      const fallback = this.formatGenerator(format, f, path, undefined);
      return (ctx) => {
        const b = birth(ctx);
        if (b < bLo || b > bHi) return fallback(ctx);
        return format === "date" ? new Date(b).toISOString().slice(0, 10) : new Date(b).toISOString().slice(0, 19) + "Z";
      };
    }
    switch (format) {
      case "date": {
        const dLo = Math.ceil(from / DAY_MS), dHi = Math.floor(to / DAY_MS);
        if (dHi - dLo > 40_000) return (ctx) => new Date(ctx.rng.int(dLo, dHi) * DAY_MS).toISOString().slice(0, 10);
        // Formatting dates is slow; a range of at most ~110 years is formatted once, on first use.
        let days: string[] | undefined;
        return (ctx) => {
          days ??= Array.from({ length: dHi - dLo + 1 }, (_, i) => new Date((dLo + i) * DAY_MS).toISOString().slice(0, 10));
          return days[ctx.rng.int(0, days.length - 1)];
        };
      }
      case "date-time": case "iso-date-time": {
        const sLo = Math.ceil(from / 1000), sHi = Math.floor(to / 1000);
        if (sHi - sLo < 2 * 86_400) return (ctx) => new Date(ctx.rng.int(sLo, sHi) * 1000).toISOString().slice(0, 19) + "Z";
        // Events happen when people are awake: a uniform day, an hour weighted by activity in the locale's zone.
        const dLo = Math.floor(sLo / 86_400), dHi = Math.floor(sHi / 86_400);
        return (ctx) => {
          let s = ctx.rng.int(dLo, dHi) * 86_400 + diurnalSecond(ctx);
          if (s < sLo || s > sHi) s = ctx.rng.int(sLo, sHi);
          return new Date(s * 1000).toISOString().slice(0, 19) + "Z";
        };
      }
      case "time": case "iso-time": return (ctx) => `${pad2(ctx.rng.int(0, 23))}:${pad2(ctx.rng.int(0, 59))}:${pad2(ctx.rng.int(0, 59))}Z`;
      case "duration": return (ctx) => (ctx.rng.chance(0.5) ? `P${ctx.rng.int(1, 30)}D` : `PT${ctx.rng.int(1, 23)}H${ctx.rng.int(1, 59)}M`);
      case "email": case "idn-email": return (ctx) => `user${ctx.rng.int(1, 99999)}@example.com`;
      case "uuid": return uuidV4;
      case "uri": case "iri": case "url": return (ctx) => `https://www.example.com/${word(ctx)}/${ctx.rng.int(1, 9999)}`;
      case "uri-reference": case "iri-reference": return (ctx) => `/${word(ctx)}/${ctx.rng.int(1, 9999)}`;
      case "uri-template": return (ctx) => `https://www.example.com/${word(ctx)}/{id}`;
      case "hostname": case "idn-hostname": return (ctx) => `${word(ctx)}-${ctx.rng.int(1, 99)}.example.com`;
      case "ipv4": return (ctx) => `${ctx.rng.int(1, 223)}.${ctx.rng.int(0, 255)}.${ctx.rng.int(0, 255)}.${ctx.rng.int(1, 254)}`;
      case "ipv6": return (ctx) => Array.from({ length: 8 }, () => ctx.rng.int(0, 0xffff).toString(16)).join(":");
      case "json-pointer": return (ctx) => `/${word(ctx)}/${ctx.rng.int(0, 9)}`;
      case "json-pointer-uri-fragment": return (ctx) => `#/${word(ctx)}/${ctx.rng.int(0, 9)}`;
      case "byte": return (ctx) => Buffer.from(Array.from({ length: ctx.rng.int(6, 24) }, () => ctx.rng.int(0, 255))).toString("base64");
      case "relative-json-pointer": return (ctx) => `${ctx.rng.int(0, 3)}/${word(ctx)}`;
      case "regex": return (ctx) => `^[a-z]{${ctx.rng.int(1, 5)}}$`;
      default: return (ctx) => text(ctx, f.minLength, f.maxLength ?? 12);
    }
  }

  /** The schemas a property's value must satisfy, member by member (properties, patternProperties, additionalProperties). */
  private propertyMembers(f: Facets, key: string): Located[] | "unmatched" {
    const out: Located[] = [];
    for (const loc of f.members) {
      const s = loc.schema as JsonSchemaObject;
      let matched = false;
      if (isObject(s.properties) && Object.prototype.hasOwnProperty.call(s.properties, key)) {
        out.push(this.child(loc, "properties", key));
        matched = true;
      }
      if (isObject(s.patternProperties)) {
        for (const p of Object.keys(s.patternProperties)) {
          const test = safePattern(p);
          if (test && test(key)) { out.push(this.child(loc, "patternProperties", p)); matched = true; }
        }
      }
      if (!matched && s.additionalProperties !== undefined) out.push(this.child(loc, "additionalProperties"));
      else if (!matched && s.unevaluatedProperties !== undefined) {
        const evaluatedElsewhere = f.members.some((m) => m !== loc && evaluatesKey(m.schema as JsonSchemaObject, key));
        if (!evaluatedElsewhere) out.push(this.child(loc, "unevaluatedProperties"));
      }
    }
    return out;
  }

  private objectGenerator(f: Facets, path: string, name: string | undefined): Gen {
    // Keys in first-seen order: declared properties, then required and dependent names.
    const declared: string[] = [];
    const push = (k: string) => { if (!declared.includes(k)) declared.push(k); };
    for (const loc of f.members) {
      const s = loc.schema as JsonSchemaObject;
      if (isObject(s.properties)) Object.keys(s.properties).forEach(push);
    }
    f.required.forEach(push);
    for (const [k, deps] of f.dependentRequired) { push(k); deps.forEach(push); }

    const nameCheck = this.propertyNameCheck(f, path);
    const childPath = (k: string) => `${path}/${escapePointer(k)}`;
    const children = new Map<string, Node>();
    const nodeFor = (k: string): Node => {
      let n = children.get(k);
      if (!n) {
        const members = this.propertyMembers(f, k);
        const saved = this.scope;
        this.scope = { siblings: declared };
        try {
          n = this.compile(members === "unmatched" ? [] : members, new Set(), childPath(k), k);
        } finally {
          this.scope = saved;
        }
        children.set(k, n);
      }
      return n;
    };
    // An optional property that cannot be generated (no value satisfies its keywords) is left out of every
    // row, with a warning; a required one (or one another property depends on) makes the schema unusable.
    const dependedOn = new Set([...f.dependentRequired.values()].flat());
    const dropped = new Set<string>();
    for (const k of declared) {
      if (f.required.has(k) || dependedOn.has(k) || !nameCheck(k)) continue;
      const { value: n, problems, warnings } = this.tentatively(() => nodeFor(k));
      // Only keywords that cannot be met are left out; a schema that cannot be used (a pattern no engine may run) is refused.
      if (problems.length && !problems.every((p) => this.unmet.has(p))) {
        this.problems.push(...problems);
        this.warnings.push(...warnings);
      } else if (problems.length) {
        dropped.add(k);
        this.warn(childPath(k), `optional property "${k}" is left out of every row: ${problems[0].message}`);
      } else {
        this.warnings.push(...warnings);
        if (n.never && !this.forbids(f, k)) this.warn(childPath(k), `optional property "${k}" is left out of every row: no value can satisfy its schema`);
      }
    }
    const usable = declared.filter((k) => nameCheck(k) && !dropped.has(k) && !nodeFor(k).never);
    for (const k of f.required) {
      if (!usable.includes(k)) this.unsatisfiable(childPath(k), `required property "${k}" cannot be given any value`);
    }
    const optional = usable.filter((k) => !f.required.has(k));
    const required = usable.filter((k) => f.required.has(k));

    // Names for extra properties, when minProperties asks for more than the declared ones.
    const extraNames = this.extraNameSource(f);

    const ageNode = usable.find((k) => normaliseName(k) === "age");
    const ageBounds = ageNode ? nodeFor(ageNode).bounds : undefined;
    const ageRange: [number, number] | undefined = ageBounds ? [Math.max(ageBounds[0] ?? 18, 0), Math.min(ageBounds[1] ?? 90, 120)] : undefined;
    // Coherence may leave out an optional property (a pending order's delivery date) when no count or dependency needs it.
    const canDrop = (k: string, obj: Record<string, unknown>) => !f.required.has(k) && f.dependentRequired.size === 0 && Object.keys(obj).length > f.minProperties;
    const coherence = planCoherence(usable, nodeFor, canDrop);
    // A nested object under a property ("address", "contact", "payment") describes the same person and
    // place as its parent; array items and other parties ("recipient", "employer") are entities of their own.
    const sharesParentEntity = name !== undefined && !ageRange && !otherParty(name);
    const { minProperties, maxProperties } = f;
    const depRequired = f.dependentRequired;

    const fixedShape = optional.length === 0 && depRequired.size === 0 && maxProperties === undefined;
    // Optional properties that may be left out of a row when their value fails (no count or dependency needs them).
    const omittable = new Set(minProperties > 0 ? [] : optional.filter((k) => !dependedOn.has(k)));
    const requiredNodes = required.map(nodeFor);
    const protoKey = usable.includes("__proto__");
    const literal = fixedShape && !protoKey && required.length > 0 ? objectLiteral(required) : undefined;
    // A row's person is the one its x-unique e-mail address (or username, or name) is dealt for.
    const rowPerson = path === "" ? this.rowPerson : undefined;
    return (ctx) => {
      if (ctx.depth > MAX_DEPTH) throw new GenerationFailure(path, `schema recursion deeper than ${MAX_DEPTH} levels`);
      const shallow = ctx.depth < SHALLOW_DEPTH;
      const pOptional = ctx.depth <= 1 ? 0.8 : 0.5;
      // Fixed-shape objects (every property required, no counts to honour) reuse one key list.
      const keys = fixedShape ? required : [...required];
      if (!fixedShape) for (const k of optional) if (shallow && ctx.optionalLeft > 0 && ctx.rng.chance(pOptional)) { keys.push(k); ctx.optionalLeft--; }
      if (depRequired.size) {
        for (let changed = true; changed;) {
          changed = false;
          for (const k of [...keys]) for (const d of depRequired.get(k) ?? []) if (!keys.includes(d) && usable.includes(d)) { keys.push(d); changed = true; }
        }
      }
      if (maxProperties !== undefined) while (keys.length > maxProperties && keys.length > required.length) {
        const drop = keys.findIndex((k, i) => i >= required.length);
        keys.splice(drop, 1);
      }
      for (const k of optional) if (keys.length < minProperties && !keys.includes(k)) keys.push(k);
      let out: Record<string, unknown> = {};
      const savedEntity = ctx.entity;
      if (!(sharesParentEntity && ctx.depth > 0)) ctx.entity = ageRange ? { ageRange } : {};
      if (rowPerson && ctx.depth === 0) ctx.entity.person = rowPerson(ctx);
      ctx.depth++;
      try {
        if (literal) {
          out = literal(requiredNodes, ctx);
        } else if (fixedShape && !protoKey) {
          for (let i = 0; i < keys.length; i++) out[keys[i]] = requiredNodes[i].gen(ctx);
        } else {
          for (const k of keys) {
            if (!omittable.has(k)) { setKey(out, k, nodeFor(k).gen(ctx)); continue; }
            // An optional value that could not be met this time is left out of this row rather than failing it.
            try {
              setKey(out, k, nodeFor(k).gen(ctx));
            } catch (err) {
              if (!(err instanceof GenerationFailure)) throw err;
            }
          }
        }
        const wanted = Math.max(minProperties, ctx.explore && shallow ? Math.min(keys.length + ctx.rng.int(0, 2), maxProperties ?? Infinity) : 0);
        if (keys.length < wanted && extraNames) {
          for (let attempt = 0; Object.keys(out).length < wanted && attempt < wanted * 10; attempt++) {
            const k = String(extraNames(ctx));
            if (Object.prototype.hasOwnProperty.call(out, k) || !nameCheck(k)) continue;
            const n = nodeFor(k);
            if (!n.never) setKey(out, k, n.gen(ctx));
          }
        }
        if (coherence) coherence(out, ctx);
      } finally {
        ctx.depth--;
        ctx.entity = savedEntity;
      }
      return out;
    };
  }

  /** True when a member declares the property `false` (forbidden on purpose: no warning). */
  private forbids(f: Facets, key: string): boolean {
    return f.members.some((loc) => {
      const props = (loc.schema as JsonSchemaObject).properties;
      return isObject(props) && Object.prototype.hasOwnProperty.call(props, key) && props[key] === false;
    });
  }

  private propertyNameCheck(f: Facets, path: string): (key: string) => boolean {
    const members: Located[] = [];
    for (const loc of f.members) if ((loc.schema as JsonSchemaObject).propertyNames !== undefined) members.push(this.child(loc, "propertyNames"));
    if (members.length === 0) return () => true;
    const node = this.compile(members, new Set(), path + "/<propertyName>", undefined);
    return (k) => !node.never && node.accepts(k);
  }

  /** A source of extra property names (from patternProperties, propertyNames, or plain names). */
  private extraNameSource(f: Facets): Gen | undefined {
    const blocked = f.members.some((loc) => {
      const s = loc.schema as JsonSchemaObject;
      return s.additionalProperties === false && !isObject(s.patternProperties);
    });
    for (const loc of f.members) {
      const s = loc.schema as JsonSchemaObject;
      // An empty patternProperties names no property: it is no source of names.
      if (isObject(s.patternProperties) && Object.keys(s.patternProperties).length > 0) {
        const patterns = Object.keys(s.patternProperties);
        try {
          const gens = patterns.map(compilePatternGenerator);
          return (ctx) => ctx.rng.pick(gens)(ctx.rng);
        } catch { /* fall through */ }
      }
      if (s.propertyNames !== undefined) {
        const node = this.compile([this.child(loc, "propertyNames")], new Set(), "/<propertyName>", undefined);
        if (!node.never) return (ctx) => String(node.gen(ctx));
      }
    }
    if (blocked) return undefined;
    return (ctx) => `${word(ctx)}_${ctx.rng.int(1, 999)}`;
  }

  private arrayGenerator(f: Facets, path: string): Gen {
    // Per index, the schemas each member applies: prefixItems[i], else items (else unevaluatedItems).
    let prefixLength = 0;
    let closedAt: number | undefined;
    for (const loc of f.members) {
      const s = loc.schema as JsonSchemaObject;
      const n = Array.isArray(s.prefixItems) ? s.prefixItems.length : 0;
      prefixLength = Math.max(prefixLength, n);
      if (s.items === false) closedAt = Math.min(closedAt ?? Infinity, n);
    }
    // unevaluatedItems: false closes the array after the items some member evaluates.
    for (const loc of f.members) {
      const s = loc.schema as JsonSchemaObject;
      if (s.items !== undefined || s.unevaluatedItems !== false) continue;
      if (f.members.some((m) => m !== loc && ((m.schema as JsonSchemaObject).items !== undefined || (m.schema as JsonSchemaObject).unevaluatedItems !== undefined))) continue;
      closedAt = Math.min(closedAt ?? Infinity, prefixLength);
    }
    const membersAt = (i: number): Located[] => {
      const out: Located[] = [];
      for (const loc of f.members) {
        const s = loc.schema as JsonSchemaObject;
        const n = Array.isArray(s.prefixItems) ? s.prefixItems.length : 0;
        if (i < n) out.push(this.child(loc, "prefixItems", String(i)));
        else if (s.items !== undefined) out.push(this.child(loc, "items"));
        else if (s.unevaluatedItems !== undefined && !f.members.some((m) => m !== loc && evaluatesIndex(m.schema as JsonSchemaObject, i))) out.push(this.child(loc, "unevaluatedItems"));
      }
      return out;
    };
    const containsMembers: Located[] = [];
    /** Each contains' own minContains (when they are met apart). */
    const containsNeeds: number[] = [];
    for (const loc of f.members) {
      const s = loc.schema as JsonSchemaObject;
      if (s.contains === undefined) continue;
      containsMembers.push(this.child(loc, "contains"));
      containsNeeds.push(typeof s.minContains === "number" ? s.minContains : 1);
    }
    const nodes = new Map<string, Node>();
    const nodeAt = (i: number, withContains: boolean): Node => {
      const slot = Math.min(i, prefixLength);
      const key = slot + (withContains ? "c" : "");
      let n = nodes.get(key);
      if (!n) {
        n = this.compile([...membersAt(slot), ...(withContains ? containsMembers : [])], new Set(), `${path}/${slot < prefixLength ? slot : "*"}`, undefined);
        nodes.set(key, n);
      }
      return n;
    };
    let minLen = f.minItems;
    const needContains = containsMembers.length ? (f.minContains ?? 1) : 0;
    if (needContains > minLen) minLen = needContains;
    let maxLen = Math.min(f.maxItems ?? Infinity, closedAt ?? Infinity);
    // Several `contains` that no one item meets together (allOf: [{contains: {const: "A"}}, {contains:
    // {const: "B"}}], a list that must hold both) each get items of their own: `separate[j]` are the items
    // of the j-th, `need[j]` how many (its minContains).
    let separate: Array<{ node: Node; need: number }> | undefined;
    const anyItemMeetsAll = () => !nodeAt(prefixLength, true).never || Array.from({ length: prefixLength }, (_, i) => !nodeAt(i, true).never).some(Boolean);
    const joint = containsMembers.length > 1 && needContains > 0 && prefixLength === 0 ? this.tentatively(anyItemMeetsAll) : undefined;
    if (joint && !joint.value) {
      separate = containsMembers.map((c, j) => ({ node: this.compile([...membersAt(0), c], new Set(), `${path}/*`, undefined), need: containsNeeds[j]! }));
      if (separate.some((g) => g.node.never && g.need > 0)) separate = undefined;
      else minLen = Math.max(minLen, separate.reduce((n, g) => n + g.need, 0));
    }
    // What made one item meeting them all impossible is a problem only when they cannot be met apart either.
    if (joint && !separate) {
      this.problems.push(...joint.problems);
      this.warnings.push(...joint.warnings);
    }
    // Items that can never be valid close the array there.
    for (let i = 0; i <= prefixLength && i < maxLen; i++) {
      if (nodeAt(i, false).never && !(containsMembers.length && (!nodeAt(i, true).never || separate))) { maxLen = i; break; }
    }
    if (containsMembers.length && needContains > 0 && !separate && !anyItemMeetsAll()) {
      this.unsatisfiable(path, "no array item can satisfy contains together with items");
    }
    if (minLen > maxLen) {
      this.unsatisfiable(path, `the array needs at least ${minLen} items but at most ${maxLen} are possible`);
      return () => { throw new GenerationFailure(path, "array length range is empty"); };
    }
    const unique = f.uniqueItems;
    const maxContains = f.maxContains;
    return (ctx) => {
      if (ctx.depth > MAX_DEPTH) throw new GenerationFailure(path, `schema recursion deeper than ${MAX_DEPTH} levels`);
      const shallow = ctx.depth < SHALLOW_DEPTH;
      const hi = Math.min(maxLen, shallow ? Math.max(minLen, Math.min(minLen + 4, prefixLength + 3)) : minLen);
      const length = ctx.optionalLeft > 0 ? ctx.rng.int(minLen, Math.max(minLen, hi)) : minLen;
      ctx.optionalLeft -= length - minLen;
      let containsCount = 0;
      const containsAt = new Set<number>();
      /** Under `separate`: which contains each of the first items drawn for them meets. */
      let groupAt: Map<number, Node> | undefined;
      if (separate) {
        groupAt = new Map();
        for (const g of separate) {
          for (let k = 0; k < g.need; k++) {
            let at = ctx.rng.int(0, length - 1);
            while (groupAt.has(at)) at = (at + 1) % length;
            groupAt.set(at, g.node);
          }
        }
      } else if (containsMembers.length) {
        containsCount = Math.min(length, ctx.rng.int(needContains, Math.min(maxContains ?? needContains + 1, length)));
        while (containsAt.size < containsCount) containsAt.add(ctx.rng.int(0, length - 1));
      }
      const out: unknown[] = [];
      const seen = unique ? new Set<string>() : undefined;
      ctx.depth++;
      try {
        for (let i = 0; i < length; i++) {
          const node = groupAt?.get(i) ?? nodeAt(i, containsAt.has(i));
          let value = node.gen(ctx);
          if (seen) {
            for (let attempt = 0; seen.has(canonicalJson(value)) && attempt < NODE_RETRIES; attempt++) value = node.gen(ctx);
            seen.add(canonicalJson(value));
          }
          out.push(value);
        }
      } finally {
        ctx.depth--;
      }
      return out;
    };
  }
}

const FEMALE_VALUES = /^(f|female|woman|w|frau|weiblich|femme|féminin|mujer|femenino|femenina)$/i;
const MALE_VALUES = /^(m|male|man|mann|männlich|homme|masculin|hombre|masculino)$/i;

/**
 * A gender/sex enum that agrees with the row's person (whose first name is female or male): that value
 * 95% of the time, any other listed value (non-binary, unknown, ...) otherwise. Undefined when the enum
 * lists no female and male values.
 */
function sexMatchedEnum(candidates: unknown[]): Gen | undefined {
  const female = candidates.find((v) => typeof v === "string" && FEMALE_VALUES.test(v));
  const male = candidates.find((v) => typeof v === "string" && MALE_VALUES.test(v));
  if (female === undefined || male === undefined) return undefined;
  const others = candidates.filter((v) => v !== female && v !== male);
  return (ctx) => {
    if (others.length && ctx.rng.chance(0.05)) return ctx.rng.pick(others);
    return ctx.person().sex === "female" ? female : male;
  };
}

/** Name words of a nested object that stands for someone or something other than the row's own entity. */
const OTHER_PARTY = /(sender|recipient|receiver|beneficiary|payee|payer|seller|buyer|vendor|supplier|merchant|manager|supervisor|referrer|referredby|emergency|spouse|partner|parent|guardian|mother|father|child|doctor|physician|provider|employer|company|organi[sz]ation|carrier|agent|counterparty|guarantor|cosigner|nextofkin|witness|assignee|reporter|approver|author|reviewer|store|branch|warehouse|hospital|clinic|bank)/;

function otherParty(name: string): boolean {
  return OTHER_PARTY.test(normaliseName(name));
}

/** The instants a date or date-time node allows (formatMinimum/formatMaximum), else undefined. */
function dateBoundsOf(f: Facets): [number, number] | undefined {
  if (f.format !== "date" && f.format !== "date-time") return undefined;
  const parse = (s: string | undefined, none: number) => {
    if (s === undefined) return none;
    const t = Date.parse(s.length === 10 ? s + "T00:00:00Z" : s);
    return Number.isNaN(t) ? none : t;
  };
  return [parse(f.formatMinimum, -Infinity), parse(f.formatMaximum, Infinity)];
}

/** True when a sibling schema object evaluates property `key` (so unevaluatedProperties does not apply to it). */
function evaluatesKey(s: JsonSchemaObject, key: string): boolean {
  if (isObject(s.properties) && Object.prototype.hasOwnProperty.call(s.properties, key)) return true;
  if (s.additionalProperties !== undefined || s.unevaluatedProperties !== undefined) return true;
  if (isObject(s.patternProperties)) {
    return Object.keys(s.patternProperties).some((p) => safePattern(p)?.(key) ?? false);
  }
  return false;
}

/** True when a sibling schema object evaluates array index `i`. */
function evaluatesIndex(s: JsonSchemaObject, i: number): boolean {
  if (Array.isArray(s.prefixItems) && s.prefixItems.length > i) return true;
  return s.items !== undefined || s.unevaluatedItems !== undefined;
}

/** Which ends of the strings a pattern matches it leaves free (not anchored by `^` or `$`). */
function openEnds(pattern: string): { start: boolean; end: boolean } {
  const end = !/(^|[^\\])(\\\\)*\$$/.test(pattern);
  return { start: !pattern.startsWith("^"), end };
}

/** The value keywords of a node, for messages: `format "date", pattern "^20", maxLength 8`. */
function describeKeywords(f: Facets): string {
  const parts: string[] = [];
  for (const x of f.formats) parts.push(`format "${x}"`);
  for (const p of f.patterns) parts.push(`pattern ${JSON.stringify(p)}`);
  if (f.minLength > 0) parts.push(`minLength ${f.minLength}`);
  if (f.maxLength !== undefined) parts.push(`maxLength ${f.maxLength}`);
  for (const l of f.formatLimits) parts.push(`${l.keyword} "${l.limit}"`);
  for (const k of ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"] as const) if (f[k] !== undefined) parts.push(`${k} ${f[k]}`);
  for (const m of f.multipleOf) parts.push(`multipleOf ${m}`);
  if (f.types) parts.push(`type ${[...f.types].join("/")}`);
  return parts.join(", ") || "its keywords";
}

function occurrences(s: string, sep: string): number {
  let n = 0;
  for (let i = s.indexOf(sep); i >= 0; i = s.indexOf(sep, i + 1)) n++;
  return n;
}

/** Index of the `k`-th occurrence of `sep` (1-based), from the start or from the end; -1 when there are fewer. */
function nthIndex(s: string, sep: string, k: number, fromEnd: boolean): number {
  let i = fromEnd ? s.length : -1;
  for (let n = 0; n < k; n++) {
    i = fromEnd ? (i === 0 ? -1 : s.lastIndexOf(sep, i - 1)) : s.indexOf(sep, i + 1);
    if (i < 0) return -1;
  }
  return i;
}

/**
 * Sources that splice a realistic value and a sample of a pattern at a separator they share: the sample
 * up to its last separator then the rest of the value ("2017-" + "05-12"), the value up to the
 * separator then the rest of the sample ("jane.doe" + "@acme.com"), or one after the other. Each records
 * how much of the realistic value it keeps, so the compiler can prefer the splice that keeps most.
 */
function spliceSources(base: (ctx: GenContext) => unknown, sample: (ctx: GenContext) => string, check: (v: unknown) => boolean): Array<Source & { atSeparator: boolean }> {
  const make = (label: string, join: (b: string, p: string) => [string, number] | undefined, atSeparator = true): Source & { atSeparator: boolean } => {
    let kept = 0, count = 0;
    return {
      label, check, atSeparator, kept: () => (count ? kept / count : 0),
      gen: (ctx) => {
        const b = base(ctx);
        if (typeof b !== "string") return undefined;
        const joined = join(b, sample(ctx));
        if (!joined) return undefined;
        kept += joined[1] / Math.max(joined[0].length, 1);
        count++;
        return joined[0];
      },
    };
  };
  const out: Array<Source & { atSeparator: boolean }> = [];
  for (const sep of SPLICE_SEPARATORS) {
    out.push(make(`sample, then the value after "${sep}"`, (b, p) => {
      const at = p.lastIndexOf(sep);
      if (at < 0) return undefined;
      const cut = nthIndex(b, sep, occurrences(p.slice(0, at + 1), sep), false);
      if (cut < 0) return undefined;
      const rest = b.slice(cut + 1);
      return [p.slice(0, at + 1) + rest, rest.length];
    }));
    out.push(make(`the value, then the sample from "${sep}"`, (b, p) => {
      const at = p.indexOf(sep);
      if (at < 0) return undefined;
      const cut = nthIndex(b, sep, occurrences(p.slice(at), sep), true);
      if (cut < 0) return undefined;
      const head = b.slice(0, cut);
      return [head + p.slice(at), head.length];
    }));
  }
  // The sample written over the value where they line up: at its start, at its end, or from the value's
  // first occurrence of the sample's first character ("T08:" over a date-time's "T02:").
  const over = (b: string, p: string, at: number): [string, number] | undefined =>
    (p.length > 0 && at >= 0 && at + p.length <= b.length ? [b.slice(0, at) + p + b.slice(at + p.length), b.length - p.length] : undefined);
  out.push(make("the sample over the start of the value", (b, p) => over(b, p, 0)));
  out.push(make("the sample over the end of the value", (b, p) => over(b, p, b.length - p.length)));
  out.push(make("the sample over the value where they line up", (b, p) => over(b, p, p.length ? b.indexOf(p[0]) : -1)));
  out.push(make("the value, then the sample", (b, p) => [b + p, b.length], false));
  out.push(make("the sample, then the value", (b, p) => [p + b, b.length], false));
  return out;
}

/** Sets a property, including names like "__proto__" that plain assignment would not create. */
function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

function word(ctx: GenContext): string {
  return ctx.rng.pick(ctx.locale.words).toLowerCase().replace(/[^a-z0-9]/g, "") || "item";
}

/** Lorem text whose length (in code points) is within [min, max]. */
/** Free text is a few words long: a wide maxLength (say 1e9) must not make every value that long. */
const TEXT_SPAN = 64;
/** The longest string the engine will build; a larger minLength is refused before generating. */
export const MAX_STRING_LENGTH = 1_000_000;

/** What the plan records for a text field nothing in the schema gives a meaning to (validateSchema names them). */
export const UNKNOWN_MEANING = "free text (meaning unknown)";

/** The name of the object a field at `path` belongs to: the last property name above it ("" at the top). */
/** The double next to `x` upwards (`direction` 1) or downwards (-1); x itself when infinite or NaN. */
function nextDouble(x: number, direction: 1 | -1): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return direction * Number.MIN_VALUE;
  const bits = new Float64Array([x]);
  const word = new BigInt64Array(bits.buffer);
  word[0] += (x > 0) === (direction > 0) ? 1n : -1n;
  return bits[0]!;
}

function parentName(path: string): string {
  const parts = path.split("/");
  for (let i = parts.length - 2; i > 0; i--) if (parts[i] !== "*" && !/^\d+$/.test(parts[i])) return parts[i].replace(/~1/g, "/").replace(/~0/g, "~");
  return "";
}

/** A field path as the plan's meanings record it: array slots as `*`. */
function meaningPath(path: string): string {
  return (path || "/").replace(/\/\d+(?=\/|$)/g, "/*");
}

function text(ctx: GenContext, min: number, max: number): string {
  const target = ctx.rng.int(min, Math.max(min, Math.min(max, min + TEXT_SPAN)));
  if (target === 0) return "";
  // Whole words while they fit; a word is cut only when the text would otherwise stay below minLength.
  let s = "";
  while (s.length < target) {
    const next = (s ? s + " " : "") + ctx.rng.pick(ctx.locale.words);
    if (next.length <= target) { s = next; continue; }
    if (s.length < min) s = next.slice(0, target);
    break;
  }
  if (s.endsWith(" ")) s = s.slice(0, -1) + "x";
  return s;
}

type ObjectLiteral = (nodes: readonly Node[], ctx: GenContext) => Record<string, unknown>;
const objectLiterals = new Map<string, ObjectLiteral>();

/**
 * A fixed-shape object built as one object literal from its nodes in order: one allocation of a known
 * shape instead of a property store per key (about 15% more rows/s on the benchmark record). The same
 * values in the same order as assigning them one by one; one function per key list, shared by every
 * plan (and shard) of the process so it is optimised once.
 */
function objectLiteral(keys: readonly string[]): ObjectLiteral {
  const id = JSON.stringify(keys);
  let build = objectLiterals.get(id);
  if (!build) {
    // Keys enter the source only as JSON string literals ("__proto__" never: it would set the prototype).
    const body = keys.map((k, i) => `${JSON.stringify(k)}: nodes[${i}].gen(ctx)`).join(",\n    ");
    build = new Function("nodes", "ctx", `"use strict";\n  return {\n    ${body}\n  };`) as ObjectLiteral;
    if (objectLiterals.size > 256) objectLiterals.clear(); // many schemas in one process: start over rather than grow
    objectLiterals.set(id, build);
  }
  return build;
}

/** A branch whose one value is null: `{type: "null"}`, `{const: null}` or `{enum: [null]}` (annotations aside). */
function isNullOnly(branch: Located[]): boolean {
  if (branch.length !== 1 || !isObject(branch[0].schema)) return false;
  const s = branch[0].schema as JsonSchemaObject;
  const keys = Object.keys(s).filter((k) => !ANNOTATIONS.has(k));
  if (keys.length !== 1) return false;
  return (keys[0] === "type" && (s.type === "null" || (Array.isArray(s.type) && s.type.length === 1 && s.type[0] === "null")))
    || (keys[0] === "const" && s.const === null)
    || (keys[0] === "enum" && Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);
}

const ANNOTATIONS = new Set(["title", "description", "$comment", "examples", "default", "deprecated", "readOnly", "writeOnly"]);

/** Keywords that say nothing of the value itself: a schema object of only these (and a $ref) is a wrapper. */
const NOT_CONSTRAINTS = new Set([...ANNOTATIONS, "$ref", "$dynamicRef", "$id", "$schema", "$anchor", "$dynamicAnchor", "$defs", "definitions", "markdownDescription"]);

/** Does the schema object constrain the value (rather than only point elsewhere and describe)? */
function substantive(loc: Located): boolean {
  const s = loc.schema;
  return typeof s === "object" && s !== null && Object.keys(s).some((k) => !NOT_CONSTRAINTS.has(k) && !k.startsWith("x-"));
}
