// A data set of several tables in a request (`dataset`: a PostgreSQL DDL script or a data-set document as
// JSON text), read and checked the same way by validateSchema and generateSyntheticData: the tables parse,
// every reference's key types match, no tables reference each other in a cycle, the cardinalities can be
// met at the asked row counts, and every unique column's space holds its table's rows. The engine's own
// plan (prepareDataset) finds the first four; the single-table validator, run on each table at its planned
// row count, the last.
import type { ComplianceRegime } from "../engine/schema/types";
import type { DataSet, DatasetProblem } from "../engine/dataset/model";
import { RequestValidationError } from "./errors";
import { splitFindings, type SchemaFinding } from "./engine";

type DatasetModule = typeof import("../engine/dataset");
/** The data-set engine (and the PostgreSQL parser under it) is loaded only by a request that has a data set. */
const engine = (): DatasetModule => require("../engine/dataset") as DatasetModule; // eslint-disable-line @typescript-eslint/no-require-imports

/** A data-set finding in validateSchema's shape: `field` names the table, column or relationship. */
export interface DatasetFinding { field: string; rule: string; severity: "error" | "warning"; message: string }

export interface DatasetCheck {
  dataset: DataSet;
  /** Rows of each whole table at the asked volume (the root tables' row count). */
  counts: Record<string, number>;
  total: number;
  errors: DatasetFinding[];
  warnings: DatasetFinding[];
}

const finding = (rule: string, severity: "error" | "warning") => (p: DatasetProblem): DatasetFinding =>
  ({ field: `dataset: ${p.at}`, rule, severity, message: p.message });

/**
 * Reads the request's `dataset` text into a DataSet. Text that is neither DDL nor a data-set document, or
 * DDL PostgreSQL's parser refuses, is a 400 naming the problem; so is a data set whose tables cannot be
 * built (a reference to no table, key types that differ, a cycle): each problem in `details.problems`.
 */
export async function readDatasetInput(text: string): Promise<DataSet> {
  const dataset = engine();
  let parsed: unknown;
  if (!dataset.looksLikeDdl(text)) {
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new RequestValidationError(`dataset is neither a PostgreSQL DDL script (CREATE TABLE ...) nor a data-set document as JSON text: ${(err as Error).message}`, { field: "dataset" });
    }
    if (!dataset.isDatasetDocument(parsed)) {
      throw new RequestValidationError("dataset: a data-set document is {\"tables\":{\"<name>\":{\"schema\":{...}},...},\"relationships\":[...]}; "
        + "every table needs a schema (a single record structure goes in schema instead)", { field: "dataset" });
    }
  }
  try {
    const set = await dataset.readDataset(text, parsed);
    if (!set) throw new RequestValidationError("dataset holds no table", { field: "dataset" });
    return set;
  } catch (err) {
    if (err instanceof dataset.DatasetError) {
      throw new RequestValidationError(`dataset: ${err.message}`, { field: "dataset", problems: err.problems.slice(0, 20) });
    }
    throw err;
  }
}

/**
 * Plans the data set at `volume` root rows without making a row: its problems (cardinalities that cannot be
 * met, key spaces too small, CHECKs the engine cannot honour) become errors, and every table's schema is
 * checked by the single-table validator at the table's own row count (a UNIQUE column with too few
 * values). `maxVolume` bounds the rows of all tables together.
 */
