// Locale consistency: a German row reads as German (city, Land, PLZ, street with the number after the
// name, phone in national format, Deutschland/DE), a British row as British, and so on; every row also
// validates against its schema with an independent validator.
import { strict as assert } from "node:assert";
import { Validator } from "@cfworker/json-schema";
import { prepareGeneration } from "../../../functions/engine/generate";
import { fillDigits } from "../../../functions/engine/generate/context";
import { loadLocale } from "../../../functions/engine/generate/locale";
import { Rng } from "../../../functions/engine/generate/prng";
import type { JsonSchemaObject, Row } from "../../../functions/engine/schema/types";

const customer: JsonSchemaObject = {
  type: "object",
  required: ["first_name", "last_name", "email", "phone", "address", "full_address", "latitude", "longitude"],
  properties: {
    first_name: { type: "string" }, last_name: { type: "string" }, email: { type: "string", format: "email" },
    phone: { type: "string" },
    address: {
      type: "object", required: ["street", "city", "state", "postal_code", "country", "country_code"],
      properties: {
        street: { type: "string" }, city: { type: "string" }, state: { type: "string" }, postal_code: { type: "string" },
        country: { type: "string" }, country_code: { type: "string", pattern: "^[A-Z]{2}$" },
      },
    },
    full_address: { type: "string", "x-semantic": "address" },
    latitude: { type: "number", minimum: -90, maximum: 90 }, longitude: { type: "number", minimum: -180, maximum: 180 },
  },
};

function validRows(locale: string, count = 150): Row[] {
  const rows = [...prepareGeneration({ schema: customer, rows: count, seed: "locale", format: "jsonl", locale }).rows()];
  const validator = new Validator(customer as object, "2020-12", false);
  for (const r of rows) assert.ok(validator.validate(r).valid, JSON.stringify(r));
  return rows;
}

/** True when `value` could come from `pattern` (`#` digit, `!` 2-9, `?` letter, `|` alternatives). */
function fromPattern(value: string, pattern: string): boolean {
  return pattern.split("|").some((p) => {
    const re = p.replace(/[.*+()[\]{}^$\\]/g, "\\$&").replace(/#/g, "\\d").replace(/!/g, "[2-9]").replace(/\?/g, "[A-Z]");
    return new RegExp(`^${re}$`).test(value);
  });
}

const EXPECT: Record<string, { country: string; code: string; phone: RegExp; street: RegExp; line: (pc: string, city: string) => string }> = {
  de: { country: "Deutschland", code: "DE", phone: /^0[1-9]\d{3} \d{6,8}$/, street: /^\D+ \d{1,3}$/, line: (pc, city) => `, ${pc} ${city}` },
  fr: { country: "France", code: "FR", phone: /^0[1-7]( \d\d){4}$/, street: /^\d{1,3} (Allée|Voie|Rue|Avenue|Boulevard|Quai|Passage|Impasse|Place) /, line: (pc, city) => `, ${pc} ${city}` },
  es: { country: "España", code: "ES", phone: /^9\d\d( \d\d){3}$/, street: /^\D+, \d{1,3}$/, line: (pc, city) => `, ${pc} ${city}` },
  en_GB: { country: "United Kingdom", code: "GB", phone: /^0[1-37]\d{1,3} \d{3,4} ?\d{3,4}$/, street: /^\d{1,3} \D+$/, line: (pc, city) => `, ${city} ${pc}` },
  en: { country: "United States", code: "US", phone: /^\([2-9]\d\d\) [2-9]\d\d-\d{4}$/, street: /^\d{1,4} [A-Z0-9]/, line: (pc, city) => `, ${city}, ` },
};

describe("generator locales", () => {
  for (const [locale, expect] of Object.entries(EXPECT)) {
    it(`${locale}: city, region, postal code, country and coordinates of one real place; local streets, phones and e-mail`, () => {
      const data = loadLocale(locale);
      const rows = validRows(locale);
      for (const r of rows) {
        const a = r.address as Record<string, string>;
        const place = data.places.find((p) => p.city === a.city);
        assert.ok(place, `${locale}: unknown city ${a.city}`);
        assert.equal(a.state, place.state);
        assert.ok(fromPattern(a.postal_code, place.postcode), `${locale}: ${a.postal_code} is not a postal code of ${a.city}`);
        assert.equal(a.country, expect.country);
        assert.equal(a.country_code, expect.code);
        // The row's coordinates are near its own city (the nested address shares the row's place).
        assert.ok(Math.abs((r.latitude as number) - place.latitude) < 0.1 && Math.abs((r.longitude as number) - place.longitude) < 0.1, `${locale}: ${r.latitude},${r.longitude} far from ${a.city}`);
        assert.match(a.street, expect.street);
        assert.ok(String(r.full_address).startsWith(a.street) && String(r.full_address).includes(expect.line(a.postal_code, a.city)), `${locale}: ${r.full_address}`);
        assert.match(String(r.phone), expect.phone);
        assert.ok(data.freeEmailDomains.includes(String(r.email).split("@")[1]), String(r.email));
      }
      // Big cities come up more often than small ones.
      const share = (city: string) => rows.filter((r) => (r.address as Record<string, string>).city === city).length;
      assert.ok(share(data.places[0].city) > share(data.places[data.places.length - 1].city));
    });
  }

  it("gives Spanish people two surnames, and e-mail addresses made from both", () => {
    const es = loadLocale("es");
    const rows = validRows("es", 200);
    const two = rows.filter((r) => String(r.last_name).split(" ").length === 2);
    assert.ok(two.length / rows.length > 0.6);
    for (const r of two) {
      assert.ok(String(r.last_name).split(" ").every((s) => es.lastNames.includes(s)), String(r.last_name));
      const slug = String(r.last_name).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
      assert.ok(String(r.email).split("@")[0].includes(slug), `${r.email} / ${r.last_name}`);
    }
  });

  it("writes British postcodes with letters, and British surnames for en_GB", () => {
    const rows = validRows("en_GB", 200);
    for (const r of rows) assert.match((r.address as Record<string, string>).postal_code, /^[A-Z]{1,2}\d{1,2} \d[ABDEFGHJLNPQRSTUWXYZ]{2}$/);
    assert.ok(rows.filter((r) => ["Smith", "Jones", "Taylor", "Brown", "Williams", "Davies", "Evans", "Wilson"].includes(String(r.last_name))).length > 0);
    assert.ok(!rows.some((r) => ["Hilpert", "Bahringer", "Kshlerin"].includes(String(r.last_name))));
  });

  it("uses the regulators' fiction phone ranges under compliance (Ofcom, ARCEP, Bundesnetzagentur)", () => {
    const expect: Record<string, RegExp> = {
      en_GB: /^07700 900\d{3}$/, fr: /^01 99 00 \d\d \d\d$/, de: /^(030 23125|069 90009|040 66969|0221 4710|089 99998)\d{3}$/,
    };
    for (const [locale, re] of Object.entries(expect)) {
      const rows = [...prepareGeneration({ schema: customer, rows: 100, seed: "fiction", format: "jsonl", locale, compliance: ["GDPR"] }).rows()];
      for (const r of rows) assert.match(String(r.phone), re, locale);
    }
  });

  it("fills letter placeholders and chooses between pattern alternatives", () => {
    const rng = new Rng(1);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const v = fillDigits("AB# #??|XY!", rng);
      assert.match(v, /^(AB\d \d[A-Z]{2}|XY[2-9])$/);
      seen.add(v.slice(0, 2));
    }
    assert.deepEqual([...seen].sort(), ["AB", "XY"]);
  });
});
