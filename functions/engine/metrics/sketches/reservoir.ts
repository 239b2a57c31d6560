// A uniform random sample of bounded size (reservoir sampling, Vitter's "Algorithm R"), seeded so a
// report is reproducible. While no more items than the capacity have been offered it holds every item,
// so quantiles, KS statistics and histograms computed from it are exact; beyond that it is a uniform
// sample of `capacity` items and, by the Dvoretzky-Kiefer-Wolfowitz inequality, the empirical CDF of the
// sample is within `dkwBound(capacity, delta)` of the CDF of all items, for every x at once, with
// probability at least 1 - delta. Merging two reservoirs draws `capacity` items without replacement from
// the union (population sizes as weights), which is again a uniform sample of the union.
import { seededRandom } from "../hash";

/** DKW bound: sup |F_sample - F_all| <= sqrt(ln(2 / delta) / (2 m)) with probability >= 1 - delta. */
export function dkwBound(sampleSize: number, delta = 0.05): number {
  return Math.sqrt(Math.log(2 / delta) / (2 * sampleSize));
}

export interface ReservoirSnapshot<T> { capacity: number; seen: number; items: T[] }

export class Reservoir<T> {
  items: T[] = [];
  /** How many items have been offered in total. */
  seen = 0;
  private readonly random: () => number;

  constructor(readonly capacity: number, seed: number) {
    this.random = seededRandom(seed);
  }

  /** True while the reservoir holds every item offered. */
  get exact(): boolean {
    return this.seen <= this.capacity;
  }

  /**
   * Counts one more offered item and says where it goes: a slot index to write with `put`, or -1 when
   * the item is not kept (so callers can avoid building items that would be dropped).
   */
  claim(): number {
    const index = this.seen++;
    if (index < this.capacity) return index;
    const slot = Math.floor(this.random() * (index + 1)); // keep item i with probability capacity / i
    return slot < this.capacity ? slot : -1;
  }

  put(slot: number, item: T): void {
    this.items[slot] = item;
  }

  offer(item: T): void {
    const slot = this.claim();
    if (slot >= 0) this.items[slot] = item;
  }

  merge(other: Reservoir<T>): void {
    const total = this.seen + other.seen;
    if (total <= this.capacity) {
      this.items = this.items.concat(other.items);
    } else {
      // Draw `capacity` of the `total` items without replacement: each draw comes from a side with
      // probability (that side's population not yet drawn) / (population not yet drawn on both sides).
      const mine = this.shuffled(this.items);
      const theirs = this.shuffled(other.items);
      let mineLeft = this.seen;
      let theirsLeft = other.seen;
      let fromMine = 0;
      let fromTheirs = 0;
      for (let drawn = 0; drawn < this.capacity; drawn++) {
        if (this.random() * (mineLeft + theirsLeft) < mineLeft) { fromMine++; mineLeft--; } else { fromTheirs++; theirsLeft--; }
      }
      this.items = mine.slice(0, fromMine).concat(theirs.slice(0, fromTheirs));
    }
    this.seen = total;
  }

  snapshot(): ReservoirSnapshot<T> {
    return { capacity: this.capacity, seen: this.seen, items: this.items.slice() };
  }

  /** A reservoir in the saved state; its random stream restarts from `seed` and the count seen. */
  static restore<T>(snapshot: ReservoirSnapshot<T>, seed: number): Reservoir<T> {
    const reservoir = new Reservoir<T>(snapshot.capacity, (seed ^ snapshot.seen) >>> 0);
    reservoir.items = snapshot.items.slice();
    reservoir.seen = snapshot.seen;
    return reservoir;
  }

  private shuffled(items: T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}
