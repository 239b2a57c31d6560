// A job written to one file: its shards computed on this thread or on a pool of worker threads, their
// bytes written in shard order, then the file's closing (the Parquet footer). The bytes are the same for
// any number of workers: the shard layout comes from the row count (layout.ts), never from the workers.
import { mkdir, open, rm, type FileHandle } from "node:fs/promises";
import { dirname } from "node:path";
import { canWriteInSegments, finishSegments } from "../io";
import type { ShardJob, ShardOutcome } from "./encode";
import { layoutOf } from "./layout";
import { PIECE_BYTES } from "./pieces";
import { ShardPool, type ShardSink } from "./pool";
import type { ShardStart } from "./protocol";

export interface JobFileOptions {
  /** Worker threads: a count (1 = this thread), or a pool to use (left open). @default 1 */
  workers?: number | ShardPool;
  /** Called with the rows encoded so far (all shards together). */
  onRows?: (rows: number) => void;
  /**
   * Called once, when the engine has compiled the first shard's plan (the job can be generated): its
   * warnings and the engine's version. Nothing is written before (not even the file's folder), so a job the
   * engine refuses leaves nothing behind.
   */
  onStart?: (start: ShardStart) => void;
}

export interface JobFileResult {
  rows: number;
  bytes: number;
  shards: number;
  /** Threads that computed shards (1 when this thread did). */
  workers: number;
  /** Bytes of shards that finished before their turn, set aside in a scratch file and copied in after. */
  setAside: number;
  engineVersion: string;
}

/** The output file, created (with its folder) when first asked for. */
class LazyFile {
  private handle: Promise<FileHandle> | undefined;
  constructor(readonly path: string) {}
  get(): Promise<FileHandle> {
    return this.handle ??= mkdir(dirname(this.path), { recursive: true }).then(() => open(this.path, "w"));
  }
  async close(): Promise<void> {
    if (this.handle) await (await this.handle.catch(() => undefined))?.close();
  }
}

async function writeFully(file: FileHandle, bytes: Uint8Array, position: number | null = null): Promise<void> {
  for (let at = 0; at < bytes.length;) {
    const { bytesWritten } = await file.write(bytes, at, bytes.length - at, position === null ? null : position + at);
    at += bytesWritten;
  }
}

/**
 * Writes `job` to `path` (created or truncated, its folder too), once the engine has accepted the job.
 * Rejects with the engine's or the writer's error.
 */
export async function writeJobFile(job: ShardJob, path: string, options: JobFileOptions = {}): Promise<JobFileResult> {
  const layout = layoutOf(job);
  const requested = options.workers ?? 1;
  const size = typeof requested === "number" ? requested : requested.size;
  const parallel = size > 1 && layout.count > 1 && canWriteInSegments(job.format, job.schema);
  const file = new LazyFile(path);
  try {
    if (!parallel) return { ...(await onThisThread(job, file, options)), shards: layout.count, workers: 1, setAside: 0 };
    const pool = typeof requested === "number" ? new ShardPool(Math.min(requested, layout.count)) : requested;
    try {
      return { ...(await onPool(job, file, pool, options)), shards: layout.count, workers: Math.min(pool.size, layout.count) };
    } finally {
      if (pool !== requested) await pool.close();
    }
  } finally {
    await file.close();
  }
}

async function onThisThread(job: ShardJob, file: LazyFile, options: JobFileOptions) {
  // The engine is loaded only here: with workers, this thread never generates a row.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { jobChunks } = require("./encode") as typeof import("./encode");
  // The next piece is encoded while the previous one is being written.
  let writing: Promise<void> = Promise.resolve();
  const chunks = jobChunks(job, options.onStart);
  for (let step = chunks.next(); ; step = chunks.next()) {
    if (step.done) {
      await writing;
      await file.get(); // a file even if nothing was written
      return step.value;
    }
    const piece = step.value;
    await writing;
    writing = file.get().then((handle) => writeFully(handle, piece.bytes)).then(() => piece.release());
    options.onRows?.(piece.rows);
  }
}

/**
 * The pieces of the shard whose turn it is go straight to the file. A later shard's pieces cannot wait in
 * memory (at a million rows that would be a whole shard per worker): they go to one scratch file, and are
 * copied into place when the shard's turn comes. Every write, to either file, releases its piece.
 */
export class InOrder implements ShardSink {
  private head = 0;
  private readonly later = new Map<number, { ranges: Array<[number, number]>; done: boolean }>();
  private output: Promise<void> = Promise.resolve();
  private scratch: Promise<void> = Promise.resolve();
  private scratchFile: FileHandle | undefined;
  private scratchEnd = 0;
  private failure: Error | undefined;
  private readonly rowsOf: number[] = [];
  /** Set-aside bytes pass through this buffer on their way into the file. */
  private copyBuffer: Buffer | undefined;
  /** Bytes queued for the file. */
  written = 0;
  /** Bytes that went through the scratch file. */
  setAside = 0;

