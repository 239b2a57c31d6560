import { strict as assert } from "node:assert";
import fc from "fast-check";
import { Rng } from "../../../functions/engine/generate/prng";
import { compilePatternGenerator, UnsupportedPatternFeature } from "../../../functions/engine/generate/regex";

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

  it("refuses lookaround and back-references", () => {
    assert.throws(() => compilePatternGenerator("^(?!a)b$"), UnsupportedPatternFeature);
    assert.throws(() => compilePatternGenerator("^(a)\\1$"), UnsupportedPatternFeature);
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
