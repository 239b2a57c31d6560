// Cross-field coherence inside one generated object: dates that follow a life cycle (start/end,
// created/updated, ordered/shipped/delivered, admitted/discharged, ...) in order, and order arithmetic
// (line total = unit price x quantity, subtotal = sum of the lines, total = subtotal + shipping + tax -
// discount, tax at a plausible rate), counts equal to the lists they count, min/max and low/high pairs in
// order, parts within their whole (clicks within impressions, a sale price within the price) with rates
// computed from them, and a job's title, level and salary drawn together. The stages are found once, from property names, at compile time;
// each fix is applied only when the fixed values still satisfy their own schemas.
import type { Node } from "./compile";
import type { GenContext } from "./context";
import { jobTitleFor, levelRank, salaryFor } from "./domains";
import { normaliseName } from "./semantic";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Life cycles: each is a list of stages in time order, each stage the name words that mark it. Fields
 * of one object that name stages of one cycle (and otherwise have the same words, e.g. "billing_start"
 * and "billing_end") get their dates in stage order.
 */
const LIFE_CYCLES: string[][][] = [
  [["start", "started", "begin", "beginning", "from", "effective", "validfrom", "commenced"], ["end", "ended", "finish", "finished", "to", "until", "through", "expires", "expiry", "expiration", "validto", "validuntil"]],
  // A record's life: created (opened, started), assigned, done (merged, resolved, completed, published),
  // closed, last updated, deleted. The ranks 0-3 are the ticket stages statuses name (STAGE_REACHED).
  [
    ["created", "creation", "registered", "registration", "signup", "signedup", "joined", "enrolled", "opened", "reported", "submitted", "raised", "started", "authored"],
    ["assigned", "acknowledged", "firstresponse", "responded"],
    ["merged", "resolved", "fixed", "completed", "published", "released", "approved"],
    ["closed"],
    ["updated", "modified", "changed", "edited", "pushed", "lastlogin", "lastseen", "lastactive", "lastactivity"],
    ["deleted", "archived", "deactivated", "withdrawn"],
  ],
  // An order's "created" is when it was placed (taken only when no other record stage claims it).
  [["ordered", "order", "placed", "purchased", "purchase", "created"], ["paid", "payment"], ["shipped", "dispatched", "shipment", "ship"], ["delivered", "delivery", "received"], ["returned", "refunded", "return", "refund"]],
  [["admitted", "admission", "admit"], ["discharged", "discharge"]],
  [["departure", "departed", "depart"], ["arrival", "arrived"]],
  [["checkin"], ["checkout"]],
  [["hired", "hire", "onboarded"], ["terminated", "termination", "offboarded", "exit"]],
  [["opened", "reported", "submitted", "raised"], ["assigned", "acknowledged"], ["resolved", "fixed"], ["closed"]],
  [["issued", "issue", "invoiced", "billed"], ["due"]],
  // Card payments, laboratory samples, bank transfers (execution, then value date).
  [["authorized", "authorised", "authorization"], ["captured", "capture", "settled"], ["refunded", "reversed"]],
  [["collected", "collection", "sampled", "drawn"], ["received", "accessioned"], ["reported", "resulted", "verified"]],
  [["execution", "executed", "requestedexecution"], ["value", "booking", "booked"]],
];
/**
 * How long after the previous stage each stage of a cycle usually comes, in days ([shortest, longest];
 * index = stage). Cycles without lags (start/end, created/updated, hired/terminated) only get their
 * dates sorted: their spans vary too much to guess.
 */
const CYCLE_LAGS: Array<Array<[number, number]> | undefined> = [
  undefined,
  // Used only for groups within the ticket stages (ranks 0-3): "updated" and "deleted" vary too much.
  [[0, 0], [0.01, 1], [0.1, 10], [0, 3]],
  [[0, 0], [0, 1], [0.5, 4], [1, 8], [3, 30]],
  [[0, 0], [0.2, 14]],
  [[0, 0], [0.04, 0.6]],
  [[0, 0], [1, 14]],
  undefined,
  [[0, 0], [0.01, 1], [0.1, 10], [0, 3]],
  [[0, 0], [14, 60]],
  [[0, 0], [0, 3], [1, 30]],
  [[0, 0], [0.02, 1], [0.04, 2]],
  [[0, 0], [0, 2]],
];

/** The record cycle (created ... closed, updated, deleted) in LIFE_CYCLES. */
const RECORD_CYCLE = 1;
/** Its stages from "updated" on: no status says they have not happened yet. */
const RECORD_UNSTAGED = 4;

/** Name words that only say "this is a date" and do not tell two fields of a cycle apart. */
const DATE_WORDS = new Set(["date", "at", "on", "time", "timestamp", "ts", "datetime", "dt", "day", "utc", "of"]);

