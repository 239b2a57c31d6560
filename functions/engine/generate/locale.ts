// Locale data for realistic values, read once from @faker-js/faker's per-locale definitions (only the
// requested locale's module is loaded, which keeps the CLI's start-up short). The hot path indexes these
// arrays with the engine's PRNG instead of calling faker's template helpers.
import type { Faker } from "@faker-js/faker";
import { countryPlaces } from "./places";

export class UnknownLocaleError extends Error {
  override readonly name = "UnknownLocaleError";
}

/** One real place whose city, state and postal code agree. */
export interface Place {
  city: string;
  state: string;
  stateCode: string;
  /** Postal code pattern: `#` is a random digit. */
  postcode: string;
  country: string;
  countryCode: string;
  latitude: number;
  longitude: number;
}

export interface LocaleData {
  code: string;
  firstNames: { female: string[]; male: string[]; any: string[] };
  lastNames: string[];
  streetSuffixes: string[];
  streetNames: string[];
  /** Street types written before the name (fr: Rue, Avenue; es: Calle, Avenida). */
  streetPrefixes: string[];
  /** Where the house number goes: "1 Main Street" (en, fr), "Hauptstraße 1" (de), "Calle Mayor, 1" (es). */
  houseNumber: "before" | "after" | "after-comma";
  /** How an address line orders its parts: "City, ST 12345" (US) , "City AB1 2CD" (UK), "12345 City" (most of Europe). */
  addressStyle: "us" | "gb" | "postcode-first";
  cities: string[];
  states: string[];
  postcodes: string[];
  phoneFormats: string[];
  freeEmailDomains: string[];
  domainSuffixes: string[];
  companySuffixes: string[];
  jobTitles: string[];
  /** Parts of product names ("Ergonomic Steel Chair"). */
  productAdjectives: string[];
  productMaterials: string[];
  products: string[];
  /** Product blurbs ("The Apollotech B340 is an affordable wireless mouse ...") and shop departments. */
  productDescriptions: string[];
  departments: string[];
  /** Everyday words of the language (nouns, adjectives, verbs) for text without a known meaning. */
  words: string[];
  currencies: Array<{ code: string; name: string }>;
  countryCodes: string[];
  countries: string[];
  places: Place[];
  /** The country every place of the locale lies in ("" when the locale has no place data). */
  country: string;
  countryCode: string;
  /** The locale module's Faker (class and definitions); never seeded or called directly. */
  faker: Faker;
}

function flat(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (Array.isArray(obj.generic)) return flat(obj.generic);
    return Object.values(obj).flatMap(flat);
  }
  return [];
}
function notTemplate(items: string[]): string[] {
  return items.filter((s) => !s.includes("{{"));
}

function placesOf(code: string): Place[] {
  const c = countryPlaces(code);
  if (!c) return [];
  return c.places.map(([city, state, stateCode, postcode, latitude, longitude]) => ({
    city, state, stateCode, postcode, country: c.country, countryCode: c.countryCode, latitude, longitude,
  }));
}

/**
 * Phone number patterns of one national style, so a column reads as one country's numbers written one
 * way (faker's lists mix national, international and service numbers). A leading "0#" becomes "0!":
 * "00" starts an international call, not a subscriber number.
 */
