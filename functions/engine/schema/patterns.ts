// The one place that decides how a JSON Schema `pattern` (ECMA-262 syntax, `u` flag, an unanchored search)
// is matched. Untrusted patterns must never hang a function:
// - everything RE2 can express runs on RE2 (re2js): linear in the input, so `^(a+)+$` is harmless;
// - a lookahead or lookbehind at a fixed position of the pattern (after a leading `^` and a part of fixed
//   length, or before a part of fixed length and a trailing `$`: the SSN, password, id and Decimal patterns
//   schemas use) is decomposed: the pattern without it runs on RE2, and the lookaround is one more RE2
//   search on the whole string (decomposeLookarounds). Still linear, and no analysis is needed;
// - other lookarounds and back-references, which RE2 refuses, run on the native backtracking RegExp, and
//   only after recheck has analysed the pattern and found no super-linear backtracking. A pattern it finds
//   vulnerable (or cannot decide) is refused, and is never handed to `new RegExp`.
// Outcomes are cached, so a pattern is analysed once per process.
import { RE2JS } from "re2js";
import type { Diagnostics, Parameters } from "recheck";

/**
 * Why a pattern is refused, as a schema-check rule: `pattern-linear-time` for what RE2 cannot run and no
 * other engine is tried for, `pattern-redos` for a pattern that may backtrack super-linearly (or that the
 * analysis could not clear), `pattern-syntax` for a pattern that is not valid ECMA-262.
 */
export type PatternRule = "pattern-linear-time" | "pattern-redos" | "pattern-syntax";

/** A pattern no engine here will run, with the reason and the schema-check rule it breaks. */
export class UnsupportedPatternError extends Error {
  override readonly name = "UnsupportedPatternError";
  constructor(readonly pattern: string, readonly reason: string, readonly rule: PatternRule = "pattern-linear-time") {
    super(rule === "pattern-linear-time"
      ? `pattern ${JSON.stringify(pattern)} is not supported by the linear-time regex engine: ${reason}`
      : `pattern ${JSON.stringify(pattern)} ${reason}`);
  }
}

/** A compiled pattern: `test` is JSON Schema's unanchored search. */
export interface PatternMatcher {
  readonly pattern: string;
  /** `re2` (linear time) or `backtracking` (native RegExp, cleared by the ReDoS analysis). */
  readonly engine: "re2" | "backtracking";
  /**
   * On RE2, how many lookarounds the pattern had, each decomposed into an RE2 search of its own (see
   * decomposeLookarounds); absent for a pattern without lookaround.
   */
  readonly lookarounds?: number;
  test(s: string): boolean;
}

// ---------------------------------------------------------------------------------------------------
// ECMAScript to RE2 syntax.

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

/** A property name (`Letter`, `Script=Greek`, `gc=Lu`) as RE2 spells it. */
function shortPropertyName(name: string): string {
  const value = name.replace(/^(?:General_Category|gc|Script|sc|Script_Extensions|scx)=/, "");
  return LONG_PROPERTY_NAMES[value] ?? value;
}

/** `\p{Letter}` as `\p{L}`, `\p{Script=Greek}` as `\p{Greek}`: the property names RE2 knows. */
export function shortPropertyNames(pattern: string): string {
  // An even run of backslashes before `\p` keeps it an escape; an odd one makes it a literal backslash.
  return pattern.replace(/(?<!\\)((?:\\\\)*)\\([pP])\{(?:(?:General_Category|gc|Script|sc|Script_Extensions|scx)=)?([A-Za-z_]+)\}/g,
    (_whole, escapes: string, p: string, name: string) => `${escapes}\\${p}{${LONG_PROPERTY_NAMES[name] ?? name}}`);
}

/**
 * An ECMA-262 pattern (flag `u`) in RE2 syntax. A valid pattern is parsed here (see `EcmaParser`) and
 * written out with ECMAScript's meaning: `.` leaves out \r, U+2028 and U+2029 as well as \n, `\s` is
 * ECMAScript's white space and line terminators (RE2's is ASCII only), `\uD83D\uDE00` is one code point.
 * A pattern the `u` flag refuses (schemas carry some, such as `[\w-.]`), and one with lookaround or
 * back-references (RE2 has no syntax for them), keep re2js's translation, as before.
 */
