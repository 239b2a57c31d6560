// Code compiled from the schema once per writer (the way fast-json-stringify compiles serialisers): the
// tabular writers read each row through one generated function instead of walking column paths per cell.
// The generated code only inlines property reads and typeof tests; anything unusual falls back to the
// general helpers, so its output is the same as theirs for every row.

/**
 * JavaScript source of an expression reading `path` from the object in variable `row` with the semantics
 * of `valueAt` (own properties only; undefined when the value or an object above it is missing or null).
 * Keys enter the source only as JSON string literals.
 */
export function accessorSource(path: readonly string[], row = "row"): string {
  let expression = row;
  for (let i = 0; i < path.length; i++) {
    const key = JSON.stringify(path[i]);
    // Own properties only (a row without "constructor" has no such value; nor does an inherited one).
    const read = `(hasOwn(o, ${key}) ? o[${key}] : undefined)`;
    // Each step: (o = <value so far>) is an object ? read : undefined
    expression = `((o = ${expression}) !== null && typeof o === "object" ? ${read} : undefined)`;
  }
  return expression;
}

const compiled = new Map<string, unknown>();

/**
 * Compiles `body` (which may use `o` as scratch, `hasOwn`, the named helpers and `ctx`, the second
 * argument) into a function of `(row, ctx)`. Helpers are passed in, not closed over, so the generated
 * text names everything it uses; they must be fixed (module-level) values, because one function is
 * compiled per body and helper set and reused by every writer with the same columns (so the JIT warms it
 * once per process, not once per shard). Per-writer state goes in `ctx`.
 */
export function compileRowFunction<T, C = undefined>(body: string, helpers: Record<string, unknown>): (row: unknown, ctx: C) => T {
  const names = Object.keys(helpers);
  const key = `${names.join(",")}\n${body}`;
  let fn = compiled.get(key) as ((row: unknown, ctx: C) => T) | undefined;
  if (!fn) {
    const factory = new Function("hasOwn", ...names, `"use strict";\nreturn function compiledRow(row, ctx) {\n  let o;\n${body}\n};`);
    fn = factory(Object.hasOwn, ...names.map((n) => helpers[n])) as (row: unknown, ctx: C) => T;
    if (compiled.size > 256) compiled.clear(); // many schemas in one process: start over rather than grow
    compiled.set(key, fn);
  }
  return fn;
}


/**
 * `String(n)` for a finite number, faster for amounts in cents (two decimals: prices, balances), whose
 * shortest round-trip text has at most two decimals: when `c / 100` is exactly `n` and |n| < 10^13 (doubles
 * there are closer than 0.005, so no other decimal of two places or fewer reads back as `n`), the text is
 * the cents with the point put in. Anything else goes to String. The same text either way.
 */
export function numberText(n: number): string {
  if (Number.isInteger(n)) return "" + n;
  const c = Math.round(n * 100);
  if (c / 100 !== n || c >= 1e15 || c <= -1e15) return "" + n;
  const a = c < 0 ? -c : c;
  const whole = Math.floor(a / 100);
  const frac = a - whole * 100;
  const text = frac % 10 === 0 ? whole + "." + frac / 10 : whole + (frac < 10 ? ".0" : ".") + frac;
  return c < 0 ? "-" + text : text;
}
