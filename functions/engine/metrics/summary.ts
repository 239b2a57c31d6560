// Streaming, mergeable summaries of a data set: one pass, bounded memory whatever the row count.
// Each field keeps exact counts, extremes and moments; its distinct values as a set of 53-bit value
// hashes up to a bound, then a HyperLogLog; category counts (exact up to a bound, then Misra-Gries;
// none for identifier-like text); and a uniform sample of its numeric values (all of them while few).
// The data set keeps the row count, counts of row digests (duplicates, uniqueness, NewRowSynthesis)
// and a uniform sample of whole rows for the column-pair metrics. Summaries of shards merge into the
// summary of the whole: exactly for counts, extremes, hash sets and exact category counts, to
// floating-point rounding for moments, and within each sketch's stated error otherwise. Snapshots
// (plain JSON) let shards summarised in other processes merge too.
import type { Row, SchemaInput } from "../schema/types";
import { hash53, hashNumberLanes, hashStringLanes, lanes } from "./hash";
import { describeFields, kindFromValue, numberOf, categoryOf, type FieldKind } from "./fields";
import { MeanVariance, Moments } from "./sketches/moments";
import { FrequencySketch } from "./sketches/frequencies";
import { Reservoir } from "./sketches/reservoir";
import { DigestCounter, type DigestCounterSnapshot } from "./sketches/digestCounter";
import type { FrequencySnapshot } from "./sketches/frequencies";
import type { ReservoirSnapshot } from "./sketches/reservoir";
import { MetricsInputError, SummaryMergeError } from "./errors";

// Module-local aliases of the hot imports: under a CommonJS loader (tsx, ts-node) every access to an
// imported binding goes through a getter, which costs more than the work in these per-cell paths.
const cell = lanes;
const hashText = hashStringLanes;
const hashValue = hashNumberLanes;
const numberFor = numberOf;
const categoryFor = categoryOf;

/** Bounds that keep memory flat; the report says when a figure came from a sketch beyond them. */
export const SUMMARY_LIMITS = {
  /** Distinct values counted exactly per field (a hash set, 24 bytes a value) before switching to HyperLogLog. */
  exactDistinct: 32_768,
  /** Free-text fields with more distinct values than this are identifier-like: their categories are not counted. */
  identifierDistinct: 10_000,
  /** Category counters per field (K): exact up to 4K distinct values, Misra-Gries beyond (error <= n / (K + 1)). */
  categoryCounters: 512,
  /** Numeric values kept per field: exact quantiles/KS up to this many, a uniform sample beyond. */
  valueSample: 16_384,
  /** Whole rows kept for the column-pair metrics (exact up to this many rows). */
  rowSample: 10_000,
  /** Distinct row digests counted exactly before switching to HyperLogLog. */
  rowDigests: 1 << 20,
  /** Fields discovered from data when the schema lists none. */
  inferredFields: 500,
} as const;

export type SampledValue = number | string | null;

const IDENTIFIER_DISTINCT = SUMMARY_LIMITS.identifierDistinct;

const SNAPSHOT_VERSION = 1;

export interface FieldSnapshot {
  name: string;
  kind: FieldKind | null;
  declared: boolean;
  count: number;
  nullCount: number;
  mismatchCount: number;
  min: number | null;
  max: number | null;
  moments: { n: number; mean: number; m2: number; m3: number; m4: number };
  lengths: { n: number; mean: number; m2: number };
  minLength: number | null;
  maxLength: number;
  /** Absent in snapshots written before it existed (then charts do not assume whole units). */
  wholeUnits?: boolean;
  distinct: DigestCounterSnapshot;
  /** Null once a free-text field has more distinct values than the exact bound. */
  frequencies: FrequencySnapshot | null;
  sample: ReservoirSnapshot<number>;
}

/** A data set summary as plain JSON (`DatasetSummary.snapshot()` / `DatasetSummary.fromSnapshot()`). */
export interface SummarySnapshot {
  version: number;
  seed: number;
  fieldsFromSchema: boolean;
  rowCount: number;
  validity: { checked: number; valid: number } | null;
  /** Invalid rows by reason (absent in snapshots written before it existed). */
  invalid?: Array<{ reason: string; count: number; examples: string[] }>;
  fields: FieldSnapshot[];
  rowDigests: DigestCounterSnapshot;
  rowSample: ReservoirSnapshot<SampledValue[]>;
}

