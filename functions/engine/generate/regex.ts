// Strings that match a JSON Schema `pattern`: the pattern is parsed once into a small tree, and each call
// walks it with the PRNG. Covers the ECMA-262 subset schemas use in practice (literals, classes, escapes,
// groups, alternation, greedy/lazy quantifiers, anchors), plus lookaround and back-references: a
// lookaround is a zero-width assertion node that generates nothing, a back-reference repeats the text its
// group generated, and the string is kept only when the pattern's own matcher (schema/patterns.ts: the
// native RegExp, once the ReDoS analysis has cleared the pattern) accepts it. Before that check, a
// lookahead that asks for a character somewhere ahead (`(?=.*[A-Z])`, `(?=[^0-9]*[0-9])`) gets one
// planted at a random place the main pattern allows it, since blind sampling would rarely meet several.
import { compilePattern, UnsupportedPatternError } from "../schema/patterns";
import { Rng } from "./prng";
import { fmix32 } from "./uniqueIndex";

export class UnsupportedPatternFeature extends Error {
  override readonly name = "UnsupportedPatternFeature";
}

/** A pattern with lookaround or back-references for which the sampler found no matching string in its budget. */
export class PatternSamplingError extends Error {
  override readonly name = "PatternSamplingError";
  constructor(readonly pattern: string, attempts: number) {
    super(`pattern ${JSON.stringify(pattern)}: no generated string met its lookaround and back-reference constraints in ${attempts} attempts`);
  }
}

type Ranges = Array<[number, number]>;

type RegexNode =
  | { kind: "chars"; ranges: Ranges }
  | { kind: "seq"; items: RegexNode[] }
  | { kind: "alt"; options: RegexNode[] }
  /** `limit` is the pattern's own upper bound (Infinity for `*`, `+`, `{n,}`); `max` is what is generated. */
  | { kind: "repeat"; node: RegexNode; min: number; max: number; limit: number }
  | { kind: "group"; index: number; node: RegexNode }
  | { kind: "backref"; ref: number | string }
  | { kind: "look"; behind: boolean; negate: boolean; node: RegexNode }
  | { kind: "empty" };

/** Printable ASCII: the universe negated classes and `.` draw from. */
const PRINTABLE: Array<[number, number]> = [[0x20, 0x7e]];
const DIGIT: Ranges = [[0x30, 0x39]];
const WORD: Array<[number, number]> = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const SPACE: Array<[number, number]> = [[0x20, 0x20]];
const LETTER: Array<[number, number]> = [[0x41, 0x5a], [0x61, 0x7a]];
/** Upper bound used for open-ended quantifiers (`*`, `+`, `{n,}`). */
const OPEN_REPEAT = 6;

const ASCII_PUNCTUATION: Array<[number, number]> = [[0x21, 0x23], [0x25, 0x2a], [0x2c, 0x2f], [0x3a, 0x3b], [0x3f, 0x40], [0x5b, 0x5d], [0x5f, 0x5f], [0x7b, 0x7b], [0x7d, 0x7d]];
const ASCII_SYMBOLS: Array<[number, number]> = [[0x24, 0x24], [0x2b, 0x2b], [0x3c, 0x3e], [0x5e, 0x5e], [0x60, 0x60], [0x7c, 0x7c], [0x7e, 0x7e]];
/** Unicode properties by name (long and short): exactly their members among printable ASCII characters. */
const UNICODE_PROPERTIES: Record<string, Array<[number, number]>> = {
  L: LETTER, Letter: LETTER, Alphabetic: LETTER, Alpha: LETTER,
  Lu: [[0x41, 0x5a]], Uppercase_Letter: [[0x41, 0x5a]], Uppercase: [[0x41, 0x5a]], Upper: [[0x41, 0x5a]],
  Ll: [[0x61, 0x7a]], Lowercase_Letter: [[0x61, 0x7a]], Lowercase: [[0x61, 0x7a]], Lower: [[0x61, 0x7a]],
  N: DIGIT, Number: DIGIT, Nd: DIGIT, Decimal_Number: DIGIT, digit: DIGIT,
  P: ASCII_PUNCTUATION, Punctuation: ASCII_PUNCTUATION, punct: ASCII_PUNCTUATION,
  S: ASCII_SYMBOLS, Symbol: ASCII_SYMBOLS,
  Z: SPACE, Separator: SPACE, Zs: SPACE, Space_Separator: SPACE,
};