function nameWords(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** The stage a name marks in `cycle` and the name's other words, or undefined when it names no stage. */
function stageOf(name: string, cycle: string[][]): { rank: number; rest: string } | undefined {
  const w = nameWords(name);
  for (let i = 0; i < w.length; i++) {
    // A stage word may be one word ("checkin") or two ("check_in", "valid_from").
    for (const [token, used] of [[w[i] + (w[i + 1] ?? ""), 2], [w[i], 1]] as Array<[string, number]>) {
      if (used === 2 && i + 1 >= w.length) continue;
      const rank = cycle.findIndex((stage) => stage.includes(token));
      if (rank < 0) continue;
      const rest = [...w.slice(0, i), ...w.slice(i + used)].filter((x) => !DATE_WORDS.has(x)).join("_");
      return { rank, rest };
    }
  }
  return undefined;
}

interface LifeCycleGroup {
  /** Index of the cycle in LIFE_CYCLES. */
  cycle: number;
  keys: string[];
  ranks: number[];
  /** The cycle's lag range (days) into each stage, when it has typical lags and no two keys share a stage. */
  lags?: Array<[number, number]>;
}

/** Groups of property names whose dates must follow each other, each sorted by stage (at least two stages). */
export function lifeCycleGroups(keys: string[]): string[][] {
  return lifeCycleStages(keys).map((g) => g.keys);
}

function lifeCycleStages(keys: string[]): LifeCycleGroup[] {
  const groups: LifeCycleGroup[] = [];
  const taken = new Set<string>();
  for (const [cycleIndex, cycle] of LIFE_CYCLES.entries()) {
    const byRest = new Map<string, Array<{ key: string; rank: number }>>();
    for (const key of keys) {
      if (taken.has(key)) continue;
      const s = stageOf(key, cycle);
      if (!s) continue;
      const list = byRest.get(s.rest) ?? [];
      list.push({ key, rank: s.rank });
      byRest.set(s.rest, list);
    }
    for (const list of byRest.values()) {
      const distinct = new Set(list.map((e) => e.rank)).size;
      if (distinct < 2) continue;
      list.sort((a, b) => a.rank - b.rank);
      const ranks = list.map((e) => e.rank);
      const lags = distinct === list.length && (cycleIndex !== RECORD_CYCLE || ranks.every((r) => r <= 3)) ? CYCLE_LAGS[cycleIndex] : undefined;
      groups.push({ cycle: cycleIndex, keys: list.map((e) => e.key), ranks, lags });
      list.forEach((e) => taken.add(e.key));
    }
  }
  return groups;
}

/** Pairs of (earlier, later) property names, e.g. start_date/end_date (kept for callers of the pair form). */
export function orderedPairs(keys: string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const g of lifeCycleGroups(keys)) for (let i = 0; i + 1 < g.length; i++) pairs.push([g[i], g[i + 1]]);
  return pairs;
}

/** "date" or "date-time" shape of an ISO string, or undefined. */
function dateShape(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  if (v.length === 10 && v[4] === "-") return "date";
  if (v.length >= 20 && v[10] === "T") return "date-time:" + v.length;
  return undefined;
}

const DAY = 86_400_000;

function fitsNode(n: Node, value: string): boolean {
  const t = Date.parse(value);
  return n.accepts(value) && (!n.dateBounds || (t >= n.dateBounds[0] && t <= n.dateBounds[1]));
}

/**
 * Later stages at their usual distance from the first (shipped 0.5-4 days after the order, discharged
 * 0.2-14 days after admission): the first stage keeps its drawn date. Returns false when a computed
 * date does not fit its field, so the caller sorts instead.
 */
function applyLags(group: LifeCycleGroup, present: number[], obj: Record<string, unknown>, shape: string, ctx: GenContext, nodeFor: (k: string) => Node): boolean {
  const lags = group.lags!;
  const dateOnly = shape === "date";
  if (!dateOnly && shape !== "date-time:20") return false;
  // The lag into each present stage from the one before (skipped stages add theirs: order to delivery).
  const gaps: number[] = [];
  for (let i = 1; i < present.length; i++) {
    let lo = 0, hi = 0;
    for (let r = group.ranks[present[i - 1]] + 1; r <= group.ranks[present[i]]; r++) { lo += lags[r][0]; hi += lags[r][1]; }
    gaps.push((lo + (hi - lo) * ctx.rng.float() ** 2) * DAY); // short lags are the common ones
  }
  const format = (t: number) => {
    const iso = new Date(dateOnly ? Math.floor(t / DAY) * DAY : Math.floor(t / 1000) * 1000).toISOString();
    return dateOnly ? iso.slice(0, 10) : iso.slice(0, 19) + "Z";
  };
  const total = gaps.reduce((a, b) => a + b, 0);
  // Forward from the first stage's drawn date; when that runs past a bound, back from the last stage's,
  // else forward from the earliest date drawn for the group.
  const drawn = present.map((k) => Date.parse(obj[group.keys[k]] as string));
  for (const start of [drawn[0], drawn[drawn.length - 1] - total, Math.min(...drawn)]) {
    const values: string[] = [];
    let t = start;
    for (let i = 0; i < present.length; i++) {
      if (i > 0) t += gaps[i - 1];
      const value = format(t);
      if (!fitsNode(nodeFor(group.keys[present[i]]), value)) break;
      values.push(value);
    }
    if (values.length < present.length) continue;
    values.forEach((v, i) => { obj[group.keys[present[i]]] = v; });
    return true;
  }
  return false;
}

