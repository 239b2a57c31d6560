// Attributes that go together, drawn once per entity: a lab test with its LOINC code, unit, reference range
// and a plausible result; and an employee's job (title from department and level, salary from the level's
// band). Also finance references (remittance information, end-to-end ids, mandate references) and
// security-advisory text composed from the row's own weakness. Deterministic by seed, English, never Latin.
import type { GenContext } from "./context";
import { errorMessage } from "./vocabulary";
import { CWES, VIN_MAKERS } from "./identifiers";

// ---- health: laboratory tests --------------------------------------------------------------------------

export interface LabTest { name: string; loinc: string; unit: string; low: number; high: number; decimals: number; method: string; specimen: string }

/** Common tests with their LOINC code, unit and adult reference interval. */
export const LAB_TESTS: readonly LabTest[] = [
  { name: "Hemoglobin", loinc: "718-7", unit: "g/dL", low: 12, high: 17.5, decimals: 1, method: "Photometry", specimen: "blood" },
  { name: "Glucose, fasting", loinc: "1558-6", unit: "mg/dL", low: 70, high: 99, decimals: 0, method: "Hexokinase", specimen: "plasma" },
  { name: "Potassium", loinc: "2823-3", unit: "mmol/L", low: 3.5, high: 5.1, decimals: 1, method: "Ion-selective electrode", specimen: "serum" },
  { name: "Sodium", loinc: "2951-2", unit: "mmol/L", low: 135, high: 145, decimals: 0, method: "Ion-selective electrode", specimen: "serum" },
  { name: "Creatinine", loinc: "2160-0", unit: "mg/dL", low: 0.6, high: 1.3, decimals: 2, method: "Enzymatic", specimen: "serum" },
  { name: "Thyroid stimulating hormone", loinc: "3016-3", unit: "mIU/L", low: 0.4, high: 4, decimals: 2, method: "Chemiluminescent immunoassay", specimen: "serum" },
  { name: "Leukocytes (WBC count)", loinc: "6690-2", unit: "10*3/uL", low: 4.5, high: 11, decimals: 1, method: "Flow cytometry", specimen: "blood" },
  { name: "Platelets", loinc: "777-3", unit: "10*3/uL", low: 150, high: 450, decimals: 0, method: "Impedance", specimen: "blood" },
  { name: "Alanine aminotransferase (ALT)", loinc: "1742-6", unit: "U/L", low: 7, high: 56, decimals: 0, method: "Kinetic UV", specimen: "serum" },
  { name: "Cholesterol, total", loinc: "2093-3", unit: "mg/dL", low: 125, high: 200, decimals: 0, method: "Enzymatic", specimen: "serum" },
  { name: "Hemoglobin A1c", loinc: "4548-4", unit: "%", low: 4, high: 5.6, decimals: 1, method: "HPLC", specimen: "blood" },
  { name: "C-reactive protein", loinc: "1988-5", unit: "mg/L", low: 0, high: 10, decimals: 1, method: "Immunoturbidimetry", specimen: "serum" },
];

/** The entity's lab test, drawn once so its name, code, unit, range and result agree. */
export function labTestOf(ctx: GenContext): LabTest {
  const drawn = (ctx.entity.drawn ??= {});
  return (drawn.labTest ??= ctx.rng.pick(LAB_TESTS)) as LabTest;
}
const round = (x: number, decimals: number) => Number(x.toFixed(decimals));
/** A result: mostly inside the reference range, about one in six outside it. */
export function labValue(ctx: GenContext): number {
  const t = labTestOf(ctx);
  const drawn = ctx.entity.drawn!;
  if (typeof drawn.labValue === "number") return drawn.labValue;
  const span = t.high - t.low;
  const x = ctx.rng.float();
  const v = x < 0.08 ? t.low - span * 0.3 * ctx.rng.float() : x < 0.17 ? t.high + span * 0.5 * ctx.rng.float() : t.low + span * ctx.rng.float();
  return (drawn.labValue = round(Math.max(0, v), t.decimals));
}
export const labRange = (ctx: GenContext): string => { const t = labTestOf(ctx); return `${t.low.toFixed(t.decimals)}-${t.high.toFixed(t.decimals)} ${t.unit}`; };

// ---- HR: title, level, department and salary drawn together --------------------------------------------

