// Identifiers of public schemes, with their check digits where the scheme has them: ISBN-13, GTIN-13
// (EAN), VIN (ISO 3779, North American check digit), BIC (ISO 9362), CVE, GitHub advisory (GHSA) and CWE
// ids, IATA and ICAO airline and airport codes, card merchant category codes (ISO 18245). Each is a small
// seeded generator; the lists are of real, common codes so a reader recognises them.
import type { GenContext } from "./context";

const digit = (ctx: GenContext): string => String(ctx.rng.int(0, 9));
const digits = (ctx: GenContext, n: number): string => { let s = ""; for (let i = 0; i < n; i++) s += digit(ctx); return s; };

/** The GS1 check digit (weights 3 and 1 from the right) of a GTIN or ISBN-13 without it. */
export function gs1CheckDigit(body: string): string {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = 4 - w) sum += (body.charCodeAt(i) - 48) * w;
  return String((10 - (sum % 10)) % 10);
}

/** An ISBN-13, hyphenated as printed: 978-3-16-148410-0 (English- and German-language groups most often). */
export function isbn13(ctx: GenContext): string {
  const group = ctx.rng.pick(["0", "1", "3", "2", "84", "88"]);
  const publisher = digits(ctx, ctx.rng.int(2, 5));
  const title = digits(ctx, 9 - group.length - publisher.length);
  const body = `978${group}${publisher}${title}`;
  return `978-${group}-${publisher}-${title}-${gs1CheckDigit(body)}`;
}

/** GS1 company prefixes of a few countries (the first digits of an EAN-13 barcode). */
const GS1_PREFIXES = ["400", "401", "405", "419", "440", "500", "501", "300", "350", "370", "380", "840", "870", "871", "890", "750"];

/** A GTIN-13 (EAN-13) barcode number with its check digit. */
export function gtin13(ctx: GenContext): string {
  const body = ctx.rng.pick(GS1_PREFIXES) + digits(ctx, 9);
  return body + gs1CheckDigit(body);
}

/** World manufacturer identifiers of common makes, with the make (the first three characters of a VIN). */
export const VIN_MAKERS: ReadonlyArray<readonly [string, string]> = [
  ["WVW", "Volkswagen"], ["WBA", "BMW"], ["WDD", "Mercedes-Benz"], ["1HG", "Honda"], ["JHM", "Honda"], ["JTD", "Toyota"], ["5YJ", "Tesla"],
  ["VF1", "Renault"], ["ZFA", "Fiat"], ["SAL", "Land Rover"], ["YV1", "Volvo"], ["KMH", "Hyundai"], ["1FA", "Ford"], ["3VW", "Volkswagen"], ["TMB", "Skoda"],
];
const VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
const VIN_VALUE: Record<string, number> = Object.fromEntries([..."ABCDEFGHJKLMNPRSTUVWXYZ"].map((c, i) => [c, [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9][i]]));
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const VIN_YEARS = "LMNPRSTVWXY123456789ABCDEFGHJK"; // 2020 = L ... (the 30-year cycle of position 10)

/** A 17-character VIN with its check digit (position 9), model year code and serial. */
export function vin(ctx: GenContext): string {
  // The maker is the entity's: a make field of the same record names the same maker.
  const drawn = (ctx.entity.drawn ??= {});
  const make = (drawn.make ??= ctx.rng.pick(VIN_MAKERS)[1]) as string;
  const makers = VIN_MAKERS.filter((m) => m[1] === make);
  const chars = [...(makers.length ? ctx.rng.pick(makers) : ctx.rng.pick(VIN_MAKERS))[0]];
  for (let i = 3; i < 8; i++) chars.push(VIN_CHARS[ctx.rng.int(0, VIN_CHARS.length - 1)]);
  chars.push("0", VIN_YEARS[ctx.rng.int(0, 10)], VIN_CHARS[ctx.rng.int(0, 22)]);
  chars.push(digits(ctx, 6));
  const all = chars.join("").split("");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (/\d/.test(all[i]) ? Number(all[i]) : VIN_VALUE[all[i]]) * VIN_WEIGHTS[i];
  all[8] = sum % 11 === 10 ? "X" : String(sum % 11);
  return all.join("");
}