function complement(ranges: Array<[number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let c = 0x20; c <= 0x7e; c++) {
    if (!ranges.some(([a, b]) => c >= a && c <= b)) out.push([c, c]);
  }
  return out.length ? out : PRINTABLE;
}

class Parser {
  private i = 0;
  /** Capturing groups so far (their numbers count opening parentheses), and the named ones. */
  private groupCount = 0;
  readonly groupNames = new Map<string, number>();
  /** Groups some back-reference repeats (by number or name). */
  readonly referenced = new Set<number | string>();
  /** Set when the pattern has lookaround or back-references: its strings must be checked. */
  constrained = false;
  constructor(private readonly src: string) {}

  parse(): RegexNode {
    const node = this.alternation();
    if (this.i < this.src.length) throw new UnsupportedPatternFeature(`unexpected "${this.src[this.i]}" at ${this.i}`);
    return node;
  }

  private alternation(): RegexNode {
    const options = [this.sequence()];
    while (this.src[this.i] === "|") { this.i++; options.push(this.sequence()); }
    return options.length === 1 ? options[0] : { kind: "alt", options };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      const atom = this.atom();
      if (atom) items.push(this.quantified(atom));
    }
    return { kind: "seq", items };
  }

  private quantified(atom: RegexNode): RegexNode {
    const c = this.src[this.i];
    let min: number, max: number;
    let limit = Infinity;
    if (c === "*") { min = 0; max = OPEN_REPEAT; this.i++; }
    else if (c === "+") { min = 1; max = OPEN_REPEAT; this.i++; }
    else if (c === "?") { min = 0; max = 1; limit = 1; this.i++; }
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom; // a literal "{"
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? min + OPEN_REPEAT : Number(m[3]);
      if (m[3] !== "") limit = max;
      this.i += m[0].length;
    } else return atom;
    if (this.src[this.i] === "?") this.i++; // lazy: same language
    return { kind: "repeat", node: atom, min, max, limit };
  }

  private atom(): RegexNode | undefined {
    const c = this.src[this.i++];
    switch (c) {
      case "^": case "$": return undefined; // anchors: the generated string is the whole match
      case ".": return { kind: "chars", ranges: PRINTABLE };
      case "[": return this.charClass();
      case "(": {
        const look = /^\?(<?)([=!])/.exec(this.src.slice(this.i, this.i + 3));
        if (look) {
          this.i += look[0].length;
          this.constrained = true;
          const body = this.alternation();
          if (this.src[this.i++] !== ")") throw new UnsupportedPatternFeature("unbalanced parenthesis");
          return { kind: "look", behind: look[1] === "<", negate: look[2] === "!", node: body };
        }
        let index: number | undefined;
        if (this.src[this.i] === "?") {
          if (this.src[this.i + 1] === ":") this.i += 2;
          else if (this.src[this.i + 1] === "<" && /[A-Za-z]/.test(this.src[this.i + 2] ?? "")) {
            const end = this.src.indexOf(">", this.i);
            if (end < 0) throw new UnsupportedPatternFeature("unterminated group name");
            index = ++this.groupCount;
            this.groupNames.set(this.src.slice(this.i + 2, end), index);
            this.i = end + 1;
          } else throw new UnsupportedPatternFeature(`the group "(${this.src.slice(this.i, this.i + 3)}" is not supported`);
        } else {
          index = ++this.groupCount;
        }
        const inner = this.alternation();
        if (this.src[this.i++] !== ")") throw new UnsupportedPatternFeature("unbalanced parenthesis");
        return index === undefined ? inner : { kind: "group", index, node: inner };
      }
      case "\\": return this.escape(false) as RegexNode | undefined;
      default: {
        const code = c.codePointAt(0)!;
        if (code > 0xffff) this.i++;
        return { kind: "chars", ranges: [[code, code]] };
      }
    }
  }

  /** An escape after the backslash; inside a class it returns ranges. */
  private escape(inClass: boolean): RegexNode | Array<[number, number]> | undefined {
    const c = this.src[this.i++];
    const set = (ranges: Array<[number, number]>) => (inClass ? ranges : { kind: "chars" as const, ranges });
    switch (c) {
      case "d": return set(DIGIT);
      case "D": return set(complement(DIGIT));
      case "w": return set(WORD);
      case "W": return set(complement(WORD));
      case "s": return set(SPACE);
      case "S": return set(complement(SPACE));
      case "b": case "B": if (!inClass) return undefined; return set([[8, 8]]);
      case "n": return set([[10, 10]]);
      case "t": return set([[9, 9]]);
      case "r": return set([[13, 13]]);
      case "p": case "P": {
        // Each property generates its printable-ASCII members; \P{X} is their complement in printable ASCII.
        const m = /^\{([^}]*)\}/.exec(this.src.slice(this.i));
        if (!m) throw new UnsupportedPatternFeature(`\\${c} needs a property name in braces`);
        this.i += m[0].length;
        const members = UNICODE_PROPERTIES[m[1]];
        if (!members) throw new UnsupportedPatternFeature(`the Unicode property \\${c}{${m[1]}} is not supported`);
        return set(c === "p" ? members : complement(members));
      }
      case "u": {
        const m = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.i));
        if (!m) return set([[0x75, 0x75]]);
        this.i += 4;
        const code = parseInt(m[0], 16);
        return set([[code, code]]);
      }
      case "x": {
        const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i));
        if (!m) return set([[0x78, 0x78]]);
        this.i += 2;
        const code = parseInt(m[0], 16);
        return set([[code, code]]);
      }
      case "k": {
        if (inClass || this.src[this.i] !== "<") return set([[0x6b, 0x6b]]);
        const end = this.src.indexOf(">", this.i);
        if (end < 0) throw new UnsupportedPatternFeature("unterminated group name in a back-reference");
        const name = this.src.slice(this.i + 1, end);
        this.i = end + 1;
        this.constrained = true;
        this.referenced.add(name);
        return { kind: "backref", ref: name };
      }
      default: {
        if (c === undefined) throw new UnsupportedPatternFeature("trailing backslash");
        if (/[1-9]/.test(c) && !inClass) {
          const digits = /^\d*/.exec(this.src.slice(this.i))![0];
          this.i += digits.length;
          const ref = Number(c + digits);
          this.constrained = true;
          this.referenced.add(ref);
          return { kind: "backref", ref };
        }
        return set([[c.codePointAt(0)!, c.codePointAt(0)!]]);
      }
    }
  }

  private charClass(): RegexNode {
    let negate = false;
    if (this.src[this.i] === "^") { negate = true; this.i++; }
    const ranges: Array<[number, number]> = [];
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== "]" || first)) {
      first = false;
      let lo: Array<[number, number]>;
      if (this.src[this.i] === "\\") { this.i++; lo = this.escape(true) as Array<[number, number]>; }
      else { const code = this.src.codePointAt(this.i)!; this.i += code > 0xffff ? 2 : 1; lo = [[code, code]]; }
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && lo.length === 1 && lo[0][0] === lo[0][1]) {
        this.i++;
        let hi: number;
        if (this.src[this.i] === "\\") { this.i++; const r = this.escape(true) as Array<[number, number]>; hi = r[0][0]; }
        else { hi = this.src.codePointAt(this.i)!; this.i += hi > 0xffff ? 2 : 1; }
        ranges.push([lo[0][0], hi]);
      } else ranges.push(...lo);
    }
    if (this.src[this.i++] !== "]") throw new UnsupportedPatternFeature("unterminated character class");
    return { kind: "chars", ranges: negate ? complement(ranges) : ranges };
  }
}