/** Roles per department (the department names a request most often uses). */
const ROLES: Record<string, readonly string[]> = {
  engineering: ["Software Engineer", "Data Engineer", "QA Engineer", "DevOps Engineer"], sales: ["Account Executive", "Sales Representative"],
  finance: ["Financial Analyst", "Accountant"], hr: ["HR Generalist", "Recruiter"], marketing: ["Marketing Specialist", "Content Marketer"],
  operations: ["Operations Analyst", "Logistics Coordinator"], support: ["Support Specialist"], legal: ["Legal Counsel"], product: ["Product Manager"], design: ["Product Designer"],
};
const CHIEFS: Record<string, string> = { engineering: "Chief Technology Officer", sales: "Chief Revenue Officer", finance: "Chief Financial Officer", hr: "Chief People Officer", marketing: "Chief Marketing Officer", operations: "Chief Operating Officer" };
/** Annual salary bands (USD) per level rank: intern, junior, mid, senior, lead, director, VP, C-level. */
export const SALARY_BANDS: ReadonlyArray<readonly [number, number]> = [[18_000, 38_000], [42_000, 68_000], [62_000, 98_000], [90_000, 145_000], [120_000, 175_000], [150_000, 240_000], [200_000, 330_000], [260_000, 600_000]];

/** The rank (0 intern ... 7 C-level) a level, grade or seniority value names, or undefined. */
export function levelRank(level: string): number | undefined {
  const l = level.toLowerCase();
  if (/intern|trainee|apprentice/.test(l)) return 0;
  if (/c-level|chief|cxo|executive|^c$/.test(l)) return 7;
  if (/\bvp\b|vice/.test(l)) return 6;
  if (/director|head/.test(l)) return 5;
  if (/lead|principal|staff|manager/.test(l)) return 4;
  if (/senior|\bsr\b|iii|l4|l5/.test(l)) return 3;
  if (/mid|intermediate|\bii\b|l3/.test(l)) return 2;
  if (/junior|\bjr\b|entry|associate|\bi\b|l1|l2/.test(l)) return 1;
  return undefined;
}

function departmentKey(department: string | undefined): string {
  const d = (department ?? "").toLowerCase();
  if (/engineer|tech|it|develop|r&d/.test(d)) return "engineering";
  if (/human|people|^hr/.test(d)) return "hr";
  for (const k of Object.keys(ROLES)) if (d.includes(k)) return k;
  return "operations";
}

/** A job title for a department and level rank: "Senior Data Engineer", "Director of Sales", "Chief Financial Officer". */
export function jobTitleFor(ctx: GenContext, department: string | undefined, rank: number): string {
  const key = departmentKey(department);
  const role = ctx.rng.pick(ROLES[key]!);
  const area = key === "hr" ? "People" : key.charAt(0).toUpperCase() + key.slice(1);
  switch (rank) {
    case 0: return `${role} Intern`;
    case 1: return `Junior ${role}`;
    case 2: return role;
    case 3: return `Senior ${role}`;
    case 4: return ctx.rng.chance(0.5) ? `Lead ${role}` : `${area} Manager`;
    case 5: return `Director of ${area}`;
    case 6: return `VP of ${area}`;
    default: return CHIEFS[key] ?? "Chief Executive Officer";
  }
}

/** A salary inside the level's band, rounded to the thousand (half-time roles at half of it). */
export function salaryFor(ctx: GenContext, rank: number, partTime: boolean): number {
  const [lo, hi] = SALARY_BANDS[rank]!;
  const full = lo + (hi - lo) * ctx.rng.float() ** 1.5;
  return Math.round((partTime ? full / 2 : full) / 1000) * 1000;
}

// ---- finance -------------------------------------------------------------------------------------------