export class FieldSummary {
  /** Non-null values. */
  count = 0;
  nullCount = 0;
  /** Non-null values of the wrong type for the field's kind (e.g. text in a numeric field). */
  mismatchCount = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly moments = new Moments();
  readonly lengths = new MeanVariance();
  minLength = Number.POSITIVE_INFINITY;
  maxLength = 0;
  /** Every numeric value is a whole number (datetime: a whole UTC day), so charts bin in whole units. */
  wholeUnits = true;
  /**
   * Distinct values, as the set of their 53-bit cell hashes: exact (up to hash collisions, about
   * d^2 / 2^54 for d distinct values) while at most `SUMMARY_LIMITS.exactDistinct`, then HyperLogLog.
   */
  distinct = new DigestCounter(SUMMARY_LIMITS.exactDistinct, 16);
  /**
   * Category counts; dropped (null) once a free-text or nested field has more distinct values than
   * `SUMMARY_LIMITS.identifierDistinct`: such fields are identifier-like (ids, e-mails, names) and counting
   * their values costs time and memory for a top list of near-ties. Declared categories and booleans
   * are always counted.
   */
  frequencies: FrequencySketch | null = new FrequencySketch(SUMMARY_LIMITS.categoryCounters);
  readonly sample: Reservoir<number>;
  /** Seed of this field's cell hashes (from its name, so every shard hashes alike). */
  readonly hashSeed: number;

  constructor(readonly name: string, public kind: FieldKind | null, readonly declared: boolean, seed: number) {
    this.hashSeed = hash53(name) % 4294967296;
    this.sample = new Reservoir<number>(SUMMARY_LIMITS.valueSample, (this.hashSeed ^ seed) >>> 0);
  }

  get isNumeric(): boolean {
    return this.kind === "numeric" || this.kind === "datetime";
  }

  /**
   * Adds one cell and leaves the cell's hash in `lanes` (0 for null), which the data set folds into the
   * row digest. A text cell is identified by its first 200 characters (see `categoryOf`).
   */
  add(value: unknown): void {
    if (value === null || value === undefined) {
      this.nullCount++;
      cell.low = 0;
      cell.high = 0;
      return;
    }
    this.count++;
    if (this.kind === null) this.kind = kindFromValue(value);
    if (this.kind === "numeric" || this.kind === "datetime") {
      const x = numberFor(this.kind, value);
      if (Number.isNaN(x)) {
        this.mismatchCount++;
        hashText(`\u0000${categoryFor(value)}`, this.hashSeed);
        return;
      }
      if (x < this.min) this.min = x;
      if (x > this.max) this.max = x;
      // Math.floor, not %: a floating-point remainder costs a call per cell on this path.
      if (this.wholeUnits && (this.kind === "datetime" ? Math.floor(x / 86_400_000) * 86_400_000 : Math.floor(x)) !== x) this.wholeUnits = false;
      this.moments.add(x);
      this.sample.offer(x);
      hashValue(x, this.hashSeed);
      this.distinct.add(cell.high * 4294967296 + (cell.low >>> 0));
      return;
    }
    const category = categoryFor(value);
    if (this.kind === "boolean" && typeof value !== "boolean") this.mismatchCount++;
    if (typeof value === "string") {
      const length = value.length;
      this.lengths.add(length);
      if (length < this.minLength) this.minLength = length;
      if (length > this.maxLength) this.maxLength = length;
    }
    const frequencies = this.frequencies;
    if (frequencies) {
      const counter = frequencies.add(category);
      if (counter.high >= 0) {
        // Seen before: its hash is known and it is already among the distinct values.
        cell.low = counter.low;
        cell.high = counter.high;
        return;
      }
      hashText(category, this.hashSeed);
      counter.low = cell.low;
      counter.high = cell.high;
    } else {
      hashText(category, this.hashSeed);
    }
    this.distinct.add(cell.high * 4294967296 + (cell.low >>> 0));
    if (frequencies && (!this.distinct.exact || this.distinct.size > IDENTIFIER_DISTINCT)) this.dropIdentifierCounts();
  }

  /** The value the row sample keeps for a cell (numbers for numeric fields, category text otherwise). */
  sampledValue(value: unknown): SampledValue {
    if (value === null || value === undefined) return null;
    if (this.isNumeric) {
      const x = numberFor(this.kind!, value);
      return Number.isNaN(x) ? null : x;
    }
    return categoryFor(value);
  }

  distinctCount(): number {
    return this.distinct.distinct();
  }

  get distinctExact(): boolean {
    return this.distinct.exact;
  }

