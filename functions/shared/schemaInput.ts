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
