// Per-run generation state: the PRNG, the locale data, the fixed reference date, and the entity of the
// object being generated (one person, one place, one birth date), which is what lets fields agree.
import type { Rng } from "./prng";
import type { Faker } from "@faker-js/faker";
import type { LocaleData, Place } from "./locale";

/** Fixed "now" for relative dates, so that a seed reproduces the same data on any day. */
export const REFERENCE_DATE = Date.UTC(2026, 0, 1);
export const DAY_MS = 86_400_000;
export const YEAR_MS = 365.2425 * DAY_MS;

export interface Person {
  first: string;
  last: string;
  sex: "female" | "male";
}

/** The real-world thing one generated object describes; parts are chosen lazily, once. */
export interface Entity {
  person?: Person;
  place?: Place & { postcodeValue: string };
  /** Street line (name and house number) of the entity's address, so "street" and "address" agree. */
  street?: string;
  birth?: number;
  ageRange?: [number, number];
  /** Attributes drawn together for the entity (a lab test with its unit and range, a job with its level), by kind. */
  drawn?: Record<string, unknown>;
}

/**
 * Optional values (properties left to chance, array items beyond the minimum) one row may add. A schema
 * that contains itself under many optional names (Renovate's configuration: 138 of its 386 properties are
 * the whole configuration again) would otherwise grow a row past any memory; ordinary rows stay far below.
 */
export const OPTIONAL_VALUES_PER_ROW = 2000;

export class GenContext {
  depth = 0;
  /** What is left of OPTIONAL_VALUES_PER_ROW for the row being made (reset per row and attempt). */
  optionalLeft = OPTIONAL_VALUES_PER_ROW;
  entity: Entity = {};
  /** Set while the plan retries rows that failed the row check: nodes then try every allowed type. */
  explore = false;
  /** Index of the row being generated in the whole data set (shards start at their first row). */
  rowIndex = 0;
  /** The data set's own seed (every shard's alike): the key of the values x-unique fields deal by row index. */
  datasetKey = "";
  private fakerInstance?: Faker;
  private readonly seen = new Map<string, Set<unknown>>();

  constructor(
    readonly rng: Rng,
    readonly locale: LocaleData,
    readonly compliance: boolean,
    /** Seed of this run's own Faker instance (used only by `x-faker` fields and locales without city lists). */
    private readonly fakerSeed = 1,
  ) {}

  /** This run's Faker: a private instance of the locale, seeded, with the fixed reference date. */
  faker(): Faker {
    if (!this.fakerInstance) {
      const FakerClass = this.locale.faker.constructor as new (opts: { locale: unknown }) => Faker;
      this.fakerInstance = new FakerClass({ locale: this.locale.faker.rawDefinitions });
      this.fakerInstance.seed(this.fakerSeed);
      this.fakerInstance.setDefaultRefDate(new Date(REFERENCE_DATE));
    }
    return this.fakerInstance;
  }

  /** Values already used by an `x-unique` field in this run. */
  seenValues(path: string): Set<unknown> {
    let set = this.seen.get(path);
    if (!set) this.seen.set(path, (set = new Set()));
    return set;
  }

  person(): Person {
    let p = this.entity.person;
    if (!p) {
      const sex = this.rng.chance(0.5) ? "female" : "male";
      const first = this.rng.pick(this.locale.firstNames[sex]);
      let last = this.rng.pick(this.locale.lastNames);
      // Spanish people carry two surnames (father's, then mother's): "García López".
      if (this.locale.code.startsWith("es") && this.rng.chance(0.8)) last = `${last} ${this.rng.pick(this.locale.lastNames)}`;
      p = this.entity.person = { first, last, sex };
    }
    return p;
  }

