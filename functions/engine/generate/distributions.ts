// Distributions that look like real systems' data: money and durations right-skewed (log-normal),
// quantities mostly 1, vital signs around their normal values, star ratings J-shaped, rare flags rare,
// and categorical values weighted by how often real systems see them (INFO logs, HTTP 200s, GETs,
// active accounts, delivered orders). Each is chosen once at compile time; every value stays inside
// the field's bounds (out-of-range draws are redrawn, then clamped).
import type { GenContext } from "./context";

type Draw = (ctx: GenContext) => number;

/**
 * Rounding to a multiple of `step` (cents for money) without float noise such as 0.30000000000000004.
 * Decimal steps (1, 0.1, 0.01, ...) take a multiply-round-divide; other steps format once per value.
 */
export function stepRounder(step: number): (value: number) => number {
  if (step <= 0) return (v) => v;
  const exponent = Math.round(Math.log10(step));
  if (exponent <= 0 && Math.abs(step - 10 ** exponent) < 1e-15) {
    const scale = 10 ** -exponent;
    return (v) => Math.round(v * scale) / scale;
  }
  const places = Math.min(12, Math.max(0, -Math.floor(Math.log10(step)) + 1));
  return (v) => Number((Math.round(v / step) * step).toFixed(places));
}

/**
 * A right-skewed (log-normal) draw in [lo, hi]: the median sits 60% of the way up the logarithmic range,
 * so [0.01, 5000] has its median near 50 and a long tail of large values, as payments, prices and
 * latencies do. Ranges that start below zero or span less than a factor of 20 stay uniform.
 */
export function skewedBetween(lo: number, hi: number, step: number): Draw | undefined {
  if (!(hi > lo) || lo < 0) return undefined;
  const floor = Math.max(lo, hi / 1e5, step || 0.01);
  if (hi / floor < 20) return undefined;
  const a = Math.log(floor), b = Math.log(hi);
  const mu = a + 0.6 * (b - a), sigma = (b - a) / 6;
  const round = stepRounder(step);
  return (ctx) => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const v = round(Math.exp(mu + sigma * ctx.rng.normal()));
      if (v >= lo && v <= hi) return v;
    }
    return round(lo + (hi - lo) * ctx.rng.float() ** 3);
  };
}

/** Prices end in .99, .95, .49 or .00 more often than not ("charm" prices), within [lo, hi]. */
export function charmPrice(value: number, lo: number, hi: number, ctx: GenContext): number {
  if (value < 2) return value;
  const u = ctx.rng.float();
  const whole = Math.floor(value);
  const charmed = u < 0.4 ? whole + 0.99 : u < 0.5 ? whole + 0.95 : u < 0.6 ? whole + 0.49 : u < 0.75 ? whole : value;
  const v = Math.round(charmed * 100) / 100;
  return v >= lo && v <= hi ? v : value;
}

/** Quantities: mostly 1, then 2, geometrically fewer after (real baskets), within [lo, hi]. */
export function quantityBetween(lo: number, hi: number): Draw {
  const first = Math.ceil(lo), last = Math.floor(hi);
  return (ctx) => {
    const extra = Math.floor(Math.log(1 - ctx.rng.float()) / Math.log(0.4));
    return Math.min(last, first + extra);
  };
}

/** A normal draw around a physiological mean, inside [lo, hi] (rounded to `step`, or one decimal). */
function normalBetween(mean: number, sd: number, lo: number, hi: number, step: number): Draw | undefined {
  if (mean < lo || mean > hi) return undefined;
  const round = stepRounder(step || 0.1);
  return (ctx) => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const v = round(mean + sd * ctx.rng.normal());
      if (v >= lo && v <= hi) return v;
    }
    return round(mean);
  };
}

