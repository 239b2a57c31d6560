// Category frequencies in bounded memory. Exact counts while at most 2K distinct values have been seen;
// beyond that a Misra-Gries summary (Misra & Gries 1982, in the mergeable form of Agarwal et al. 2012):
// when the table exceeds 2K keys, the (K+1)-th largest count is subtracted from every counter and
// non-positive counters are dropped. Every kept estimate f^ satisfies f - undercount <= f^ <= f, where
// `undercount` (the sum of the subtracted amounts) never exceeds total / (K + 1). Merging adds the
// counters, then compacts the same way, and keeps the same guarantee.
export interface FrequencySnapshot { keep: number; total: number; undercount: number; counts: Array<[string, number]> }

export class FrequencySketch {
  counts = new Map<string, number>();
  total = 0;
  /** Largest amount by which any kept count may fall short of the truth (0 while exact). */
  undercount = 0;

  /** Called once with every key seen so far, just before the first compaction drops some of them. */
  beforeFirstCompaction?: (keys: Iterable<string>) => void;

  constructor(readonly keep = 512) {}

  get exact(): boolean {
    return this.undercount === 0;
  }

  add(key: string): void {
    this.total++;
    const count = this.counts.get(key);
    if (count !== undefined) {
      this.counts.set(key, count + 1);
    } else {
      this.counts.set(key, 1);
      if (this.counts.size > 2 * this.keep) this.compact();
    }
  }

  merge(other: FrequencySketch): void {
    this.total += other.total;
    this.undercount += other.undercount;
    for (const [key, count] of other.counts) this.counts.set(key, (this.counts.get(key) ?? 0) + count);
    if (this.counts.size > 2 * this.keep) this.compact();
  }

  /** The most frequent values, highest first (ties by value, so the order is deterministic). */
  top(limit: number): Array<{ value: string; count: number }> {
    return [...this.counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, limit)
      .map(([value, count]) => ({ value, count }));
  }

  snapshot(): FrequencySnapshot {
    return { keep: this.keep, total: this.total, undercount: this.undercount, counts: [...this.counts] };
  }

  /** Restores the counts into this (empty) sketch, so hooks set on it stay in place. */
  restoreInto(snapshot: FrequencySnapshot): void {
    this.counts = new Map(snapshot.counts);
    this.total = snapshot.total;
    this.undercount = snapshot.undercount;
  }

  private compact(): void {
    if (this.undercount === 0) this.beforeFirstCompaction?.(this.counts.keys());
    const sorted = [...this.counts.values()].sort((a, b) => b - a);
    const cut = sorted[this.keep]; // the (K+1)-th largest count
    for (const [key, count] of this.counts) {
      if (count <= cut) this.counts.delete(key);
      else this.counts.set(key, count - cut);
    }
    this.undercount += cut;
  }
}
