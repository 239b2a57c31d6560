// Patterns are matched by functions/engine/schema/patterns.ts (RE2 where it can, the native RegExp for
// lookaround and back-references once the ReDoS analysis has cleared them); this module re-exports it for
// the validators. A small analyser also works out the lengths a pattern can match, so "pattern cannot meet
// minLength/maxLength" is caught where it is decidable.
import type { RegExpEngine } from "ajv/dist/types";
import { compilePattern, type PatternMatcher, patternProblem, patternRegExpEngine as engine, UnsupportedPatternError } from "../schema/patterns";

export { patternProblem, UnsupportedPatternError };

/** The matcher for a JSON Schema (ECMA-262) pattern; throws UnsupportedPatternError when it is refused. */
export function compileSafePattern(pattern: string): PatternMatcher {
  return compilePattern(pattern);
}

/** ajv's `code.regExp` hook: RE2, or the native RegExp for patterns the ReDoS analysis cleared. */
export const patternRegExpEngine: RegExpEngine = engine;

// ---------------------------------------------------------------------------------------------------
// Length analysis of a pattern.

export interface PatternLengths {
  /** Fewest characters (code points) a matching string has. */
  min: number;
  /** Most characters a matching string has (Infinity when unbounded, e.g. not anchored at both ends). */
  max: number;
  /** Nested unbounded quantifiers such as `(a+)+`: exponential in backtracking engines. */
  nestedQuantifier: boolean;
  /** At most this many distinct strings match (Infinity when unbounded or not anchored at both ends). */
  distinct: number;
}

/**
 * Lengths, anchoring and an upper bound on the distinct strings (`count`) of a piece of a pattern.
 * `lookaround` marks a lookahead or lookbehind: zero-width, and no anchor of the text around it.
 */
interface Span { min: number; max: number; unbounded: boolean; anchoredStart: boolean; anchoredEnd: boolean; count: number; lookaround?: boolean }

/** Thrown inside the analyser for constructs whose length it does not decide (backreferences, flags). */
class Undecided extends Error {}

/**
 * The lengths of strings a pattern can match, or undefined when the pattern uses constructs whose length
 * is not decidable here. An unanchored pattern matches any longer string that contains a match, so its
 * `max` is Infinity but its `min` still holds.
 */
export function patternLengths(pattern: string): PatternLengths | undefined {
  const parser = new LengthParser(pattern);
  try {
    const span = parser.alternation();
    if (parser.pos !== pattern.length) return undefined;
    const anchored = span.anchoredStart && span.anchoredEnd;
    return { min: span.min, max: anchored ? span.max : Infinity, nestedQuantifier: parser.nestedQuantifier, distinct: anchored ? span.count : Infinity };
  } catch (err) {
    if (err instanceof Undecided) return undefined;
    throw err;
  }
}

// Upper bounds on the characters a class escape stands for (JavaScript's \s is the widest reading).
const ESCAPE_CLASS_SIZES: Record<string, number> = { d: 10, w: 63, s: 25, D: Infinity, W: Infinity, S: Infinity };

/** Distinct strings of `count`-way atoms repeated min..max times: sum of count^k. */
function repetitions(count: number, min: number, max: number): number {
  if (max === Infinity) return count <= 1 ? (count === 0 ? 0 : Infinity) : Infinity;
  if (count === 1) return max - min + 1;
  let total = 0;
  for (let k = min; k <= max && total < Number.MAX_SAFE_INTEGER; k++) total += count ** k;
  return total;
}

class LengthParser {
  pos = 0;
  nestedQuantifier = false;
  constructor(private readonly src: string) {}

  alternation(): Span {
    let result = this.sequence();
    while (this.src[this.pos] === "|") {
      this.pos++;
      const next = this.sequence();
      result = {
        min: Math.min(result.min, next.min),
        max: Math.max(result.max, next.max),
        unbounded: result.unbounded || next.unbounded,
        anchoredStart: result.anchoredStart && next.anchoredStart,
        anchoredEnd: result.anchoredEnd && next.anchoredEnd,
        count: result.count + next.count,
      };
    }
    return result;
  }

  sequence(): Span {
    const span: Span = { min: 0, max: 0, unbounded: false, anchoredStart: false, anchoredEnd: false, count: 1 };
    let first = true;
    while (this.pos < this.src.length && this.src[this.pos] !== "|" && this.src[this.pos] !== ")") {
      const atom = this.quantified();
      // A lookaround only narrows what the rest matches: the bounds without it still hold.
      if (atom.lookaround) continue;
      if (first && atom.anchoredStart) span.anchoredStart = true;
      first = false;
      span.min += atom.min;
      span.max += atom.max;
      span.unbounded ||= atom.unbounded;
      span.count *= atom.count;
      // Anchored at the end only if the last atom is `$` (or a group anchored at its end).
      span.anchoredEnd = atom.anchoredEnd;
    }
    return span;
  }

  quantified(): Span {
    const atom = this.atom();
    const q = this.quantifier();
    if (!q) return atom;
    if (atom.anchoredStart || atom.anchoredEnd || atom.lookaround) throw new Undecided();
    if (q.max === Infinity && atom.unbounded) this.nestedQuantifier = true;
    const max = atom.max === 0 ? 0 : q.max * atom.max;
    return {
      min: atom.min * q.min, max, unbounded: atom.unbounded || (q.max === Infinity && atom.max > 0),
      anchoredStart: false, anchoredEnd: false, count: atom.max === 0 ? atom.count : repetitions(atom.count, q.min, q.max),
    };
  }

