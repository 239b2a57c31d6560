// Meanings past people and places: software (repository and branch names, tags, commit SHAs and
// messages, issue titles and bodies, languages, error messages), support (ticket subjects, bodies and
// comments), commerce (product descriptions, materials, categories), marketing (campaign names), postal
// (second address lines), health (complaints, diagnoses, clinical notes, departments), marketing (UTM
// values, headlines, ad copy, audiences), SKUs and version ranges, and plain prose for notes and summaries.
// Each is a small seeded generator composed from short phrase lists and the row's own draws: deterministic
// by seed, English, never Latin.
import type { GenContext } from "./context";

type Gen = (ctx: GenContext) => string;

const pick = <T>(ctx: GenContext, list: readonly T[]): T => ctx.rng.pick(list);
const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

// ---- software ------------------------------------------------------------------------------------------

const HEX = "0123456789abcdef";

/** A git commit SHA-1: 40 lower-case hex digits. */
export function commitSha(ctx: GenContext): string {
  let s = "";
  for (let i = 0; i < 40; i++) s += HEX[ctx.rng.int(0, 15)];
  return s;
}

const REPO_HEADS = ["hello", "data", "web", "api", "auth", "cloud", "infra", "design", "mobile", "docs", "payments", "search", "billing", "core", "event", "config", "release", "metrics", "image", "task"];
const REPO_TAILS = ["world", "pipeline", "service", "client", "server", "toolkit", "gateway", "dashboard", "sdk", "cli", "worker", "store", "engine", "ui", "scheduler", "proxy", "plugin", "bot", "lib", "app"];

/** A repository's slug: "payments-gateway", "hello-world". */
export function repoName(ctx: GenContext): string {
  return `${pick(ctx, REPO_HEADS)}-${pick(ctx, REPO_TAILS)}`;
}

const OWNERS = ["octocat", "acme-corp", "openlab", "northwind", "contoso", "tailspin", "fabrikam", "initech", "globex", "umbrella-dev"];

/** "owner/repository", as GitHub writes a repository's full name. */
export function repoFullName(ctx: GenContext): string {
  return `${pick(ctx, OWNERS)}/${repoName(ctx)}`;
}

const BRANCH_KINDS = ["feature", "fix", "chore", "docs", "refactor", "release"];
const BRANCH_TOPICS = ["login-form", "rate-limit", "cache-keys", "retry-logic", "dark-mode", "null-check", "pagination", "webhooks", "csv-export", "search-index", "error-pages", "session-timeout"];

/** A branch: the default ones most often, else "feature/rate-limit". */
export function branchName(ctx: GenContext): string {
  const x = ctx.rng.float();
  if (x < 0.45) return "main";
  if (x < 0.55) return "master";
  if (x < 0.6) return "develop";
  return `${pick(ctx, BRANCH_KINDS)}/${pick(ctx, BRANCH_TOPICS)}`;
}

/** A repository's default branch. */
export function defaultBranch(ctx: GenContext): string {
  const x = ctx.rng.float();
  return x < 0.75 ? "main" : x < 0.93 ? "master" : x < 0.98 ? "develop" : "trunk";
}

/** A semantic version "1.4.2" (low numbers are the common ones). */
export function semver(ctx: GenContext): string {
  return `${Math.floor(ctx.rng.float() ** 2 * 6)}.${Math.floor(ctx.rng.float() ** 1.5 * 20)}.${Math.floor(ctx.rng.float() ** 2 * 15)}`;
}

/** A release tag "v1.4.2". */
export function versionTag(ctx: GenContext): string {
  return `v${semver(ctx)}`;
}

const RELEASE_WORDS = ["Maintenance release", "Security update", "Bug fixes", "Performance improvements", "New features", "Hotfix"];

/** A release's name: its tag, or the tag and what it brings. */
export function releaseName(ctx: GenContext): string {
  const tag = versionTag(ctx);
  return ctx.rng.chance(0.5) ? tag : `${tag}: ${pick(ctx, RELEASE_WORDS)}`;
}

