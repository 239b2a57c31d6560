// A realism check for any data set (issue 11): what a reader would notice that validation does not. Free
// text in placeholder words (faker's lorem Latin), values of another meaning than their field's (a status
// outside its listed values, a commit SHA that is not 40 hex digits, an IBAN, ISBN, GTIN or VIN whose check
// digits are wrong, a currency or country code of the wrong shape), and rows that cannot happen: timestamps
// out of order (created after closed, start after end), min above max, counts that do not match the lists
// they count, totals that are not the sum of their parts, percentages out of range. It reads only the rows
// (and, when given, the schema's listed status values), so it judges any generator, not only this one.
import { createRequire } from "node:module";

export interface RealismFigures {
  rows: number;
  /** Free-text values (strings with a space or of a text-like field), and those with a placeholder word. */
  freeText: number;
  placeholder: number;
  /** Values checked for their meaning (statuses, SHAs, ids with check digits, codes), and those misread. */
  checkedMeanings: number;
  misread: number;
  /** Ordered pairs found (timestamps, min/max, low/high), and those out of order. */
  orderedPairs: number;
  outOfOrder: number;
  /** Counts, sums and percentages found, and those inconsistent. */
  arithmetic: number;
  inconsistent: number;
  /** Rows with at least one misread value, pair out of order or inconsistency. */
  impossibleRows: number;
  /** A few of what was found, to show where ("/items/*\/line_total: 12 != 3 x 5"). */
  examples: string[];
}

let latin: ReadonlySet<string> | undefined;

/** faker's lorem words that are not English words or names (faker's own lists): "culpa", "nemo", "temeritas". */
export function latinWords(): ReadonlySet<string> {
  if (latin) return latin;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { faker } = createRequire(__filename)("@faker-js/faker") as typeof import("@faker-js/faker");
  const english = new Set<string>();
  for (const list of Object.values(faker.definitions.word ?? {})) for (const w of list as string[]) english.add(w.toLowerCase());
  for (const text of [...faker.definitions.commerce.product_description, ...(faker.definitions.hacker?.phrase ?? [])]) {
    for (const w of text.toLowerCase().split(/[^a-z]+/)) english.add(w);
  }
  for (const list of [faker.definitions.person.first_name, faker.definitions.person.last_name]) {
    for (const w of Object.values(list ?? {}).flat() as string[]) english.add(String(w).toLowerCase());
  }
  for (const w of ["error", "color", "a", "i", "in", "non", "id", "est", "et", "ad", "at", "video", "animal", "item", "minus", "qui", "ea", "eos", "odio"]) english.add(w);
  latin = new Set((faker.definitions.lorem.word as string[]).map((w) => w.toLowerCase()).filter((w) => !english.has(w) && w.length > 2));
  return latin;
}

const norm = (k: string): string => k.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/[^a-z0-9]/g, "");
const TEXT_FIELD = /(name|title|subject|body|description|message|summary|notes?|comments?|text|reason|line1|line2|street|memo|copy|bio|instructions|synopsis|complaint|headline|remittance|information|requests?|label)$/;
const NOT_TEXT = /^(https?:|mailto:)|^[\w.+-]+@[\w-]+\.|^\d{4}-\d\d-\d\d/;

// ---- check digits of public id schemes -----------------------------------------------------------------