/** Vital signs and body measures by field name: [name words, mean, standard deviation]. */
const MEASURES: Array<[RegExp, number, number]> = [
  [/(heartrate|pulse|bpm|pulserate)$/, 76, 12],
  [/(systolic|systolicbp|sbp)$/, 122, 16],
  [/(diastolic|diastolicbp|dbp)$/, 79, 10],
  [/(respiratoryrate|resprate|breathingrate)$/, 16, 3],
  [/(spo2|oxygensaturation|o2sat|saturation)$/, 97.5, 1.5],
  [/(temperature|bodytemperature|bodytemp|tempc|temperaturec)$/, 36.8, 0.45],
  [/(weight|weightkg|bodyweight)$/, 78, 17],
  [/(height|heightcm)$/, 170, 10],
  [/bmi$/, 27, 5],
  [/(glucose|bloodglucose|bloodsugar)$/, 100, 22],
  [/(cholesterol|totalcholesterol)$/, 195, 35],
];

/** A draw for a numeric field named for a body measure, when its bounds contain the normal value. */
export function measureBetween(normalisedName: string, lo: number | undefined, hi: number | undefined, step: number): Draw | undefined {
  for (const [re, mean, sd] of MEASURES) {
    if (re.test(normalisedName)) return normalBetween(mean, sd, lo ?? mean - 6 * sd, hi ?? mean + 6 * sd, step);
  }
  return undefined;
}

/** Star ratings on a 1-5 scale are J-shaped: many fives, some ones, few in between. */
export function starRating(ctx: GenContext): number {
  const u = ctx.rng.float();
  return u < 0.45 ? 5 : u < 0.7 ? 4 : u < 0.82 ? 3 : u < 0.89 ? 2 : 1;
}

/** Durations, latencies and sizes: right-skewed like money. */
export const SKEWED_MEASURES = /(latency|latencyms|duration|durationms|durationseconds|responsetime|responsetimems|elapsed|elapsedms|processingtime|bytes|bytessent|bytesreceived|size|sizebytes|filesize|payloadsize|contentlength|pageviews|views|downloads|followers)$/;

/** Share of `true` for boolean fields whose name says how common they are (fraud labels are rare). */
export function trueShare(normalisedName: string): number {
  if (/(fraud|fraudulent|flagged|suspicious|anomaly|chargeback|deleted|banned|blocked|test|error|failed|bounced|spam|churned|defaulted|overdue|refunded|returned|cancelled|canceled|disputed)$/.test(normalisedName)) return 0.03;
  if (/(active|enabled|verified|emailverified|valid|available|instock|success|succeeded|successful|delivered|paid|consent|optin|confirmed)$/.test(normalisedName)) return 0.85;
  return 0.5;
}

/** How often real systems see common categorical values (relative weights; case and separators ignored). */
const VALUE_WEIGHTS: Record<string, number> = {
  // log levels
  trace: 3, debug: 15, info: 60, information: 60, notice: 5, warn: 12, warning: 12, error: 6, err: 6, fatal: 0.5, critical: 0.7, crit: 0.7, alert: 0.3,
  // HTTP methods and status codes
  get: 65, post: 22, put: 5, patch: 4, delete: 3, head: 0.5, options: 0.5,
  "200": 70, "201": 6, "202": 1, "204": 4, "301": 1.5, "302": 2, "304": 3, "400": 3, "401": 2, "403": 1, "404": 4, "405": 0.3,
  "409": 0.5, "422": 0.8, "429": 0.5, "500": 1, "502": 0.5, "503": 0.6, "504": 0.3,
  // life-cycle states
  active: 70, inactive: 12, pending: 8, suspended: 3, closed: 8, cancelled: 4, canceled: 4, delivered: 45, shipped: 15, placed: 10,
  paid: 12, processing: 6, returned: 3, refunded: 2, failed: 3, completed: 60, complete: 60, succeeded: 80, success: 80,
  approved: 60, declined: 8, rejected: 5, open: 30, resolved: 40, in_progress: 15, draft: 5, archived: 5, deleted: 2,
  expired: 5, new: 10, on_hold: 3, fraud: 0.5, chargeback: 0.5, blocked: 1, frozen: 1, dormant: 5, verified: 50,
  unverified: 15, trial: 10, churned: 8, disputed: 1, authorized: 10, settled: 50, reversed: 1,
  // plans, tiers, priorities
  free: 60, basic: 20, standard: 20, pro: 12, premium: 8, enterprise: 3, none: 50, bronze: 25, silver: 15, gold: 8, platinum: 3,
  diamond: 1, low: 35, medium: 40, normal: 40, high: 20, urgent: 4, minor: 40, major: 15, blocker: 2,
  // money movement and payments
  debit: 70, credit: 30, card: 55, credit_card: 45, debit_card: 25, paypal: 15, bank_transfer: 8, transfer: 15, cash: 10,
  apple_pay: 6, google_pay: 4, direct_debit: 12, atm: 6, crypto: 0.5,
  // care settings, environments
  outpatient: 70, inpatient: 10, emergency: 12, telehealth: 8, production: 60, staging: 20, development: 20,
};