/** A uniformly drawn code point of `ranges`. */
function draw(ranges: Ranges, rng: Rng): number {
  const total = ranges.reduce((n, [a, b]) => n + (b - a + 1), 0);
  let k = rng.int(0, total - 1);
  for (const [a, b] of ranges) {
    if (k <= b - a) return a + k;
    k -= b - a + 1;
  }
  return ranges[ranges.length - 1][1];
}

function within(ranges: Ranges, code: number): boolean {
  return ranges.some(([a, b]) => code >= a && code <= b);
}

function intersect(x: Ranges, y: Ranges): Ranges {
  const out: Ranges = [];
  for (const [a, b] of x) {
    for (const [c, d] of y) {
      const lo = Math.max(a, c), hi = Math.min(b, d);
      if (lo <= hi) out.push([lo, hi]);
    }
  }
  return out;
}

/**
 * What one walk of the tree produced: the code points, and for each the class it was drawn from (null
 * where it must stay as it is: text a back-reference repeats, or the repetition itself), the text of each
 * group, and where each lookaround was met.
 */
interface Walk {
  out: string[];
  /** Only kept for patterns with lookaround or back-references (the rest need no check and no repair). */
  tracked?: {
    slots: Array<Ranges | null>;
    groups: Map<number, string>;
    looks: Array<{ node: Extract<RegexNode, { kind: "look" }>; at: number }>;
    /** Inside a group a back-reference repeats: its characters are not to be changed. */
    frozen: number;
  };
}

