import { strict as assert } from "node:assert";
import { classifySensitiveFields, complianceIssues, validateSchema } from "../../../functions/engine/validate";
import { compileFieldList } from "../../../functions/engine/schema/fieldList";

const DRAFT = "https://json-schema.org/draft/2020-12/schema";

describe("compliance", () => {
  describe("classifySensitiveFields", () => {
    it("detects personal, health, card and financial fields from names, formats and semantic annotations", () => {
      const schema = {
        $schema: DRAFT, type: "object",
        properties: {
          contact: { type: "string", format: "email" }, // by format, whatever the name
          mobileNumber: { type: "string" }, // camelCase name
          "date-of-birth": { type: "string", format: "date" },
          ssn: { type: "string" }, home_address: { type: "string" }, iban: { type: "string" },
          card_number: { type: "string" }, cvv: { type: "string" }, icd10_code: { type: "string" },
          diagnosis: { type: "string" }, client_ip: { type: "string" }, ethnicity: { type: "string" },
          billing: { type: "object", properties: { zip: { type: "string" } } },
          product_name: { type: "string" }, quantity: { type: "integer" }, // not sensitive
        },
      };
      const found = Object.fromEntries(classifySensitiveFields(schema).map((f) => [f.field, `${f.kind}/${f.category}/${f.evidence}`]));
      assert.deepEqual(found, {
        contact: "email/personal/format",
        mobileNumber: "phone/personal/name",
        "date-of-birth": "date_of_birth/personal/name",
        ssn: "national_id/personal/name",
        home_address: "address/personal/name",
        iban: "iban/financial/name",
        card_number: "card_number/card/name",
        cvv: "card_security_code/card/name",
        icd10_code: "diagnosis/health/name",
        diagnosis: "diagnosis/health/name",
        client_ip: "ip_address/personal/name",
        ethnicity: "ethnicity/special_category/name",
        "billing.zip": "postal_code/personal/name",
      });
    });

    it("reads a field list's phone and address types through their x-semantic annotation", () => {
      const schema = compileFieldList({ fields: [{ name: "a", type: "phone" }, { name: "b", type: "address" }, { name: "c", type: "integer" }] });
      assert.deepEqual(classifySensitiveFields(schema).map((f) => `${f.field}:${f.kind}:${f.evidence}`), ["a:phone:semantic", "b:address:semantic"]);
    });
  });

  describe("per regime", () => {
    const schema = {
      $schema: DRAFT, type: "object",
      properties: {
        email: { type: "string", format: "email" }, date_of_birth: { type: "string", format: "date" },
        card_number: { type: "string" }, cvv: { type: "string" }, diagnosis: { type: "string" }, mrn: { type: "string" },
        admission_date: { type: "string", format: "date" },
        amount: { type: "number" },
      },
    };
    const issuesFor = (regime: string) => {
      const r = validateSchema({ schema, compliance_requirements: [regime] });
      assert.ok(r.compliance_issues.every((i) => i.requirement === regime));
      return Object.fromEntries(r.compliance_issues.map((i) => [i.field, i.issue]));
    };

    it("PCI-DSS: card numbers from test ranges, and a CVV field is an issue", () => {
      const issues = issuesFor("PCI-DSS");
      assert.deepEqual(Object.keys(issues).sort(), ["card_number", "cvv"]);
      assert.match(issues.card_number, /test ranges/);
      assert.match(issues.cvv, /never be stored.*remove this field/);
    });

    it("HIPAA: health data and identifiers, with dates shifted and no real-looking identifiers", () => {
      const issues = issuesFor("HIPAA");
      assert.deepEqual(Object.keys(issues).sort(), ["admission_date", "card_number", "date_of_birth", "diagnosis", "email", "mrn"]);
      assert.match(issues.date_of_birth, /shifted/);
      assert.match(issues.admission_date, /shifted/);
      assert.match(issues.email, /no real-looking identifier/);
      assert.match(issues.mrn, /reserved, obviously synthetic range/);
      assert.match(issues.diagnosis, /code lists/);
    });

    it("GDPR: every personal field, never derived from real people; health as special-category data", () => {
      const issues = issuesFor("GDPR");
      assert.deepEqual(Object.keys(issues).sort(), ["admission_date", "card_number", "cvv", "date_of_birth", "diagnosis", "email", "mrn"]);
      assert.match(issues.email, /never derived from real people/);
      assert.match(issues.diagnosis, /Art\. 9/);
    });

    it("CCPA and SOC2 name their own requirements", () => {
      assert.match(issuesFor("CCPA").email, /California consumers/);
      assert.match(issuesFor("SOC2").email, /encrypted/);
      assert.equal(issuesFor("SOC2").amount, undefined);
    });

    it("no regime requested: no issues, but a suggestion to pass one", () => {
      const r = validateSchema({ schema });
      assert.deepEqual(r.compliance_issues, []);
      assert.ok(r.suggestions.some((s) => /compliance_requirements/.test(s)));
      assert.equal(r.sensitive_fields.length, 7);
    });

    it("several regimes at once give one issue per field and regime", () => {
      const sensitive = classifySensitiveFields(schema);
      const both = complianceIssues(sensitive, ["PCI-DSS", "HIPAA"]);
      assert.equal(both.length, complianceIssues(sensitive, ["PCI-DSS"]).length + complianceIssues(sensitive, ["HIPAA"]).length);
    });
  });
});
