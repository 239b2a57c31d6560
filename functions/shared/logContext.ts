// Per-request log context. Each invocation (and each background job) runs inside its own AsyncLocalStorage
// store holding the keys its log lines carry (request id, tool, generation id), so requests served
// concurrently by one process (`sdga serve`, in-process continuations) cannot overwrite each other's keys
// the way a shared logger's appendKeys would.
import { AsyncLocalStorage } from "node:async_hooks";

export type LogKeys = Record<string, string | number | boolean>;

const storage = new AsyncLocalStorage<LogKeys>();

/** Runs `fn` with a new context: the current keys plus `keys` (a copy: the caller's context is untouched). */
export function withLogContext<T>(keys: LogKeys, fn: () => T): T {
  return storage.run({ ...(storage.getStore() ?? {}), ...keys }, fn);
}

/** The keys of the current context (a copy), or none outside any context. */
export function currentLogKeys(): LogKeys {
  return { ...(storage.getStore() ?? {}) };
}

/** Adds keys to the current context; false outside any context (the caller then has nowhere to put them). */
export function appendLogKeys(keys: LogKeys): boolean {
  const store = storage.getStore();
  if (!store) return false;
  Object.assign(store, keys);
  return true;
}

/** Removes keys from the current context; false outside any context. */
export function removeLogKeys(names: string[]): boolean {
  const store = storage.getStore();
  if (!store) return false;
  for (const name of names) delete store[name];
  return true;
}
