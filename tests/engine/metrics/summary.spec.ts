import { strict as assert } from "node:assert";
import fc from "fast-check";
import { mean, quantileSorted, sampleStandardDeviation, median } from "simple-statistics";
import {
  calculateQualityMetrics, dkwBound, distributionShape, HLL_RELATIVE_ERROR, mergeSummaries, qualityReport,
  summarize, SUMMARY_LIMITS, DatasetSummary,
} from "../../../functions/engine/metrics";
import { Moments } from "../../../functions/engine/metrics/sketches/moments";
import { FrequencySketch } from "../../../functions/engine/metrics/sketches/frequencies";
import { seededRandom } from "../../../functions/engine/metrics/hash";
import { numberOf } from "../../../functions/engine/metrics/fields";
import type { Row } from "../../../functions/engine/schema/types";

const SCHEMA = {
  fields: [
    { name: "n", type: "float" as const, constraints: { nullable: true } },
    { name: "i", type: "integer" as const },
    { name: "c", type: "string" as const, constraints: { enum: ["red", "green", "blue"], nullable: true } },
    { name: "t", type: "string" as const },
    { name: "d", type: "date" as const },
  ],
};

/** Deep equality where numbers may differ by a relative 1e-9 (moments merged in another order round differently). */
function assertAlmostEqual(actual: unknown, expected: unknown, path = "$"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    const scale = Math.max(1, Math.abs(expected));
    assert.ok(Math.abs(actual - expected) <= 1e-9 * scale, `${path}: ${actual} != ${expected}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: array lengths differ`);
    expected.forEach((e, i) => assertAlmostEqual((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (typeof expected === "object" && expected !== null) {
    assert.ok(typeof actual === "object" && actual !== null, `${path}: not an object`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${path}: keys differ`);
    for (const key of Object.keys(expected)) assertAlmostEqual((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
    return;
  }
  assert.deepEqual(actual, expected, path);
}

/** Summaries of the shards between the cut points, merged; with `viaJson`, each shard first goes through a JSON snapshot. */
function summarizeInShards(rows: Row[], cuts: number[], options = {}, viaJson = false): DatasetSummary {
  const points = [...new Set(cuts.map((c) => Math.min(c, rows.length)))].sort((a, b) => a - b);
  const bounds = [0, ...points, rows.length];
  const shards = bounds.slice(1).map((end, k) => {
    const shard = summarize(rows.slice(bounds[k], end), options);
    return viaJson ? DatasetSummary.fromSnapshot(JSON.parse(JSON.stringify(shard.snapshot()))) : shard;
  });
  return shards.reduce((merged, shard) => mergeSummaries(merged, shard));
}

const rowArbitrary = fc.record({
  n: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }),
  i: fc.integer({ min: -50, max: 50 }),
  c: fc.option(fc.constantFrom("red", "green", "blue"), { nil: null }),
  t: fc.string({ maxLength: 6 }),
  d: fc.date({ min: new Date("2000-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }).map((x) => x.toISOString().slice(0, 10)),
});

describe("metrics: summaries", () => {
  it("a range too narrow to divide into bins (0 and -5e-324) is one bin, and shards still merge into the whole", () => {
    const rows = [{ n: 0, i: 0, c: null, t: "", d: "2000-01-01" }] as Row[];
    const reference = summarize([{ n: -5e-324, i: 0, c: null, t: "", d: "2000-01-01" }] as Row[], { schema: SCHEMA });
    const whole = qualityReport(summarize(rows, { schema: SCHEMA }), reference);
    const merged = qualityReport(summarizeInShards(rows, [], { schema: SCHEMA }, false), reference);
    const edges = (whole.distribution_analysis as unknown as Record<string, { histogram: { edges: number[] } }>).n.histogram.edges;
    assert.deepEqual(edges, [-5e-324, 0]);
    assertAlmostEqual(merged, whole);
  });

  it("field statistics match simple-statistics and hand counts on a small data set", () => {
    const values = [4, 8, 15, 16, 23, 42];
    const rows = [...values.map((n, k) => ({ n, i: k, c: k % 2 ? "red" : "blue", t: "ab".repeat(k), d: `2024-03-0${k + 1}` })),
      { n: null, i: 9, c: null, t: "", d: "2024-03-09" }];
    const report = qualityReport(summarize(rows, { schema: SCHEMA }));
    const n = report.field_statistics.n;
    assert.equal(n.count, 6);
    assert.equal(n.null_count, 1);
    assert.equal(n.null_rate, 1 / 7);
    assert.equal(n.min, 4);
    assert.equal(n.max, 42);
    assert.ok(Math.abs((n.mean as number) - mean(values)) < 1e-12);
    assert.ok(Math.abs(n.std! - sampleStandardDeviation(values)) < 1e-12);
    assert.equal(n.median, median(values));
    assert.equal(n.quantiles!.p25, quantileSorted(values, 0.25));
    assert.equal(n.distinct_count, 6);
    const c = report.field_statistics.c;
    assert.deepEqual(c.top_categories, [{ value: "blue", count: 3, frequency: 0.5 }, { value: "red", count: 3, frequency: 0.5 }]);
    const t = report.field_statistics.t;
    assert.deepEqual(t.length && { min: t.length.min, max: t.length.max, mean: t.length.mean }, { min: 0, max: 10, mean: 30 / 7 });
    const d = report.field_statistics.d;
    assert.equal(d.kind, "datetime");
    assert.equal(d.min, "2024-03-01T00:00:00.000Z");
    assert.equal(d.max, "2024-03-09T00:00:00.000Z");
    // 7 rows x 5 fields, 2 null cells.
    assert.equal(report.completeness_score, 33 / 35);
  });

  it("streamed moments: skewness and kurtosis equal the two-pass formulas", () => {
    const xs = [1, 2, 2, 3, 9, 14, 0.5, 7];
    const moments = new Moments();
    xs.forEach((x) => moments.add(x));
    const m = mean(xs);
    const central = (k: number) => xs.reduce((s, x) => s + (x - m) ** k, 0) / xs.length;
    assert.ok(Math.abs(moments.skewness()! - central(3) / central(2) ** 1.5) < 1e-12);
    assert.ok(Math.abs(moments.excessKurtosis()! - (central(4) / central(2) ** 2 - 3)) < 1e-12);
  });

  it("distribution shape: uniform, normal, exponential, constant", () => {
    const random = seededRandom(7);
    const shapeOf = (draw: () => number) => {
      const moments = new Moments();
      let min = Infinity;
      for (let k = 0; k < 20_000; k++) { const x = draw(); moments.add(x); min = Math.min(min, x); }
      return distributionShape(moments, min);
    };
    assert.equal(shapeOf(() => random()), "uniform");
    assert.equal(shapeOf(() => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())), "normal");
    assert.equal(shapeOf(() => -Math.log(1 - random())), "exponential");
    assert.equal(shapeOf(() => 3), "constant");
  });

  it("duplicates, uniqueness and validity: hand counts, with the schema's compiled validator", async () => {
    const schema = { fields: [{ name: "a", type: "integer" as const }, { name: "b", type: "string" as const, constraints: { nullable: true } }] };
    const rows = [{ a: 1, b: "x" }, { a: 1, b: "x" }, { a: 2, b: null }, { a: 2.5, b: "y" }, { b: "x", a: 1 }];
    const report = await calculateQualityMetrics({ schema, data: rows });
    assert.equal(report.row_count, 5);
    assert.equal(report.duplicate_row_count, 2); // three copies of {a:1, b:"x"}
    assert.equal(report.uniqueness_score, 3 / 5);
    assert.equal(report.duplicate_row_rate, 2 / 5);
    assert.equal(report.completeness_score, 9 / 10);
    assert.equal(report.validity_score, 4 / 5); // 2.5 is not an integer
    const injected = await calculateQualityMetrics({ schema, data: rows, validator: (row) => row.b !== null });
    assert.equal(injected.validity_score, 4 / 5);
    assert.equal(injected.valid_row_count, 4);
    assert.ok(Math.abs(report.overall_quality_score! - (9 / 10 + 3 / 5 + 4 / 5) / 3) < 1e-12);
  });

  it("dates read by the fast YYYY-MM-DD path equal Date.parse; impossible days are not dates", () => {
    fc.assert(fc.property(fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }), (date) => {
      const text = date.toISOString().slice(0, 10);
      return numberOf("datetime", text) === Date.parse(text);
    }), { numRuns: 300 });
    assert.ok(Number.isNaN(numberOf("datetime", "2023-02-29")));
    assert.ok(Number.isNaN(numberOf("datetime", "2024-13-01")));
  });

  it("rows that are not objects are refused with an error naming the row", () => {
    assert.throws(() => summarize([{ n: 1 }, null as unknown as Row]), { name: "MetricsInputError", message: /row 2 is not an object \(null\)/ });
  });

  it("a snapshot of another version is refused", () => {
    assert.throws(() => DatasetSummary.fromSnapshot({ version: 99 } as never), { name: "MetricsInputError" });
  });

  it("an empty data set gives null scores, not NaN", async () => {
    const report = await calculateQualityMetrics({ schema: SCHEMA, data: [] });
    assert.equal(report.row_count, 0);
    assert.equal(report.completeness_score, null);
    assert.equal(report.uniqueness_score, null);
    assert.equal(report.validity_score, null);
    assert.equal(report.overall_quality_score, null);
    assert.ok(!JSON.stringify(report).includes("NaN"));
  });

  it("property: summaries of random shards (kept in memory or saved as JSON) merge into the summary of the whole (exact within the bounds)", () => {
    fc.assert(fc.property(
      fc.array(rowArbitrary, { maxLength: 120 }),
      fc.array(fc.nat({ max: 120 }), { maxLength: 5 }),
      fc.boolean(),
      fc.array(rowArbitrary, { maxLength: 30 }),
      (rows, cuts, viaJson, referenceRows) => {
        // Fidelity against a reference too: every metric from merged shards equals the whole's.
        const reference = summarize(referenceRows, { schema: SCHEMA });
        const whole = qualityReport(summarize(rows, { schema: SCHEMA }), reference);
        const merged = qualityReport(summarizeInShards(rows, cuts, { schema: SCHEMA }, viaJson), reference);
        assertAlmostEqual(merged, whole);
      },
    ), { numRuns: 150 });
  });

  it("property: without a schema, shards that discover fields in another order still merge into the whole", () => {
    fc.assert(fc.property(
      fc.array(fc.dictionary(fc.constantFrom("a", "b", "c"), fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(null))), { maxLength: 40 }),
      fc.array(fc.nat({ max: 40 }), { maxLength: 3 }),
      fc.boolean(),
      (rows, cuts, viaJson) => {
        const whole = qualityReport(summarize(rows));
        const merged = qualityReport(summarizeInShards(rows, cuts, {}, viaJson));
        // Field order may differ; compare per field and the data set figures.
        assert.equal(merged.row_count, whole.row_count);
        assert.equal(merged.duplicate_row_count, whole.duplicate_row_count);
        assertAlmostEqual(merged.completeness_score, whole.completeness_score);
        assertAlmostEqual(merged.field_statistics, whole.field_statistics);
      },
    ), { numRuns: 100 });
  });

  it("beyond the exact bounds, merged shards agree with the whole within each sketch's stated error", () => {
    const random = seededRandom(42);
    const rowCount = 60_000;
    const rows: Row[] = [];
    for (let k = 0; k < rowCount; k++) {
      // Zipf-like categories (many distinct, a few heavy), wide numbers, unique ids.
      const category = `cat${Math.floor(1 / (random() + 1e-4))}_${k % 1500}`;
      rows.push({ n: random() * 1000, i: k, t: category, u: `user${k}` });
    }
    // t is declared categorical (its values need not be in the enum for summarising); u is free text.
    const schema = {
      type: "object",
      properties: { n: { type: "number" }, i: { type: "integer" }, t: { type: "string", enum: ["cat1_0"] }, u: { type: "string" } },
    };
    const whole = summarize(rows, { schema });
    const merged = summarizeInShards(rows, [7_000, 29_000, 41_000], { schema }, true);
    const wholeReport = qualityReport(whole);
    const mergedReport = qualityReport(merged);

    // Distinct counts: HyperLogLog registers merge to exactly the whole's, so the estimates are equal,
    // and both are within 4 standard errors of the truth (and never above the number of values).
    // t (about 15,000 distinct values) stays under the exact bound: counted exactly, on both sides.
    const distinctT = new Set(rows.map((r) => r.t)).size;
    assert.ok(distinctT < SUMMARY_LIMITS.exactDistinct);
    assert.equal(mergedReport.field_statistics.t.distinct_approximate, false);
    assert.equal(mergedReport.field_statistics.t.distinct_count, distinctT);
    assert.equal(wholeReport.field_statistics.t.distinct_count, distinctT);
    for (const name of ["i", "u"]) {
      const truth = new Set(rows.map((r) => r[name])).size;
      assert.ok(mergedReport.field_statistics[name].distinct_approximate);
      assert.equal(mergedReport.field_statistics[name].distinct_count, wholeReport.field_statistics[name].distinct_count);
      assert.ok(Math.abs(mergedReport.field_statistics[name].distinct_count - truth) <= 4 * HLL_RELATIVE_ERROR * truth, name);
      assert.ok(mergedReport.field_statistics[name].distinct_count <= rowCount, name);
    }

    // Free text past the distinct bound: identifier-like, its categories are not counted.
    assert.equal(mergedReport.field_statistics.u.top_categories, null);
    assert.match(mergedReport.field_statistics.u.top_categories_note!, /identifier-like/);
    assert.equal(wholeReport.field_statistics.u.top_categories, null);

    // Category counts (Misra-Gries): every estimate is low by at most the stated undercount <= n / (K + 1).
    const t = mergedReport.field_statistics.t;
    assert.ok(t.top_categories_approximate);
    assert.ok(t.top_categories_max_undercount! <= rowCount / (SUMMARY_LIMITS.categoryCounters + 1));
    const truthCounts = new Map<string, number>();
    rows.forEach((r) => truthCounts.set(r.t as string, (truthCounts.get(r.t as string) ?? 0) + 1));
    for (const { value, count } of t.top_categories!) {
      const truth = truthCounts.get(value)!;
      assert.ok(count <= truth && truth - count <= t.top_categories_max_undercount!, `${value}: ${count} vs ${truth}`);
    }

    // Quantiles from the merged uniform sample: rank error within the DKW bound (at 1e-6 confidence).
    const sorted = rows.map((r) => r.n as number).sort((a, b) => a - b);
    const bound = dkwBound(SUMMARY_LIMITS.valueSample, 1e-6);
    const n = mergedReport.field_statistics.n;
    assert.ok(n.quantiles_approximate);
    for (const [key, value] of Object.entries(n.quantiles!)) {
      const p = Number(key.slice(1)) / 100;
      const rank = sorted.findIndex((x) => x >= (value as number)) / rowCount;
      assert.ok(Math.abs(rank - p) <= bound, `${key}: rank ${rank}`);
    }
    // Exact figures stay exact.
    assert.equal(n.count, rowCount);
    assert.equal(n.min, sorted[0]);
    assert.equal(n.max, sorted[rowCount - 1]);
    assert.equal(mergedReport.duplicate_row_count, wholeReport.duplicate_row_count);
    assert.ok(Math.abs((n.mean as number) - mean(sorted)) < 1e-9);
  });

  it("category frequencies: exact up to the bound, and the Misra-Gries bound holds under merging", () => {
    const exact = new FrequencySketch(4);
    "abcdefgh".split("").forEach((k, i) => { for (let r = 0; r <= i; r++) exact.add(k); });
    assert.ok(exact.exact);
    assert.equal(exact.counts.get("h"), 8);
    const a = new FrequencySketch(4);
    const b = new FrequencySketch(4);
    const truth = new Map<string, number>();
    const random = seededRandom(3);
    for (let k = 0; k < 5000; k++) {
      const key = random() < 0.5 ? `heavy${k % 3}` : `light${k}`;
      truth.set(key, (truth.get(key) ?? 0) + 1);
      (k < 2000 ? a : b).add(key);
    }
    a.merge(b);
    assert.ok(a.undercount <= 5000 / 5);
    for (const [key, count] of a.counts) assert.ok(count <= truth.get(key)! && truth.get(key)! - count <= a.undercount);
    for (const heavy of ["heavy0", "heavy1", "heavy2"]) assert.ok(a.counts.has(heavy));
  });
});
