// Public API of sharded generation: a job's shard layout (part of the seed), one shard's bytes, and a job
// written to a file on this thread or on worker threads, the same bytes either way.
//   shardLayout(rows) -> {count, perShard}; SHARD_ROWS rows per shard at most
//   encodeShard(job, index, target) -> one shard's segment of the file, into reusable buffers (any thread)
//   jobChunks(job) -> pieces of the whole file, shard after shard, on this thread
//   writeJobFile(job, path, {workers}) -> the file, shards on `workers` threads (a count or a ShardPool)
//   new ShardPool(size) -> worker threads that stay up for several jobs (close() ends them)
export { layoutOf, SHARD_ROWS, shardLayout, shardOption, shardRange, type ShardLayout } from "./layout";
export { encodeShard, jobChunks, splittable, type ShardJob, type ShardOutcome, type ShardPiece } from "./encode";
export { PIECE_BYTES, PieceSink, type PieceTarget } from "./pieces";
export { defaultWorkers, ShardPool, workerScript, type ShardSink } from "./pool";
export { writeJobFile, type JobFileOptions, type JobFileResult } from "./file";