const BANKS = ["DEUT", "COBA", "BNPA", "SOGE", "INGB", "ABNA", "RABO", "BARC", "HSBC", "NWBK", "CHAS", "UBSW", "BBVA", "CAIX", "UNCR", "NDEA"];
const BIC_LOCATIONS = ["FF", "MM", "PP", "2A", "2L", "22", "XX", "B1"];

/** A BIC (SWIFT code): bank, country, location and, half the time, a branch ("DEUTDEFFXXX", "BNPAFRPP"). */
export function bic(ctx: GenContext): string {
  const country = ctx.locale.countryCode && /^[A-Z]{2}$/.test(ctx.locale.countryCode) ? ctx.locale.countryCode : ctx.rng.pick(["DE", "FR", "NL", "GB", "ES", "IT"]);
  const head = `${ctx.rng.pick(BANKS)}${country}${ctx.rng.pick(BIC_LOCATIONS)}`;
  return ctx.rng.chance(0.5) ? head : `${head}${ctx.rng.pick(["XXX", "100", "500", "HAM", "MUC"])}`;
}

/** A CVE id: CVE-2024-12345 (years the product's reference date could have seen). */
export function cveId(ctx: GenContext): string {
  return `CVE-${ctx.rng.int(2019, 2025)}-${ctx.rng.chance(0.7) ? ctx.rng.int(10000, 59999) : ctx.rng.int(1000, 9999)}`;
}

const GHSA_ALPHABET = "23456789cfghjmpqrvwx";
/** A GitHub security advisory id: GHSA-xxxx-xxxx-xxxx in GitHub's alphabet. */
export function ghsaId(ctx: GenContext): string {
  const part = () => { let s = ""; for (let i = 0; i < 4; i++) s += GHSA_ALPHABET[ctx.rng.int(0, 19)]; return s; };
  return `GHSA-${part()}-${part()}-${part()}`;
}

/** Weaknesses of the CWE Top 25, with their names. */
export const CWES: ReadonlyArray<readonly [number, string]> = [
  [79, "Cross-site Scripting"], [89, "SQL Injection"], [787, "Out-of-bounds Write"], [125, "Out-of-bounds Read"], [416, "Use After Free"], [20, "Improper Input Validation"],
  [22, "Path Traversal"], [352, "Cross-Site Request Forgery"], [78, "OS Command Injection"], [862, "Missing Authorization"], [434, "Unrestricted Upload of File with Dangerous Type"],
  [94, "Code Injection"], [200, "Exposure of Sensitive Information"], [400, "Uncontrolled Resource Consumption"], [918, "Server-Side Request Forgery"], [502, "Deserialization of Untrusted Data"],
];

/** Airlines: IATA code, ICAO code, name. */
export const AIRLINES: ReadonlyArray<readonly [string, string, string]> = [
  ["AA", "AAL", "American Airlines"], ["BA", "BAW", "British Airways"], ["LH", "DLH", "Lufthansa"], ["AF", "AFR", "Air France"], ["KL", "KLM", "KLM"],
  ["DL", "DAL", "Delta Air Lines"], ["UA", "UAL", "United Airlines"], ["EK", "UAE", "Emirates"], ["QR", "QTR", "Qatar Airways"], ["SQ", "SIA", "Singapore Airlines"],
  ["IB", "IBE", "Iberia"], ["LX", "SWR", "Swiss"], ["SK", "SAS", "SAS"], ["TK", "THY", "Turkish Airlines"], ["FR", "RYR", "Ryanair"], ["U2", "EZY", "easyJet"],
];
/** Airports: IATA code, ICAO code, city. */
export const AIRPORTS: ReadonlyArray<readonly [string, string, string]> = [
  ["JFK", "KJFK", "New York"], ["LHR", "EGLL", "London"], ["FRA", "EDDF", "Frankfurt"], ["CDG", "LFPG", "Paris"], ["AMS", "EHAM", "Amsterdam"], ["MAD", "LEMD", "Madrid"],
  ["FCO", "LIRF", "Rome"], ["ZRH", "LSZH", "Zurich"], ["DXB", "OMDB", "Dubai"], ["SIN", "WSSS", "Singapore"], ["HND", "RJTT", "Tokyo"], ["SFO", "KSFO", "San Francisco"],
  ["LAX", "KLAX", "Los Angeles"], ["ORD", "KORD", "Chicago"], ["ATL", "KATL", "Atlanta"], ["MUC", "EDDM", "Munich"], ["BCN", "LEBL", "Barcelona"], ["LIS", "LPPT", "Lisbon"],
  ["DUB", "EIDW", "Dublin"], ["CPH", "EKCH", "Copenhagen"], ["IST", "LTFM", "Istanbul"], ["DOH", "OTHH", "Doha"],
];
/** The entity's airline, once, so the IATA code, ICAO code, name and flight number agree. */
export function airlineOf(ctx: GenContext): readonly [string, string, string] {
  const drawn = (ctx.entity.drawn ??= {});
  return (drawn.airline ??= ctx.rng.pick(AIRLINES)) as readonly [string, string, string];
}
export const airlineIata = (ctx: GenContext): string => airlineOf(ctx)[0];
export const airlineIcao = (ctx: GenContext): string => airlineOf(ctx)[1];
export const airlineName = (ctx: GenContext): string => airlineOf(ctx)[2];
export const flightNumber = (ctx: GenContext): string => `${airlineOf(ctx)[0]}${ctx.rng.int(1, 9) * (ctx.rng.chance(0.5) ? 100 : 1) + ctx.rng.int(0, 99)}`;
/** An airport different from the entity's other one (origin and destination differ). */
export function airport(ctx: GenContext, index: 0 | 1): readonly [string, string, string] {
  const drawn = (ctx.entity.drawn ??= {});
  const key = `airport${1 - index}`;
  let own = drawn[`airport${index}`] as readonly [string, string, string] | undefined;
  if (!own) {
    do own = ctx.rng.pick(AIRPORTS); while (own === drawn[key]);
    drawn[`airport${index}`] = own;
  }
  return own;
}

