// Lookarounds at a fixed position run as RE2 searches (schema/patterns.ts decomposeLookarounds): the
// decomposed matcher must say exactly what the native RegExp with the `u` flag says, on random strings and
// on the strings the engine's own pattern generator makes (and near misses of them), for the realistic
// patterns and for patterns of the same shapes drawn by fast-check. The translation to RE2 syntax it relies
// on is checked code point by code point.
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { Rng } from "../../../functions/engine/generate/prng";
import { compilePatternGenerator } from "../../../functions/engine/generate/regex";
import { compilePattern, decomposeLookarounds, redosAnalysisCount } from "../../../functions/engine/schema/patterns";
import { DECIMAL, LOOKAROUND_PATTERNS, REDOS_IN_FIXED_LOOKAROUND, REDOS_WITH_LOOKAROUND } from "../patternCases";

/** Characters the patterns below care about, line terminators, white space, an astral character and lone surrogates. */
const ALPHABET = ["a", "b", "c", "x", "z", "A", "Z", "0", "1", "9", "-", "_", ".", "+", "!", " ", "\t", "\n", "\r", "\u2028", "\u00a0", "\ufeff", "é", "😀", "\ud83d", "\ude00"];
const text = (maxLength = 24) => fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength });

/** Disagreements between the engine's matcher and the native RegExp on `inputs`. */
function disagreements(pattern: string, inputs: Iterable<string>): string[] {
  const native = new RegExp(pattern, "u");
  const matcher = compilePattern(pattern);
  const out: string[] = [];
  for (const s of inputs) if (matcher.test(s) !== native.test(s)) out.push(`${JSON.stringify(s)}: engine ${matcher.test(s)}, native ${native.test(s)}`);
  return out;
}

/** Strings the engine's generator makes for `pattern`, and a near miss of each (one character changed, added or removed); none when it cannot generate. */
function generated(pattern: string, seed: string, count: number): string[] {
  let gen: (rng: Rng) => string;
  try {
    gen = compilePatternGenerator(pattern);
  } catch {
    return [];
  }
  const rng = new Rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s: string;
    try {
      s = gen(rng);
    } catch {
      break;
    }
    const chars = [...s];
    const at = rng.int(0, chars.length);
    const c = ALPHABET[rng.int(0, ALPHABET.length - 1)];
    const edit = rng.int(0, 2);
    if (edit === 0) chars.splice(at, 1, c);
    else if (edit === 1) chars.splice(at, 0, c);
    else chars.splice(at, 1);
    out.push(s, chars.join(""));
  }
  return out;
}

/** `pattern` without its top-level lookarounds (what the main RE2 program runs), in ECMA-262 syntax. */
function withoutLookarounds(pattern: string): string {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    if (/^\(\?<?[=!]/.test(pattern.slice(i, i + 4))) {
      let depth = 0;
      let inClass = false;
      for (; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "\\") i++;
        else if (inClass) inClass = c !== "]";
        else if (c === "[") inClass = true;
        else if (c === "(") depth++;
        else if (c === ")" && --depth === 0) break;
      }
      continue;
    }
    out += pattern[i];
    if (pattern[i] === "\\") out += pattern[++i];
  }
  return out;
}

/**
 * Strings to judge `pattern` on: what the engine's generator makes for it, what it makes for the pattern
 * without its lookarounds (these match the rest, so each lookaround decides), and a near miss of each.
 */
function candidates(pattern: string, seed: string, count: number): { strings: string[]; generated: boolean } {
  const full = generated(pattern, seed, count);
  const main = generated(withoutLookarounds(pattern), seed, count);
  return { strings: [...full, ...main], generated: full.length > 0 || main.length > 0 };
}

// Pattern pieces for fast-check: atoms of one code point, atoms of fixed and of varying length, and
// lookaround bodies (with anchors and word boundaries, which see the text around the lookaround).
const oneCodePoint = fc.constantFrom("a", "b", "x", "0", "-", "\\.", "_", "[a-c]", "[^a]", "[^\\s]", "\\d", "\\w", "\\W", "\\s", "\\S", ".", "[\\s\\S]", "[^]", "😀", "\\u{1F600}", "\\uD83D\\uDE00", "\\ud83d", "é", "\\p{Lu}", "[\\-+]");
const fixedAtom = fc.oneof(
  { weight: 4, arbitrary: oneCodePoint },
  { weight: 1, arbitrary: fc.tuple(oneCodePoint, fc.integer({ min: 0, max: 3 })).map(([a, n]) => `${a}{${n}}`) },
  { weight: 1, arbitrary: fc.tuple(oneCodePoint, oneCodePoint, oneCodePoint, oneCodePoint).map(([a, b, c, d]) => `(?:${a}${b}|${c}${d})`) },
);
const varyingAtom = fc.oneof(
  fc.tuple(oneCodePoint, fc.constantFrom("*", "+", "?", "{1,3}", "{0,}", "*?", "+?")).map(([a, q]) => `${a}${q}`),
  fc.tuple(oneCodePoint, oneCodePoint, oneCodePoint).map(([a, b, c]) => `(?:${a}|${b}${c})`),
);
const anchor = fc.constantFrom("^", "$", "\\b", "\\B");
const fixedSequence = (max: number) => fc.array(fixedAtom, { maxLength: max }).map((a) => a.join(""));
const body = fc.array(fc.oneof({ weight: 3, arbitrary: fixedAtom }, { weight: 2, arbitrary: varyingAtom }, { weight: 1, arbitrary: anchor }), { minLength: 1, maxLength: 4 })
  .chain((a) => fc.oneof(fc.constant(a.join("")), fixedSequence(3).map((alt) => `${a.join("")}|${alt}`)));