export function toRe2Syntax(pattern: string): string {
  let valid = true;
  try {
    // Constructed for its syntax check only: this RegExp is never run.
    new RegExp(pattern, "u");
  } catch {
    valid = false;
  }
  if (valid) {
    try {
      return emitAlternation(new EcmaParser(pattern).parse());
    } catch (err) {
      if (!(err instanceof Unhandled)) throw err;
    }
  }
  return RE2JS.translateRegExp(shortPropertyNames(pattern));
}

/** A construct the parser below does not translate (the caller falls back, or leaves the pattern alone). */
class Unhandled extends Error {}

/** One code point as RE2 syntax, valid inside and outside a class: ASCII letters and digits as they are, the rest as `\x{..}`. */
function literal(cp: number): string {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? String.fromCharCode(cp) : `\\x{${cp.toString(16)}}`;
}

/** ECMAScript's `\s` (WhiteSpace and LineTerminator), as RE2 class items. */
const SPACE_ITEMS = "\\x{9}-\\x{d}\\x{20}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}";
/** ECMAScript's `\S`, as RE2 class items: every code point `\s` leaves out. */
const NOT_SPACE_ITEMS = "\\x{0}-\\x{8}\\x{e}-\\x{1f}\\x{21}-\\x{9f}\\x{a1}-\\x{167f}\\x{1681}-\\x{1fff}\\x{200b}-\\x{2027}\\x{202a}-\\x{202e}\\x{2030}-\\x{205e}\\x{2060}-\\x{2fff}\\x{3001}-\\x{fefe}\\x{ff00}-\\x{10ffff}";
/** Any code point: ECMAScript's `[^]`, or `[\s\S]`. */
const ANY = "[\\x{0}-\\x{10ffff}]";
/** No code point: ECMAScript's `[]`. */
const NOTHING = "[^\\x{0}-\\x{10ffff}]";
/** ECMAScript's `.` without the `s` flag: any code point but the four line terminators. */
const DOT = "[^\\x{a}\\x{d}\\x{2028}\\x{2029}]";

/** A parsed pattern: alternatives, each a sequence of terms. */
type Alternation = Term[][];
type Term =
  /** Exactly one code point: a literal, an escape, a class or `.` (`re2` is its RE2 syntax, an atom). */
  | { t: "char"; re2: string }
  /** `^`, `$`, `\b`, `\B`. */
  | { t: "assert"; re2: string }
  | { t: "look"; behind: boolean; negative: boolean; body: Alternation }
  | { t: "backref" }
  | { t: "group"; body: Alternation }
  | { t: "repeat"; sub: Term; min: number; max: number; lazy: boolean };

const SYNTAX_CHARACTERS = "^$\\.*+?()[]{}|/";

/**
 * A parser for ECMA-262 patterns with the `u` flag, for patterns `new RegExp(pattern, "u")` accepts (and,
 * defensively, throwing Unhandled on anything it does not know rather than guessing): with that flag the
 * grammar has none of Annex B's leniency, so every `{`, `}`, `]` and escape has one reading.
 */