function trackedWalk(): Walk & { tracked: NonNullable<Walk["tracked"]> } {
  return { out: [], tracked: { slots: [], groups: new Map(), looks: [], frozen: 0 } };
}

function emit(node: RegexNode, rng: Rng, walk: Walk, tree: PatternTree): void {
  switch (node.kind) {
    case "chars": {
      walk.out.push(String.fromCodePoint(draw(node.ranges, rng)));
      walk.tracked?.slots.push(walk.tracked.frozen > 0 ? null : node.ranges);
      return;
    }
    case "seq": for (const item of node.items) emit(item, rng, walk, tree); return;
    case "alt": emit(rng.pick(node.options), rng, walk, tree); return;
    case "repeat": {
      const n = rng.int(node.min, node.max);
      for (let j = 0; j < n; j++) emit(node.node, rng, walk, tree);
      return;
    }
    case "group": {
      const tracked = walk.tracked;
      if (!tracked) { emit(node.node, rng, walk, tree); return; }
      const start = walk.out.length;
      const frozen = tree.frozenGroups.has(node.index);
      if (frozen) tracked.frozen++;
      emit(node.node, rng, walk, tree);
      if (frozen) tracked.frozen--;
      tracked.groups.set(node.index, walk.out.slice(start).join(""));
      return;
    }
    case "backref": {
      // A group that has not taken part (yet) repeats as the empty string, as in ECMA-262.
      const index = typeof node.ref === "number" ? node.ref : tree.groupNames.get(node.ref);
      for (const ch of (index === undefined ? "" : walk.tracked?.groups.get(index) ?? "")) {
        walk.out.push(ch);
        walk.tracked?.slots.push(null);
      }
      return;
    }
    case "look": walk.tracked?.looks.push({ node, at: walk.out.length }); return;
    case "empty": return;
  }
}

interface PatternTree {
  root: RegexNode;
  groupNames: ReadonlyMap<string, number>;
  /** Groups whose text a back-reference repeats. */
  frozenGroups: ReadonlySet<number>;
}

/**
 * A lookahead that asks for one character of `need` somewhere ahead, after any run of characters of
 * `lead` (at most `limit` of them): `(?=.*[A-Z])`, `(?=[^0-9]*[0-9])`, `(?=[a-z])` (no lead: right here).
 */
interface Demand { need: Ranges; lead?: Ranges; limit: number }

function demandOf(look: Extract<RegexNode, { kind: "look" }>): Demand | undefined {
  if (look.behind || look.negate) return undefined;
  const unwrap = (n: RegexNode): RegexNode => (n.kind === "group" ? unwrap(n.node) : n.kind === "seq" && n.items.length === 1 ? unwrap(n.items[0]) : n);
  const body = unwrap(look.node);
  const items = body.kind === "seq" ? body.items.map(unwrap) : [body];
  const [first, second] = items;
  if (first?.kind === "chars") return { need: first.ranges, limit: 0 };
  if (first?.kind === "repeat" && first.min === 0 && second?.kind === "chars") {
    const lead = unwrap(first.node);
    if (lead.kind === "chars") return { need: second.ranges, lead: lead.ranges, limit: first.limit };
  }
  return undefined;
}

