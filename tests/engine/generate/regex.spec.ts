import { strict as assert } from "node:assert";
import fc from "fast-check";
import { Rng } from "../../../functions/engine/generate/prng";
import { compilePatternGenerator, UnsupportedPatternFeature } from "../../../functions/engine/generate/regex";
import { LOOKAROUND_PATTERNS, PASSWORD, SSN } from "../patternCases";

const PATTERNS = [
  "^[A-Z]{2}$", "^\\d{3}-\\d{2}-\\d{4}$", "^(foo|bar)+baz?$", "^[^@\\s]+@[a-z]+\\.(com|org)$", "^\\w{3,8}$",
  "a+b*c?", "^[a-fA-F0-9]{8}(-[a-f0-9]{4}){3}$", "^\\p{L}+$", "^(?:x|y){2,}\\.\\*$", "^[\\-+]?\\d+(\\.\\d{1,2})?$",
  // Unicode properties by category: a capitalised word, digits, punctuation, and their complements.
  "^\\p{Lu}\\p{Ll}{1,10}$", "^\\p{Uppercase_Letter}\\p{Nd}{2}\\P{L}\\P{Lu}$", "^[\\p{Ll}\\p{N}]+\\p{P}\\p{S}$",
];

describe("pattern generator", () => {
  it("produces strings every pattern matches, for any seed", () => {
    const generators = PATTERNS.map((p) => [new RegExp(p, "u"), compilePatternGenerator(p)] as const);
    fc.assert(fc.property(fc.string(), (seed) => {
      const rng = new Rng(seed);
      for (const [re, gen] of generators) {
        const s = gen(rng);
        if (!re.test(s)) throw new Error(`${JSON.stringify(s)} does not match ${re.source}`);
      }
    }), { numRuns: 200 });
  });

  it("refuses Unicode properties it cannot generate rather than guessing", () => {
    assert.throws(() => compilePatternGenerator("^\\p{Script=Greek}+$"), UnsupportedPatternFeature);
  });

});

describe("pattern generator: lookaround and back-references", () => {
  it("generates 500 strings each realistic pattern matches (the native RegExp with the u flag judges)", () => {
    for (const pattern of LOOKAROUND_PATTERNS) {
      const gen = compilePatternGenerator(pattern);
      const re = new RegExp(pattern, "u");
      const rng = new Rng(`lookaround:${pattern}`);
      for (let i = 0; i < 500; i++) {
        const s = gen(rng);
        assert.ok(re.test(s), `${JSON.stringify(s)} does not match ${pattern}`);
      }
    }
  });

  it("meets several positive lookaheads together by planting what each asks for", () => {
    // Blind sampling from .{12,64} meets all four classes rarely; every string here has all four.
    const gen = compilePatternGenerator(PASSWORD);
    const rng = new Rng(3);
    const strings = Array.from({ length: 200 }, () => gen(rng));
    for (const re of [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/]) assert.ok(strings.every((s) => re.test(s)), String(re));
    assert.ok(new Set(strings).size > 190, "the strings vary");
  });

  it("repeats a group's text for its back-reference, numbered or named", () => {
    for (const pattern of ["^(['\"]).*\\1$", "^(?<q>['\"])[a-z]+\\k<q>$", "^(\\d{2})-(\\w)\\2-\\1$"]) {
      const gen = compilePatternGenerator(pattern);
      const rng = new Rng(pattern);
      const re = new RegExp(pattern, "u");
      for (let i = 0; i < 200; i++) assert.ok(re.test(gen(rng)), pattern);
    }
  });

  it("is a pure function of the seed", () => {
    for (const pattern of [SSN, PASSWORD, "^(['\"]).*\\1$"]) {
      const run = (seed: number) => { const gen = compilePatternGenerator(pattern); const rng = new Rng(seed); return Array.from({ length: 50 }, () => gen(rng)); };
      assert.deepEqual(run(7), run(7), pattern);
      assert.notDeepEqual(run(7), run(8), pattern);
    }
  });

  it("refuses patterns the ReDoS analysis does not clear, with its reason", () => {
    for (const pattern of ["^a*(?=(a+)+$)", "^(a|a)*(?=b)", "(?<=(a+)+)b"]) {
      assert.throws(() => compilePatternGenerator(pattern), (err: unknown) => err instanceof UnsupportedPatternFeature && /may take exponential time on a backtracking engine/.test(err.message), pattern);
    }
  });

  it("refuses a pattern whose constraints leave (almost) nothing to sample, naming why", () => {
    for (const pattern of ["^(?=.*[A-Z])[a-z]+$", "^(?!a)a$", "^(a)\\1(?<=b)$"]) {
      assert.throws(() => compilePatternGenerator(pattern), (err: unknown) => err instanceof UnsupportedPatternFeature && /met its lookaround and back-reference constraints/.test(err.message), pattern);
    }
  });
});

describe("PRNG", () => {
  it("is a pure function of its seed, and spreads ints uniformly enough", () => {
    const a = new Rng("seed"), b = new Rng("seed"), c = new Rng("other");
    const xs = Array.from({ length: 1000 }, () => a.next());
    assert.deepEqual(Array.from({ length: 1000 }, () => b.next()), xs);
    assert.notDeepEqual(Array.from({ length: 1000 }, () => c.next()), xs);
    const counts = new Array(10).fill(0);
    const r = new Rng(1);
    for (let i = 0; i < 100_000; i++) counts[r.int(0, 9)]++;
    assert.ok(counts.every((n) => n > 9_500 && n < 10_500), String(counts));
  });
});
