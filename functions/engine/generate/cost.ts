// What one row of a schema costs before any row exists: its size as JSON, its number of values, its nesting,
// the largest single value in it and the top-level field that weighs most. Read from the normalised JSON
// Schema 2020-12 (what normaliseSchema returns) the way the plan compiler reads it: arrays are about
// minItems long (a few more near the root), free text about minLength plus a few characters, optional
// properties are counted as present (they mostly are near the root), alternatives (anyOf, oneOf, if/then/
// else, a type list) by their largest branch. The figures are estimates meant to be right within a small
// factor: enough to refuse a request that would take gigabytes, and to choose where a request runs.
import { RefResolver } from "../schema/refs";
import type { JsonSchema, JsonSchemaObject } from "../schema/types";

/** Where the generator stops adding optional properties and array items beyond the minimum (compile.ts). */
const SHALLOW_DEPTH = 4;
/** Deeper than this the generator refuses the schema (compile.ts MAX_DEPTH): nothing to count. */
const MAX_DEPTH = 48;
/** Free text is a few words past minLength (compile.ts TEXT_SPAN), or a dozen characters without a maxLength. */
const TEXT_SPAN = 64;
const SHORT_TEXT = 12;
/** An unbounded regex repeat (`*`, `+`, `{n,}`) adds this many (regex.ts OPEN_REPEAT). */
const OPEN_REPEAT = 6;
/** Nothing is estimated above this (a schema asking for more is refused long before). */
const CEILING = 1e15;
/** Nodes visited before alternatives stop being explored one by one (nested anyOf multiply the work). */
const BUDGET = 100_000;

/** Typical lengths of formatted strings (characters). */
const FORMAT_LENGTHS: Record<string, number> = {
  date: 10, "date-time": 24, time: 14, duration: 12, email: 32, "idn-email": 32, hostname: 24, "idn-hostname": 24,
  ipv4: 15, ipv6: 39, uri: 48, "uri-reference": 48, iri: 48, "iri-reference": 48, "uri-template": 48, uuid: 36,
  "json-pointer": 24, "relative-json-pointer": 24, regex: 16, phone: 16, address: 48,
};

export interface Weight {
  /** Dotted path of the value in a row (`address.street`, `tags[]`, `matrix[][]`). */
  path: string;
  /** Estimated bytes of that value as JSON. */
  bytes: number;
}

export interface RowCost {
  /** Estimated bytes of one row as JSON. */
  bytes: number;
  /** Values in one row (strings, numbers, booleans and nulls, counted through arrays and objects). */
  values: number;
  /** Deepest nesting of objects and arrays in a row (the row itself is 1). */
  depth: number;
  /** The largest single value below the row (a string, or an array or object as a whole). */
  largestValue?: Weight;
  /** The top-level field that weighs most in a row. */
  heaviestField?: Weight;
}

interface Estimate {
  bytes: number;
  values: number;
  depth: number;
  /** Largest value strictly inside this one, path relative to it. */
  inner?: Weight;
  /** For an object: its heaviest property. */
  heaviest?: Weight;
}

const EMPTY: Estimate = { bytes: 4, values: 1, depth: 0 };
const cap = (n: number) => (Number.isFinite(n) ? Math.min(n, CEILING) : CEILING);
const isObject = (s: unknown): s is JsonSchemaObject => typeof s === "object" && s !== null && !Array.isArray(s);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function join(prefix: string, inner: string): string {
  if (inner === "") return prefix;
  return inner.startsWith("[") ? `${prefix}${inner}` : `${prefix}.${inner}`;
}

function heavier(a: Weight | undefined, b: Weight | undefined): Weight | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.bytes > a.bytes ? b : a;
}

