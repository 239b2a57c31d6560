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

function luhnCheckDigit(body: string): string {
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
  return fillDigits("(!##) 555-01##", rng); // North American 555-0100..0199
}

/** A German IBAN with a correct ISO 7064 check (synthetic bank and account numbers). */
export function iban(rng: Rng): string {
  let bban = "";
  for (let i = 0; i < 18; i++) bban += String(rng.int(0, 9));
  // Country "DE" -> 13 14, check digits "00" appended, mod 97.
  const numeric = bban + "131400";
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + (ch.charCodeAt(0) - 48)) % 97;
  const check = String(98 - rem).padStart(2, "0");
  return `DE${check}${bban}`;
}