function valueKey(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isInteger(v)) return String(v);
  if (typeof v !== "string") return undefined;
  return v.toLowerCase().replace(/[-\s]+/g, "_");
}

/**
 * Cumulative shares for enum values that real systems see at known rates, when at least two of the
 * values are known (unknown ones get the median known weight); undefined otherwise.
 */
export function knownValueCumulative(candidates: unknown[]): number[] | undefined {
  const weights = candidates.map((v) => {
    const k = valueKey(v);
    return k !== undefined && Object.prototype.hasOwnProperty.call(VALUE_WEIGHTS, k) ? VALUE_WEIGHTS[k] : undefined;
  });
  const known = weights.filter((w): w is number => w !== undefined).sort((a, b) => a - b);
  if (known.length < 2) return undefined;
  const median = known[Math.floor(known.length / 2)];
  const filled = weights.map((w) => w ?? median);
  const total = filled.reduce((a, b) => a + b, 0);
  let acc = 0;
  const out = filled.map((w) => (acc += w / total));
  out[out.length - 1] = 1;
  return out;
}

/** Major currencies by how often they appear in payments, after the locale's own. */
const MAJOR_CURRENCIES: Array<[string, number]> = [
  ["USD", 30], ["EUR", 25], ["GBP", 10], ["JPY", 6], ["CAD", 5], ["AUD", 5], ["CHF", 4], ["CNY", 4], ["INR", 3], ["SEK", 2], ["MXN", 2], ["BRL", 2],
];
const LOCALE_CURRENCY: Record<string, string> = { en: "USD", en_US: "USD", en_GB: "GBP", de: "EUR", fr: "EUR", es: "EUR", it: "EUR", nl: "EUR", ja: "JPY", en_CA: "CAD", en_AU: "AUD", de_CH: "CHF", sv: "SEK", pt_BR: "BRL", es_MX: "MXN" };

/** A currency code: the locale's own most of the time (70%), else a major currency by its share of payments. */
export function currencyCode(ctx: GenContext): string {
  const own = LOCALE_CURRENCY[ctx.locale.code];
  if (own && ctx.rng.chance(0.7)) return own;
  let x = ctx.rng.float() * 98;
  for (const [code, w] of MAJOR_CURRENCIES) if ((x -= w) < 0) return code;
  return "USD";
}

/** Activity by local hour (people sleep at night; traffic peaks late morning to evening). */
const HOUR_WEIGHTS = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 4, 5, 5.5, 5.8, 6, 5.8, 5.6, 5.5, 5.4, 5.2, 5, 4.8, 4.5, 3.8, 2.8, 1.8];
const HOUR_CUMULATIVE = (() => {
  const total = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
  let acc = 0;
  const out = HOUR_WEIGHTS.map((w) => (acc += w / total));
  out[23] = 1;
  return out;
})();
/** Hours the locale's clocks are ahead of UTC (standard time; the US by its central zone). */
const UTC_OFFSET_HOURS: Record<string, number> = { en: -6, en_US: -6, en_GB: 0, de: 1, fr: 1, es: 1, it: 1, nl: 1, ja: 9, en_AU: 10, en_CA: -5, pt_BR: -3, es_MX: -6 };

/** Seconds into a UTC day for an event: local hours weighted by when people are active, in the locale's time zone. */
export function diurnalSecond(ctx: GenContext): number {
  const x = ctx.rng.float();
  let hour = 0;
  while (HOUR_CUMULATIVE[hour] < x) hour++;
  const utcHour = (hour - (UTC_OFFSET_HOURS[ctx.locale.code] ?? 0) + 24) % 24;
  return utcHour * 3600 + ctx.rng.int(0, 3599);
}
