// A pool of worker threads that compute a job's shards (worker.ts), one shard per worker at a time, in
// shard order as workers become free. Workers only decide who computes which shard: the bytes of a shard
// are the same on any worker (layout.ts), and the caller puts them in shard order (file.ts).
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ShardJob, ShardOutcome } from "./encode";
import { layoutOf } from "./layout";
import { PIECE_BYTES } from "./pieces";
import { CONSUMED, RING_SLOTS, type FromWorker, type PreparedJob, type SerialisedError, type ShardStart, type ToWorker, type WorkerData } from "./protocol";

/**
 * A worker's young generation: small, so each thread's heap stays small (rows die young; a big nursery
 * only delays collections, and with them the freeing of memory).
 */
const WORKER_YOUNG_MB = 4;

export interface ShardSink {
  /** Shard `index`'s plan compiled on its worker (before any of its pieces). */
  started?(start: ShardStart): void;
  /**
   * A piece of shard `index`'s bytes (in order within the shard), in the worker's ring: call `release`
   * once they are written or copied, after which the worker overwrites them.
   */
  piece(index: number, bytes: Uint8Array, rows: number, release: () => void): void;
  /** Shard `index` has handed over all its bytes. */
  done(outcome: ShardOutcome): void;
}

/** The machine's cores: the default pool size. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * How to start a worker: the bundled script next to this code (dist/sdga-worker.cjs, built with the CLI),
 * else the TypeScript source loaded through tsx's require hook (tests, `tsx` scripts: Node 20 does not
 * apply the parent's module hooks in a worker).
 */
export function workerScript(): { code: string; eval: boolean } {
  const bundled = join(__dirname, "sdga-worker.cjs");
  if (existsSync(bundled)) return { code: bundled, eval: false };
  const source = join(__dirname, "worker.ts");
  if (!existsSync(source)) throw new Error(`no shard worker next to ${__dirname} (build the CLI: npm run build:cli)`);
  return { code: `require(${JSON.stringify(require.resolve("tsx/cjs"))}); require(${JSON.stringify(source)});`, eval: true };
}

/** An Error rebuilt from a worker's, with the same name and fields (e.g. UnsupportedSchemaError's problems). */
function rebuild(serialised: SerialisedError): Error {
  const error = new Error(serialised.message);
  Object.defineProperty(error, "name", { value: serialised.name, enumerable: false, configurable: true, writable: true });
  Object.assign(error, serialised.fields);
  if (serialised.stack) error.stack = serialised.stack;
  return error;
}

interface Member {
  worker: Worker;
  ring: Buffer;
  counters: Int32Array;
  /** Slots written (or set aside) out of order, waiting for the earlier ones to be handed back. */
  released: boolean[];
  /** A shard of the running job is on this worker. */
  inFlight: boolean;
  /** Handler invocations (invoke) running on this worker. */
  invocations: number;
}

/** Hands slots back to the worker in the order it filled them (releases may complete out of order). */
function release(member: Member, slot: number): void {
  member.released[slot] = true;
  let consumed = Atomics.load(member.counters, CONSUMED);
  let freed = 0;
  while (member.released[consumed % RING_SLOTS]) {
    member.released[consumed % RING_SLOTS] = false;
    consumed++;
    freed++;
  }
  if (freed > 0) {
    Atomics.store(member.counters, CONSUMED, consumed);
    Atomics.notify(member.counters, CONSUMED);
  }
}

export class ShardPool {
  private readonly members: Member[];
  private busy: Promise<unknown> = Promise.resolve();
  private closed = false;

  private readonly script = workerScript();

