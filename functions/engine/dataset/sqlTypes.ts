// PostgreSQL column types as the engine reads them: each type a column kind plus the JSON Schema keywords
// its values keep to (integer ranges of int2/int4/int8, numeric(p,s) as a bound and a step, varchar(n) as
// maxLength, uuid, date, timestamptz, jsonb, arrays, enum types). A type this table does not know is a
// problem reported before generation, never a guess.
import type { JsonSchemaObject } from "../schema/types";
import type { ColumnKind } from "./model";

export interface SqlTypeReading {
  kind: ColumnKind;
  elementKind?: ColumnKind;
  scale?: number;
  /** The keywords of one value (of one element for arrays, wrapped by the caller). */
  schema: JsonSchemaObject;
  /** serial types: a sequence owns the column. */
  sequence?: boolean;
  /** The canonical spelling for the emitted DDL. */
  sqlType: string;
}

const INT_RANGES: Record<string, [number, number, string]> = {
  int2: [-32768, 32767, "smallint"], smallint: [-32768, 32767, "smallint"],
  int4: [-2147483648, 2147483647, "integer"], int: [-2147483648, 2147483647, "integer"], integer: [-2147483648, 2147483647, "integer"],
  // bigint values stay within what a JSON number holds exactly.
  int8: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "bigint"], bigint: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, "bigint"],
};
const SERIALS: Record<string, string> = {
  smallserial: "smallint", serial2: "smallint", serial: "integer", serial4: "integer", bigserial: "bigint", serial8: "bigint",
};

/**
 * A column type's range, marked as the type's (`x-storage-range`): what fits the column, not what its values
 * look like, so the generator makes a balance or an age as if unbounded, within it. CHECKs that narrow a
 * side replace that side, and are then the values' own bounds.
 */
function storageRange(schema: JsonSchemaObject): JsonSchemaObject {
  return { ...schema, "x-storage-range": [schema.minimum, schema.maximum] };
}

/**
 * The reading of a type named `name` (last part of the qualified name, lower case) with its modifiers
 * (`varchar(80)` → [80]); `enums` are the data set's own enum types. Undefined when the type is unknown.
 */