  merge(other: FieldSummary): void {
    if (this.kind === null) this.kind = other.kind;
    else if (other.kind !== null && other.kind !== this.kind) {
      throw new SummaryMergeError(`field "${this.name}" is ${this.kind} in one summary and ${other.kind} in the other`);
    }
    this.count += other.count;
    this.nullCount += other.nullCount;
    this.mismatchCount += other.mismatchCount;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    this.moments.merge(other.moments);
    this.lengths.merge(other.lengths);
    this.minLength = Math.min(this.minLength, other.minLength);
    this.maxLength = Math.max(this.maxLength, other.maxLength);
    this.wholeUnits &&= other.wholeUnits;
    this.sample.merge(other.sample);
    this.distinct.merge(other.distinct);
    if (this.frequencies && other.frequencies) this.frequencies.merge(other.frequencies);
    else this.frequencies = null;
    this.dropIdentifierCounts();
  }

  /** Drops the category counts of a free-text or nested field past the identifier bound (see `frequencies`). */
  private dropIdentifierCounts(): void {
    const many = !this.distinct.exact || this.distinct.size > IDENTIFIER_DISTINCT;
    if (many && (this.kind === "text" || this.kind === "other")) this.frequencies = null;
  }

  snapshot(): FieldSnapshot {
    const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
    return {
      name: this.name, kind: this.kind, declared: this.declared,
      count: this.count, nullCount: this.nullCount, mismatchCount: this.mismatchCount,
      min: finite(this.min), max: finite(this.max),
      moments: { n: this.moments.n, mean: this.moments.mean, m2: this.moments.m2, m3: this.moments.m3, m4: this.moments.m4 },
      lengths: { n: this.lengths.n, mean: this.lengths.mean, m2: this.lengths.m2 },
      minLength: finite(this.minLength), maxLength: this.maxLength, wholeUnits: this.wholeUnits,
      distinct: this.distinct.snapshot(),
      frequencies: this.frequencies ? this.frequencies.snapshot() : null,
      sample: this.sample.snapshot(),
    };
  }

  /** Loads a snapshot into this new, empty field summary. */
  restore(snapshot: FieldSnapshot): void {
    Object.assign(this, {
      count: snapshot.count, nullCount: snapshot.nullCount, mismatchCount: snapshot.mismatchCount,
      min: snapshot.min ?? Number.POSITIVE_INFINITY, max: snapshot.max ?? Number.NEGATIVE_INFINITY,
      minLength: snapshot.minLength ?? Number.POSITIVE_INFINITY, maxLength: snapshot.maxLength,
      wholeUnits: snapshot.wholeUnits ?? false,
      distinct: DigestCounter.restore(snapshot.distinct),
    });
    Object.assign(this.moments, snapshot.moments);
    Object.assign(this.lengths, snapshot.lengths);
    if (snapshot.frequencies) this.frequencies!.restoreInto(snapshot.frequencies);
    else this.frequencies = null;
    this.sample.items = snapshot.sample.items.slice();
    this.sample.seen = snapshot.sample.seen;
  }

}

export interface SummaryOptions {
  /** The schema the rows should follow: its top-level properties are the fields summarised. */
  schema?: SchemaInput;
  /**
   * Row validity check; when given, the summary counts valid rows. When it also has `reason` (the rule
   * the last row checked broke), invalid rows are grouped by it with a few examples.
   */
  validator?: RowValidator;
  /** Seed for the samples (same data + same seed = same summary). */
  seed?: number;
}

/** A row predicate; `reason()` (optional) says which rule the last row it rejected broke. */
export type RowValidator = ((row: Row) => boolean) & { reason?: () => string };

const INVALID_GROUPS = 20;
const INVALID_EXAMPLES = 3;
const INVALID_EXAMPLE_LENGTH = 400;

export class DatasetSummary {
  readonly fields: FieldSummary[] = [];
  private readonly byName = new Map<string, FieldSummary>();
  /** True when the field list came from the schema (extra keys in rows are then ignored). */
  fieldsFromSchema: boolean;
  rowCount = 0;
  readonly rowDigests = new DigestCounter(SUMMARY_LIMITS.rowDigests);
  /** Sample of rows as arrays aligned with `fields` (shorter arrays mean null for the later fields). */
  readonly rowSample: Reservoir<SampledValue[]>;
  /** Rows checked and rows valid, when a validator was given. */
  validity: { checked: number; valid: number } | null = null;
  /** The schema's fields read by literal name (see `compileCellAdder`); null while fields are discovered from data. */
  private addCells: CellAdder | null = null;
  private readonly seed: number;
  private readonly validator?: RowValidator;
  /** Invalid rows by reason: at most INVALID_GROUPS reasons, INVALID_EXAMPLES examples each (rows as JSON, cut). */
  readonly invalidGroups = new Map<string, { count: number; examples: string[] }>();

