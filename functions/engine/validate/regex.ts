// Untrusted `pattern` / `patternProperties` regexes run on RE2 (re2js): matching is linear in the input,
// so `^(a+)+$` cannot hang a function. Patterns RE2 cannot express (backreferences, lookaround) are
// reported, never handed to the backtracking RegExp engine. A small analyser also works out the lengths
// a pattern can match, so "pattern cannot meet minLength/maxLength" is caught where it is decidable.
import { RE2JS } from "re2js";
import type { RegExpEngine, RegExpLike } from "ajv/dist/types";

/** A pattern the linear-time engine refuses, with RE2's reason. */
export class UnsupportedPatternError extends Error {
  override readonly name = "UnsupportedPatternError";
  constructor(readonly pattern: string, readonly reason: string) {
    super(`pattern ${JSON.stringify(pattern)} is not supported by the linear-time regex engine: ${reason}`);
  }
}

const compiled = new Map<string, RE2JS>();
const MAX_CACHED_PATTERNS = 1000;

/** The RE2 program for a JSON Schema (ECMA-262) pattern; throws UnsupportedPatternError when RE2 cannot run it. */
export function compileSafePattern(pattern: string): RE2JS {
  const hit = compiled.get(pattern);
  if (hit) return hit;
  let program: RE2JS;
  try {
    program = RE2JS.compile(RE2JS.translateRegExp(shortPropertyNames(pattern)));
  } catch (err) {
    const reason = (err as Error).message.replace(/^error parsing regexp: /, "");
    throw new UnsupportedPatternError(pattern, reason);
  }
  if (compiled.size >= MAX_CACHED_PATTERNS) compiled.clear();
  compiled.set(pattern, program);
  return program;
}

// ECMAScript accepts long Unicode property names (`\p{Letter}`, `\p{Script=Greek}`); RE2 only the short ones.
const LONG_PROPERTY_NAMES: Record<string, string> = {
  Letter: "L", Cased_Letter: "L", Uppercase_Letter: "Lu", Lowercase_Letter: "Ll", Titlecase_Letter: "Lt",
  Modifier_Letter: "Lm", Other_Letter: "Lo", Mark: "M", Combining_Mark: "M", Nonspacing_Mark: "Mn",
  Spacing_Mark: "Mc", Enclosing_Mark: "Me", Number: "N", Decimal_Number: "Nd", digit: "Nd", Letter_Number: "Nl",
  Other_Number: "No", Punctuation: "P", punct: "P", Connector_Punctuation: "Pc", Dash_Punctuation: "Pd",
  Open_Punctuation: "Ps", Close_Punctuation: "Pe", Initial_Punctuation: "Pi", Final_Punctuation: "Pf",
  Other_Punctuation: "Po", Symbol: "S", Math_Symbol: "Sm", Currency_Symbol: "Sc", Modifier_Symbol: "Sk",
  Other_Symbol: "So", Separator: "Z", Space_Separator: "Zs", Line_Separator: "Zl", Paragraph_Separator: "Zp",
  Other: "C", Control: "Cc", cntrl: "Cc", Format: "Cf", Surrogate: "Cs", Private_Use: "Co", Unassigned: "Cn",
};

function shortPropertyNames(pattern: string): string {
  // An even run of backslashes before `\p` keeps it an escape; an odd one makes it a literal backslash.
  return pattern.replace(/(?<!\\)((?:\\\\)*)\\([pP])\{(?:(?:General_Category|gc|Script|sc|Script_Extensions|scx)=)?([A-Za-z_]+)\}/g,
    (_whole, escapes: string, p: string, name: string) => `${escapes}\\${p}{${LONG_PROPERTY_NAMES[name] ?? name}}`);
}

/** Why a pattern cannot be used, or undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  try {
    compileSafePattern(pattern);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * ajv's `code.regExp` hook: ajv calls it with the pattern and its flags ("u") and only needs `test`.
 * JSON Schema patterns are unanchored searches, which is what RE2JS#test does.
 */
export const re2RegExpEngine: RegExpEngine = Object.assign(
  (pattern: string, _flags: string): RegExpLike => {
    const program = compileSafePattern(pattern);
    return { test: (s: string) => program.test(s), toString: () => `re2:${pattern}` } as RegExpLike;
  },
  // Only used by ajv's standalone code generation, which this engine does not use.
  { code: 'require("re2js")' },
);

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

/** Lengths, anchoring and an upper bound on the distinct strings (`count`) of a piece of a pattern. */
interface Span { min: number; max: number; unbounded: boolean; anchoredStart: boolean; anchoredEnd: boolean; count: number }

/** Thrown inside the analyser for constructs whose length it does not decide (backreferences, lookaround). */
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
    if (atom.anchoredStart || atom.anchoredEnd) throw new Undecided();
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
      if (this.src.startsWith("?:", this.pos)) this.pos += 2;
      else if (this.src.startsWith("?<", this.pos) && !/^\?<[=!]/.test(this.src.slice(this.pos))) {
        const end = this.src.indexOf(">", this.pos);
        if (end < 0) throw new Undecided();
        this.pos = end + 1;
      } else if (this.src[this.pos] === "?") throw new Undecided(); // lookaround and flags
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
