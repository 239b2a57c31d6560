// The field-list form of the contract, `{fields: [{name, type, constraints}]}`, is sugar over JSON Schema
// 2020-12: `fieldListToJsonSchema` compiles it. It reads field lists as people and language models write
// them: the contract's own type names, everyday and SQL spellings of types (`decimal(12,2)`, `varchar(255)`,
// `timestamptz`, `text[]`), regexes written in `format`, JSON Schema keywords inside `constraints`; each
// such reading is reported as a note. What cannot be read (an unknown type or constraint, a dotted or
// duplicate name, a pattern that does not compile) or contradicts itself in field-list terms (two
// spellings of one constraint that disagree, a format against the type's) is refused with every problem;
// bounds that contradict each other (min above max) are written as they are and refused by the validator
// with the rules it applies to any JSON Schema.
import { normaliseName, semanticGenerator } from "../generate/semantic";
import { DRAFT_2020_12_URI } from "./drafts";
import { normaliseFormats, regexError } from "./formats";
import { type NormalisationNote, SchemaInputError, type SchemaInputProblem } from "./notes";
import { FIELD_TYPES, type FieldListSchema, type FieldSpec, type JsonSchemaObject, type SchemaInput } from "./types";

/** Names every output format writes without quoting (SQL quotes any other name). */
export const FIELD_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** True when the input is the `{fields: [...]}` form rather than a JSON Schema object (extra keys such as title or `type: "object"` allowed). */
export function isFieldList(input: unknown): input is FieldListSchema {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return false;
  const o = input as Record<string, unknown>;
  return Array.isArray(o.fields) && !("properties" in o) && !("$schema" in o) && (o.type === undefined || o.type === "object");
}

// ---- types ------------------------------------------------------------------------------------------

/** What a field's values are, which decides what min/max and the other constraints mean. */
type Kind = "string" | "integer" | "number" | "boolean" | "date" | "date-time" | "time" | "object" | "array";

/** A range every value must keep to because the declared type cannot hold more (smallint, numeric(p,s)). */
interface StorageLimit {
  lo: number;
  hi: number;
  /** True when the bounds themselves are outside (|x| < 10^k), false when they are the extreme values. */
  exclusive: boolean;
}

interface TypeReading {
  kind: Kind;
  schema: JsonSchemaObject;
  limit?: StorageLimit;
  /** How the spelling was read, for the note ("number with 2 decimal places ..."). */
  reading: string;
  /** A faker method that gives the value its meaning when the field's name gives none (a `name` field called "customer"). */
  meaning?: { faker: string; what: string };
  /** Type "enum": the kind comes from the enum's values. */
  fromEnum?: boolean;
}

type TypeReader = (args: string[], fieldName: string) => TypeReading | string;

const INT16: StorageLimit = { lo: -32768, hi: 32767, exclusive: false };
const INT24: StorageLimit = { lo: -8388608, hi: 8388607, exclusive: false };
const INT32: StorageLimit = { lo: -2147483648, hi: 2147483647, exclusive: false };

const str = (extra: JsonSchemaObject = {}): JsonSchemaObject => ({ type: "string", ...extra });

/** A reader for a type that takes no parameters. */
function plain(kind: Kind, schema: () => JsonSchemaObject, reading: string, meaning?: TypeReading["meaning"]): TypeReader {
  return (args) => (args.length ? `takes no parameters` : { kind, schema: schema(), reading, ...(meaning ? { meaning } : {}) });
}

/** A reader whose parameters (a timestamp's precision, float(p)) do not change the JSON Schema. */
function precisionIgnored(kind: Kind, schema: () => JsonSchemaObject, reading: string): TypeReader {
  return (args) => ({ kind, schema: schema(), reading: args.length ? `${reading} (precision (${args.join(",")}) does not apply to JSON values)` : reading });
}

function positiveInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}

/** varchar(n): at most n characters; varchar, varchar(max): any length. */
function varchar(label: string): TypeReader {
  return (args) => {
    if (args.length === 0 || (args.length === 1 && args[0] === "max")) {
      return { kind: "string", schema: str(), reading: args.length ? "string (no length limit)" : "string" };
    }
    const n = positiveInteger(args[0]);
    if (n === undefined || args.length > 1) return `takes one length, e.g. ${label}(255)`;
    return { kind: "string", schema: str({ maxLength: n }), reading: `string of at most ${n} characters (maxLength ${n})` };
  };
}

/** char(n): exactly n characters (SQL pads shorter values); char: one character. */
function char(label: string): TypeReader {
  return (args) => {
    const n = args.length === 0 ? 1 : positiveInteger(args[0]);
    if (n === undefined || args.length > 1) return `takes one length, e.g. ${label}(2)`;
    return { kind: "string", schema: str({ minLength: n, maxLength: n }), reading: `string of exactly ${n} character${n === 1 ? "" : "s"} (minLength = maxLength = ${n})` };
  };
}

/** An integer type; a parameter is MySQL's display width, which changes nothing. */
function integer(limit: StorageLimit | undefined, reading: string, extra: JsonSchemaObject = {}): TypeReader {
  return (args) => {
    if (args.length > 1 || (args.length === 1 && positiveInteger(args[0]) === undefined)) return "takes at most a display width, e.g. int(11)";
    const width = args.length ? ` (display width ${args[0]} ignored)` : "";
    return { kind: "integer", schema: { type: "integer", ...extra }, ...(limit ? { limit } : {}), reading: reading + width };
  };
}

/** numeric(p,s) / decimal(p,s): s decimal places and fewer than p - s digits before the point; without (p,s) any number. */
function decimal(label: string): TypeReader {
  return (args) => {
    if (args.length === 0) return { kind: "number", schema: { type: "number" }, reading: "number" };
    const p = positiveInteger(args[0]);
    const s = args.length > 1 ? (args[1] === "0" ? 0 : positiveInteger(args[1])) : 0;
    if (args.length > 2 || p === undefined || p > 1000 || s === undefined) return `takes a precision and a scale, e.g. ${label}(12,2)`;
    if (s > p) return `has scale ${s} above its precision ${p}; the scale is the digits after the point, at most the precision`;
    return numericReading(p, s);
  };
}

function numericReading(p: number, s: number): TypeReading {
  const k = p - s;
  const limit: StorageLimit = { lo: -(10 ** k), hi: 10 ** k, exclusive: true };
  if (s === 0) {
    return { kind: "integer", schema: { type: "integer" }, limit, reading: `integer of at most ${p} digit${p === 1 ? "" : "s"} (|x| < 10^${k})` };
  }
  const step = Number(`1e-${s}`);
  return {
    kind: "number", schema: { type: "number", multipleOf: step }, limit,
    reading: `number with ${s} decimal place${s === 1 ? "" : "s"} (multipleOf ${step}, |x| < 10^${k})`,
  };
}