const PACKAGE_SCOPES = ["@acme", "@octo", "@northwind", "@contoso"];

/** A package name: "date-utils" or "@acme/date-utils". */
export function packageName(ctx: GenContext): string {
  const base = `${pick(ctx, REPO_HEADS)}-${pick(ctx, ["utils", "core", "client", "types", "parser", "cli", "sdk", "plugin"])}`;
  return ctx.rng.chance(0.3) ? `${pick(ctx, PACKAGE_SCOPES)}/${base}` : base;
}

const CHECK_NAMES = ["build", "test", "lint", "typecheck", "unit-tests", "integration-tests", "e2e", "CodeQL", "deploy-preview", "coverage"];

/** A CI check or workflow job's name. */
export function checkName(ctx: GenContext): string {
  const name = pick(ctx, CHECK_NAMES);
  return ctx.rng.chance(0.25) ? `${name} (${pick(ctx, ["ubuntu-latest", "windows-latest", "macos-latest"])}, ${pick(ctx, ["18", "20", "22"])})` : name;
}

const FILE_STEMS = ["app", "release", "installer", "report", "build", "dist", "docs", "export", "backup", "setup"];
const FILE_KINDS = ["linux-x86_64.tar.gz", "darwin-arm64.zip", "windows-x64.exe", "pdf", "csv", "json", "zip", "deb", "png"];

/** A file name: "release-2.4.1-linux-x86_64.tar.gz", "report.pdf". */
export function fileName(ctx: GenContext): string {
  const kind = pick(ctx, FILE_KINDS);
  const stem = pick(ctx, FILE_STEMS);
  return kind.includes("-") ? `${stem}-${semver(ctx)}-${kind}` : `${stem}.${kind}`;
}

const WORKFLOWS = ["CI", "Build and test", "Release", "CodeQL", "Deploy", "Lint", "Nightly", "Publish package"];
export const workflowName: Gen = (ctx) => pick(ctx, WORKFLOWS);

const LABELS = ["bug", "enhancement", "documentation", "good first issue", "help wanted", "question", "duplicate", "wontfix", "security", "performance", "dependencies", "needs triage"];
export const labelName: Gen = (ctx) => pick(ctx, LABELS);

const LANGUAGES = ["JavaScript", "TypeScript", "Python", "Java", "Go", "Rust", "C#", "C++", "Ruby", "PHP", "Kotlin", "Swift", "Shell", "HTML", "Scala"];
/** A programming language (the most used ones most often). */
export function programmingLanguage(ctx: GenContext): string {
  return LANGUAGES[Math.floor(ctx.rng.float() ** 1.6 * LANGUAGES.length)];
}

const LICENSES = ["MIT License", "Apache License 2.0", "GNU General Public License v3.0", "BSD 3-Clause \"New\" or \"Revised\" License", "Mozilla Public License 2.0", "The Unlicense"];
export const licenseName: Gen = (ctx) => pick(ctx, LICENSES);

const COMPONENTS = ["login form", "search results", "checkout page", "API client", "webhook handler", "CSV export", "settings page", "notification service", "session cache", "file upload", "pagination", "dark mode", "rate limiter", "build script", "date picker"];
const SYMPTOMS = ["fails on Safari", "crashes when the list is empty", "times out on large inputs", "returns 500 for unicode names", "ignores the locale setting", "leaks memory after reconnect", "shows a blank screen", "double-counts retries", "breaks with Node 22", "is slow with 10k rows"];
const FEATURES = ["Add dark mode to the {c}", "Support pagination in the {c}", "Allow retries in the {c}", "Add keyboard shortcuts to the {c}", "Export the {c} as CSV", "Make the {c} configurable"];
const VERBS = ["Fix", "Add", "Update", "Remove", "Refactor", "Improve", "Handle", "Document"];
const OBJECTS = ["null check in session refresh", "retry on 429 responses", "typo in README", "flaky upload test", "dependency versions", "error message for invalid tokens", "empty state of the search page", "timezone handling in reports", "memory leak in the worker pool", "CI cache key"];

