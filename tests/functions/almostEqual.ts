// Deep equality of reports merged from shards against one pass over the same rows (the pipeline specs, and
// scripts/pipeline-scale.ts for its 10-million-row run by hand).
import { strict as assert } from "node:assert";

/**
 * Every difference between two reports, where numbers may differ by a relative 1e-9 and mean times by a
 * millisecond (moments merged in another order round differently).
 */
export function differences(actual: unknown, expected: unknown, path = "$", out: string[] = []): string[] {
  if (typeof expected === "number" && typeof actual === "number") {
    if (!(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)))) out.push(`${path}: ${actual} != ${expected}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) out.push(`${path}: array lengths differ`);
    else expected.forEach((e, i) => differences(actual[i], e, `${path}[${i}]`, out));
  } else if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null) { out.push(`${path}: not an object`); return out; }
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const key of keys) differences((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`, out);
  } else if (typeof actual === "string" && typeof expected === "string" && /^\d{4}-\d\d-\d\dT/.test(expected)) {
    if (!(Math.abs(Date.parse(actual) - Date.parse(expected)) <= 1)) out.push(`${path}: ${actual} != ${expected}`);
  } else if (JSON.stringify(actual) !== JSON.stringify(expected)) out.push(`${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
  return out;
}

/** Fails naming the first differences (see differences). */
export function assertAlmostEqual(actual: unknown, expected: unknown, path = "$"): void {
  const found = differences(actual, expected, path);
  assert.deepEqual(found.slice(0, 20), [], `${found.length} differences`);
}
