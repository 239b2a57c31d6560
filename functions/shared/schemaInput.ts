// The caller's schema (field list or JSON Schema) made usable by the engine, or a 400 naming its problems.
import { fieldListProblems, isFieldList, toJsonSchema } from "../engine/schema/fieldList";
import type { SchemaInput } from "../engine/schema/types";
import { RequestValidationError } from "./errors";

/** Checks the schema is usable and returns its JSON Schema form (field lists compiled). */
export function checkSchema(schema: SchemaInput, field = "schema"): SchemaInput {
  if (isFieldList(schema)) {
    const problems = fieldListProblems(schema);
    if (problems.length) {
      throw new RequestValidationError(
        `${field} has ${problems.length} problem(s): ${problems.slice(0, 5).map((p) => `${p.field}: ${p.message}`).join("; ")}`,
        { problems: problems.slice(0, 20) },
      );
    }
    return toJsonSchema(schema);
  }
  if (Object.keys(schema).length === 0) {
    throw new RequestValidationError(`${field} is empty: give a field list {"fields":[...]} or a JSON Schema object`);
  }
  return schema;
}

/** Fields declared anywhere in a JSON Schema (nested objects included): the cost of one row scales with it. */
export function schemaWidth(schema: unknown): number {
  let count = 0;
  const walk = (node: unknown, depth: number): void => {
    if (depth > 64 || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) {
      node.forEach((n) => walk(n, depth + 1));
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === "properties" && typeof value === "object" && value !== null) count += Object.keys(value).length;
      walk(value, depth + 1);
    }
  };
  walk(schema, 0);
  return Math.max(1, count);
}

/** SYNC_ROW_LIMIT is stated for records of this many fields; wider records get proportionally fewer rows. */
export const SYNC_REFERENCE_WIDTH = 10;

/** Largest volume of this schema generated inside the call. */
export function syncRowsFor(schema: unknown, syncRowLimit: number): number {
  return Math.floor((syncRowLimit * SYNC_REFERENCE_WIDTH) / Math.max(SYNC_REFERENCE_WIDTH, schemaWidth(schema)));
}