  quantifier(): { min: number; max: number } | undefined {
    const c = this.src[this.pos];
    let q: { min: number; max: number } | undefined;
    if (c === "*") { q = { min: 0, max: Infinity }; this.pos++; }
    else if (c === "+") { q = { min: 1, max: Infinity }; this.pos++; }
    else if (c === "?") { q = { min: 0, max: 1 }; this.pos++; }
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return undefined; // a literal brace
      const min = Number(m[1]);
      q = { min, max: m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]) };
      this.pos += m[0].length;
    }
    if (q && this.src[this.pos] === "?") this.pos++; // lazy: same lengths
    return q;
  }

  atom(): Span {
    const one = (count = 1): Span => ({ min: 1, max: 1, unbounded: false, anchoredStart: false, anchoredEnd: false, count });
    const c = this.src[this.pos];
    if (c === "^") { this.pos++; return { min: 0, max: 0, unbounded: false, anchoredStart: true, anchoredEnd: false, count: 1 }; }
    if (c === "$") { this.pos++; return { min: 0, max: 0, unbounded: false, anchoredStart: false, anchoredEnd: true, count: 1 }; }
    if (c === ".") { this.pos++; return one(Infinity); }
    if (c === "(") {
      this.pos++;
      const look = /^\?(?:[=!]|<[=!])/.exec(this.src.slice(this.pos, this.pos + 3));
      if (look) {
        // Its body is read (nested quantifiers in it count) and then ignored: it consumes nothing.
        this.pos += look[0].length;
        this.alternation();
        if (this.src[this.pos] !== ")") throw new Undecided();
        this.pos++;
        return { min: 0, max: 0, unbounded: false, anchoredStart: false, anchoredEnd: false, count: 1, lookaround: true };
      }
      if (this.src.startsWith("?:", this.pos)) this.pos += 2;
      else if (this.src.startsWith("?<", this.pos) && !/^\?<[=!]/.test(this.src.slice(this.pos))) {
        const end = this.src.indexOf(">", this.pos);
        if (end < 0) throw new Undecided();
        this.pos = end + 1;
      } else if (this.src[this.pos] === "?") throw new Undecided(); // modifiers
      const inner = this.alternation();
      if (this.src[this.pos] !== ")") throw new Undecided();
      this.pos++;
      return inner;
    }
    if (c === "[") return one(this.characterClass());
    if (c === "\\") {
      const next = this.src[this.pos + 1];
      if (next === undefined) throw new Undecided();
      if (/[1-9k]/.test(next)) throw new Undecided(); // backreference
      if (next === "b" || next === "B") { this.pos += 2; return { ...one(), min: 0, max: 0 }; }
      return one(this.escape());
    }
    if (c === ")" || c === "|" || c === undefined) throw new Undecided();
    if (c === "*" || c === "+" || c === "?") throw new Undecided(); // a quantifier with nothing to repeat
    // One code point (a surrogate pair counts as one, as JSON Schema lengths do).
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return one();
  }

  /** Reads one escape sequence starting at a backslash; returns how many characters it can stand for (at most). */
  escape(): number {
    const rest = this.src.slice(this.pos);
    const m = /^\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[pP]\{[^}]*\}|0|.)/su.exec(rest);
    if (!m) throw new Undecided();
    this.pos += m[0].length;
    return ESCAPE_CLASS_SIZES[m[1]] ?? (/^[pP]\{/.test(m[1]) ? Infinity : 1);
  }

  private escapeOrChar(): void {
    if (this.src[this.pos] === "\\") this.escape();
    else this.pos += this.src.codePointAt(this.pos)! > 0xffff ? 2 : 1;
  }

  /** Reads a character class `[...]`; returns how many characters it holds (at most: overlaps count twice). */
  characterClass(): number {
    this.pos++; // [
    const negated = this.src[this.pos] === "^";
    if (negated) this.pos++;
    if (this.src[this.pos] === "]") throw new Undecided(); // `[]` / `[^]`: nothing or anything, rare enough to skip
    let size = 0;
    while (this.pos < this.src.length && this.src[this.pos] !== "]") {
      const from = this.src.codePointAt(this.pos)!;
      const isEscape = this.src[this.pos] === "\\";
      const members = isEscape ? this.escape() : (this.pos += from > 0xffff ? 2 : 1, 1);
      const isRange = this.src[this.pos] === "-" && this.src[this.pos + 1] !== "]" && this.src[this.pos + 1] !== undefined;
      if (isRange && (isEscape || this.src[this.pos + 1] === "\\")) {
        // A range with an escaped end (`\x41-\x5A`): not worth decoding, so no bound on its size.
        this.pos++;
        this.escapeOrChar();
        size = Infinity;
      } else if (isRange) {
        this.pos++;
        const to = this.src.codePointAt(this.pos)!;
        this.pos += to > 0xffff ? 2 : 1;
        size += Math.max(1, to - from + 1);
      } else {
        size += members;
      }
    }
    if (this.src[this.pos] !== "]") throw new Undecided();
    this.pos++;
    return negated ? Infinity : size;
  }
}