const fill = (template: string, ctx: GenContext): string => template.replace(/\{c\}/g, () => pick(ctx, COMPONENTS));

/** An issue or pull request title: a bug report, a feature request or a change. */
export function issueTitle(ctx: GenContext): string {
  const x = ctx.rng.float();
  if (x < 0.45) return `${capitalise(pick(ctx, COMPONENTS))} ${pick(ctx, SYMPTOMS)}`;
  if (x < 0.75) return fill(pick(ctx, FEATURES), ctx);
  return `${pick(ctx, VERBS)} ${pick(ctx, OBJECTS)}`;
}

/** A commit message: "Fix retry on 429 responses" or a conventional one "fix(api): ...". */
export function commitMessage(ctx: GenContext): string {
  const subject = `${pick(ctx, VERBS)} ${pick(ctx, OBJECTS)}`;
  if (ctx.rng.chance(0.35)) return `${pick(ctx, ["fix", "feat", "chore", "docs", "refactor", "test"])}(${pick(ctx, ["api", "ui", "core", "cli", "build"])}): ${subject.charAt(0).toLowerCase()}${subject.slice(1)}`;
  return subject;
}

const BODY_OPENINGS = [
  "When I open the {c}, it {s}.", "Steps to reproduce: open the {c} and wait a few seconds; it {s}.", "Since the last release the {c} {s}.",
  "This change reworks the {c} so that it no longer {s}.", "It would help if the {c} could be configured per project.",
];
const BODY_DETAILS = [
  "Expected: the page loads as before.", "This happens on every second attempt.", "I have attached the logs from the browser console.",
  "Tested locally with the default settings.", "Closes the related discussion from last week.", "Happy to open a pull request if this sounds right.",
  "The workaround for now is to reload the page.", "Tests are added for the new behaviour.",
];

/** An issue, pull request or release body: two or three sentences of a report or a change. */
export function issueBody(ctx: GenContext): string {
  const first = pick(ctx, BODY_OPENINGS).replace("{c}", pick(ctx, COMPONENTS)).replace("{s}", pick(ctx, SYMPTOMS));
  const out = [first, pick(ctx, BODY_DETAILS)];
  if (ctx.rng.chance(0.4)) out.push(pick(ctx, BODY_DETAILS));
  return out.join(" ");
}

const ERROR_TEMPLATES = [
  "TypeError: Cannot read properties of undefined (reading '{p}')", "ECONNREFUSED: connection to {h} refused", "TimeoutError: request to {h} timed out after {n} ms",
  "ValueError: invalid literal for int() with base 10: '{p}'", "NullPointerException at {P}Service.handle({P}Service.java:{n})", "Permission denied: cannot write to /var/lib/{p}",
  "HTTP 503 Service Unavailable from {h}", "Unique constraint violated on column '{p}_id'", "Out of memory while processing batch {n}", "Invalid token: signature has expired",
];
const ERROR_PARTS = ["user", "order", "session", "payment", "invoice", "token", "config", "cart"];

/** An error message that reads like one (an exception, a refused connection, a timeout). */
export function errorMessage(ctx: GenContext): string {
  return pick(ctx, ERROR_TEMPLATES).replace(/\{(\w)\}/g, (_m, slot: string) => {
    if (slot === "n") return String(ctx.rng.int(100, 30000));
    if (slot === "h") return `${pick(ctx, ["db", "api", "cache", "auth"])}-${String(ctx.rng.int(1, 12)).padStart(2, "0")}.internal`;
    const part = pick(ctx, ERROR_PARTS);
    return slot === "P" ? capitalise(part) : part;
  });
}

// ---- support -------------------------------------------------------------------------------------------

