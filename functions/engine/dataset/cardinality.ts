// Cardinalities as people write them: `0..20 per parent, mean 3, skewed` in a COMMENT, or
// `{min: 0, max: 20, mean: 3, distribution: "skewed"}` (or the same text) in a data-set document; and the
// seeded draw of one parent's number of children from it.
import type { Rng } from "../generate/prng";
import { type Cardinality, meanOf } from "./model";

const DISTRIBUTIONS = ["uniform", "poisson", "skewed"] as const;

/** Reads `MIN..MAX [per parent][, mean M][, uniform|poisson|skewed][, N% null]`; exactly `N` means N..N. */
export function parseCardinality(text: string): { cardinality: Cardinality; nullShare?: number } | { problem: string } {
  const range = /(\d+)\s*(?:\.\.|-|to)\s*(\d+)/i.exec(text) ?? /(?:^|\s)(?:exactly\s+)?(\d+)(?=\s*(?:per|,|$))/i.exec(text);
  if (!range) return { problem: `"${text}" names no number of children per parent (write MIN..MAX, e.g. "0..20 per parent, mean 3, skewed")` };
  const min = Number(range[1]);
  const max = Number(range[2] ?? range[1]);
  const mean = /mean\s*[=:]?\s*(\d+(?:\.\d+)?)/i.exec(text);
  const distribution = DISTRIBUTIONS.find((d) => new RegExp(`\\b${d}\\b`, "i").test(text)) ?? (mean ? "poisson" : "uniform");
  const nulls = /(\d+(?:\.\d+)?)\s*%\s*null/i.exec(text);
  return checkCardinality({ min, max, ...(mean ? { mean: Number(mean[1]) } : {}), distribution }, nulls ? Number(nulls[1]) / 100 : undefined);
}

/** A document's cardinality: the text form, or an object with min, max, mean, distribution. */
export function cardinalityFromDocument(value: unknown): { cardinality: Cardinality; nullShare?: number } | { problem: string } {
  if (typeof value === "string") return parseCardinality(value);
  if (typeof value !== "object" || value === null) return { problem: "cardinality must be text (\"0..20, mean 3, skewed\") or {min, max, mean, distribution}" };
  const v = value as Record<string, unknown>;
  const min = v.min ?? 0, max = v.max;
  if (typeof min !== "number" || typeof max !== "number") return { problem: "cardinality needs numbers min and max" };
  const distribution = v.distribution ?? (v.mean !== undefined ? "poisson" : "uniform");
  if (!DISTRIBUTIONS.includes(distribution as "uniform")) return { problem: `distribution must be one of ${DISTRIBUTIONS.join(", ")}` };
  if (v.mean !== undefined && typeof v.mean !== "number") return { problem: "mean must be a number" };
  if (v.nullShare !== undefined && (typeof v.nullShare !== "number" || v.nullShare < 0 || v.nullShare > 1)) return { problem: "nullShare must be a number in 0..1" };
  return checkCardinality({ min, max, ...(v.mean !== undefined ? { mean: v.mean as number } : {}), distribution: distribution as Cardinality["distribution"] }, v.nullShare as number | undefined);
}

function checkCardinality(c: Cardinality, nullShare: number | undefined): { cardinality: Cardinality; nullShare?: number } | { problem: string } {
  if (!Number.isSafeInteger(c.min) || !Number.isSafeInteger(c.max) || c.min < 0 || c.max < c.min) return { problem: `children per parent ${c.min}..${c.max} is not a range of whole numbers from low to high` };
  if (c.max > 100_000) return { problem: `at most 100000 children per parent, got ${c.max}` };
  if (c.mean !== undefined && (c.mean < c.min || c.mean > c.max)) return { problem: `mean ${c.mean} lies outside ${c.min}..${c.max}` };
  if (nullShare !== undefined && (nullShare < 0 || nullShare > 1)) return { problem: "the null share must be 0-100%" };
  return { cardinality: c, ...(nullShare !== undefined ? { nullShare } : {}) };
}

