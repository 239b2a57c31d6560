// Locale data for realistic values, read once from @faker-js/faker's per-locale definitions (only the
// requested locale's module is loaded, which keeps the CLI's start-up short). The hot path indexes these
// arrays with the engine's PRNG instead of calling faker's template helpers.
import type { Faker } from "@faker-js/faker";

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
  cities: string[];
  states: string[];
  postcodes: string[];
  phoneFormats: string[];
  freeEmailDomains: string[];
  domainSuffixes: string[];
  companySuffixes: string[];
  jobTitles: string[];
  words: string[];
  currencies: Array<{ code: string; name: string }>;
  countryCodes: string[];
  countries: string[];
  places: Place[];
  /** The locale module's Faker (class and definitions); never seeded or called directly. */
  faker: Faker;
}

// Real US places (city, state, ZIP prefix, coordinates) so that one row's address parts agree.
const US_PLACES: Array<[string, string, string, string, number, number]> = [
  ["New York", "New York", "NY", "100##", 40.7128, -74.006],
  ["Los Angeles", "California", "CA", "900##", 34.0522, -118.2437],
  ["Chicago", "Illinois", "IL", "606##", 41.8781, -87.6298],
  ["Houston", "Texas", "TX", "770##", 29.7604, -95.3698],
  ["Phoenix", "Arizona", "AZ", "850##", 33.4484, -112.074],
  ["Philadelphia", "Pennsylvania", "PA", "191##", 39.9526, -75.1652],
  ["San Antonio", "Texas", "TX", "782##", 29.4241, -98.4936],
  ["San Diego", "California", "CA", "921##", 32.7157, -117.1611],
  ["Dallas", "Texas", "TX", "752##", 32.7767, -96.797],
  ["Austin", "Texas", "TX", "787##", 30.2672, -97.7431],
  ["Jacksonville", "Florida", "FL", "322##", 30.3322, -81.6557],
  ["Columbus", "Ohio", "OH", "432##", 39.9612, -82.9988],
  ["Charlotte", "North Carolina", "NC", "282##", 35.2271, -80.8431],
  ["Indianapolis", "Indiana", "IN", "462##", 39.7684, -86.1581],
  ["Seattle", "Washington", "WA", "981##", 47.6062, -122.3321],
  ["Denver", "Colorado", "CO", "802##", 39.7392, -104.9903],
  ["Boston", "Massachusetts", "MA", "021##", 42.3601, -71.0589],
  ["Nashville", "Tennessee", "TN", "372##", 36.1627, -86.7816],
  ["Portland", "Oregon", "OR", "972##", 45.5152, -122.6784],
  ["Las Vegas", "Nevada", "NV", "891##", 36.1699, -115.1398],
  ["Detroit", "Michigan", "MI", "482##", 42.3314, -83.0458],
  ["Atlanta", "Georgia", "GA", "303##", 33.749, -84.388],
  ["Miami", "Florida", "FL", "331##", 25.7617, -80.1918],
  ["Minneapolis", "Minnesota", "MN", "554##", 44.9778, -93.265],
  ["Kansas City", "Missouri", "MO", "641##", 39.0997, -94.5786],
  ["Salt Lake City", "Utah", "UT", "841##", 40.7608, -111.891],
  ["Milwaukee", "Wisconsin", "WI", "532##", 43.0389, -87.9065],
  ["Albuquerque", "New Mexico", "NM", "871##", 35.0844, -106.6504],
  ["Baltimore", "Maryland", "MD", "212##", 39.2904, -76.6122],
  ["Raleigh", "North Carolina", "NC", "276##", 35.7796, -78.6382],
];

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
    lastNames: notTemplate(flat(person.last_name)),
    streetSuffixes: flat(location.street_suffix),
    streetNames: notTemplate(flat(location.street_name)),
    cities: notTemplate(flat(location.city_name)),
    states: flat(location.state),
    postcodes: flat(location.postcode),
    phoneFormats: flat((d.phone_number as Record<string, unknown> | undefined)?.format),
    freeEmailDomains: flat(d.internet?.free_email),
    domainSuffixes: flat(d.internet?.domain_suffix),
    companySuffixes: flat(d.company?.legal_entity_type),
    jobTitles: [],
    words: flat(d.lorem?.word),
    currencies: ((d.finance?.currency as Array<{ code: string; name: string }> | undefined) ?? []),
    countryCodes,
    countries: flat(location.country),
    places: usLike
      ? US_PLACES.map(([city, state, stateCode, postcode, latitude, longitude]) => ({
        city, state, stateCode, postcode, country: "United States", countryCode: "US", latitude, longitude,
      }))
      : [],
    faker,
  };
  const jobDescriptors = flat(person.job_descriptor), jobAreas = flat(person.job_area), jobTypes = flat(person.job_type);
  if (jobDescriptors.length && jobAreas.length && jobTypes.length) {
    // A fixed, small set of composed titles (read once; indexing it is cheap in the hot path).
    for (let i = 0; i < 64; i++) {
      data.jobTitles.push(`${jobDescriptors[(i * 7) % jobDescriptors.length]} ${jobAreas[(i * 11) % jobAreas.length]} ${jobTypes[(i * 13) % jobTypes.length]}`);
    }
  }
  // Fall back to English data where a locale has none (some locales define only names, for instance).
  if (code !== "en") {
    const en = loadLocale("en");
    const ownStreets = data.streetNames.length > 0; // e.g. de: whole street names, no suffix list
    for (const key of Object.keys(data) as Array<keyof LocaleData>) {
      const value = data[key];
      if (key === "streetSuffixes" && ownStreets) continue;
      if (Array.isArray(value) && value.length === 0 && key !== "places") (data as unknown as Record<string, unknown>)[key] = en[key];
    }
    if (data.firstNames.any.length === 0) data.firstNames = en.firstNames;
  }
  cache.set(code, data);
  return data;
}