/** Words of a field name that say it holds an amount of money rather than a currency code. */
const AMOUNT_NAME = /(amount|price|cost|total|subtotal|balance|salary|fee|fees|revenue|payment|value|spend|income|wage|charge|paid|due|budget)$/;

const currency: TypeReader = (args, fieldName) => {
  if (args.length) return "takes no parameters";
  if (AMOUNT_NAME.test(normaliseName(fieldName))) {
    return {
      kind: "number", schema: { type: "number", multipleOf: 0.01 },
      reading: "an amount of money (number with 2 decimal places, multipleOf 0.01), because the field's name names an amount; name it *_currency for an ISO 4217 code",
    };
  }
  return currencyCode([], fieldName);
};
const currencyCode: TypeReader = plain("string", () => str({ pattern: "^[A-Z]{3}$" }), "an ISO 4217 currency code (3 capital letters, e.g. EUR)", { faker: "finance.currencyCode", what: "currency codes" });

const countryCode: TypeReader = plain("string", () => str({ pattern: "^[A-Z]{2}$" }), "an ISO 3166-1 alpha-2 country code (2 capital letters, e.g. DE)", { faker: "location.countryCode", what: "country codes" });
const country: TypeReader = (args, fieldName) => {
  if (args.length) return "takes no parameters";
  if (/(code|iso|iso2)$/.test(normaliseName(fieldName))) return countryCode([], fieldName);
  return { kind: "string", schema: str(), reading: "a country name (a field named *_code gives ISO 3166-1 alpha-2 codes)", meaning: { faker: "location.country", what: "country names" } };
};

const dateTime = precisionIgnored("date-time", () => str({ format: "date-time" }), "string with format date-time (RFC 3339, e.g. 2024-05-01T09:30:00Z)");
const time = precisionIgnored("time", () => str({ format: "time" }), "string with format time (RFC 3339: HH:MM:SS with an offset, e.g. 14:30:00Z)");
const number = precisionIgnored("number", () => ({ type: "number" }), "number");
const object = plain("object", () => ({ type: "object" }), "object (its keys are not described, so it is generated as {})");

/** The contract's own type names: read without a note when spelled exactly so. */
const CONTRACT_TYPES: Record<(typeof FIELD_TYPES)[number], TypeReader> = {
  string: varchar("string"),
  integer: integer(undefined, "integer"),
  float: number,
  date: plain("date", () => str({ format: "date" }), "string with format date (YYYY-MM-DD)"),
  datetime: dateTime,
  email: plain("string", () => str({ format: "email" }), "string with format email"),
  phone: plain("string", () => str({ "x-semantic": "phone" }), "phone number"),
  address: plain("string", () => str({ "x-semantic": "address" }), "postal address"),
  uuid: plain("string", () => str({ format: "uuid" }), "string with format uuid"),
  boolean: plain("boolean", () => ({ type: "boolean" }), "boolean"),
};

const uri = plain("string", () => str({ format: "uri" }), "string with format uri");
const ipv4 = plain("string", () => str({ format: "ipv4" }), "string with format ipv4");
const ipv6 = plain("string", () => str({ format: "ipv6" }), "string with format ipv6");

/**
 * Every accepted spelling (lower case, words joined by `_`) and how it reads. SQL spellings follow
 * PostgreSQL, MySQL and SQL Server; where they disagree (tinyint, money, bit) the spelling is not accepted.
 */
const TYPE_READERS: Record<string, TypeReader> = {
  ...CONTRACT_TYPES,
  // text
  str: varchar("str"), text: plain("string", str, "string (free text)"), varchar: varchar("varchar"),
  character_varying: varchar("character varying"), nvarchar: varchar("nvarchar"), varchar2: varchar("varchar2"),
  nvarchar2: varchar("nvarchar2"), char: char("char"), character: char("character"), nchar: char("nchar"), bpchar: char("bpchar"),
  clob: plain("string", str, "string (free text)"), tinytext: plain("string", str, "string (free text)"),
  mediumtext: plain("string", str, "string (free text)"), longtext: plain("string", str, "string (free text)"),
  citext: plain("string", str, "string (free text)"),
  // meanings
  name: plain("string", str, "a person's name", { faker: "person.fullName", what: "a person's full name" }),
  full_name: plain("string", str, "a person's full name", { faker: "person.fullName", what: "a person's full name" }),
  company: plain("string", str, "a company name", { faker: "company.name", what: "company names" }),
  company_name: plain("string", str, "a company name", { faker: "company.name", what: "company names" }),
  organization: plain("string", str, "a company name", { faker: "company.name", what: "company names" }),
  organisation: plain("string", str, "a company name", { faker: "company.name", what: "company names" }),
  country, country_code: countryCode,
  currency, currency_code: currencyCode,
  e_mail: CONTRACT_TYPES.email, email_address: CONTRACT_TYPES.email, emailaddress: CONTRACT_TYPES.email, mail: CONTRACT_TYPES.email,
  phone_number: CONTRACT_TYPES.phone, phonenumber: CONTRACT_TYPES.phone, telephone: CONTRACT_TYPES.phone, tel: CONTRACT_TYPES.phone, mobile: CONTRACT_TYPES.phone,
  guid: CONTRACT_TYPES.uuid, uniqueidentifier: CONTRACT_TYPES.uuid,
  url: uri, uri, link: uri,
  ip: ipv4, ip_address: ipv4, ipaddress: ipv4, ipv4, ip4: ipv4, inet: ipv4, ipv6, ip6: ipv6,
  hostname: plain("string", () => str({ format: "hostname" }), "string with format hostname"),
  // numbers
  int: integer(undefined, "integer"), long: integer(undefined, "integer"),
  bigint: integer(undefined, "integer (JSON numbers are exact to 2^53; generated values stay within safe integers)"),
  int8: integer(undefined, "integer (JSON numbers are exact to 2^53; generated values stay within safe integers)"),
  int64: integer(undefined, "integer (JSON numbers are exact to 2^53; generated values stay within safe integers)"),
  int4: integer(INT32, "integer in -2147483648..2147483647"), int32: integer(INT32, "integer in -2147483648..2147483647"),
  mediumint: integer(INT24, "integer in -8388608..8388607"),
  smallint: integer(INT16, "integer in -32768..32767"), int2: integer(INT16, "integer in -32768..32767"),
  int16: integer(INT16, "integer in -32768..32767"), short: integer(INT16, "integer in -32768..32767"),
  serial: integer({ ...INT32, lo: 1 }, "integer in 1..2147483647", { minimum: 1 }),
  serial4: integer({ ...INT32, lo: 1 }, "integer in 1..2147483647", { minimum: 1 }),
  bigserial: integer(undefined, "integer from 1", { minimum: 1 }), serial8: integer(undefined, "integer from 1", { minimum: 1 }),
  smallserial: integer({ ...INT16, lo: 1 }, "integer in 1..32767", { minimum: 1 }), serial2: integer({ ...INT16, lo: 1 }, "integer in 1..32767", { minimum: 1 }),
  number: decimal("number"), numeric: decimal("numeric"), decimal: decimal("decimal"), dec: decimal("dec"),
  double: number, double_precision: number, real: number, float4: number, float8: number, float32: number, float64: number,
  bool: CONTRACT_TYPES.boolean,
  // dates and times
  date_time: dateTime, timestamp: dateTime, timestamptz: dateTime, timestamp_with_time_zone: dateTime,
  timestamp_without_time_zone: dateTime, datetime2: dateTime, datetimeoffset: dateTime, smalldatetime: dateTime, instant: dateTime,
  time, timetz: time, time_with_time_zone: time, time_without_time_zone: time,
  duration: plain("string", () => str({ format: "duration" }), "string with format duration (ISO 8601, e.g. P3D)"),
  interval: plain("string", () => str({ format: "duration" }), "string with format duration (ISO 8601, e.g. P3D)"),
  // structures
  json: object, jsonb: object, object, map: object, dict: object, dictionary: object, struct: object, record: object,
  array: plain("array", () => ({ type: "array" }), "array (its items are not described; write T[], e.g. text[], to say what they are)"),
  list: plain("array", () => ({ type: "array" }), "array (its items are not described; write T[], e.g. text[], to say what they are)"),
  enum: (args) => (args.length ? "takes no parameters; list the values in constraints.enum" : { kind: "string", schema: {}, reading: "one of the listed values", fromEnum: true }),
};

