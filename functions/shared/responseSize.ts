// Every answer must fit the agent's response limit (about 25 KB). The classic envelope carries the body as
// an escaped JSON string, which can grow it, so bodies are held well under the limit.
export const MAX_RESPONSE_BYTES = 25 * 1024;
/** Budget for a body before it is wrapped (quotes and backslashes may be escaped in the envelope). */
export const BODY_BUDGET_BYTES = 16 * 1024;
const MAX_STRING_CHARS = 2000;

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? "");

/** Finds the array or string whose trimming frees the most bytes. */
function largestTrimmable(node: unknown): { holder: unknown[] | Record<string, unknown>; key: string | number; size: number } | undefined {
  let best: { holder: unknown[] | Record<string, unknown>; key: string | number; size: number } | undefined;
  const visit = (holder: unknown[] | Record<string, unknown>, key: string | number, value: unknown) => {
    const trimmableArray = Array.isArray(value) && value.length > 0;
    const trimmableString = typeof value === "string" && value.length > 64;
    if (trimmableArray || trimmableString) {
      const size = bytes(value);
      if (!best || size > best.size) best = { holder, key, size };
    }
    if (typeof value === "object" && value !== null) {
      if (Array.isArray(value)) value.forEach((v, i) => visit(value, i, v));
      else for (const [k, v] of Object.entries(value)) visit(value as Record<string, unknown>, k, v);
    }
  };
  if (typeof node === "object" && node !== null) {
    if (Array.isArray(node)) node.forEach((v, i) => visit(node, i, v));
    else for (const [k, v] of Object.entries(node)) visit(node as Record<string, unknown>, k, v);
  }
  return best;
}

function clipStrings(node: unknown): unknown {
  if (typeof node === "string") return node.length > MAX_STRING_CHARS ? `${node.slice(0, MAX_STRING_CHARS)}…` : node;
  if (Array.isArray(node)) return node.map(clipStrings);
  if (typeof node === "object" && node !== null) {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, clipStrings(v)]));
  }
  return node;
}

/**
 * A copy of `value` whose JSON fits the budget: long strings clipped, then the largest lists (samples,
 * problem lists) shortened first, halving until it fits.
 */
export function fitResponse<T>(value: T, budget = BODY_BUDGET_BYTES): T {
  if (value === undefined || bytes(value) <= budget) return value;
  // Held in a box so that a top-level array is itself a candidate for trimming.
  const box = { value: clipStrings(structuredClone(value)) };
  for (let guard = 0; guard < 10_000 && bytes(box.value) > budget; guard++) {
    const target = largestTrimmable(box);
    if (!target) break;
    const current = (target.holder as Record<string | number, unknown>)[target.key];
    if (Array.isArray(current)) {
      current.length = current.length === 1 ? 0 : Math.floor(current.length / 2);
    } else if (typeof current === "string") {
      (target.holder as Record<string | number, unknown>)[target.key] = `${current.slice(0, Math.floor(current.length / 2))}…`;
    }
  }
  return box.value as T;
}