  private readonly file: () => Promise<FileHandle>;
  private readonly scratchPath: string;
  private onStart: ((start: ShardStart) => void) | undefined;

  /** Writes to `file` (an open file, or a function that opens it when the first shard starts). */
  constructor(file: FileHandle | (() => Promise<FileHandle>), scratchPath: string, private readonly onRows?: (rows: number) => void,
    onStart?: (start: ShardStart) => void) {
    this.file = typeof file === "function" ? file : () => Promise.resolve(file);
    this.scratchPath = scratchPath;
    this.onStart = onStart;
  }

  started(start: ShardStart): void {
    if (!this.onStart) return;
    const onStart = this.onStart;
    this.onStart = undefined;
    onStart(start);
  }

  piece(index: number, bytes: Uint8Array, rows: number, release: () => void): void {
    if (index === this.head) this.write(bytes, release);
    else this.setAsideFor(index, bytes, release);
    this.rowsOf[index] = rows;
    if (this.onRows) this.onRows(this.rowsOf.reduce((a, b) => a + (b ?? 0), 0));
  }

  done(outcome: ShardOutcome): void {
    if (this.failure) throw this.failure;
    this.rowsOf[outcome.index] = outcome.rows;
    if (outcome.index !== this.head) {
      this.slot(outcome.index).done = true;
      return;
    }
    for (this.head++; ; this.head++) {
      const next = this.later.get(this.head);
      if (!next) return;
      this.later.delete(this.head);
      this.copyIn(next.ranges);
      if (!next.done) return;
    }
  }

  /** Resolves when every write so far is in the file; rejects with the first error. */
  async settled(): Promise<void> {
    await this.quiet();
    if (this.failure) throw this.failure;
  }

  /** Resolves when no write is in flight, whatever happened; removes the scratch file. */
  async quiet(): Promise<void> {
    await this.scratch;
    await this.output;
    if (this.scratchFile) {
      await this.scratchFile.close();
      this.scratchFile = undefined;
      await rm(this.scratchPath, { force: true });
    }
  }

  private slot(index: number) {
    let slot = this.later.get(index);
    if (!slot) this.later.set(index, slot = { ranges: [], done: false });
    return slot;
  }

  private write(bytes: Uint8Array, release: () => void): void {
    this.written += bytes.length;
    this.output = this.output.then(async () => {
      if (!this.failure) {
        try {
          await writeFully(await this.file(), bytes);
        } catch (error) {
          this.failure = error as Error;
        }
      }
      release();
    });
  }

  private setAsideFor(index: number, bytes: Uint8Array, release: () => void): void {
    const at = this.scratchEnd;
    this.scratchEnd += bytes.length;
    this.setAside += bytes.length;
    this.slot(index).ranges.push([at, bytes.length]);
    this.scratch = this.scratch.then(async () => {
      if (!this.failure) {
        try {
          if (!this.scratchFile) {
            await this.file(); // the output's folder first
            this.scratchFile = await open(this.scratchPath, "w+");
          }
          await writeFully(this.scratchFile, bytes, at);
        } catch (error) {
          this.failure = error as Error;
        }
      }
      release();
    });
  }

  /** Copies a shard's set-aside bytes into the file, after whatever was queued for it before. */
  private copyIn(ranges: Array<[number, number]>): void {
    const scratchWritten = this.scratch;
    for (const [, length] of ranges) this.written += length;
    this.output = this.output.then(async () => {
      await scratchWritten;
      if (this.failure || ranges.length === 0) return;
      const buffer = this.copyBuffer ??= Buffer.allocUnsafeSlow(PIECE_BYTES);
      try {
        const file = await this.file();
        for (const [at, length] of ranges) {
          for (let done = 0; done < length;) {
            const { bytesRead } = await this.scratchFile!.read(buffer, 0, Math.min(buffer.length, length - done), at + done);
            if (bytesRead === 0) throw new Error("the scratch file of set-aside shards is shorter than written");
            await writeFully(file, buffer.subarray(0, bytesRead));
            done += bytesRead;
          }
        }
      } catch (error) {
        this.failure = error as Error;
      }
    });
  }
}

async function onPool(job: ShardJob, file: LazyFile, pool: ShardPool, options: JobFileOptions) {
  const order = new InOrder(() => file.get(), `${file.path}.later`, options.onRows, options.onStart);
  let outcomes: ShardOutcome[];
  try {
    outcomes = await pool.run(job, order);
  } finally {
    await order.quiet();
  }
  await order.settled();
  const closing = finishSegments(job.format, job.schema, outcomes.map((o) => o.meta));
  if (closing.length > 0) await writeFully(await file.get(), closing);
  const rows = outcomes.reduce((a, o) => a + o.rows, 0);
  return { rows, bytes: order.written + closing.length, setAside: order.setAside, engineVersion: outcomes[0].engineVersion };
}