function phoneFormatsOf(code: string, phone: Record<string, unknown> | undefined): string[] {
  if (code === "en_GB") return ["01### ######", "01#1 ### ####", "011# ### ####", "02# #### ####", "07### ######", "07### ######"];
  const formats = phone?.format as Record<string, unknown> | undefined;
  const national = flat(formats?.national);
  const chosen = national.length ? national : flat(formats ?? phone);
  return chosen.map((f) => f.replace(/^0#/, "0!"));
}

/** Free e-mail providers people of a locale really use, the big ones listed more than once (more common). */
const EMAIL_DOMAINS: Record<string, string[]> = {
  en: ["gmail.com", "gmail.com", "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com"],
  en_US: ["gmail.com", "gmail.com", "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com"],
  en_GB: ["gmail.com", "gmail.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com", "btinternet.com", "icloud.com"],
  de: ["gmail.com", "gmx.de", "gmx.de", "web.de", "web.de", "t-online.de", "outlook.de", "yahoo.de"],
  fr: ["gmail.com", "gmail.com", "orange.fr", "free.fr", "hotmail.fr", "laposte.net", "sfr.fr", "yahoo.fr"],
  es: ["gmail.com", "gmail.com", "hotmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"],
};

/** Street types that name a street (faker's es list also has buildings and districts: "Edificio", "Barrio"). */
const SPANISH_STREET_TYPES = new Set(["Avenida", "Calle", "Camino", "Carretera", "Paseo", "Plaza", "Rambla", "Ronda", "Travesía", "Glorieta", "Pasaje", "Callejón", "Cuesta", "Bajada", "Subida"]);

/** Common surnames in the UK (ONS), for en_GB, whose faker data has no surname list of its own. */
const BRITISH_SURNAMES = [
  "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts",
  "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris",
  "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark",
  "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis", "Parker",
  "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins",
  "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams",
  "Singh", "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt",
  "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd", "Butler",
  "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey", "Graham", "Pearson", "Ahmed",
  "Fletcher", "Walsh", "Kaur", "Gibson", "Howard", "Andrews", "Stewart", "Elliott", "Reynolds", "Saunders", "Payne",
  "Fox", "Ford", "Pearce", "Day", "Brooks", "West", "Lawrence", "Cole", "Atkinson", "Bradley", "Spencer", "Gill",
  "Dawson", "Ball", "Burton", "O'Brien", "Watts", "Rose", "Booth", "Perry", "Ryan", "Grant", "Wells", "Armstrong",
  "Francis", "Rees", "Hayes", "Hart", "Hudson", "Newman", "Barrett", "Webster", "Hunter", "Gregory", "Carr", "Lowe",
  "Page", "Marsh", "Riley", "Dunn", "Woods", "Parsons", "Berry", "Stone", "Reid", "Holland", "Hawkins", "Harding",
  "Porter", "Robertson", "Newton", "Oliver", "Reed", "Kennedy", "Williamson", "Bird", "Gardner", "Shah", "Dean",
  "Lane", "Cooke", "Bates", "Henderson", "Parry", "Burgess", "Bishop", "Walton", "Burns", "Nicholson", "Shepherd",
  "Ross", "Cross", "Long", "Freeman", "Warren", "Nicholls", "Hamilton", "Byrne", "Sutton", "McDonald", "Yates",
];

/**
 * Job titles people really hold, per language (faker composes "International Accountability
 * Supervisor" in English and puts the words of other languages in English order).
 */
const JOB_TITLES: Record<string, string[]> = {
  en: [
    "Software Engineer", "Senior Software Engineer", "Registered Nurse", "Accountant", "Sales Manager", "Project Manager",
    "Marketing Manager", "Data Analyst", "Customer Service Representative", "Teacher", "Operations Manager",
    "Financial Analyst", "Human Resources Manager", "Administrative Assistant", "Business Analyst", "Product Manager",
    "Graphic Designer", "Mechanical Engineer", "Electrician", "Pharmacist", "Office Manager", "Account Executive",
    "Civil Engineer", "Physical Therapist", "Web Developer", "Data Scientist", "Retail Sales Associate", "Paralegal",
    "Executive Assistant", "Recruiter", "Store Manager", "Warehouse Associate", "Truck Driver", "Chef", "Dental Hygienist",
    "Physician Assistant", "Social Worker", "Logistics Coordinator", "IT Support Specialist", "Systems Administrator",
    "DevOps Engineer", "UX Designer", "Content Writer", "Real Estate Agent", "Insurance Agent", "Medical Assistant",
    "Bookkeeper", "Architect", "Attorney", "Chief Financial Officer", "Chief Executive Officer", "Director of Operations",
    "Quality Assurance Analyst", "Research Scientist", "Nurse Practitioner", "Consultant", "Electrical Engineer",
    "Construction Manager", "Customer Success Manager", "Security Analyst",
  ],
  de: [
    "Softwareentwickler", "Softwareentwicklerin", "Kaufmännischer Angestellter", "Industriekauffrau", "Buchhalter",
    "Steuerberaterin", "Projektleiter", "Vertriebsleiterin", "Marketing Manager", "Krankenpfleger", "Gesundheits- und Krankenpflegerin",
    "Lehrer", "Lehrerin", "Elektriker", "Mechatroniker", "Maschinenbauingenieur", "Bauingenieurin", "Architekt", "Apothekerin",
    "Ärztin", "Arzt", "Rechtsanwalt", "Personalreferentin", "Teamleiter", "Geschäftsführer", "Bürokauffrau", "Sachbearbeiter",
    "Verkäuferin", "Lagerist", "Berufskraftfahrer", "Koch", "Erzieherin", "Datenanalyst", "IT-Systemadministrator",
    "Bankkaufmann", "Versicherungskauffrau", "Physiotherapeutin", "Controller", "Einkäufer", "Qualitätsmanager",
  ],
  fr: [
    "Ingénieur logiciel", "Développeuse web", "Comptable", "Chef de projet", "Responsable commercial", "Chargée de marketing",
    "Infirmier", "Infirmière", "Professeur des écoles", "Enseignante", "Électricien", "Technicien de maintenance",
    "Ingénieure mécanique", "Architecte", "Pharmacienne", "Médecin généraliste", "Avocat", "Assistante de direction",
    "Responsable des ressources humaines", "Directeur financier", "Gérant de magasin", "Vendeuse", "Cariste",
    "Chauffeur routier", "Cuisinier", "Auxiliaire de puériculture", "Analyste de données", "Administrateur systèmes",
    "Conseillère clientèle", "Chargé de recrutement", "Contrôleur de gestion", "Acheteuse", "Consultant", "Kinésithérapeute",
  ],
  es: [
    "Ingeniero de software", "Desarrolladora web", "Contable", "Jefe de proyecto", "Director comercial", "Responsable de marketing",
    "Enfermero", "Enfermera", "Profesor", "Maestra", "Electricista", "Técnico de mantenimiento", "Ingeniera industrial",
    "Arquitecto", "Farmacéutica", "Médico de familia", "Abogado", "Asistente de dirección", "Responsable de recursos humanos",
    "Director financiero", "Encargado de tienda", "Dependienta", "Mozo de almacén", "Conductor de camión", "Cocinero",
    "Analista de datos", "Administrador de sistemas", "Gestora comercial", "Técnica de selección", "Controller financiero",
    "Comprador", "Consultor", "Fisioterapeuta", "Auxiliar administrativo",
  ],
};

const cache = new Map<string, LocaleData>();

/**
 * The faker module of one locale. Common locales are required with literal paths so bundlers (the
 * Lambda and CLI bundles) include them; any other faker locale is loaded from node_modules at run time.
 */
function requireLocale(code: string): { faker: Faker } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  switch (code) {
    case "en": return require("@faker-js/faker/locale/en") as { faker: Faker };
    case "en_US": return require("@faker-js/faker/locale/en_US") as { faker: Faker };
    case "en_GB": return require("@faker-js/faker/locale/en_GB") as { faker: Faker };
    case "de": return require("@faker-js/faker/locale/de") as { faker: Faker };
    case "fr": return require("@faker-js/faker/locale/fr") as { faker: Faker };
    case "es": return require("@faker-js/faker/locale/es") as { faker: Faker };
    default: return require(`@faker-js/faker/locale/${code}`) as { faker: Faker };
  }
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Normalises "en-US" to faker's "en_US". */
export function normaliseLocale(locale: string | undefined): string {
  return (locale ?? "en").replace("-", "_");
}

/** Locale data for `locale` (faker's locale codes: en, en_US, de, fr, ja, ...); throws UnknownLocaleError. */
export function loadLocale(locale?: string): LocaleData {
  const code = normaliseLocale(locale);
  const hit = cache.get(code);
  if (hit) return hit;
  if (!/^[a-z]{2,3}(_[A-Za-z0-9]+)*$/.test(code)) throw new UnknownLocaleError(`unknown locale "${locale}"`);
  let mod: { faker: Faker };
  try {
    mod = requireLocale(code);
  } catch {
    throw new UnknownLocaleError(`unknown locale "${locale}" (use one of faker's locale codes such as en, en_US, de, fr)`);
  }
  // The module's instance is only a template: each run makes its own seeded copy (GenContext.faker).
  const faker = mod.faker;
  const d = mod.faker.rawDefinitions as Record<string, Record<string, unknown> | undefined>;
  const person = d.person ?? {};
  const location = d.location ?? {};
  const firstNames = person.first_name as Record<string, unknown> | string[] | undefined;
  const anyFirst = Array.isArray(firstNames) ? flat(firstNames) : [...new Set(Object.values(firstNames ?? {}).flatMap(flat))];
  const female = Array.isArray(firstNames) ? anyFirst : flat((firstNames as Record<string, unknown> | undefined)?.female);
  const male = Array.isArray(firstNames) ? anyFirst : flat((firstNames as Record<string, unknown> | undefined)?.male);
  const countryCodes = ((location.country_code as Array<{ alpha2: string }> | undefined) ?? []).map((c) => c.alpha2);
  const usLike = code === "en" || code === "en_US";
  const data: LocaleData = {
    code,
    firstNames: { female: female.length ? female : anyFirst, male: male.length ? male : anyFirst, any: anyFirst },
    lastNames: code === "en_GB" ? BRITISH_SURNAMES : notTemplate(flat(person.last_name)),
    streetSuffixes: code.startsWith("es") ? flat(location.street_suffix).filter((t) => SPANISH_STREET_TYPES.has(t)) : flat(location.street_suffix),
    streetNames: notTemplate(flat(location.street_name)),
    streetPrefixes: code.startsWith("es") ? [] : flat(location.street_prefix),
    houseNumber: code.startsWith("de") ? "after" : code.startsWith("es") ? "after-comma" : "before",
    addressStyle: usLike ? "us" : code === "en_GB" ? "gb" : "postcode-first",
    cities: notTemplate(flat(location.city_name)),
    states: flat(location.state),
    postcodes: flat(location.postcode),
    phoneFormats: phoneFormatsOf(code, d.phone_number as Record<string, unknown> | undefined),
    freeEmailDomains: EMAIL_DOMAINS[code] ?? flat(d.internet?.free_email),
    domainSuffixes: flat(d.internet?.domain_suffix),
    companySuffixes: flat(d.company?.legal_entity_type),
    jobTitles: [],
    // The locale's everyday words (faker's word module), never its lorem ipsum: free text a reader reads.
    words: [...flat(d.word?.noun), ...flat(d.word?.adjective), ...flat(d.word?.verb)].filter((w) => !/\s/.test(w)),
    productDescriptions: flat(d.commerce?.product_description),
    departments: flat(d.commerce?.department),
    productAdjectives: flat((d.commerce?.product_name as Record<string, unknown> | undefined)?.adjective),
    productMaterials: flat((d.commerce?.product_name as Record<string, unknown> | undefined)?.material),
    products: flat((d.commerce?.product_name as Record<string, unknown> | undefined)?.product),
    currencies: ((d.finance?.currency as Array<{ code: string; name: string }> | undefined) ?? []),
    countryCodes,
    countries: flat(location.country),
    places: placesOf(code),
    country: countryPlaces(code)?.country ?? "",
    countryCode: countryPlaces(code)?.countryCode ?? "",
    faker,
  };
  const jobDescriptors = flat(person.job_descriptor), jobAreas = flat(person.job_area), jobTypes = flat(person.job_type);
  const curatedTitles = JOB_TITLES[code] ?? JOB_TITLES[code.split("_")[0]];
  if (curatedTitles) data.jobTitles = curatedTitles;
  else if (jobDescriptors.length && jobAreas.length && jobTypes.length) {
    // A fixed, small set of composed titles (read once; indexing it is cheap in the hot path).
    for (let i = 0; i < 64; i++) {
      data.jobTitles.push(`${jobDescriptors[(i * 7) % jobDescriptors.length]} ${jobAreas[(i * 11) % jobAreas.length]} ${jobTypes[(i * 13) % jobTypes.length]}`);
    }
  }
  // Fall back to English data where a locale has none (some locales define only names, for instance).
  if (code !== "en") {
    const en = loadLocale("en");
    const ownStreets = data.streetNames.length > 0; // e.g. de: whole street names, no suffix list
    // fr builds streets from a type and a name, es from a type and a person's name: no English names.
    const composedStreets = data.streetPrefixes.length > 0 || data.houseNumber === "after-comma";
    for (const key of Object.keys(data) as Array<keyof LocaleData>) {
      const value = data[key];
      if (key === "streetSuffixes" && ownStreets) continue;
      if (key === "streetNames" && composedStreets) continue;
      if (Array.isArray(value) && value.length === 0 && key !== "places") (data as unknown as Record<string, unknown>)[key] = en[key];
    }
    if (data.firstNames.any.length === 0) data.firstNames = en.firstNames;
  }
  cache.set(code, data);
  return data;
}