const TICKET_SUBJECTS = [
  "Cannot log in after password reset", "Refund not received for order {n}", "Invoice shows the wrong address", "App crashes when uploading a photo",
  "Package marked delivered but not received", "Charged twice for one subscription", "How do I change my plan?", "Two-factor code never arrives",
  "Export to Excel is missing columns", "Account locked after too many attempts", "Question about the delivery date", "Discount code not applied at checkout",
];
const TICKET_BODIES = [
  "Hello, {s}. I have tried again this morning with the same result. Could you please look into it?",
  "Hi team, {s}. My order number is {n}. Thanks in advance for your help.",
  "Since yesterday {s}. This is urgent as it blocks our whole team.",
  "Good afternoon, {s}. Please let me know what information you need from me.",
];
const TICKET_COMMENTS = [
  "Thanks for reaching out. I have escalated this to our billing team.", "Could you send us a screenshot of the error?", "This is now fixed; please try again and let us know.",
  "I have issued a refund; it should appear within 5-7 business days.", "We are aware of the issue and working on a fix.", "Closing this ticket as resolved. Feel free to reply if anything is still wrong.",
  "Following up: did the last suggestion help?", "Confirmed on our side, a fix ships with the next release.",
];

const n5 = (ctx: GenContext) => String(ctx.rng.int(10000, 99999));

export function ticketSubject(ctx: GenContext): string {
  return pick(ctx, TICKET_SUBJECTS).replace("{n}", n5(ctx));
}
export function ticketBody(ctx: GenContext): string {
  const subject = ticketSubject(ctx);
  return pick(ctx, TICKET_BODIES).replace("{s}", subject.charAt(0).toLowerCase() + subject.slice(1).replace(/\?$/, "")).replace("{n}", n5(ctx));
}
export const ticketComment: Gen = (ctx) => pick(ctx, TICKET_COMMENTS);

// ---- commerce, marketing, postal -----------------------------------------------------------------------

/** A product description: the locale's product blurbs, else a short composed one. */
export function productDescription(ctx: GenContext): string {
  const l = ctx.locale;
  // faker's blurbs can be templates ("Ergonomic {{commerce.product}} made with ..."): their slots filled from the locale.
  if (l.productDescriptions.length) return pick(ctx, l.productDescriptions).replace(/\{\{(.*?)\}\}/g, (_m, slot: string) => productSlot(ctx, slot));
  return `${pick(ctx, l.productAdjectives)} ${pick(ctx, l.productMaterials).toLowerCase()} ${pick(ctx, l.products).toLowerCase()}.`;
}
const PRODUCT_COLOURS = ["black", "white", "navy", "grey", "olive", "red", "sand", "teal"];
const ELEMENTS = ["carbon", "titanium", "silicon", "copper", "aluminium", "zinc"];
/** A value for a slot of a faker template ("commerce.product", "number.int({...})", "science.chemical_element.name"). */
function productSlot(ctx: GenContext, slot: string): string {
  const l = ctx.locale;
  if (/^\s*number\./.test(slot)) return String(ctx.rng.int(1, 100));
  if (/science|element/.test(slot)) return pick(ctx, ELEMENTS);
  if (/^\s*(company|person)\./.test(slot)) return pick(ctx, l.lastNames);
  if (/product\s*$|productname/i.test(slot)) return pick(ctx, l.products).toLowerCase();
  if (/material/i.test(slot)) return pick(ctx, l.productMaterials).toLowerCase();
  if (/adjective/i.test(slot)) return pick(ctx, l.productAdjectives).toLowerCase();
  if (/colou?r|human/i.test(slot)) return pick(ctx, PRODUCT_COLOURS);
  return pick(ctx, l.products).toLowerCase();
}
export const productMaterial: Gen = (ctx) => pick(ctx, ctx.locale.productMaterials);
export const productCategory: Gen = (ctx) => pick(ctx, ctx.locale.departments);

const SEASONS = ["Spring", "Summer", "Autumn", "Winter", "Black Friday", "Cyber Monday", "Back to School", "Holiday", "New Year", "Easter"];
const CAMPAIGN_KINDS = ["Sale", "Launch", "Newsletter", "Retargeting", "Promo", "Giveaway", "Webinar", "Clearance"];

