// The generator engine's public API: compile a schema once into a plan, then stream reproducible rows
// (or the bytes of an output format) from it.
import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";
import { normaliseSchema, SchemaInputError } from "../schema";
import { escapePointer, RefResolver } from "../schema/refs";
import {
  COMPLIANCE_REGIMES, type ComplianceRegime, type JsonSchemaObject, OUTPUT_FORMATS, type OutputFormat, type Row,
  type SchemaInput,
} from "../schema/types";
import { GenContext, OPTIONAL_VALUES_PER_ROW } from "./context";
import { GenerationFailure, type Node, PlanCompiler, type SchemaProblem } from "./compile";
import { loadLocale, type LocaleData, UnknownLocaleError } from "./locale";
import { hashSeed, Rng, shardSeed } from "./prng";
import { type ReferenceProfile, referenceSampler } from "./reference";

type RowValidator = (row: unknown) => boolean;

export { GenerationFailure, type SchemaProblem, UNKNOWN_MEANING } from "./compile";
export { REFERENCE_DATE } from "./context";
export { learnReference, type ReferenceProfile } from "./reference";
export { keyedPermutation, MAX_PERMUTED_SPACE, uniqueIntegers, uniqueUuids } from "./uniqueIndex";

/** Engine version recorded in metadata: same schema, seed, rows and version give the same bytes. */
export const ENGINE_VERSION = "1.8.1";

export interface GenerationOptions {
  schema: SchemaInput;
  /** Rows of the whole data set (a shard generates its own slice of them). */
  rows: number;
  seed?: number | string;
  format: OutputFormat;
  /** faker locale code (en, en_US, de, fr, ...). @default "en" */
  locale?: string;
  compliance?: ComplianceRegime[];
  shard?: { index: number; count: number };
  reference?: ReferenceProfile;
}

/** Everything that stops a schema or option set from being honoured, found before any row is generated. */
export class UnsupportedSchemaError extends Error {
  override readonly name = "UnsupportedSchemaError";
  constructor(readonly problems: SchemaProblem[]) {
    super(`the schema cannot be generated: ${problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join("; ")}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""}`);
  }
}

export interface GenerationPlan {
  /** The JSON Schema the rows satisfy (field lists compiled). */
  readonly schema: JsonSchemaObject;
  /** The seed used (generated when none was given). */
  readonly seed: string;
  /** Rows this plan (or shard) produces and the index of its first row in the whole data set. */
  readonly rowCount: number;
  readonly firstRow: number;
  /** The rows; each call starts over and yields the same rows. */
  rows(): Iterable<Row>;
  /** Remarks that did not stop the plan, e.g. an optional property that cannot be generated and is left out of every row. */
  readonly warnings: SchemaProblem[];
  /** The meaning chosen per field path ("/shipping_address/line1": "street line", "/sha": "commit SHA"). */
  readonly meanings: Readonly<Record<string, string>>;
}

/**
 * The product's own validator (functions/engine/validate/compile.ts, first-error mode, cached by schema):
 * rows that need a whole-row check are checked by the same rules the data set is later validated by.
 * Loaded only when a schema needs it, so simple schemas start fast.
 */
function productValidator(schema: JsonSchemaObject): RowValidator {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compileValidator } = require("../validate/compile") as typeof import("../validate/compile");
  const validate = compileValidator(schema, { allErrors: false });
  return (row) => validate(row);
}

const ROW_RETRIES = 200;
const PROBE_ROWS = 20;

function optionProblems(opts: GenerationOptions): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (!Number.isSafeInteger(opts.rows) || opts.rows < 0) problems.push({ path: "rows", message: "rows must be a non-negative integer" });
  if (!OUTPUT_FORMATS.includes(opts.format)) problems.push({ path: "format", message: `format must be one of ${OUTPUT_FORMATS.join(", ")}` });
  if (opts.seed !== undefined && typeof opts.seed !== "string" && !(typeof opts.seed === "number" && Number.isFinite(opts.seed))) {
    problems.push({ path: "seed", message: "seed must be a string or a finite number" });
  }
  for (const c of opts.compliance ?? []) {
    if (!COMPLIANCE_REGIMES.includes(c)) problems.push({ path: "compliance", message: `unknown compliance regime "${c}"` });
  }
  const s = opts.shard;
  if (s && !(Number.isSafeInteger(s.count) && s.count >= 1 && Number.isSafeInteger(s.index) && s.index >= 0 && s.index < s.count)) {
    problems.push({ path: "shard", message: "shard must be {index, count} with 0 <= index < count" });
  }
  return problems;
}

