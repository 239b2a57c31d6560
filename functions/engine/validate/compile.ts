// One way to build validators for the whole engine: ajv's draft 2020-12 class with the options the
// design's traps call for, the pattern engine of schema/patterns.ts, the formats the generator emits, and
// a cache so a schema is compiled once however many rows or requests use it.
import { schemaDigest } from "../schema/digest";
import Ajv2020 from "ajv/dist/2020";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { JsonSchemaObject } from "../schema/types";
import { SchemaCompileError, SchemaLimitError, type SchemaProblem } from "./errors";
import { schemaLimitProblems } from "./limits";
import { patternRegExpEngine, UnsupportedPatternError } from "./regex";
import { useDecimalMultipleOf } from "../schema/multipleOf";

/** Annotation keywords the schema compiler and generator use; validators accept and ignore them. */
export const ANNOTATION_KEYWORDS = ["x-semantic", "x-unique", "x-faker", "x-generator", "x-distribution", "x-sensitive", "x-storage-range"] as const;

/** Digits of tolerance where bounds meet a `multipleOf` step (the satisfiability check's ranges of multiples). */
export const MULTIPLE_OF_PRECISION = 9;

export interface CompileOptions {
  /** Report every error of a value (data validation) or stop at the first (fast path). Default true. */
  allErrors?: boolean;
}

/** A new ajv instance with the engine's options. Instances are independent (schemas with the same `$id` do not clash). */
export function createAjv(options: CompileOptions = {}): Ajv2020 {
  const ajv = new Ajv2020({
    // strict mode throws on valid schemas (strictTypes, strictRequired): the meta-schema check is ours.
    strict: false,
    allErrors: options.allErrors ?? true,
    code: { regExp: patternRegExpEngine },
    // No loadSchema: a remote $ref is never fetched, it fails to compile.
    logger: false,
    // `required: ["toString"]` must not be met by an inherited property.
    ownProperties: true,
    validateFormats: true,
  });
  // All of ajv-formats' formats (date, date-time, time, duration, email, uuid, uri, hostname, ipv4,
  // ipv6, ...) in full mode, plus its formatMinimum/formatMaximum keywords used for date bounds.
  addFormats(ajv, { mode: "full", keywords: true });
  ajv.addVocabulary([...ANNOTATION_KEYWORDS]);
  useDecimalMultipleOf(ajv);
  return ajv;
}

export { schemaDigest };

export interface CompiledValidator {
  /** True when the value is valid; on false, `errors` holds the reasons (all of them when compiled with allErrors). */
  (value: unknown): boolean;
  errors: ErrorObject[] | null | undefined;
  digest: string;
}

const cache = new Map<string, CompiledValidator>();
const MAX_CACHED_VALIDATORS = 64;

/**
 * A validator for a JSON Schema 2020-12 object, compiled once per schema (by digest) and cached.
 * Throws SchemaCompileError (or SchemaLimitError) with problems naming the field and rule when the
 * schema cannot be compiled: over the limits, unresolved or remote `$ref`, a `$ref` loop that overflows
 * the stack, a pattern the pattern engine refuses (schema/patterns.ts).
 * A validator that meets a `$ref` loop while validating reports the value invalid with keyword `$ref`.
 */
export function compileValidator(schema: JsonSchemaObject, options: CompileOptions = {}): CompiledValidator {
  const allErrors = options.allErrors ?? true;
  let digest: string;
  try {
    digest = schemaDigest(schema);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    // Nested far beyond the depth limit: report it as the limit it breaks.
    const problem = { field: "$", rule: "max-schema-depth", message: "the schema nests too deeply to be read" };
    throw new SchemaLimitError(problem.message, [problem]);
  }
  const key = `${allErrors ? "all" : "first"}:${digest}`;
  const hit = cache.get(key);
  if (hit) {
    // Refresh its place in the LRU order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const limitProblems = schemaLimitProblems(schema);
  if (limitProblems.length > 0) throw new SchemaLimitError(limitProblems[0].message, limitProblems);
  const validate = compileWithAjv(schema, allErrors);
  const compiled = guardStack(validate, digest);
  if (cache.size >= MAX_CACHED_VALIDATORS) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}

// Building an ajv instance (formats, meta-schemas) costs ~50 ms, compiling a schema ~1 ms: one shared
// instance per mode compiles everything, and forgets each schema once compiled, so schemas that reuse
// an `$id` never clash and the instance does not grow. Compilation is synchronous, so nothing interleaves.
const sharedAjv = new Map<boolean, { ajv: Ajv2020; baseRefs: Set<string>; baseSchemas: Set<string> }>();

function compileWithAjv(schema: JsonSchemaObject, allErrors: boolean): ValidateFunction {
  let shared = sharedAjv.get(allErrors);
  if (!shared) {
    const ajv = createAjv({ allErrors });
    shared = { ajv, baseRefs: new Set(Object.keys(ajv.refs)), baseSchemas: new Set(Object.keys(ajv.schemas)) };
    sharedAjv.set(allErrors, shared);
  }
  const { ajv, baseRefs, baseSchemas } = shared;
  try {
    return ajv.compile(schema);
  } catch (err) {
    throw toCompileError(err);
  } finally {
    if (typeof schema === "object" && schema !== null) ajv.removeSchema(schema);
    for (const id of Object.keys(ajv.refs)) if (!baseRefs.has(id)) delete ajv.refs[id];
    for (const id of Object.keys(ajv.schemas)) if (!baseSchemas.has(id)) delete ajv.schemas[id];
  }
}

/** A SchemaCompileError for whatever ajv (or the regex engine) threw while compiling. */
export function toCompileError(err: unknown): SchemaCompileError {
  if (err instanceof SchemaCompileError) return err;
  if (err instanceof UnsupportedPatternError) {
    return new SchemaCompileError(err.message, [{ field: "$", rule: err.rule, message: err.message }]);
  }
  if (err instanceof RangeError) {
    const message = "the compiler ran out of stack on the schema: a loop of $refs, a $ref next to an $id in the same sub-schema (move the $ref into an allOf branch), or objects reached through $refs whose properties, checked one inside the other, add up to too many along one path";
    return new SchemaCompileError(message, [{ field: "$", rule: "$ref-cycle", message }]);
  }
  const e = err as Error & { missingRef?: string; missingSchema?: string };
  if (e && typeof e.missingRef === "string") {
    const message = `$ref ${JSON.stringify(e.missingRef)} does not resolve inside the schema (remote references are never fetched)`;
    return new SchemaCompileError(message, [{ field: "$", rule: "$ref-resolves", message }]);
  }
  const message = `the schema cannot be compiled: ${e?.message ?? String(err)}`;
  return new SchemaCompileError(message, [{ field: "$", rule: "compiles", message }]);
}

/** Wraps a compiled function so a `$ref` loop met while validating is an invalid value, not a crash. */
function guardStack(validate: ValidateFunction, digest: string): CompiledValidator {
  const guarded = ((value: unknown): boolean => {
    try {
      const ok = validate(value) as boolean;
      guarded.errors = validate.errors;
      return ok;
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      guarded.errors = [{
        instancePath: "", schemaPath: "#", keyword: "$ref", params: {},
        message: "the schema's $ref chain loops without end on this value",
      }];
      return false;
    }
  }) as CompiledValidator;
  guarded.errors = null;
  guarded.digest = digest;
  return guarded;
}

