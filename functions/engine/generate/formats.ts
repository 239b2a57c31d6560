// Formats as the product's validator judges them, and format values of a given length. The checks are
// ajv-formats' own functions in full mode (the ones functions/engine/validate/compile.ts installs), so a
// value the generator accepts is a value the validator accepts. The fitted generators build a value of
// one exact length for the formats whose values can be shortened or padded (an e-mail under maxLength 12,
// a hostname of at least 20 characters); formats of a fixed shape (date, uuid) have one length only.
import { fullFormats } from "ajv-formats/dist/formats";
import type { GenContext } from "./context";
import { RESERVED_EMAIL_DOMAINS } from "./compliance";

type AjvFormat = RegExp | ((s: string) => boolean) | { validate: RegExp | ((v: never) => boolean); compare?: (a: string, b: string) => number | undefined; type?: string } | true;
const FORMATS = fullFormats as unknown as Record<string, AjvFormat>;

function validatorOf(def: AjvFormat): ((v: never) => boolean) | undefined {
  if (def === true) return undefined;
  if (def instanceof RegExp) return (s) => { def.lastIndex = 0; return def.test(s); };
  if (typeof def === "function") return def as (v: never) => boolean;
  const v = def.validate;
  return v instanceof RegExp ? (s) => { v.lastIndex = 0; return v.test(s); } : v;
}

const OFFSET = /(?:z|[+-]\d\d:\d\d)$/i;
const DURATION = /^P(?:\d+W|(?:(?:\d+Y(?:\d+M(?:\d+D)?)?|\d+M(?:\d+D)?|\d+D)(?:T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S))?|T(?:\d+H(?:\d+M(?:\d+S)?)?|\d+M(?:\d+S)?|\d+S)))$/;

/**
 * Readings of a format stricter than ajv-formats' that other validators apply: a generated value should
 * be valid for any of them, not only for the product's (a regex valid in Unicode mode, an e-mail local
 * part of at most 64 characters, a hostname without a trailing dot, a time zone offset with a colon, ...).
 */
const PORTABLE: Record<string, (s: string) => boolean> = {
  regex: (s) => {
    try {
      new RegExp(s, "u");
      return true;
    } catch {
      return false;
    }
  },
  email: (s) => {
    const at = s.lastIndexOf("@");
    const local = s.slice(0, at), host = s.slice(at + 1);
    return local.length <= 64 && host.length <= 253 && !local.startsWith(".") && !local.endsWith(".") && !local.includes("..")
      && host.split(".").every((label) => label.length <= 63);
  },
  hostname: (s) => !s.endsWith("."),
  uuid: (s) => !s.toLowerCase().startsWith("urn:"),
  time: (s) => OFFSET.test(s),
  "date-time": (s) => OFFSET.test(s) && s.split(/t|\s/i).length === 2,
  duration: (s) => DURATION.test(s),
  "uri-template": (s) => !s.includes("\x7f"),
};

/**
 * The check of a string format as the product's validator makes it (and as strictly as other validators
 * do), or undefined when the validator does not assert the format (unknown, password, binary).
 */
export function stringFormatCheck(format: string): ((s: string) => boolean) | undefined {
  if (!Object.prototype.hasOwnProperty.call(FORMATS, format)) return undefined;
  const def = FORMATS[format];
  if (typeof def === "object" && !(def instanceof RegExp) && def.type === "number") return undefined;
  const ajv = validatorOf(def) as ((s: string) => boolean) | undefined;
  const portable = PORTABLE[format];
  return ajv && portable ? (s) => ajv(s) && portable(s) : ajv;
}

/** The validator's check of a number format (int32, int64, float, double), or undefined. */
export function numberFormatCheck(format: string): ((n: number) => boolean) | undefined {
  if (!Object.prototype.hasOwnProperty.call(FORMATS, format)) return undefined;
  const def = FORMATS[format];
  if (typeof def !== "object" || def instanceof RegExp || def.type !== "number") return undefined;
  return validatorOf(def) as ((n: number) => boolean) | undefined;
}

/** The ordering formatMinimum/formatMaximum use for a format (date, time, date-time, ...), or undefined. */
export function formatCompare(format: string): ((a: string, b: string) => number | undefined) | undefined {
  if (!Object.prototype.hasOwnProperty.call(FORMATS, format)) return undefined;
  const def = FORMATS[format];
  return typeof def === "object" && !(def instanceof RegExp) ? def.compare : undefined;
}

/** Integer ranges of the integer number formats. */
export const INTEGER_FORMAT_RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/**
 * The lengths (in characters) a value of `format` can have as this engine writes it: [min, max], and the
 * lengths in between that are impossible. Undefined for formats without a length rule.
 */
