// The check behind octokit.spec.ts, one component at a time (run in worker threads): GitHub's REST API
// description (@octokit/openapi, OpenAPI 3.0) converted by the schema front door's OpenAPI part,
// generated, and every row judged by an independent validator and by the product's own.
import { readFileSync } from "node:fs";
import { Validator } from "@cfworker/json-schema";
import { prepareGeneration } from "../../../functions/engine/generate";
import { openApiToJsonSchema } from "../../../functions/engine/schema/openapi";
import { escapePointer } from "../../../functions/engine/schema/refs";
import type { JsonSchemaObject } from "../../../functions/engine/schema/types";
import { compileValidator } from "../../../functions/engine/validate/compile";

/** The bundled (not dereferenced) description: components refer to each other with $ref. */
export const OCTOKIT_DOCUMENT = require.resolve("@octokit/openapi/generated/api.github.com.json");

/** Rows per component, all of them read for nulls: 200, or OCTOKIT_ROWS (fewer nullable fields are then judged). */
export const ROWS = Number(process.env.OCTOKIT_ROWS) > 0 ? Math.floor(Number(process.env.OCTOKIT_ROWS)) : 200;
/**
 * Rows of each component judged by both validators: the first 100 (the validators are two thirds of the
 * spec's time), or OCTOKIT_VALIDATED_ROWS (up to every row).
 */
export const VALIDATED_ROWS = Math.min(ROWS, Number(process.env.OCTOKIT_VALIDATED_ROWS) > 0 ? Math.floor(Number(process.env.OCTOKIT_VALIDATED_ROWS)) : 100);
/** A nullable field seen at least this often must be null at least once (0.9^100 ≈ 3e-5 at a 10% null share). */
export const MIN_OCCURRENCES_FOR_NULLS = 100;
/** How deep below the row the nullable fields are looked for (the generator leaves optional ones out from depth 4). */
const NULLABLE_DEPTH = 6;

export function loadOctokitDocument(): Record<string, unknown> {
  return JSON.parse(readFileSync(OCTOKIT_DOCUMENT, "utf8")) as Record<string, unknown>;
}

export function componentNames(doc: Record<string, unknown>): string[] {
  return Object.keys((doc.components as { schemas: Record<string, unknown> }).schemas);
}

