import { strict as assert } from "node:assert";
import fc from "fast-check";
import { seededRandom } from "../../../functions/engine/metrics/hash";
import type { SampledValue } from "../../../functions/engine/metrics";
import {
  boundaryAdherence, calculateQualityMetrics, categoryAdherence, categoryCoverage, compareSummaries,
  contingencySimilarity, correlationSimilarity, discretize, ksComplement, ksStatistic, newRowSynthesis,
  newRowSynthesisWithTolerance, rangeCoverage, summarize, SUMMARY_LIMITS, tvComplement,
} from "../../../functions/engine/metrics";

const close = (actual: number | null | undefined, expected: number, tolerance = 1e-12): void => {
  assert.ok(actual !== null && actual !== undefined, `expected ${expected}, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
};

/** KS statistic the slow way: both empirical CDFs evaluated at every observed value. */
function bruteForceKs(a: number[], b: number[]): number {
  const cdf = (xs: number[], x: number): number => xs.filter((v) => v <= x).length / xs.length;
  return Math.max(...[...a, ...b].map((x) => Math.abs(cdf(a, x) - cdf(b, x))));
}

describe("metrics: SDMetrics fidelity metrics on hand-worked data", () => {
  it("KSComplement: 1 - sup |F_real - F_synthetic|", () => {
    // F_real steps 0.25 at 1,2,3,4; F_synthetic at 3,4,5,6. At x = 2: 0.5 vs 0; at 3: 0.75 vs 0.25; at 4: 1 vs 0.5.
    close(ksComplement([1, 2, 3, 4], [3, 4, 5, 6]).score, 0.5);
    close(ksComplement([1, 2, 3], [1, 2, 3]).score, 1);
    close(ksComplement([1, 2], [3, 4]).score, 0);
    // Ties across the two samples: F_real(1) = 2/3, F_synthetic(1) = 1/3.
    close(ksComplement([1, 1, 2], [1, 2, 2]).score, 1 - 1 / 3);
  });

  it("KS statistic equals the brute-force evaluation on random samples with ties", () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }),
      fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }),
      (a, b) => {
        const sa = [...a].sort((x, y) => x - y);
        const sb = [...b].sort((x, y) => x - y);
        return Math.abs(ksStatistic(sa, sb) - bruteForceKs(a, b)) < 1e-12;
      },
    ), { numRuns: 200 });
  });

  it("KSComplement is NaN (null with a reason) when a side has no values", () => {
    const result = ksComplement([], [1, 2]);
    assert.equal(result.score, null);
    assert.match(result.reason!, /no non-null values/);
  });

  it("TVComplement: 1 - 1/2 sum |R_w - S_w| over the union of categories", () => {
    // R = {a: .5, b: .5}, S = {a: .75, c: .25}: TVD = (.25 + .5 + .25) / 2 = .5.
    close(tvComplement(new Map([["a", 2], ["b", 2]]), new Map([["a", 3], ["c", 1]])).score, 0.5);
    close(tvComplement(new Map([["x", 1]]), new Map([["x", 7]])).score, 1);
    assert.equal(tvComplement(new Map(), new Map([["x", 1]])).score, null);
  });

  it("BoundaryAdherence: share of synthetic values inside [min R, max R]", () => {
    close(boundaryAdherence(0, 10, 5, [-1, 0, 5, 10, 11]).score, 3 / 5);
    assert.equal(boundaryAdherence(0, 10, 5, []).score, null);
    assert.equal(boundaryAdherence(Number.NaN, Number.NaN, 0, [1]).score, null);
  });

  it("RangeCoverage: 1 - (uncovered share below + uncovered share above), at least 0; NaN for a constant real column", () => {
    close(rangeCoverage(0, 10, 2, 9).score, 0.7); // .2 missing below, .1 above
    close(rangeCoverage(0, 10, -5, 20).score, 1);
    close(rangeCoverage(0, 10, 8, 9).score, 0.1);
    close(rangeCoverage(0, 10, 11, 12).score, 0); // 1 - 1.1 clipped at 0
    const constant = rangeCoverage(3, 3, 1, 5);
    assert.equal(constant.score, null);
    assert.match(constant.reason!, /constant/);
  });

  it("CategoryCoverage and CategoryAdherence", () => {
    const synthetic = new Map([["a", 3], ["z", 1]]);
    close(categoryCoverage(["a", "b", "c", "d"], (v) => synthetic.has(v)).score, 1 / 4);
    close(categoryAdherence((v) => v === "a" || v === "b", synthetic).score, 3 / 4);
    assert.equal(categoryCoverage([], () => true).score, null);
    assert.equal(categoryAdherence(() => true, new Map()).score, null);
  });

  it("CorrelationSimilarity: 1 - |S - R| / 2 with Pearson correlations; constant columns are NaN", () => {
    // r = 1 (y = 2x); s = 0 (deviations -1,0,1 against -2/3,4/3,-2/3 sum to 0).
    const result = correlationSimilarity([[1, 2, 3], [2, 4, 6]], [[1, 2, 3], [1, 3, 1]]);
    close(result.real, 1);
    close(result.synthetic, 0);
    close(result.score, 0.5);
    close(correlationSimilarity([[1, 2, 3], [2, 4, 6]], [[1, 2, 3], [3, 2, 1]]).score, 0);
    // Pairwise deletion: the row with a null is dropped, so real (2,2),(4,3),(5,4) against synthetic
    // (2,2),(4,3),(6,4) (r = 3 / sqrt(28 / 3) and r = 1), rather than a 0 standing in for the null.
    const dropped = correlationSimilarity([[null, 2, 4, 5], [1, 2, 3, 4]], [[2, 4, 6, null], [2, 3, 4, 9]]);
    close(dropped.real, 0.9819805060619657, 1e-12);
    close(dropped.synthetic, 1, 1e-12);
    // Fewer than two complete rows: the correlation is undefined, so NaN (SDMetrics' pearsonr raises or gives NaN).
    assert.equal(correlationSimilarity([[1, 2, null], [null, 5, 6]], [[1, 2, 3], [4, 5, 6]]).score, null);
    const constant = correlationSimilarity([[1, 1, 1], [1, 2, 3]], [[1, 2, 3], [1, 2, 3]]);
    assert.equal(constant.score, null);
    assert.match(constant.reason!, /constant/);
  });

  it("CorrelationSimilarity on 400 rows with nulls in both columns: Pearson over the complete rows only", () => {
    // The case: nulls scattered over both columns of the real pair. SDMetrics drops a row when
    // either value is missing; counting a null as 0 pulls the correlation off (and the score with it).
    const random = seededRandom(400);
    const realX: SampledValue[] = [];
    const realY: SampledValue[] = [];
    const syntheticX: SampledValue[] = [];
    const syntheticY: SampledValue[] = [];
    for (let i = 0; i < 400; i++) {
      const x = 40 + random() * 20;
      realX.push(random() < 0.1 ? null : x);
      realY.push(random() < 0.1 ? null : 2 * x + random() * 15);
      const u = 40 + random() * 20;
      syntheticX.push(u);
      syntheticY.push(u + random() * 30);
    }
    // Pearson the textbook way over the rows where both are numbers.
    const complete = (xs: SampledValue[], ys: SampledValue[]): number => {
      const pairs = xs.map((x, i) => [x, ys[i]]).filter(([a, b]) => a !== null && b !== null) as number[][];
      const mx = pairs.reduce((t, [a]) => t + a, 0) / pairs.length;
      const my = pairs.reduce((t, [, b]) => t + b, 0) / pairs.length;
      const sxy = pairs.reduce((t, [a, b]) => t + (a - mx) * (b - my), 0);
      const sxx = pairs.reduce((t, [a]) => t + (a - mx) ** 2, 0);
      const syy = pairs.reduce((t, [, b]) => t + (b - my) ** 2, 0);
      return sxy / Math.sqrt(sxx * syy);
    };
    const r = complete(realX, realY);
    const s = complete(syntheticX, syntheticY);
    const result = correlationSimilarity([realX, realY], [syntheticX, syntheticY]);
    close(result.real, r, 1e-9);
    close(result.synthetic, s, 1e-9);
    close(result.score, 1 - Math.abs(r - s) / 2, 1e-9);
    // Nulls as zeros would give another correlation altogether.
    const zeroed = complete(realX.map((v) => v ?? 0), realY.map((v) => v ?? 0));
    assert.ok(Math.abs(zeroed - r) > 0.05, `nulls as 0 give ${zeroed}, complete rows ${r}`);
  });

  it("ContingencySimilarity: 1 - TVD of the joint distribution (null is a value)", () => {
    // R = {(a,x): .5, (b,y): .5}; S = {(a,x): .25, (b,x): .25, (b,y): .5}: TVD = (.25 + .25) / 2.
    close(contingencySimilarity([["a", "a", "b", "b"], ["x", "x", "y", "y"]], [["a", "b", "b", "b"], ["x", "x", "y", "y"]]).score, 0.75);
    close(contingencySimilarity([["a", null], ["x", "x"]], [["a", null], ["x", "x"]]).score, 1);
    assert.equal(contingencySimilarity([[], []], [["a"], ["x"]]).score, null);
  });

  it("NewRowSynthesis: share of synthetic rows (duplicates counted) that match no real row", () => {
    const real = summarize([{ a: 1, b: "x" }, { a: 2, b: "y" }]);
    const synthetic = summarize([{ b: "x", a: 1 }, { a: 3, b: "z" }, { a: 3, b: "z" }, { a: 2, b: "w" }]);
    const report = compareSummaries(real, synthetic);
    close(report.new_row_synthesis.score, 3 / 4);
    assert.equal(report.new_row_synthesis.new_rows, 3);
    const empty = newRowSynthesis([], () => false);
    assert.equal(empty.score, null);
  });

  it("NewRowSynthesis with SDMetrics' 1% tolerance on numbers; null matches null", () => {
    const numeric = [true, false];
    const real = [[100, "a"], [200, "b"], [null, "c"]];
    const synthetic = [
      [100.5, "a"], // |100 - 100.5| <= 1.005: a copy
      [103, "a"], // 3 > 1.03: new
      [200, "a"], // the real 200 has c = "b": new
      [null, "c"], // a copy
    ];
    const result = newRowSynthesisWithTolerance(real, synthetic, numeric);
    close(result.score, 2 / 4);
    assert.equal(result.new_rows, 2);
  });

  it("discretize: SDMetrics' 10 right-closed bins over the real range, open at both ends", () => {
    // Inner edges 1, 2, ..., 9: 1 falls in (-inf, 1], 1.5 in (1, 2], 9 in (8, 9], 9.5 and 99 in (9, inf).
    assert.deepEqual(discretize([-5, 0, 1, 1.5, 9, 9.5, 99, null], 0, 10), [0, 0, 0, 1, 8, 9, 9, null]);
  });

  it("NewRowSynthesis over a uniform sample of a large synthetic set: within the DKW bound, flagged", () => {
    const real = summarize([{ k: 0 }, { k: 1 }]);
    const rows = Array.from({ length: SUMMARY_LIMITS.rowSample + 2_000 }, (_, i) => ({ k: i % 4 })); // half copy a real row
    const result = compareSummaries(real, summarize(rows)).new_row_synthesis;
    assert.equal(result.approximate, true);
    assert.ok(Math.abs(result.score! - 0.5) <= result.error_bound!, `score ${result.score}`);
    assert.match(result.reason!, /uniform sample of 10000 of the 12000 synthetic rows/);
  });

  it("NewRowSynthesis against a reference larger than the row sample: exact digest matches, flagged", () => {
    const reference = Array.from({ length: SUMMARY_LIMITS.rowSample + 1 }, (_, k) => ({ k }));
    const report = compareSummaries(summarize(reference), summarize([{ k: 5 }, { k: -1 }]));
    close(report.new_row_synthesis.score, 1 / 2);
    assert.equal(report.new_row_synthesis.approximate, true);
    assert.match(report.new_row_synthesis.reason!, /exact matches only/);
  });

  it("end to end: shapes, coverage and pair trends from summaries, overall = mean of shapes and pair trends", async () => {
    const schema = {
      fields: [
        { name: "n", type: "integer" as const },
        { name: "m", type: "integer" as const },
        { name: "c", type: "string" as const, constraints: { enum: ["a", "b"] } },
        { name: "k", type: "boolean" as const },
      ],
    };
    const real = [
      { n: 1, m: 2, c: "a", k: true }, { n: 2, m: 4, c: "a", k: true },
      { n: 3, m: 6, c: "b", k: false }, { n: 4, m: 8, c: "b", k: false },
    ];
    const synthetic = [
      { n: 3, m: 3, c: "a", k: true }, { n: 4, m: 1, c: "a", k: false },
      { n: 5, m: 2, c: "a", k: true }, { n: 6, m: 3, c: "b", k: false },
    ];
    const report = await calculateQualityMetrics({ schema, data: synthetic, reference: real });
    const fidelity = report.fidelity!;
    const shape = (field: string) => fidelity.column_shapes.metrics.find((m) => m.field === field)!;
    close(shape("n").score, 0.5); // F_real(2) = .5, F_synthetic(2) = 0 ...
    // m: real {2,4,6,8}, synthetic {1,2,3,3}: at x = 3, F_real = .25 and F_synthetic = 1.
    close(shape("m").score, 0.25);
    close(shape("c").score, 0.75); // R = .5/.5, S = .75/.25
    close(shape("k").score, 1);
    const coverage = (field: string, metric: string) => fidelity.coverage.find((m) => m.field === field && m.metric === metric)!;
    close(coverage("n", "BoundaryAdherence").score, 2 / 4);
    close(coverage("n", "RangeCoverage").score, 1 - 2 / 3); // synthetic min 3 leaves (3-1)/3 uncovered
    // Pairs: (n, m) numeric -> CorrelationSimilarity; (c, k) categorical -> ContingencySimilarity.
    const pair = (a: string, b: string) => fidelity.column_pair_trends.metrics.find((m) => m.fields[0] === a && m.fields[1] === b)!;
    assert.equal(pair("n", "m").metric, "CorrelationSimilarity");
    close(pair("n", "m").real, 1);
    assert.equal(pair("c", "k").metric, "ContingencySimilarity");
    // R: (a,T) .5, (b,F) .5; S: (a,T) .5, (a,F) .25, (b,F) .25 -> TVD = (.25 + .25) / 2.
    close(pair("c", "k").score, 0.75);
    // Mixed pair (n, c): n in 10 bins over the real range [1, 4] (inner edges 1.3, 1.6, ..., 3.7,
    // right-closed): real bins 0, 3, 6, 9; synthetic n = 3, 4, 5, 6 -> bins 6, 9, 9, 9.
    // R: (0,a) (3,a) (6,b) (9,b) .25 each; S: (6,a) .25, (9,a) .5, (9,b) .25 -> TVD = (.25+.25+.25+.25+.5) / 2.
    assert.equal(pair("n", "c").metric, "ContingencySimilarity");
    close(pair("n", "c").score, 0.25);
    const shapesMean = (0.5 + 0.25 + 0.75 + 1) / 4;
    close(fidelity.column_shapes.score, shapesMean);
    const pairsMean = fidelity.column_pair_trends.metrics.reduce((s, m) => s + m.score!, 0) / fidelity.column_pair_trends.metrics.length;
    close(fidelity.overall_score, (shapesMean + pairsMean) / 2);
  });

  it("constant and empty reference columns give null scores with reasons, left out of the means", async () => {
    const schema = { type: "object", properties: { x: { type: "number" }, y: { type: ["number", "null"] } } };
    const real = [{ x: 5, y: null }, { x: 5, y: null }, { x: 5, y: null }];
    const synthetic = [{ x: 4, y: 1 }, { x: 5, y: 2 }, { x: 6, y: 3 }];
    const report = await calculateQualityMetrics({ schema, data: synthetic, reference: real, validator: () => true });
    const fidelity = report.fidelity!;
    const range = fidelity.coverage.find((m) => m.field === "x" && m.metric === "RangeCoverage")!;
    assert.equal(range.score, null);
    assert.match(range.reason!, /constant/);
    const yShape = fidelity.column_shapes.metrics.find((m) => m.field === "y")!;
    assert.equal(yShape.score, null);
    const correlation = fidelity.column_pair_trends.metrics[0];
    assert.equal(correlation.score, null);
    assert.equal(fidelity.column_pair_trends.score, null);
    // x: real all 5, synthetic 4,5,6 -> D = max(|0 - 1/3|, |1 - 2/3|) = 1/3.
    close(fidelity.column_shapes.score, 2 / 3);
    close(fidelity.overall_score, 2 / 3);
  });
});