export function formatLengths(format: string): { min: number; max: number; gaps?: number[]; step?: number } | undefined {
  switch (format) {
    case "date": return { min: 10, max: 10 };
    case "uuid": return { min: 36, max: 36 };
    case "date-time": return { min: 20, max: Infinity, gaps: [21] };
    case "iso-date-time": return { min: 19, max: Infinity };
    case "time": return { min: 9, max: Infinity, gaps: [10] };
    case "iso-time": return { min: 8, max: Infinity };
    case "duration": return { min: 3, max: Infinity };
    case "email": return { min: 5, max: 318 };
    case "hostname": return { min: 1, max: 253 };
    case "ipv4": return { min: 7, max: 15 };
    case "ipv6": return { min: 2, max: 39 };
    case "uri": return { min: 3, max: Infinity };
    case "url": return { min: 11, max: Infinity };
    case "json-pointer-uri-fragment": case "relative-json-pointer": return { min: 1, max: Infinity };
    case "byte": return { min: 0, max: Infinity, step: 4 };
    default: return undefined;
  }
}

/** True when a value of `format` can have `length` characters. */
export function formatAllowsLength(format: string, length: number): boolean {
  const r = formatLengths(format);
  if (!r) return true;
  return length >= r.min && length <= r.max && !(r.gaps ?? []).includes(length) && (r.step === undefined || length % r.step === 0);
}

/** The shortest length in [lo, hi] a value of `format` can have, or undefined when none. */
export function firstFormatLength(format: string, lo: number, hi: number): number | undefined {
  const r = formatLengths(format);
  const from = Math.max(lo, r?.min ?? 0), to = Math.min(hi, r?.max ?? Infinity);
  for (let n = from; n <= to && n <= from + 8; n++) if (formatAllowsLength(format, n)) return n;
  return undefined;
}

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function chars(ctx: GenContext, alphabet: string, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[ctx.rng.int(0, alphabet.length - 1)];
  return s;
}

function digits(ctx: GenContext, n: number): string {
  return chars(ctx, "0123456789", n);
}

/** Letters of `n` characters, made of locale words where they fit (lower-case ASCII only). */
function wordish(ctx: GenContext, n: number): string {
  let s = "";
  for (let guard = 0; s.length < n && guard < n + 4; guard++) {
    const w = ctx.rng.pick(ctx.locale.words).toLowerCase().replace(/[^a-z]/g, "");
    s += w || chars(ctx, LOWER, 3);
  }
  if (s.length < n) s += chars(ctx, LOWER, n - s.length);
  return s.slice(0, n);
}

/** Letters with dots every few characters (never first, last or doubled): a hostname of exactly `n` characters. */
function dottedName(ctx: GenContext, n: number): string {
  const out = wordish(ctx, n).split("");
  for (let i = ctx.rng.int(3, 9); i < n - 2; i += ctx.rng.int(4, 12)) out[i] = ".";
  return out.join("");
}

/** An e-mail domain of exactly `n` characters (reserved test domains under compliance), or undefined. */
function domainOfLength(ctx: GenContext, n: number): string | undefined {
  const pool = ctx.compliance ? RESERVED_EMAIL_DOMAINS : [...ctx.locale.freeEmailDomains, ...RESERVED_EMAIL_DOMAINS];
  const exact = pool.filter((d) => d.length === n);
  if (exact.length) return ctx.rng.pick(exact);
  // A subdomain of a shorter domain keeps it reserved under compliance ("mail.example.com").
  const shorter = pool.filter((d) => d.length <= n - 2);
  if (shorter.length) {
    const base = ctx.rng.pick(shorter);
    return `${dottedName(ctx, n - base.length - 1)}.${base}`;
  }
  if (ctx.compliance || n < 3) return undefined;
  if (n >= 5) return `${wordish(ctx, n - 4)}.com`;
  return n === 4 ? `${chars(ctx, LOWER, 1)}.${ctx.rng.pick(["io", "co", "de", "fr", "uk"])}` : `${chars(ctx, LOWER, 1)}.${chars(ctx, LOWER, 1)}`;
}

/** A local part of exactly `n` characters from the entity's name (first.last), padded with letters. */
function localPart(ctx: GenContext, n: number): string {
  const p = ctx.person();
  const slug = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
  let s = `${slug(p.first) || "user"}.${slug(p.last) || "name"}`;
  if (s.length < n) s += chars(ctx, LOWER, n - s.length);
  s = s.slice(0, n);
  return s.endsWith(".") ? s.slice(0, -1) + chars(ctx, LOWER, 1) : s;
}

function isoDate(ctx: GenContext): string {
  return new Date(Date.UTC(2024, 0, 1) + ctx.rng.int(-1100, 700) * 86_400_000).toISOString().slice(0, 10);
}

function isoTime(ctx: GenContext): string {
  const pad = (x: number) => (x < 10 ? "0" + x : String(x));
  return `${pad(ctx.rng.int(0, 23))}:${pad(ctx.rng.int(0, 59))}:${pad(ctx.rng.int(0, 59))}`;
}

/** IPv4 octets of `d` digits (1-3); the first octet is never 0. */
function octet(ctx: GenContext, d: number, first: boolean): string {
  if (d === 1) return String(ctx.rng.int(first ? 1 : 0, 9));
  if (d === 2) return String(ctx.rng.int(10, 99));
  return String(ctx.rng.int(100, first ? 223 : 255));
}