  place(): Place & { postcodeValue: string } {
    let p = this.entity.place;
    if (!p) {
      const rng = this.rng;
      const l = this.locale;
      // Big cities first in the list come up more often (u^1.5 favours low indexes), as in real data.
      const base: Place = l.places.length
        ? l.places[Math.floor(rng.float() ** 1.5 * l.places.length)]
        : {
          city: l.cities.length ? rng.pick(l.cities) : this.faker().location.city(),
          state: rng.pick(l.states), stateCode: "", postcode: rng.pick(l.postcodes),
          country: "", countryCode: l.code.split("_")[1] ?? "", latitude: rng.float() * 180 - 90, longitude: rng.float() * 360 - 180,
        };
      // An explicit literal (not a spread): one object shape, cheap in the hot path.
      p = this.entity.place = {
        city: base.city, state: base.state, stateCode: base.stateCode, postcode: base.postcode, country: base.country,
        countryCode: base.countryCode, latitude: base.latitude, longitude: base.longitude, postcodeValue: fillDigits(base.postcode, rng),
      };
    }
    return p;
  }

  /** Birth date (epoch ms) of the entity, inside the age range a sibling `age` field allows. */
  birth(): number {
    if (this.entity.birth === undefined) {
      const [lo, hi] = this.entity.ageRange ?? [18, 90];
      const dLo = Math.ceil(lo * 365.2425) + 1, dHi = Math.floor((hi + 1) * 365.2425) - 2;
      // Ages follow an adult population's shape (few people over 80), by rejection: always inside the range.
      let ageDays = this.rng.int(dLo, dHi);
      for (let attempt = 0; attempt < 8 && !this.rng.chance(populationShare(ageDays / 365.2425)); attempt++) ageDays = this.rng.int(dLo, dHi);
      this.entity.birth = Math.floor((REFERENCE_DATE - ageDays * DAY_MS) / DAY_MS) * DAY_MS;
    }
    return this.entity.birth;
  }
}

/** Relative share of people of an age in a population (1 = the commonest ages), for shaping drawn ages. */
function populationShare(age: number): number {
  if (age < 60) return 1;
  if (age < 70) return 0.9;
  if (age < 80) return 0.6;
  if (age < 90) return 0.25;
  return 0.05;
}

/** Whole years between a birth date and the reference date. */
export function ageAt(birth: number, at = REFERENCE_DATE): number {
  const slot = Math.floor(birth / DAY_MS) + AGE_TABLE_OFFSET;
  if (at !== REFERENCE_DATE || birth % DAY_MS !== 0 || slot < 0 || slot >= AGE_TABLE_SIZE) return computeAge(birth, new Date(at));
  let age = agesAtReference[slot];
  if (age < 0) agesAtReference[slot] = age = computeAge(birth, REFERENCE);
  return age;
}
/** Ages at the reference date by birth day (1753-2026), filled on first use; -1 = not computed yet. */
const AGE_TABLE_OFFSET = 80_000;
const AGE_TABLE_SIZE = 80_000 + Math.ceil(REFERENCE_DATE / DAY_MS) + 1;
const agesAtReference = new Int16Array(AGE_TABLE_SIZE).fill(-1);

function computeAge(birth: number, a: Date): number {
  const b = new Date(birth);
  let age = a.getUTCFullYear() - b.getUTCFullYear();
  if (a.getUTCMonth() < b.getUTCMonth() || (a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() < b.getUTCDate())) age--;
  return age;
}
const REFERENCE = new Date(REFERENCE_DATE);

/** Letters that postal codes use in their random parts (the UK leaves out C, I, K, M, O and V). */
const POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

/**
 * Replaces `#` with a digit, `!` with a digit 2-9 and `?` with a capital letter (faker's pattern
 * convention); a pattern with `|` is a choice of alternatives.
 */
export function fillDigits(pattern: string, rng: Rng): string {
  if (pattern.includes("|")) pattern = rng.pick(pattern.split("|"));
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    out += c === "#" ? String(rng.int(0, 9)) : c === "!" ? String(rng.int(2, 9)) : c === "?" ? POSTCODE_LETTERS[rng.int(0, POSTCODE_LETTERS.length - 1)] : c;
  }
  return out;
}
