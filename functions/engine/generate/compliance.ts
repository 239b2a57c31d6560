// Compliance-safe values: used when a request names compliance requirements, so nothing generated can
// be mistaken for (or collide with) a real person's identifiers.
import type { Rng } from "./prng";
import { fillDigits } from "./context";

/** Card numbers published by payment processors for testing (all pass the Luhn check). */
export const TEST_CARD_NUMBERS = [
  "4111111111111111", "4242424242424242", "4012888888881881", "4000056655665556",
  "5555555555554444", "5105105105105100", "2223003122003222", "5200828282828210",
  "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
  "3056930009020004", "3566002020360505",
];

/** Domains reserved for documentation and testing (RFC 2606). */
export const RESERVED_EMAIL_DOMAINS = ["example.com", "example.org", "example.net"];

/** True when `digits` passes the Luhn check. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The digit that makes `body` followed by it pass the Luhn check. */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return String(d);
  return "0";
}

/** A Luhn-valid 16-digit card number with a common issuer prefix (not compliance mode). */
export function luhnCard(rng: Rng): string {
  const prefix = rng.pick(["4", "51", "52", "53", "54", "55"]);
  let body = prefix;
  while (body.length < 15) body += String(rng.int(0, 9));
  return body + luhnCheckDigit(body);
}

/**
 * A US SSN-shaped id. Compliance mode uses area numbers 900-999, which the SSA never issues; otherwise
 * a plausible-looking but random one (areas 001-665, 667-899).
 */
export function nationalId(rng: Rng, safe: boolean): string {
  let area: number;
  if (safe) area = rng.int(900, 999);
  else { area = rng.int(1, 898); if (area >= 666) area++; }
  return `${String(area).padStart(3, "0")}-${String(rng.int(1, 99)).padStart(2, "0")}-${String(rng.int(1, 9999)).padStart(4, "0")}`;
}

/** Phone numbers from ranges regulators set aside for fiction. */
export function fictionalPhone(locale: string, rng: Rng): string {
  if (locale === "en_GB") return fillDigits("07700 900###", rng); // Ofcom drama range
  if (locale.startsWith("fr")) return fillDigits("01 99 00 ## ##", rng); // ARCEP fiction range
  // Bundesnetzagentur "drama numbers" (Mitteilung 148/2021): 1,000 numbers in each of five cities.
  if (locale.startsWith("de")) return fillDigits(rng.pick(["030 23125###", "069 90009###", "040 66969###", "0221 4710###", "089 99998###"]), rng);
  return fillDigits("(!##) 555-01##", rng); // North American 555-0100..0199
}

/** ISO 7064 mod-97 check digits of an IBAN for `country` and `bban` (letters count as 10-35). */
export function ibanCheckDigits(country: string, bban: string): string {
  const text = bban + country + "00";
  let rem = 0;
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    const value = c >= 65 ? String(c - 55) : ch;
    for (const d of value) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return String(98 - rem).padStart(2, "0");
}

/** True when an IBAN's check digits are right. */
export function ibanValid(value: string): boolean {
  return /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(value) && ibanCheckDigits(value.slice(0, 2), value.slice(4)) === value.slice(2, 4);
}

/** The account part (BBAN) layout per country: `#` digit, `?` capital letter. */
const BBAN_FORMATS: Record<string, string> = {
  DE: "##################", GB: "????##############", FR: "#######################", ES: "####################",
  US: "##################",
};

/** IBANs published as documentation examples (the IBAN standard's and national banks' own), by country. */
export const EXAMPLE_IBANS: Record<string, string> = {
  DE: "DE89370400440532013000", GB: "GB82WEST12345698765432", FR: "FR1420041010050500013M02606", ES: "ES9121000418450200051332",
};

/**
 * An IBAN of `country` (the row's locale) with a correct check: synthetic bank and account numbers, or
 * under compliance the country's published documentation example, which no real account holder has.
 * Countries without IBANs (US) get German ones.
 */
export function iban(rng: Rng, country: string, compliant: boolean): string {
  const c = BBAN_FORMATS[country] && country !== "US" ? country : "DE";
  if (compliant) return EXAMPLE_IBANS[c];
  let bban = "";
  for (const ch of BBAN_FORMATS[c]) bban += ch === "#" ? String(rng.int(0, 9)) : String.fromCharCode(65 + rng.int(0, 25));
  return `${c}${ibanCheckDigits(c, bban)}${bban}`;
}