/** Puts the dates of one life-cycle group in stage order: at usual lags where the cycle has them, else a sort of the drawn values. */
function orderDates(group: LifeCycleGroup, nodeFor: (k: string) => Node): (obj: Record<string, unknown>, ctx: GenContext) => void {
  return (obj, ctx) => {
    const present = group.keys.filter((k) => dateShape(obj[k]) !== undefined);
    if (present.length < 2) return;
    const shape = dateShape(obj[present[0]])!;
    if (present.some((k) => dateShape(obj[k]) !== shape)) return; // dates and date-times are not swapped
    if (group.lags && applyLags(group, present.map((k) => group.keys.indexOf(k)), obj, shape, ctx, nodeFor)) return;
    const values = present.map((k) => obj[k] as string);
    const sorted = [...values].sort();
    if (sorted.every((v, i) => v === values[i])) return;
    const fits = present.every((k, i) => fitsNode(nodeFor(k), sorted[i]));
    if (fits) present.forEach((k, i) => { obj[k] = sorted[i]; });
  };
}

const LINE_ARRAYS = ["items", "lineitems", "lines", "orderitems", "products", "cart", "cartitems", "orderlines", "invoicelines", "basket"];
const LINE_TOTALS = ["linetotal", "total", "amount", "subtotal", "lineamount", "totalprice", "extendedprice", "lineprice"];
const UNIT_PRICES = ["unitprice", "price", "priceperunit", "unitcost", "itemprice"];
const QUANTITIES = ["quantity", "qty", "count", "units"];
const SUBTOTALS = ["subtotal", "itemstotal", "itemtotal", "nettotal", "netamount", "merchandisetotal"];
const ORDER_TOTALS = ["total", "totalamount", "ordertotal", "grandtotal", "amount", "totalprice", "invoicetotal", "amountdue", "totaldue"];
const SHIPPING = ["shipping", "shippingcost", "shippingfee", "shippingamount", "delivery", "deliveryfee", "deliverycost", "freight", "postage"];
const TAXES = ["tax", "taxamount", "salestax", "vat", "vatamount", "taxes", "gst"];
const DISCOUNTS = ["discount", "discountamount", "discounttotal", "promotion", "promodiscount"];

/** Typical sales tax / VAT rates by locale (the US has no single rate: common state and local ones). */
const TAX_RATES: Record<string, number[]> = {
  en: [0.04, 0.0575, 0.06, 0.0625, 0.07, 0.0725, 0.08, 0.0825, 0.0875, 0.095],
  en_GB: [0.2], de: [0.19, 0.07], fr: [0.2, 0.1, 0.055], es: [0.21, 0.1], it: [0.22], nl: [0.21],
};

const cents = (x: number) => Math.round(x * 100) / 100;

/** First property of `line` named one of `names` (normalised) that holds a number. */
function numberKey(byNorm: Map<string, string>, obj: Record<string, unknown>, names: string[], not?: string): string | undefined {
  for (const n of names) {
    const k = byNorm.get(n);
    if (k !== undefined && k !== not && typeof obj[k] === "number") return k;
  }
  return undefined;
}

/** Line total = unit price x quantity, in an object that has all three. */
function planLineTotal(keys: string[], nodeFor: (k: string) => Node): ((obj: Record<string, unknown>) => void) | undefined {
  const byNorm = new Map(keys.map((k) => [normaliseName(k), k]));
  const up = UNIT_PRICES.map((n) => byNorm.get(n)).find(Boolean);
  const q = QUANTITIES.map((n) => byNorm.get(n)).find(Boolean);
  const lt = LINE_TOTALS.map((n) => byNorm.get(n)).find((k) => k !== undefined && k !== up);
  if (!up || !q || !lt) return undefined;
  return (obj) => {
    const price = obj[up], qty = obj[q];
    if (typeof price !== "number" || typeof qty !== "number" || typeof obj[lt] !== "number") return;
    const value = cents(price * qty);
    if (nodeFor(lt).accepts(value)) obj[lt] = value;
  };
}