const REMITTANCE = ["Invoice {inv}", "Invoice {inv} - thank you", "Rent {month}", "Order {ord}", "Salary {month}", "Membership fee {year}", "Refund order {ord}", "Electricity bill {month}", "Consulting services {month}", "Loan repayment {n}/24"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Unstructured remittance information as payers write it ("Invoice INV-2025-00412"), at most 140 characters. */
export function remittanceInformation(ctx: GenContext): string {
  return ctx.rng.pick(REMITTANCE).replace(/\{(\w+)\}/g, (_m, slot: string) => {
    const year = ctx.rng.int(2023, 2025);
    if (slot === "inv") return `INV-${year}-${String(ctx.rng.int(1, 9999)).padStart(5, "0")}`;
    if (slot === "ord") return `${ctx.rng.int(100000, 999999)}`;
    if (slot === "month") return `${ctx.rng.pick(MONTHS)} ${year}`;
    if (slot === "year") return String(year);
    return String(ctx.rng.int(1, 24));
  });
}
const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
const code = (ctx: GenContext, n: number) => { let s = ""; for (let i = 0; i < n; i++) s += ALNUM[ctx.rng.int(0, ALNUM.length - 1)]; return s; };
/** An end-to-end id a payer's system assigns (SEPA: at most 35 characters). */
export const endToEndId = (ctx: GenContext): string => `E2E-${ctx.rng.int(2023, 2025)}${String(ctx.rng.int(1, 12)).padStart(2, "0")}-${code(ctx, 10)}`;
/** A SEPA direct-debit mandate reference. */
export const mandateReference = (ctx: GenContext): string => `MNDT-${code(ctx, 4)}-${ctx.rng.int(100000, 999999)}`;

// ---- software security ---------------------------------------------------------------------------------

/** The entity's weakness (CWE), once, so an advisory's id, summary and description agree. */
export function weaknessOf(ctx: GenContext): readonly [number, string] {
  const drawn = (ctx.entity.drawn ??= {});
  return (drawn.cwe ??= ctx.rng.pick(CWES)) as readonly [number, string];
}
export const cweId = (ctx: GenContext): string => `CWE-${weaknessOf(ctx)[0]}`;
const COMPONENTS = ["the template renderer", "the URL parser", "the file upload handler", "the session middleware", "the XML importer", "the query builder", "the archive extractor", "the image resizer"];
export const advisorySummary = (ctx: GenContext): string => `${weaknessOf(ctx)[1]} in ${ctx.rng.pick(COMPONENTS)}`;
export function advisoryDescription(ctx: GenContext): string {
  const [id, name] = weaknessOf(ctx);
  return `${name} (CWE-${id}) in ${ctx.rng.pick(COMPONENTS)} allows a remote attacker to ${ctx.rng.pick(["execute arbitrary code", "read files outside the web root", "bypass authorization checks", "cause a denial of service", "inject scripts into pages other users view"])}. `
    + `Users should upgrade to the patched version; ${ctx.rng.pick(["no workaround is known", "disabling the feature is a workaround", "the default configuration is not affected"])}.`;
}

// ---- businesses, vehicles, travel, books ---------------------------------------------------------------

/** A VAT number of the locale's country (EU style: country prefix and digits). */
export function vatNumber(ctx: GenContext): string {
  const cc = ctx.locale.countryCode && /^[A-Z]{2}$/.test(ctx.locale.countryCode) ? ctx.locale.countryCode : "DE";
  const digits = { DE: 9, FR: 11, GB: 9, ES: 9, IT: 11, NL: 9 }[cc] ?? 9;
  let s = "";
  for (let i = 0; i < digits; i++) s += String(ctx.rng.int(0, 9));
  return cc === "NL" ? `NL${s}B01` : cc === "ES" ? `ES${s.slice(0, 8)}${"ABCDEFGHJ"[ctx.rng.int(0, 8)]}` : `${cc}${s}`;
}
/** A company registration number: Companies House style 8 digits, or HRB 12345 in Germany. */
export function companyNumber(ctx: GenContext): string {
  if (ctx.locale.countryCode === "DE") return `HRB ${ctx.rng.int(1000, 250000)}`;
  return String(ctx.rng.int(1, 15_999_999)).padStart(8, "0");
}
const LETTERS = "ABCDEFGHJKLMNPRSTVWXYZ";
const letter = (ctx: GenContext) => LETTERS[ctx.rng.int(0, LETTERS.length - 1)];
/** A registration plate in the locale's style (GB "AB12 CDE", DE "B-AB 1234", US "7ABC123"). */
export function registrationPlate(ctx: GenContext): string {
  const cc = ctx.locale.countryCode;
  if (cc === "GB") return `${letter(ctx)}${letter(ctx)}${ctx.rng.int(10, 75)} ${letter(ctx)}${letter(ctx)}${letter(ctx)}`;
  if (cc === "DE") return `${ctx.rng.pick(["B", "M", "HH", "K", "F", "S"])}-${letter(ctx)}${letter(ctx)} ${ctx.rng.int(1, 9999)}`;
  if (cc === "FR") return `${letter(ctx)}${letter(ctx)}-${ctx.rng.int(100, 999)}-${letter(ctx)}${letter(ctx)}`;
  return `${ctx.rng.int(1, 9)}${letter(ctx)}${letter(ctx)}${letter(ctx)}${ctx.rng.int(100, 999)}`;
}
const MODELS: Record<string, readonly string[]> = {
  Volkswagen: ["Golf", "Passat", "Tiguan", "Polo"], BMW: ["3 Series", "5 Series", "X3", "X5"], "Mercedes-Benz": ["C-Class", "E-Class", "GLC", "A-Class"],
  Honda: ["Civic", "Accord", "CR-V", "Jazz"], Toyota: ["Corolla", "RAV4", "Yaris", "Camry"], Tesla: ["Model 3", "Model Y", "Model S"], Renault: ["Clio", "Megane", "Captur"],
  Fiat: ["500", "Panda", "Tipo"], "Land Rover": ["Defender", "Discovery", "Range Rover Evoque"], Volvo: ["XC60", "XC90", "V60"], Hyundai: ["i30", "Tucson", "Kona"],
  Ford: ["Focus", "Fiesta", "Mustang", "Kuga"], Skoda: ["Octavia", "Fabia", "Kodiaq"],
};
/** The entity's make: the maker of its VIN when it has one (both drawn from the same maker). */
export function vehicleMake(ctx: GenContext): string {
  const drawn = (ctx.entity.drawn ??= {});
  return (drawn.make ??= ctx.rng.pick(VIN_MAKERS)[1]) as string;
}
export const vehicleModel = (ctx: GenContext): string => ctx.rng.pick(MODELS[vehicleMake(ctx)] ?? ["Standard"]);
const REQUESTS = ["Vegetarian meal", "Wheelchair assistance at the gate", "Window seat if possible", "Travelling with an infant", "Extra legroom requested", "Gluten-free meal", "Seat next to my travel companion", "No special requests"];
export const specialRequest = (ctx: GenContext): string => ctx.rng.pick(REQUESTS);
/** SEPA reason codes with their meaning, as a bank reports a rejected transfer. */
const REJECTIONS = ["AC01 Incorrect account number", "AC04 Closed account number", "AM04 Insufficient funds", "MD07 End customer deceased", "AG01 Transaction forbidden", "BE05 Unrecognised initiating party", "MS03 Reason not specified"];
export const rejectionReason = (ctx: GenContext): string => ctx.rng.pick(REJECTIONS);
const PUBLISHERS = ["Penguin Random House", "HarperCollins", "Simon & Schuster", "Macmillan", "Hachette", "Bloomsbury", "Faber & Faber", "Oxford University Press", "O'Reilly Media", "Springer"];
export const publisher = (ctx: GenContext): string => ctx.rng.pick(PUBLISHERS);
const GENRES = ["Literary fiction", "Crime", "Science fiction", "Fantasy", "Biography", "History", "Romance", "Thriller", "Children's", "Self-help", "Cookery", "Travel", "Computing"];
export const genre = (ctx: GenContext): string => ctx.rng.pick(GENRES);
const HEROES = ["a retired detective", "a young botanist", "two estranged sisters", "a ship's doctor", "a small-town teacher", "an exiled prince", "a data scientist"];
const PLOTS = ["uncovers a secret that could change everything", "must cross a divided country to return home", "rebuilds a life after a sudden loss", "races to stop a conspiracy before the election", "learns what the family never said"];
const SETTINGS = ["in post-war Vienna", "on a remote Scottish island", "in near-future Lagos", "during one hot Paris summer", "in the hills above Kyoto", "aboard a failing space station"];
/** A back-cover synopsis: a hero, a plot and a setting. */
export const synopsis = (ctx: GenContext): string => {
  const s = `${ctx.rng.pick(HEROES)} ${ctx.rng.pick(PLOTS)} ${ctx.rng.pick(SETTINGS)}.`;
  return s.charAt(0).toUpperCase() + s.slice(1);
};
const INDUSTRIES = ["Retail", "Software", "Financial services", "Manufacturing", "Healthcare", "Logistics", "Hospitality", "Construction", "Professional services", "Telecommunications", "Energy", "Education"];
export const industry = (ctx: GenContext): string => ctx.rng.pick(INDUSTRIES);

// ---- errors --------------------------------------------------------------------------------------------

const ERROR_KINDS: ReadonlyArray<[RegExp, string]> = [
  [/^ECONNREFUSED/, "ConnectionRefusedError"], [/^HTTP 5/, "HttpError"], [/^Permission denied/, "PermissionError"], [/^Unique constraint/, "IntegrityError"],
  [/^Out of memory/, "OutOfMemoryError"], [/^Invalid token/, "AuthenticationError"],
];
/** The entity's error, once, as [type, message], so an error object's type, message and stack trace agree. */
export function errorOf(ctx: GenContext): readonly [string, string] {
  const drawn = (ctx.entity.drawn ??= {});
  if (!drawn.error) {
    const full = errorMessage(ctx);
    const m = /^([A-Z]\w*(?:Error|Exception)):? (.*)$/.exec(full);
    drawn.error = m ? [m[1], m[2]] : [ERROR_KINDS.find(([re]) => re.test(full))?.[1] ?? "Error", full];
  }
  return drawn.error as readonly [string, string];
}
const FRAMES = ["handleRequest", "processOrder", "loadSession", "chargeCard", "renderInvoice", "syncInventory", "sendNotification"];
const FILES = ["server", "orders/service", "session/store", "payments/client", "invoices/render", "inventory/sync", "notify/mailer"];
/** A stack trace for the entity's error: its first line, then three or four frames. */
export function stackTrace(ctx: GenContext): string {
  const [type, message] = errorOf(ctx);
  const frames: string[] = [];
  for (let i = ctx.rng.int(3, 4); i > 0; i--) frames.push(`    at ${ctx.rng.pick(FRAMES)} (/app/src/${ctx.rng.pick(FILES)}.js:${ctx.rng.int(10, 400)}:${ctx.rng.int(5, 40)})`);
  return `${type}: ${message}\n${frames.join("\n")}`;
}
