// A worker thread of the shard pool (pool.ts): takes {job, index}, generates and encodes that shard into
// its ring (a SharedArrayBuffer of RING_SLOTS pieces shared with the main thread) and posts where each
// piece is. The main thread hands slots back in order once it has written (or set aside) their bytes; a
// worker with every slot in use waits (Atomics.wait: it has no event loop to spare while it generates).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { ENGINE_VERSION, prepareGeneration, REFERENCE_DATE } from "../generate";
import { encodeShard } from "./encode";
import { PIECE_BYTES } from "./pieces";
import { CONSUMED, PRODUCED, RING_SLOTS, serialiseError, type FromWorker, type ToWorker, type WorkerData } from "./protocol";

export type { FromWorker, PreparedJob, ToWorker, WorkerData } from "./protocol";

/**
 * The generate handler's module for {type: "invoke"}: its own bundle beside a bundled worker
 * (dist/sdga-invocation.cjs, so the worker's bundle, which every `sdga generate --workers` thread loads,
 * stays the engine's), else the source. A path in a variable: the bundler leaves it alone.
 */
function invocationModule(): typeof import("../../local/shardInvocation") {
  const bundled = join(__dirname, "sdga-invocation.cjs");
  const path = existsSync(bundled) ? bundled : join(__dirname, "../../local/shardInvocation");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as typeof import("../../local/shardInvocation");
}

if (parentPort && workerData && (workerData as Partial<WorkerData>).ring) {
  const port = parentPort;
  const { ring, control } = workerData as WorkerData;
  const counters = new Int32Array(control);
  const slots = Array.from({ length: RING_SLOTS }, (_, i) => Buffer.from(ring, i * PIECE_BYTES, PIECE_BYTES));
  port.on("message", (message: ToWorker) => {
    if (message.type === "invoke") {
      // The local pipeline's shard invocations: the handler is loaded on the first one only.
      const { invokeGenerateHandler } = invocationModule();
      const { id } = message;
      invokeGenerateHandler(message.env, message.event).then(
        (result) => port.postMessage({ type: "invoked", id, result } satisfies FromWorker),
        (error: unknown) => port.postMessage({ type: "invokeFailed", id, error: serialiseError(error) } satisfies FromWorker),
      );
      return;
    }
    if (message.type === "prepare") {
      try {
        const plan = prepareGeneration(message.options);
        port.postMessage({
          type: "prepared", schema: plan.schema, seed: plan.seed, warnings: plan.warnings, meanings: plan.meanings,
          engineVersion: ENGINE_VERSION, referenceDate: REFERENCE_DATE,
        } satisfies FromWorker);
      } catch (error) {
        port.postMessage({ type: "error", index: -1, error: serialiseError(error) } satisfies FromWorker);
      }
      return;
    }
    const { job, index } = message;
    let rows = 0;
    try {
      const outcome = encodeShard(job, index, {
        acquire: () => {
          const produced = Atomics.load(counters, PRODUCED);
          for (let consumed = Atomics.load(counters, CONSUMED); produced - consumed >= RING_SLOTS; consumed = Atomics.load(counters, CONSUMED)) {
            Atomics.wait(counters, CONSUMED, consumed, 1000);
          }
          return slots[produced % RING_SLOTS];
        },
        emit: (_buffer, length) => {
          const produced = Atomics.load(counters, PRODUCED);
          port.postMessage({ type: "piece", index, slot: produced % RING_SLOTS, length, rows } satisfies FromWorker);
          Atomics.store(counters, PRODUCED, produced + 1);
        },
      }, (n) => { rows = n; }, (plan) => {
        port.postMessage({ type: "started", index, warnings: plan.warnings, meanings: plan.meanings, engineVersion: ENGINE_VERSION, referenceDate: REFERENCE_DATE } satisfies FromWorker);
      });
      port.postMessage({ type: "done", ...outcome } satisfies FromWorker);
    } catch (error) {
      port.postMessage({ type: "error", index, error: serialiseError(error) } satisfies FromWorker);
    }
  });
}