/** The spellings a refusal lists: the contract's own first, then the everyday and SQL ones. */
const ACCEPTED_SPELLINGS = [
  ...FIELD_TYPES, "number", "int", "long", "text", "name", "company", "country", "currency", "url", "ip", "ipv6", "time",
  "timestamp", "json", "array", "enum", "varchar(n)", "char(n)", "numeric(p,s)", "decimal(p,s)", "bigint", "smallint",
  "double", "real", "timestamptz", "T[] (e.g. text[])",
];

/** Spellings that are close to an accepted one but mean different things in different databases. */
const AMBIGUOUS_TYPES: Record<string, string> = {
  money: "an amount (decimal(12,2) for cents, numeric(19,4) for SQL Server's money) or a currency code (currency)",
  smallmoney: "an amount: decimal(10,4)",
  tinyint: "smallint, or boolean for MySQL's tinyint(1)",
  bit: "boolean for a flag",
};

/** Levenshtein distance, for suggesting the closest spelling. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The accepted spelling nearest to `base`, when it is near enough to be a slip. */
function closestType(base: string): string | undefined {
  let best: string | undefined, bestDistance = Infinity;
  for (const name of Object.keys(TYPE_READERS)) {
    const d = editDistance(base, name);
    if (d < bestDistance) { best = name; bestDistance = d; }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(base.length * 0.4)) ? best.replace(/_/g, " ") : undefined;
}

/** A type spelling in a form to look up: lower case, single spaces, none around parentheses and commas. */
function spellingOf(raw: string): string {
  return raw.trim().toLowerCase().replace(/\s+/g, " ").replace(/\s*([(),<>[\]])\s*/g, "$1");
}

/** Reads a type spelling (already through spellingOf), or says why it cannot be read. */
function readSpelling(spelled: string, fieldName: string, depth = 0): TypeReading | { error: string; unknown?: boolean } {
  if (depth > 4) return { error: "nests arrays too deeply" };
  const arrayOf = /^(.+)\[\]$/.exec(spelled) ?? /^(?:array|list)[<(](.+)[>)]$/.exec(spelled);
  if (arrayOf) {
    const inner = readSpelling(arrayOf[1]!, fieldName, depth + 1);
    if ("error" in inner) return inner;
    if (inner.fromEnum) return { error: "cannot be an array of enum; give the item type (text[]) and the values in constraints" };
    const items = inner.schema;
    if (inner.limit) applyLimit(items, inner.limit, "/items", []);
    return { kind: "array", schema: { type: "array", items }, reading: `array of ${inner.reading}` };
  }
  let unsigned = false;
  let s = spelled;
  const u = /(?: |(?<=\)))unsigned$/.exec(s);
  if (u) { unsigned = true; s = s.slice(0, u.index); }
  const m = /^([a-z][a-z0-9 _-]*?)(?:\(([^()]*)\))?$/.exec(s);
  if (!m) return { error: "is not a type name", unknown: true };
  const base = m[1]!.replace(/[\s_-]+/g, "_");
  const args = m[2] === undefined ? [] : m[2].split(",");
  if (!Object.hasOwn(TYPE_READERS, base)) return { error: "is not a type this engine knows", unknown: true };
  const read = TYPE_READERS[base]!(args, fieldName);
  if (typeof read === "string") return { error: read };
  if (unsigned) {
    if (read.kind !== "integer" && read.kind !== "number") return { error: "is unsigned, which only numbers can be" };
    read.schema.minimum = Math.max(0, typeof read.schema.minimum === "number" ? read.schema.minimum : 0);
    // minimum 0 bounds the lower side; an integer type's upper limit doubles (MySQL's INT UNSIGNED holds 0..4294967295).
    if (read.limit && !read.limit.exclusive) read.limit = { lo: 0, hi: read.limit.hi * 2 + 1, exclusive: false };
    read.reading = `${read.reading.replace(/ in -?\d+\.\.\d+/, read.limit && !read.limit.exclusive ? ` in 0..${read.limit.hi}` : "")}, not negative (unsigned)`;
  }
  return read;
}

// ---- constraints --------------------------------------------------------------------------------------

/** The contract's own constraint names: read without a note. */
const CONTRACT_CONSTRAINTS = ["min", "max", "format", "nullable", "unique", "enum", "pattern"] as const;

/** Every accepted constraint spelling (lower case, without `_`, `-` and spaces) and the constraint it is. */
const CONSTRAINT_KEYS: Record<string, string> = {
  min: "min", max: "max", minimum: "min", maximum: "max",
  minlength: "minLength", maxlength: "maxLength", length: "length",
  minitems: "minItems", maxitems: "maxItems",
  exclusiveminimum: "exclusiveMinimum", exclusivemaximum: "exclusiveMaximum",
  multipleof: "multipleOf", precision: "precision", scale: "scale",
  format: "format", pattern: "pattern", regex: "pattern",
  enum: "enum", values: "enum", allowedvalues: "enum",
  nullable: "nullable", unique: "unique", primarykey: "unique",
  required: "required", optional: "optional",
  description: "description", title: "title", example: "example", examples: "examples", default: "default",
};

/** The key with case and separators removed (`max_length` -> `maxlength`), for looking it up. */
const constraintKey = (key: string) => key.toLowerCase().replace(/[\s_-]+/g, "");