/** Subtotal from the line items, tax at a plausible rate, total = subtotal + shipping + tax - discount. */
function planOrderTotals(keys: string[], nodeFor: (k: string) => Node): ((obj: Record<string, unknown>, ctx: GenContext) => void) | undefined {
  const byNorm = new Map(keys.map((k) => [normaliseName(k), k]));
  const arrayKey = LINE_ARRAYS.map((n) => byNorm.get(n)).find(Boolean);
  if (!arrayKey) return undefined;
  const subtotalKey = SUBTOTALS.map((n) => byNorm.get(n)).find(Boolean);
  const totalKey = ORDER_TOTALS.map((n) => byNorm.get(n)).find((k) => k !== undefined && k !== arrayKey && k !== subtotalKey);
  if (!subtotalKey && !totalKey) return undefined;
  const shippingKey = SHIPPING.map((n) => byNorm.get(n)).find(Boolean);
  const taxKey = TAXES.map((n) => byNorm.get(n)).find(Boolean);
  const discountKey = DISCOUNTS.map((n) => byNorm.get(n)).find(Boolean);
  const lineKeys = new Map<string, Map<string, string>>();
  const normalisedKeys = (line: Record<string, unknown>): Map<string, string> => {
    const sig = Object.keys(line).join("\u0000");
    let m = lineKeys.get(sig);
    if (!m) lineKeys.set(sig, (m = new Map(Object.keys(line).map((k) => [normaliseName(k), k]))));
    return m;
  };
  return (obj, ctx) => {
    const lines = obj[arrayKey];
    if (!Array.isArray(lines)) return;
    let sum = 0;
    for (const line of lines) {
      if (!isObject(line)) return;
      const ln = normalisedKeys(line);
      const up = numberKey(ln, line, UNIT_PRICES);
      const q = numberKey(ln, line, QUANTITIES);
      const lt = numberKey(ln, line, LINE_TOTALS, up);
      if (up && q) sum += (line[up] as number) * (line[q] as number);
      else if (lt) sum += line[lt] as number;
      else return;
    }
    const subtotal = cents(sum);
    if (subtotalKey && typeof obj[subtotalKey] === "number" && nodeFor(subtotalKey).accepts(subtotal)) obj[subtotalKey] = subtotal;
    if (taxKey && typeof obj[taxKey] === "number") {
      const rates = TAX_RATES[ctx.locale.code] ?? TAX_RATES[ctx.locale.code.split("_")[0]] ?? TAX_RATES.en;
      const tax = cents(subtotal * ctx.rng.pick(rates));
      if (nodeFor(taxKey).accepts(tax)) obj[taxKey] = tax;
    }
    if (discountKey && typeof obj[discountKey] === "number" && (obj[discountKey] as number) > subtotal) {
      // A discount larger than the goods it applies to is not one: none at all then.
      if (nodeFor(discountKey).accepts(0)) obj[discountKey] = 0;
    }
    if (!totalKey || typeof obj[totalKey] !== "number") return;
    const part = (k: string | undefined) => (k && typeof obj[k] === "number" ? (obj[k] as number) : 0);
    const total = cents(subtotal + part(shippingKey) + part(taxKey) - part(discountKey));
    if (nodeFor(totalKey).accepts(total)) obj[totalKey] = total;
  };
}

/** The last life-cycle stage a status value says was reached (order and ticket cycles), by status value. */
const STAGE_REACHED: Record<string, number> = {
  pending: 0, placed: 0, new: 0, created: 0, processing: 0, awaiting_payment: 0, cancelled: 0, canceled: 0, open: 0, queued: 0, draft: 0,
  paid: 1, authorized: 1, confirmed: 1, assigned: 1, acknowledged: 1, in_progress: 1,
  shipped: 2, dispatched: 2, in_transit: 2, resolved: 2,
  delivered: 3, completed: 3, fulfilled: 3, closed: 3,
  returned: 4, refunded: 4,
};
const STATUS_KEYS = ["status", "orderstatus", "state", "ticketstatus", "fulfillmentstatus", "shipmentstatus"];

/**
 * Dates of stages a row's status has not reached are left out (optional fields) or null (nullable
 * ones): a pending order has no delivery date, an open ticket no resolution date.
 */