class EcmaParser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Alternation {
    const alternation = this.alternation();
    if (this.i !== this.src.length) throw new Unhandled();
    return alternation;
  }

  private alternation(): Alternation {
    const alternatives = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      alternatives.push(this.sequence());
    }
    return alternatives;
  }

  private sequence(): Term[] {
    const terms: Term[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") terms.push(this.term());
    return terms;
  }

  private term(): Term {
    const src = this.src;
    const c = src[this.i];
    let atom: Term;
    if (c === "^" || c === "$") {
      this.i++;
      return this.noQuantifier({ t: "assert", re2: c });
    } else if (c === "(") {
      const look = /^\(\?(<?)([=!])/.exec(src.slice(this.i, this.i + 4));
      if (look) {
        this.i += look[0].length;
        const body = this.alternation();
        this.close();
        return this.noQuantifier({ t: "look", behind: look[1] === "<", negative: look[2] === "!", body });
      }
      if (src.startsWith("(?:", this.i)) this.i += 3;
      else if (src.startsWith("(?<", this.i)) {
        const name = /^\(\?<([^>]*)>/.exec(src.slice(this.i, this.i + 200));
        if (!name) throw new Unhandled();
        this.i += name[0].length;
      } else if (src[this.i + 1] === "?") throw new Unhandled(); // modifiers such as (?i:...)
      else this.i++;
      const body = this.alternation();
      this.close();
      atom = { t: "group", body };
    } else if (c === "[") {
      atom = { t: "char", re2: this.characterClass() };
    } else if (c === "\\") {
      atom = this.escape();
      if (atom.t === "assert") return this.noQuantifier(atom);
    } else if (c === ".") {
      this.i++;
      atom = { t: "char", re2: DOT };
    } else if (c === undefined || "*+?{}])".includes(c)) {
      throw new Unhandled();
    } else {
      const cp = src.codePointAt(this.i)!;
      this.i += cp > 0xffff ? 2 : 1;
      atom = { t: "char", re2: literal(cp) };
    }
    return this.quantified(atom);
  }

  private close(): void {
    if (this.src[this.i] !== ")") throw new Unhandled();
    this.i++;
  }

  /** Assertions and lookarounds take no quantifier with the `u` flag. */
  private noQuantifier(term: Term): Term {
    const next = this.src[this.i];
    if (next === "*" || next === "+" || next === "?" || next === "{") throw new Unhandled();
    return term;
  }

  private quantified(sub: Term): Term {
    const src = this.src;
    let min: number;
    let max: number;
    const c = src[this.i];
    if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const counted = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(this.i, this.i + 40));
      if (!counted) throw new Unhandled();
      min = Number(counted[1]);
      max = counted[2] === undefined ? min : counted[3] === "" ? Infinity : Number(counted[3]);
      if (max < min) throw new Unhandled();
      this.i += counted[0].length - 1;
    } else return sub;
    this.i++;
    const lazy = src[this.i] === "?";
    if (lazy) this.i++;
    if ("*+?{".includes(src[this.i] ?? "-")) throw new Unhandled();
    return { t: "repeat", sub, min, max, lazy };
  }

  /** An escape outside a class. */
  private escape(): Term {
    const src = this.src;
    const c = src[this.i + 1];
    if (c === "b" || c === "B") {
      this.i += 2;
      return { t: "assert", re2: `\\${c}` };
    }
    if (c !== undefined && /[1-9]/.test(c)) {
      this.i += 1 + /^\d+/.exec(src.slice(this.i + 1))![0].length;
      return { t: "backref" };
    }
    if (c === "k") {
      const name = /^\\k<[^>]+>/.exec(src.slice(this.i, this.i + 200));
      if (!name) throw new Unhandled();
      this.i += name[0].length;
      return { t: "backref" };
    }
    const item = this.classEscape(false);
    if (typeof item === "number") return { t: "char", re2: literal(item) };
    return { t: "char", re2: item === SPACE_ITEMS || item === NOT_SPACE_ITEMS ? `[${item}]` : item };
  }

  /**
   * The escape at `i` (a backslash), in a class or not: a code point, or RE2 class items for `\d`, `\s`,
   * `\p{..}` and the like (`\d`, `\w` and `\b` are ASCII with the `u` flag and no `i`, as in RE2).
   */
  private classEscape(inClass: boolean): number | string {
    const src = this.src;
    const c = src[this.i + 1];
    this.i += 2;
    switch (c) {
      case "d": case "D": case "w": case "W": return `\\${c}`;
      case "s": return SPACE_ITEMS;
      case "S": return NOT_SPACE_ITEMS;
      case "p": case "P": {
        const name = /^\{([A-Za-z0-9_=]+)\}/.exec(src.slice(this.i, this.i + 100));
        if (!name) throw new Unhandled();
        this.i += name[0].length;
        return `\\${c}{${shortPropertyName(name[1])}}`;
      }
      case "f": return 0x0c;
      case "n": return 0x0a;
      case "r": return 0x0d;
      case "t": return 0x09;
      case "v": return 0x0b;
      case "c": {
        const letter = src[this.i];
        if (letter === undefined || !/[A-Za-z]/.test(letter)) throw new Unhandled();
        this.i++;
        return letter.charCodeAt(0) % 32;
      }
      case "0":
        if (/[0-9]/.test(src[this.i] ?? "")) throw new Unhandled();
        return 0;
      case "x": {
        const hex = /^[0-9A-Fa-f]{2}/.exec(src.slice(this.i, this.i + 2));
        if (!hex) throw new Unhandled();
        this.i += 2;
        return parseInt(hex[0], 16);
      }
      case "u": {
        const braced = /^\{([0-9A-Fa-f]+)\}/.exec(src.slice(this.i, this.i + 20));
        if (braced) {
          const cp = parseInt(braced[1], 16);
          if (cp > 0x10ffff) throw new Unhandled();
          this.i += braced[0].length;
          return cp;
        }
        const hex = /^[0-9A-Fa-f]{4}/.exec(src.slice(this.i, this.i + 4));
        if (!hex) throw new Unhandled();
        this.i += 4;
        const unit = parseInt(hex[0], 16);
        // With the `u` flag, \uD83D\uDE00 is the one code point U+1F600.
        const low = /^\\u([Dd][C-Fc-f][0-9A-Fa-f]{2})/.exec(src.slice(this.i, this.i + 6));
        if (unit >= 0xd800 && unit <= 0xdbff && low) {
          this.i += 6;
          return 0x10000 + ((unit - 0xd800) << 10) + (parseInt(low[1], 16) - 0xdc00);
        }
        return unit;
      }
      case "b":
        if (inClass) return 0x08;
        throw new Unhandled();
      case "-":
        if (inClass) return 0x2d;
        throw new Unhandled();
      default:
        // Identity escapes: with the `u` flag, only the syntax characters and `/`.
        if (c !== undefined && SYNTAX_CHARACTERS.includes(c)) return c.charCodeAt(0);
        throw new Unhandled();
    }
  }

  /** A class `[...]` as one RE2 atom. */
  private characterClass(): string {
    const src = this.src;
    this.i++;
    const negated = src[this.i] === "^";
    if (negated) this.i++;
    const items: string[] = [];
    while (src[this.i] !== "]") {
      if (this.i >= src.length) throw new Unhandled();
      const from = this.classAtom();
      if (src[this.i] === "-" && src[this.i + 1] !== "]" && this.i + 1 < src.length) {
        this.i++;
        const to = this.classAtom();
        if (typeof from !== "number" || typeof to !== "number" || to < from) throw new Unhandled();
        items.push(`${literal(from)}-${literal(to)}`);
      } else {
        items.push(typeof from === "number" ? literal(from) : from);
      }
    }
    this.i++;
    if (items.length === 0) return negated ? ANY : NOTHING;
    return `[${negated ? "^" : ""}${items.join("")}]`;
  }

  private classAtom(): number | string {
    if (this.src[this.i] === "\\") return this.classEscape(true);
    const cp = this.src.codePointAt(this.i)!;
    this.i += cp > 0xffff ? 2 : 1;
    return cp;
  }
}