function closestConstraint(key: string): string | undefined {
  const k = constraintKey(key);
  let best: string | undefined, bestDistance = Infinity;
  for (const [spelling, name] of Object.entries(CONSTRAINT_KEYS)) {
    const d = editDistance(k, spelling);
    if (d < bestDistance) { best = name; bestDistance = d; }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(k.length * 0.4)) ? best : undefined;
}

const NUMERIC_TEXT = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** One field being compiled: where its problems and notes go. */
class FieldContext {
  constructor(
    readonly index: number,
    readonly label: string,
    readonly problems: SchemaInputProblem[],
    readonly notes: NormalisationNote[],
  ) {}
  get path(): string { return `/fields/${this.index}`; }
  /** The pointer of a constraint as written (inside constraints, or on the field itself). */
  keyPath(key: string, atFieldLevel: boolean): string { return `${this.path}${atFieldLevel ? "" : "/constraints"}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`; }
  problem(path: string, rule: string, message: string): void { this.problems.push({ path, rule, message: `${this.label}: ${message}` }); }
  note(path: string, rule: string, message: string): void { this.notes.push({ path, rule, message: `${this.label}: ${message}` }); }
}

/** A constraint as written: its value and where it was. */
interface Given { value: unknown; key: string; path: string }

/** The constraints of a field under their canonical names (field-level keys included); problems and notes go to `fc`. */
function gatherConstraints(raw: Record<string, unknown>, fc: FieldContext): Map<string, Given> {
  const out = new Map<string, Given>();
  const add = (key: string, value: unknown, atFieldLevel: boolean) => {
    const path = fc.keyPath(key, atFieldLevel);
    const canonical = Object.hasOwn(CONSTRAINT_KEYS, constraintKey(key)) ? CONSTRAINT_KEYS[constraintKey(key)]! : undefined;
    if (canonical === undefined) {
      if (atFieldLevel) {
        fc.note(path, "field-key-ignored", `"${key}" is neither name, type, constraints nor a constraint: ignored`);
        return;
      }
      const near = closestConstraint(key);
      fc.problem(path, "constraint-unknown", `unknown constraint ${JSON.stringify(key)}${near ? `; did you mean "${near}"?` : ""} (accepted: ${CONTRACT_CONSTRAINTS.join(", ")}, and minLength, maxLength, length, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, precision, scale, minItems, maxItems, required, optional, description, title, example, examples, default)`);
      return;
    }
    const previous = out.get(canonical);
    if (previous) {
      if (JSON.stringify(previous.value) !== JSON.stringify(value)) {
        fc.problem(path, "constraint-conflict", `"${key}" (${JSON.stringify(value)}) and "${previous.key}" (${JSON.stringify(previous.value)}) say different things; give one`);
      }
      return;
    }
    if (atFieldLevel) fc.note(path, "constraint-at-field-level", `"${key}" is written beside name and type: read as a constraint`);
    else if (!(CONTRACT_CONSTRAINTS as readonly string[]).includes(key)) {
      fc.note(path, "constraint-key-alias", `constraint "${key}" is not one of the contract's (${CONTRACT_CONSTRAINTS.join(", ")}): read as ${canonical}`);
    }
    out.set(canonical, { value, key, path });
  };
  const c = raw.constraints;
  if (c !== undefined && c !== null) {
    if (!isObject(c)) fc.problem(`${fc.path}/constraints`, "constraint-type", "constraints must be an object, e.g. {\"min\": 0, \"max\": 10}");
    else for (const [key, value] of Object.entries(c)) if (value !== undefined) add(key, value, false);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key !== "name" && key !== "type" && key !== "constraints" && value !== undefined) add(key, value, true);
  }
  return out;
}

/** A number written as a number or as numeric text ("10"), or undefined (after a problem). */
function numberOf(g: Given, fc: FieldContext, what: string): number | undefined {
  if (typeof g.value === "number" && Number.isFinite(g.value)) return g.value;
  if (typeof g.value === "string" && NUMERIC_TEXT.test(g.value) && Number.isFinite(Number(g.value))) {
    fc.note(g.path, "constraint-number-string", `constraint "${g.key}" ${JSON.stringify(g.value)} read as the number ${Number(g.value)}`);
    return Number(g.value);
  }
  fc.problem(g.path, "constraint-type", `constraint "${g.key}" must be a number (${what}), got ${JSON.stringify(g.value)}`);
  return undefined;
}

function lengthOf(g: Given, fc: FieldContext, what: string): number | undefined {
  const n = numberOf(g, fc, what);
  if (n === undefined) return undefined;
  if (!Number.isSafeInteger(n) || n < 0) {
    fc.problem(g.path, "constraint-type", `constraint "${g.key}" must be a whole number of at least 0 (${what}), got ${JSON.stringify(g.value)}`);
    return undefined;
  }
  return n;
}

function booleanOf(g: Given, fc: FieldContext): boolean | undefined {
  if (typeof g.value === "boolean") return g.value;
  if (g.value === "true" || g.value === "false") {
    fc.note(g.path, "constraint-boolean-string", `constraint "${g.key}" ${JSON.stringify(g.value)} read as ${g.value}`);
    return g.value === "true";
  }
  fc.problem(g.path, "constraint-type", `constraint "${g.key}" must be true or false, got ${JSON.stringify(g.value)}`);
  return undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/** A date bound as the field's format writes it (YYYY-MM-DD, or a full RFC 3339 date-time), or undefined (after a problem). */
function dateBoundOf(g: Given, kind: "date" | "date-time", fc: FieldContext): { text: string; ms: number } | undefined {
  const v = g.value;
  const ms = typeof v === "string" ? Date.parse(ISO_DATE.test(v) ? `${v}T00:00:00Z` : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/i.test(v) ? `${v.replace(" ", "T")}Z` : v) : NaN;
  if (typeof v !== "string" || Number.isNaN(ms)) {
    fc.problem(g.path, "constraint-type", `constraint "${g.key}" of a ${kind === "date" ? "date" : "datetime"} field must be an ISO 8601 date (e.g. "2024-01-31"), got ${JSON.stringify(v)}`);
    return undefined;
  }
  const iso = new Date(ms).toISOString();
  const text = kind === "date" ? (ISO_DATE.test(v) ? v : iso.slice(0, 10)) : (ISO_DATE_TIME.test(v) ? v : iso.replace(/\.000Z$/, "Z"));
  if (text !== v) fc.note(g.path, "constraint-date", `constraint "${g.key}" ${JSON.stringify(v)} read as ${JSON.stringify(text)}`);
  return { text, ms: Date.parse(kind === "date" ? `${text}T00:00:00Z` : text) };
}

/** True when `a` is a whole multiple of `b` (to 9 decimals, as the validator judges multipleOf). */
function isMultipleOf(a: number, b: number): boolean {
  const q = a / b;
  return Math.abs(q - Math.round(q)) < 1e-9;
}

/** The field's numeric bounds as [value, exclusive] per side (the tighter of inclusive and exclusive). */
function boundsOf(schema: JsonSchemaObject): { lo?: [number, boolean]; hi?: [number, boolean] } {
  const pick = (incl: unknown, excl: unknown, tighter: (a: number, b: number) => boolean): [number, boolean] | undefined => {
    const i = typeof incl === "number" ? incl : undefined, e = typeof excl === "number" ? excl : undefined;
    if (i === undefined) return e === undefined ? undefined : [e, true];
    if (e === undefined) return [i, false];
    return tighter(e, i) || e === i ? [e, true] : [i, false];
  };
  const lo = pick(schema.minimum, schema.exclusiveMinimum, (a, b) => a > b);
  const hi = pick(schema.maximum, schema.exclusiveMaximum, (a, b) => a < b);
  return { ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) };
}