  /** Starts `size` workers at once (they load the engine while the caller prepares the job). */
  constructor(readonly size: number = defaultWorkers()) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`a pool needs at least one worker, got ${size}`);
    this.members = Array.from({ length: size }, () => this.spawn());
  }

  private spawn(): Member {
    const ring = new SharedArrayBuffer(RING_SLOTS * PIECE_BYTES);
    const control = new SharedArrayBuffer(8);
    const worker = new Worker(this.script.code, {
      eval: this.script.eval, workerData: { ring, control } satisfies WorkerData,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    worker.unref(); // an idle pool never keeps the process alive
    return { worker, ring: Buffer.from(ring), counters: new Int32Array(control), released: new Array<boolean>(RING_SLOTS).fill(false), inFlight: false, invocations: 0 };
  }

  /**
   * After a failed job, a worker still computing one of its shards would go on posting that shard's
   * pieces (and wait for ring slots nobody hands back): it is replaced by a fresh one, so the next job
   * starts clean.
   */
  private replaceBusyMembers(): void {
    for (let i = 0; i < this.members.length; i++) {
      if (!this.members[i].inFlight) continue;
      void this.members[i].worker.terminate();
      this.members[i] = this.spawn();
    }
  }

  /**
   * Compiles a job's plan on a worker (prepareGeneration: the seed, warnings, what stops the schema), so
   * the caller can check a job before it writes anything without loading the engine itself. Rejects with
   * the engine's error (UnsupportedSchemaError keeps its name and problems).
   */
  prepare(options: Extract<ToWorker, { type: "prepare" }>["options"]): Promise<PreparedJob> {
    const result = this.busy.then(() => new Promise<PreparedJob>((resolve, reject) => {
      if (this.closed) throw new Error("the shard pool is closed");
      const { worker } = this.members[0];
      const onMessage = (message: FromWorker) => {
        if (message.type !== "prepared" && !(message.type === "error" && message.index === -1)) return;
        done();
        if (message.type === "error") reject(rebuild(message.error));
        else {
          const { type: _type, ...prepared } = message;
          resolve(prepared);
        }
      };
      const onError = (error: Error) => { done(); reject(error); };
      const done = () => {
        worker.off("message", onMessage);
        worker.off("error", onError);
        if (this.members[0].invocations === 0) worker.unref();
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.ref();
      worker.postMessage({ type: "prepare", options } satisfies ToWorker);
    }));
    this.busy = result.catch(() => undefined);
    return result;
  }

  /**
   * Computes every shard of `job`, handing pieces and outcomes to `sink` as they arrive. Resolves with the
   * outcomes in shard order; rejects with the first error (a worker's error keeps its name and fields).
   * Jobs given to one pool run one after another.
   */
  run(job: ShardJob, sink: ShardSink): Promise<ShardOutcome[]> {
    const result = this.busy.then(() => this.runNow(job, sink));
    this.busy = result.catch(() => undefined);
    return result;
  }

  private runNow(job: ShardJob, sink: ShardSink): Promise<ShardOutcome[]> {
    if (this.closed) return Promise.reject(new Error("the shard pool is closed"));
    const { count } = layoutOf(job);
    const outcomes: ShardOutcome[] = new Array(count);
    let next = 0;
    let active = 0;
    return new Promise<ShardOutcome[]>((resolve, reject) => {
      let settled = false;
      const cleanups: Array<() => void> = [];
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        for (const c of cleanups) c();
        for (const m of this.members) if (m.invocations === 0) m.worker.unref();
        if (error) this.replaceBusyMembers();
        for (const m of this.members) m.inFlight = false;
        if (error) reject(error);
        else resolve(outcomes);
      };
      const assign = (member: Member) => {
        if (settled) return;
        if (next >= count) {
          if (active === 0) finish();
          return;
        }
        active++;
        member.inFlight = true;
        member.worker.postMessage({ type: "shard", job, index: next++ } satisfies ToWorker);
      };
      for (const member of this.members) {
        const onMessage = (message: FromWorker) => {
          if (settled) return;
          if (message.type === "started") {
            const { type: _type, ...start } = message;
            try {
              sink.started?.(start);
            } catch (error) {
              finish(error as Error);
            }
          } else if (message.type === "piece") {
            const { slot, length } = message;
            const bytes = member.ring.subarray(slot * PIECE_BYTES, slot * PIECE_BYTES + length);
            let handedBack = false;
            sink.piece(message.index, bytes, message.rows, () => {
              if (handedBack) return;
              handedBack = true;
              release(member, slot);
            });
          } else if (message.type === "done") {
            const { type: _type, ...outcome } = message;
            outcomes[message.index] = outcome;
            active--;
            member.inFlight = false;
            try {
              sink.done(outcome);
            } catch (error) {
              finish(error as Error);
              return;
            }
            assign(member);
          } else if (message.type === "error") {
            member.inFlight = false; // it has stopped that shard
            finish(rebuild(message.error));
          }
        };
        const onError = (error: Error) => finish(error);
        const onExit = (code: number) => finish(new Error(`a shard worker exited (code ${code}) during the job`));
        member.worker.on("message", onMessage);
        member.worker.on("error", onError);
        member.worker.on("exit", onExit);
        member.worker.ref(); // a pool at work keeps the process alive
        cleanups.push(() => {
          member.worker.off("message", onMessage);
          member.worker.off("error", onError);
          member.worker.off("exit", onExit);
        });
      }
      for (const member of this.members) assign(member);
    });
  }

  /**
   * Runs the generate function's handler on `event` on the least busy worker (the local generation
   * pipeline's shard invocations: each thread has its own clients to the stack `env` names), so shards in
   * flight at once use as many cores. Resolves with the handler's result; rejects with its error, name and
   * fields kept (the state machine reads the error's name). Invocations do not wait for jobs, nor jobs for them.
   */
  invoke(env: Record<string, string>, event: unknown): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("the shard pool is closed"));
    const member = this.members.reduce((a, b) => (b.invocations < a.invocations ? b : a));
    const id = this.nextInvocation++;
    return new Promise<unknown>((resolve, reject) => {
      const done = () => {
        member.worker.off("message", onMessage);
        member.worker.off("error", onError);
        member.worker.off("exit", onExit);
        if (--member.invocations === 0 && !member.inFlight) member.worker.unref();
      };
      const onMessage = (message: FromWorker) => {
        if ((message.type !== "invoked" && message.type !== "invokeFailed") || message.id !== id) return;
        done();
        if (message.type === "invoked") resolve(message.result);
        else reject(rebuild(message.error));
      };
      const onError = (error: Error) => { done(); reject(error); };
      const onExit = (code: number) => { done(); reject(new Error(`a shard worker exited (code ${code}) during an invocation`)); };
      member.worker.on("message", onMessage);
      member.worker.on("error", onError);
      member.worker.on("exit", onExit);
      member.invocations++;
      member.worker.ref();
      member.worker.postMessage({ type: "invoke", id, env, event } satisfies ToWorker);
    });
  }

  private nextInvocation = 0;

  /** Stops the workers (a shard in progress is abandoned). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.members.map((m) => m.worker.terminate()));
  }
}
