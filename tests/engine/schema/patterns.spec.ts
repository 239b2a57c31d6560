// The pattern module decides how each JSON Schema pattern is matched: RE2 when it can (lookarounds at a
// fixed position decomposed into RE2 searches: lookaroundDecomposition.spec.ts), the native backtracking
// RegExp for the other lookarounds and back-references only once recheck has cleared the pattern.
import { strict as assert } from "node:assert";
import {
  backtrackingFeatures, compilePattern, hotPatternTest, patternProblem, redosAnalysisCount, redosVerdict,
  toRe2Syntax, UnsupportedPatternError,
} from "../../../functions/engine/schema/patterns";
import { REDOS_WITH_LOOKAROUND } from "../patternCases";

/** Every RegExp constructed (with its source) while `body` runs. */
function constructedWhile(body: () => void): string[] {
  const seen: string[] = [];
  const Native = RegExp;
  globalThis.RegExp = new Proxy(Native, {
    construct(target, args: [string | RegExp, string?]) {
      seen.push(String(args[0] instanceof Native ? args[0].source : args[0]));
      return Reflect.construct(target, args) as RegExp;
    },
    apply(target, self, args: [string | RegExp, string?]) {
      seen.push(String(args[0] instanceof Native ? args[0].source : args[0]));
      return Reflect.apply(target, self, args) as RegExp;
    },
  });
  try {
    body();
  } finally {
    globalThis.RegExp = Native;
  }
  return seen;
}