function ibanValid(v: string): boolean {
  const s = v.replace(/ /g, "");
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const moved = (s.slice(4) + s.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let r = 0;
  for (const d of moved) r = (r * 10 + Number(d)) % 97;
  return r === 1;
}
/** GTIN-8/12/13/14 (EAN, UPC) and ISBN-13: weights 3 and 1 from the right. */
function gtinValid(v: string): boolean {
  const d = v.replace(/[- ]/g, "");
  if (!/^(\d{8}|\d{12,14})$/.test(d)) return false;
  let sum = 0;
  for (let i = d.length - 2, w = 3; i >= 0; i--, w = 4 - w) sum += Number(d[i]) * w;
  return (10 - (sum % 10)) % 10 === Number(d[d.length - 1]);
}
function isbnValid(v: string): boolean {
  const d = v.replace(/[- ]/g, "");
  if (/^\d{13}$/.test(d)) return /^97[89]/.test(d) && gtinValid(d);
  if (!/^\d{9}[\dX]$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (d[i] === "X" ? 10 : Number(d[i])) * (10 - i);
  return sum % 11 === 0;
}
const VIN_VALUES: Record<string, number> = Object.fromEntries([..."ABCDEFGHJKLMNPRSTUVWXYZ"].map((c, i) => [c, [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9][i]]));
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
function vinValid(v: string): boolean {
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (/\d/.test(v[i]) ? Number(v[i]) : VIN_VALUES[v[i]]) * VIN_WEIGHTS[i];
  const check = sum % 11;
  return v[8] === (check === 10 ? "X" : String(check));
}

const PERSON_NAME = /^(patient|customer|passenger|employee|manager|physician|doctor|orderingphysician|attendingphysician|author|requester|assignee|debtor|creditor|cardholder|accountholder|director|contact)name$/;

/** What a field's name says its value must look like; undefined when the name says nothing checkable. */
function meaningCheck(k: string): ((v: string) => boolean) | undefined {
  if (/(^|_)sha$/.test(k) || /^(commit_?id|commit_?hash)$/.test(k)) return (v) => /^[0-9a-f]{40}$/.test(v);
  const n = norm(k);
  if (n.endsWith("iban")) return ibanValid;
  if (n.endsWith("isbn") || n.endsWith("isbn13")) return isbnValid;
  if (/(gtin|ean|upc|barcode)$/.test(n)) return gtinValid;
  if (n === "vin" || n.endsWith("vin")) return vinValid;
  if (/(^|_)(bic|swift)(_code)?$/.test(k)) return (v) => /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(v);
  if (/^cve(_?id)?$/.test(n)) return (v) => /^CVE-\d{4}-\d{4,7}$/.test(v);
  if (/^ghsa(_?id)?$/.test(n)) return (v) => /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/.test(v);
  if (/^cwe(_?id)?$/.test(n)) return (v) => /^CWE-\d{1,4}$/.test(v);
  if (/currency(code)?$/.test(n)) return (v) => /^[A-Z]{3}$/.test(v);
  if (/(countrycode|countryiso|nationality)$/.test(n) || n === "country") return (v) => /^[A-Z]{2}$/.test(v) || /^[A-Z][a-z]+( [A-Za-z]+)*$/.test(v);
  if (/email$/.test(n)) return (v) => /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(v);
  if (/(mcc|merchantcategorycode)$/.test(n)) return (v) => /^\d{4}$/.test(v) && Number(v) >= 700;
  if (/iata$/.test(n) || /airport$/.test(n)) return (v) => /^[A-Z0-9]{2,3}$/.test(v);
  // A person's name: two or more capitalised words ("offend poor" is not one).
  if (PERSON_NAME.test(n)) return (v) => /^\p{Lu}[\p{L}'’.-]*( \p{Lu}[\p{L}'’.-]*)+$/u.test(v);
  return undefined;
}

// ---- pairs that have an order --------------------------------------------------------------------------

/** A date field's stage word: its name without date words ("created_at" is "created", "period_start" stays). */
function stage(k: string): string {
  return k.toLowerCase().replace(/_?(at|on|date|time|timestamp|ts|datetime)$/, "");
}
/**
 * Life cycles whose stages come in order (rank within the cycle). Only stages of one cycle are compared:
 * an invoice's issue date and its billing period's end have no order of their own.
 */
const CYCLES: ReadonlyArray<Record<string, number>> = [
  { created: 0, opened: 0, submitted: 0, started: 0, first_response: 1, assigned: 1, merged: 2, resolved: 2, completed: 2, published: 2, closed: 3, updated: 4, withdrawn: 5, deleted: 5 },
  { created: 0, ordered: 0, placed: 0, paid: 1, shipped: 2, delivered: 3, returned: 4 },
  { authorized: 0, captured: 1, refunded: 2 },
  { collected: 0, received: 1, reported: 2 },
  { admitted: 0, discharged: 1 },
  { departure: 0, arrival: 1 },
  { hire: 0, hired: 0, termination: 1 },
  { issued: 0, due: 1 },
  { execution: 0, value: 1 },
  { start: 0, end: 1 }, { period_start: 0, period_end: 1 }, { valid_from: 0, valid_to: 1 }, { from: 0, to: 1 },
];

function asTime(v: unknown): number | undefined {
  if (typeof v !== "string" || !/^\d{4}-\d\d-\d\d/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** Pairs of numeric fields that bound each other: min_x/max_x, x_min/x_max, x_low/x_high, minimum/maximum. */
function boundPairs(keys: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const has = new Set(keys);
  for (const k of keys) {
    for (const [lo, hi] of [["min", "max"], ["minimum", "maximum"], ["low", "high"], ["lower", "upper"], ["from", "to"]]) {
      if (k.startsWith(`${lo}_`) && has.has(`${hi}_${k.slice(lo.length + 1)}`)) pairs.push([k, `${hi}_${k.slice(lo.length + 1)}`]);
      if (k.endsWith(`_${lo}`) && has.has(`${k.slice(0, -lo.length)}${hi}`)) pairs.push([k, `${k.slice(0, -lo.length)}${hi}`]);
    }
  }
  return pairs;
}

/** Parts that cannot exceed their whole (normalised names). */
const PART_WHOLE: ReadonlyArray<readonly [string, string]> = [
  ["saleprice", "price"], ["spend", "budget"], ["clicks", "impressions"], ["conversions", "clicks"], ["opens", "sent"],
  ["refundedamount", "amount"], ["amountpaid", "total"],
];
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 0.011 + Math.abs(b) * 1e-9;
const LINES = /^(items|line_items|lines|order_items|products|cart_items|invoice_lines|order_lines)$/;

/** Measures rows; `allowed(path)` gives a status field's listed values (from the schema: statusValuesOf). */
export function measureRealism(rows: Iterable<unknown>, allowed: (path: string) => readonly string[] | undefined = () => undefined): RealismFigures {
  const words = latinWords();
  const f: RealismFigures = { rows: 0, freeText: 0, placeholder: 0, checkedMeanings: 0, misread: 0, orderedPairs: 0, outOfOrder: 0, arithmetic: 0, inconsistent: 0, impossibleRows: 0, examples: [] };
  const note = (what: string) => { if (f.examples.length < 12) f.examples.push(what); };
  for (const row of rows) {
    f.rows++;
    let impossible = false;
    const bad = (what: string) => { impossible = true; note(what); };
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) { for (const x of v) walk(x, `${path}/*`); return; }
      if (typeof v !== "object" || v === null) return;
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o);
      // Dates in stage order.
      const times = keys.map((k) => ({ k, t: asTime(o[k]) })).filter((d) => d.t !== undefined);
      for (const cycle of CYCLES) {
        const dated = times.filter((d) => cycle[stage(d.k)] !== undefined);
        for (const a of dated) for (const b of dated) {
          if (cycle[stage(a.k)]! >= cycle[stage(b.k)]!) continue;
          f.orderedPairs++;
          if (b.t! < a.t!) { f.outOfOrder++; bad(`${path}/${a.k} after ${b.k}`); }
        }
      }
      for (const [lo, hi] of boundPairs(keys)) {
        const a = num(o[lo]), b = num(o[hi]);
        if (a === undefined || b === undefined) continue;
        f.orderedPairs++;
        if (a > b) { f.outOfOrder++; bad(`${path}/${lo} ${a} > ${hi} ${b}`); }
      }
      // Counts that count a list beside them: item_count, num_items, number_of_items, items_count.
      for (const k of keys) {
        const m = /^(?:num_|number_of_|total_)?([a-z_]+?)(?:_count|_total_count)?$/.exec(k);
        const counted = /_count$|^num_|^number_of_/.test(k) && m ? [m[1], `${m[1]}s`, m[1].replace(/_?item$/, "items"), "items", "lines"].find((c) => Array.isArray(o[c]) && (c === m[1] || c === `${m[1]}s` || /^(item|line)/.test(m[1]))) : undefined;
        const n = num(o[k]);
        if (!counted || n === undefined) continue;
        f.arithmetic++;
        if (n !== (o[counted] as unknown[]).length) { f.inconsistent++; bad(`${path}/${k} ${n} != ${(o[counted] as unknown[]).length} ${counted}`); }
      }
      // A line's total is its price times its quantity; an order's subtotal the sum of its lines, its total the parts.
      const price = num(o.unit_price ?? o.price), qty = num(o.quantity ?? o.qty), line = num(o.line_total ?? (LINES.test(path.split("/").slice(-2, -1)[0] ?? "") ? o.amount : undefined));
      if (price !== undefined && qty !== undefined && line !== undefined) {
        f.arithmetic++;
        if (!close(line, price * qty)) { f.inconsistent++; bad(`${path}/line_total ${line} != ${price} x ${qty}`); }
      }
      const linesKey = keys.find((k) => LINES.test(k) && Array.isArray(o[k]));
      const subtotal = num(o.subtotal);
      if (linesKey && subtotal !== undefined) {
        const parts = (o[linesKey] as Array<Record<string, unknown>>).map((l) => num(l?.line_total ?? l?.amount));
        if (parts.every((p) => p !== undefined)) {
          f.arithmetic++;
          const sum = parts.reduce((a: number, b) => a + b!, 0);
          if (!close(subtotal, sum)) { f.inconsistent++; bad(`${path}/subtotal ${subtotal} != sum of ${linesKey} ${sum.toFixed(2)}`); }
        }
      }
      const total = num(o.total ?? o.total_amount);
      if (subtotal !== undefined && total !== undefined) {
        f.arithmetic++;
        const expected = subtotal + (num(o.shipping) ?? 0) + (num(o.tax) ?? 0) - (num(o.discount) ?? 0);
        if (!close(total, expected)) { f.inconsistent++; bad(`${path}/total ${total} != ${expected.toFixed(2)}`); }
      }
      const byNorm = new Map(keys.map((k) => [norm(k), k]));
      for (const [part, whole] of PART_WHOLE) {
        const p = num(o[byNorm.get(part) ?? ""]), w = num(o[byNorm.get(whole) ?? ""]);
        if (p === undefined || w === undefined) continue;
        f.arithmetic++;
        if (p > w + 1e-9) { f.inconsistent++; bad(`${path}/${byNorm.get(part)} ${p} > ${byNorm.get(whole)} ${w}`); }
      }
      for (const k of keys) {
        const n = num(o[k]);
        if (n === undefined || !/(percent|percentage|pct)$/.test(norm(k))) continue;
        f.arithmetic++;
        if (n < 0 || n > 100) { f.inconsistent++; bad(`${path}/${k} ${n} out of 0-100`); }
      }
      for (const k of keys) {
        const x = o[k], p = `${path}/${k}`;
        if (typeof x !== "string") { walk(x, p); continue; }
        if ((x.includes(" ") || TEXT_FIELD.test(norm(k))) && /[a-z]{3}/i.test(x) && !NOT_TEXT.test(x)) {
          f.freeText++;
          // Lorem words, or a template's slots left unfilled ("Ergonomic {{commerce.product}}").
          if (x.includes("{{") || x.toLowerCase().split(/[^a-z]+/).some((w) => words.has(w))) { f.placeholder++; note(`${p}: "${x.slice(0, 60)}"`); }
        }
        const listed = allowed(p.replace(/\/\d+(?=\/|$)/g, "/*"));
        const check = listed ? (s: string) => listed.includes(s) : meaningCheck(k);
        if (check) {
          f.checkedMeanings++;
          if (!check(x)) { f.misread++; bad(`${p}: "${x.slice(0, 40)}"`); }
        }
      }
    };
    walk(row, "");
    if (impossible) f.impossibleRows++;
  }
  return f;
}

