import { strict as assert } from "node:assert";
import fc from "fast-check";
import { compileSafePattern, patternLengths, UnsupportedPatternError } from "../../../functions/engine/validate";

// Every string over {a, b, c} up to 6 characters: the matches among them are checked by brute force.
const ALPHABET = ["a", "b", "c"];
const ALL_SHORT_STRINGS: string[] = [""];
for (let length = 1, layer = [""]; length <= 6; length++) {
  layer = layer.flatMap((s) => ALPHABET.map((c) => s + c));
  ALL_SHORT_STRINGS.push(...layer);
}

const { pattern: patternArbitrary } = fc.letrec((tie) => ({
  atom: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom("a", "b", "c", "[ab]", "[a-c]", "[^a]", ".", "\\w"),
    tie("group") as fc.Arbitrary<string>,
  ),
  group: tie("alternation").map((inner) => `(?:${String(inner)})`),
  quantified: fc.tuple(tie("atom") as fc.Arbitrary<string>, fc.constantFrom("", "", "?", "*", "+", "{2}", "{1,2}", "{0,3}")).map(([a, q]) => a + q),
  sequence: fc.array(tie("quantified") as fc.Arbitrary<string>, { minLength: 1, maxLength: 3 }).map((parts) => parts.join("")),
  alternation: fc.array(tie("sequence") as fc.Arbitrary<string>, { minLength: 1, maxLength: 2 }).map((alts) => alts.join("|")),
  pattern: fc.tuple(tie("alternation") as fc.Arbitrary<string>, fc.boolean()).map(([body, anchored]) => (anchored ? `^(?:${body})$` : body)),
}));

describe("pattern analysis", () => {
  it("bounds the lengths and the number of matching strings correctly (property, checked by brute force)", () => {
    fc.assert(fc.property(patternArbitrary as fc.Arbitrary<string>, (pattern) => {
      const lengths = patternLengths(pattern);
      assert.ok(lengths, `undecided: ${pattern}`);
      const program = compileSafePattern(pattern);
      const matches = ALL_SHORT_STRINGS.filter((s) => program.test(s));
      for (const s of matches) {
        assert.ok(s.length >= lengths.min, `${pattern}: "${s}" shorter than min ${lengths.min}`);
        assert.ok(s.length <= lengths.max, `${pattern}: "${s}" longer than max ${lengths.max}`);
      }
      assert.ok(matches.length <= lengths.distinct, `${pattern}: ${matches.length} matches > distinct ${lengths.distinct}`);
    }), { numRuns: 300 });
  });

  it("works out exact figures for common shapes", () => {
    assert.deepEqual(patternLengths("^[A-Z]{2}\\d{4}$"), { min: 6, max: 6, nestedQuantifier: false, distinct: 26 ** 2 * 10 ** 4 });
    assert.deepEqual(patternLengths("^(yes|no)$"), { min: 2, max: 3, nestedQuantifier: false, distinct: 2 });
    assert.equal(patternLengths("[A-Z]{3}")?.max, Infinity, "unanchored: any longer string containing a match");
    assert.equal(patternLengths("^(a+)+$")?.nestedQuantifier, true);
    assert.equal(patternLengths("^(a)\\1$"), undefined, "backreferences are not analysed");
  });

  it("translates ECMAScript syntax RE2 spells differently, and refuses what it cannot run", () => {
    assert.equal(compileSafePattern("^\\p{Letter}+$").test("Größe"), true);
    assert.equal(compileSafePattern("^(?<area>\\d{3})$").test("555"), true);
    assert.equal(compileSafePattern("(?=x)").engine, "backtracking", "lookahead runs once the ReDoS analysis clears it");
    assert.throws(() => compileSafePattern("^a*(?=(a+)+$)"), UnsupportedPatternError);
    assert.equal(compileSafePattern("^(?=(a+)+$)").engine, "re2", "a lookahead right after ^ is an RE2 search of its own");
    assert.throws(() => compileSafePattern("a{2000}"), UnsupportedPatternError);
  });

  it("reads lookarounds as zero-width: the lengths of the rest of the pattern still bound the matches", () => {
    const figures = (p: string) => { const l = patternLengths(p); return l && [l.min, l.max]; };
    assert.deepEqual(figures("^(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}$"), [11, 11]);
    assert.deepEqual(figures("^(?=.*[A-Z])(?=.*[a-z])(?=.*\\d)(?=.*[^A-Za-z0-9]).{12,64}$"), [12, 64]);
    assert.deepEqual(figures("^(?!.*--)[a-z][a-z0-9-]{2,30}[a-z0-9]$"), [4, 32]);
    assert.deepEqual(figures("^(?<!_)[a-z_]+(?<!_)$"), [1, Infinity]);
    assert.deepEqual(figures("^[a-z]{2}$(?<!zz)"), [2, 2], "a trailing lookbehind leaves the end anchor in place");
    assert.equal(patternLengths("^(?=a)*b$"), undefined, "a quantified lookaround is not analysed");
    assert.equal(patternLengths("^(?=(a+)+$)")?.nestedQuantifier, true, "nesting inside a lookaround still counts");
  });

  // Lookarounds over the same alphabet, judged by the native engine directly (tiny patterns, inputs of at
  // most 6 characters: nothing to fear), so the property exercises the analyser, not the ReDoS analysis.
  const withLookaround = fc.tuple(
    fc.array(fc.oneof(
      fc.constantFrom("a", "b", "[ab]", ".", "c*", "(?:a|bc)", "(?:ab)?", "[^a]{1,2}"),
      fc.constantFrom("(?=a)", "(?!b)", "(?=[ab]c)", "(?!c*$)", "(?<=a)", "(?<!b)"),
    ), { minLength: 1, maxLength: 5 }),
    fc.boolean(),
  ).map(([parts, anchored]) => (anchored ? `^(?:${parts.join("")})$` : parts.join("")));

  it("bounds lengths correctly for patterns with lookarounds (property, checked by brute force)", () => {
    fc.assert(fc.property(withLookaround, (pattern) => {
      const program = new RegExp(pattern, "u");
      const lengths = patternLengths(pattern);
      if (!lengths) return;
      const matches = ALL_SHORT_STRINGS.filter((s) => program.test(s));
      for (const s of matches) {
        assert.ok(s.length >= lengths.min, `${pattern}: "${s}" shorter than min ${lengths.min}`);
        assert.ok(s.length <= lengths.max, `${pattern}: "${s}" longer than max ${lengths.max}`);
      }
      assert.ok(matches.length <= lengths.distinct, `${pattern}: ${matches.length} matches > distinct ${lengths.distinct}`);
    }), { numRuns: 300 });
  });
});
