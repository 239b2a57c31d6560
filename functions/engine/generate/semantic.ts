// Realistic values from a field's meaning: inferred from its name and format (first_name, email, city,
// amount, date_of_birth, ...) or named explicitly with `x-faker` / `x-semantic`. Each meaning is a small
// closure chosen once at compile time; the compiler still checks every value against the field's schema
// and falls back to the structural generator when a realistic value would not fit.
import { ageAt, fillDigits, type GenContext, REFERENCE_DATE } from "./context";
import { loadLocale } from "./locale";
import * as compliance from "./compliance";
import * as vocab from "./vocabulary";
import * as ids from "./identifiers";
import * as domains from "./domains";
import { charmPrice, currencyCode, measureBetween, quantityBetween, SKEWED_MEASURES, skewedBetween, starRating } from "./distributions";

export type SemanticGenerator = (ctx: GenContext) => unknown;

/** Values compliance mode takes from reserved or published test ranges; no other source may stand in for them. */
export type SafeKind = "card_number" | "email" | "phone" | "national_id" | "ip_address" | "iban";

/** A realistic generator with what the compiler needs to know to combine it with a field's other keywords. */
export interface Meaning {
  gen: SemanticGenerator;
  /** Set when compliance mode makes these values reserved ones (test card numbers, example.com mail, 555 phones). */
  safeKind?: SafeKind;
  /** Other realistic spellings of the same value: a phone number's digits, a card number in groups of four. */
  variants?: Array<(value: string, ctx: GenContext) => string>;
  /** Under compliance, the whole finite set of values the generator draws from (published test card numbers). */
  safeValues?: readonly string[];
  /** Formats whose values the generator meets by construction (emailFor: email). */
  formats?: readonly string[];
  /** Gives a structural value the meaning's check digits (a card number's Luhn digit), outside compliance. */
  repair?: (value: string) => string;
  /** What the value is, as the plan records it per field path ("street line", "commit SHA", "values listed in the description"). */
  label?: string;
}

export interface SemanticHints {
  name?: string;
  type: "string" | "integer" | "number";
  format?: string;
  semantic?: string;
  fakerMethod?: string;
  minimum?: number;
  maximum?: number;
  /** The multiple numeric values must be (1 for integers without multipleOf, 0 for free numbers). */
  step?: number;
  /** The name of the object the field belongs to ("shipping_address", "repository"), or the root schema's title. */
  parent?: string;
  /** The names of the field's sibling properties. */
  siblings?: readonly string[];
  description?: string;
  title?: string;
  /** `examples` (OpenAPI's `example` arrives as examples: [example]). */
  examples?: readonly unknown[];
  /** The field's `pattern`s. */
  patterns?: readonly string[];
  /** What the whole schema describes: its root title and $id ("Issue", ".../pull-request.json"). */
  domain?: string;
}

export class UnknownFakerMethodError extends Error {
  override readonly name = "UnknownFakerMethodError";
}

/** Lower-case name without separators, e.g. "First-Name" and "first_name" both give "firstname". */
export function normaliseName(name: string): string {
  // Cached: each field of an object reads all its siblings' names (a 1,000-field object asks a million times).
  let normal = normalNames.get(name);
  if (normal === undefined) {
    normal = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().replace(/[^a-z0-9]/g, "");
    if (normalNames.size < 100_000) normalNames.set(name, normal);
  }
  return normal;
}
const normalNames = new Map<string, string>();

const slugs = new Map<string, string>();

/** Lower-case ASCII form of a name for e-mail addresses (cached: names come from a finite list). */
function asciiSlug(text: string): string {
  let slug = slugs.get(text);
  if (slug === undefined) {
    slug = text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
    if (slugs.size < 100_000) slugs.set(text, slug);
  }
  return slug;
}

function emailFor(ctx: GenContext): string {
  const p = ctx.person();
  const local = `${asciiSlug(p.first) || "user"}.${asciiSlug(p.last) || "name"}`;
  const suffix = ctx.rng.chance(0.4) ? String(ctx.rng.int(1, 99)) : "";
  const domain = ctx.compliance ? ctx.rng.pick(compliance.RESERVED_EMAIL_DOMAINS) : ctx.rng.pick(ctx.locale.freeEmailDomains);
  return `${local}${suffix}@${domain}`;
}

function phoneFor(ctx: GenContext): string {
  if (ctx.compliance) return compliance.fictionalPhone(ctx.locale.code, ctx.rng);
  return fillDigits(ctx.rng.pick(ctx.locale.phoneFormats), ctx.rng).replace(/ x\d+$/, "");
}

/** House numbers: US ones run into the thousands; elsewhere most are small (1-199, low ones commonest). */
function houseNumber(ctx: GenContext): string {
  if (ctx.locale.addressStyle === "us") return String(ctx.rng.int(1, 9999));
  return String(1 + Math.floor(ctx.rng.float() ** 2 * 199));
}

function streetName(ctx: GenContext): string {
  const l = ctx.locale, rng = ctx.rng;
  if (l.streetPrefixes.length && l.streetSuffixes.length) return `${rng.pick(l.streetPrefixes)} ${rng.pick(l.streetSuffixes)}`; // fr: "Rue de Paris"
  if (l.houseNumber === "after-comma" && l.streetSuffixes.length) {
    return `${rng.pick(l.streetSuffixes)} ${rng.chance(0.5) ? rng.pick(l.lastNames) : rng.pick(l.firstNames.any)}`; // es: "Calle García"
  }
  // de: whole street names ("Ackerweg"; faker's merged data would add English suffixes such as "Hollow").
  if (l.streetNames.length && (l.houseNumber === "after" || l.streetSuffixes.length === 0 || rng.chance(0.3))) return rng.pick(l.streetNames);
  return `${rng.pick(l.lastNames)} ${l.streetSuffixes.length ? rng.pick(l.streetSuffixes) : ""}`.trim();
}

/** The entity's street line, written the locale's way; fixed per entity so "street" and "address" agree. */
function streetFor(ctx: GenContext): string {
  let street = ctx.entity.street;
  if (street === undefined) {
    const name = streetName(ctx), number = houseNumber(ctx);
    const order = ctx.locale.houseNumber;
    street = ctx.entity.street = order === "after" ? `${name} ${number}` : order === "after-comma" ? `${name}, ${number}` : `${number} ${name}`;
  }
  return street;
}

function addressFor(ctx: GenContext): string {
  const place = ctx.place();
  const street = streetFor(ctx);
  switch (ctx.locale.addressStyle) {
    case "us": return `${street}, ${place.city}, ${place.stateCode} ${place.postcodeValue}`;
    case "gb": return `${street}, ${place.city} ${place.postcodeValue}`;
    default: return `${street}, ${place.postcodeValue} ${place.city}`;
  }
}