function planStatusDates(keys: string[], groups: LifeCycleGroup[], nodeFor: (k: string) => Node, canDrop: (k: string, obj: Record<string, unknown>) => boolean): ((obj: Record<string, unknown>) => void) | undefined {
  const byNorm = new Map(keys.map((k) => [normaliseName(k), k]));
  const statusKey = STATUS_KEYS.map((n) => byNorm.get(n)).find(Boolean);
  if (!statusKey) return undefined;
  // The order cycle (ordered ... returned) and the ticket cycle (opened ... closed) are the ones statuses describe.
  const staged = groups.filter((g) => g.cycle === 2 || g.cycle === 7 || g.cycle === RECORD_CYCLE);
  if (!staged.length) return undefined;
  return (obj) => {
    const status = obj[statusKey];
    if (typeof status !== "string") return;
    const reached = STAGE_REACHED[status.toLowerCase().replace(/[-\s]+/g, "_")];
    if (reached === undefined) return;
    for (const g of staged) {
      // Ticket stages: opened 0, assigned 1, resolved 2, closed 3 (statuses use the same numbers).
      g.keys.forEach((k, i) => {
        if (g.ranks[i] <= reached || !(k in obj) || (g.cycle === RECORD_CYCLE && g.ranks[i] >= RECORD_UNSTAGED)) return;
        if (canDrop(k, obj)) delete obj[k];
        // Null only where the field's own type list allows it (a node that accepts anything, e.g. a
        // choice of branches, does not tell).
        else if (nodeFor(k).accepts(null) && !nodeFor(k).accepts(0)) obj[k] = null;
      });
    }
  };
}

/** ISO 4217 currencies without minor units: their amounts are whole numbers. */
const ZERO_DECIMAL_CURRENCIES = new Set(["JPY", "KRW", "CLP", "ISK", "VND", "PYG", "UGX", "XAF", "XOF", "HUF"]);
const MONEY_WORDS = /(amount|price|balance|total|subtotal|cost|fee|payment|value|tax|shipping|discount|revenue|salary)$/;

/** Money of a row in a zero-decimal currency (JPY, KRW, ...) is rounded to whole units, where the fields allow. */
function planWholeUnits(keys: string[], nodeFor: (k: string) => Node): ((obj: Record<string, unknown>) => void) | undefined {
  const byNorm = new Map(keys.map((k) => [normaliseName(k), k]));
  const currencyKey = ["currency", "currencycode"].map((n) => byNorm.get(n)).find(Boolean);
  const money = keys.filter((k) => MONEY_WORDS.test(normaliseName(k)));
  if (!currencyKey || money.length === 0) return undefined;
  return (obj) => {
    const currency = obj[currencyKey];
    if (typeof currency !== "string" || !ZERO_DECIMAL_CURRENCIES.has(currency)) return;
    for (const k of money) {
      const v = obj[k];
      if (typeof v !== "number" || Number.isInteger(v)) continue;
      const whole = Math.round(v);
      if (nodeFor(k).accepts(whole)) obj[k] = whole;
    }
  };
}

const LOG_MESSAGES: Record<"info" | "warn" | "error", string[]> = {
  info: [
    "User {n} logged in", "Order {n} created", "Request completed in {ms} ms", "Cache hit for key {res}:{n}",
    "Scheduled job {job} started", "Scheduled job {job} finished in {ms} ms", "Payment {n} authorised",
    "Session {hex} refreshed", "Loaded {n} records from {res}", "Health check passed", "Sent notification {n} to user {n}",
  ],
  warn: [
    "Slow query on {res} took {ms} ms", "Retrying request to {host} (attempt {k} of 3)", "Cache miss for key {res}:{n}",
    "Rate limit approaching for client {ip}", "Deprecated endpoint /api/v1/{res} called", "Disk usage at {pct}% on {host}",
    "Validation failed for {res} {n}: missing field",
  ],
  error: [
    "Failed to process job {job}: timeout after {ms} ms", "Payment {n} declined by issuer", "Connection to {host} refused",
    "Unhandled exception in {res} handler", "Deadlock on {res}, transaction rolled back", "Upstream {host} returned 503",
    "Could not write {res} {n}: disk full",
  ],
};
const LOG_JOBS = ["nightly-export", "invoice-run", "cleanup", "reindex", "email-digest", "sync-inventory"];
const LOG_RESOURCES = ["orders", "users", "payments", "sessions", "invoices", "products", "carts"];
const LEVEL_KEYS = ["level", "loglevel", "severity", "logseverity"];
const STATUS_CODE_KEYS = ["statuscode", "httpstatus", "status", "responsecode", "httpstatuscode"];

function severityOf(level: unknown, statusCode: unknown): "info" | "warn" | "error" {
  if (typeof level === "string") {
    const l = level.toLowerCase();
    if (/^(err|error|fatal|crit|critical|alert|emerg|emergency|severe)/.test(l)) return "error";
    if (/^(warn|warning)/.test(l)) return "warn";
    return "info";
  }
  if (typeof statusCode === "number") return statusCode >= 500 ? "error" : statusCode >= 400 ? "warn" : "info";
  return "info";
}