/**
 * Keeps every value inside a storage limit (smallint, numeric(p,s)). A side the caller bounded inside the
 * limit needs nothing; a caller's bound beyond the limit is pulled in to it. A side the caller left open
 * gets the limit through `not`, so the generator keeps its realistic spread of values (a price of a few
 * dollars, not a uniform draw across ±10^8) and every value is still checked against the limit.
 */
function applyLimit(schema: JsonSchemaObject, limit: StorageLimit, path: string, notes: NormalisationNote[], label = ""): void {
  const { lo, hi } = boundsOf(schema);
  const outside: JsonSchemaObject[] = [];
  const side = (bound: [number, boolean] | undefined, edge: number, below: boolean) => {
    const inside = bound !== undefined && (below
      ? bound[0] > edge || (bound[0] === edge && (!limit.exclusive || bound[1]))
      : bound[0] < edge || (bound[0] === edge && (!limit.exclusive || bound[1])));
    if (inside) return;
    const [incl, excl] = below ? ["minimum", "exclusiveMinimum"] : ["maximum", "exclusiveMaximum"];
    if (bound !== undefined) {
      delete schema[incl];
      delete schema[excl];
      schema[limit.exclusive ? excl : incl] = edge;
      notes.push({ path, rule: "constraint-range-clamped", message: `${label}${below ? "lower" : "upper"} bound ${bound[0]} is beyond what the type holds: ${limit.exclusive ? (below ? "> " : "< ") : ""}${edge} used` });
      return;
    }
    // The values beyond this side's edge, for `not`.
    if (below) outside.push(limit.exclusive ? { maximum: edge } : { exclusiveMaximum: edge });
    else outside.push(limit.exclusive ? { minimum: edge } : { exclusiveMinimum: edge });
  };
  side(lo, limit.lo, true);
  side(hi, limit.hi, false);
  if (outside.length === 1) schema.not = outside[0];
  else if (outside.length === 2) schema.not = { anyOf: outside };
}

/** The kind an enum's values share (for type "enum"), or undefined when they mix kinds. */
function kindOfValues(values: unknown[]): Kind | undefined {
  const kinds = new Set(values.filter((v) => v !== null).map((v) => (typeof v === "number" ? (Number.isInteger(v) ? "integer" : "number") : typeof v === "string" ? "string" : typeof v === "boolean" ? "boolean" : Array.isArray(v) ? "array" : isObject(v) ? "object" : "other")));
  if (kinds.has("number")) kinds.delete("integer");
  return kinds.size === 1 && !kinds.has("other") ? ([...kinds][0] as Kind) : undefined;
}

// ---- fields -------------------------------------------------------------------------------------------

interface CompiledField { name: string; schema: JsonSchemaObject; required: boolean }

/** The type of a field as written: a string, or a JSON-Schema-style list such as ["string", "null"]. */
function readFieldType(raw: Record<string, unknown>, name: string, fc: FieldContext): { reading: TypeReading; nullable: boolean } | undefined {
  let t = raw.type;
  let nullable = false;
  const path = fc.path;
  if (Array.isArray(t)) {
    const others = t.filter((x) => x !== "null");
    if (others.length !== 1 || t.some((x) => typeof x !== "string")) {
      fc.problem(path, "field-type", `type ${JSON.stringify(t)} names ${others.length === 0 ? "no type" : "several types"}; give one type (add constraints.nullable for null)`);
      return undefined;
    }
    nullable = others.length < t.length;
    if (nullable) fc.note(path, "field-type-nullable", `type ${JSON.stringify(t)} read as ${JSON.stringify(others[0])} with nullable: true`);
    t = others[0];
  }
  if (typeof t !== "string" || t.trim() === "") {
    fc.problem(path, "field-type", `${t === undefined ? "has no type" : `type ${JSON.stringify(t)} is not a type name`}; give one of ${ACCEPTED_SPELLINGS.join(", ")}`);
    return undefined;
  }
  const spelled = spellingOf(t);
  const read = readSpelling(spelled, name);
  if ("error" in read) {
    const base = spelled.replace(/\[\]$/, "").replace(/ ?unsigned$/, "").replace(/\(.*$/, "").replace(/[\s_-]+/g, "_");
    const hint = Object.hasOwn(AMBIGUOUS_TYPES, base) ? `; "${base}" means different things in different databases: write ${AMBIGUOUS_TYPES[base]}` : "";
    const near = read.unknown && !hint ? closestType(base) : undefined;
    fc.problem(path, read.unknown ? "field-type-unknown" : "field-type", read.unknown
      ? `unknown type ${JSON.stringify(t)}${hint}${near ? `; did you mean "${near}"?` : ""} (accepted: ${ACCEPTED_SPELLINGS.join(", ")}; case and spaces do not matter)`
      : `type ${JSON.stringify(t)} ${read.error}`);
    return undefined;
  }
  if (!(FIELD_TYPES as readonly string[]).includes(t)) {
    fc.note(path, "field-type-alias", `type ${JSON.stringify(t)} read as ${read.reading}`);
  }
  return { reading: read, nullable };
}

/** The field's name as written, checked; undefined after a problem. */
function readFieldName(raw: Record<string, unknown>, fc: FieldContext): string | undefined {
  const path = fc.path;
  const n = raw.name;
  if (typeof n !== "string" || n.trim() === "") {
    fc.problem(path, "field-name", n === undefined ? "has no name" : `name ${JSON.stringify(n)} is not a non-empty text`);
    return undefined;
  }
  const name = n.trim();
  if (name !== n) fc.note(path, "field-name-trimmed", `name ${JSON.stringify(n)} read as ${JSON.stringify(name)} (spaces around it dropped)`);
  if (name === "__proto__") {
    fc.problem(path, "field-name", "a field cannot be named __proto__ (it cannot be told apart from an object's prototype); rename it");
    return undefined;
  }
  if (name.includes(".")) {
    fc.problem(path, "field-name", `name ${JSON.stringify(name)} has a dot, which CSV, SQL and Parquet read as a nested field; use "${name.replace(/\./g, "_")}" (or a JSON Schema for nested records)`);
    return undefined;
  }
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    fc.problem(path, "field-name", `name ${JSON.stringify(name)} holds control characters; rename it`);
    return undefined;
  }
  if (!FIELD_NAME_PATTERN.test(name)) {
    fc.note(path, "field-name-quoted", `name ${JSON.stringify(name)} is not an identifier: SQL output quotes it ("${name.replace(/"/g, "\"\"")}"), and code that reads the data may have to as well`);
  }
  return name;
}