/** A marketing campaign's name: "Summer 2025 Sale". */
export function campaignName(ctx: GenContext): string {
  return `${pick(ctx, SEASONS)} ${ctx.rng.int(2022, 2026)} ${pick(ctx, CAMPAIGN_KINDS)}`;
}

/** A second address line: apartment, suite, floor or unit. */
export function addressLine2(ctx: GenContext): string {
  const x = ctx.rng.float();
  if (x < 0.4) return `Apt ${ctx.rng.int(1, 40)}${ctx.rng.chance(0.3) ? "ABCD"[ctx.rng.int(0, 3)] : ""}`;
  if (x < 0.65) return `Suite ${ctx.rng.int(1, 9) * 100 + ctx.rng.int(0, 20)}`;
  if (x < 0.85) return `Floor ${ctx.rng.int(1, 30)}`;
  return `Unit ${ctx.rng.int(1, 120)}`;
}

// ---- prose ---------------------------------------------------------------------------------------------

const NOTE_SUBJECTS = ["The customer", "The team", "Our contact", "The supplier", "The reviewer", "The account manager"];
const NOTE_ACTIONS = ["asked for an updated quote", "confirmed the delivery window", "prefers e-mail over phone calls", "will review the contract next week",
  "reported a billing discrepancy", "requested a follow-up call", "approved the revised budget", "needs the documents by Friday", "is happy with the last order"];
const NOTE_TAILS = ["", " Follow up in two weeks.", " See the attached summary.", " No further action needed.", " Priority: high."];

/** A note, comment or summary a person would write: one or two short sentences. */
export function noteText(ctx: GenContext): string {
  return `${pick(ctx, NOTE_SUBJECTS)} ${pick(ctx, NOTE_ACTIONS)}.${pick(ctx, NOTE_TAILS)}`;
}

/** A few everyday words of the locale as a title ("Secure dashboard update"): for titles of unknown entities. */
export function plainTitle(ctx: GenContext): string {
  const w = ctx.locale.words;
  return capitalise(`${pick(ctx, w)} ${pick(ctx, w)}`);
}

/** A name for a thing that is not a person ("Quarterly report", "Blue dashboard"), from everyday words. */
export function thingName(ctx: GenContext): string {
  return plainTitle(ctx);
}

// ---- health --------------------------------------------------------------------------------------------

const COMPLAINTS = ["Chest pain for two hours", "Shortness of breath on exertion", "Fever and productive cough for three days", "Abdominal pain, lower right quadrant",
  "Headache with nausea since this morning", "Fall at home, pain in the left wrist", "Dizziness and palpitations", "Lower back pain after lifting", "Rash on both forearms", "Persistent dry cough for two weeks"];
const DIAGNOSES = ["Community-acquired pneumonia", "Acute appendicitis", "Type 2 diabetes mellitus without complications", "Essential hypertension", "Closed fracture of the distal radius",
  "Migraine without aura", "Urinary tract infection", "Atrial fibrillation", "Acute bronchitis", "Lumbar strain", "Contact dermatitis", "Iron deficiency anaemia"];
const PLANS = ["Started on oral antibiotics; review in 48 hours.", "Discharged with analgesia and advice to rest.", "Referred to cardiology for follow-up.", "Bloods repeated in one week.",
  "Patient educated on medication and warning signs.", "Follow up with the general practitioner in two weeks.", "Admitted for observation overnight.", "Wound dressed; sutures out in ten days."];
