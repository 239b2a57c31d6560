// The field-list form of the contract is sugar over JSON Schema 2020-12: this module compiles it.
// Structural problems in a field list (bad names, unknown types, wrong constraint types) are reported by
// `fieldListProblems`; `compileFieldList` assumes a list without problems.
import {
  FIELD_TYPES, type FieldListSchema, type FieldSpec, type JsonSchemaObject, type SchemaInput,
} from "./types";

export const FIELD_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface FieldListProblem {
  field: string;
  message: string;
}

/** True when the input is the `{fields: [...]}` form rather than a JSON Schema object. */
export function isFieldList(input: unknown): input is FieldListSchema {
  return typeof input === "object" && input !== null && !Array.isArray(input)
    && Array.isArray((input as { fields?: unknown }).fields)
    && !("properties" in input) && !("$schema" in input) && !("type" in input);
}

const CONSTRAINT_TYPES: Record<string, (v: unknown) => boolean> = {
  // Numbers for numeric types (bounds) and text types (lengths); ISO dates for date and datetime fields.
  min: (v) => (typeof v === "number" && Number.isFinite(v)) || typeof v === "string",
  max: (v) => (typeof v === "number" && Number.isFinite(v)) || typeof v === "string",
  format: (v) => typeof v === "string",
  nullable: (v) => typeof v === "boolean",
  unique: (v) => typeof v === "boolean",
  enum: (v) => Array.isArray(v),
  pattern: (v) => typeof v === "string",
};

/** Every structural problem of a field list, each naming the field (or `fields[i]` when it has no usable name). */
export function fieldListProblems(input: FieldListSchema): FieldListProblem[] {
  const problems: FieldListProblem[] = [];
  const seen = new Set<string>();
  if (input.fields.length === 0) problems.push({ field: "fields", message: "the field list is empty" });
  input.fields.forEach((raw: unknown, i) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      problems.push({ field: `fields[${i}]`, message: "each field must be an object {name, type, constraints}" });
      return;
    }
    const f = raw as Partial<FieldSpec> & Record<string, unknown>;
    const label = typeof f.name === "string" ? f.name : `fields[${i}]`;
    if (typeof f.name !== "string" || !FIELD_NAME_PATTERN.test(f.name)) {
      problems.push({ field: label, message: `field name must match ${FIELD_NAME_PATTERN.source}` });
    } else if (seen.has(f.name)) {
      problems.push({ field: label, message: "duplicate field name" });
    } else {
      seen.add(f.name);
    }
    if (!FIELD_TYPES.includes(f.type as never)) {
      problems.push({ field: label, message: `unknown type ${JSON.stringify(f.type)}; expected one of ${FIELD_TYPES.join(", ")}` });
    }
    if (f.constraints !== undefined) {
      if (typeof f.constraints !== "object" || f.constraints === null || Array.isArray(f.constraints)) {
        problems.push({ field: label, message: "constraints must be an object" });
        return;
      }
      for (const [key, value] of Object.entries(f.constraints)) {
        // Own keys only: "__proto__" or "hasOwnProperty" must not find Object.prototype members.
        const check = Object.hasOwn(CONSTRAINT_TYPES, key) ? CONSTRAINT_TYPES[key] : undefined;
        if (!check) problems.push({ field: label, message: `unknown constraint "${key}"` });
        else if (value !== undefined && !check(value)) problems.push({ field: label, message: `constraint "${key}" has the wrong type` });
        else if ((key === "min" || key === "max") && value !== undefined) {
          const temporal = f.type === "date" || f.type === "datetime";
          if (temporal && (typeof value !== "string" || Number.isNaN(Date.parse(value)))) {
            problems.push({ field: label, message: `constraint "${key}" of a ${f.type} field must be an ISO 8601 date` });
          } else if (!temporal && typeof value !== "number") {
            problems.push({ field: label, message: `constraint "${key}" of a ${String(f.type)} field must be a number` });
          }
        }
      }
    }
  });
  return problems;
}

/** JSON Schema for one field of the list. */
export function compileField(field: FieldSpec): JsonSchemaObject {
  const c = field.constraints ?? {};
  let schema: JsonSchemaObject;
  switch (field.type) {
    case "string": schema = { type: "string" }; break;
    case "integer": schema = { type: "integer" }; break;
    case "float": schema = { type: "number" }; break;
    case "boolean": schema = { type: "boolean" }; break;
    case "date": schema = { type: "string", format: "date" }; break;
    case "datetime": schema = { type: "string", format: "date-time" }; break;
    case "email": schema = { type: "string", format: "email" }; break;
    case "uuid": schema = { type: "string", format: "uuid" }; break;
    case "phone": schema = { type: "string", "x-semantic": "phone" }; break;
    case "address": schema = { type: "string", "x-semantic": "address" }; break;
  }
  const numeric = field.type === "integer" || field.type === "float";
  const temporal = field.type === "date" || field.type === "datetime";
  if (c.min !== undefined) {
    if (numeric) schema.minimum = c.min;
    else if (temporal) schema.formatMinimum = c.min;
    else schema.minLength = c.min;
  }
  if (c.max !== undefined) {
    if (numeric) schema.maximum = c.max;
    else if (temporal) schema.formatMaximum = c.max;
    else schema.maxLength = c.max;
  }
  if (c.format !== undefined) schema.format = c.format;
  if (c.pattern !== undefined) schema.pattern = c.pattern;
  if (c.enum !== undefined) schema.enum = c.nullable ? [...c.enum, null] : c.enum;
  if (c.unique) schema["x-unique"] = true;
  if (c.nullable) schema.type = [schema.type as string, "null"];
  return schema;
}

/** JSON Schema 2020-12 for a field list: an object whose fields are all required (nullable ones may be null). */
export function compileFieldList(input: FieldListSchema): JsonSchemaObject {
  const properties: Record<string, JsonSchemaObject> = {};
  for (const field of input.fields) properties[field.name] = compileField(field);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties,
    required: input.fields.map((f) => f.name),
    additionalProperties: false,
  };
}

/** Either accepted form as JSON Schema (JSON Schema input is returned as it is). */
export function toJsonSchema(input: SchemaInput): JsonSchemaObject {
  return isFieldList(input) ? compileFieldList(input) : input;
}