export function readSqlType(name: string, mods: number[], enums: ReadonlyMap<string, string[]>): SqlTypeReading | undefined {
  const n = name.toLowerCase();
  if (INT_RANGES[n]) {
    const [minimum, maximum, sqlType] = INT_RANGES[n];
    return { kind: "integer", schema: storageRange({ type: "integer", minimum, maximum }), sqlType };
  }
  if (SERIALS[n]) {
    const [, maximum] = INT_RANGES[SERIALS[n]];
    return { kind: "integer", schema: { type: "integer", minimum: 1, maximum }, sqlType: n === "serial4" ? "serial" : n === "serial8" ? "bigserial" : n === "serial2" ? "smallserial" : n, sequence: true };
  }
  switch (n) {
    case "numeric": case "decimal": {
      if (mods.length === 0) return { kind: "number", schema: storageRange({ type: "number", minimum: -1e9, maximum: 1e9 }), sqlType: "numeric" };
      const [precision, scale = 0] = mods;
      const limit = 10 ** (precision - scale) - 10 ** -scale;
      const schema: JsonSchemaObject = { type: scale === 0 ? "integer" : "number", minimum: -Math.min(limit, 1e12), maximum: Math.min(limit, 1e12) };
      if (scale > 0) schema.multipleOf = Number(`1e-${scale}`);
      return { kind: scale === 0 ? "integer" : "number", scale, schema: storageRange(schema), sqlType: `numeric(${precision},${scale})` };
    }
    case "money":
      return { kind: "number", scale: 2, schema: storageRange({ type: "number", minimum: -1e9, maximum: 1e9, multipleOf: 0.01 }), sqlType: "money" };
    case "float4": case "real": case "float8": case "double precision": case "float":
      return { kind: "number", schema: storageRange({ type: "number", minimum: -1e9, maximum: 1e9 }), sqlType: n === "float4" || n === "real" ? "real" : "double precision" };
    case "bool": case "boolean":
      return { kind: "boolean", schema: { type: "boolean" }, sqlType: "boolean" };
    case "text": case "citext":
      return { kind: "string", schema: { type: "string" }, sqlType: n };
    case "varchar": case "character varying":
      return { kind: "string", schema: mods.length ? { type: "string", maxLength: mods[0] } : { type: "string" }, sqlType: mods.length ? `varchar(${mods[0]})` : "varchar" };
    case "bpchar": case "char": case "character": {
      const length = mods[0] ?? 1;
      // char(n) pads with blanks: a value of n characters reads back as written.
      return { kind: "string", schema: { type: "string", minLength: length, maxLength: length }, sqlType: `char(${length})` };
    }
    case "uuid":
      return { kind: "uuid", schema: { type: "string", format: "uuid" }, sqlType: "uuid" };
    case "date":
      return { kind: "date", schema: { type: "string", format: "date" }, sqlType: "date" };
    case "timestamp": case "timestamptz":
      return { kind: "timestamp", schema: { type: "string", format: "date-time" }, sqlType: n };
    case "time": case "timetz":
      return { kind: "time", schema: { type: "string", pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$" }, sqlType: n };
    case "json": case "jsonb":
      return { kind: "json", schema: { type: "object", maxProperties: 3, additionalProperties: { type: "string", maxLength: 20 } }, sqlType: n };
    case "inet": case "cidr":
      return { kind: "string", schema: { type: "string", format: "ipv4" }, sqlType: n };
    default: {
      const labels = enums.get(n);
      if (labels) return { kind: "enum", schema: { type: "string", enum: [...labels] }, sqlType: quoteName(name) };
      return undefined;
    }
  }
}

/** A name as an SQL identifier: bare when it is a plain lower-case word, quoted otherwise. */
export function quoteName(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

const RESERVED = new Set([
  "all", "and", "any", "array", "as", "asc", "both", "case", "cast", "check", "column", "constraint", "create", "default",
  "desc", "distinct", "do", "else", "end", "false", "for", "foreign", "from", "grant", "group", "having", "in", "into",
  "leading", "limit", "not", "null", "offset", "on", "only", "or", "order", "primary", "references", "select", "table",
  "then", "to", "trailing", "true", "union", "unique", "user", "using", "when", "where", "with",
]);

/** The SQL type of a JSON Schema property of a document's table (the DDL a JSON data set is loaded with). */
export function sqlTypeOfSchema(property: JsonSchemaObject): { sqlType: string; kind: ColumnKind; elementKind?: ColumnKind; scale?: number } {
  const types = Array.isArray(property.type) ? property.type.filter((t) => t !== "null") : [property.type];
  const type = types[0];
  if (type === "array") {
    const items = (typeof property.items === "object" && property.items !== null ? property.items : {}) as JsonSchemaObject;
    const inner = sqlTypeOfSchema(items);
    if (inner.kind === "json" || inner.kind === "array") return { sqlType: "jsonb", kind: "json" };
    return { sqlType: `${inner.sqlType}[]`, kind: "array", elementKind: inner.kind };
  }
  if (type === "object") return { sqlType: "jsonb", kind: "json" };
  if (type === "boolean") return { sqlType: "boolean", kind: "boolean" };
  if (type === "integer") return { sqlType: "bigint", kind: "integer" };
  if (type === "number") {
    const step = typeof property.multipleOf === "number" ? property.multipleOf : undefined;
    const scale = step !== undefined && step < 1 ? Math.max(0, Math.round(-Math.log10(step))) : undefined;
    return scale !== undefined ? { sqlType: `numeric(18,${scale})`, kind: "number", scale } : { sqlType: "double precision", kind: "number" };
  }
  if (type === "string") {
    switch (property.format) {
      case "uuid": return { sqlType: "uuid", kind: "uuid" };
      case "date": return { sqlType: "date", kind: "date" };
      case "date-time": return { sqlType: "timestamptz", kind: "timestamp" };
      default: return { sqlType: "text", kind: "string" };
    }
  }
  return { sqlType: "jsonb", kind: "json" };
}