/** The input through the schema front door (JSON Schema 2020-12), or what stops it being read. */
function schemaOf(input: SchemaInput): JsonSchemaObject | SchemaProblem[] {
  try {
    return normaliseSchema(input).schema;
  } catch (err) {
    if (!(err instanceof SchemaInputError)) throw err;
    return err.problems.map((p) => ({ path: p.path || "/", message: p.message }));
  }
}

interface Compiled {
  schema: JsonSchemaObject;
  root: Node;
  /** Draws the reference profile's columns into a generated row. */
  fromReference?: (row: Row, rng: Rng) => void;
  validate?: RowValidator;
  locale: LocaleData;
  compliance: boolean;
}

/** Produces `count` rows from `compiled`, row-checking when the schema needs it. */
function* generateRows(compiled: Compiled, seed: string, count: number, firstRow = 0, datasetKey = seed): Generator<Row> {
  const ctx = new GenContext(new Rng(seed), compiled.locale, compiled.compliance, hashSeed(seed + "/faker")[0]);
  ctx.datasetKey = datasetKey;
  const { validate, fromReference } = compiled;
  const root = fromReference
    ? { gen: (c: GenContext) => { const row = compiled.root.gen(c) as Row; fromReference(row, c.rng); return row; } }
    : compiled.root;
  for (let i = 0; i < count; i++) {
    ctx.rowIndex = firstRow + i;
    let row: unknown;
    if (!validate) {
      // A value that could not be met this time (a source valid only now and then) gets the row drawn again.
      for (let attempt = 0; ; attempt++) {
        ctx.optionalLeft = OPTIONAL_VALUES_PER_ROW;
        try {
          row = root.gen(ctx);
          break;
        } catch (err) {
          if (!(err instanceof GenerationFailure) || attempt === ROW_RETRIES - 1) throw err;
        }
      }
      yield row as Row;
      continue;
    }
    let ok = false;
    for (let attempt = 0; attempt < ROW_RETRIES && !ok; attempt++) {
      ctx.explore = attempt >= ROW_RETRIES / 4;
      ctx.optionalLeft = OPTIONAL_VALUES_PER_ROW;
      try {
        row = root.gen(ctx);
        ok = validate(row);
      } catch (err) {
        if (!(err instanceof GenerationFailure) || attempt === ROW_RETRIES - 1) throw err;
      }
    }
    ctx.explore = false;
    if (!ok) throw new GenerationFailure("/", `no valid row found in ${ROW_RETRIES} attempts; the schema is too tight to sample`);
    yield row as Row;
  }
}

/**
 * Compiles the schema once into a plan. Throws UnsupportedSchemaError (with every problem found) when the
 * schema or the options cannot be honoured, before generating anything.
 */
