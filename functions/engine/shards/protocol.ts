// What the main thread and a shard worker (worker.ts) say to each other, and the layout of a worker's
// ring. Nothing here loads the engine, so the pool (pool.ts) can start workers without it on the main thread.
import type { GenerationOptions, SchemaProblem } from "../generate";
import type { JsonSchemaObject } from "../schema/types";
import type { ShardJob, ShardOutcome } from "./encode";

/** Pieces in a worker's ring. */
export const RING_SLOTS = 4;
/** Control words: pieces produced by the worker, pieces handed back by the main thread. */
export const PRODUCED = 0;
export const CONSUMED = 1;

export interface WorkerData {
  /** RING_SLOTS x PIECE_BYTES bytes. */
  ring: SharedArrayBuffer;
  /** Two Int32 counters: PRODUCED, CONSUMED. */
  control: SharedArrayBuffer;
}

/** What compiling a job's plan on a worker tells the caller (who then need not load the engine). */
export interface PreparedJob {
  /** The schema as the engine reads it: the job's `schema`. */
  schema: JsonSchemaObject;
  /** The seed (generated when none was given). */
  seed: string;
  warnings: SchemaProblem[];
  /** The meaning chosen per field path (GenerationPlan.meanings), for the generation's metadata. */
  meanings: Readonly<Record<string, string>>;
  engineVersion: string;
  /** The engine's fixed "now" (epoch milliseconds). */
  referenceDate: number;
}

export type ToWorker =
  | { type: "shard"; job: ShardJob; index: number }
  | { type: "prepare"; options: Omit<GenerationOptions, "reference"> }
  /** The generation pipeline's shard worker (the generate function's handler) on `event`, its clients from `env`. */
  | { type: "invoke"; id: number; env: Record<string, string>; event: unknown };
/** A shard's plan compiled: the job is one the engine can generate (sent before any piece of it). */
export interface ShardStart {
  index: number;
  warnings: SchemaProblem[];
  /** The meaning chosen per field path (GenerationPlan.meanings). */
  meanings: Readonly<Record<string, string>>;
  engineVersion: string;
  /** The engine's fixed "now" (epoch milliseconds). */
  referenceDate: number;
}

export type FromWorker =
  | ({ type: "prepared" } & PreparedJob)
  | ({ type: "started" } & ShardStart)
  | { type: "piece"; index: number; slot: number; length: number; rows: number }
  | ({ type: "done" } & ShardOutcome)
  | { type: "error"; index: number; error: SerialisedError }
  | { type: "invoked"; id: number; result: unknown }
  | { type: "invokeFailed"; id: number; error: SerialisedError };

export interface SerialisedError {
  name: string;
  message: string;
  stack?: string;
  /** UnsupportedSchemaError's problems, and any other own data of the error. */
  fields: Record<string, unknown>;
}

export function serialiseError(error: unknown): SerialisedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(error)) {
    try {
      fields[key] = structuredClone((error as unknown as Record<string, unknown>)[key]);
    } catch { /* not cloneable: left out */ }
  }
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