const fixedBody = fc.array(fc.oneof({ weight: 4, arbitrary: fixedAtom }, { weight: 1, arbitrary: anchor }), { minLength: 1, maxLength: 3 }).map((a) => a.join(""));
const look = (kind: "=" | "!" | "<=" | "<!", inner: fc.Arbitrary<string>) => inner.map((x) => `(?${kind}${x})`);
const ahead = fc.constantFrom<"=" | "!">("=", "!");
const behind = fc.constantFrom<"<=" | "<!">("<=", "<!");

/**
 * Patterns of the decomposable shapes. Counted from the start: `^`, a part of fixed length holding
 * lookaheads (any body) and lookbehinds (bodies of fixed width), then a part of varying length without
 * lookaround, maybe a `$`. Counted from the end (maybe without `^`): a part of varying length, then a part of
 * fixed length holding lookbehinds (any body) and lookaheads (of fixed width) before `$`. And both at once.
 */
const startPart = fc.array(fc.oneof({ weight: 2, arbitrary: fixedAtom }, { weight: 2, arbitrary: ahead.chain((k) => look(k, body)) }, { weight: 2, arbitrary: behind.chain((k) => look(k, fixedBody)) }), { maxLength: 4 });
const endPart = fc.array(fc.oneof({ weight: 2, arbitrary: fixedAtom }, { weight: 2, arbitrary: behind.chain((k) => look(k, body)) }, { weight: 2, arbitrary: ahead.chain((k) => look(k, fixedBody)) }), { maxLength: 4 });
const varyingPart = (minLength: number) => fc.array(varyingAtom, { minLength, maxLength: 2 });
const decomposablePattern = fc.oneof(
  fc.tuple(startPart, varyingPart(1), fixedSequence(2), fc.boolean()).map(([start, middle, tail, dollar]) => `^${start.join("")}${middle.join("")}${tail}${dollar ? "$" : ""}`),
  fc.tuple(fc.boolean(), fixedSequence(2), varyingPart(1), endPart).map(([caret, head, middle, end]) => `${caret ? "^" : ""}${head}${middle.join("")}${end.join("")}$`),
  fc.tuple(startPart, varyingPart(0), endPart).map(([start, middle, end]) => `^${start.join("")}${middle.join("")}${end.join("")}$`),
).filter((p) => /\(\?<?[=!]/.test(p));

const lookaroundCount = (p: string) => (p.match(/\(\?<?[=!]/g) ?? []).length;

describe("lookaround decomposition (schema/patterns.ts)", () => {
  const realistic = [...LOOKAROUND_PATTERNS, ...REDOS_IN_FIXED_LOOKAROUND];
  const decomposable = realistic.filter((p) => decomposeLookarounds(p) !== undefined);

  it("decomposes the lookarounds real schemas use, so they run on RE2 without the ReDoS analysis", () => {
    assert.deepEqual(realistic.filter((p) => !decomposable.includes(p)), [
      "^(['\"]).*\\1$", // a back-reference
      "^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$", // lookarounds inside a repeated group
    ]);
    const before = redosAnalysisCount();
    for (const pattern of decomposable) {
      const m = compilePattern(pattern);
      assert.equal(m.engine, "re2", pattern);
      assert.equal(m.lookarounds, lookaroundCount(pattern), pattern);
    }
    assert.equal(redosAnalysisCount(), before, "no decomposable pattern was analysed");
  });

  it("leaves to the analysis what it cannot decompose", () => {
    for (const pattern of [
      ...REDOS_WITH_LOOKAROUND,
      "^a+(?=b)", // after a part of varying length, with no `$` to count from
      "^(?=a)b|c", // a top-level alternation
      "^(?:(?=a)\\w)+$", // inside a group
      "^(?=a(?!b))", "^(?=(?<=a)b)", // nested
      "(?=a)b", // unanchored
      "^a+(?<!b\\w*)c+$", // a lookbehind of varying width and position
      "^(a)(?=\\1)", // a back-reference
      "^.{1001}(?=a)", // past RE2's largest repetition
      "^(?![a-z]\\:)", // \: is not a valid escape with the u flag
    ]) assert.equal(decomposeLookarounds(pattern), undefined, pattern);
  });

  it("accepts pydantic's Decimal pattern, which the analysis refused as quadratic", () => {
    const m = compilePattern(DECIMAL);
    assert.equal(m.engine, "re2");
    for (const s of ["1", "-1.5", "+.5", "007", "1.", "-0.000"]) assert.equal(m.test(s), true, s);
    for (const s of ["", "-", "+.", ".", "1.2.3", "a1", "--1"]) assert.equal(m.test(s), false, s);
    assert.equal(m.test("-".repeat(50_000)), false);
  });

  it("runs catastrophic patterns inside a lookaround at a fixed position in linear time", () => {
    // On the backtracking engine each of these would not finish on such strings.
    assert.equal(compilePattern("^(?=(a+)+$)").test(`${"a".repeat(10_000)}b`), false);
    assert.equal(compilePattern("^(?=(a+)+$)").test("a".repeat(10_000)), true);
    assert.equal(compilePattern("^(?!(\\w+\\s?)+$)x").test(`x${"a ".repeat(5_000)}!`), true);
    assert.equal(compilePattern("^(?!(\\w+\\s?)+$)x").test(`x${"a ".repeat(5_000)}`), false);
  });

  it("agrees with the native RegExp on the realistic patterns: random strings, generated strings and near misses", () => {
    for (const pattern of decomposable) {
      const { strings, generated } = candidates(pattern, `decomposition:${pattern}`, 150);
      assert.ok(generated, `the generator made no strings for ${pattern}`);
      assert.deepEqual(disagreements(pattern, strings), [], pattern);
    }
    fc.assert(fc.property(text(70), (s) => {
      for (const pattern of decomposable) assert.deepEqual(disagreements(pattern, [s]), [], pattern);
    }), { numRuns: 400 });
  });

  it("agrees with the native RegExp on random patterns of the decomposable shapes", () => {
    let withGenerated = 0;
    fc.assert(fc.property(decomposablePattern, fc.array(text(), { minLength: 20, maxLength: 20 }), (pattern, strings) => {
      assert.ok(decomposeLookarounds(pattern), `not decomposed: ${pattern}`);
      assert.equal(compilePattern(pattern).engine, "re2", pattern);
      const gen = candidates(pattern, pattern, 5);
      if (gen.generated) withGenerated++;
      assert.deepEqual(disagreements(pattern, [...strings, ...gen.strings]), [], pattern);
    }), { numRuns: 300 });
    assert.ok(withGenerated > 200, `the generator made strings for ${withGenerated} of 300 patterns`);
  });
});

describe("translation to RE2 syntax (schema/patterns.ts toRe2Syntax)", () => {
  it("gives `.`, `\\s`, `\\S`, `\\w`, `\\d` and classes of them ECMAScript's meaning on every code point", () => {
    const points: number[] = [];
    for (let cp = 0; cp <= 0x3100; cp++) points.push(cp);
    for (let cp = 0xd7f0; cp <= 0xe010; cp++) points.push(cp); // lone surrogates
    for (let cp = 0xfe00; cp <= 0xffff; cp++) points.push(cp);
    points.push(0x10000, 0x1f600, 0x10ffff);
    for (const atom of [".", "\\s", "\\S", "[\\s]", "[^\\s]", "[\\S]", "[^\\S]", "[\\s\\d]", "[^\\S\\n]", "\\w", "\\W", "\\d", "\\D", "[^]", "[^a]", "[\\b]", "\\cJ", "\\0"]) {
      const pattern = `^${atom}$`;
      const native = new RegExp(pattern, "u");
      const m = compilePattern(pattern);
      assert.equal(m.engine, "re2");
      const wrong = points.filter((cp) => m.test(String.fromCodePoint(cp)) !== native.test(String.fromCodePoint(cp)));
      assert.deepEqual(wrong.map((cp) => cp.toString(16)), [], pattern);
    }
  });

  it("reads \\uD83D\\uDE00 as one code point and keeps `$` at the very end, as the u flag does", () => {
    for (const [pattern, inputs] of [
      ["^\\uD83D\\uDE00$", ["😀", "\ud83d", "😀😀"]], ["^.$", ["😀", "\ud83d", "\ud83d\ud83d"]], ["^[😀-😂]{2}$", ["😀😂", "😀"]],
      ["a$", ["a", "a\n"]], ["^\\ud83d", ["😀", "\ud83dx"]], ["^[\\-+]?\\d+$", ["-1", "+2", "x"]],
    ] as const) assert.deepEqual(disagreements(pattern, inputs), [], pattern);
  });
});