export function prepareGeneration(opts: GenerationOptions): GenerationPlan {
  const key = jobKey(opts);
  if (key !== undefined && lastJob?.key === key) {
    const shardProblems = optionProblems(opts);
    if (shardProblems.length) throw new UnsupportedSchemaError(shardProblems);
    return shardPlan(lastJob, opts);
  }
  const problems = optionProblems(opts);
  const schemaOrProblems = schemaOf(opts.schema);
  if (Array.isArray(schemaOrProblems)) throw new UnsupportedSchemaError([...problems, ...schemaOrProblems]);
  const schema = schemaOrProblems;
  let locale: LocaleData | undefined;
  try {
    locale = loadLocale(opts.locale);
  } catch (err) {
    if (!(err instanceof UnknownLocaleError)) throw err;
    problems.push({ path: "locale", message: err.message });
  }
  const resolver = new RefResolver(schema);
  const dangling = resolver.unresolved();
  if (dangling.length) {
    throw new UnsupportedSchemaError([...problems, ...dangling.map((m) => ({
      path: m.pointer || "/", message: `$ref "${m.ref}" does not resolve inside the schema (remote references are not fetched)`,
    }))]);
  }
  const compiler = new PlanCompiler(resolver, { locale, compliance: Boolean(opts.compliance?.length), rows: opts.rows });
  let root: Node | undefined;
  try {
    root = compiler.compileRoot();
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    problems.push({ path: "/", message: "the schema is nested too deeply to compile" });
  }
  problems.push(...compiler.problems);
  if (root?.never) problems.push({ path: "/", message: "no value can satisfy the schema" });
  let validate: RowValidator | undefined;
  if (compiler.rowCheckNeeded && problems.length === 0) {
    try {
      validate = productValidator(schema);
    } catch (err) {
      problems.push({ path: "/", message: `the schema cannot be compiled for checking: ${(err as Error).message}` });
    }
  }
  if (problems.length || !root || !locale) throw new UnsupportedSchemaError(dedupe(problems));

  const compiled: Compiled = { schema, root, validate, locale, compliance: Boolean(opts.compliance?.length) };
  if (opts.reference !== undefined) {
    const profile = opts.reference as Partial<ReferenceProfile> | null;
    if (!profile || profile.version !== 1 || typeof profile.columns !== "object" || !Array.isArray(profile.rowHashes)) {
      throw new UnsupportedSchemaError([{ path: "reference", message: "reference must be a profile made by learnReference (version 1)" }]);
    }
    const nodes = new Map<string, Node | undefined>();
    const nodeOf = (c: string) => {
      if (!nodes.has(c)) nodes.set(c, compiler.topLevelNode(c));
      return nodes.get(c);
    };
    // A learned value replaces the generated one only when the column's full schema (formats and
    // all) accepts it; a column whose schema cannot be checked on its own keeps generated values.
    const checks = new Map<string, RowValidator | undefined>();
    const columnCheck = (c: string): RowValidator | undefined => {
      if (!checks.has(c)) {
        const property = (schema.properties as Record<string, unknown> | undefined)?.[c];
        let check: RowValidator | undefined;
        try {
          check = typeof property === "object" && property !== null
            ? productValidator({ ...(property as JsonSchemaObject), ...(schema.$defs ? { $defs: schema.$defs } : {}) })
            : undefined;
        } catch {
          check = undefined;
        }
        checks.set(c, check);
      }
      return checks.get(c);
    };
    compiled.fromReference = referenceSampler(
      profile as ReferenceProfile,
      (c, v) => (nodeOf(c)?.accepts(v) ?? false) && (columnCheck(c)?.(v) ?? false),
      (c) => nodeOf(c) !== undefined,
    );
  }
  // A short probe run finds schemas that compile but cannot be sampled (contradictions the compiler
  // cannot see statically), so they are reported now rather than in the middle of a large job.
  const probeRows: Row[] = [];
  try {
    for (const row of generateRows(compiled, "probe", Math.min(PROBE_ROWS, Math.max(opts.rows, 1)))) probeRows.push(row);
  } catch (err) {
    if (err instanceof GenerationFailure) throw new UnsupportedSchemaError([{ path: err.path || "/", message: err.message }]);
    if (err instanceof RangeError) throw new UnsupportedSchemaError([{ path: "/", message: "the schema recurses too deeply to generate" }]);
    throw err;
  }
  // A table holds only the columns the schema declares: a schema whose rows need more (a required property
  // declared nowhere) would be written invalid, so it is refused for that format now.
  const lost = lostColumn(opts.format, schema, probeRows);
  if (lost) {
    throw new UnsupportedSchemaError([{
      path: "/" + lost.map(escapePointer).join("/"),
      message: `${opts.format} output holds only the properties the schema declares (at its top level, with allOf and $ref), and rows of this schema need "${lost.join(".")}", which is not one of them: declare it there, or choose json or jsonl`,
    }]);
  }

  const job: CompiledJob = { key, compiled, warnings: dedupe(compiler.warnings), meanings: compiler.meanings };
  if (key !== undefined) lastJob = job;
  return shardPlan(job, opts);
}

