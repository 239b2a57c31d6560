// Streaming central moments up to the fourth (Welford's update generalised by Pebay, 2008), with the
// parallel merge of Chan et al. / Pebay, so shard moments combine into the moments of the whole.
export class Moments {
  n = 0;
  mean = 0;
  m2 = 0;
  m3 = 0;
  m4 = 0;

  add(x: number): void {
    const n1 = this.n;
    const n = ++this.n;
    const delta = x - this.mean;
    const deltaN = delta / n;
    const deltaN2 = deltaN * deltaN;
    const term1 = delta * deltaN * n1;
    this.mean += deltaN;
    this.m4 += term1 * deltaN2 * (n * n - 3 * n + 3) + 6 * deltaN2 * this.m2 - 4 * deltaN * this.m3;
    this.m3 += term1 * deltaN * (n - 2) - 3 * deltaN * this.m2;
    this.m2 += term1;
  }

  merge(other: Moments): void {
    if (other.n === 0) return;
    if (this.n === 0) {
      Object.assign(this, { n: other.n, mean: other.mean, m2: other.m2, m3: other.m3, m4: other.m4 });
      return;
    }
    const na = this.n;
    const nb = other.n;
    const n = na + nb;
    const delta = other.mean - this.mean;
    const delta2 = delta * delta;
    const delta3 = delta2 * delta;
    const delta4 = delta2 * delta2;
    const m2 = this.m2 + other.m2 + (delta2 * na * nb) / n;
    const m3 = this.m3 + other.m3 + (delta3 * na * nb * (na - nb)) / (n * n)
      + (3 * delta * (na * other.m2 - nb * this.m2)) / n;
    const m4 = this.m4 + other.m4
      + (delta4 * na * nb * (na * na - na * nb + nb * nb)) / (n * n * n)
      + (6 * delta2 * (na * na * other.m2 + nb * nb * this.m2)) / (n * n)
      + (4 * delta * (na * other.m3 - nb * this.m3)) / n;
    this.mean = (na * this.mean + nb * other.mean) / n;
    this.n = n;
    this.m2 = m2;
    this.m3 = m3;
    this.m4 = m4;
  }

  /** Sample standard deviation (n - 1 in the denominator, as pandas and simple-statistics' sampleStandardDeviation). */
  sampleStd(): number | null {
    return this.n > 1 ? Math.sqrt(Math.max(this.m2, 0) / (this.n - 1)) : null;
  }

  /** False when the spread is zero or so small that the third and fourth moments underflow float64. */
  private measurable(): boolean {
    return this.m2 > 0 && this.m2 * this.m2 > 1e-280;
  }

  /** Population skewness g1 = sqrt(n) m3 / m2^1.5 (null when the values are constant). */
  skewness(): number | null {
    const g1 = this.n > 2 && this.measurable() ? (Math.sqrt(this.n) * this.m3) / this.m2 ** 1.5 : Number.NaN;
    return Number.isFinite(g1) ? g1 : null;
  }

  /** Excess kurtosis g2 = n m4 / m2^2 - 3 (0 for a normal distribution, -1.2 uniform, 6 exponential). */
  excessKurtosis(): number | null {
    const g2 = this.n > 3 && this.measurable() ? (this.n * this.m4) / (this.m2 * this.m2) - 3 : Number.NaN;
    return Number.isFinite(g2) ? g2 : null;
  }
}

/** Count, mean and variance only (Welford; Chan et al.'s merge): for lengths, where the shape is not needed. */
export class MeanVariance {
  n = 0;
  mean = 0;
  m2 = 0;

  add(x: number): void {
    const n = ++this.n;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
  }

  merge(other: MeanVariance): void {
    if (other.n === 0) return;
    const n = this.n + other.n;
    const delta = other.mean - this.mean;
    this.m2 += other.m2 + (delta * delta * this.n * other.n) / n;
    this.mean = (this.n * this.mean + other.n * other.mean) / n;
    this.n = n;
  }

  sampleStd(): number | null {
    return this.n > 1 ? Math.sqrt(Math.max(this.m2, 0) / (this.n - 1)) : null;
  }
}