function compileOneField(raw: unknown, index: number, problems: SchemaInputProblem[], notes: NormalisationNote[]): CompiledField | undefined {
  if (!isObject(raw)) {
    problems.push({ path: `/fields/${index}`, rule: "field-shape", message: `field ${index}: each field must be an object {name, type, constraints}, got ${JSON.stringify(raw)?.slice(0, 80)}` });
    return undefined;
  }
  const label = typeof raw.name === "string" && raw.name.trim() ? `field ${JSON.stringify(raw.name.trim())}` : `field ${index}`;
  const fc = new FieldContext(index, label, problems, notes);
  const before = problems.length;
  const name = readFieldName(raw, fc);
  const type = readFieldType(raw, name ?? "", fc);
  const given = gatherConstraints(raw, fc);
  if (name === undefined || type === undefined) return undefined;
  const schema = compileConstraints(type.reading, given, type.nullable, name, fc);
  if (!schema || problems.length > before) return undefined;
  const optional = given.get("optional"), required = given.get("required");
  const isOptional = (optional && booleanOf(optional, fc) === true) || (required && booleanOf(required, fc) === false);
  if (problems.length > before) return undefined;
  return { name, schema, required: !isOptional };
}

/** The field's JSON Schema: its type's, with the constraints applied; undefined after a problem. */
function compileConstraints(reading: TypeReading, given: Map<string, Given>, nullableType: boolean, name: string, fc: FieldContext): JsonSchemaObject | undefined {
  const schema = reading.schema;
  let kind = reading.kind;
  const before = fc.problems.length;
  const failed = () => fc.problems.length > before;
  const get = (k: string) => given.get(k);
  const notApplicable = (g: Given, why: string) => fc.note(g.path, "constraint-not-applicable", `constraint "${g.key}" ${why} for a ${kind} field: ignored`);

  // enum first: type "enum" takes its kind from the values.
  let values: unknown[] | undefined;
  const e = get("enum");
  let nullable = nullableType;
  if (e) {
    if (!Array.isArray(e.value)) fc.problem(e.path, "constraint-type", `constraint "${e.key}" must be a list of values, got ${JSON.stringify(e.value)}`);
    else if (e.value.length === 0) fc.problem(e.path, "constraint-enum-empty", `constraint "${e.key}" is empty, so no value is allowed; list the values`);
    else values = [...e.value];
  }
  if (reading.fromEnum) {
    if (!values) {
      if (!e) fc.problem(fc.path, "field-type", `type "enum" needs its values in constraints.enum, e.g. {"enum": ["new", "paid"]}`);
      return undefined;
    }
    const k = kindOfValues(values);
    if (!k) {
      fc.problem(e!.path, "constraint-enum-type", `the values of an enum field must be all text, all numbers or all true/false; got ${JSON.stringify(values).slice(0, 120)}`);
      return undefined;
    }
    kind = k;
    if (k !== "object" && k !== "array") schema.type = k;
  }
  if (values) {
    if (values.includes(null) && !nullable) {
      nullable = true;
      fc.note(e!.path, "constraint-enum-null", `constraint "${e!.key}" lists null: the field is nullable`);
    }
    values = values.map((v) => {
      if (v !== null && (kind === "integer" || kind === "number") && typeof v === "string" && NUMERIC_TEXT.test(v)) {
        fc.note(e!.path, "constraint-number-string", `enum value ${JSON.stringify(v)} read as the number ${Number(v)}`);
        return Number(v);
      }
      return v;
    });
    // Values of another kind ({type: integer, enum: ["a"]}) are written as they are: the validator judges
    // them (enum-values-valid) as it does in any JSON Schema.
  }

  // format (through the one format reader) and pattern.
  const p = get("pattern");
  if (p) {
    if (typeof p.value !== "string") fc.problem(p.path, "constraint-type", `constraint "${p.key}" must be a regular expression as text, got ${JSON.stringify(p.value)}`);
    else {
      const err = regexError(p.value);
      if (err) fc.problem(p.path, "constraint-pattern", `pattern ${JSON.stringify(p.value)} does not compile (ECMA-262, u flag, as JSON Schema reads patterns): ${err}`);
    }
  }
  const f = get("format");
  const fmt: JsonSchemaObject = {};
  let formatNotes: NormalisationNote[] = [];
  if (f) {
    if (typeof f.value !== "string") fc.problem(f.path, "constraint-type", `constraint "${f.key}" must be a format name or a regular expression, got ${JSON.stringify(f.value)}`);
    else {
      fmt.format = f.value;
      try {
        formatNotes = normaliseFormats(fmt, f.path.replace(/\/[^/]*$/, ""));
      } catch (err) {
        if (!(err instanceof SchemaInputError)) throw err;
        for (const q of err.problems) fc.problem(f.path, q.rule, q.message);
      }
    }
  }
  if (failed()) return undefined;
  const patterns = [typeof p?.value === "string" ? p.value : undefined, typeof fmt.pattern === "string" ? fmt.pattern : undefined,
    ...((fmt.allOf as JsonSchemaObject[] | undefined) ?? []).map((s) => s.pattern as string)].filter((x): x is string => x !== undefined);
  const textual = kind === "string" || kind === "date" || kind === "date-time" || kind === "time";
  if (patterns.length) {
    if (!textual) notApplicable((p ?? f)!, "is a pattern, which applies to text only,");
    else {
      const all = [...(typeof schema.pattern === "string" ? [schema.pattern] : []), ...new Set(patterns)];
      schema.pattern = all[0];
      if (all.length > 1) schema.allOf = all.slice(1).map((q) => ({ pattern: q }));
    }
  }
  if (typeof fmt["x-semantic"] === "string") {
    if (kind === "string") schema["x-semantic"] ??= fmt["x-semantic"];
    else notApplicable(f!, "names a meaning of text");
  }
  // The format reader's notes, at the pointer the format was written at (in constraints or beside the type).
  const own = typeof schema.format === "string" ? schema.format : undefined;
  for (const n of formatNotes) {
    if (n.rule === "format-unknown" && own !== undefined) {
      fc.note(f!.path, n.rule, `format ${JSON.stringify(fmt.format)} is not a format this engine knows; the field keeps its type's format "${own}"`);
    } else fc.note(f!.path, n.rule, n.message);
  }
  if (typeof fmt.format === "string" && fmt.format !== own) {
    const unknown = formatNotes.some((n) => n.rule === "format-unknown");
    if (own === undefined) schema.format = fmt.format;
    else if (!unknown) {
      fc.problem(f!.path, "constraint-conflict", `format "${fmt.format}" contradicts the field's type, whose format is "${own}"; give one`);
      return undefined;
    }
  }

  // bounds: what min and max mean depends on the kind.
  const min = get("min"), max = get("max");
  const numeric = kind === "integer" || kind === "number";
  if (numeric) {
    const setBound = (g: Given | undefined, key: string) => {
      if (!g) return;
      const n = numberOf(g, fc, `a ${kind} field's bound`);
      if (n !== undefined) schema[key] = n;
    };
    setBound(min, "minimum");
    setBound(max, "maximum");
    setBound(get("exclusiveMinimum"), "exclusiveMinimum");
    setBound(get("exclusiveMaximum"), "exclusiveMaximum");
    const ps = get("precision"), sc = get("scale");
    if (ps || sc) {
      const pv = ps ? lengthOf(ps, fc, "digits in all") : undefined;
      const sv = sc ? lengthOf(sc, fc, "digits after the point") : 0;
      if (sv !== undefined && kind === "integer" && sv > 0) fc.problem(sc!.path, "constraint-conflict", `scale ${sv} gives decimals to an integer field; make it a number or decimal(p,s)`);
      else if (pv !== undefined && sv !== undefined) {
        if (pv < 1 || sv > pv) fc.problem((sc ?? ps)!.path, "constraint-range", `precision ${pv} and scale ${sv} do not fit: scale is the digits after the point, at most the precision (at least 1)`);
        else {
          const r = numericReading(pv, sv);
          if (r.schema.multipleOf !== undefined) schema.multipleOf = r.schema.multipleOf;
          reading.limit = r.limit;
          fc.note((ps ?? sc)!.path, "constraint-precision", `precision ${pv}, scale ${sv} read as ${r.reading}`);
        }
      } else if (pv === undefined && sv !== undefined && ps === undefined) {
        if (sv > 0) schema.multipleOf = Number(`1e-${sv}`);
        fc.note(sc!.path, "constraint-precision", `scale ${sv} read as ${sv} decimal places${sv > 0 ? ` (multipleOf ${Number(`1e-${sv}`)})` : ""}`);
      }
    }
    const m = get("multipleOf");
    if (m) {
      const n = numberOf(m, fc, "a positive step");
      if (n !== undefined && !(n > 0)) fc.problem(m.path, "constraint-type", `constraint "${m.key}" must be above 0, got ${n}`);
      else if (n !== undefined) {
        const own = typeof schema.multipleOf === "number" ? schema.multipleOf : undefined;
        if (own === undefined || isMultipleOf(n, own)) schema.multipleOf = n;
        else schema.allOf = [...((schema.allOf as unknown[]) ?? []), { multipleOf: n }];
      }
    }
  } else {
    for (const k of ["exclusiveMinimum", "exclusiveMaximum", "multipleOf", "precision", "scale"]) {
      const g = get(k);
      if (g) notApplicable(g, "bounds numbers");
    }
  }
  const lengthKeys = kind === "array" ? ["minItems", "maxItems"] : ["minLength", "maxLength"];
  const lengthy = kind === "string" || kind === "array";
  const setLength = (g: Given | undefined, key: string, tighter: (a: number, b: number) => number) => {
    if (!g) return;
    const n = lengthOf(g, fc, kind === "array" ? "items" : "characters");
    if (n === undefined) return;
    const own = typeof schema[key] === "number" ? (schema[key] as number) : undefined;
    const v = own === undefined ? n : tighter(own, n);
    if (own !== undefined && v !== n) fc.note(g.path, "constraint-range-clamped", `constraint "${g.key}" ${n} is looser than the type's ${key} ${own}: ${own} kept`);
    schema[key] = v;
  };
  if (lengthy) {
    if (!numeric) {
      setLength(min, lengthKeys[0]!, Math.max);
      setLength(max, lengthKeys[1]!, Math.min);
    }
    const len = get("length");
    if (len) { setLength(len, lengthKeys[0]!, Math.max); setLength(len, lengthKeys[1]!, Math.min); }
    setLength(get(kind === "array" ? "minItems" : "minLength"), lengthKeys[0]!, Math.max);
    setLength(get(kind === "array" ? "maxItems" : "maxLength"), lengthKeys[1]!, Math.min);
    const other = get(kind === "array" ? "minLength" : "minItems") ?? get(kind === "array" ? "maxLength" : "maxItems");
    if (other) notApplicable(other, kind === "array" ? "counts characters" : "counts items");
  } else {
    for (const k of ["minLength", "maxLength", "length", "minItems", "maxItems"]) {
      const g = get(k);
      if (g) notApplicable(g, "is a length");
    }
  }
  if (kind === "date" || kind === "date-time") {
    const lo = min ? dateBoundOf(min, kind, fc) : undefined;
    const hi = max ? dateBoundOf(max, kind, fc) : undefined;
    if (lo) schema.formatMinimum = lo.text;
    if (hi) schema.formatMaximum = hi.text;
  } else if (kind === "time" && (min || max)) {
    fc.problem((min ?? max)!.path, "constraint-type", "min and max are not supported for time fields (values are HH:MM:SS with an offset); use a pattern or an enum");
    return undefined;
  } else if (!numeric && !lengthy) {
    for (const g of [min, max]) if (g) notApplicable(g, "has no meaning");
  }
  if (failed()) return undefined;

  // Bounds that contradict each other (min above max, minLength above maxLength, dates out of order) are
  // written as they are: the validator refuses them (minimum<=maximum, ...) with the same rules as in any
  // JSON Schema, and the generator will not sample them. Only a contradiction with the type's storage
  // range is refused here, because that range is written as `not`, where the validator does not look.
  if (numeric && reading.limit) {
    const { lo, hi } = boundsOf(schema);
    const limit = reading.limit;
    const aboveAll = lo && (lo[0] > limit.hi || (lo[0] === limit.hi && (lo[1] || limit.exclusive)));
    const belowAll = hi && (hi[0] < limit.lo || (hi[0] === limit.lo && (hi[1] || limit.exclusive)));
    if (aboveAll || belowAll) {
      const g = aboveAll ? (min ?? get("exclusiveMinimum")) : (max ?? get("exclusiveMaximum"));
      fc.problem(g?.path ?? fc.path, "constraint-range", `${aboveAll ? `lower bound ${lo![0]}` : `upper bound ${hi![0]}`} lies outside what the type holds (${limit.exclusive ? `|x| < ${limit.hi}` : `${limit.lo}..${limit.hi}`}): no value fits both`);
      return undefined;
    }
    applyLimit(schema, limit, `${fc.path}/constraints`, fc.notes, `${fc.label}: `);
  }

  // the rest: values, meaning, nullability, uniqueness, annotations.
  if (values) schema.enum = nullable && !values.includes(null) ? [...values, null] : values;
  // A meaning the type names (a person's name, a currency code) comes from the field's name when the
  // generator reads one there (customer_name, currency), else from faker; a caller's enum or pattern wins.
  const ownPattern = reading.meaning && patterns.length === 0;
  if (reading.meaning && kind === "string" && !values && ownPattern && semanticGenerator({ name, type: "string" }) === undefined) {
    schema["x-faker"] = reading.meaning.faker;
    fc.note(fc.path, "field-type-meaning", `the name ${JSON.stringify(name)} tells the generator nothing, so its values come from faker (x-faker "${reading.meaning.faker}": ${reading.meaning.what})`);
  }
  const nl = get("nullable");
  if (nl) {
    const b = booleanOf(nl, fc);
    if (b !== undefined) nullable ||= b;
  }
  if (nullable && typeof schema.type === "string") {
    schema.type = [schema.type, "null"];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  }
  const u = get("unique");
  if (u && booleanOf(u, fc)) schema["x-unique"] = true;
  for (const k of ["description", "title"]) {
    const g = get(k);
    if (!g) continue;
    if (typeof g.value !== "string") fc.problem(g.path, "constraint-type", `constraint "${g.key}" must be text, got ${JSON.stringify(g.value)}`);
    else schema[k] = g.value;
  }
  const ex = get("example"), exs = get("examples");
  if (exs) schema.examples = Array.isArray(exs.value) ? exs.value : [exs.value];
  else if (ex) schema.examples = [ex.value];
  const d = get("default");
  if (d) schema.default = d.value;
  return failed() ? undefined : schema;
}

