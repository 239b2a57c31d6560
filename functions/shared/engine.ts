// How the functions read the data engine's answers: engine errors about the caller's input become 4xx, and
// schema-validation findings are split into blocking errors and warnings.
import { RequestValidationError } from "./errors";

/** Engine errors that mean "the caller's schema or data is not usable" rather than "we failed". */
const INPUT_ERROR_NAMES = new Set([
  "UnsupportedSchemaError", "SchemaCompileError", "SchemaLimitError", "UnsupportedPatternError",
  "DataFormatError", "DataReadError", "UnencodableValueError", "RefResolutionError", "GenerationFailure",
  "MetricsInputError", "UnsupportedFormatError", "InputTooLargeError", "SchemaInputError",
]);

/** Converts an engine error about the caller's input into a RequestValidationError; rethrows anything else. */
export function asInputError(err: unknown, what: string): never {
  const e = err as { name?: string; message?: string; problems?: unknown };
  if (err instanceof RangeError && /call stack/i.test(String(e.message))) {
    throw new RequestValidationError(`${what} is too deeply nested or has a $ref cycle that cannot be expanded`);
  }
  if (e && typeof e.name === "string" && INPUT_ERROR_NAMES.has(e.name)) {
    const problems = Array.isArray(e.problems) ? e.problems.slice(0, 20) : undefined;
    throw new RequestValidationError(`${what}: ${e.message ?? e.name}`, problems ? { problems } : undefined);
  }
  throw err;
}

export type SchemaFinding = { field?: string; rule?: string; message?: string; severity?: string };

/** Splits validateSchema findings into blocking errors and warnings. */
export function splitFindings(findings: SchemaFinding[]): { errors: SchemaFinding[]; warnings: SchemaFinding[] } {
  return {
    errors: findings.filter((f) => f.severity !== "warning"),
    warnings: findings.filter((f) => f.severity === "warning"),
  };
}
