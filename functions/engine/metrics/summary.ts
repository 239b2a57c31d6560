// Streaming, mergeable summaries of a data set: one pass, bounded memory whatever the row count.
// Each field keeps exact counts and moments, exact distinct values up to a bound (then HyperLogLog),
// category frequencies (exact up to a bound, then Misra-Gries), and a bounded uniform sample of its
// numeric values (all of them while few). The data set keeps the row count, counts of row digests
// (duplicates, uniqueness and the NewRowSynthesis check) and a bounded sample of whole rows for the
// column-pair metrics. Summaries of shards merge into the summary of the whole: exactly for counts,
// extremes, exact sets and frequencies, to floating-point rounding for moments, and within each
// sketch's stated error otherwise.
import type { Row, SchemaInput } from "../schema/types";
import { hash53 } from "./hash";
import { describeFields, kindFromValue, numberOf, categoryOf, type FieldKind } from "./fields";
import { HyperLogLog } from "./sketches/hyperLogLog";
import { Moments } from "./sketches/moments";
import { FrequencySketch } from "./sketches/frequencies";
import { Reservoir } from "./sketches/reservoir";
import { DigestCounter } from "./sketches/digestCounter";
import { SummaryMergeError } from "./errors";

/** Bounds that keep memory flat; the report says when a figure came from a sketch beyond them. */
export const SUMMARY_LIMITS = {
  /** Distinct values counted exactly per field before switching to HyperLogLog. */
  exactDistinct: 10_000,
  /** Category counters per field: exact up to 2x this many distinct values, Misra-Gries beyond. */
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

export class FieldSummary {
  /** Non-null values. */
  count = 0;
  nullCount = 0;
  /** Non-null values of the wrong type for the field's kind (e.g. text in a numeric field). */
  mismatchCount = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly moments = new Moments();
  readonly lengths = new Moments();
  minLength = Number.POSITIVE_INFINITY;
  maxLength = 0;
  distinctValues: Set<string | number> | null = new Set();
  distinctSketch: HyperLogLog | null = null;
  readonly frequencies = new FrequencySketch(SUMMARY_LIMITS.categoryCounters);
  readonly sample: Reservoir<number>;

  constructor(readonly name: string, public kind: FieldKind | null, readonly declared: boolean, seed: number) {
    this.sample = new Reservoir<number>(SUMMARY_LIMITS.valueSample, (hash53(name) ^ seed) >>> 0);
  }

  get isNumeric(): boolean {
    return this.kind === "numeric" || this.kind === "datetime";
  }

  /** Adds one cell and returns the value the row sample keeps for it. */
  add(value: unknown): SampledValue {
    if (value === null || value === undefined) {
      this.nullCount++;
      return null;
    }
    this.count++;
    if (this.kind === null) this.kind = kindFromValue(value);
    if (this.kind === "numeric" || this.kind === "datetime") {
      const x = numberOf(this.kind, value);
      if (Number.isNaN(x)) {
        this.mismatchCount++;
        return null;
      }
      if (x < this.min) this.min = x;
      if (x > this.max) this.max = x;
      this.moments.add(x);
      this.sample.offer(x);
      this.addDistinct(x);
      return x;
    }
    const category = categoryOf(value);
    if (this.kind === "boolean" && typeof value !== "boolean") this.mismatchCount++;
    if (typeof value === "string") {
      const length = value.length;
      this.lengths.add(length);
      if (length < this.minLength) this.minLength = length;
      if (length > this.maxLength) this.maxLength = length;
    }
    this.frequencies.add(category);
    this.addDistinct(category);
    return category;
  }

  distinctCount(): number {
    return this.distinctSketch ? this.distinctSketch.estimate() : this.distinctValues!.size;
  }

  get distinctExact(): boolean {
    return this.distinctSketch === null;
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
    this.frequencies.merge(other.frequencies);
    this.sample.merge(other.sample);
    if (other.distinctSketch) {
      this.toDistinctSketch();
      this.distinctSketch!.merge(other.distinctSketch);
    } else {
      for (const value of other.distinctValues!) this.addDistinct(value);
    }
  }

  private addDistinct(key: string | number): void {
    if (this.distinctSketch) {
      this.distinctSketch.addHash(hash53(String(key)));
      return;
    }
    const set = this.distinctValues!;
    set.add(key);
    if (set.size > SUMMARY_LIMITS.exactDistinct) this.toDistinctSketch();
  }

  private toDistinctSketch(): void {
    if (this.distinctSketch) return;
    const sketch = new HyperLogLog();
    for (const value of this.distinctValues!) sketch.addHash(hash53(String(value)));
    this.distinctSketch = sketch;
    this.distinctValues = null;
  }
}

export interface SummaryOptions {
  /** The schema the rows should follow: its top-level properties are the fields summarised. */
  schema?: SchemaInput;
  /** Row validity check; when given, the summary counts valid rows. */
  validator?: (row: Row) => boolean;
  /** Seed for the samples (same data + same seed = same summary). */
  seed?: number;
}

export class DatasetSummary {
  readonly fields: FieldSummary[] = [];
  private readonly byName = new Map<string, FieldSummary>();
  /** True when the field list came from the schema (extra keys in rows are then ignored). */
  readonly fieldsFromSchema: boolean;
  rowCount = 0;
  readonly rowDigests = new DigestCounter(SUMMARY_LIMITS.rowDigests);
  /** Sample of rows as arrays aligned with `fields` (shorter arrays mean null for the later fields). */
  readonly rowSample: Reservoir<SampledValue[]>;
  /** Rows checked and rows valid, when a validator was given. */
  validity: { checked: number; valid: number } | null = null;
  private digestOrder: string[] = [];
  private readonly seed: number;
  private readonly validator?: (row: Row) => boolean;

  constructor(options: SummaryOptions = {}) {
    this.seed = options.seed ?? 0x5eed;
    this.validator = options.validator;
    if (this.validator) this.validity = { checked: 0, valid: 0 };
    this.rowSample = new Reservoir<SampledValue[]>(SUMMARY_LIMITS.rowSample, (this.seed ^ 0x9e3779b9) >>> 0);
    const declared = describeFields(options.schema);
    for (const field of declared) this.addField(field.name, field.declared ? field.kind : null, field.declared);
    this.fieldsFromSchema = declared.length > 0;
  }

  field(name: string): FieldSummary | undefined {
    return this.byName.get(name);
  }

  add(row: Row): void {
    this.rowCount++;
    if (!this.fieldsFromSchema) this.discoverFields(row);
    const fields = this.fields;
    const sampleSlot = this.rowSample.claim();
    const sampled: SampledValue[] | null = sampleSlot >= 0 ? new Array(fields.length) : null;
    for (let i = 0; i < fields.length; i++) {
      const kept = fields[i].add(row[fields[i].name]);
      if (sampled) sampled[i] = kept;
    }
    this.rowDigests.add(hash53(this.digestText(row)));
    if (sampled) this.rowSample.put(sampleSlot, sampled);
    if (this.validator) {
      this.validity!.checked++;
      if (this.validator(row)) this.validity!.valid++;
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
    if (this.validity && other.validity) {
      this.validity.checked += other.validity.checked;
      this.validity.valid += other.validity.valid;
    }
    return this;
  }

  /**
   * The text a row's digest is taken of: its non-null cells tagged with their field names, in name
   * order, so neither key order, field discovery order nor missing fields change it.
   */
  private digestText(row: Row): string {
    let text = "";
    for (const name of this.digestOrder) {
      const value = row[name];
      if (value === null || value === undefined) continue;
      text += `\u0001${name}\u0002${typeof value === "object" ? JSON.stringify(value) : typeof value === "string" ? `s${value}` : String(value)}`;
    }
    return text;
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
    this.digestOrder = [...this.byName.keys()].sort();
    return field;
  }
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