/** RE2 syntax for a parsed pattern (without lookaround or back-references: those throw Unhandled). */
function emitAlternation(alternation: Alternation): string {
  return alternation.map((terms) => terms.map(emitTerm).join("") || "(?:)").join("|");
}

function emitTerm(term: Term): string {
  switch (term.t) {
    case "char": case "assert": return term.re2;
    case "group": return `(?:${emitAlternation(term.body)})`;
    case "repeat": {
      const { min, max } = term;
      const count = min === 0 && max === Infinity ? "*" : min === 1 && max === Infinity ? "+" : min === 0 && max === 1 ? "?"
        : max === Infinity ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`;
      return `${emitTerm(term.sub)}${count}${term.lazy ? "?" : ""}`;
    }
    default: throw new Unhandled();
  }
}

// ---------------------------------------------------------------------------------------------------
// Lookarounds at a fixed position: decomposed into RE2 checks, so they need neither the ReDoS analysis
// nor the backtracking engine.
//
// Take a pattern whose top level is one sequence `^ P (?=X) S`, where every match of P spans the same
// number L of code points (`^[0-9]{3}-`: L = 4; `^`: L = 0). The lookahead is then always tested at code
// point L, whatever P and S do, so the pattern matches a string exactly when `^ P S` matches it and X
// matches at code point L, which is RE2's `^[\s\S]{L}(?:X)`; `(?!X)` is the same with "does not match".
// Symmetrically, `P (?<=Y) S $` with S of fixed length M is tested at M code points before the end:
// `(?:Y)[\s\S]{M}$`. A lookahead of fixed width K at M code points before the end is `(?:X)[\s\S]{M-K}$`,
// a lookbehind of fixed width K at code point L is `^[\s\S]{L-K}(?:Y)` (never met when K exceeds M or L).
// Each check runs on the whole string, so `$`, `^` and `\b` inside X or Y see the text they would see in
// place; lengths count code points as the `u` flag does (an astral character or a lone surrogate is one).
// Not decomposed, and left to the analysis: a top-level alternation, a lookaround inside a group or inside
// another lookaround, back-references anywhere, or a position that is not fixed from either end.

/** How many code points every match of `term` spans, or undefined when that varies. */
function fixedLength(term: Term): number | undefined {
  switch (term.t) {
    case "char": return 1;
    case "assert": case "look": return 0;
    case "backref": return undefined;
    case "group": return alternationLength(term.body);
    case "repeat": {
      const n = fixedLength(term.sub);
      if (n === undefined) return undefined;
      return n === 0 ? 0 : term.min === term.max ? n * term.min : undefined;
    }
  }
}

function sequenceLength(terms: Term[]): number | undefined {
  let total = 0;
  for (const term of terms) {
    const n = fixedLength(term);
    if (n === undefined) return undefined;
    total += n;
  }
  return total;
}

function alternationLength(alternation: Alternation): number | undefined {
  let length: number | undefined;
  for (const terms of alternation) {
    const n = sequenceLength(terms);
    if (n === undefined || (length !== undefined && n !== length)) return undefined;
    length = n;
  }
  return length;
}

/** Whether `term` holds a lookaround or a back-reference. */
function needsBacktracking(term: Term): boolean {
  switch (term.t) {
    case "look": case "backref": return true;
    case "group": return term.body.some((terms) => terms.some(needsBacktracking));
    case "repeat": return needsBacktracking(term.sub);
    default: return false;
  }
}

/** RE2's largest counted repetition: offsets beyond it are not decomposed. */
const MAX_OFFSET = 1000;

const anyTimes = (n: number) => (n === 0 ? "" : n === 1 ? ANY : `${ANY}{${n}}`);

/** One lookaround as an RE2 search on the whole string. */
export interface LookaroundCheck {
  /** RE2 syntax; undefined when the lookaround can never hold at its position (wider than the text around it). */
  readonly re2: string | undefined;
  /** `(?!...)`, `(?<!...)`: the search must fail. */
  readonly negative: boolean;
}

/** A pattern whose lookarounds all sit at fixed positions: it matches when `main` does and every check holds. */
export interface LookaroundDecomposition {
  /** The pattern without its lookarounds, in RE2 syntax. */
  readonly main: string;
  readonly checks: readonly LookaroundCheck[];
}

/**
 * The decomposition of a pattern with lookarounds into RE2 searches (see above), or undefined when some
 * lookaround is not at a fixed position of a single top-level sequence, a lookaround nests another or a
 * back-reference, or the pattern uses something the ECMA-262 parser here does not translate.
 */
export function decomposeLookarounds(pattern: string): LookaroundDecomposition | undefined {
  let root: Alternation;
  try {
    root = new EcmaParser(pattern).parse();
  } catch (err) {
    if (err instanceof Unhandled) return undefined;
    throw err;
  }
  if (root.length !== 1) return undefined;
  const terms = root[0];
  const first = terms[0];
  const last = terms[terms.length - 1];
  const fromStart = first?.t === "assert" && first.re2 === "^";
  const fromEnd = last?.t === "assert" && last.re2 === "$";
  const rest: Term[] = [];
  const checks: LookaroundCheck[] = [];
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i];
    if (term.t !== "look") {
      if (needsBacktracking(term)) return undefined;
      rest.push(term);
      continue;
    }
    if (term.body.some((body) => body.some(needsBacktracking))) return undefined;
    const before = fromStart ? sequenceLength(terms.slice(0, i)) : undefined;
    const after = fromEnd ? sequenceLength(terms.slice(i + 1)) : undefined;
    const body = `(?:${emitAlternation(term.body)})`;
    const width = alternationLength(term.body);
    let re2: string | undefined | null = null;
    if (!term.behind && before !== undefined && before <= MAX_OFFSET) re2 = `^${anyTimes(before)}${body}`;
    else if (term.behind && after !== undefined && after <= MAX_OFFSET) re2 = `${body}${anyTimes(after)}$`;
    else if (!term.behind && after !== undefined && width !== undefined) re2 = width > after ? undefined : after - width <= MAX_OFFSET ? `${body}${anyTimes(after - width)}$` : null;
    else if (term.behind && before !== undefined && width !== undefined) re2 = width > before ? undefined : before - width <= MAX_OFFSET ? `^${anyTimes(before - width)}${body}` : null;
    if (re2 === null) return undefined;
    checks.push({ re2, negative: term.negative });
  }
  return checks.length === 0 ? undefined : { main: emitAlternation([rest]), checks };
}

/** The RE2 matcher of a decomposable pattern; undefined when it is not decomposable or RE2 refuses a part. */
function compileDecomposed(pattern: string): PatternMatcher | UnsupportedPatternError | undefined {
  const decomposition = decomposeLookarounds(pattern);
  if (!decomposition) return undefined;
  try {
    // Constructed for its syntax check only (the parser above is lenient in places): never run.
    new RegExp(pattern, "u");
  } catch (err) {
    return new UnsupportedPatternError(pattern, `is not a valid ECMA-262 regular expression: ${(err as Error).message}`, "pattern-syntax");
  }
  let main: RE2JS;
  const required: Array<{ program: RE2JS; negative: boolean }> = [];
  let never = false;
  try {
    main = RE2JS.compile(decomposition.main);
    for (const check of decomposition.checks) {
      if (check.re2 !== undefined) required.push({ program: RE2JS.compile(check.re2), negative: check.negative });
      else if (!check.negative) never = true;
    }
  } catch {
    // A part RE2 refuses (a repetition past 1000, a property it does not know): analysed as before.
    return undefined;
  }
  const lookarounds = decomposition.checks.length;
  if (never) return { pattern, engine: "re2", lookarounds, test: () => false };
  return { pattern, engine: "re2", lookarounds, test: (s) => main.test(s) && required.every((c) => c.program.test(s) !== c.negative) };
}

/**
 * The constructs of `pattern` RE2 cannot run: lookahead, lookbehind, back-references (numbered and named;
 * re2js would read `\k<name>` as the literal text "k<name>"). Escapes and character classes are skipped.
 */
export function backtrackingFeatures(pattern: string): Array<"lookaround" | "back-reference"> {
  const found = new Set<"lookaround" | "back-reference">();
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const next = pattern[i + 1];
      if (!inClass && next !== undefined && (/[1-9]/.test(next) || (next === "k" && pattern[i + 2] === "<"))) found.add("back-reference");
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") {
      inClass = true;
    } else if (c === "(" && /^\(\?(?:[=!]|<[=!])/.test(pattern.slice(i, i + 4))) {
      found.add("lookaround");
    }
  }
  return [...found];
}

// ---------------------------------------------------------------------------------------------------
// ReDoS analysis (recheck, makenowjust-labs), for the lookarounds and back-references that are not
// decomposed: required on first use, so schemas whose patterns all run on RE2 never pay its start-up
// (about 300 ms of CPU) or its memory. The Lambda bundles leave it out of index.js and ship it beside
// it as node_modules/recheck/index.js (components/bundle.ts), so a cold start does not even parse it.

/** What the analysis concluded about running a pattern on a backtracking engine. */
export type RedosVerdict =
  | { safe: true; checker: string }
  | { safe: false; rule: "pattern-redos" | "pattern-syntax"; reason: string };

/**
 * recheck's parameters, chosen so that its verdict on a pattern does not depend on how busy the machine
 * is. Its fuzzing is repeatable (PRNG seed 0) and bounded in steps: 25,000 characters read per run, 10
 * generations of 100 and 50 candidates (its defaults, 500 and 100, cost twice the CPU and caught nothing
 * more in the specs). Its default 250 ms wall-clock limit per fuzzing run is off: on a loaded machine it
 * made runs of safe patterns look slow, and ^(?=.*[A-Z])(?=.*\d)[A-Za-z\d]{8,}$ came out "polynomial"
 * in one process and "safe" in the next. An attack string (at most 100,000 characters) is vulnerable
 * when matching it reads 10^9 characters (a linear pattern reads a few hundred thousand, a quadratic one
 * 10^10), or takes 5 s; the whole check may take 30 s. Those two clocks remain so that no pattern can
 * hold a function for long, and on a very slow machine they err towards refusing.
 * Measured: 0.05-1.9 s of CPU for a safe pattern, up to 4.8 s for a vulnerable one, under 350 MB.
 */
const RECHECK_PARAMETERS: Parameters = {
  randomSeed: 0, maxInitialGenerationSize: 100, maxGenerationSize: 50, incubationTimeout: null, seedingTimeout: null,
  maxAttackStringSize: 100_000, attackLimit: 1_000_000_000, attackTimeout: 5_000, timeout: 30_000,
};

const verdicts = new Map<string, RedosVerdict>();
const MAX_CACHED_VERDICTS = 10_000;
let analyses = 0;

/** How many patterns have been analysed in this process (each is analysed once: the verdict is cached). */
export function redosAnalysisCount(): number {
  return analyses;
}

type CheckSync = (source: string, flags: string, params?: Parameters) => Diagnostics;
let checkSync: CheckSync | undefined;

function recheck(pattern: string): Diagnostics {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  checkSync ??= (require("recheck") as { checkSync: CheckSync }).checkSync;
  // recheck's default synchronous backend starts a worker from a file beside its own module, which a
  // bundled Lambda does not have; the pure backend runs the same analysis in this thread.
  const saved = process.env.RECHECK_SYNC_BACKEND;
  process.env.RECHECK_SYNC_BACKEND = "pure";
  try {
    return checkSync(pattern, "u", RECHECK_PARAMETERS);
  } finally {
    if (saved === undefined) delete process.env.RECHECK_SYNC_BACKEND;
    else process.env.RECHECK_SYNC_BACKEND = saved;
  }
}

/** Whether `pattern` may run on a backtracking engine (flag `u`), analysed once per process. */
export function redosVerdict(pattern: string): RedosVerdict {
  const hit = verdicts.get(pattern);
  if (hit) return hit;
  analyses++;
  let diagnostics: Diagnostics;
  try {
    diagnostics = recheck(pattern);
  } catch (err) {
    diagnostics = { source: pattern, flags: "u", status: "unknown", error: { kind: "unexpected", message: (err as Error).message } };
  }
  const verdict = judge(diagnostics);
  if (verdicts.size >= MAX_CACHED_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
  verdicts.set(pattern, verdict);
  return verdict;
}

function judge(d: Diagnostics): RedosVerdict {
  if (d.status === "safe") return { safe: true, checker: d.checker };
  if (d.status === "vulnerable") {
    const time = d.complexity.type === "exponential" ? "exponential time" : `polynomial time (degree ${d.complexity.degree})`;
    const attack = d.attack.pattern.length <= 80 ? ` such as ${d.attack.pattern}` : "";
    return {
      safe: false, rule: "pattern-redos",
      reason: `may take ${time} on a backtracking engine: the ReDoS analysis found inputs${attack} that make it backtrack ${d.complexity.type === "exponential" ? "exponentially" : "super-linearly"} (${d.checker === "fuzz" ? "found by fuzzing" : "proven on its automaton"}); make each part of the text match one way only, e.g. \`(a+)+\` as \`a+\``,
    };
  }
  const error = d.error;
  if (error.kind === "invalid") return { safe: false, rule: "pattern-syntax", reason: `is not a valid ECMA-262 regular expression: ${error.message}` };
  const why = error.kind === "timeout" ? "the analysis ran out of time (30 s)"
    : error.kind === "unsupported" || error.kind === "unexpected" ? `the analysis cannot handle it (${error.message})`
    : "the analysis was cancelled";
  return { safe: false, rule: "pattern-redos", reason: `may take exponential time on a backtracking engine: it could not be proven safe (${why}); simplify its lookaround or back-references` };
}

