// The report of a data set of several tables: the data-set checks (datasetQuality: keys, references,
// cardinalities, parent rules and, with a reference, SDMetrics' multi-table metrics) beside one
// single-table quality report per table (the metrics engine's, the same a data file gets). Rows arrive one
// at a time (`add`), from a generator or from files read back: each table's summary is streaming and bounded;
// what datasetQuality needs of a row (its keys and rule columns, or with a reference the whole row, for the
// parent-child column pairs) is kept. Shards measured apart (the generation pipeline's steps) keep each
// table's summary as a snapshot, merged into the tables' reports as single-table shard summaries are.
import { DatasetSummary, type SummarySnapshot } from "../metrics/summary";
import { qualityReport, schemaValidator } from "../metrics/quality";
import type { QualityReport } from "../metrics/types";
import type { Row, SchemaInput } from "../schema/types";
import type { DatasetPlan } from "./generate";
import type { DataSet } from "./model";
import { datasetQuality, type DatasetQualityReport, type DatasetShape, type Tables } from "./quality";

export interface DatasetReport extends DatasetQualityReport {
  /** Each table's single-table quality report (with fidelity to the reference's table when there is one). */
  table_reports: Record<string, QualityReport>;
}

export interface DatasetMeasurementOptions {
  /** Keep whole rows: the parent-child column pairs (measured against a reference) read every column. */
  wholeRows?: boolean;
  /** Count rows the table's schema rejects (the data measured); a reference is not validated. @default true */
  validate?: boolean;
  /** Seed of the summaries' samples (same rows and seed, same report). */
  seed?: number;
  /** Each table's report only (the data-set checks are made elsewhere, from rows kept there): no row is kept. */
  tablesOnly?: boolean;
}

/** The columns datasetQuality reads of each table: keys, UNIQUE sets, references and parent-rule columns. */
export function qualityColumnsOf(shape: DatasetShape): Map<string, string[]> {
  const out = new Map<string, Set<string>>(shape.tables.map((t) => [t.name, new Set([...t.primaryKey, ...(t.unique ?? []).flat()])]));
  for (const r of shape.relationships) {
    r.columns.forEach((c) => out.get(r.child)?.add(c));
    r.parentColumns.forEach((c) => out.get(r.parent)?.add(c));
  }
  for (const rule of shape.parentRules) {
    const r = shape.relationships.find((x) => x.name === rule.relationship);
    if (!r) continue;
    out.get(r.child)?.add(rule.column);
    out.get(r.parent)?.add(rule.parentColumn);
  }
  return new Map([...out].map(([t, s]) => [t, [...s]]));
}

export class DatasetMeasurement {
  readonly tables: Tables;
  private readonly summaries = new Map<string, DatasetSummary>();
  private readonly kept: Map<string, string[]> | undefined;
  private readonly keepRows: boolean;

  constructor(readonly shape: DatasetShape, schemas: Record<string, SchemaInput>, options: DatasetMeasurementOptions = {}) {
    this.tables = Object.fromEntries(shape.tables.map((t) => [t.name, []]));
    this.kept = options.wholeRows ? undefined : qualityColumnsOf(shape);
    this.keepRows = !options.tablesOnly;
    for (const t of shape.tables) {
      const schema = schemas[t.name];
      if (!schema) throw new Error(`no schema for table ${t.name}`);
      this.summaries.set(t.name, new DatasetSummary({
        schema, ...(options.validate === false ? {} : { validator: schemaValidator(schema) }), ...(options.seed !== undefined ? { seed: options.seed } : {}),
      }));
    }
  }

  /** One row of `table`, as generated or read back. */
  add(table: string, row: Row): void {
    const summary = this.summaries.get(table);
    if (!summary) throw new Error(`table ${table} is not in the data set`);
    summary.add(row);
    if (!this.keepRows) return;
    const columns = this.kept?.get(table);
    if (!columns) { this.tables[table]!.push(row); return; }
    const out: Row = {};
    for (const c of columns) out[c] = row[c];
    this.tables[table]!.push(out);
  }

  /** Every table's rows at once. */
  addTables(tables: Tables): this {
    for (const [name, rows] of Object.entries(tables)) for (const row of rows) this.add(name, row);
    return this;
  }

  /** The data-set report; with `reference` (the same tables, measured with wholeRows) its fidelity too. */
  report(reference?: DatasetMeasurement): DatasetReport {
    if (!this.keepRows) throw new Error("a measurement of each table only has no data-set checks: use tableReports()");
    return { ...datasetQuality(this.shape, this.tables, reference?.tables), table_reports: this.tableReports(reference) };
  }

  /** Each table's single-table report (against the reference's table when given). */
  tableReports(reference?: DatasetMeasurement): Record<string, QualityReport> {
    const out: Record<string, QualityReport> = {};
    for (const [name, summary] of this.summaries) out[name] = qualityReport(summary, reference?.summaries.get(name));
    return out;
  }

  /** Each table's summary as plain JSON (one shard's, for tableReportsOfShards). */
  tableSnapshots(): Record<string, SummarySnapshot> {
    return Object.fromEntries([...this.summaries].map(([name, summary]) => [name, summary.snapshot()]));
  }
}

/**
 * Each table's single-table report from every shard's tableSnapshots, merged in shard order: counts, extremes
 * and exact sets as one pass over the rows gives them; past the summaries' bounds (SUMMARY_LIMITS) the samples
 * and Misra-Gries counters are the merged ones, which agree within the sketches' error.
 */
export function tableReportsOfShards(tables: string[], shards: Array<Record<string, SummarySnapshot>>): Record<string, QualityReport> {
  const out: Record<string, QualityReport> = {};
  for (const name of tables) {
    let merged: DatasetSummary | undefined;
    for (const shard of shards) {
      const snapshot = shard[name];
      if (!snapshot) throw new Error(`a shard has no summary of table ${name}`);
      const summary = DatasetSummary.fromSnapshot(snapshot);
      merged = merged ? merged.merge(summary) : summary;
    }
    if (merged) out[name] = qualityReport(merged);
  }
  return out;
}

/** What the data-set checks read of a data set's definition. */
export function datasetShape(set: DataSet): DatasetShape {
  return {
    tables: set.tables.map((t) => ({ name: t.name, primaryKey: t.primaryKey, unique: t.unique, columns: t.columns })),
    relationships: set.relationships, parentRules: set.parentRules,
  };
}

/** A measurement of what `plan` makes, each table against the schema of its written rows. */
export function planMeasurement(plan: DatasetPlan, options: DatasetMeasurementOptions = {}): DatasetMeasurement {
  return new DatasetMeasurement(datasetShape(plan.dataset), Object.fromEntries(plan.tables.map((t) => [t.table.name, t.schema])), options);
}

/** The plan with every row it makes measured on the way out (its tables are still read once, in order). */
export function measuredPlan(plan: DatasetPlan, measurement: DatasetMeasurement): DatasetPlan {
  return {
    ...plan,
    tables: plan.tables.map((t) => ({
      ...t,
      rows: function* (): Generator<Row> {
        for (const row of t.rows()) { measurement.add(t.table.name, row); yield row; }
      },
    })),
  };
}