/** A coordinate near the entity's place (within a few kilometres), with six decimals. */
function nearPlace(ctx: GenContext, axis: "latitude" | "longitude"): number {
  const p = ctx.place();
  const centre = p[axis];
  const value = Math.round((centre + (ctx.rng.float() - 0.5) * 0.1) * 1e6) / 1e6;
  const limit = axis === "latitude" ? 90 : 180;
  return Math.max(-limit, Math.min(limit, value));
}

/** A money-like amount: skewed towards small values, two decimals, inside [lo, hi]. */
function amountBetween(lo: number, hi: number): SemanticGenerator {
  return (ctx) => {
    const span = hi - lo;
    const skew = ctx.rng.float() ** 2.5;
    return Math.round((lo + skew * span) * 100) / 100;
  };
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** The eight hex digits of a 32-bit unsigned `n` (table look-ups: Number#toString(16) is slow). */
export function hex32(n: number): string {
  return HEX_BYTES[n >>> 24] + HEX_BYTES[(n >>> 16) & 255] + HEX_BYTES[(n >>> 8) & 255] + HEX_BYTES[n & 255];
}

/** Eight hex digits from one PRNG draw. */
function hex8(rng: GenContext["rng"]): string {
  return hex32(rng.next());
}

function uuidV4(ctx: GenContext): string {
  const a = hex8(ctx.rng), b = hex8(ctx.rng), c = hex8(ctx.rng), d = hex8(ctx.rng);
  const variant = "89ab"[c.charCodeAt(0) & 3];
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
}

/** A faker method by dotted name, e.g. "person.jobTitle"; throws UnknownFakerMethodError. */
function fakerMethod(path: string): SemanticGenerator {
  const parts = path.split(".");
  if (parts.length !== 2 || !/^[a-z][a-zA-Z]*$/.test(parts[0]) || !/^[a-z][a-zA-Z]*$/.test(parts[1])) {
    throw new UnknownFakerMethodError(`x-faker must name a faker method as "module.method", got "${path}"`);
  }
  // Every locale's Faker has the same modules and methods, so the default one answers for all, when the
  // schema is compiled (validateSchema names it) rather than when the first row is made.
  if (!fakerMethodExists(path, loadLocale().faker)) throw new UnknownFakerMethodError(`x-faker: faker has no method "${path}"`);
  return (ctx) => {
    const mod = (ctx.faker() as unknown as Record<string, Record<string, unknown>>)[parts[0]];
    const fn = mod?.[parts[1]];
    if (typeof fn !== "function") throw new UnknownFakerMethodError(`x-faker: faker has no method "${path}"`);
    return (fn as () => unknown).call(mod);
  };
}

/** Checks an x-faker name exists without calling it. */
export function fakerMethodExists(path: string, faker: unknown): boolean {
  const [m, f] = path.split(".");
  const mod = (faker as Record<string, Record<string, unknown> | undefined>)[m];
  return !(f in Object.prototype) && typeof mod?.[f] === "function";
}

/** The name's words, lower-case: "billingZipCode" and "billing_zip_code" give ["billing", "zip", "code"]. */
function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

type NameTest = (n: string, ...candidates: string[]) => boolean;

/**
 * A test of a field name: true when the name (normalised) is or ends with one of the candidates; words
 * of three letters or fewer must be the name's whole last word, so "zip" does not match "relationship"
 * nor "tel" match "hotel".
 */
function nameTest(name: string): NameTest {
  const lastWord = words(name).pop() ?? "";
  return (n, ...candidates) => candidates.some((w) => n === w || (w.length > 3 ? n.endsWith(w) : lastWord === w));
}

/** Name prefixes of a person's name that is not the row's own person (a doctor on a patient's record). */
const OTHER_PERSON = /^(ordering|attending|referring|treating|primary|assigned|account|lead)?(physician|doctor|provider|practitioner|nurse|sender|recipient|receiver|beneficiary|payee|payer|debtor|creditor|author|assignee|reporter|approver|reviewer|manager|supervisor|agent|referrer|emergencycontact|spouse|guardian|salesrep|rep|technician|driver|courier|instructor|teacher)/;
/** Name prefixes of a company's name. */
const COMPANY_NAMES = ["company", "companyname", "employer", "employername", "organization", "organisation", "organizationname", "merchant", "merchantname", "vendor", "vendorname", "supplier", "suppliername", "businessname", "insuranceprovider", "insurer", "insurancecompany", "carrier", "carriername", "bankname", "brand", "manufacturer"];

function randomPersonName(ctx: GenContext): string {
  const sex = ctx.rng.chance(0.5) ? "female" : "male";
  return `${ctx.rng.pick(ctx.locale.firstNames[sex])} ${ctx.rng.pick(ctx.locale.lastNames)}`;
}

function companyName(ctx: GenContext): string {
  return `${ctx.rng.pick(ctx.locale.lastNames)} ${ctx.rng.pick(ctx.locale.companySuffixes)}`;
}

function productName(ctx: GenContext): string {
  const l = ctx.locale, rng = ctx.rng;
  if (!l.products.length) return capitalise(sentence(ctx, 2, 3).replace(/\.$/, ""));
  // French and Spanish put the material after the noun with a preposition (no adjective to agree).
  if (l.code.startsWith("fr")) return `${rng.pick(l.products)} en ${rng.pick(l.productMaterials).toLowerCase()}`;
  if (l.code.startsWith("es")) return `${rng.pick(l.products)} de ${rng.pick(l.productMaterials).toLowerCase()}`;
  return `${rng.pick(l.productAdjectives)} ${rng.pick(l.productMaterials)} ${rng.pick(l.products)}`;
}

const HOST_ROLES = ["web", "api", "app", "db", "worker", "cache", "auth", "search", "queue", "edge"];
const API_RESOURCES = ["users", "orders", "products", "payments", "sessions", "carts", "invoices", "accounts", "search", "notifications"];

function hostnameFor(ctx: GenContext): string {
  return `${ctx.rng.pick(HOST_ROLES)}-${String(ctx.rng.int(1, 24)).padStart(2, "0")}.example.com`;
}

function urlPathFor(ctx: GenContext): string {
  const resource = ctx.rng.pick(API_RESOURCES);
  return ctx.rng.chance(0.6) ? `/api/v1/${resource}/${ctx.rng.int(1, 99999)}` : `/api/v1/${resource}`;
}

/** Realistic values for the string formats whose values carry meaning; undefined leaves the format's own generator. */
function formatMeaning(n: string, format: string, has: NameTest): Meaning | undefined {
  switch (format) {
    case "ipv4": return IPV4;
    case "ipv6": return IPV6;
    case "hostname": case "idn-hostname": return { gen: hostnameFor, formats: ["hostname", "idn-hostname"] };
    case "uri": case "iri": return has(n, "url", "website", "homepage", "link", "uri", "site") ? { gen: websiteFor, formats: ["uri", "iri"] } : undefined;
    default: return undefined;
  }
}

/** A card expiry "MM/YY" in the next five years after the reference date (cards are valid for up to five). */
function cardExpiry(ctx: GenContext): string {
  const month = ctx.rng.int(1, 12);
  const year = new Date(REFERENCE_DATE).getUTCFullYear() % 100 + ctx.rng.int(0, 5);
  return `${month < 10 ? "0" : ""}${month}/${year}`;
}

function websiteFor(ctx: GenContext): string {
  return `https://www.${asciiSlug(ctx.rng.pick(ctx.locale.lastNames)) || "shop"}.${ctx.compliance ? "example" : ctx.rng.pick(ctx.locale.domainSuffixes)}/`;
}

type Found = SemanticGenerator | Meaning | undefined;

/** A meaning with its name, as the plan records it per field path. */
function named(label: string, found: SemanticGenerator | Meaning): Meaning {
  return typeof found === "function" ? { gen: found, label } : { ...found, label: found.label ?? label };
}

const fullName = (ctx: GenContext) => `${ctx.person().first} ${ctx.person().last}`;

function stringMeaning(n: string, h: SemanticHints, has: NameTest): Meaning | undefined {
  const format = h.format;
  if (format === "email" || format === "idn-email" || h.semantic === "email" || (!format && has(n, "email", "emailaddress", "mail"))) return named("email", EMAIL);
  if (format) { const m = formatMeaning(n, format, has); return m && named(`${format}`, m); }
  if (h.semantic === "phone" || has(n, "phone", "phonenumber", "mobile", "telephone", "tel", "cell", "fax")) return named("phone", PHONE);
  if (h.semantic === "address" || n === "address" || n === "fulladdress" || n === "mailingaddress" || n === "postaladdress") return named("postal address", addressFor);
  if (has(n, "firstname", "givenname", "forename", "preferredname")) return named("person first name", (ctx) => ctx.person().first);
  if (has(n, "lastname", "surname", "familyname")) return named("person last name", (ctx) => ctx.person().last);
  // Next to a merchant category code, the merchant is one of that category (a grocer for 5411).
  if ((n === "merchant" || n === "merchantname") && (h.siblings ?? []).some((s) => /^(mcc|merchant_?category_?code)$/i.test(s))) {
    return named("merchant name (of its category code)", ids.merchantName);
  }
  if (COMPANY_NAMES.includes(n) || has(n, "legalname", "tradingname", "registeredname")) return named("company name", companyName);
  if (has(n, "productname", "itemname", "producttitle", "product")) return named("product name", productName);
  if (n.endsWith("name") && OTHER_PERSON.test(n)) return named("person name", randomPersonName);
  if (has(n, "fullname", "customername", "displayname", "contactname", "cardholdername", "cardholder", "holdername", "accountholder",
    "accountholdername", "patientname", "membername", "guestname", "passengername", "policyholder", "clientname") || n === "name") {
    return named("person name", fullName);
  }
  if (has(n, "username", "login", "handle", "nickname")) return named("username", (ctx) => `${asciiSlug(ctx.person().first)}${asciiSlug(ctx.person().last).slice(0, 4)}${ctx.rng.int(1, 999)}`);
  if (n === "gender" || n === "sex") return named("sex", (ctx) => ctx.person().sex);
  if (has(n, "mrn", "medicalrecordnumber", "patientnumber")) return named("medical record number", (ctx) => fillDigits("!#######", ctx.rng));
  if (has(n, "hostname", "host", "server", "servername")) return named("hostname", hostnameFor);
  if (n === "path" || has(n, "urlpath", "endpoint", "route", "requestpath", "uripath")) return named("URL path", urlPathFor);
  if (has(n, "street", "streetaddress", "addressline1", "address1", "addressline", "line1", "street1")) return named("street line", streetFor);
  if (has(n, "addressline2", "address2", "line2", "street2")) return named("second address line", vocab.addressLine2);
  if (has(n, "city", "town")) return named("city", (ctx) => ctx.place().city);
  if (has(n, "statecode", "stateabbr", "provincecode")) return named("region code", (ctx) => ctx.place().stateCode || ctx.place().state);
  if (has(n, "state", "province", "region")) return named("region", (ctx) => ctx.place().state);
  if (has(n, "zip", "zipcode", "postcode", "postalcode")) return named("postal code", (ctx) => ctx.place().postcodeValue);
  // The country of the row's place (the locale's country when it has place data), else any country.
  if (has(n, "countrycode", "countryiso")) return named("country code (ISO 3166 alpha-2)", countryCodeFor);
  if (has(n, "country")) return named("country", (ctx) => ctx.entity.place?.country || ctx.locale.country || ctx.rng.pick(ctx.locale.countries));
  if (has(n, "company", "companyname", "employer", "organization", "organisation")) return named("company name", companyName);
  if (has(n, "jobtitle", "occupation", "position", "role") && h.type === "string") return named("job title", (ctx) => ctx.rng.pick(ctx.locale.jobTitles));
  if (has(n, "cardexpiry", "expiry", "expirydate", "expiration", "expirationdate", "cardexpiration", "expdate")) return named("card expiry", cardExpiry);
  if (has(n, "iban")) return named("IBAN", IBAN);
  const ided = publicIdMeaning(n, has, h);
  if (ided) return ided;
  if (has(n, "cardnumber", "creditcard", "creditcardnumber", "ccnumber", "pan")) return named("card number", CARD_NUMBER);
  if (has(n, "ssn", "socialsecuritynumber", "nationalid", "taxid")) return named("national id", NATIONAL_ID);
  if (has(n, "currency", "currencycode")) return named("currency code (ISO 4217)", currencyCode);
  if (has(n, "ip", "ipaddress", "ipv4", "clientip", "sourceip")) return named("IP address", IPV4);
  if (has(n, "url", "website", "homepage", "link")) return named("website", websiteFor);
  if (has(n, "useragent")) return named("user agent", (ctx) => ctx.rng.pick(USER_AGENTS));
  if (has(n, "errormessage", "error", "exception", "stacktrace", "failurereason")) return named("error message", vocab.errorMessage);
  if (has(n, "material", "materials")) return named("product material", vocab.productMaterial);
  if (has(n, "campaign", "campaignname")) return named("campaign name", vocab.campaignName);
  if (has(n, "description", "comment", "comments", "notes", "note", "message", "bio", "summary", "remarks", "details")) return named("note", vocab.noteText);
  if (has(n, "title", "subject", "headline")) return named("title", vocab.plainTitle);
  if (has(n, "color", "colour")) return named("colour", (ctx) => ctx.rng.pick(COLORS));
  if (has(n, "id", "uuid", "guid")) return named("UUID", uuidV4);
  return undefined;
}

/** Ids of public schemes (check digits where they have them), codes and references a name asks for. */
function publicIdMeaning(n: string, has: NameTest, h: SemanticHints): Meaning | undefined {
  if (has(n, "isbn", "isbn13")) return named("ISBN-13", ids.isbn13);
  if (has(n, "gtin", "gtin13", "ean", "ean13", "barcode", "upc")) return named("GTIN-13 (EAN)", ids.gtin13);
  if (has(n, "vin", "vehicleidentificationnumber")) return named("VIN", ids.vin);
  if (has(n, "bic", "swift", "swiftcode", "biccode", "swiftbic")) return named("BIC (SWIFT)", ids.bic);
  if (has(n, "cve", "cveid")) return named("CVE id", ids.cveId);
  if (has(n, "ghsa", "ghsaid")) return named("GitHub advisory id (GHSA)", ids.ghsaId);
  if (has(n, "cwe", "cweid")) return named("CWE id", domains.cweId);
  if (has(n, "mcc", "merchantcategorycode")) return named("merchant category code (ISO 18245)", ids.mcc);
  if (has(n, "statementdescriptor")) return named("card statement descriptor", ids.statementDescriptor);
  if (has(n, "airlineiata", "carrieriata", "airlinecode")) return named("airline IATA code", ids.airlineIata);
  if (has(n, "airlineicao", "carriericao")) return named("airline ICAO code", ids.airlineIcao);
  if (has(n, "airline", "airlinename", "carriername")) return named("airline name", ids.airlineName);
  if (has(n, "flightnumber", "flightno")) return named("flight number", ids.flightNumber);
  const leg: 0 | 1 = /^(origin|departure|from|source)/.test(n) ? 0 : 1;
  if (has(n, "airport", "airportcode", "originairport", "destinationairport", "airportiata", "origin", "destination") && /airport|iata|^(origin|destination)$/.test(n)) {
    return n.endsWith("icao") ? named("airport ICAO code", (ctx) => ids.airport(ctx, leg)[1]) : named("airport IATA code", (ctx) => ids.airport(ctx, leg)[0]);
  }
  if (has(n, "remittanceinformation", "remittanceinfo", "remittance", "paymentreference", "unstructuredremittance")) return named("remittance information", domains.remittanceInformation);
  if (has(n, "endtoendid", "endtoendreference", "e2eid")) return named("end-to-end id", domains.endToEndId);
  if (has(n, "mandatereference", "mandateid")) return named("mandate reference", domains.mandateReference);
  // Inside an error object: its type, message and stack trace name the same error.
  if (/(error|exception|failure)s?$/.test(normaliseName(h.parent ?? ""))) {
    if (n === "type" || has(n, "errortype", "exceptiontype", "class", "kind", "name")) return named("error type (of its message)", (ctx) => domains.errorOf(ctx)[0]);
    if (n === "message" || has(n, "errormessage", "detail", "details", "description")) return named("error message", (ctx) => domains.errorOf(ctx)[1]);
  }
  if (has(n, "stacktrace", "stack", "backtrace", "traceback")) return named("stack trace (of its error)", domains.stackTrace);
  if (has(n, "invoicenumber", "invoiceno", "invoiceid")) return named("invoice number", (ctx) => `INV-${ctx.rng.int(2023, 2025)}-${String(ctx.rng.int(1, 99999)).padStart(5, "0")}`);
  if (has(n, "vatnumber", "vatid", "vatregistrationnumber")) return named("VAT number", domains.vatNumber);
  if (has(n, "registrationnumber", "companynumber", "companyregistrationnumber", "crn")) return named("company registration number", domains.companyNumber);
  if (has(n, "registrationplate", "licenseplate", "licenceplate", "numberplate", "plate")) return named("registration plate", domains.registrationPlate);
  if (has(n, "make", "vehiclemake", "carmake")) return named("vehicle make (its VIN's maker)", domains.vehicleMake);
  if (has(n, "model", "vehiclemodel", "carmodel") && /vehicle|car|vin/.test(`${normaliseName(h.domain ?? "")} ${(h.siblings ?? []).join(" ")}`)) return named("vehicle model (of its make)", domains.vehicleModel);
  if (has(n, "seat", "seatnumber", "seatassignment")) return named("seat", (ctx) => `${ctx.rng.int(1, 45)}${"ABCDEF"[ctx.rng.int(0, 5)]}`);
  if (has(n, "specialrequests", "specialrequest", "specialassistance")) return named("special request", domains.specialRequest);
  if (has(n, "rejectionreason", "returnreason", "declinereason")) return named("payment rejection reason", domains.rejectionReason);
  if (has(n, "publisher", "publishername")) return named("publisher", domains.publisher);
  if (has(n, "genre")) return named("book genre", domains.genre);
  if (has(n, "synopsis", "blurb")) return named("book synopsis", domains.synopsis);
  if (has(n, "industry", "sector")) return named("industry", domains.industry);
  if (has(n, "service", "servicename", "app", "application")) return named("service name", (ctx) => `${ctx.rng.pick(["checkout", "auth", "search", "billing", "orders", "inventory", "notifications", "gateway"])}-${ctx.rng.pick(["api", "service", "worker"])}`);
  if (n === "author" || n === "authorname" || n === "createdby" || n === "agent") return named("person name", randomPersonName);
  if (has(n, "memo")) return named("note", vocab.noteText);
  if (has(n, "testname", "labtest", "analyte", "testdescription")) return named("lab test name (with its unit and range)", (ctx) => domains.labTestOf(ctx).name);
  if (has(n, "loinc", "loinccode")) return named("LOINC code", (ctx) => domains.labTestOf(ctx).loinc);
  if (has(n, "referencerange", "normalrange", "refrange")) return named("lab reference range", domains.labRange);
  return undefined;
}

/** Fields of a lab result that follow its test: unit, method, specimen (only inside a lab record). */
function labMeaning(n: string, has: NameTest): Meaning | undefined {
  if (has(n, "unit", "units", "resultunit")) return named("lab test unit", (ctx) => domains.labTestOf(ctx).unit);
  if (has(n, "method", "testmethod")) return named("lab test method", (ctx) => domains.labTestOf(ctx).method);
  return undefined;
}

function countryCodeFor(ctx: GenContext): string {
  return ctx.entity.place?.countryCode || ctx.locale.countryCode || ctx.rng.pick(ctx.locale.countryCodes);
}

function numberMeaning(n: string, h: SemanticHints, has: NameTest): SemanticGenerator | undefined {
  const lo = h.minimum, hi = h.maximum;
  const within = (dlo: number, dhi: number): [number, number] => [lo ?? dlo, hi ?? dhi];
  if (n === "age" || has(n, "ageyears")) {
    return (ctx) => ageAt(ctx.birth());
  }
  if (n === "id" && h.type === "integer") {
    // Top-level integer ids count up through the whole data set (shards continue the count).
    const first = Math.max(Math.ceil(lo ?? 1), 1);
    return (ctx) => (ctx.depth === 1 ? first + ctx.rowIndex : ctx.rng.int(first, first + 999_999));
  }
  // Coordinates near the row's place, so they agree with its city (random ones land in oceans).
  if (has(n, "latitude", "lat")) return (ctx) => (ctx.locale.places.length || ctx.entity.place ? nearPlace(ctx, "latitude") : Math.round((ctx.rng.float() * 180 - 90) * 1e6) / 1e6);
  if (has(n, "longitude", "lng", "lon", "long")) return (ctx) => (ctx.locale.places.length || ctx.entity.place ? nearPlace(ctx, "longitude") : Math.round((ctx.rng.float() * 360 - 180) * 1e6) / 1e6);
  const lab = LAB.test(`${normaliseName(h.parent ?? "")} ${normaliseName(h.domain ?? "")}`) || (h.siblings ?? []).some((s) => /^(test_?name|loinc(_?code)?)$/i.test(s));
  if (lab && h.type === "number") {
    if (has(n, "referencelow", "normallow", "rangelow", "lowerlimit")) return (ctx) => domains.labTestOf(ctx).low;
    if (has(n, "referencehigh", "normalhigh", "rangehigh", "upperlimit")) return (ctx) => domains.labTestOf(ctx).high;
    if (n === "value" || has(n, "resultvalue", "result", "numericvalue", "valuenumeric")) return domains.labValue;
  }
  const step = h.step ?? (h.type === "integer" ? 1 : 0);
  const measure = measureBetween(n, lo, hi, step);
  if (measure) return measure;
  if (has(n, "quantity", "qty", "count", "units")) {
    const [a, b] = within(1, 10);
    return quantityBetween(a, Math.min(b, a + 20));
  }
  if (has(n, "percent", "percentage", "pct")) {
    // A share in percent: 0 to 100; a discount, tax or commission mostly low (5-25), others anywhere.
    const [a, b] = within(0, 100);
    const unit = step || 0.01;
    const kLo = Math.ceil(a / unit - 1e-9), kHi = Math.floor(b / unit + 1e-9);
    if (kLo > kHi) return undefined;
    const low = /discount|tax|vat|commission|fee|margin|interest/.test(n);
    const places = Math.max(0, Math.min(12, Math.round(-Math.log10(unit))));
    return (ctx) => {
      const u = ctx.rng.float();
      const k = kLo + Math.floor((kHi - kLo + 1) * (low ? u * u * 0.4 : u) * (1 - 1e-12));
      return Number((k * unit).toFixed(places));
    };
  }
  if (h.type === "number" && has(n, "amount", "price", "balance", "total", "subtotal", "cost", "salary", "revenue", "fee", "payment", "value")) {
    const [a, b] = within(0, 1000);
    const skewed = skewedBetween(a, b, step || 0.01);
    if (!skewed) return amountBetween(a, b);
    // Prices are set by people: .99, .95, .49 and round endings (only where cents are allowed).
    if (has(n, "price") && (step === 0 || step === 0.01)) return (ctx) => charmPrice(skewed(ctx), a, b, ctx);
    return skewed;
  }
  if (SKEWED_MEASURES.test(n)) {
    const integer = h.type === "integer";
    const skewed = skewedBetween(lo ?? 0, hi ?? (integer ? 10_000 : 1000), integer ? Math.max(step, 1) : step);
    if (skewed) return skewed;
  }
  if (has(n, "rating", "score", "stars") && h.type === "integer") {
    const [a, b] = within(1, 5);
    if (a <= 1 && b >= 5 && a > 0) return starRating;
    return (ctx) => ctx.rng.int(Math.ceil(a), Math.floor(b));
  }
  return undefined;
}

/** Generator for a date-like string field named for a meaning (birth dates, timestamps). */
export function temporalMeaning(name: string | undefined): ((ctx: GenContext) => number) | undefined {
  if (!name) return undefined;
  const n = normaliseName(name);
  const has = nameTest(name);
  if (has(n, "dob", "dateofbirth", "birthdate", "birthday", "born")) return (ctx) => ctx.birth();
  return undefined;
}

function ipv4(ctx: GenContext): string {
  if (ctx.compliance) return `192.0.2.${ctx.rng.int(1, 254)}`; // TEST-NET-1 (RFC 5737)
  return `${ctx.rng.int(1, 223)}.${ctx.rng.int(0, 255)}.${ctx.rng.int(0, 255)}.${ctx.rng.int(1, 254)}`;
}

function ipv6(ctx: GenContext): string {
  const group = () => ctx.rng.int(0, 0xffff).toString(16);
  // Under compliance, the documentation prefix 2001:db8::/32 (RFC 3849).
  const head = ctx.compliance ? "2001:db8" : `2${ctx.rng.int(0, 0xfff).toString(16).padStart(3, "0")}:${group()}`;
  return `${head}:${group()}:${group()}:${group()}:${group()}:${group()}:${group()}`;
}

function sentence(ctx: GenContext, min: number, max: number): string {
  const count = ctx.rng.int(min, max);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(ctx.rng.pick(ctx.locale.words));
  return capitalise(words.join(" ")) + ".";
}
function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const COLORS = ["red", "blue", "green", "black", "white", "silver", "yellow", "orange", "purple", "grey"];
const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
];

/** The realistic generator for a field, or undefined when its name and format say nothing special. */
export function semanticGenerator(h: SemanticHints): SemanticGenerator | undefined {
  return semanticMeaning(h)?.gen;
}

/** The realistic generator for a field with what it guarantees and how compliance constrains it. */
export function semanticMeaning(h: SemanticHints): Meaning | undefined {
  if (h.fakerMethod) return { gen: fakerMethod(h.fakerMethod), label: `x-faker ${h.fakerMethod}` };
  // An item of a list of strings is what the list's name says, in the singular ("materials": a material).
  if (h.name === undefined && h.type === "string" && h.parent && /[a-z]s$/i.test(h.parent)) h = { ...h, name: h.parent.replace(/ies$/, "y").replace(/s$/, "") };
  const n = h.name ? normaliseName(h.name) : "";
  const has = nameTest(h.name ?? "");
  if (h.type !== "string") {
    const found = n ? numberMeaning(n, h, has) : undefined;
    return found && named(n, found);
  }
  return contextMeaning(n, h, has) ?? stringMeaning(n, h, has) ?? examplesMeaning(h);
}

// ---- meaning in context: the parent object, the siblings, the description, examples and pattern ---------

const ADDRESS_PARENT = /(address|billing|shipping|mailing|postal|residence|premises|location|delivery|destination|origin)$/;
const ADDRESS_SIBLINGS = new Set(["city", "town", "postalcode", "postcode", "zip", "zipcode", "line1", "line2", "addressline1", "street", "country", "countrycode"]);
/** Date fields that mark a record's life cycle: next to them, `state` is a status, not a region. */
const LIFECYCLE_SIBLINGS = /^(closed|merged|completed|resolved|started|finished|opened|submitted|published|cancelled|canceled)(at|on|date|time)?$/;
const PERSON_PARENT = /(user|author|committer|owner|customer|contact|person|member|patient|employee|assignee|reporter|creator|sender|recipient|actor|reviewer|mergedby|closedby|tagger|uploader|requester|client|guest|passenger|student|driver|manager|staff|agent|account|profile|holder|beneficiary|signatory|director|officer|emergencycontact)s?$/;
const PERSON_SIBLINGS = new Set(["email", "firstname", "lastname", "login", "phone", "dateofbirth", "birthdate", "gender", "avatarurl"]);
const SOFTWARE = /(issue|pull|commit|repo|release|branch|check|workflow|github|gitlab|git|build|pipeline|deploy|package|milestone|tag|merge|code)/;
const SUPPORT = /(ticket|case|support|helpdesk|incident|complaint|inquiry|enquiry)/;
const COMMERCE = /(product|item|catalog|catalogue|sku|inventory|listing|article|merchandise)/;
const SECURITY = /(vulnerab|advisory|advisories|securityissue|cve)/;
const HEALTH = /(patient|encounter|clinical|medical|hospital|admission|diagnos|ehr|emr)/;
const LAB = /(labresult|laboratory|labtest|observation|specimen|labreport|bloodtest)/;

/** The words of a description or title that list the allowed values: "either 'open' or 'closed'", "one of: `a`, `b`". */
export function listedValues(description: string | undefined): string[] | undefined {
  if (!description || description.length > 600) return undefined;
  const quoted = [...description.matchAll(/[`'"]([A-Za-z0-9_.-]{1,40})[`'"]/g)].map((m) => m[1]);
  const listing = /\b(either|one of|can be|must be|possible values|valid values|allowed values|values are|is one of)\b/i.test(description) || /\bor\b/.test(description);
  if (quoted.length >= 2 && listing) return [...new Set(quoted)];
  const m = description.match(/(?:\beither|\bone of|\bcan be|:)\s*([a-z0-9_-]+(?:\s*,\s*[a-z0-9_-]+)*\s*,?\s*\bor\s+[a-z0-9_-]+)/i);
  if (!m) return undefined;
  const values = m[1].split(/\s*,\s*(?:or\s+)?|\s+or\s+/).map((v) => v.trim()).filter(Boolean);
  return values.length >= 2 ? [...new Set(values)] : undefined;
}

/** Names whose values are picked from a small set (a status, a kind, a visibility). */
const CHOICE_NAMES = /(status|state|type|kind|visibility|reason|conclusion|mode|level|severity|priority|category|tier|stage|plan|permission|role|phase|outcome|result|method|channel|source)$/;

function hexPattern(patterns: readonly string[] | undefined, length: number): boolean {
  return (patterns ?? []).some((p) => new RegExp(`^\\^?\\[(0-9a-f|a-f0-9|0-9a-fA-F|a-fA-F0-9|0-9A-Fa-f|A-Fa-f0-9)\\]\\{${length}\\}\\$?$`).test(p));
}
const upperCodePattern = (patterns: readonly string[] | undefined, length: number): boolean =>
  (patterns ?? []).some((p) => p === `^[A-Z]{${length}}$` || p === `[A-Z]{${length}}` || p === `^[A-Z]{${length}}`);

function contextMeaning(n: string, h: SemanticHints, has: NameTest): Meaning | undefined {
  if (h.format || h.semantic) return undefined;
  const parent = h.parent ? normaliseName(h.parent) : "";
  const siblings = (h.siblings ?? []).map(normaliseName);
  const about = `${parent} ${normaliseName(h.domain ?? "")} ${(h.description ?? "").toLowerCase()}`;
  const software = SOFTWARE.test(about) || siblings.some((s) => /sha$|^(defaultbranch|mergedat|nodeid|htmlurl)$/.test(s));
  const support = SUPPORT.test(about);
  const commerce = COMMERCE.test(parent) || (!software && COMMERCE.test(about));
  const inAddress = ADDRESS_PARENT.test(parent) || siblings.filter((s) => ADDRESS_SIBLINGS.has(s)).length >= 2;

  // A pattern whose shape is recognisable.
  if (hexPattern(h.patterns, 40) || has(n, "sha", "commitsha", "headsha", "basesha", "mergecommitsha", "commitid", "treesha", "commithash")) return named("commit SHA", vocab.commitSha);
  if (has(n, "country", "countrycode", "countryiso") && upperCodePattern(h.patterns, 2)) return named("country code (ISO 3166 alpha-2)", countryCodeFor);
  if (has(n, "currency", "currencycode") && upperCodePattern(h.patterns, 3)) return named("currency code (ISO 4217)", currencyCode);

  // Allowed values a description lists ("State of the issue; either 'open' or 'closed'").
  if (CHOICE_NAMES.test(n)) {
    const listed = listedValues(h.description) ?? listedValues(h.title);
    if (listed) return named(`values listed in the description (${listed.join(", ")})`, (ctx) => ctx.rng.pick(listed));
    // A status's examples are its values ("clean", "dirty"), not a region's.
    const fromExamples = examplesMeaning(h);
    if (fromExamples) return fromExamples;
  }
  // Next to closed_at / merged_at, `state` is the record's status.
  if ((n === "state" || n === "status") && !inAddress && siblings.some((s) => LIFECYCLE_SIBLINGS.test(s))) {
    const values = siblings.some((s) => /^(closed|merged)(at|on|date)?$/.test(s)) ? ["open", "closed"] : ["queued", "in_progress", "completed"];
    return named(`record status (${values.join(", ")})`, (ctx) => (ctx.rng.chance(0.6) ? values[0] : ctx.rng.pick(values)));
  }
  // Inside an address: street lines and the region.
  if (inAddress) {
    if (has(n, "line1", "addressline1", "address1", "street", "street1", "streetaddress", "streetline1")) return named("street line", streetFor);
    if (has(n, "line2", "addressline2", "address2", "street2", "streetline2", "line3")) return named("second address line", vocab.addressLine2);
    if (n === "state" || n === "province" || n === "region") return named("region", (ctx) => ctx.place().state);
  }
  // A `name` is whatever its object is: a repository's slug, a release, a package, a person.
  if (n === "name" || n === "fullname" || n === "displayname" || n === "title") {
    const entity = parent || normaliseName(h.domain ?? "");
    const thing = thingNameMeaning(n, entity, software);
    if (thing) return thing;
    if (n !== "title") {
      if (PERSON_PARENT.test(entity) || siblings.some((s) => PERSON_SIBLINGS.has(s))) return named("person name", fullName);
      if (entity && !inAddress && !software && !support && !commerce) return named("name of a thing (everyday words)", vocab.thingName);
    }
  }
  if (software) {
    if (has(n, "title", "subject")) return named("issue title", vocab.issueTitle);
    if (n === "message" || has(n, "commitmessage")) return named("commit message", vocab.commitMessage);
    if (has(n, "body", "bodytext", "description", "text", "comment", "summary", "details")) {
      return /repo/.test(parent || normaliseName(h.domain ?? "")) && has(n, "description") ? named("repository description", repoDescription) : named("issue or change description", vocab.issueBody);
    }
    if (has(n, "language", "lang")) return named("programming language", vocab.programmingLanguage);
    if (has(n, "defaultbranch", "masterbranch")) return named("default branch", vocab.defaultBranch);
    if (has(n, "ref", "branch", "headbranch", "basebranch", "targetcommitish", "headref", "baseref")) return named("branch name", vocab.branchName);
    if (has(n, "tagname", "tag")) return named("version tag", vocab.versionTag);
    if (has(n, "version")) return named("semantic version", vocab.semver);
    if (n === "label" && /^(head|base)$/.test(parent)) return named("branch label (owner:branch)", (ctx) => `${ctx.rng.pick(["octocat", "acme-corp", "openlab"])}:${vocab.branchName(ctx)}`);
  }
  if (support) {
    if (has(n, "subject", "title")) return named("ticket subject", vocab.ticketSubject);
    if (has(n, "comment", "comments", "reply", "response", "note", "notes")) return named("ticket comment", vocab.ticketComment);
    if (has(n, "body", "description", "message", "text", "details")) return named("ticket body", vocab.ticketBody);
  }
  if (commerce) {
    if (has(n, "title")) return named("product name", productName);
    if (has(n, "description", "details", "summary")) return named("product description", vocab.productDescription);
    if (has(n, "category", "department")) return named("product category", vocab.productCategory);
  }
  if (SECURITY.test(about) || siblings.some((s) => /^(cveid|ghsaid|cweid|cvssscore)$/.test(s))) {
    if (has(n, "summary", "title")) return named("advisory summary (from its weakness)", domains.advisorySummary);
    if (has(n, "description", "details")) return named("advisory description (from its weakness)", domains.advisoryDescription);
    if (has(n, "packagename", "package", "affectedpackage")) return named("package name", vocab.packageName);
    if (has(n, "affectedversions", "vulnerableversions", "versionrange", "affectedrange")) return named("affected version range", vocab.versionRange);
    if (has(n, "patchedversion", "fixedversion", "firstpatchedversion", "fixedin")) return named("semantic version", vocab.semver);
  }
  const clinical = HEALTH.test(about) || siblings.some((s) => /^(mrn|icd10code|diagnosiscode|admittedat|dischargedat|patientname)$/.test(s));
  if (clinical) {
    if (has(n, "chiefcomplaint", "complaint", "reasonforvisit", "presentingcomplaint")) return named("chief complaint", vocab.chiefComplaint);
    if (has(n, "diagnosisdescription", "diagnosis", "diagnosisname", "condition")) return named("diagnosis", vocab.diagnosisDescription);
    if (has(n, "dischargesummary", "clinicalnotes", "clinicalnote", "progressnote", "notes", "note", "summary", "assessment")) return named("clinical note", vocab.clinicalNote);
    if (has(n, "department", "ward", "unit", "specialty")) return named("hospital department", vocab.clinicalDepartment);
  }
  if (has(n, "utmsource")) return named("UTM source", vocab.utmSource);
  if (has(n, "utmmedium")) return named("UTM medium", vocab.utmMedium);
  if (has(n, "utmcampaign")) return named("UTM campaign", vocab.utmCampaign);
  if (/campaign|marketing|advert|\bad\b/.test(about) || siblings.some((s) => /^(utmsource|impressions|clicks|ctr)$/.test(s))) {
    if (has(n, "headline", "adheadline", "subjectline")) return named("ad headline", vocab.adHeadline);
    if (has(n, "adcopy", "copy", "bodycopy", "adtext", "body")) return named("ad copy", vocab.adCopy);
    if (has(n, "targetaudience", "audience", "segment")) return named("target audience", vocab.targetAudience);
  }
  if (has(n, "sku", "skucode", "itemcode", "productcode")) return named("SKU", vocab.sku);
  if (has(n, "careinstructions", "care")) return named("care instructions", vocab.careInstructions);
  if (has(n, "department", "dept") && !commerce) return named("company department", vocab.companyDepartment);
  if (LAB.test(about) || siblings.some((s) => /^(testname|loinccode|loinc|referencerange)$/.test(s))) {
    const lab = labMeaning(n, has);
    if (lab) return lab;
  }
  if (has(n, "language", "lang") && !software) return named("language", (ctx) => ctx.rng.pick(LANGUAGE_NAMES));
  return undefined;
}

const LANGUAGE_NAMES = ["English", "Spanish", "French", "German", "Portuguese", "Italian", "Dutch", "Japanese", "Chinese", "Arabic"];

function repoDescription(ctx: GenContext): string {
  return ctx.rng.pick(["A {t} for {d}", "Official {t} for the {d}", "Lightweight {t} to manage {d}", "{T} that syncs {d}", "Experimental {t} for {d}"])
    .replace("{t}", ctx.rng.pick(["library", "command-line tool", "service", "toolkit", "plugin", "SDK"]))
    .replace("{T}", ctx.rng.pick(["A service", "A library", "A bot"]))
    .replace("{d}", ctx.rng.pick(["payments", "feature flags", "CSV exports", "webhooks", "user sessions", "search indexes", "release notes", "the design system", "infrastructure as code"]));
}

/** The name of a thing a parent object is (a repository, a release, a label, a company, a campaign). */
function thingNameMeaning(n: string, entity: string, software: boolean): Meaning | undefined {
  const full = n === "fullname";
  if (/repo(sitory)?s?$|^(head|base)?repo$/.test(entity)) return full ? named("repository full name (owner/name)", vocab.repoFullName) : named("repository name", vocab.repoName);
  if (full) return undefined;
  if (/(asset|file|attachment|artifact|upload)s?$/.test(entity)) return named("file name", vocab.fileName);
  if (/release/.test(entity)) return named("release name", vocab.releaseName);
  if (/package/.test(entity)) return named("package name", vocab.packageName);
  if (/labels?$/.test(entity)) return named("label name", vocab.labelName);
  if (/license/.test(entity)) return named("licence name", vocab.licenseName);
  if (/workflow/.test(entity)) return named("workflow name", vocab.workflowName);
  if (/check|job|step/.test(entity)) return named("CI check name", vocab.checkName);
  if (/branch/.test(entity)) return named("branch name", vocab.branchName);
  if (/tag/.test(entity)) return named("version tag", vocab.versionTag);
  if (/milestone/.test(entity)) return named("milestone name", (ctx) => (ctx.rng.chance(0.5) ? `v${vocab.semver(ctx)}` : `Sprint ${ctx.rng.int(1, 60)}`));
  if (/campaign/.test(entity)) return named("campaign name", vocab.campaignName);
  if (/(company|organi[sz]ation|org|merchant|vendor|supplier|employer|business|brand|manufacturer|enterprise)s?$/.test(entity)) return named("company name", companyName);
  if (/(product|item|sku|article)s?$/.test(entity)) return named("product name", productName);
  if (/(category|department)/.test(entity)) return named("product category", vocab.productCategory);
  if (/(app|integration|bot)s?$/.test(entity) && software) return named("app name", (ctx) => `${capitalise(vocab.repoName(ctx).split("-")[0])} ${ctx.rng.pick(["Bot", "CI", "App", "Sync"])}`);
  return undefined;
}

/** Strings shaped like an example: its digits and hex runs redrawn, its other characters kept. */
function templateOf(example: string): SemanticGenerator {
  const hexRuns = /[0-9a-f]{7,}/g;
  return (ctx) => example.replace(hexRuns, (run) => (/[a-f]/.test(run) ? run.replace(/./g, () => "0123456789abcdef"[ctx.rng.int(0, 15)]) : run))
    .replace(/\d/g, (d, i: number, s: string) => (i === 0 || !/\d/.test(s[i - 1] ?? "") ? String(ctx.rng.int(d === "0" ? 0 : 1, 9)) : String(ctx.rng.int(0, 9))));
}

/** From `examples`: a palette of several, or one example as a template of the value's shape (digits redrawn). */
function examplesMeaning(h: SemanticHints): Meaning | undefined {
  const strings = [...new Set((h.examples ?? []).filter((e): e is string => typeof e === "string" && e.length > 0 && e.length <= 200))];
  if (!strings.length) return undefined;
  if (strings.length >= 2) return named("examples (palette)", (ctx) => ctx.rng.pick(strings));
  const only = strings[0];
  if (/\d/.test(only)) return named("example (shape)", templateOf(only));
  return named("example", () => only);
}

// ---- meanings compliance mode constrains ----------------------------------------------------------------

/** International calling codes of the locales' countries (for E.164 spellings of phone numbers). */
const CALLING_CODES: Record<string, string> = {
  US: "1", CA: "1", GB: "44", DE: "49", FR: "33", ES: "34", IT: "39", NL: "31", BE: "32", AT: "43", CH: "41", IE: "353",
  PT: "351", SE: "46", NO: "47", DK: "45", FI: "358", PL: "48", AU: "61", NZ: "64", IN: "91", JP: "81", BR: "55", MX: "52",
};

/** A phone number in E.164 form (+CC and the national number without its trunk 0). */
function e164(value: string, ctx: GenContext): string {
  const d = value.replace(/\D/g, "");
  if (value.trimStart().startsWith("+")) return "+" + d;
  if (d.startsWith("00")) return "+" + d.slice(2);
  const cc = CALLING_CODES[ctx.locale.countryCode] ?? (d.length === 10 ? "1" : undefined);
  if (cc === "1") return d.length === 11 && d.startsWith("1") ? "+" + d : "+1" + d;
  return cc ? "+" + cc + d.replace(/^0/, "") : "+" + d;
}

const digitsOnly = (value: string): string => value.replace(/\D/g, "");

/** A card number in the groups it is printed in (4-6-5 for 15-digit American Express, else fours). */
function grouped(sep: string): (value: string) => string {
  return (value) => {
    const d = digitsOnly(value);
    if (d.length === 15) return `${d.slice(0, 4)}${sep}${d.slice(4, 10)}${sep}${d.slice(10)}`;
    return d.replace(/(\d{4})(?=\d)/g, `$1${sep}`);
  };
}

const EMAIL: Meaning = { gen: emailFor, safeKind: "email", formats: ["email", "idn-email"] };
const PHONE: Meaning = { gen: phoneFor, safeKind: "phone", variants: [digitsOnly, e164] };
const IBAN: Meaning = {
  gen: (ctx) => compliance.iban(ctx.rng, ctx.locale.countryCode, ctx.compliance),
  safeKind: "iban",
  variants: [(v) => v.replace(/(.{4})(?=.)/g, "$1 ")],
  safeValues: Object.values(compliance.EXAMPLE_IBANS),
  repair: withIbanCheck,
};
/** The value with its last digit replaced by the Luhn check digit of the digits before it. */
function withLuhnDigit(value: string): string {
  const d = digitsOnly(value);
  if (d.length < 12) return value;
  const last = value.search(/\d(?=\D*$)/);
  return value.slice(0, last) + compliance.luhnCheckDigit(d.slice(0, -1)) + value.slice(last + 1);
}

/** An IBAN-shaped value with its check digits recomputed. */
function withIbanCheck(value: string): string {
  const compact = value.replace(/ /g, "");
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return value;
  if (value.slice(0, 4) !== compact.slice(0, 4)) return value;
  return value.slice(0, 2) + compliance.ibanCheckDigits(compact.slice(0, 2), compact.slice(4)) + value.slice(4);
}

const CARD_NUMBER: Meaning = {
  gen: (ctx) => (ctx.compliance ? ctx.rng.pick(compliance.TEST_CARD_NUMBERS) : compliance.luhnCard(ctx.rng)),
  safeKind: "card_number",
  variants: [grouped(" "), grouped("-")],
  safeValues: compliance.TEST_CARD_NUMBERS,
  repair: withLuhnDigit,
};
const NATIONAL_ID: Meaning = { gen: (ctx) => compliance.nationalId(ctx.rng, ctx.compliance), safeKind: "national_id", variants: [digitsOnly] };
const IPV4: Meaning = { gen: (ctx) => ipv4(ctx), safeKind: "ip_address", formats: ["ipv4"] };
const IPV6: Meaning = { gen: ipv6, safeKind: "ip_address", formats: ["ipv6"] };

export { uuidV4 };