interface CompiledJob {
  key: string | undefined;
  compiled: Compiled;
  warnings: SchemaProblem[];
  meanings: Readonly<Record<string, string>>;
}

/**
 * The compiled plan of the last sharded job on this thread, for its next shard: a shard changes only the
 * seed its rows are drawn from and where they start, so the shards after the first skip the compiler and
 * the probe, and keep the first one's optimised code (its closures stay the same functions). Keyed by
 * everything else that decides the plan, the job's seed included (the x-unique deals a plan keeps are per
 * data set); one job is kept.
 */
let lastJob: CompiledJob | undefined;

function jobKey(opts: GenerationOptions): string | undefined {
  if (!opts.shard || opts.reference !== undefined || opts.seed === undefined) return undefined;
  try {
    return JSON.stringify([opts.schema, opts.rows, String(opts.seed), opts.format, opts.locale ?? null, opts.compliance ?? []]);
  } catch {
    return undefined; // a schema JSON cannot hold is compiled every time
  }
}

/** The plan of one shard (or of the whole job) over a compiled job. */
function shardPlan(job: CompiledJob, opts: GenerationOptions): GenerationPlan {
  const { compiled } = job;
  const seed = opts.seed === undefined ? randomBytes(8).toString("hex") : String(opts.seed);
  const shard = opts.shard && opts.shard.count > 1 ? opts.shard : undefined;
  const perShard = shard ? Math.ceil(opts.rows / shard.count) : opts.rows;
  const firstRow = shard ? Math.min(opts.rows, shard.index * perShard) : 0;
  const rowCount = shard ? Math.min(opts.rows, firstRow + perShard) - firstRow : opts.rows;
  const runSeed = shard ? shardSeed(seed, shard.index) : seed;
  return {
    schema: compiled.schema, seed, rowCount, firstRow, warnings: [...job.warnings], meanings: job.meanings,
    rows: () => generateRows(compiled, runSeed, rowCount, firstRow, seed),
  };
}

/**
 * The path of a value a tabular file would drop (CSV, Parquet: declared properties as dotted columns; SQL:
 * declared top-level properties) when the row without it is no longer valid, or undefined. A dropped
 * optional value leaves a valid row; schemas that declare no properties take their columns from the first
 * row and are not judged here.
 */
function lostColumn(format: OutputFormat, schema: JsonSchemaObject, rows: Row[]): string[] | undefined {
  if (format !== "csv" && format !== "parquet" && format !== "sql") return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { fieldTree } = require("../io/columns") as typeof import("../io/columns");
  const tree = fieldTree(schema);
  if (tree.length === 0) return undefined;
  const flatten = format !== "sql";
  type Tree = ReturnType<typeof fieldTree>;
  /** The value as the table holds it, and the paths it drops. */
  const held = (value: Record<string, unknown>, nodes: Tree, path: string[], lost: string[][]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const node = nodes.find((n) => n.key === key);
      const v = value[key];
      if (!node) { lost.push([...path, key]); continue; }
      let kept = v;
      if (flatten && node.kind === "object" && node.children?.length && v !== null && v !== undefined) {
        if (typeof v !== "object" || Array.isArray(v)) { lost.push([...path, key]); continue; }
        kept = held(v as Record<string, unknown>, node.children, [...path, key], lost);
      }
      Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  let validate: RowValidator | undefined;
  for (const row of rows) {
    const lost: string[][] = [];
    const kept = held(row, tree, [], lost);
    if (lost.length === 0) continue;
    validate ??= productValidator(schema);
    if (!validate(kept)) return lost[0];
  }
  return undefined;
}

function dedupe(problems: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = p.path + "\u0000" + p.message;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The bytes of the requested format for the plan's rows, streamed (memory does not grow with rows). */
export function generateToStream(opts: GenerationOptions): Readable {
  const plan = prepareGeneration(opts);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const io = require("../io") as typeof import("../io");
  return io.writeRows(opts.format, plan.schema, plan.rows());
}
