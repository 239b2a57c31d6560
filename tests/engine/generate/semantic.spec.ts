// Values that match what a field means, as a reader of the data would judge them: names that are the
// row's own person (or clearly someone else's), companies, products, job titles, genders that agree with
// first names, and network values that stay in documentation ranges under compliance.
import { strict as assert } from "node:assert";
import { Validator } from "@cfworker/json-schema";
import { prepareGeneration } from "../../../functions/engine/generate";
import { EXAMPLE_IBANS, ibanValid } from "../../../functions/engine/generate/compliance";
import { loadLocale } from "../../../functions/engine/generate/locale";
import type { ComplianceRegime, JsonSchemaObject, Row } from "../../../functions/engine/schema/types";

function validRows(schema: JsonSchemaObject, opts: { locale?: string; compliance?: ComplianceRegime[]; count?: number } = {}): Row[] {
  const rows = [...prepareGeneration({ schema, rows: opts.count ?? 200, seed: "semantic", format: "jsonl", locale: opts.locale, compliance: opts.compliance }).rows()];
  const validator = new Validator(schema as object, "2020-12", false);
  for (const r of rows) assert.ok(validator.validate(r).valid, JSON.stringify(r));
  return rows;
}

const str = { type: "string" } as const;
function object(properties: Record<string, object>): JsonSchemaObject {
  return { type: "object", properties, required: Object.keys(properties) } as JsonSchemaObject;
}

describe("generator field meanings", () => {
  it("makes a gender enum agree with the row's first name", () => {
    const en = loadLocale("en");
    const rows = validRows(object({ first_name: str, gender: { enum: ["Male", "Female", "Non-binary", "Prefer not to say"] } }), { count: 400 });
    const female = new Set(en.firstNames.female), male = new Set(en.firstNames.male);
    const agree = rows.filter((r) => (r.gender === "Female" && female.has(String(r.first_name))) || (r.gender === "Male" && male.has(String(r.first_name))));
    assert.ok(agree.length / rows.length > 0.85, `${agree.length} of ${rows.length} agree`);
    assert.ok(rows.some((r) => r.gender === "Non-binary" || r.gender === "Prefer not to say"));
  });

  it("names the row's own person as card holder or account holder, and someone else as its physician", () => {
    const schema = object({
      customer_name: str, account_holder: str, physician_name: str,
      payment: object({ method: { enum: ["card"] }, cardholder_name: str }),
    });
    const en = loadLocale("en");
    for (const r of validRows(schema)) {
      assert.equal(r.account_holder, r.customer_name);
      assert.equal((r.payment as Row).cardholder_name, r.customer_name);
      assert.notEqual(r.physician_name, r.customer_name);
      const [first, last] = String(r.physician_name).split(" ");
      assert.ok(en.firstNames.any.includes(first) && en.lastNames.includes(last), String(r.physician_name));
    }
  });

  it("gives companies, merchants, products and job titles names that look like theirs", () => {
    for (const locale of ["en", "de", "fr", "es"]) {
      const data = loadLocale(locale);
      const rows = validRows(object({ merchant_name: str, employer: str, product_name: str, job_title: str }), { locale, count: 100 });
      for (const r of rows) {
        for (const k of ["merchant_name", "employer"]) {
          assert.ok(data.companySuffixes.some((s) => String(r[k]).endsWith(` ${s}`)), `${locale} ${k}: ${r[k]}`);
        }
        assert.ok(data.products.some((p) => String(r.product_name).includes(p)), `${locale}: ${r.product_name}`);
        assert.ok(data.jobTitles.includes(String(r.job_title)));
      }
    }
    assert.ok(loadLocale("en").jobTitles.includes("Software Engineer") && loadLocale("de").jobTitles.includes("Softwareentwickler"));
  });

  it("writes French and Spanish product names in their own word order", () => {
    for (const [locale, joiner] of [["fr", " en "], ["es", " de "]] as const) {
      const data = loadLocale(locale);
      for (const r of validRows(object({ product_name: str }), { locale, count: 50 })) {
        const [product, material] = String(r.product_name).split(joiner);
        assert.ok(data.products.includes(product) && data.productMaterials.some((m) => m.toLowerCase() === material), `${locale}: ${r.product_name}`);
      }
    }
  });

  it("gives record numbers, hosts, request paths, websites and card expiries their usual shapes", () => {
    const rows = validRows(object({ mrn: str, hostname: str, path: str, website: { type: "string", format: "uri" }, card_expiry: { type: "string", pattern: "^(0[1-9]|1[0-2])/[0-9]{2}$" } }));
    for (const r of rows) {
      const [month, year] = String(r.card_expiry).split("/").map(Number);
      assert.ok(month >= 1 && month <= 12 && year >= 26 && year <= 31, String(r.card_expiry));
      assert.match(String(r.mrn), /^[2-9]\d{7}$/);
      assert.match(String(r.hostname), /^[a-z]+-\d\d\.example\.com$/);
      assert.match(String(r.path), /^\/api\/v1\/[a-z]+(\/\d+)?$/);
      assert.match(String(r.website), /^https:\/\/www\.[a-z]+\.[a-z.]+\/$/);
    }
  });

  it("keeps IPv4 and IPv6 fields with a format in documentation ranges under compliance", () => {
    const schema = object({ ip_address: { type: "string", format: "ipv4" }, client_ipv6: { type: "string", format: "ipv6" } });
    for (const r of validRows(schema, { compliance: ["GDPR"] })) {
      assert.match(String(r.ip_address), /^192\.0\.2\.\d+$/);
      assert.match(String(r.client_ipv6), /^2001:db8(:[0-9a-f]{1,4}){6}$/);
    }
  });
});

