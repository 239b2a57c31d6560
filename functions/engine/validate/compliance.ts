// Which fields carry personal, health, card or financial data (from their names, formats and semantic
// annotations), and what each requested regime requires the generator to do about them. The
// classification is a pure function so the generator can apply the same rules it is told about here.
import type { ComplianceRegime, JsonSchema } from "../schema/types";
import { isSchemaObject, walkSchema } from "./walk";

export type SensitiveCategory = "personal" | "special_category" | "health" | "card" | "financial";

export type SensitiveKind =
  | "email" | "phone" | "person_name" | "address" | "postal_code" | "date_of_birth" | "national_id"
  | "ip_address" | "geolocation" | "username" | "gender" | "ethnicity" | "religion" | "biometric"
  | "diagnosis" | "care_date" | "medication" | "medical_record_number" | "health_plan_number" | "health_data"
  | "card_number" | "card_security_code" | "card_expiry" | "cardholder_name"
  | "iban" | "bank_account" | "routing_number" | "tax_id";

export interface SensitiveField {
  /** Data path of the field, e.g. `customer.email`. */
  field: string;
  kind: SensitiveKind;
  category: SensitiveCategory;
  /** What gave it away: the field name, its format or its `x-semantic` annotation. */
  evidence: "name" | "format" | "semantic";
}

interface Detector {
  kind: SensitiveKind;
  category: SensitiveCategory;
  /** Tested against the field's last name segment, normalised to lower snake_case. */
  name?: RegExp;
  formats?: string[];
  semantics?: string[];
}

// Order matters: the first detector that matches wins (card_number before a generic *_number, etc.).
const DETECTORS: Detector[] = [
  { kind: "card_security_code", category: "card", name: /^(cvv2?|cvc2?|cid|csc|card_?(security|verification)_?(code|value)|security_code)$/ },
  { kind: "card_number", category: "card", name: /^(card_?(number|num|no)|credit_?card(_number)?|debit_?card(_number)?|cc_?(number|num|no)?|pan|primary_account_number)$/, semantics: ["credit_card", "card_number"] },
  { kind: "card_expiry", category: "card", name: /^(card_?)?(exp|expiry|expiration)(_?date)?$|^card_expir/ },
  { kind: "cardholder_name", category: "card", name: /^card_?holder(_name)?$|^name_on_card$/ },
  { kind: "iban", category: "financial", name: /^iban$/, semantics: ["iban"] },
  { kind: "bank_account", category: "financial", name: /^(bank_?)?account_?(number|no|num)$|^bban$|^swift|^bic$/ },
  { kind: "routing_number", category: "financial", name: /^(routing|aba|sort_?code)(_number)?$/ },
  { kind: "national_id", category: "personal", name: /^(ssn|social_?security(_number)?|national_?id(_number)?|nin|passport(_number|_no)?|drivers?_?licen[cs]e(_number)?|sin|nhs_?number)$/, semantics: ["ssn", "national_id"] },
  { kind: "tax_id", category: "financial", name: /^(tax_?id|tin|vat_?(id|number)|ein)$/ },
  { kind: "medical_record_number", category: "health", name: /^(mrn|medical_?record(_number)?|patient_?id)$/ },
  { kind: "health_plan_number", category: "health", name: /^(health_?plan|insurance|member|policy)_?(id|number|no)$/ },
  { kind: "diagnosis", category: "health", name: /^(diagnos[ie]s(_code)?|icd_?(9|10|11)?(_code)?|condition|disease|symptoms?|procedure(_code)?|cpt(_code)?)$/, semantics: ["icd10", "diagnosis"] },
  { kind: "care_date", category: "health", name: /^(admission|admit|discharge|visit|service|encounter|appointment|procedure|death|deceased)_?(date|time|datetime|at|on)$|^date_of_(death|admission|discharge|service|visit)$/ },
  { kind: "medication", category: "health", name: /^(medications?|prescriptions?|drug|dosage|rx)$/ },
  { kind: "health_data", category: "health", name: /^(allerg(y|ies)|blood_?(type|group|pressure)|lab_?results?|heart_?rate|bmi|vaccination|disability|genetic\w*|treatment)$/ },
  { kind: "biometric", category: "special_category", name: /^(fingerprint|face_?(id|print)|retina\w*|biometric\w*|voice_?print)$/ },
  { kind: "ethnicity", category: "special_category", name: /^(ethnicity|race|ethnic_?origin)$/ },
  { kind: "religion", category: "special_category", name: /^(religion|religious_?belief|political_?(opinion|affiliation|party)|trade_?union\w*|sexual_?orientation)$/ },
  { kind: "gender", category: "personal", name: /^(gender|sex)$/ },
  { kind: "date_of_birth", category: "personal", name: /^(dob|date_?of_?birth|birth_?date|birthday|birth_?day)$/ },
  { kind: "email", category: "personal", name: /^(e_?mail(_address)?|\w+_e_?mail)$/, formats: ["email", "idn-email"], semantics: ["email"] },
  { kind: "phone", category: "personal", name: /^(phone|mobile|cell|telephone|tel|fax)(_?(number|no|num))?$|^\w+_phone$/, semantics: ["phone"] },
  { kind: "address", category: "personal", name: /^((street|home|billing|shipping|mailing|postal)_?)?address(_line_?\d)?$|^street(_name)?$/, semantics: ["address"] },
  { kind: "postal_code", category: "personal", name: /^(zip|zip_?code|postcode|postal_?code)$/ },
  { kind: "person_name", category: "personal", name: /^(name|full_?name|first_?name|last_?name|given_?name|family_?name|surname|middle_?name|maiden_?name)$/, semantics: ["name", "person_name"] },
  { kind: "username", category: "personal", name: /^(user_?name|login|handle)$/ },
  { kind: "ip_address", category: "personal", name: /^(ip|ip_?address|client_?ip|remote_?addr)$/, formats: ["ipv4", "ipv6"] },
  { kind: "geolocation", category: "personal", name: /^(lat|latitude|lng|lon|longitude|geo_?location|coordinates)$/ },
];