/** Merchant category codes (ISO 18245) with the kind of merchant and a few names of such merchants. */
export const MERCHANT_CATEGORIES: ReadonlyArray<readonly [string, string, readonly string[]]> = [
  ["5411", "Grocery stores, supermarkets", ["FreshMart", "Green Basket Market", "Corner Grocer"]],
  ["5812", "Restaurants", ["Trattoria Roma", "The Golden Fork", "Blue Door Bistro"]],
  ["5814", "Fast food restaurants", ["Burger Barn", "Quick Wok", "Taco Town"]],
  ["5541", "Service stations", ["Fuel Stop", "Highway Gas", "City Petrol"]],
  ["5912", "Drug stores, pharmacies", ["Care Pharmacy", "Health Plus Drugs"]],
  ["5311", "Department stores", ["Grand Department Store", "Metro Mall"]],
  ["5732", "Electronics stores", ["Tech Hub", "Volt Electronics"]],
  ["5651", "Family clothing stores", ["Urban Threads", "Style Avenue"]],
  ["7011", "Hotels, motels, resorts", ["Harbour View Hotel", "City Inn"]],
  ["4121", "Taxicabs, limousines", ["Metro Cabs", "Yellow Line Taxi"]],
  ["4111", "Commuter transport", ["City Transit", "Regional Rail"]],
  ["5942", "Book stores", ["Chapter One Books", "Page Turner"]],
  ["5999", "Miscellaneous retail", ["Gift Corner", "Everyday Goods"]],
  ["7372", "Computer programming, data processing", ["CloudWorks", "DataForge"]],
  ["8011", "Doctors", ["Riverside Medical Practice", "Family Health Clinic"]],
];
/** The entity's merchant category, once, so the code, the name and the descriptor agree. */
export function merchantCategory(ctx: GenContext): readonly [string, string, readonly string[]] {
  const drawn = (ctx.entity.drawn ??= {});
  return (drawn.mcc ??= ctx.rng.pick(MERCHANT_CATEGORIES)) as readonly [string, string, readonly string[]];
}
export const mcc = (ctx: GenContext): string => merchantCategory(ctx)[0];
export function merchantName(ctx: GenContext): string {
  const drawn = (ctx.entity.drawn ??= {});
  return (drawn.merchant ??= ctx.rng.pick(merchantCategory(ctx)[2])) as string;
}
/** A card statement descriptor: the merchant's name in capitals, at most 22 characters. */
export const statementDescriptor = (ctx: GenContext): string => merchantName(ctx).toUpperCase().replace(/[^A-Z0-9 ]/g, "").slice(0, 22).trim();