describe("generator IBANs", () => {
  it("writes IBANs of the locale's country with correct check digits, and only published examples under compliance", () => {
    for (const example of Object.values(EXAMPLE_IBANS)) assert.ok(ibanValid(example), example);
    const schema = object({ iban: str });
    for (const [locale, country, length] of [["de", "DE", 22], ["en_GB", "GB", 22], ["fr", "FR", 27], ["es", "ES", 24]] as const) {
      const rows = validRows(schema, { locale, count: 100 });
      for (const r of rows) {
        assert.ok(String(r.iban).startsWith(country) && String(r.iban).length === length && ibanValid(String(r.iban)), `${locale}: ${r.iban}`);
      }
      assert.ok(new Set(rows.map((r) => r.iban)).size > 90);
      for (const r of validRows(schema, { locale, count: 50, compliance: ["PCI-DSS"] })) assert.equal(r.iban, EXAMPLE_IBANS[country]);
    }
  });
});

describe("semantic: an x-faker that names no faker method", () => {
  it("is a problem of the schema naming the field (UnsupportedSchemaError), not a crash", () => {
    const schema: JsonSchemaObject = { type: "object", properties: { a: { type: "string", "x-faker": "x" } }, required: ["a"] };
    assert.throws(() => prepareGeneration({ schema, rows: 1, format: "json" }), (error: Error & { problems?: Array<{ path: string; message: string }> }) =>
      error.name === "UnsupportedSchemaError" && (error.problems ?? []).some((p) => p.path === "/a" && /x-faker must name a faker method as "module\.method", got "x"/.test(p.message)));
  });

  it("a method faker lacks (or one every object has) is found when the schema is compiled, not at the first row", () => {
    for (const method of ["person.nope", "person.toString", "nothing.jobTitle"]) {
      const schema: JsonSchemaObject = { type: "object", properties: { a: { type: "string", "x-faker": method } }, required: ["a"] };
      assert.throws(() => prepareGeneration({ schema, rows: 1, format: "json" }), (error: Error & { problems?: Array<{ path: string; message: string }> }) =>
        error.name === "UnsupportedSchemaError" && (error.problems ?? []).some((p) => p.path === "/a" && p.message === `x-faker: faker has no method "${method}"`), method);
    }
    const schema: JsonSchemaObject = { type: "object", properties: { a: { type: "string", "x-faker": "person.jobTitle" } }, required: ["a"] };
    const [row] = [...prepareGeneration({ schema, rows: 1, format: "json", locale: "de" }).rows()];
    assert.ok(typeof row.a === "string" && row.a.length > 0, JSON.stringify(row));
  });

  it("at the root of a schema of any type, the other types still generate", () => {
    const plan = prepareGeneration({ schema: { "x-faker": "x", patternProperties: {} }, rows: 2, format: "json" });
    assert.equal([...plan.rows()].length, 2);
  });
});