/** `billingEmail`, `billing-email`, `Billing Email` -> `billing_email`. */
function normaliseName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "").toLowerCase();
}

/** The sensitive fields of a JSON Schema (normalise it first: functions/engine/schema), in schema order. */
export function classifySensitiveFields(schema: JsonSchema): SensitiveField[] {
  const found: SensitiveField[] = [];
  const seen = new Set<string>();
  walkSchema(schema, (site) => {
    if (!isSchemaObject(site.node) || site.field === "$" || site.definition || seen.has(site.field)) return;
    const lastSegment = site.field.split(/[.[\]]/).filter((s) => s && s !== "*").pop() ?? "";
    const name = normaliseName(lastSegment.replace(/^"|"$/g, ""));
    const format = typeof site.node.format === "string" ? site.node.format : undefined;
    const semantic = typeof site.node["x-semantic"] === "string" ? site.node["x-semantic"] : undefined;
    for (const d of DETECTORS) {
      const evidence = semantic && d.semantics?.includes(semantic) ? "semantic"
        : format && d.formats?.includes(format) ? "format"
        : d.name?.test(name) ? "name" : undefined;
      if (evidence) {
        seen.add(site.field);
        found.push({ field: site.field, kind: d.kind, category: d.category, evidence });
        break;
      }
    }
  });
  return found;
}

export interface ComplianceIssue {
  field: string;
  requirement: ComplianceRegime;
  issue: string;
}

// HIPAA Safe Harbor (45 CFR 164.514(b)(2)) identifiers among the kinds we detect.
const HIPAA_IDENTIFIERS = new Set<SensitiveKind>([
  "email", "phone", "person_name", "address", "postal_code", "date_of_birth", "national_id", "ip_address",
  "medical_record_number", "health_plan_number", "bank_account", "card_number", "username", "biometric", "geolocation",
]);

/** What one regime requires of the generator for one sensitive field, or undefined when it does not concern it. */
function requirementFor(regime: ComplianceRegime, f: SensitiveField): string | undefined {
  switch (regime) {
    case "PCI-DSS":
      if (f.kind === "card_security_code") {
        return "sensitive authentication data (CVV/CVC) must never be stored, even next to synthetic card numbers: remove this field from the schema";
      }
      if (f.kind === "card_number") return "card numbers are generated only from the card networks' published test ranges (Luhn-valid, never issuable)";
      if (f.category === "card") return "cardholder data is synthetic only and never combined with a security code";
      return undefined;
    case "HIPAA":
      if (f.category === "health") {
        if (f.kind === "care_date") return "dates of care are shifted by a per-data-set random offset (only the year may be kept as is, Safe Harbor)";
        return f.kind === "medical_record_number" || f.kind === "health_plan_number"
          ? "identifier generated from a reserved, obviously synthetic range (never a real-looking record or plan number)"
          : "health information generated from code lists only, never linked to a real person";
      }
      if (HIPAA_IDENTIFIERS.has(f.kind)) {
        if (f.kind === "date_of_birth") return "dates are shifted by a per-data-set random offset and ages over 89 are aggregated (Safe Harbor)";
        if (f.kind === "postal_code") return "postal codes truncated to 3 digits (Safe Harbor), no real full codes";
        return "no real-looking identifier: use reserved values (example.com mail, 555-01xx phones, 9xx SSNs, documentation IP ranges)";
      }
      return undefined;
    case "GDPR":
      if (f.category === "special_category") return "special-category data (Art. 9): generated values only, never derived from or sampled from real people";
      if (f.category === "health") return "health data is special-category data (Art. 9): wholly synthetic values, no reference data from real patients";
      if (f.category === "personal" || f.category === "financial" || f.category === "card") {
        return "personal data: wholly synthetic values, never derived from real people; a reference data set may shape distributions only, and NewRowSynthesis must show no copied rows";
      }
      return undefined;
    case "CCPA":
      if (f.category !== "card" || f.kind === "card_number") {
        return "personal information of California consumers: synthetic values only, no real consumer records, not sold or shared";
      }
      return undefined;
    case "SOC2":
      return "confidential data: the generated set is stored encrypted (SSE-KMS), access-logged and deleted by the stack's retention rules";
  }
}

/** One issue per sensitive field and requested regime that concerns it. */
export function complianceIssues(sensitive: SensitiveField[], regimes: readonly ComplianceRegime[]): ComplianceIssue[] {
  const issues: ComplianceIssue[] = [];
  for (const regime of regimes) {
    for (const f of sensitive) {
      const issue = requirementFor(regime, f);
      if (issue) issues.push({ field: f.field, requirement: regime, issue });
    }
  }
  return issues;
}