  constructor(options: SummaryOptions = {}) {
    this.seed = options.seed ?? 0x5eed;
    this.validator = options.validator;
    if (this.validator) this.validity = { checked: 0, valid: 0 };
    this.rowSample = new Reservoir<SampledValue[]>(SUMMARY_LIMITS.rowSample, (this.seed ^ 0x9e3779b9) >>> 0);
    const declared = describeFields(options.schema);
    for (const field of declared) this.addField(field.name, field.declared ? field.kind : null, field.declared);
    this.fieldsFromSchema = declared.length > 0;
    if (this.fieldsFromSchema) this.addCells = compileCellAdder(this.fields.map((f) => f.name));
  }

  private noteInvalid(reason: string, row: Row): void {
    let group = this.invalidGroups.get(reason);
    if (!group) {
      if (this.invalidGroups.size >= INVALID_GROUPS) return;
      group = { count: 0, examples: [] };
      this.invalidGroups.set(reason, group);
    }
    group.count++;
    if (group.examples.length < INVALID_EXAMPLES) {
      const text = JSON.stringify(row) ?? "";
      group.examples.push(text.length > INVALID_EXAMPLE_LENGTH ? `${text.slice(0, INVALID_EXAMPLE_LENGTH)}…` : text);
    }
  }

  field(name: string): FieldSummary | undefined {
    return this.byName.get(name);
  }

  add(row: Row): void {
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new MetricsInputError(`row ${this.rowCount + 1} is not an object (${row === null ? "null" : Array.isArray(row) ? "an array" : typeof row})`);
    }
    this.rowCount++;
    if (!this.fieldsFromSchema) this.discoverFields(row);
    const fields = this.fields;
    this.rowDigests.add(this.addCells ? this.addCells(fields, row, cell) : addCellsInLoop(fields, row));
    const slot = this.rowSample.claim();
    if (slot >= 0) this.rowSample.put(slot, fields.map((f) => f.sampledValue(row[f.name])));
    if (this.validator) {
      this.validity!.checked++;
      if (this.validator(row)) this.validity!.valid++;
      else if (this.validator.reason) this.noteInvalid(this.validator.reason(), row);
    }
  }

  /** Merges `other` into this summary (which it changes and returns); `other` must not be used after. */
  merge(other: DatasetSummary): this {
    if (this.fieldsFromSchema !== other.fieldsFromSchema
      || (this.fieldsFromSchema && this.fields.map((f) => f.name).join("\u0000") !== other.fields.map((f) => f.name).join("\u0000"))) {
      throw new SummaryMergeError("the summaries describe different schemas");
    }
    if ((this.validity === null) !== (other.validity === null)) {
      throw new SummaryMergeError("one summary checked validity and the other did not");
    }
    for (const field of this.fields) {
      // Fields discovered only here were null in every row of the other summary.
      if (!other.byName.has(field.name)) field.nullCount += other.rowCount;
    }
    for (const field of other.fields) {
      let mine = this.byName.get(field.name);
      if (!mine) {
        mine = this.addField(field.name, field.kind, field.declared);
        mine.nullCount = this.rowCount;
      }
      mine.merge(field);
    }
    // Re-align the other summary's sampled rows to this summary's field order before merging samples.
    const positions = other.fields.map((f) => this.fields.indexOf(this.byName.get(f.name)!));
    other.rowSample.items = other.rowSample.items.map((sampled) => {
      const aligned: SampledValue[] = new Array(this.fields.length).fill(null);
      sampled.forEach((value, i) => { aligned[positions[i]] = value ?? null; });
      return aligned;
    });
    this.rowSample.merge(other.rowSample);
    this.rowCount += other.rowCount;
    this.rowDigests.merge(other.rowDigests);
    for (const [reason, group] of other.invalidGroups) {
      const mine = this.invalidGroups.get(reason);
      if (mine) {
        mine.count += group.count;
        mine.examples = mine.examples.concat(group.examples).slice(0, INVALID_EXAMPLES);
      } else if (this.invalidGroups.size < INVALID_GROUPS) this.invalidGroups.set(reason, { count: group.count, examples: group.examples.slice() });
    }
    if (this.validity && other.validity) {
      this.validity.checked += other.validity.checked;
      this.validity.valid += other.validity.valid;
    }
    return this;
  }

  /**
   * The summary as plain JSON, so shard summaries can be stored (e.g. next to each part in S3) and
   * merged elsewhere. Size: a few hundred KB a field at most, plus 12 bytes a distinct row while the
   * row digests are exact.
   */
  snapshot(): SummarySnapshot {
    return {
      version: SNAPSHOT_VERSION,
      seed: this.seed,
      fieldsFromSchema: this.fieldsFromSchema,
      rowCount: this.rowCount,
      validity: this.validity ? { ...this.validity } : null,
      invalid: [...this.invalidGroups].map(([reason, g]) => ({ reason, count: g.count, examples: g.examples.slice() })),
      fields: this.fields.map((f) => f.snapshot()),
      rowDigests: this.rowDigests.snapshot(),
      rowSample: this.rowSample.snapshot(),
    };
  }

  static fromSnapshot(snapshot: SummarySnapshot): DatasetSummary {
    if (snapshot?.version !== SNAPSHOT_VERSION) {
      throw new MetricsInputError(`not a summary snapshot of version ${SNAPSHOT_VERSION} (got ${JSON.stringify(snapshot?.version)})`);
    }
    const summary = new DatasetSummary({ seed: snapshot.seed });
    summary.fieldsFromSchema = snapshot.fieldsFromSchema;
    summary.rowCount = snapshot.rowCount;
    summary.validity = snapshot.validity ? { ...snapshot.validity } : null;
    for (const group of snapshot.invalid ?? []) summary.invalidGroups.set(group.reason, { count: group.count, examples: group.examples.slice() });
    for (const field of snapshot.fields) summary.addField(field.name, field.kind, field.declared).restore(field);
    summary.rowDigests.merge(DigestCounter.restore(snapshot.rowDigests));
    summary.rowSample.items = snapshot.rowSample.items.map((row) => row.slice());
    summary.rowSample.seen = snapshot.rowSample.seen;
    return summary;
  }

  private discoverFields(row: Row): void {
    for (const name of Object.keys(row)) {
      if (!this.byName.has(name) && this.fields.length < SUMMARY_LIMITS.inferredFields) {
        const field = this.addField(name, null, false);
        // Rows before this one had no such key: count them as nulls.
        field.nullCount = this.rowCount - 1;
      }
    }
  }

  private addField(name: string, kind: FieldKind | null, declared: boolean): FieldSummary {
    const field = new FieldSummary(name, kind, declared, this.seed);
    this.fields.push(field);
    this.byName.set(name, field);
    return field;
  }
}

