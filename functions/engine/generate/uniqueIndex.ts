// Unique values from the global row index, not from memory: row i of a data set gets the i-th value of a
// keyed permutation of the field's value space, so no two rows share a value however the rows are cut into
// shards and whichever thread, process or Lambda computes them, and nothing is remembered. The permutation is
// a Feistel network (a bijection on 2^(2h) for any round function), walked in cycles down to the space's
// size; its round keys come from the data set's seed and the field, so the values look drawn, not counted.
// The relational work uses the same helpers for primary keys (key: the seed and the table's column).
import { hashSeed } from "./prng";

const ROUNDS = 6;
/** The largest value space a permutation covers: 2^52 values keep every step in safe integers. */
export const MAX_PERMUTED_SPACE = 2 ** 52;

/** murmur3's finaliser: a cheap 32-bit mix that spreads every input bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function roundKeys(key: string): Uint32Array {
  const seed = hashSeed(key);
  const keys = new Uint32Array(ROUNDS);
  for (let r = 0; r < ROUNDS; r++) keys[r] = fmix32((seed[r % 4] + Math.imul(r + 1, 0x9e3779b9)) >>> 0);
  return keys;
}

/** One Feistel pass over halves of `bits` bits (1-32): a bijection on pairs (left, right). */
function feistel(keys: Uint32Array, bits: number, left: number, right: number): [number, number] {
  const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  for (let r = 0; r < ROUNDS; r++) {
    const f = (fmix32(Math.imul(right ^ keys[r], 0x9e3779b1) ^ keys[(r + 1) % ROUNDS]) & mask) >>> 0;
    const next = (left ^ f) >>> 0;
    left = right;
    right = next;
  }
  return [left, right];
}

/**
 * A keyed permutation of 0..size-1 (size up to 2^52): distinct indexes give distinct values, every value
 * of the space is reached once. An index outside the space has no value (undefined).
 */
export function keyedPermutation(key: string, size: number): (index: number) => number | undefined {
  if (!Number.isSafeInteger(size) || size < 1 || size > MAX_PERMUTED_SPACE) {
    throw new RangeError(`a permuted value space holds 1 to 2^52 values, got ${size}`);
  }
  const keys = roundKeys(key);
  // Halves of h bits: a domain of 2^(2h) >= size, under 4 * size, so cycle walking takes few steps.
  const half = Math.max(1, Math.ceil(Math.ceil(Math.log2(size)) / 2));
  const base = 2 ** half;
  return (index) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) return undefined;
    let x = index;
    do {
      const [l, r] = feistel(keys, half, Math.floor(x / base), x % base);
      x = l * base + r;
    } while (x >= size);
    return x;
  };
}

/** Distinct integers of first..last (as many as the range holds) by row index; undefined once they run out. */
export function uniqueIntegers(key: string, first: number, last: number, step = 1): (index: number) => number | undefined {
  const size = Math.floor((last - first) / step) + 1;
  const permute = keyedPermutation(key, Math.min(size, MAX_PERMUTED_SPACE));
  return (index) => {
    const k = permute(index);
    return k === undefined ? undefined : first + k * step;
  };
}

const hex = (n: number, digits: number) => n.toString(16).padStart(digits, "0");

/**
 * Distinct version-4 UUIDs by row index (any index up to 2^53): 64 bits of a keyed permutation of the
 * index spread over the UUID's free bits (recoverable, hence distinct), the other 58 from a hash of them.
 */
export function uniqueUuids(key: string): (index: number) => string | undefined {
  const keys = roundKeys(key);
  const fill = roundKeys(key + "/fill");
  return (index) => {
    if (!Number.isSafeInteger(index) || index < 0) return undefined;
    const [hi, lo] = feistel(keys, 32, Math.floor(index / 2 ** 32), index >>> 0);
    const a = fmix32(hi ^ fill[0]), b = fmix32(lo ^ fill[1]), c = fmix32(a ^ b ^ fill[2]);
    return `${hex(hi, 8)}-${hex(lo >>> 16, 4)}-4${hex((lo >>> 4) & 0xfff, 3)}-`
      + `${hex(0x8000 | ((lo & 0xf) << 10) | (a & 0x3ff), 4)}-${hex(b, 8)}${hex(c & 0xffff, 4)}`;
  };
}