/** Status-like fields' allowed values by instance path ("/state", "/items/*\/status"): their enum, else the values their description quotes. */
export function statusValuesOf(schema: unknown): (path: string) => readonly string[] | undefined {
  const found = new Map<string, string[]>();
  // A local $ref ("#/$defs/simple-user") is read where it points, its own keywords beside it.
  const resolve = (ref: string): unknown => ref.replace(/^#\/?/, "").split("/").filter(Boolean)
    .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], schema);
  const visit = (s: unknown, path: string, depth: number): void => {
    if (depth > 8 || typeof s !== "object" || s === null) return;
    let o = s as Record<string, unknown>;
    if (typeof o.$ref === "string" && o.$ref.startsWith("#")) o = { ...(resolve(o.$ref) as Record<string, unknown> | undefined), ...o, $ref: undefined };
    for (const key of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(o[key])) for (const b of o[key] as unknown[]) visit(b, path, depth + 1);
    if (o.items) visit(o.items, `${path}/*`, depth + 1);
    const props = o.properties as Record<string, Record<string, unknown>> | undefined;
    if (!props) return;
    for (const [k, p] of Object.entries(props)) {
      if (/^(state|status)$/.test(k) && typeof p === "object") {
        const values = Array.isArray(p.enum) ? (p.enum as unknown[]).filter((x): x is string => typeof x === "string")
          : [...String(p.description ?? "").matchAll(/[`'"]([a-z_]+)[`'"]/g)].map((m) => m[1]);
        if (values.length >= 2) found.set(`${path}/${k}`, values);
      }
      visit(p, `${path}/${k}`, depth + 1);
    }
  };
  visit(schema, "", 0);
  return (path) => found.get(path);
}