export const chiefComplaint: Gen = (ctx) => pick(ctx, COMPLAINTS);
export const diagnosisDescription: Gen = (ctx) => pick(ctx, DIAGNOSES);
/** A clinical note: presentation, finding and plan, in the usual terse style. */
export function clinicalNote(ctx: GenContext): string {
  return `${pick(ctx, COMPLAINTS)}. ${pick(ctx, ["Vitals stable.", "Afebrile on arrival.", "Mild tachycardia noted.", "Examination unremarkable apart from tenderness."])} Assessment: ${pick(ctx, DIAGNOSES).toLowerCase()}. ${pick(ctx, PLANS)}`;
}
const CLINICAL_DEPARTMENTS = ["Emergency", "Cardiology", "Internal Medicine", "Orthopaedics", "Paediatrics", "Neurology", "Oncology", "General Surgery", "Radiology", "Obstetrics"];
export const clinicalDepartment: Gen = (ctx) => pick(ctx, CLINICAL_DEPARTMENTS);
const COMPANY_DEPARTMENTS = ["Engineering", "Sales", "Marketing", "Finance", "Human Resources", "Operations", "Customer Support", "Legal", "Product", "IT"];
export const companyDepartment: Gen = (ctx) => pick(ctx, COMPANY_DEPARTMENTS);

// ---- marketing -----------------------------------------------------------------------------------------

const UTM_SOURCES = ["google", "facebook", "instagram", "linkedin", "newsletter", "bing", "tiktok", "twitter", "partner_site"];
const UTM_MEDIUMS = ["cpc", "email", "social", "display", "organic", "referral", "affiliate"];
export const utmSource: Gen = (ctx) => pick(ctx, UTM_SOURCES);
export const utmMedium: Gen = (ctx) => pick(ctx, UTM_MEDIUMS);
/** A campaign name as a UTM value: "summer_2025_sale". */
export const utmCampaign: Gen = (ctx) => campaignName(ctx).toLowerCase().replace(/[^a-z0-9]+/g, "_");
const HEADLINES = ["Save {p}% on everything this weekend", "New arrivals are here", "Free shipping on orders over $50", "Your exclusive member offer", "Last chance: sale ends tonight", "Try it free for 30 days", "Meet the new collection"];
export const adHeadline: Gen = (ctx) => pick(ctx, HEADLINES).replace("{p}", String(ctx.rng.pick([10, 15, 20, 25, 30, 40, 50])));
export function adCopy(ctx: GenContext): string {
  return `${adHeadline(ctx)}. ${pick(ctx, ["Shop the full range online.", "Sign up in under a minute.", "Limited stock, order today.", "Join thousands of happy customers.", "Cancel anytime."])}`;
}
const AUDIENCES = ["Returning customers, 25-44", "New visitors from search", "Newsletter subscribers", "Cart abandoners, last 30 days", "Small business owners", "Students and graduates", "Parents with young children", "Lookalike audience of top buyers"];
export const targetAudience: Gen = (ctx) => pick(ctx, AUDIENCES);

// ---- commerce ids and package versions -----------------------------------------------------------------

/** A stock-keeping unit: "TSH-10234-BL" (category letters, a number, a variant). */
export function sku(ctx: GenContext): string {
  const letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  const head = `${letters[ctx.rng.int(0, 22)]}${letters[ctx.rng.int(0, 22)]}${letters[ctx.rng.int(0, 22)]}`;
  return ctx.rng.chance(0.5) ? `${head}-${ctx.rng.int(10000, 99999)}` : `${head}-${ctx.rng.int(10000, 99999)}-${pick(ctx, ["BL", "RD", "S", "M", "L", "XL", "WH", "GR"])}`;
}
/** A range of affected versions as advisories write it: "< 2.4.1", ">= 1.0.0, < 1.8.3". */
export function versionRange(ctx: GenContext): string {
  const upper = semver(ctx);
  return ctx.rng.chance(0.5) ? `< ${upper}` : `>= ${upper.split(".")[0]}.0.0, < ${upper}`;
}
const CARE = ["Machine wash cold, tumble dry low.", "Hand wash only; dry flat.", "Wipe clean with a damp cloth.", "Do not bleach. Iron on low heat.", "Dry clean only.", "Keep away from direct sunlight."];
export const careInstructions: Gen = (ctx) => pick(ctx, CARE);
