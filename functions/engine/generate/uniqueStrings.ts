// x-unique strings dealt from the global row index, as uniqueIndex.ts deals integers and UUIDs: row i's
// value is a function of i (through a keyed permutation), so no two rows of a data set share one however it
// is cut into shards and workers, and nothing is remembered. A deal is an injective function of the index:
// e-mail addresses and usernames decompose the permuted index into (first name, last name, domain, ...)
// over normalised, de-duplicated name lists, so the first F*L*D rows read naturally and later blocks of
// rows carry a number; every format parses one way only (letters-only names, one separator, digits last).
import { keyedPermutation, MAX_PERMUTED_SPACE } from "./uniqueIndex";
import { loadLocale, type LocaleData } from "./locale";
import type { GenContext, Person } from "./context";
import { RESERVED_EMAIL_DOMAINS } from "./compliance";

/** The value of row `index` of one data set (its key), or undefined past the deal's last value. */
export type DealAt = (index: number, ctx: GenContext) => string | undefined;

export interface StringDeal {
  /** Distinct values the deal has (MAX_PERMUTED_SPACE or more: as many as any job asks). */
  size: number;
  /** Rows whose values read naturally (no number, no middle name): the first block. */
  natural?: number;
  /** The deal of one data set: `key` is its seed and the field. */
  at(key: string): DealAt;
  /** The longest and shortest value (code points) among the first `rows` rows: what the field's lengths must allow. */
  lengths(rows: number): { min: number; max: number };
  /** The person the value of row `index` names, so the row's other person fields (first_name, ...) agree. */
  person?(key: string): (index: number) => Person;
}

/**
 * Row index -> (block, permuted offset within the block): blocks of `natural` rows each, each block its own
 * keyed permutation of 0..natural-1. Block 0 is the values without a number.
 */
function blockedPermutation(key: string, natural: number): (index: number) => [number, number] {
  let block = -1;
  let permute: (i: number) => number | undefined = () => undefined;
  return (index) => {
    const b = Math.floor(index / natural);
    if (b !== block) { block = b; permute = keyedPermutation(`${key}\u0000block ${b}`, natural); }
    return [b, permute(index - b * natural)!];
  };
}

/** A deal's parts of row `index` (its names, block...), from the key's blocked permutation. */
type DealParts<P> = (index: number, permuted: (i: number) => [number, number]) => P;

/**
 * Rows of a deal under one key: each row's parts read into its value (or its person); with `size`, rows from
 * there on have none (their parts are not even computed).
 */
function dealRows<P, R>(natural: number, parts: DealParts<P>, read: (p: P) => R): (key: string) => (index: number) => R;
function dealRows<P, R>(natural: number, parts: DealParts<P>, read: (p: P) => R, size: number): (key: string) => (index: number) => R | undefined;
function dealRows<P, R>(natural: number, parts: DealParts<P>, read: (p: P) => R, size = Infinity): (key: string) => (index: number) => R | undefined {
  return (key) => {
    const permuted = blockedPermutation(key, natural);
    return (index) => (index >= size ? undefined : read(parts(index, permuted)));
  };
}

interface NamePart { slug: string; display: string; sex: Person["sex"] }

/** Lower-case ASCII letters of a name ("José" -> "jose"): the part of an address or username it gives. */
export function asciiLetters(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
}

interface NameLists {
  first: NamePart[];
  last: NamePart[];
  /** False when the locale's names have no Latin spelling and English ones stand in (no person to share then). */
  native: boolean;
}

const nameListCache = new Map<string, NameLists>();
/** Fewer distinct ASCII names than this and the locale's list is not used for addresses (ja's are kanji). */
const MIN_LIST = 50;

/** Distinct ASCII spellings of first and last names (letters only, two or more): each stands for one name. */
function asciiNameLists(locale: LocaleData): NameLists {
  let lists = nameListCache.get(locale.code);
  if (lists) return lists;
  const distinct = (names: Array<[string, Person["sex"]]>): NamePart[] => {
    const seen = new Set<string>();
    const out: NamePart[] = [];
    for (const [display, sex] of names) {
      const slug = asciiLetters(display);
      if (!/^[a-z]{2,}$/.test(slug) || seen.has(slug)) continue;
      seen.add(slug);
      out.push({ slug, display, sex });
    }
    return out;
  };
  const first = distinct([...locale.firstNames.female.map((n) => [n, "female"] as [string, Person["sex"]]), ...locale.firstNames.male.map((n) => [n, "male"] as [string, Person["sex"]])]);
  const last = distinct(locale.lastNames.map((n) => [n, "female"]));
  lists = first.length >= MIN_LIST && last.length >= MIN_LIST ? { first, last, native: true } : { ...asciiNameLists(loadLocale("en")), native: false };
  nameListCache.set(locale.code, lists);
  return lists;
}

const digitCount = (n: number) => (n <= 0 ? 0 : String(n).length);
const longestOf = (parts: readonly { slug: string }[]) => Math.max(...parts.map((p) => p.slug.length));
const shortestOf = (parts: readonly { slug: string }[]) => Math.min(...parts.map((p) => p.slug.length));