export function checkDataset(set: DataSet, options: { volume: number; maxVolume: number; compliance?: ComplianceRegime[]; seed?: number }): DatasetCheck {
  const dataset = engine();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validateSchema } = require("../engine/validate") as typeof import("../engine/validate");
  const errors: DatasetFinding[] = [];
  const warnings: DatasetFinding[] = set.notes.map((n) => ({ field: `dataset: ${n.at}`, rule: "dataset-note", severity: "warning", message: n.message }));
  let counts: Record<string, number> = {};
  // The plan allocates per row of every table: a request far beyond the ceiling is refused from the means
  // alone (tables come in dependency order, so a parent's estimate is known before its children's).
  const estimate = new Map<string, number>();
  for (const t of set.tables) {
    const sizing = set.relationships.find((r) => r.child === t.name && r.drives);
    estimate.set(t.name, sizing ? (estimate.get(sizing.parent) ?? 0) * dataset.meanOf(sizing.cardinality) : t.rows ?? options.volume);
  }
  const estimated = [...estimate.values()].reduce((a, n) => a + n, 0);
  if (estimated > 4 * options.maxVolume) {
    errors.push({
      field: "volume", rule: "max-volume", severity: "error",
      message: `${options.volume} root rows make about ${Math.round(estimated)} rows in all (${[...estimate].map(([t, n]) => `${t} ~${Math.round(n)}`).join(", ")}), above this stack's ceiling of ${options.maxVolume}`,
    });
    return { dataset: set, counts: Object.fromEntries([...estimate].map(([t, n]) => [t, Math.round(n)])), total: Math.round(estimated), errors, warnings };
  }
  try {
    // Under the job's seed (when there is one) the counts are the job's own: its shard layout is cut from them.
    counts = dataset.prepareDataset(set, { rows: options.volume, seed: options.seed ?? 0, ...(options.compliance?.length ? { compliance: options.compliance } : {}) }).counts;
  } catch (err) {
    if (!(err instanceof dataset.DatasetError)) throw err;
    errors.push(...err.problems.map(finding("dataset", "error")));
  }
  const total = Object.values(counts).reduce((a, n) => a + n, 0);
  if (total > options.maxVolume) {
    errors.push({
      field: "volume", rule: "max-volume", severity: "error",
      message: `${options.volume} root rows make ${total} rows in all (${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(", ")}), above this stack's ceiling of ${options.maxVolume}`,
    });
  }
  for (const table of set.tables) {
    const rows = counts[table.name];
    if (!rows) continue;
    const result = validateSchema({ schema: table.schema, volume: rows, ...(options.compliance?.length ? { compliance_requirements: options.compliance } : {}) }) as unknown as { errors?: SchemaFinding[] };
    const split = splitFindings(result.errors ?? []);
    // Key columns are numbered by the data-set engine (its own check above), not drawn: only other columns count.
    const keyColumns = new Set([...table.primaryKey, ...set.relationships.filter((r) => r.child === table.name).flatMap((r) => r.columns)]);
    const at = (f: SchemaFinding) => `${table.name}${f.field && f.field !== "$" ? `.${f.field.replace(/^\$?\.?/, "")}` : ""}`;
    for (const f of split.errors) {
      if (f.field && keyColumns.has(f.field.replace(/^\$?\.?/, ""))) continue;
      errors.push({ field: `dataset: ${at(f)}`, rule: f.rule ?? "schema", severity: "error", message: `${f.message ?? "invalid"} (${rows} rows planned)` });
    }
    for (const f of split.warnings.slice(0, 5)) warnings.push({ field: `dataset: ${at(f)}`, rule: f.rule ?? "schema", severity: "warning", message: f.message ?? "" });
  }
  return { dataset: set, counts, total, errors, warnings };
}

/** Exactly one of schema and dataset: a 400 naming both when the request has neither or both. */
export function assertOneInput(args: { schema?: unknown; dataset?: unknown; component?: unknown }): "schema" | "dataset" {
  if (args.schema !== undefined && args.dataset !== undefined) throw new RequestValidationError("send either schema (one record structure) or dataset (several tables), not both", { field: "dataset" });
  if (args.schema === undefined && args.dataset === undefined) throw new RequestValidationError("schema is required (one record structure), or instead dataset (several related tables)", { field: "schema" });
  if (args.dataset !== undefined && args.component !== undefined) throw new RequestValidationError("component picks a schema out of a document; it does not apply to dataset", { field: "component" });
  return args.dataset !== undefined ? "dataset" : "schema";
}
