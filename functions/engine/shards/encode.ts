// One shard of a job, generated and encoded: the unit of work a thread (or later a Lambda) takes. Its
// bytes come out in pieces of up to 1 MiB, written into buffers that are reused (pieces.ts).
import { ENGINE_VERSION, prepareGeneration, REFERENCE_DATE, type GenerationPlan } from "../generate";
import { canWriteInSegments, createEncoder, finishSegments, type WriterOptions } from "../io";
import type { ComplianceRegime, JsonSchemaObject, OutputFormat } from "../schema/types";
import { layoutOf, shardOption, shardRange, type ShardLayout } from "./layout";
import { PIECE_BYTES, PieceSink, type PieceTarget } from "./pieces";
import type { ShardStart } from "./protocol";

/** Everything that decides a job's bytes. */
export interface ShardJob {
  /**
   * The schema as the engine reads it (a plan's `schema`: JSON Schema 2020-12 through the front door).
   * Every shard's encoder and the file's closing take their columns from it.
   */
  schema: JsonSchemaObject;
  rows: number;
  seed: string;
  format: OutputFormat;
  locale?: string;
  compliance?: ComplianceRegime[];
  /** Writer options (table name, INSERT batch, row group size). */
  writer?: Pick<WriterOptions, "tableName" | "insertBatchRows" | "rowGroupRows">;
  /** Rows per shard. @default SHARD_ROWS */
  shardRows?: number;
}

/** A piece of the job's file on this thread; `release()` once it is written, so its buffer is reused. */
export interface ShardPiece {
  bytes: Buffer;
  /** Rows of the job encoded so far. */
  rows: number;
  release(): void;
}

export interface ShardOutcome {
  index: number;
  rows: number;
  bytes: number;
  /** What the file's closing needs of this shard (Parquet row groups), for `finishSegments`. */
  meta?: unknown;
  engineVersion: string;
}

/** Can the job's shards be encoded apart (and joined)? Else they go through one encoder, in order. */
export function splittable(job: ShardJob): boolean {
  return canWriteInSegments(job.format, job.schema);
}

function planOf(job: ShardJob, layout: ShardLayout, index: number) {
  const shard = shardOption(layout, index);
  const plan = prepareGeneration({
    schema: job.schema, rows: job.rows, seed: job.seed, format: job.format,
    ...(job.locale !== undefined ? { locale: job.locale } : {}),
    ...(job.compliance?.length ? { compliance: job.compliance } : {}),
    ...(shard ? { shard } : {}),
  });
  const expected = shardRange(layout, index);
  if (plan.firstRow !== expected.firstRow || plan.rowCount !== expected.rowCount) {
    throw new Error(`shard ${index}: the engine split rows as ${plan.firstRow}+${plan.rowCount}, the layout as ${expected.firstRow}+${expected.rowCount}`);
  }
  return plan;
}

/**
 * Shard `index` of a splittable job, encoded into `target` as its segment of the job's file: the
 * segments of all shards joined in order, then `finishSegments`, are the file. `onStart` sees the shard's
 * plan before its first row, `onRows` the count of rows encoded each time a piece is emitted. Throws
 * UnsupportedSchemaError like prepareGeneration.
 */
export function encodeShard(job: ShardJob, index: number, target: PieceTarget, onRows?: (rows: number) => void,
  onStart?: (plan: GenerationPlan) => void): ShardOutcome {
  const steps = shardSteps(job, index, target, onRows, onStart);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * The whole job's file on this thread: every shard in order, then the file's closing. A job that cannot
 * be split (CSV or SQL without declared columns) runs all shards' rows through one encoder. Pieces share
 * a few buffers: release each once written.
 */
export function* jobChunks(job: ShardJob, onStart?: (start: ShardStart) => void): Generator<ShardPiece, { rows: number; bytes: number; engineVersion: string }> {
  const layout = layoutOf(job);
  const free: Buffer[] = [];
  const ready: Array<{ buffer: Buffer; length: number }> = [];
  const target: PieceTarget = {
    acquire: () => free.pop() ?? Buffer.allocUnsafeSlow(PIECE_BYTES),
    emit: (buffer, length) => { ready.push({ buffer, length }); },
  };
  let rows = 0;
  let bytes = 0;
  const take = function* (): Generator<ShardPiece> {
    while (ready.length > 0) {
      const { buffer, length } = ready.shift()!;
      bytes += length;
      yield { bytes: buffer.subarray(0, length), rows, release: () => { free.push(buffer); } };
    }
  };
  const started = (plan: GenerationPlan, index: number) => {
    if (index === 0) onStart?.({ index, warnings: plan.warnings, meanings: plan.meanings, engineVersion: ENGINE_VERSION, referenceDate: REFERENCE_DATE });
  };
  if (!splittable(job)) {
    const sink = new PieceSink(target);
    const encoder = createEncoder(job.format, job.schema, { ...job.writer });
    for (let index = 0; index < layout.count; index++) {
      const plan = planOf(job, layout, index);
      started(plan, index);
      for (const row of plan.rows()) {
        encoder.write(row, sink);
        rows++;
        if (ready.length > 0) yield* take();
      }
    }
    encoder.end(sink);
    sink.finish();
    yield* take();
    return { rows, bytes, engineVersion: ENGINE_VERSION };
  }
  const metas: unknown[] = [];
  for (let index = 0; index < layout.count; index++) {
    // encodeShard runs a whole shard at once; pieces wait in `ready` only until this generator resumes,
    // so they are handed out as they fill (the shard's rows are produced lazily below).
    const before = rows;
    const shard = shardSteps(job, index, target, (n) => { rows = before + n; }, (plan) => started(plan, index));
    for (let step = shard.next(); ; step = shard.next()) {
      if (ready.length > 0) yield* take();
      if (step.done) {
        metas.push(step.value.meta);
        break;
      }
    }
  }
  const closing = finishSegments(job.format, job.schema, metas);
  if (closing.length > 0) {
    bytes += closing.length;
    yield { bytes: closing, rows, release: () => {} };
  }
  return { rows, bytes, engineVersion: ENGINE_VERSION };
}

/** A shard's encoding as a generator that pauses after each piece it emits (with the rows so far). */
function* shardSteps(job: ShardJob, index: number, target: PieceTarget, onRows?: (rows: number) => void,
  onStart?: (plan: GenerationPlan) => void): Generator<void, ShardOutcome> {
  const layout = layoutOf(job);
  const plan = planOf(job, layout, index);
  onStart?.(plan);
  const encoder = createEncoder(job.format, job.schema, {
    ...job.writer, segment: { firstRow: plan.firstRow, last: index === layout.count - 1 },
  });
  let emitted = false;
  const sink = new PieceSink({
    acquire: () => target.acquire(),
    emit: (buffer, length) => {
      target.emit(buffer, length);
      emitted = true;
    },
  });
  let rows = 0;
  for (const row of plan.rows()) {
    encoder.write(row, sink);
    rows++;
    if (emitted) {
      emitted = false;
      onRows?.(rows);
      yield;
    }
  }
  encoder.end(sink);
  sink.finish();
  onRows?.(rows);
  return { index, rows, bytes: sink.bytesOut, meta: encoder.segmentMeta?.(), engineVersion: ENGINE_VERSION };
}
