// What kind of column each top-level field is, read from the schema (or, without one, from the first
// value seen), and how a raw value becomes the number or string the statistics work on.
import type { JsonSchemaObject, SchemaInput } from "../schema/types";
import { toJsonSchema } from "../schema";

/**
 * numeric: integer/number; datetime: string with format date or date-time (as epoch milliseconds);
 * boolean; categorical: enum values; text: other strings (treated as categorical in fidelity metrics
 * when they have few distinct values); other: objects and arrays (counted, not described).
 */
export type FieldKind = "numeric" | "datetime" | "boolean" | "categorical" | "text" | "other";

/** Free-text fields with at most this many distinct values are treated as categories (charts, fidelity). */
export const MAX_CATEGORIES_FOR_TEXT = 50;

export interface FieldDescriptor {
  name: string;
  kind: FieldKind;
  /** The kind came from the schema, not guessed from data. */
  declared: boolean;
}

function typesOf(property: JsonSchemaObject): string[] {
  const type = property.type;
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === "string");
  return [];
}

/** The kind a JSON Schema property describes, or null when the schema does not say. */
export function kindFromSchema(property: unknown): FieldKind | null {
  if (typeof property !== "object" || property === null) return null;
  const p = property as JsonSchemaObject;
  const types = typesOf(p).filter((t) => t !== "null");
  if (Array.isArray(p.enum) || p.const !== undefined) {
    return types.length === 1 && (types[0] === "integer" || types[0] === "number") ? "numeric" : "categorical";
  }
  if (types.length !== 1) return null;
  switch (types[0]) {
    case "integer":
    case "number": return "numeric";
    case "boolean": return "boolean";
    case "string": return p.format === "date" || p.format === "date-time" ? "datetime" : "text";
    case "object":
    case "array": return "other";
    default: return null;
  }
}

/** Top-level fields of the schema in declaration order (empty when the schema lists no properties). */
export function describeFields(schema: SchemaInput | undefined): FieldDescriptor[] {
  if (schema === undefined) return [];
  const json = toJsonSchema(schema);
  const properties = json.properties;
  if (typeof properties !== "object" || properties === null) return [];
  return Object.entries(properties as Record<string, unknown>).map(([name, property]) => {
    const kind = kindFromSchema(property);
    return { name, kind: kind ?? "other", declared: kind !== null };
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A kind guessed from one non-null value, for fields the schema does not describe. */
export function kindFromValue(value: unknown): FieldKind {
  if (typeof value === "number") return "numeric";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return ISO_DATE.test(value) ? "datetime" : "text";
  if (typeof value === "bigint") return "numeric";
  return "other";
}

/** The number a numeric or datetime value stands for, or NaN when it is not one (a type mismatch). */
export function numberOf(kind: FieldKind, value: unknown): number {
  if (kind === "datetime") {
    if (typeof value === "string") return value.length === 10 ? dateOnly(value) : Date.parse(value);
    if (value instanceof Date) return value.getTime();
    return Number.NaN;
  }
  if (typeof value === "number") return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === "bigint") return Number(value);
  return Number.NaN;
}

const digit = (text: string, at: number): number => text.charCodeAt(at) - 48;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil), without Date. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Epoch milliseconds of a YYYY-MM-DD date (UTC midnight, as Date.parse gives), read without Date.parse,
 * which costs several times more on the hot path. An impossible day (2023-02-29) is not a date (NaN,
 * a type mismatch), where Date.parse would roll it over; any other shape goes to Date.parse.
 */
function dateOnly(text: string): number {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Date.parse(text);
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const d = digit(text, i);
    if (d < 0 || d > 9) return Date.parse(text);
  }
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const month = digit(text, 5) * 10 + digit(text, 6);
  const day = digit(text, 8) * 10 + digit(text, 9);
  if (month < 1 || month > 12 || day < 1 || day > 31) return Number.NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= monthDays ? daysFromCivil(year, month, day) * 86_400_000 : Number.NaN;
}

const MAX_KEY_LENGTH = 200;

/** The text a categorical, boolean, text or other value is counted under (long texts are cut). */
export function categoryOf(value: unknown): string {
  const text = typeof value === "string" ? value
    : typeof value === "object" ? JSON.stringify(value) : String(value);
  return text.length > MAX_KEY_LENGTH ? `${text.slice(0, MAX_KEY_LENGTH)}…` : text;
}