/** The positions from `at` on where a character of `demand.need` would meet it (given the text so far). */
function reach(demand: Demand, at: number, codes: number[]): { met: boolean; candidates: number[] } {
  const candidates: number[] = [];
  const last = Math.min(codes.length - 1, at + demand.limit);
  for (let j = at; j <= last; j++) {
    if (within(demand.need, codes[j])) return { met: true, candidates };
    candidates.push(j);
    if (!demand.lead || !within(demand.lead, codes[j])) break;
  }
  return { met: false, candidates };
}

/**
 * Plants, for each lookahead demand the walk does not meet, a character of the demand at a random
 * position it can reach and the main pattern allows there (the class that position was drawn from
 * holds it). Positions planted once are not reused, so several demands are met together.
 */
function plant(walk: ReturnType<typeof trackedWalk>, rng: Rng): void {
  const { slots, looks } = walk.tracked;
  const codes = walk.out.map((ch) => ch.codePointAt(0)!);
  const planted = new Set<number>();
  for (const { node, at } of looks) {
    const demand = demandOf(node);
    if (!demand) continue;
    const { met, candidates } = reach(demand, at, codes);
    if (met) continue;
    const usable = candidates.filter((j) => !planted.has(j) && slots[j] !== null && intersect(slots[j]!, demand.need).length > 0);
    if (usable.length === 0) continue;
    const j = rng.pick(usable);
    codes[j] = draw(intersect(slots[j]!, demand.need), rng);
    walk.out[j] = String.fromCodePoint(codes[j]);
    planted.add(j);
  }
}

/** Tails tried after the strings of a pattern open at its end, when its constraints need more than its walk. */
const TAILS = ["-1", " 2", ".", "!", "_x", "-a", " b", "3"];

/** Tries per generated string for a pattern with lookaround or back-references. */
const MAX_ATTEMPTS = 1000;
/** At compile time, this many strings must be found within PROBE_ATTEMPTS tries, or the pattern is refused. */
const PROBE_STRINGS = 16;
const PROBE_ATTEMPTS = 800;

/** Compiles `pattern` into a generator of matching strings; throws UnsupportedPatternFeature. */
export function compilePatternGenerator(pattern: string): (rng: Rng) => string {
  const parser = new Parser(pattern);
  const root = parser.parse();
  if (!parser.constrained) {
    // The hot path: every string the tree generates matches.
    const tree: PatternTree = { root, groupNames: parser.groupNames, frozenGroups: new Set() };
    return (rng) => {
      const walk: Walk = { out: [] };
      emit(root, rng, walk, tree);
      return walk.out.join("");
    };
  }
  let test: (s: string) => boolean;
  try {
    const matcher = compilePattern(pattern);
    test = (s) => matcher.test(s);
  } catch (err) {
    if (err instanceof UnsupportedPatternError) throw new UnsupportedPatternFeature(err.reason);
    throw err;
  }
  const frozenGroups = new Set([...parser.referenced].map((r) => (typeof r === "number" ? r : parser.groupNames.get(r))).filter((r): r is number => r !== undefined));
  const tree: PatternTree = { root, groupNames: parser.groupNames, frozenGroups };
  // A lookahead at the top of the pattern can say more than the rest (`^(?=(a+)+$)` is all of its strings):
  // its body is a second source of candidates, and a tail a third, for a pattern whose main walk the probe
  // finds too rarely (patterns the walk serves keep their stream of values).
  const topLooks = (root.kind === "seq" ? root.items : [root]).filter((n): n is Extract<RegexNode, { kind: "look" }> => n.kind === "look" && !n.behind && !n.negate);
  let fromLooks = false;
  /** One candidate: the main pattern's walk, lookahead demands planted, then the full matcher's verdict. */
  const attempt = (rng: Rng): string | undefined => {
    const walk = trackedWalk();
    emit(root, rng, walk, tree);
    let s = walk.out.join("");
    if (test(s)) return s;
    if (walk.tracked.looks.length === 0) return undefined;
    plant(walk, rng);
    s = walk.out.join("");
    if (test(s)) return s;
    if (!fromLooks) return undefined;
    for (const look of topLooks) {
      const body: Walk = { out: [] };
      emit(look.node, rng, body, tree);
      s = body.out.join("");
      if (test(s)) return s;
    }
    // A pattern open at its end takes any tail (`^(?!(\w+\s?)+$)x` wants "x" and something that is no word).
    s = walk.out.join("") + TAILS[rng.int(0, TAILS.length - 1)];
    return test(s) ? s : undefined;
  };
  // A probe on a PRNG of its own (the rows' stream is untouched): a pattern whose strings are too rare to
  // sample is refused now, before any row, rather than failing somewhere in the middle of a data set.
  const sample = () => {
    const probe = new Rng(`pattern-probe:${pattern}`);
    let found = 0;
    for (let tries = 0; tries < PROBE_ATTEMPTS && found < PROBE_STRINGS; tries++) if (attempt(probe) !== undefined) found++;
    return found;
  };
  let found = sample();
  if (found < PROBE_STRINGS) {
    fromLooks = true;
    found = sample();
  }
  if (found < PROBE_STRINGS) {
    throw new UnsupportedPatternFeature(`only ${found} of ${PROBE_STRINGS} sampled strings met its lookaround and back-reference constraints in ${PROBE_ATTEMPTS} attempts (the constraints may contradict the rest of the pattern)`);
  }
  return (rng) => {
    for (let tries = 0; tries < MAX_ATTEMPTS; tries++) {
      const s = attempt(rng);
      if (s !== undefined) return s;
    }
    throw new PatternSamplingError(pattern, MAX_ATTEMPTS);
  };
}