// ---------------------------------------------------------------------------------------------------
// Compiling.

const compiled = new Map<string, PatternMatcher | UnsupportedPatternError>();
const MAX_CACHED_PATTERNS = 1000;

/** The matcher for a JSON Schema pattern; throws UnsupportedPatternError when no engine here will run it. */
export function compilePattern(pattern: string): PatternMatcher {
  let outcome = compiled.get(pattern);
  if (!outcome) {
    outcome = compileUncached(pattern);
    if (compiled.size >= MAX_CACHED_PATTERNS) compiled.delete(compiled.keys().next().value!);
    compiled.set(pattern, outcome);
  }
  if (outcome instanceof UnsupportedPatternError) throw outcome;
  return outcome;
}

function compileUncached(pattern: string): PatternMatcher | UnsupportedPatternError {
  if (backtrackingFeatures(pattern).length === 0) {
    try {
      const program = RE2JS.compile(toRe2Syntax(pattern));
      return { pattern, engine: "re2", test: (s) => program.test(s) };
    } catch (err) {
      return new UnsupportedPatternError(pattern, (err as Error).message.replace(/^error parsing regexp: /, ""));
    }
  }
  const decomposed = compileDecomposed(pattern);
  if (decomposed) return decomposed;
  // The analysis comes first: a pattern it does not clear never reaches the RegExp constructor.
  const verdict = redosVerdict(pattern);
  if (!verdict.safe) return new UnsupportedPatternError(pattern, verdict.reason, verdict.rule);
  let native: RegExp;
  try {
    native = new RegExp(pattern, "u");
  } catch (err) {
    return new UnsupportedPatternError(pattern, `is not a valid ECMA-262 regular expression: ${(err as Error).message}`, "pattern-syntax");
  }
  // No `g` or `y` flag: `test` keeps no state between calls.
  return { pattern, engine: "backtracking", test: (s) => native.test(s) };
}