type CellAdder = (fields: FieldSummary[], row: Row, cell: typeof lanes) => number;

/**
 * Adds every cell of a row to its field and returns the row digest: the sum of the cell hashes (each
 * seeded by its field's name) in two 32-bit lanes, so neither key order, field discovery order nor
 * missing fields change it.
 */
function addCellsInLoop(fields: FieldSummary[], row: Row): number {
  let low = 0;
  let high = 0;
  for (let i = 0; i < fields.length; i++) {
    fields[i].add(row[fields[i].name]);
    low = (low + cell.low) | 0;
    high = (high + cell.high) | 0;
  }
  return (high & 0x1fffff) * 4294967296 + (low >>> 0);
}

/**
 * `addCellsInLoop` unrolled for a fixed field list, reading each cell by its literal name: property
 * loads by a constant name are cached per call site, where `row[name]` in a loop is a megamorphic
 * keyed load, and each field's `add` call site sees a single kind. Names enter the code only as JSON
 * string literals.
 */
function compileCellAdder(names: string[]): CellAdder {
  const lines = names.map((name, i) =>
    `fields[${i}].add(row[${JSON.stringify(name)}]); low = (low + cell.low) | 0; high = (high + cell.high) | 0;`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function("fields", "row", "cell",
    `let low = 0; let high = 0;\n${lines.join("\n")}\nreturn (high & 0x1fffff) * 4294967296 + (low >>> 0);`) as CellAdder;
}

/** Summarises rows held in memory or produced by a generator. */
export function summarize(rows: Iterable<Row>, options: SummaryOptions = {}): DatasetSummary {
  const summary = new DatasetSummary(options);
  for (const row of rows) summary.add(row);
  return summary;
}

/** Summarises a stream of rows (a reader's output) in one pass. */
export async function summarizeStream(rows: AsyncIterable<Row> | Iterable<Row>, options: SummaryOptions = {}): Promise<DatasetSummary> {
  const summary = new DatasetSummary(options);
  for await (const row of rows) summary.add(row);
  return summary;
}

/** Merges shard summaries: `a` absorbs `b` and is returned. */
export function mergeSummaries(a: DatasetSummary, b: DatasetSummary): DatasetSummary {
  return a.merge(b);
}
