// Category frequencies in bounded memory. Exact counts while at most 4K distinct values have been seen;
// beyond that a Misra-Gries summary (Misra & Gries 1982, in the mergeable form of Agarwal et al. 2012):
// when the table exceeds 4K keys, the (K+1)-th largest count is subtracted from every counter and
// non-positive counters are dropped. Every kept estimate f^ satisfies f - undercount <= f^ <= f, where
// `undercount` (the sum of the subtracted amounts) never exceeds total / (K + 1). Merging adds the
// counters, then compacts the same way, and keeps the same guarantee.
export interface FrequencySnapshot { keep: number; total: number; undercount: number; counts: Array<[string, number]> }

/** Counters kept before a compaction, as a multiple of K: more slack means rarer compactions. */
const COMPACT_FACTOR = 4;

/**
 * A mutable counter, so counting a value already seen takes one map lookup, not two. It also keeps
 * the value's cell hash for its owner (`low`/`high` lanes; `high` < 0 while unknown), so a frequent
 * value is hashed once, not at every occurrence.
 */
export interface Counter { n: number; low: number; high: number }

export class FrequencySketch {
  private cells = new Map<string, Counter>();
  total = 0;
  /** Largest amount by which any kept count may fall short of the truth (0 while exact). */
  undercount = 0;

  constructor(readonly keep = 512) {}

  get exact(): boolean {
    return this.undercount === 0;
  }

  /** Values with a counter. */
  get size(): number {
    return this.cells.size;
  }

  keys(): IterableIterator<string> {
    return this.cells.keys();
  }

  /** The counts as a new map (value -> count). */
  get counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [key, cell] of this.cells) counts.set(key, cell.n);
    return counts;
  }

  /** Counts one occurrence; returns the value's counter (n = 1 when it is new). */
  add(key: string): Counter {
    this.total++;
    let cell = this.cells.get(key);
    if (cell !== undefined) {
      cell.n++;
    } else {
      cell = { n: 1, low: 0, high: -1 };
      this.cells.set(key, cell);
      if (this.cells.size > COMPACT_FACTOR * this.keep) this.compact();
    }
    return cell;
  }

  merge(other: FrequencySketch): void {
    this.total += other.total;
    this.undercount += other.undercount;
    for (const [key, cell] of other.cells) {
      const mine = this.cells.get(key);
      if (mine) mine.n += cell.n;
      else this.cells.set(key, { n: cell.n, low: cell.low, high: cell.high });
    }
    if (this.cells.size > COMPACT_FACTOR * this.keep) this.compact();
  }

  /** The most frequent values, highest first (ties by value, so the order is deterministic). */
  top(limit: number): Array<{ value: string; count: number }> {
    return [...this.cells]
      .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, limit)
      .map(([value, cell]) => ({ value, count: cell.n }));
  }

  snapshot(): FrequencySnapshot {
    return { keep: this.keep, total: this.total, undercount: this.undercount, counts: [...this.cells].map(([k, c]) => [k, c.n]) };
  }

  /** Restores the counts into this (empty) sketch. */
  restoreInto(snapshot: FrequencySnapshot): void {
    this.cells = new Map(snapshot.counts.map(([key, n]) => [key, { n, low: 0, high: -1 }]));
    this.total = snapshot.total;
    this.undercount = snapshot.undercount;
  }

  private compact(): void {
    const sorted = Array.from(this.cells.values(), (c) => c.n).sort((a, b) => b - a);
    const cut = sorted[this.keep]; // the (K+1)-th largest count
    for (const [key, cell] of this.cells) {
      if (cell.n <= cut) this.cells.delete(key);
      else cell.n -= cut;
    }
    this.undercount += cut;
  }
}
