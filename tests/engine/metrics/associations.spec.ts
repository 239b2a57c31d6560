import { strict as assert } from "node:assert";
import { cramersV, correlationRatio, spearman } from "../../../functions/engine/metrics/associations";

const close = (actual: number, expected: number, tolerance = 1e-12): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
};

describe("metrics: associations between columns, on hand-worked data", () => {
  it("Spearman: Pearson of the ranks (ties share their mean rank), over rows where both are numbers", () => {
    close(spearman([1, 2, 3, 4], [10, 100, 1000, 10_000]), 1); // monotone, not linear
    close(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
    // Ranks x: 1, 2.5, 2.5, 4; y: 1, 2, 3, 4 -> r = 4.5 / sqrt(4.5 * 5).
    close(spearman([1, 2, 2, 3], [1, 2, 3, 4]), 4.5 / Math.sqrt(4.5 * 5));
    close(spearman([1, null, 2, 3], [1, 99, 2, 3]), 1); // the row with a null is left out
  });

  it("Cramér's V: sqrt(chi^2 / (n (min(r, c) - 1)))", () => {
    close(cramersV(["a", "a", "b", "b"], ["x", "x", "y", "y"]), 1);
    close(cramersV(["a", "b", "a", "b"], ["x", "x", "y", "y"]), 0);
    // Table [[2, 1], [0, 1]], n = 4: expected [[1.5, 1.5], [0.5, 0.5]], chi^2 = 1/6 + 1/6 + 1/2 + 1/2 = 4/3.
    close(cramersV(["a", "a", "a", "b"], ["x", "x", "y", "y"]), Math.sqrt(4 / 3 / 4));
    assert.ok(Number.isNaN(cramersV(["a", "a"], ["x", "y"])), "one category: undefined");
  });

  it("correlation ratio: sqrt(between-group / total sum of squares)", () => {
    close(correlationRatio(["a", "a", "b", "b"], [1, 1, 5, 5]), 1);
    close(correlationRatio(["a", "b", "a", "b"], [1, 1, 5, 5]), 0);
    // Groups a: 1, 3 (mean 2), b: 5 (mean 5); grand mean 3: between 2 * 1 + 1 * 4 = 6, total 4 + 0 + 4 = 8.
    close(correlationRatio(["a", "a", "b", null], [1, 3, 5, 100]), Math.sqrt(6 / 8));
  });
});
