import { strict as assert } from "node:assert";
import { prepareGeneration } from "../../../functions/engine/generate";
import { REFERENCE_DATE } from "../../../functions/engine/generate/context";
import { luhnValid, RESERVED_EMAIL_DOMAINS, TEST_CARD_NUMBERS } from "../../../functions/engine/generate/compliance";
import { loadLocale } from "../../../functions/engine/generate/locale";
import type { ComplianceRegime, Row, SchemaInput } from "../../../functions/engine/schema/types";

function rows(schema: SchemaInput, count = 200, extra: { locale?: string; compliance?: ComplianceRegime[]; seed?: string } = {}): Row[] {
  return [...prepareGeneration({ schema, rows: count, seed: extra.seed ?? "realism", format: "jsonl", ...extra }).rows()];
}

const slug = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]/g, "");
function ageOn(dob: string, at = new Date(REFERENCE_DATE)): number {
  const b = new Date(dob + "T00:00:00Z");
  let age = at.getUTCFullYear() - b.getUTCFullYear();
  if (at.getUTCMonth() < b.getUTCMonth() || (at.getUTCMonth() === b.getUTCMonth() && at.getUTCDate() < b.getUTCDate())) age--;
  return age;
}

describe("generator realism", () => {
  it("derives each row's e-mail from that row's own name", () => {
    const data = rows({ fields: [{ name: "first_name", type: "string" }, { name: "last_name", type: "string" }, { name: "email", type: "email" }] });
    for (const r of data) {
      const local = String(r.email).split("@")[0];
      assert.ok(local.startsWith(`${slug(String(r.first_name))}.${slug(String(r.last_name))}`), `${String(r.email)} is not from ${String(r.first_name)} ${String(r.last_name)}`);
    }
    // And the names are real names from the locale, not random letters.
    const en = loadLocale("en");
    assert.ok(data.every((r) => en.firstNames.any.includes(String(r.first_name)) && en.lastNames.includes(String(r.last_name))));
  });

  it("keeps start/end and created/updated pairs in order", () => {
    const data = rows({
      type: "object",
      properties: {
        start_date: { type: "string", format: "date" }, end_date: { type: "string", format: "date" },
        created_at: { type: "string", format: "date-time" }, updated_at: { type: "string", format: "date-time" },
      },
      required: ["start_date", "end_date", "created_at", "updated_at"],
    });
    for (const r of data) {
      assert.ok(String(r.start_date) <= String(r.end_date), `${r.start_date} after ${r.end_date}`);
      assert.ok(Date.parse(String(r.created_at)) <= Date.parse(String(r.updated_at)));
    }
  });

  it("makes ages match dates of birth, within the age field's bounds", () => {
    const data = rows({ fields: [{ name: "date_of_birth", type: "date" }, { name: "age", type: "integer", constraints: { min: 21, max: 65 } }] });
    for (const r of data) {
      assert.equal(r.age, ageOn(String(r.date_of_birth)), JSON.stringify(r));
      assert.ok((r.age as number) >= 21 && (r.age as number) <= 65);
    }
  });

  it("takes city, state and postal code of one row from one place", () => {
    const data = rows({ fields: [{ name: "city", type: "string" }, { name: "state", type: "string" }, { name: "postal_code", type: "string" }, { name: "address", type: "address" }] });
    const places = loadLocale("en").places;
    for (const r of data) {
      const place = places.find((p) => p.city === r.city);
      assert.ok(place, `unknown city ${r.city}`);
      assert.equal(r.state, place.state);
      assert.equal(String(r.postal_code).slice(0, 3), place.postcode.slice(0, 3));
      assert.ok(String(r.address).includes(`${place.city}, ${place.stateCode} ${r.postal_code}`), String(r.address));
    }
  });

  it("makes an order's total the sum of its line items", () => {
    const line = { type: "object", properties: { sku: { type: "string" }, price: { type: "number", minimum: 1, maximum: 100, multipleOf: 0.01 }, quantity: { type: "integer", minimum: 1, maximum: 5 } }, required: ["sku", "price", "quantity"] };
    const data = rows({ type: "object", properties: { items: { type: "array", items: line, minItems: 1, maxItems: 4 }, total: { type: "number", minimum: 0, maximum: 100000 } }, required: ["items", "total"] });
    for (const r of data) {
      const expected = Math.round((r.items as Array<{ price: number; quantity: number }>).reduce((s, l) => s + l.price * l.quantity, 0) * 100) / 100;
      assert.equal(r.total, expected);
    }
  });

  it("uses only published test card numbers, reserved e-mail domains, fictional phones and unissued SSNs under compliance", () => {
    const data = rows({ fields: [
      { name: "full_name", type: "string" }, { name: "email", type: "email" }, { name: "phone", type: "phone" },
      { name: "card_number", type: "string" }, { name: "ssn", type: "string" }, { name: "ip_address", type: "string" },
    ] }, 300, { compliance: ["PCI-DSS", "GDPR"] });
    for (const r of data) {
      assert.ok(TEST_CARD_NUMBERS.includes(String(r.card_number)) && luhnValid(String(r.card_number)));
      assert.ok(RESERVED_EMAIL_DOMAINS.includes(String(r.email).split("@")[1]), String(r.email));
      assert.match(String(r.phone), /^\(\d{3}\) 555-01\d\d$/);
      assert.match(String(r.ssn), /^9\d\d-\d\d-\d{4}$/); // areas 900-999 are never issued
      assert.match(String(r.ip_address), /^192\.0\.2\.\d+$/); // TEST-NET-1
    }
  });

  it("generates Luhn-valid card numbers without compliance too", () => {
    for (const r of rows({ fields: [{ name: "credit_card_number", type: "string" }] })) assert.ok(luhnValid(String(r.credit_card_number)));
  });

  it("skews status-like enums towards their first value and counts integer ids through the shards", () => {
    const schema = { type: "object", properties: { id: { type: "integer" }, status: { enum: ["active", "inactive", "suspended", "closed"] } }, required: ["id", "status"] };
    const data = rows(schema, 2000);
    const share = (v: string) => data.filter((r) => r.status === v).length / data.length;
    assert.ok(share("active") > 0.4 && share("closed") < 0.2 && share("closed") > 0.05, `${share("active")} ${share("closed")}`);
    const sharded = [0, 1, 2].flatMap((index) => [...prepareGeneration({ schema, rows: 10, seed: 1, format: "jsonl", shard: { index, count: 3 } }).rows()]);
    assert.deepEqual(sharded.map((r) => r.id), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("follows the locale option", () => {
    const de = loadLocale("de");
    const data = rows({ fields: [{ name: "first_name", type: "string" }, { name: "last_name", type: "string" }] }, 100, { locale: "de" });
    assert.ok(data.every((r) => de.firstNames.any.includes(String(r.first_name)) && de.lastNames.includes(String(r.last_name))));
    assert.throws(() => rows({ fields: [{ name: "a", type: "string" }] }, 1, { locale: "xx_NOPE" }), /locale/);
  });

  it("calls an x-faker method, seeded, so it reproduces", () => {
    const schema = { type: "object", properties: { job: { type: "string", "x-faker": "person.jobTitle" } }, required: ["job"] };
    const a = rows(schema, 20), b = rows(schema, 20);
    assert.deepEqual(a, b);
    assert.ok(new Set(a.map((r) => r.job)).size > 5);
  });

  it("honours field-list bounds: dates in [min, max], unique values, nullable fields", () => {
    const data = rows({ fields: [
      { name: "joined", type: "date", constraints: { min: "2021-03-01", max: "2021-03-31" } },
      { name: "code", type: "integer", constraints: { min: 1, max: 1000, unique: true } },
      { name: "nickname", type: "string", constraints: { nullable: true } },
    ] }, 500);
    assert.ok(data.every((r) => String(r.joined) >= "2021-03-01" && String(r.joined) <= "2021-03-31"));
    assert.equal(new Set(data.map((r) => r.code)).size, 500);
    assert.ok(data.some((r) => r.nickname === null) && data.some((r) => typeof r.nickname === "string"));
  });
});
