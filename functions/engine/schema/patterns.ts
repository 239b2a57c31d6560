// The one place that decides how a JSON Schema `pattern` (ECMA-262 syntax, `u` flag, an unanchored search)
// is matched. Untrusted patterns must never hang a function:
// - everything RE2 can express runs on RE2 (re2js): linear in the input, so `^(a+)+$` is harmless;
// - lookahead, lookbehind and back-references, which RE2 refuses, run on the native backtracking RegExp,
//   and only after recheck has analysed the pattern and found no super-linear backtracking. A pattern it
//   finds vulnerable (or cannot decide) is refused, and is never handed to `new RegExp`.
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

/** `\p{Letter}` as `\p{L}`, `\p{Script=Greek}` as `\p{Greek}`: the property names RE2 knows. */
export function shortPropertyNames(pattern: string): string {
  // An even run of backslashes before `\p` keeps it an escape; an odd one makes it a literal backslash.
  return pattern.replace(/(?<!\\)((?:\\\\)*)\\([pP])\{(?:(?:General_Category|gc|Script|sc|Script_Extensions|scx)=)?([A-Za-z_]+)\}/g,
    (_whole, escapes: string, p: string, name: string) => `${escapes}\\${p}{${LONG_PROPERTY_NAMES[name] ?? name}}`);
}

/** An ECMA-262 pattern in RE2 syntax (re2js's translation after the property names are shortened). */
export function toRe2Syntax(pattern: string): string {
  return RE2JS.translateRegExp(shortPropertyNames(pattern));
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
// ReDoS analysis (recheck, makenowjust-labs): loaded on first use, so schemas whose patterns all run on
// RE2 never pay its start-up (about 250 ms) or its memory.

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