/** One position of a pattern's fixed-shape strings: a character of a class, or one of same-length literals. */
type Slot = { kind: "chars"; ranges: Ranges; size: number } | { kind: "words"; options: string[]; size: number };

/** The ranges sorted and merged, so each code point has one place (`[a-za-c]` would deal "a" twice). */
function merged(ranges: Ranges): Ranges {
  const sorted = [...ranges].filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: Ranges = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The one string a node matches (a literal, `-`, `(?:ORD)`), or undefined. */
function literalOf(node: RegexNode): string | undefined {
  switch (node.kind) {
    case "chars": return node.ranges.length === 1 && node.ranges[0][0] === node.ranges[0][1] ? String.fromCodePoint(node.ranges[0][0]) : undefined;
    case "seq": { let s = ""; for (const item of node.items) { const l = literalOf(item); if (l === undefined) return undefined; s += l; } return s; }
    case "group": return literalOf(node.node);
    case "repeat": { if (node.min !== node.max) return undefined; const l = literalOf(node.node); return l === undefined ? undefined : l.repeat(node.min); }
    case "empty": return "";
    default: return undefined;
  }
}

const log2Size = (slots: Slot[]) => slots.reduce((n, s) => n + Math.log2(s.size), 0);
const slotLength = (slots: Slot[]) => slots.reduce((n, s) => n + (s.kind === "chars" ? 1 : [...s.options[0]].length), 0);

/**
 * The node's strings of one shape: each repeat `counts` times, each alternation its literals (when they are
 * distinct and of one length) or its largest branch. Every such string has its characters at fixed
 * positions, so a tuple of slot digits is one string and one string is one tuple. Undefined for lookaround
 * and back-references, whose strings are not a product of positions.
 */
function shapeOf(node: RegexNode, counts: ReadonlyMap<RegexNode, number>): Slot[] | undefined {
  switch (node.kind) {
    case "chars": { const ranges = merged(node.ranges); return [{ kind: "chars", ranges, size: ranges.reduce((n, [a, b]) => n + b - a + 1, 0) }]; }
    case "seq": {
      const out: Slot[] = [];
      for (const item of node.items) { const s = shapeOf(item, counts); if (!s) return undefined; out.push(...s); }
      return out;
    }
    case "group": return shapeOf(node.node, counts);
    case "empty": return [];
    case "alt": {
      const literals = node.options.map(literalOf);
      const lengths = new Set(literals.map((l) => (l === undefined ? -1 : [...l].length)));
      if (literals.every((l) => l !== undefined) && lengths.size === 1 && new Set(literals).size === literals.length) {
        return literals[0] === "" ? [] : [{ kind: "words", options: literals as string[], size: literals.length }];
      }
      let best: Slot[] | undefined;
      for (const option of node.options) {
        const s = shapeOf(option, counts);
        if (s && (!best || log2Size(s) > log2Size(best))) best = s;
      }
      return best;
    }
    case "repeat": {
      const inner = shapeOf(node.node, counts);
      if (!inner) return undefined;
      const k = counts.get(node) ?? node.min;
      return Array.from({ length: k }, () => inner).flat();
    }
    default: return undefined;
  }
}

function repeatsOf(node: RegexNode, out: Array<Extract<RegexNode, { kind: "repeat" }>> = []): Array<Extract<RegexNode, { kind: "repeat" }>> {
  if (node.kind === "repeat") { out.push(node); repeatsOf(node.node, out); }
  else if (node.kind === "seq") for (const item of node.items) repeatsOf(item, out);
  else if (node.kind === "alt") for (const option of node.options) repeatsOf(option, out);
  else if (node.kind === "group" || node.kind === "look") repeatsOf(node.node, out);
  return out;
}

/** Values of a pattern deal: 2^40 of them are room for any job, so repeats grow only until there are. */
const PATTERN_DEAL_BITS = 40;
/** How far past its usual count an open repeat (`+`, `*`, `{n,}`) may grow for room. */
const OPEN_GROWTH = 12;

export interface PatternDeal {
  /** Distinct strings (capped at 2^52, the permutation's largest space). */
  size: number;
  /** The length of every string of the deal (code points). */
  length: number;
  /** The string of permuted index p (0 <= p < size): distinct p, distinct strings; `fill` keys the positions p does not reach. */
  at(p: number, fill: number): string;
}

/**
 * A bijection from indexes into strings of the pattern, for x-unique values: the pattern's strings of one
 * shape (see shapeOf; repeats at their middle count, grown until there is room or the pattern's bound,
 * then fitted to the lengths), each index written in the mixed radix of the positions. Positions past
 * what 2^52 indexes reach are filled from a hash of the index. Undefined when the pattern has lookaround
 * or back-references, or no shape of it fits the lengths.
 */
export function compilePatternDeal(pattern: string, minLength = 0, maxLength = Infinity, maxSpace = 2 ** 52): PatternDeal | undefined {
  const parser = new Parser(pattern);
  let root: RegexNode;
  try { root = parser.parse(); } catch { return undefined; }
  if (parser.constrained) return undefined;
  const repeats = repeatsOf(root);
  const counts = new Map<RegexNode, number>();
  const cap = (r: Extract<RegexNode, { kind: "repeat" }>) => (r.limit < Infinity ? r.limit : Math.max(r.max, r.min + OPEN_GROWTH));
  for (const r of repeats) counts.set(r, Math.ceil((r.min + r.max) / 2));
  let slots = shapeOf(root, counts);
  if (!slots) return undefined;
  const step = (grow: boolean): boolean => {
    const r = repeats.find((x) => (grow ? counts.get(x)! < cap(x) : counts.get(x)! > x.min));
    if (!r) return false;
    counts.set(r, counts.get(r)! + (grow ? 1 : -1));
    slots = shapeOf(root, counts)!;
    return true;
  };
  while (log2Size(slots) < PATTERN_DEAL_BITS && slotLength(slots) < maxLength && step(true)) { /* grow for room */ }
  while (slotLength(slots) < minLength && step(true)) { /* grow to the lengths */ }
  while (slotLength(slots) > maxLength && step(false)) { /* shrink to the lengths */ }
  const length = slotLength(slots);
  if (length < minLength || length > maxLength) return undefined;
  const fixed = slots;
  const total = fixed.reduce((n, s) => n * s.size, 1);
  const size = Math.min(total, maxSpace);
  const charAt = (ranges: Ranges, d: number): string => {
    for (const [a, b] of ranges) { if (d <= b - a) return String.fromCodePoint(a + d); d -= b - a + 1; }
    return String.fromCodePoint(ranges[0][0]);
  };
  return {
    size, length,
    at: (p, fill) => {
      let q = p, covered = 1, h = (fill ^ (p >>> 0) ^ Math.floor(p / 2 ** 32)) >>> 0;
      let out = "";
      for (let j = 0; j < fixed.length; j++) {
        const s = fixed[j];
        let d: number;
        if (covered < size) { d = q % s.size; q = Math.floor(q / s.size); covered *= s.size; }
        else { h = fmix32((h + 0x9e3779b9 + j) >>> 0); d = h % s.size; }
        out += s.kind === "chars" ? charAt(s.ranges, d) : s.options[d];
      }
      return out;
    },
  };
}

