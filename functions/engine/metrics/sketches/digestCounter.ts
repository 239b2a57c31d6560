// Counts of row digests (53-bit hashes) in an open-addressing table of typed arrays: about 12 bytes a
// distinct row, so a million distinct rows fit in ~24 MB. Exact (up to hash collisions, see hash.ts)
// while at most `limit` distinct digests are seen; beyond that the table is dropped for a HyperLogLog
// of the digests, which still estimates the number of distinct rows but can no longer say which.
import { HyperLogLog } from "./hyperLogLog";

const EMPTY = 0;

export interface DigestCounterSnapshot { limit: number; total: number; digests?: string; counts?: string; hll?: string }

export class DigestCounter {
  private keys: Float64Array;
  private counts: Uint32Array;
  private mask: number;
  /** Distinct digests held (while exact). */
  size = 0;
  total = 0;
  overflow: HyperLogLog | null = null;

  constructor(readonly limit = 1 << 20, initialCapacity = 1 << 12) {
    this.keys = new Float64Array(initialCapacity);
    this.counts = new Uint32Array(initialCapacity);
    this.mask = initialCapacity - 1;
  }

  get exact(): boolean {
    return this.overflow === null;
  }

  add(digest: number, count = 1): void {
    this.total += count;
    this.insert(digest, count);
  }

  /** How many times the digest was added (exact mode only; 0 when unknown). */
  countOf(digest: number): number {
    if (this.overflow) return 0;
    const key = digest === EMPTY ? 1 : digest;
    for (let slot = key % (this.mask + 1); ; slot = (slot + 1) & this.mask) {
      if (this.keys[slot] === key) return this.counts[slot];
      if (this.keys[slot] === EMPTY) return 0;
    }
  }

  /** Number of distinct digests: exact, or the HyperLogLog estimate after overflow. */
  distinct(): number {
    return this.overflow ? this.overflow.estimate() : this.size;
  }

  *entries(): Generator<[number, number]> {
    for (let slot = 0; slot <= this.mask; slot++) {
      if (this.keys[slot] !== EMPTY) yield [this.keys[slot], this.counts[slot]];
    }
  }

  /** Exact mode: the digests and their counts as base64 (12 bytes a row); after overflow: the HyperLogLog. */
  snapshot(): DigestCounterSnapshot {
    if (this.overflow) return { limit: this.limit, total: this.total, hll: this.overflow.snapshot() };
    const digests = new Float64Array(this.size);
    const counts = new Uint32Array(this.size);
    let k = 0;
    for (const [digest, count] of this.entries()) { digests[k] = digest; counts[k++] = count; }
    return {
      limit: this.limit, total: this.total,
      digests: Buffer.from(digests.buffer).toString("base64"), counts: Buffer.from(counts.buffer).toString("base64"),
    };
  }

  static restore(snapshot: DigestCounterSnapshot): DigestCounter {
    const counter = new DigestCounter(snapshot.limit);
    if (snapshot.hll !== undefined) {
      counter.toOverflow();
      counter.overflow = HyperLogLog.restore(snapshot.hll);
    } else {
      const digestBytes = Buffer.from(snapshot.digests ?? "", "base64");
      const countBytes = Buffer.from(snapshot.counts ?? "", "base64");
      const digests = new Float64Array(digestBytes.buffer.slice(digestBytes.byteOffset, digestBytes.byteOffset + digestBytes.length));
      const counts = new Uint32Array(countBytes.buffer.slice(countBytes.byteOffset, countBytes.byteOffset + countBytes.length));
      if (digests.length !== counts.length) throw new RangeError("a row-digest snapshot needs one count per digest");
      for (let k = 0; k < digests.length; k++) counter.insert(digests[k], counts[k]);
    }
    counter.total = snapshot.total;
    return counter;
  }

  merge(other: DigestCounter): void {
    this.total += other.total;
    if (other.overflow) {
      this.toOverflow();
      this.overflow!.merge(other.overflow);
      return;
    }
    for (const [digest, count] of other.entries()) this.insert(digest, count);
  }

  private insert(digest: number, count: number): void {
    if (this.overflow) {
      this.overflow.addHash(digest);
      return;
    }
    const key = digest === EMPTY ? 1 : digest;
    let slot = key % (this.mask + 1);
    while (this.keys[slot] !== EMPTY) {
      if (this.keys[slot] === key) {
        this.counts[slot] += count;
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    if (this.size + 1 > this.limit) {
      this.toOverflow();
      this.overflow!.addHash(key);
      return;
    }
    this.keys[slot] = key;
    this.counts[slot] = count;
    this.size++;
    if (this.size * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldCounts = this.counts;
    const capacity = (this.mask + 1) * 2;
    this.keys = new Float64Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const key = oldKeys[i];
      if (key === EMPTY) continue;
      let slot = key % capacity;
      while (this.keys[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.counts[slot] = oldCounts[i];
    }
  }

  private toOverflow(): void {
    if (this.overflow) return;
    const sketch = new HyperLogLog();
    for (const [digest] of this.entries()) sketch.addHash(digest);
    this.overflow = sketch;
    this.keys = new Float64Array(0);
    this.counts = new Uint32Array(0);
    this.mask = -1;
    this.size = 0;
  }
}