/**
 * E-mail addresses `first.last@domain` (and `first_last@domain`, a second spelling for the domains the
 * locale lists twice: the commonest ones), distinct by construction: the local part's letters are two
 * names of the lists, its one separator parses one way, and from the second block on the block number
 * follows the last name (`anna.bell7@gmail.com`). Under compliance the domains are the reserved ones.
 * Under a `maxLength` the longest addresses would pass, the names are those short enough for an address
 * with a block number of up to three digits (the deal then ends after 1,000 blocks).
 */
export function emailDeal(locale: LocaleData, compliance: boolean, maxLength = Infinity): StringDeal {
  const lists = asciiNameLists(locale);
  let { first, last } = lists;
  const { native } = lists;
  // A domain listed k times (a weight) gets k spellings of the local part, at most the two there are.
  const separators = [".", "_"];
  const slots: Array<{ domain: string; separator: string }> = [];
  const listed = new Map<string, number>();
  for (const domain of compliance ? RESERVED_EMAIL_DOMAINS : locale.freeEmailDomains) {
    const k = listed.get(domain) ?? 0;
    listed.set(domain, k + 1);
    if (k < separators.length) slots.push({ domain, separator: separators[k] });
  }
  const domainLengths = slots.map((s) => s.domain.length);
  let size = MAX_PERMUTED_SPACE;
  if (longestOf(first) + longestOf(last) + 2 + Math.max(...domainLengths) + 3 > maxLength) {
    // Room for the names: the address less its separator, "@", longest domain and three digits, shared out.
    const room = maxLength - 2 - Math.max(...domainLengths) - 3;
    const firstRoom = Math.ceil(room / 2);
    first = first.filter((n) => n.slug.length <= firstRoom);
    last = last.filter((n) => n.slug.length <= room - firstRoom);
    if (first.length < MIN_LIST || last.length < MIN_LIST) return { size: 0, at: () => () => undefined, lengths: () => ({ min: Infinity, max: Infinity }) };
    size = first.length * last.length * slots.length * 1_000;
  }
  const natural = first.length * last.length * slots.length;
  const parts: DealParts<{ block: number; first: NamePart; last: NamePart; slot: (typeof slots)[number] }> = (index, permuted) => {
    const [block, p] = permuted(index);
    const f = p % first.length, rest = Math.floor(p / first.length);
    return { block, first: first[f], last: last[rest % last.length], slot: slots[Math.floor(rest / last.length)] };
  };
  return {
    size, natural,
    at: dealRows(natural, parts, (v) => `${v.first.slug}${v.slot.separator}${v.last.slug}${v.block === 0 ? "" : v.block}@${v.slot.domain}`, size),
    lengths: (rows) => ({
      min: shortestOf(first) + shortestOf(last) + 2 + Math.min(...domainLengths),
      max: longestOf(first) + longestOf(last) + 2 + Math.max(...domainLengths) + digitCount(Math.ceil(rows / natural) - 1),
    }),
    person: native ? dealRows(natural, parts, (v) => ({ first: v.first.display, last: v.last.display, sex: v.first.sex })) : undefined,
  };
}

/** Numbers 1..USERNAME_NUMBERS in a block's usernames; later blocks count on from there. */
const USERNAME_NUMBERS = 999;

/**
 * Usernames `first_last4` and a number (`anna_bell417`), as people pick them: a first name, the first four
 * letters of a last name (distinct prefixes), the one underscore, then digits, so each parses one way;
 * block b's numbers are b*999+1 .. b*999+999.
 */
export function usernameDeal(locale: LocaleData): StringDeal {
  const { first, last, native } = asciiNameLists(locale);
  const seen = new Set<string>();
  const prefixes: NamePart[] = [];
  for (const l of last) {
    const slug = l.slug.slice(0, 4);
    if (!seen.has(slug)) { seen.add(slug); prefixes.push({ ...l, slug }); }
  }
  const natural = first.length * prefixes.length * USERNAME_NUMBERS;
  const parts: DealParts<{ first: NamePart; last: NamePart; number: number }> = (index, permuted) => {
    const [block, p] = permuted(index);
    const f = p % first.length, rest = Math.floor(p / first.length);
    return { first: first[f], last: prefixes[rest % prefixes.length], number: block * USERNAME_NUMBERS + Math.floor(rest / prefixes.length) + 1 };
  };
  return {
    size: MAX_PERMUTED_SPACE, natural,
    at: dealRows(natural, parts, (v) => `${v.first.slug}_${v.last.slug}${v.number}`),
    lengths: (rows) => ({
      min: shortestOf(first) + shortestOf(prefixes) + 2,
      max: longestOf(first) + longestOf(prefixes) + 1 + digitCount((Math.ceil(rows / natural)) * USERNAME_NUMBERS),
    }),
    person: native ? dealRows(natural, parts, (v) => ({ first: v.first.display, last: v.last.display, sex: v.first.sex })) : undefined,
  };
}

const INITIALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/**
 * Full names "First Last"; once every pair is used, "First M. Last" for each initial, then "First Middle
 * Last" for each first name as a middle one. Names are single words (no spaces), so a name parses one way;
 * the space ends at F * L * (1 + 26 + F) names.
 */
export function fullNameDeal(locale: LocaleData): StringDeal {
  const single = (names: Array<[string, Person["sex"]]>): NamePart[] => {
    const seen = new Set<string>();
    const out: NamePart[] = [];
    for (const [display, sex] of names) {
      if (!/^[\p{L}][\p{L}\p{M}'’-]*$/u.test(display) || seen.has(display)) continue;
      seen.add(display);
      out.push({ slug: display, display, sex });
    }
    return out;
  };
  const first = single([...locale.firstNames.female.map((n) => [n, "female"] as [string, Person["sex"]]), ...locale.firstNames.male.map((n) => [n, "male"] as [string, Person["sex"]])]);
  const last = single(locale.lastNames.map((n) => [n, "female"]));
  const natural = first.length * last.length;
  const blocks = 1 + INITIALS.length + first.length;
  const parts: DealParts<{ f: NamePart; l: NamePart; middle: string }> = (index, permuted) => {
    const [block, p] = permuted(index);
    const f = first[p % first.length], l = last[Math.floor(p / first.length)];
    const middle = block === 0 ? "" : block <= INITIALS.length ? `${INITIALS[block - 1]}. ` : `${first[block - 1 - INITIALS.length].display} `;
    return { f, l, middle };
  };
  const size = Math.min(natural * blocks, MAX_PERMUTED_SPACE);
  return {
    size, natural,
    at: dealRows(natural, parts, (v) => `${v.f.display} ${v.middle}${v.l.display}`, size),
    lengths: (rows) => {
      const long = (parts: NamePart[]) => Math.max(...parts.map((p) => [...p.display].length));
      const short = (parts: NamePart[]) => Math.min(...parts.map((p) => [...p.display].length));
      const middle = rows <= natural ? 0 : rows <= natural * (1 + INITIALS.length) ? 3 : long(first) + 1;
      return { min: short(first) + short(last) + 1, max: long(first) + long(last) + 1 + middle };
    },
    person: dealRows(natural, parts, (v) => ({ first: v.f.display, last: v.l.display, sex: v.f.sex })),
  };
}

/** Characters of a reference code after a value: 36^7 (78 billion) distinct codes. */
export const CODE_LENGTH = 7;
const CODE_SPACE = 36 ** CODE_LENGTH;

/** How a column's values are joined to their codes, decided once from a few of its values. */
export interface CodeStyle {
  /** " " after values with spaces ("Steel Chair 4k9x0qa"), "-" after single words and slugs ("summer-sale-0b3mz7q"). */
  separator: string;
  /** Upper-case codes after upper-case values ("SKU-AB12-0B3MZ7Q"). */
  upper: boolean;
}

/** The style of a column from some of its values: one for the whole column, so its values look alike. */
export function codeStyleOf(samples: readonly string[]): CodeStyle {
  return {
    separator: samples.some((v) => /\s/.test(v)) ? " " : "-",
    upper: samples.length > 0 && samples.every((v) => v === v.toUpperCase() && v !== v.toLowerCase()),
  };
}

/**
 * Any other text made distinct: the field's own value (a product, a company, a title, drawn as always)
 * followed by a 7-character code that is the permuted row index in base 36 ("Steel Chair 4k9x0qa",
 * "summer-sale-0b3mz7q"). Only the code decides distinctness (it is the value's last 7 characters, in
 * either case), so a value that fails the field's keywords can be drawn again and the row keeps its code.
 * The value is cut to fit `maxLength` (code points), at a word's end where one is near.
 */
export function codedDeal(value: (ctx: GenContext) => string, maxLength = Infinity, style: CodeStyle = { separator: " ", upper: false }): StringDeal {
  const room = maxLength - style.separator.length - CODE_LENGTH;
  return {
    size: CODE_SPACE,
    at: (key) => {
      const permute = keyedPermutation(key, CODE_SPACE);
      return (index, ctx) => {
        const k = permute(index);
        if (k === undefined) return undefined;
        const code = k.toString(36).padStart(CODE_LENGTH, "0");
        let base = value(ctx);
        if (base.length > room && [...base].length > room) {
          const cut = room < 1 ? "" : [...base].slice(0, room + 1).join("");
          const wordEnd = cut.search(/[\s-][^\s-]*$/);
          base = (wordEnd >= room / 2 ? cut.slice(0, wordEnd) : [...cut].slice(0, room).join("")).trimEnd();
        }
        if (base === "") return style.upper ? code.toUpperCase() : code;
        return `${base}${style.separator}${style.upper ? code.toUpperCase() : code}`;
      };
    },
    lengths: () => ({ min: CODE_LENGTH, max: Math.max(CODE_LENGTH, maxLength) }),
  };
}