// ---- the list -----------------------------------------------------------------------------------------

const ROOT_ANNOTATIONS = ["title", "description"] as const;

/**
 * JSON Schema 2020-12 for a field list: an object whose fields are required unless marked optional
 * (nullable ones may be null), with a note per reading that changed or assumed something. Throws
 * SchemaInputError with every problem (path `/fields/<i>` or `/fields/<i>/constraints/<key>`, a kebab-case
 * rule, a message naming the field) when the list cannot be read. Bounds that contradict each other are
 * compiled as written, for the validator to refuse (see the module comment).
 */
export function fieldListToJsonSchema(input: FieldListSchema): { schema: JsonSchemaObject; notes: NormalisationNote[] } {
  const problems: SchemaInputProblem[] = [];
  const notes: NormalisationNote[] = [];
  const root = input as unknown as Record<string, unknown>;
  const fields: unknown[] = Array.isArray(root.fields) ? root.fields : [];
  if (!Array.isArray(root.fields)) problems.push({ path: "/fields", rule: "field-list-shape", message: "fields must be a list [{name, type, constraints}, ...]" });
  else if (fields.length === 0) problems.push({ path: "/fields", rule: "field-list-empty", message: "the field list is empty: give at least one field {name, type}" });

  const annotations: JsonSchemaObject = {};
  for (const [key, value] of Object.entries(root)) {
    if (key === "fields") continue;
    const path = `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    const as = (ROOT_ANNOTATIONS as readonly string[]).includes(key) ? key : key === "name" && typeof root.title !== "string" ? "title" : undefined;
    if (as && typeof value === "string") {
      annotations[as] = value;
      notes.push({ path, rule: "field-list-annotation", message: `"${key}" beside fields read as the schema's ${as}` });
    } else {
      notes.push({ path, rule: "field-list-key-ignored", message: `"${key}" beside fields is not part of a field list: ignored` });
    }
  }

  const compiled: CompiledField[] = [];
  const seen = new Map<string, number>();
  fields.forEach((raw, i) => {
    const field = compileOneField(raw, i, problems, notes);
    if (!field) return;
    const first = seen.get(field.name);
    if (first !== undefined) {
      problems.push({ path: `/fields/${i}`, rule: "field-duplicate", message: `field ${JSON.stringify(field.name)}: duplicate field name (field ${first} has it too)` });
      return;
    }
    seen.set(field.name, i);
    compiled.push(field);
  });
  if (problems.length) throw new SchemaInputError(problems);

  const properties: Record<string, JsonSchemaObject> = {};
  for (const f of compiled) properties[f.name] = f.schema;
  return {
    schema: {
      $schema: DRAFT_2020_12_URI,
      ...annotations,
      type: "object",
      properties,
      required: compiled.filter((f) => f.required).map((f) => f.name),
      additionalProperties: false,
    },
    notes,
  };
}

