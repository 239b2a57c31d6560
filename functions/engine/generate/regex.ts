// Strings that match a JSON Schema `pattern`: the pattern is parsed once into a small tree, and each call
// walks it with the PRNG. Covers the ECMA-262 subset schemas use in practice (literals, classes, escapes,
// groups, alternation, greedy/lazy quantifiers, anchors). Lookaround and back-references are refused.
import type { Rng } from "./prng";

export class UnsupportedPatternFeature extends Error {
  override readonly name = "UnsupportedPatternFeature";
}

type RegexNode =
  | { kind: "chars"; ranges: Array<[number, number]> }
  | { kind: "seq"; items: RegexNode[] }
  | { kind: "alt"; options: RegexNode[] }
  | { kind: "repeat"; node: RegexNode; min: number; max: number }
  | { kind: "empty" };

/** Printable ASCII: the universe negated classes and `.` draw from. */
const PRINTABLE: Array<[number, number]> = [[0x20, 0x7e]];
const DIGIT: Array<[number, number]> = [[0x30, 0x39]];
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
    if (c === "*") { min = 0; max = OPEN_REPEAT; this.i++; }
    else if (c === "+") { min = 1; max = OPEN_REPEAT; this.i++; }
    else if (c === "?") { min = 0; max = 1; this.i++; }
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom; // a literal "{"
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? min + OPEN_REPEAT : Number(m[3]);
      this.i += m[0].length;
    } else return atom;
    if (this.src[this.i] === "?") this.i++; // lazy: same language
    return { kind: "repeat", node: atom, min, max };
  }

  private atom(): RegexNode | undefined {
    const c = this.src[this.i++];
    switch (c) {
      case "^": case "$": return undefined; // anchors: the generated string is the whole match
      case ".": return { kind: "chars", ranges: PRINTABLE };
      case "[": return this.charClass();
      case "(": {
        if (this.src[this.i] === "?") {
          if (this.src[this.i + 1] === ":") this.i += 2;
          else if (this.src[this.i + 1] === "<" && /[A-Za-z]/.test(this.src[this.i + 2] ?? "")) this.i = this.src.indexOf(">", this.i) + 1;
          else throw new UnsupportedPatternFeature("lookaround groups are not supported");
        }
        const inner = this.alternation();
        if (this.src[this.i++] !== ")") throw new UnsupportedPatternFeature("unbalanced parenthesis");
        return inner;
      }
      case "\\": return this.escape(false) as RegexNode;
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
      default:
        if (c === undefined) throw new UnsupportedPatternFeature("trailing backslash");
        if (/[1-9]/.test(c) && !inClass) throw new UnsupportedPatternFeature("back-references are not supported");
        return set([[c.codePointAt(0)!, c.codePointAt(0)!]]);
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

function emit(node: RegexNode, rng: Rng, out: string[]): void {
  switch (node.kind) {
    case "chars": {
      const total = node.ranges.reduce((n, [a, b]) => n + (b - a + 1), 0);
      let k = rng.int(0, total - 1);
      for (const [a, b] of node.ranges) {
        if (k <= b - a) { out.push(String.fromCodePoint(a + k)); return; }
        k -= b - a + 1;
      }
      return;
    }
    case "seq": for (const item of node.items) emit(item, rng, out); return;
    case "alt": emit(rng.pick(node.options), rng, out); return;
    case "repeat": {
      const n = rng.int(node.min, node.max);
      for (let j = 0; j < n; j++) emit(node.node, rng, out);
      return;
    }
    case "empty": return;
  }
}

/** Compiles `pattern` into a generator of matching strings; throws UnsupportedPatternFeature. */
export function compilePatternGenerator(pattern: string): (rng: Rng) => string {
  const tree = new Parser(pattern).parse();
  return (rng) => {
    const out: string[] = [];
    emit(tree, rng, out);
    return out.join("");
  };
}