/** The longest string a regex can match (upper bound, repeats as the generator draws them). */
export function patternLength(pattern: string): number {
  let i = 0;
  // One alternative list: the longest branch.
  const alternatives = (): number => {
    let best = 0;
    let current = 0;
    while (i < pattern.length && pattern[i] !== ")") {
      if (pattern[i] === "|") {
        best = Math.max(best, current);
        current = 0;
        i++;
        continue;
      }
      current = cap(current + quantified(atom()));
    }
    return Math.max(best, current);
  };
  const atom = (): number => {
    const c = pattern[i];
    if (c === "(") {
      i++;
      if (pattern[i] === "?") {
        i++;
        // (?: ...), (?<name> ...), lookarounds (which match nothing themselves)
        const look = pattern[i] === "=" || pattern[i] === "!" || (pattern[i] === "<" && (pattern[i + 1] === "=" || pattern[i + 1] === "!"));
        while (i < pattern.length && pattern[i] !== ":" && pattern[i] !== ">" && !look) i++;
        if (!look) i++;
        const inner = alternatives();
        i++;
        return look ? 0 : inner;
      }
      const inner = alternatives();
      i++;
      return inner;
    }
    if (c === "[") {
      i++;
      while (i < pattern.length && pattern[i] !== "]") i += pattern[i] === "\\" ? 2 : 1;
      i++;
      return 1;
    }
    if (c === "\\") {
      const next = pattern[i + 1];
      i += 2;
      if (next === "u" && pattern[i] === "{") while (i < pattern.length && pattern[i - 1] !== "}") i++;
      else if (next === "u") i += 4;
      else if (next === "x") i += 2;
      else if (next === "p" || next === "P") { if (pattern[i] === "{") while (i < pattern.length && pattern[i - 1] !== "}") i++; }
      return next === "b" || next === "B" ? 0 : 1;
    }
    i++;
    return c === "^" || c === "$" ? 0 : 1;
  };
  const quantified = (length: number): number => {
    const c = pattern[i];
    let times = 1;
    if (c === "*" || c === "+") { times = OPEN_REPEAT; i++; }
    else if (c === "?") { times = 1; i++; }
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m) {
        const min = Number(m[1]);
        times = m[2] === undefined ? min : m[3] === "" ? min + OPEN_REPEAT : Number(m[3]);
        i += m[0].length;
      } else i++;
    }
    if (pattern[i] === "?" || pattern[i] === "+") i++; // lazy / possessive
    return cap(length * times);
  };
  let total = 0;
  while (i < pattern.length) {
    total = cap(Math.max(total, alternatives()));
    if (pattern[i] === ")") i++; // an unbalanced ")" is the regex engine's problem, not ours
  }
  return total;
}

