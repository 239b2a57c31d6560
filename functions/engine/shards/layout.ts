// The shard layout of a job: part of the seed. A job of `rows` rows is cut into shards of at most
// SHARD_ROWS rows, shard i generated from `shardSeed(seed, i)` (prepareGeneration's `shard` option), so
// the rows depend on the seed and the row count only: never on how many threads, processes or Lambda
// invocations compute the shards, or on which computes which.

/** Rows per shard (at most). A job of up to this many rows is one shard: the plain seed, unsharded. */
export const SHARD_ROWS = 100_000;

export interface ShardLayout {
  /** Rows of the whole job. */
  rows: number;
  /** Number of shards (at least 1). */
  count: number;
  /** Rows per shard (the last may have fewer), as prepareGeneration splits them. */
  perShard: number;
}

export function shardLayout(rows: number, shardRows = SHARD_ROWS): ShardLayout {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  if (!Number.isSafeInteger(shardRows) || shardRows < 1) throw new RangeError(`shardRows must be a positive integer, got ${shardRows}`);
  const count = Math.max(1, Math.ceil(rows / shardRows));
  return { rows, count, perShard: Math.ceil(rows / count) };
}

/** The layout of a job (its rows, and its shard size when not the default). */
export function layoutOf(job: { rows: number; shardRows?: number }): ShardLayout {
  return shardLayout(job.rows, job.shardRows ?? SHARD_ROWS);
}

/** First row and row count of shard `index` (the same split as prepareGeneration's). */
export function shardRange(layout: ShardLayout, index: number): { firstRow: number; rowCount: number } {
  const firstRow = Math.min(layout.rows, index * layout.perShard);
  return { firstRow, rowCount: Math.min(layout.rows, firstRow + layout.perShard) - firstRow };
}

/** The `shard` option of prepareGeneration for shard `index`: none for a one-shard job (the plain seed). */
export function shardOption(layout: ShardLayout, index: number): { index: number; count: number } | undefined {
  return layout.count > 1 ? { index, count: layout.count } : undefined;
}
