// Fast, non-cryptographic 53-bit string hash for row digests and HyperLogLog.
// This is cyrb53 (bryc, public domain): two 32-bit multiply-xorshift lanes folded into the 53 bits a
// double holds exactly. Collisions among n distinct inputs are expected with probability about n^2 / 2^54
// (about 6e-5 for one million rows), which the row-uniqueness figures accept and the report states.
export function hash53(text: string, seed = 0): number {
  hashStringLanes(text, seed);
  return 4294967296 * lanes.high + (lanes.low >>> 0);
}

/**
 * The two 32-bit lanes of the last `hashStringLanes` / `hashNumberLanes` call (int32). Hot loops read
 * them instead of a 53-bit number so no float is boxed per cell.
 */
export const lanes = { low: 0, high: 0 };

/** cyrb53 of `text`, its lanes left in `lanes` (`high` keeps 21 bits; together the same 53 bits `hash53` returns). */
export function hashStringLanes(text: string, seed: number): void {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  lanes.low = h1 | 0;
  lanes.high = h2 & 2097151;
}

/** A small seeded PRNG (mulberry32) so sampling, and therefore every report, is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

/** murmur3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * 53-bit hash of a number's IEEE-754 bits (no string conversion), seeded like `hash53`. -0 and 0 hash
 * alike, as they compare equal.
 */
export function hashNumber(x: number, seed = 0): number {
  hashNumberLanes(x, seed);
  return 4294967296 * lanes.high + (lanes.low >>> 0);
}

/** `hashNumber` with its lanes left in `lanes`. */
export function hashNumberLanes(x: number, seed: number): void {
  float[0] = x === 0 ? 0 : x;
  const low = words[0];
  const high = words[1];
  const h1 = fmix32(Math.imul(low ^ seed, 0xcc9e2d51) ^ Math.imul(high, 0x1b873593) ^ 0x9e3779b9);
  const h2 = fmix32(Math.imul(high ^ seed, 0x1b873593) ^ Math.imul(low, 0xcc9e2d51) ^ h1);
  lanes.low = h1 | 0;
  lanes.high = h2 & 2097151;
}