/** A log event's message reads like one, and like its level (errors say what failed), in objects with a level or HTTP status. */
function planLogMessage(keys: string[], nodeFor: (k: string) => Node): ((obj: Record<string, unknown>, ctx: GenContext) => void) | undefined {
  const byNorm = new Map(keys.map((k) => [normaliseName(k), k]));
  const messageKey = ["message", "msg", "logmessage", "logline"].map((n) => byNorm.get(n)).find(Boolean);
  const levelKey = LEVEL_KEYS.map((n) => byNorm.get(n)).find(Boolean);
  const codeKey = STATUS_CODE_KEYS.map((n) => byNorm.get(n)).find(Boolean);
  if (!messageKey || (!levelKey && !codeKey)) return undefined;
  return (obj, ctx) => {
    if (typeof obj[messageKey] !== "string") return;
    // Without a level, only an HTTP status code (a number) marks the object as a log event ("status": "sent" does not).
    if (!levelKey && typeof obj[codeKey!] !== "number") return;
    const rng = ctx.rng;
    const template = rng.pick(LOG_MESSAGES[severityOf(levelKey && obj[levelKey], codeKey && obj[codeKey])]);
    const message = template.replace(/\{(\w+)\}/g, (_m, slot: string) => {
      switch (slot) {
        case "n": return String(rng.int(1000, 99999));
        case "ms": return String(Math.round(5 + 3000 * rng.float() ** 3));
        case "job": return rng.pick(LOG_JOBS);
        case "res": return rng.pick(LOG_RESOURCES);
        case "host": return `${rng.pick(["db", "api", "cache", "queue", "auth"])}-${String(rng.int(1, 12)).padStart(2, "0")}.example.com`;
        case "ip": return ctx.compliance ? `192.0.2.${rng.int(1, 254)}` : `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
        case "k": return String(rng.int(1, 3));
        case "pct": return String(rng.int(80, 97));
        default: return (rng.next() >>> 0).toString(16).padStart(8, "0");
      }
    });
    if (nodeFor(messageKey).accepts(message)) obj[messageKey] = message;
  };
}

// ---- counts, bounds and jobs ----------------------------------------------------------------------------

/** The list a count field counts: item_count, num_items, number_of_items, items_count, total_comments -> the sibling array. */
function countedList(key: string, arrays: string[]): string | undefined {
  const n = normaliseName(key);
  const m = /^(?:num|number(?:of)?|total|count(?:of)?)([a-z0-9]+)$/.exec(n) ?? /^([a-z0-9]+?)(?:count|total)$/.exec(n);
  if (!m || !/count|^num|^number/.test(n) && !/^total/.test(n)) return undefined;
  const stem = m[1];
  return arrays.find((a) => {
    const an = normaliseName(a);
    return an === stem || an === `${stem}s` || an === `${stem}es` || an === stem.replace(/y$/, "ies") || (/^(item|line)s?$/.test(stem) && /(items|lines)$/.test(an));
  });
}

/** Counts that match the lists they count (a count the list's own schema cannot meet is left as drawn). */
function planCounts(keys: string[], nodeFor: (k: string) => Node): ((obj: Record<string, unknown>) => void) | undefined {
  const pairs: Array<[string, string]> = [];
  for (const k of keys) {
    const list = countedList(k, keys.filter((a) => a !== k));
    if (list) pairs.push([k, list]);
  }
  if (!pairs.length) return undefined;
  return (obj) => {
    for (const [countKey, listKey] of pairs) {
      const list = obj[listKey];
      if (!Array.isArray(list) || typeof obj[countKey] !== "number") continue;
      if (nodeFor(countKey).accepts(list.length)) obj[countKey] = list.length;
    }
  };
}

const BOUND_WORDS: Array<[string, string]> = [["min", "max"], ["minimum", "maximum"], ["low", "high"], ["lower", "upper"], ["floor", "ceiling"]];

/** Numeric fields that bound each other (min_x/max_x, x_low/x_high, reference_low/reference_high). */
function boundPairs(keys: string[]): Array<[string, string]> {
  const has = new Set(keys), pairs: Array<[string, string]> = [];
  for (const k of keys) for (const [lo, hi] of BOUND_WORDS) {
    for (const [a, b] of [[`${lo}_`, `${hi}_`], [`_${lo}`, `_${hi}`], [lo, hi.charAt(0).toUpperCase() + hi.slice(1)]]) {
      const other = k.startsWith(a) && !a.startsWith("_") ? b + k.slice(a.length) : k.endsWith(a) ? k.slice(0, -a.length) + b : undefined;
      if (other && other !== k && has.has(other)) pairs.push([k, other]);
    }
    const cap = lo.charAt(0).toUpperCase() + lo.slice(1);
    if (k.endsWith(cap) && has.has(k.slice(0, -cap.length) + hi.charAt(0).toUpperCase() + hi.slice(1))) pairs.push([k, k.slice(0, -cap.length) + hi.charAt(0).toUpperCase() + hi.slice(1)]);
  }
  return pairs;
}

/** A lower bound above its upper bound is swapped (when both values still fit their fields). */
function planBounds(keys: string[], nodeFor: (k: string) => Node): ((obj: Record<string, unknown>) => void) | undefined {
  const pairs = boundPairs(keys);
  if (!pairs.length) return undefined;
  return (obj) => {
    for (const [lo, hi] of pairs) {
      const a = obj[lo], b = obj[hi];
      if (typeof a !== "number" || typeof b !== "number" || a <= b) continue;
      if (nodeFor(lo).accepts(b) && nodeFor(hi).accepts(a)) { obj[lo] = b; obj[hi] = a; }
    }
  };
}

/**
 * Parts that cannot exceed their whole (normalised names): a sale price and its price, spend and budget,
 * a funnel's clicks and impressions and its conversions and clicks, a refund and its payment, what was
 * paid and the total, stock reserved and stock on hand.
 */
const PART_OF: Array<[string[], string[]]> = [
  [["saleprice", "discountedprice", "discountprice", "offerprice", "specialprice"], ["price", "listprice", "regularprice", "originalprice", "msrp"]],
  [["spend", "spent", "amountspent", "actualspend", "cost"], ["budget", "totalbudget", "budgetamount"]],
  [["clicks", "clickcount"], ["impressions", "views", "impressioncount"]],
  [["conversions", "conversioncount", "signups", "purchases"], ["clicks", "clickcount", "visits", "sessions"]],
  [["opens", "uniqueopens"], ["sent", "delivered", "recipients"]],
  [["refundedamount", "amountrefunded", "refundamount", "refunded"], ["amount", "capturedamount", "total", "amountcaptured"]],
  [["amountpaid", "paidamount", "paid"], ["total", "amountdue", "totalamount", "invoicetotal"]],
  [["reserved", "reservedquantity", "allocated"], ["stockquantity", "onhand", "quantityonhand", "stock", "inventory"]],
];
/** Rates computed from their parts: a click-through or conversion rate (a percentage when the name or bounds say so). */
const RATES: Array<[string[], string, string]> = [
  [["clickthroughrate", "clickthroughratepercent", "ctr", "ctrpercent"], "clicks", "impressions"],
  [["conversionrate", "conversionratepercent"], "conversions", "clicks"],
  [["openrate", "openratepercent"], "opens", "sent"],
];

/** Parts kept within their whole (redrawn as a share of it), and rates computed from the counts they rate. */
function planParts(keys: string[], nodeFor: (k: string) => Node): ((obj: Record<string, unknown>, ctx: GenContext) => void) | undefined {
  const byNorm = new Map(keys.map((k) => [normaliseName(k), k]));
  const find = (names: string[]) => names.map((n) => byNorm.get(n)).find(Boolean);
  const pairs: Array<[string, string]> = [];
  for (const [parts, wholes] of PART_OF) {
    const part = find(parts), whole = find(wholes);
    if (part && whole && part !== whole) pairs.push([part, whole]);
  }
  const rates: Array<[string, string, string, boolean]> = [];
  for (const [names, partName, wholeName] of RATES) {
    const rate = find(names), part = byNorm.get(partName), whole = byNorm.get(wholeName);
    if (rate && part && whole) {
      const [, hi] = nodeFor(rate).bounds ?? [];
      rates.push([rate, part, whole, /percent|pct/.test(normaliseName(rate)) || (hi !== undefined && hi > 1)]);
    }
  }
  if (!pairs.length && !rates.length) return undefined;
  // Funnels run top down (clicks within impressions before conversions within clicks).
  return (obj, ctx) => {
    for (const [part, whole] of pairs) {
      const p = obj[part], w = obj[whole];
      if (typeof p !== "number" || typeof w !== "number" || p <= w) continue;
      const integer = Number.isInteger(p) && Number.isInteger(w);
      const share = integer ? Math.floor(w * ctx.rng.float() ** 2) : Math.round(w * (0.3 + 0.7 * ctx.rng.float()) * 100) / 100;
      if (nodeFor(part).accepts(share)) obj[part] = share;
    }
    for (const [rate, part, whole, percent] of rates) {
      const p = obj[part], w = obj[whole];
      if (typeof p !== "number" || typeof w !== "number" || w <= 0) continue;
      const value = Math.round((p / w) * (percent ? 100 : 1) * 10_000) / 10_000;
      if (nodeFor(rate).accepts(value)) obj[rate] = value;
    }
  };
}

const TITLE_KEYS = ["jobtitle", "title", "position", "role", "designation"];
const LEVEL_KEYS_HR = ["level", "seniority", "joblevel", "grade", "careerlevel", "senioritylevel"];
const DEPARTMENT_KEYS = ["department", "dept", "team", "division", "function"];
const EMPLOYMENT_KEYS = ["employmenttype", "contracttype", "employmentstatus", "worktype"];

/**
 * A job's title, level and salary drawn together: an intern's level is the intern one, the title names
 * the department and the level ("Senior Data Engineer", "Director of Sales"), the salary is in the level's
 * band (half of it part-time). Each value is kept only where its field accepts it.
 */
function planJob(keys: string[], nodeFor: (k: string) => Node): ((obj: Record<string, unknown>, ctx: GenContext) => void) | undefined {
  const byNorm = new Map(keys.map((k) => [normaliseName(k), k]));
  const find = (names: string[]) => names.map((n) => byNorm.get(n)).find(Boolean);
  const titleKey = find(TITLE_KEYS), levelKey = find(LEVEL_KEYS_HR), departmentKey = find(DEPARTMENT_KEYS);
  const employmentKey = find(EMPLOYMENT_KEYS), salaryKey = find(["salary", "annualsalary", "basesalary", "basepay", "compensation", "annualcompensation"]);
  if (!titleKey || !(levelKey || departmentKey) || !(salaryKey || levelKey)) return undefined;
  const intern = levelKey ? ["Intern", "intern", "INTERN", "Trainee", "trainee"].find((l) => nodeFor(levelKey).accepts(l)) : undefined;
  return (obj, ctx) => {
    const employment = employmentKey ? String(obj[employmentKey] ?? "").toLowerCase() : "";
    if (levelKey && intern !== undefined && /intern|trainee/.test(employment)) obj[levelKey] = intern;
    const rank = levelKey && typeof obj[levelKey] === "string" ? levelRank(obj[levelKey] as string) : 2;
    if (rank === undefined) return;
    const department = departmentKey && typeof obj[departmentKey] === "string" ? obj[departmentKey] as string : undefined;
    const title = jobTitleFor(ctx, department, rank);
    if (typeof obj[titleKey] === "string" && nodeFor(titleKey).accepts(title)) obj[titleKey] = title;
    if (salaryKey && typeof obj[salaryKey] === "number") {
      // Within the field's own bounds (a band below its minimum is raised to it).
      const [lo, hi] = nodeFor(salaryKey).bounds ?? [];
      const salary = Math.min(hi ?? Infinity, Math.max(lo ?? -Infinity, salaryFor(ctx, rank, /part/.test(employment))));
      if (nodeFor(salaryKey).accepts(salary)) obj[salaryKey] = salary;
    }
  };
}

/** Post-processing that makes one object's fields agree (dates in life-cycle order, order arithmetic, status and dates). */
export function planCoherence(keys: string[], nodeFor: (k: string) => Node, canDrop: (k: string, obj: Record<string, unknown>) => boolean = () => false): ((obj: Record<string, unknown>, ctx: GenContext) => void) | undefined {
  const steps: Array<(obj: Record<string, unknown>, ctx: GenContext) => void> = [];
  const groups = lifeCycleStages(keys);
  for (const group of groups) steps.push(orderDates(group, nodeFor));
  const statusDates = planStatusDates(keys, groups, nodeFor, canDrop);
  if (statusDates) steps.push(statusDates);
  // Whole units first, so totals computed below add up the rounded amounts.
  const wholeUnits = planWholeUnits(keys, nodeFor);
  if (wholeUnits) steps.push(wholeUnits);
  const lineTotal = planLineTotal(keys, nodeFor);
  if (lineTotal) steps.push(lineTotal);
  const logMessage = planLogMessage(keys, nodeFor);
  if (logMessage) steps.push(logMessage);
  const counts = planCounts(keys, nodeFor);
  if (counts) steps.push(counts);
  const bounds = planBounds(keys, nodeFor);
  if (bounds) steps.push(bounds);
  const job = planJob(keys, nodeFor);
  if (job) steps.push(job);
  const orderTotals = planOrderTotals(keys, nodeFor);
  if (orderTotals) steps.push(orderTotals);
  // After the totals: a payment or refund is held within the total computed above.
  const parts = planParts(keys, nodeFor);
  if (parts) steps.push(parts);
  if (steps.length === 0) return undefined;
  return (obj, ctx) => { for (const s of steps) s(obj, ctx); };
}