/** `0..20, mean 3, skewed`: the form a note or a report shows. */
export function describeCardinality(c: Cardinality): string {
  return `${c.min}..${c.max}${c.mean !== undefined ? `, mean ${c.mean}` : ""}, ${c.distribution}`;
}

/**
 * One parent's number of children, in [min, max]. uniform: every count alike; poisson: around the mean;
 * skewed: a negative binomial with shape 1 (geometric), so most parents have few children and a few many.
 * The draw is redrawn when it falls outside the range (so the mean holds inside it) and clamped after 20 tries.
 */
export function drawCount(c: Cardinality, rng: Rng): number {
  if (c.min === c.max) return c.min;
  if (c.distribution === "uniform" && c.mean === undefined) return rng.int(c.min, c.max);
  const mean = meanOf(c);
  if (c.distribution === "uniform") {
    // A stated mean off the middle: a two-point mix of uniform halves around it.
    const lower = rng.chance((c.max - mean) / (c.max - c.min));
    return lower ? rng.int(c.min, Math.floor(mean)) : rng.int(Math.ceil(mean), c.max);
  }
  const extra = mean - c.min;
  for (let attempt = 0; attempt < 20; attempt++) {
    let k: number;
    if (c.distribution === "poisson") k = poisson(extra, rng);
    else {
      // Geometric with mean `extra`: P(k) = p (1-p)^k, p = 1 / (1 + extra).
      const p = 1 / (1 + extra);
      k = extra <= 0 ? 0 : Math.floor(Math.log(1 - rng.float()) / Math.log(1 - p));
    }
    const n = c.min + k;
    if (n <= c.max) return n;
  }
  return c.max;
}

function poisson(lambda: number, rng: Rng): number {
  if (lambda <= 0) return 0;
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const limit = Math.exp(-lambda);
  let k = 0, p = rng.float();
  while (p > limit) { k++; p *= rng.float(); }
  return k;
}

/**
 * P(drawCount(c) = min + k) for k = 0..max - min: the distribution the draw follows, what a report sets the
 * counts per parent against. For poisson and skewed, p(k) is the untruncated law (Poisson(mean - min),
 * geometric with p = 1 / (1 + mean - min)); a draw above max is redrawn up to 20 times, then max is taken, so
 * P(k) = p(k) (1 - q^20) / (1 - q) for k <= max - min, q = P(k > max - min), and max gets q^20 more.
 * (Above a mean of 50 the draw is a rounded normal; its Poisson law is what is shown.)
 */
export function countDistribution(c: Cardinality): number[] {
  const range = c.max - c.min;
  if (range === 0) return [1];
  if (c.distribution === "uniform") {
    if (c.mean === undefined) return new Array<number>(range + 1).fill(1 / (range + 1));
    const mean = c.mean;
    const lower = (c.max - mean) / (c.max - c.min);
    const out = new Array<number>(range + 1).fill(0);
    const low = Math.floor(mean) - c.min, high = Math.ceil(mean) - c.min;
    for (let k = 0; k <= low; k++) out[k]! += lower / (low + 1);
    for (let k = high; k <= range; k++) out[k]! += (1 - lower) / (range - high + 1);
    return out;
  }
  const extra = meanOf(c) - c.min;
  const law = new Array<number>(range + 1).fill(0);
  if (extra <= 0) law[0] = 1;
  else if (c.distribution === "poisson") {
    let log = -extra; // log p(0), then log p(k) = log p(k-1) + log(extra / k)
    for (let k = 0; k <= range; k++) { if (k > 0) log += Math.log(extra / k); law[k] = Math.exp(log); }
  } else {
    const p = 1 / (1 + extra);
    for (let k = 0; k <= range; k++) law[k] = p * (1 - p) ** k;
  }
  const inside = law.reduce((a, b) => a + b, 0);
  const q = Math.max(0, 1 - inside);
  const accepted = q >= 1 ? 0 : (1 - q ** 20) / (1 - q);
  const out = law.map((v) => v * accepted);
  out[range]! += q ** 20;
  return out;
}