export interface ComponentResult {
  name: string;
  /** The stage that threw, if any. */
  failedAt?: "convert" | "prepare" | "rows";
  error?: string;
  rows: number;
  /** Notes of the conversion, and those whose path is not a JSON Pointer into the document's components. */
  notes: number;
  notesOutside: string[];
  /** Rows the independent validator (@cfworker/json-schema) rejected, and the first one's errors. */
  independentInvalid: number;
  independentFirst?: string;
  /** Rows the product's validator (compileValidator) rejected, and the first one's errors. */
  productInvalid: number;
  productFirst?: string;
  /** The product's validator refused to compile the schema. */
  productRefused?: string;
  /** Nullable fields (data paths) seen often enough to judge, those of them with a null, and those without. */
  nullableJudged: number;
  nullableWithNull: number;
  nullableNeverNull: string[];
  /** Nullable fields declared but seen too rarely in the rows to judge. */
  nullableRare: number;
  ms: { convert: number; prepare: number; rows: number; validate: number };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Keywords that do not constrain a value (a declaration with only these does not exclude null). */
const ANNOTATIONS = new Set(["title", "description", "example", "examples", "default", "deprecated", "readOnly", "writeOnly", "externalDocs", "xml"]);

/**
 * The data paths (property names, "*" for array items) of the fields the document marks nullable in
 * component `name`: `nullable: true` on the property, or on the component its `$ref` names, and no
 * other declaration of the same field (another allOf member, as GitHub's "completed" webhooks narrow
 * `conclusion`) that excludes null. Followed through properties, items, allOf and $ref (not
 * oneOf/anyOf, whose branches are alternatives), each component at most once along a path.
 */
export function nullableFieldPaths(doc: Record<string, unknown>, name: string): string[][] {
  const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas;
  const prefix = "#/components/schemas/";
  const target = (s: Record<string, unknown>): [string, Record<string, unknown>] | undefined => {
    if (typeof s.$ref !== "string" || !s.$ref.startsWith(prefix)) return undefined;
    const n = decodeURIComponent(s.$ref.slice(prefix.length));
    return isObject(schemas[n]) ? [n, schemas[n] as Record<string, unknown>] : undefined;
  };
  const fields = new Map<string, { path: string[]; nullable: boolean; excluded: boolean }>();
  const walk = (s: unknown, path: string[], stack: ReadonlySet<string>): void => {
    if (!isObject(s) || path.length > NULLABLE_DEPTH) return;
    const ref = target(s);
    if (ref) {
      if (stack.has(ref[0])) return;
      walk(ref[1], path, new Set([...stack, ref[0]]));
    }
    if (Array.isArray(s.allOf)) for (const m of s.allOf) walk(m, path, stack);
    if (isObject(s.properties)) {
      for (const [key, p] of Object.entries(s.properties)) {
        if (!isObject(p)) continue;
        const at = [...path, key];
        const k = at.join("\u0000");
        const field = fields.get(k) ?? { path: at, nullable: false, excluded: false };
        fields.set(k, field);
        const declared = target(p)?.[1] ?? p;
        if (p.nullable === true || declared.nullable === true) field.nullable = true;
        else if (Object.keys(p).some((kw) => !ANNOTATIONS.has(kw) && !kw.startsWith("x-"))) field.excluded = true;
        walk(p, at, stack);
      }
    }
    if (isObject(s.items)) walk(s.items, [...path, "*"], stack);
  };
  walk(schemas[name], [], new Set([name]));
  return [...fields.values()].filter((f) => f.nullable && !f.excluded).map((f) => f.path);
}

/** How often the field at `path` is present in the rows, and how often it is null there. */
function occurrences(rows: unknown[], path: string[]): { present: number; nulls: number } {
  let present = 0, nulls = 0;
  const visit = (v: unknown, i: number): void => {
    if (i === path.length) {
      present++;
      if (v === null) nulls++;
      return;
    }
    if (path[i] === "*") {
      if (Array.isArray(v)) for (const e of v) visit(e, i + 1);
    } else if (isObject(v) && Object.hasOwn(v, path[i])) {
      visit(v[path[i]], i + 1);
    }
  };
  for (const r of rows) visit(r, 0);
  return { present, nulls };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Converts, generates and validates one component (see ComponentResult). */
export function checkComponent(doc: Record<string, unknown>, name: string, rowCount = ROWS): ComponentResult {
  const result: ComponentResult = {
    name, rows: 0, notes: 0, notesOutside: [], independentInvalid: 0, productInvalid: 0,
    nullableJudged: 0, nullableWithNull: 0, nullableNeverNull: [], nullableRare: 0,
    ms: { convert: 0, prepare: 0, rows: 0, validate: 0 },
  };
  let t = performance.now();
  const lap = (stage: keyof ComponentResult["ms"]) => {
    const now = performance.now();
    result.ms[stage] = Math.round(now - t);
    t = now;
  };
  let schema: JsonSchemaObject;
  try {
    const converted = openApiToJsonSchema(doc, name);
    schema = converted.schema;
    result.notes = converted.notes.length;
    result.notesOutside = converted.notes.filter((n) => !n.path.startsWith("/components/")).map((n) => `${n.path}: ${n.message}`);
  } catch (err) {
    return { ...result, failedAt: "convert", error: message(err) };
  }
  lap("convert");
  let plan: ReturnType<typeof prepareGeneration>;
  try {
    plan = prepareGeneration({ schema, rows: rowCount, seed: 1, format: "jsonl" });
  } catch (err) {
    return { ...result, failedAt: "prepare", error: message(err) };
  }
  lap("prepare");
  let rows: unknown[];
  try {
    rows = [...plan.rows()];
  } catch (err) {
    return { ...result, failedAt: "rows", error: message(err) };
  }
  result.rows = rows.length;
  lap("rows");

  const independent = new Validator(schema as never, "2020-12", false);
  let product: ReturnType<typeof compileValidator> | undefined;
  try {
    product = compileValidator(schema, { allErrors: false });
  } catch (err) {
    result.productRefused = message(err);
  }
  rows.slice(0, VALIDATED_ROWS).forEach((row, i) => {
    const verdict = independent.validate(row);
    if (!verdict.valid) {
      // The innermost errors say what failed; the outer ones only that a sub-schema did.
      if (result.independentInvalid++ === 0) result.independentFirst = `row ${i}: ${JSON.stringify(verdict.errors.slice(-4))}`;
    }
    if (product && !product(row)) {
      if (result.productInvalid++ === 0) result.productFirst = `row ${i}: ${JSON.stringify(product.errors)}`;
    }
  });
  for (const path of nullableFieldPaths(doc, name)) {
    const { present, nulls } = occurrences(rows, path);
    if (present < MIN_OCCURRENCES_FOR_NULLS) { result.nullableRare++; continue; }
    result.nullableJudged++;
    if (nulls > 0) result.nullableWithNull++;
    else result.nullableNeverNull.push("/" + path.map(escapePointer).join("/"));
  }
  lap("validate");
  return result;
}