/** The members a node stands for: itself, its allOf branches and what its $refs point at, flattened. */
class Members {
  readonly list: JsonSchemaObject[] = [];
  never = false;
  constructor(private readonly resolver: RefResolver, schema: JsonSchema, private readonly seen: Set<JsonSchemaObject>, base: string) {
    this.add(schema, base, 0);
  }
  private add(schema: JsonSchema, base: string, hops: number): void {
    if (schema === false) { this.never = true; return; }
    if (!isObject(schema) || hops > 16) return;
    this.list.push(schema);
    for (const key of ["$ref", "$dynamicRef"]) {
      const ref = schema[key];
      if (typeof ref !== "string") continue;
      const target = this.resolver.resolve(ref, base);
      if (!target || !isObject(target.schema)) continue;
      // A reference back into a schema being expanded (recursion) counts as small: the generator stops
      // adding optional parts past SHALLOW_DEPTH, and refuses required recursion altogether.
      if (this.seen.has(target.schema)) continue;
      this.add(target.schema, target.base, hops + 1);
    }
    if (Array.isArray(schema.allOf)) for (const s of schema.allOf as JsonSchema[]) this.add(s, base, hops + 1);
    if (isObject(schema.dependentSchemas)) for (const s of Object.values(schema.dependentSchemas) as JsonSchema[]) this.add(s, base, hops + 1);
  }
  first<T>(key: string, pick: (v: unknown) => T | undefined): T | undefined {
    for (const m of this.list) {
      const v = pick(m[key]);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  most(key: string): number | undefined {
    let out: number | undefined;
    for (const m of this.list) { const v = num(m[key]); if (v !== undefined) out = out === undefined ? v : Math.max(out, v); }
    return out;
  }
  least(key: string): number | undefined {
    let out: number | undefined;
    for (const m of this.list) { const v = num(m[key]); if (v !== undefined) out = out === undefined ? v : Math.min(out, v); }
    return out;
  }
  all(key: string): unknown[] {
    return this.list.map((m) => m[key]).filter((v) => v !== undefined);
  }
}

class Estimator {
  private readonly resolver: RefResolver;
  private readonly expanding = new Set<JsonSchemaObject>();
  /**
   * Members whose alternatives are being taken: a member reached again while its own branches are costed
   * (a dependentSchemas `if` comes back with the object that holds it) is costed without them this time.
   */
  private readonly branching = new Set<JsonSchemaObject>();

  constructor(private readonly root: JsonSchemaObject) {
    this.resolver = new RefResolver(root);
  }

  private visited = 0;

  row(): RowCost {
    const e = this.node([this.root], "", 0);
    const cost: RowCost = { bytes: e.bytes, values: e.values, depth: e.depth };
    if (e.inner) cost.largestValue = e.inner;
    if (e.heaviest) cost.heaviestField = e.heaviest;
    return cost;
  }

  private properties(members: Members): Map<string, JsonSchema[]> {
    const props = new Map<string, JsonSchema[]>();
    for (const p of members.all("properties")) {
      if (!isObject(p)) continue;
      for (const [name, s] of Object.entries(p)) {
        if (s === false) continue;
        props.set(name, [...(props.get(name) ?? []), s as JsonSchema]);
      }
    }
    return props;
  }

  /** The cost of a value satisfying all of `schemas` at nesting `depth`. */
  private node(schemas: JsonSchema[], base: string, depth: number): Estimate {
    if (depth > MAX_DEPTH) return EMPTY;
    this.visited++;
    const objects = schemas.filter(isObject);
    const members = new Members(this.resolver, { allOf: objects } as JsonSchemaObject, this.expanding, base || this.resolver.root.base);
    if (members.never) return { bytes: 0, values: 0, depth: 0 };
    for (const m of members.list) this.expanding.add(m);
    try {
      // Alternatives: the largest branch, each taken together with everything else the node requires.
      let best = this.plain(members, depth);
      if (this.visited > BUDGET) return best;
      for (const m of members.list) {
        if (this.branching.has(m)) continue;
        const groups: JsonSchema[][] = [];
        for (const key of ["anyOf", "oneOf"]) if (Array.isArray(m[key])) groups.push(m[key] as JsonSchema[]);
        if (m.if !== undefined) groups.push([m.then ?? true, m.else ?? true] as JsonSchema[]);
        if (groups.length === 0) continue;
        this.branching.add(m);
        try {
          for (const branches of groups) {
            for (const branch of branches) {
              const e = this.node([...objects.filter((o) => o !== m), stripAlternatives(m), branch], base, depth);
              if (e.bytes > best.bytes) best = e;
            }
          }
        } finally {
          this.branching.delete(m);
        }
      }
      return best;
    } finally {
      for (const m of members.list) this.expanding.delete(m);
    }
  }

  /** The cost of a node without its alternatives, over the types it allows. */
  private plain(m: Members, depth: number): Estimate {
    const constant = m.first("const", (v) => v);
    if (constant !== undefined || m.list.some((s) => "const" in s)) return literal([m.list.find((s) => "const" in s)?.const]);
    const enums = m.first("enum", (v) => (Array.isArray(v) ? v : undefined));
    if (enums) return literal(enums);
    const types = this.types(m);
    let best: Estimate | undefined;
    for (const type of types) {
      const e = type === "object" ? this.object(m, depth)
        : type === "array" ? this.array(m, depth)
          : type === "string" ? this.string(m)
            : type === "integer" ? integer(m)
              : type === "number" ? { bytes: 12, values: 1, depth: 0 }
                : type === "boolean" ? { bytes: 5, values: 1, depth: 0 }
                  : { bytes: 4, values: 1, depth: 0 };
      if (!best || e.bytes > best.bytes) best = e;
    }
    return best ?? EMPTY;
  }

  /** The types a node allows: its `type` keywords, or the ones its keywords imply, or a small scalar. */
  private types(m: Members): string[] {
    let allowed: string[] | undefined;
    for (const t of m.all("type")) {
      const list = (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === "string");
      allowed = allowed ? allowed.filter((x) => list.includes(x) || (x === "integer" && list.includes("number"))) : list;
    }
    if (allowed) return allowed.length ? allowed : [];
    const has = (keys: string[]) => m.list.some((s) => keys.some((k) => k in s));
    const implied: string[] = [];
    if (has(["properties", "required", "patternProperties", "additionalProperties", "minProperties"])) implied.push("object");
    if (has(["items", "prefixItems", "contains", "minItems"])) implied.push("array");
    if (has(["minLength", "maxLength", "pattern", "format"])) implied.push("string");
    return implied.length ? implied : ["number"];
  }

  private string(m: Members): Estimate {
    const minLength = m.most("minLength") ?? 0;
    const maxLength = m.least("maxLength") ?? Infinity;
    const pattern = m.first("pattern", (v) => (typeof v === "string" ? v : undefined));
    const format = m.first("format", (v) => (typeof v === "string" ? v : undefined));
    let length: number;
    if (pattern !== undefined) length = Math.max(minLength, Math.min(maxLength, patternLength(pattern)));
    else if (format !== undefined && FORMAT_LENGTHS[format] !== undefined) length = Math.max(minLength, Math.min(maxLength, FORMAT_LENGTHS[format]!));
    // Free text: up to minLength + 12 characters without a maxLength, up to minLength + 64 within one.
    else length = maxLength === Infinity ? Math.max(minLength + SHORT_TEXT, 8) : Math.min(maxLength, minLength + TEXT_SPAN);
    // Characters outside ASCII take up to 3 bytes in UTF-8 (a pattern of CJK ranges, say).
    const wide = pattern !== undefined && (/[^\x00-\x7f]/.test(pattern) || /\\u[0-9a-fA-F]{4}|\\u\{/.test(pattern)) ? 3 : 1;
    return { bytes: cap(length * wide + 2), values: 1, depth: 0 };
  }

  private array(m: Members, depth: number): Estimate {
    const prefix = m.list.map((s) => s.prefixItems).filter(Array.isArray) as JsonSchema[][];
    const prefixLength = Math.max(0, ...prefix.map((p) => p.length));
    const closed = m.list.some((s) => s.items === false);
    const contains = m.list.some((s) => s.contains !== undefined);
    const minLen = Math.max(m.most("minItems") ?? 0, contains ? (m.most("minContains") ?? 1) : 0);
    const maxLen = Math.min(m.least("maxItems") ?? Infinity, closed ? prefixLength : Infinity);
    const shallow = depth < SHALLOW_DEPTH;
    const length = Math.max(0, Math.min(maxLen, shallow ? Math.max(minLen, Math.min(minLen + 4, prefixLength + 3)) : minLen));
    const items = m.all("items").filter((s) => s !== true && s !== false) as JsonSchema[];
    const itemCost = (slot: number): Estimate => {
      const here = slot < prefixLength ? prefix.map((p) => p[slot]).filter((s) => s !== undefined) as JsonSchema[] : items;
      return this.node(here.length ? here : [true], "", depth + 1);
    };
    let bytes = 2;
    let values = 0;
    let inner: Weight | undefined;
    let childDepth = 0;
    const distinct = Math.min(length, prefixLength + 1);
    for (let slot = 0; slot < distinct; slot++) {
      const e = itemCost(slot);
      const times = slot < prefixLength ? 1 : length - prefixLength;
      bytes = cap(bytes + (e.bytes + 1) * times);
      values = cap(values + e.values * times);
      childDepth = Math.max(childDepth, e.depth);
      inner = heavier(inner, { path: "[]", bytes: e.bytes });
      if (e.inner) inner = heavier(inner, { path: join("[]", e.inner.path), bytes: e.inner.bytes });
    }
    return { bytes, values, depth: childDepth + 1, ...(inner ? { inner } : {}) };
  }

  private object(m: Members, depth: number): Estimate {
    const shallow = depth < SHALLOW_DEPTH;
    const required = new Set(m.all("required").flatMap((r) => (Array.isArray(r) ? r.filter((x): x is string => typeof x === "string") : [])));
    const props = this.properties(m);
    let bytes = 2;
    let values = 0;
    let inner: Weight | undefined;
    let childDepth = 0;
    let count = 0;
    let heaviest: Weight | undefined;
    for (const [name, schemas] of props) {
      if (!shallow && !required.has(name)) continue;
      const e = this.node(schemas, "", depth + 1);
      count++;
      heaviest = heavier(heaviest, { path: name, bytes: e.bytes });
      bytes = cap(bytes + name.length + 4 + e.bytes);
      values = cap(values + e.values);
      childDepth = Math.max(childDepth, e.depth);
      inner = heavier(inner, { path: name, bytes: e.bytes });
      if (e.inner) inner = heavier(inner, { path: join(name, e.inner.path), bytes: e.inner.bytes });
    }
    // Properties beyond the declared ones, when minProperties asks for them.
    const extra = Math.max(0, (m.most("minProperties") ?? 0) - count);
    if (extra > 0) {
      const additional = m.all("additionalProperties").find((s) => s !== true && s !== false) as JsonSchema | undefined;
      const patterned = m.all("patternProperties").flatMap((p) => (isObject(p) ? Object.values(p) : [])) as JsonSchema[];
      const e = this.node([additional ?? patterned[0] ?? true], "", depth + 1);
      bytes = cap(bytes + (12 + e.bytes) * extra);
      values = cap(values + e.values * extra);
      childDepth = Math.max(childDepth, e.depth);
      inner = heavier(inner, { path: "*", bytes: e.bytes });
      heaviest = heavier(heaviest, { path: "*", bytes: e.bytes * extra });
    }
    return { bytes, values, depth: childDepth + 1, ...(inner ? { inner } : {}), ...(heaviest ? { heaviest } : {}) };
  }
}

function stripAlternatives(s: JsonSchemaObject): JsonSchemaObject {
  const { anyOf: _a, oneOf: _o, if: _i, then: _t, else: _e, ...rest } = s;
  return rest;
}

function literal(values: unknown[]): Estimate {
  let bytes = 4;
  let count = 1;
  for (const v of values) {
    let text: string | undefined;
    try {
      text = JSON.stringify(v);
    } catch {
      text = undefined;
    }
    bytes = Math.max(bytes, text === undefined ? 4 : Buffer.byteLength(text));
    if (typeof v === "object" && v !== null) count = Math.max(count, Object.keys(v).length);
  }
  return { bytes, values: count, depth: 0 };
}

function integer(m: Members): Estimate {
  const lo = m.most("minimum") ?? m.most("exclusiveMinimum");
  const hi = m.least("maximum") ?? m.least("exclusiveMaximum");
  const digits = lo !== undefined && hi !== undefined ? Math.max(String(Math.trunc(lo)).length, String(Math.trunc(hi)).length) : 10;
  return { bytes: Math.min(digits, 21), values: 1, depth: 0 };
}

/** The estimated cost of one row of `schema` (normalised JSON Schema 2020-12). */
export function estimateRowCost(schema: JsonSchemaObject): RowCost {
  return new Estimator(schema).row();
}
