// Deep equality of reports merged from shards against one pass over the same rows.
import { strict as assert } from "node:assert";

/**
 * Deep equality where numbers may differ by a relative 1e-9 and mean times by a millisecond (moments merged in
 * another order round differently).
 */
export function assertAlmostEqual(actual: unknown, expected: unknown, path = "$"): void {
  if (typeof expected === "number" && typeof actual === "number") {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${path}: ${actual} != ${expected}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual) && actual.length === expected.length, `${path}: array lengths differ`);
    expected.forEach((e, i) => assertAlmostEqual((actual as unknown[])[i], e, `${path}[${i}]`));
  } else if (typeof expected === "object" && expected !== null) {
    assert.ok(typeof actual === "object" && actual !== null, `${path}: not an object`);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), `${path}: keys differ`);
    for (const key of Object.keys(expected)) assertAlmostEqual((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
  } else if (typeof expected === "string" && typeof actual === "string" && /^\d{4}-\d\d-\d\dT/.test(expected)) {
    assert.ok(Math.abs(Date.parse(actual) - Date.parse(expected)) <= 1, `${path}: ${actual} != ${expected}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}