/** `total` split into `parts` integers in [lo, hi], at random (undefined when impossible). */
function split(ctx: GenContext, total: number, parts: number, lo: number, hi: number): number[] | undefined {
  if (total < parts * lo || total > parts * hi) return undefined;
  const out = Array.from({ length: parts }, () => lo);
  let rest = total - parts * lo;
  while (rest > 0) {
    const i = ctx.rng.int(0, parts - 1);
    if (out[i] < hi) { out[i]++; rest--; }
  }
  return out;
}

function hexGroup(ctx: GenContext, n: number): string {
  return chars(ctx, "0123456789abcdef", n);
}

/**
 * A value of `format` with exactly `n` characters, or undefined when the format has no value of that
 * length (or this engine cannot build one). Every value returned satisfies the validator's format check.
 */
export function formatValueOfLength(ctx: GenContext, format: string, n: number): string | undefined {
  if (!formatAllowsLength(format, n)) return undefined;
  switch (format) {
    case "date": return isoDate(ctx);
    case "uuid": {
      const h = hexGroup(ctx, 32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[ctx.rng.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    }
    case "date-time": return n === 20 ? `${isoDate(ctx)}T${isoTime(ctx)}Z` : `${isoDate(ctx)}T${isoTime(ctx)}.${digits(ctx, n - 22)}${ctx.rng.int(0, 9)}Z`;
    case "iso-date-time": return n === 19 ? `${isoDate(ctx)}T${isoTime(ctx)}` : n === 20 ? `${isoDate(ctx)}T${isoTime(ctx)}Z` : `${isoDate(ctx)}T${isoTime(ctx)}.${digits(ctx, n - 20)}`;
    case "time": return n === 9 ? `${isoTime(ctx)}Z` : `${isoTime(ctx)}.${digits(ctx, n - 10)}Z`;
    case "iso-time": return n === 8 ? isoTime(ctx) : n === 9 ? `${isoTime(ctx)}Z` : `${isoTime(ctx)}.${digits(ctx, n - 9)}`;
    case "duration": return `P${ctx.rng.int(1, 9)}${digits(ctx, n - 3)}D`;
    case "email": case "idn-email": {
      // A local part of a natural size (up to 24 characters, at most 64) and a domain for the rest.
      const pool = ctx.compliance ? RESERVED_EMAIL_DOMAINS : [...ctx.locale.freeEmailDomains, ...RESERVED_EMAIL_DOMAINS];
      const fits = pool.filter((d) => d.length <= n - 2 && n - 1 - d.length <= 64);
      const natural = fits.filter((d) => n - 1 - d.length <= 24);
      const domain = fits.length ? ctx.rng.pick(natural.length ? natural : fits) : domainOfLength(ctx, n - 1 - Math.max(1, Math.min(24, n - 4)));
      if (!domain) return undefined;
      const local = n - 1 - domain.length;
      if (local < 1 || local > 64) return undefined;
      return `${localPart(ctx, local)}@${domain}`;
    }
    case "hostname": case "idn-hostname": return n <= 2 ? chars(ctx, LOWER, n) : dottedName(ctx, n);
    case "ipv4": {
      const d = split(ctx, n - 3, 4, 1, 3);
      return d ? d.map((k, i) => octet(ctx, k, i === 0)).join(".") : undefined;
    }
    case "ipv6": {
      if (n >= 15) {
        const groups = split(ctx, n - 7, 8, 1, 4);
        return groups ? groups.map((k) => hexGroup(ctx, k)).join(":") : undefined;
      }
      // Compressed: "::" followed by k groups.
      if (n === 2) return "::";
      for (let k = 1; k <= 6; k++) {
        const groups = split(ctx, n - 2 - (k - 1), k, 1, 4);
        if (groups) return "::" + groups.map((g) => hexGroup(ctx, g)).join(":");
      }
      return undefined;
    }
    case "uri": case "iri": {
      if (n >= 20) return `https://example.com/${pathOf(ctx, n - 20)}`;
      if (n >= 13) return `https://${wordish(ctx, n - 11)}.io`;
      return n >= 5 ? `urn:${wordish(ctx, n - 4)}` : `x:${wordish(ctx, n - 2)}`;
    }
    case "url": return n >= 13 ? `https://${wordish(ctx, n - 12)}.com` : `http://${wordish(ctx, n - 10)}.io`;
    case "uri-reference": case "iri-reference": case "uri-template": case "json-pointer":
      return n === 0 ? "" : `/${pathOf(ctx, n - 1)}`;
    case "json-pointer-uri-fragment": return n === 1 ? "#" : `#/${pathOf(ctx, n - 2)}`;
    case "relative-json-pointer": return n === 1 ? String(ctx.rng.int(0, 9)) : n === 2 ? "0/" : `0/${pathOf(ctx, n - 2)}`;
    case "regex": return wordish(ctx, n);
    case "byte": return chars(ctx, BASE64, n);
    default: return undefined;
  }
}

/** A path of `n` characters: words separated by single slashes, never starting or ending with one. */
function pathOf(ctx: GenContext, n: number): string {
  const out = wordish(ctx, n).split("");
  for (let i = ctx.rng.int(4, 9); i < n - 1; i += ctx.rng.int(5, 10)) out[i] = "/";
  return out.join("");
}
