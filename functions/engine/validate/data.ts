// validateDataset: one streaming pass over a data set's rows against its schema. Valid rows cost one
// call of a first-error validator; only invalid rows are checked again with every error reported, so a
// mostly valid data set runs close to a bare ajv loop. Error kinds are grouped by data path and keyword
// with a few example row numbers each, in bounded memory whatever the size of the data.
import type { ErrorObject } from "ajv";
import { toJsonSchema } from "../schema";
import type { Row, SchemaInput } from "../schema/types";
import { compileValidator } from "./compile";
import { DataReadError } from "./errors";

export interface DataErrorGroup {
  /** Data path of the failing value, array positions as `[*]` (e.g. `items[*].price`, `$` for the row). */
  field: string;
  /** The JSON Schema keyword that failed (`type`, `minimum`, `required`, `format`, ...). */
  keyword: string;
  /** ajv's message for the first occurrence. */
  message: string;
  count: number;
  /** 1-based row numbers of the first occurrences. */
  example_rows: number[];
}

export interface DataValidationReport {
  rows: number;
  valid_rows: number;
  invalid_rows: number;
  /** valid_rows / rows; null when there are no rows. */
  validity_rate: number | null;
  /** Error kinds, most frequent first (at most `maxReportedGroups`). */
  top_errors: DataErrorGroup[];
  /** Distinct error kinds seen (including those beyond the reported ones). */
  error_kinds: number;
  /** Errors that were counted but not grouped because `maxGroups` kinds were already tracked. */
  ungrouped_errors: number;
  schema_digest: string;
}

export interface DataValidationOptions {
  /** Distinct error kinds tracked (memory bound). Default 500. */
  maxGroups?: number;
  /** Error kinds in the report. Default 20. */
  maxReportedGroups?: number;
  /** Example row numbers kept per kind. Default 5. */
  examplesPerGroup?: number;
  /** Called every `progressEvery` rows (for a CLI progress line on stderr). */
  onProgress?: (rowsSoFar: number) => void;
  progressEvery?: number;
}

/** Throws SchemaCompileError when the schema cannot be compiled, DataReadError when the rows cannot be read. */
export async function validateDataset(schema: SchemaInput, rows: AsyncIterable<Row> | Iterable<Row>, options: DataValidationOptions = {}): Promise<DataValidationReport> {
  const jsonSchema = toJsonSchema(schema);
  const firstError = compileValidator(jsonSchema, { allErrors: false });
  const everyError = compileValidator(jsonSchema, { allErrors: true });
  const groups = new ErrorGroups(options.maxGroups ?? 500, options.examplesPerGroup ?? 5);
  const progressEvery = options.progressEvery ?? 100_000;

  let count = 0;
  let invalid = 0;
  const iterator = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : (rows as Iterable<Row>)[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<Row>;
    try {
      next = await iterator.next();
    } catch (err) {
      // Only the reader's failures are data errors; anything thrown by the validation itself is ours.
      throw new DataReadError(`could not read row ${count + 1}: ${(err as Error).message ?? String(err)}`, count + 1, { cause: err });
    }
    if (next.done) break;
    const row = next.value;
    count++;
    if (!firstError(row)) {
      invalid++;
      everyError(row);
      groups.add(everyError.errors ?? firstError.errors ?? [], count);
    }
    if (options.onProgress && count % progressEvery === 0) options.onProgress(count);
  }
  return {
    rows: count,
    valid_rows: count - invalid,
    invalid_rows: invalid,
    validity_rate: count === 0 ? null : (count - invalid) / count,
    top_errors: groups.top(options.maxReportedGroups ?? 20),
    error_kinds: groups.size,
    ungrouped_errors: groups.ungrouped,
    schema_digest: firstError.digest,
  };
}

/** `/items/3/price` -> `items[*].price`; the property a `required` or `additionalProperties` error names is appended. */
export function errorField(e: ErrorObject): string {
  const segments = e.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const extra = e.keyword === "required" ? e.params.missingProperty
    : e.keyword === "additionalProperties" ? e.params.additionalProperty
    : e.keyword === "dependentRequired" ? e.params.missingProperty : undefined;
  if (typeof extra === "string") segments.push(extra);
  let field = "";
  for (const s of segments) {
    if (/^\d+$/.test(s)) field += "[*]";
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(s)) field += field === "" ? s : `.${s}`;
    else field += `[${JSON.stringify(s)}]`;
  }
  return field === "" ? "$" : field.startsWith("[") ? `$${field}` : field;
}

class ErrorGroups {
  private readonly groups = new Map<string, DataErrorGroup>();
  ungrouped = 0;
  constructor(private readonly maxGroups: number, private readonly examples: number) {}

  get size(): number {
    return this.groups.size + (this.ungrouped > 0 ? 1 : 0);
  }

  add(errors: ErrorObject[], row: number): void {
    // One count per kind per row: a row with ten bad items counts once for `items[*].price minimum`.
    const seenInRow = new Set<string>();
    for (const e of errors) {
      const field = errorField(e);
      const key = `${field}\u0000${e.keyword}`;
      if (seenInRow.has(key)) continue;
      seenInRow.add(key);
      const group = this.groups.get(key);
      if (group) {
        group.count++;
        if (group.example_rows.length < this.examples) group.example_rows.push(row);
      } else if (this.groups.size < this.maxGroups) {
        this.groups.set(key, { field, keyword: e.keyword, message: e.message ?? e.keyword, count: 1, example_rows: [row] });
      } else {
        this.ungrouped++;
      }
    }
  }

  top(n: number): DataErrorGroup[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || a.field.localeCompare(b.field)).slice(0, n);
  }
}