describe("pattern engine (schema/patterns.ts)", () => {
  it("runs patterns without lookaround or back-references on RE2, long Unicode property names included", () => {
    for (const [pattern, yes, no] of [
      ["^\\p{Letter}+$", "Größe", "a1"], ["^\\p{Script=Greek}+$", "λόγος", "logos"], ["^\\p{Lowercase_Letter}\\p{Nd}$", "a1", "A1"],
      ["^(?<area>\\d{3})-\\d{4}$", "555-0100", "55-0100"], ["^(a+)+$", "aaaa", "aaab"],
    ] as const) {
      const m = compilePattern(pattern);
      assert.equal(m.engine, "re2", pattern);
      assert.equal(m.test(yes), true, `${pattern} ${yes}`);
      assert.equal(m.test(no), false, `${pattern} ${no}`);
    }
    assert.equal(toRe2Syntax("\\p{Letter}\\P{Uppercase_Letter}\\\\p{Letter}"), "\\p{L}\\P{Lu}\\\\p{Letter}", "a literal backslash before p is left alone");
  });

  it("finds lookaround and back-references outside escapes and classes only", () => {
    assert.deepEqual(backtrackingFeatures("^(?=a)(?<!b)x$"), ["lookaround"]);
    assert.deepEqual(backtrackingFeatures("^(['\"]).*\\1$"), ["back-reference"]);
    assert.deepEqual(backtrackingFeatures("^(?<q>a)\\k<q>$"), ["back-reference"]);
    assert.deepEqual(backtrackingFeatures("^\\(?=a[(?=\\1]\\\\(?:x)$"), []);
    assert.deepEqual(backtrackingFeatures("^(?<name>a)(?:b)$"), []);
  });

  it("runs lookarounds at a fixed position on RE2, without the analysis, with ECMA-262 semantics", () => {
    const cases: Array<[string, string[], string[]]> = [
      ["^(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}$", ["123-45-6789"], ["000-12-3456", "666-12-3456", "912-34-5678", "123-00-4567", "123-45-0000"]],
      ["^(?<!_)[a-z_]+(?<!_)$", ["snake_case"], ["trailing_", "_"]],
    ];
    const before = redosAnalysisCount();
    for (const [pattern, yes, no] of cases) {
      const m = compilePattern(pattern);
      assert.equal(m.engine, "re2", pattern);
      for (const s of yes) assert.equal(m.test(s), true, `${pattern} should match ${s}`);
      for (const s of no) assert.equal(m.test(s), false, `${pattern} should not match ${s}`);
    }
    assert.equal(redosAnalysisCount(), before);
  });

  it("runs other lookarounds and back-references on the native engine once the analysis clears them, with ECMA-262 semantics", () => {
    const cases: Array<[string, string[], string[]]> = [
      ["^(['\"]).*\\1$", ["'quoted'", '"x"'], ["'mixed\""]],
      // re2js would read \k<q> as the literal text "k<q>".
      ["^(?<q>['\"]).*\\k<q>$", ["'x'"], ["'xk<q>", "'x\""]],
      ["^[a-z]+(?=\\d)\\w*$", ["ab12", "a1"], ["ab", "1a"]],
    ];
    for (const [pattern, yes, no] of cases) {
      const m = compilePattern(pattern);
      assert.equal(m.engine, "backtracking", pattern);
      for (const s of yes) assert.equal(m.test(s), true, `${pattern} should match ${s}`);
      for (const s of no) assert.equal(m.test(s), false, `${pattern} should not match ${s}`);
    }
  });

  it("refuses classic ReDoS patterns that need backtracking, naming the pattern and the reason", () => {
    for (const pattern of REDOS_WITH_LOOKAROUND) {
      assert.throws(() => compilePattern(pattern), (err: unknown) => {
        assert.ok(err instanceof UnsupportedPatternError, pattern);
        assert.equal(err.rule, "pattern-redos", pattern);
        assert.ok(err.message.startsWith(`pattern ${JSON.stringify(pattern)} may take `), err.message);
        assert.match(err.message, /(exponential|polynomial) time.* on a backtracking engine: /);
        return true;
      });
    }
    assert.match(patternProblem("^a*(?=(a+)+$)") ?? "", /may take exponential time on a backtracking engine: .*such as/);
    assert.match(patternProblem("^(a+)\\1$") ?? "", /may take polynomial time \(degree \d\) on a backtracking engine/);
  });

  it("never hands a refused pattern to the RegExp constructor: the analysis is consulted first", () => {
    const dangerous = "(?!(a+)+$)z";
    const seen = constructedWhile(() => {
      assert.throws(() => compilePattern(dangerous), UnsupportedPatternError);
      assert.equal(hotPatternTest(dangerous), undefined);
      assert.ok(patternProblem(dangerous));
    });
    assert.ok(!seen.includes(dangerous), "the dangerous pattern reached new RegExp");
    // A safe one reaches it, and only after its verdict is cached.
    const safe = "^[a-z]+(?=\\d)\\d+$";
    let analysedFirst: boolean | undefined;
    const before = redosAnalysisCount();
    const Native = RegExp;
    globalThis.RegExp = new Proxy(Native, {
      construct(target, args: [string, string?]) {
        if (args[0] === safe) analysedFirst = redosAnalysisCount() === before + 1;
        return Reflect.construct(target, args) as RegExp;
      },
    });
    try {
      assert.equal(compilePattern(safe).test("abc1"), true);
    } finally {
      globalThis.RegExp = Native;
    }
    assert.equal(analysedFirst, true);
  });

  it("analyses a pattern once per process, however often it is compiled", () => {
    const pattern = "^[a-z]+(?=\\d)[a-z0-9]{4,8}$";
    const before = redosAnalysisCount();
    for (let i = 0; i < 3; i++) {
      assert.equal(compilePattern(pattern).test("ab1234"), true);
      assert.equal(redosVerdict(pattern).safe, true);
      assert.equal(hotPatternTest(pattern)?.("abcd"), false);
    }
    assert.equal(redosAnalysisCount(), before + 1);
    // Refusals are remembered too.
    const refusedBefore = redosAnalysisCount();
    for (let i = 0; i < 3; i++) assert.throws(() => compilePattern("^b*(?=(b+)+$)"), UnsupportedPatternError);
    assert.equal(redosAnalysisCount(), refusedBefore + 1);
  });

  it("reports invalid ECMA-262 syntax as such, and what RE2 refuses without lookaround as before", () => {
    assert.throws(() => compilePattern("^(?![a-z]\\:)"), (err: unknown) => err instanceof UnsupportedPatternError && err.rule === "pattern-syntax" && /not a valid ECMA-262/.test(err.message));
    assert.throws(() => compilePattern("^(?=a"), (err: unknown) => err instanceof UnsupportedPatternError && err.rule === "pattern-syntax");
    assert.throws(() => compilePattern("a{2000}"), (err: unknown) => err instanceof UnsupportedPatternError && err.rule === "pattern-linear-time" && /linear-time/.test(err.message));
  });

  it("gives the hot-loop test the same answers as the matcher", () => {
    for (const [pattern, inputs] of [
      ["^[a-z]+\\d*$", ["abc12", "ABC", "a".repeat(300) + "1"]],
      ["^(?=.*\\d)[a-z0-9]{4,8}$", ["abc1", "abcd", "abc1abc1a"]],
      ["^(foo|bar)+$", ["foobar", "baz"]],
    ] as const) {
      const hot = hotPatternTest(pattern)!;
      for (const s of inputs) assert.equal(hot(s), compilePattern(pattern).test(s), `${pattern} ${s}`);
    }
  });
});