// ---- the old entry points (the front door in ./index.ts replaces them; kept until every caller moves) ----

export interface FieldListProblem {
  /** The field's name, or `fields[i]` when it has no usable name, or `fields` for the whole list. */
  field: string;
  message: string;
  path?: string;
  rule?: string;
}

/** Every problem of a field list, each naming the field (see fieldListToJsonSchema). */
export function fieldListProblems(input: FieldListSchema): FieldListProblem[] {
  try {
    fieldListToJsonSchema(input);
    return [];
  } catch (err) {
    if (!(err instanceof SchemaInputError)) throw err;
    const fields = Array.isArray((input as { fields?: unknown }).fields) ? (input as { fields: unknown[] }).fields : [];
    return err.problems.map((p) => {
      const i = /^\/fields\/(\d+)/.exec(p.path)?.[1];
      const raw = i === undefined ? undefined : fields[Number(i)];
      const name = isObject(raw) && typeof raw.name === "string" && raw.name.trim() ? raw.name.trim() : undefined;
      return { field: i === undefined ? "fields" : name ?? `fields[${i}]`, message: p.message, path: p.path, rule: p.rule };
    });
  }
}

/** JSON Schema for one field of the list. Throws SchemaInputError when the field has a problem. */
export function compileField(field: FieldSpec): JsonSchemaObject {
  const { schema } = fieldListToJsonSchema({ fields: [field] });
  return (schema.properties as Record<string, JsonSchemaObject>)[String(field.name).trim()]!;
}

/** JSON Schema 2020-12 for a field list. Throws SchemaInputError when the list has problems. */
export function compileFieldList(input: FieldListSchema): JsonSchemaObject {
  return fieldListToJsonSchema(input).schema;
}

/** Either accepted form as JSON Schema (JSON Schema input is returned as it is). */
export function toJsonSchema(input: SchemaInput): JsonSchemaObject {
  return isFieldList(input) ? compileFieldList(input) : input;
}