/** Why a pattern cannot be used, or undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  try {
    compilePattern(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof UnsupportedPatternError) return err.message;
    throw err;
  }
}

/** Quantifiers whose count can vary (`*`, `+`, `?`, `{n,}`, `{n,m}` with n < m): the sources of backtracking. */
function variableQuantifiers(pattern: string): number {
  const fixed = (m: string) => /^\{(\d+)\}$/.test(m) || /^\{(\d+),\1\}$/.test(m);
  return (pattern.replace(/\\./g, "").match(/[*+?]|\{\d+(,\d*)?\}/g) ?? []).filter((m) => !fixed(m)).length;
}

/** The largest string the fast path of `hotPatternTest` hands to the native engine. */
const HOT_NATIVE_LENGTH = 256;

/**
 * A test for `pattern` in a hot loop (the generator checks every value it makes), or undefined when the
 * pattern is refused. A pattern RE2 runs that has no groups and at most two variable quantifiers backtracks
 * at most quadratically, so strings of up to 256 characters run on the (much faster) native engine and
 * longer ones on RE2; every other pattern uses compilePattern's matcher.
 */
export function hotPatternTest(pattern: string): ((s: string) => boolean) | undefined {
  let matcher: PatternMatcher;
  try {
    matcher = compilePattern(pattern);
  } catch (err) {
    if (err instanceof UnsupportedPatternError) return undefined;
    throw err;
  }
  if (matcher.engine === "re2" && !pattern.includes("(") && variableQuantifiers(pattern) <= 2) {
    try {
      const native = new RegExp(pattern, "u");
      return (s) => (s.length <= HOT_NATIVE_LENGTH ? native.test(s) : matcher.test(s));
    } catch { /* RE2 reads it, the native engine does not: RE2 alone */ }
  }
  return (s) => matcher.test(s);
}

/**
 * ajv's `code.regExp` hook: ajv calls it with the pattern and its flags ("u") and only needs `test`.
 * Throws UnsupportedPatternError for a refused pattern, which fails the schema's compilation.
 */
export const patternRegExpEngine = Object.assign(
  (pattern: string, _flags: string): { test: (s: string) => boolean; toString: () => string } => {
    const matcher = compilePattern(pattern);
    return { test: (s: string) => matcher.test(s), toString: () => `${matcher.engine}:${pattern}` };
  },
  // Only used by ajv's standalone code generation, which this engine does not use.
  { code: 'require("re2js")' },
);
