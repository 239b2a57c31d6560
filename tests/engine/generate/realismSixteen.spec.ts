import { strict as assert } from "node:assert";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { prepareGeneration } from "../../../functions/engine/generate";
import { levelRank, SALARY_BANDS } from "../../../functions/engine/generate/domains";
import { validateSchema } from "../../../functions/engine/validate";
import { measureRealism, statusValuesOf } from "../../../functions/engine/metrics/realism";
import { realismOf, REALISM_SCHEMAS } from "../../../scripts/bench/realism";

const schemaOf = (name: string) => JSON.parse(readFileSync(join(REALISM_SCHEMAS, `${name}.schema.json`), "utf8")) as Record<string, unknown>;
const rowsOf = (name: string, rows = 200) => [...prepareGeneration({ schema: schemaOf(name), rows, seed: 5, format: "jsonl" }).rows()] as Array<Record<string, unknown>>;

// Issue 11: sixteen schemas written the way users write them (nested addresses, products, tickets, labs,
// logs, KYB, HR, payments, campaigns, advisories, ...) give no placeholder text and no impossible row.
describe("realism on sixteen realistic schemas (tests/fixtures/realism)", function () {
  this.timeout(60_000);

  it("no placeholder words, no misread value, no pair out of order, no inconsistent count or sum, no impossible row", () => {
    const measured = realismOf(REALISM_SCHEMAS, 200);
    assert.equal(measured.length, 16);
    for (const { schema, figures: f } of measured) {
      assert.ok(f.freeText > 0, `${schema}: free text measured`);
      assert.deepEqual([f.placeholder, f.misread, f.outOfOrder, f.inconsistent, f.impossibleRows], [0, 0, 0, 0, 0], `${schema}: ${f.examples.join("; ")}`);
    }
    // Every kind of check ran somewhere, so zeros mean something.
    const sum = (k: "checkedMeanings" | "orderedPairs" | "arithmetic") => measured.reduce((a, m) => a + m.figures[k], 0);
    assert.ok(sum("checkedMeanings") > 1000 && sum("orderedPairs") > 1000 && sum("arithmetic") > 1000);
  });

  it("every text field of the sixteen has a meaning the generator knows (validateSchema names none as unknown)", () => {
    for (const file of readdirSync(REALISM_SCHEMAS)) {
      const r = validateSchema({ schema: JSON.parse(readFileSync(join(REALISM_SCHEMAS, file), "utf8")) });
      assert.equal(r.valid, true, file);
      assert.deepEqual(r.unknown_meanings, [], file);
    }
  });

  it("the check finds what a reader would: Latin, unfilled templates, bad check digits, dates and bounds out of order, counts and sums that disagree", () => {
    const bad = [
      { title: "culpo nemo temeritas", isbn: "978-3-16-148410-1", gtin: "4006381333932", vin: "1HGCM82633A004353", created_at: "2025-02-01T00:00:00Z", closed_at: "2025-01-01T00:00:00Z" },
      { description: "Ergonomic {{commerce.product}}", reference_low: 9, reference_high: 3, items: [{ unit_price: 2, quantity: 3, line_total: 6 }], item_count: 4, subtotal: 7, clicks: 9, impressions: 3, ctr_percent: 140 },
      { title: "Blue widget", isbn: "978-3-16-148410-0", gtin: "4006381333931", vin: "1HGCM82633A004352", created_at: "2025-01-01T00:00:00Z", closed_at: "2025-02-01T00:00:00Z" },
    ];
    const f = measureRealism(bad);
    assert.equal(f.placeholder, 2);
    assert.equal(f.misread, 3); // the first row's ISBN, GTIN and VIN; the third row's are valid
    assert.equal(f.outOfOrder, 2); // closed before created; low above high
    assert.equal(f.inconsistent, 4); // item count, subtotal, clicks above impressions, a percentage over 100
    assert.equal(f.impossibleRows, 2);
    // Listed status values are read from the schema.
    const status = measureRealism([{ state: "Ohio" }], statusValuesOf({ type: "object", properties: { state: { type: "string", description: "either 'open' or 'closed'" } } }));
    assert.equal(status.misread, 1);
  });

  it("draws a job's title, level and salary together: an intern is at the intern level, the salary in the level's band", () => {
    for (const r of rowsOf("employee")) {
      const rank = levelRank(String(r.level));
      assert.notEqual(rank, undefined, String(r.level));
      if (r.employment_type === "intern") assert.equal(r.level, "Intern");
      const [lo, hi] = SALARY_BANDS[rank!]!;
      const salary = Number(r.salary), partTime = r.employment_type === "part_time";
      // The schema's minimum (15,000) lifts a part-time intern's half band.
      assert.ok(salary >= Math.max(15_000, (partTime ? lo / 2 : lo) - 500) && salary <= hi + 500, `${r.level} ${r.employment_type} ${salary}`);
      if (rank === 7) assert.match(String(r.job_title), /^Chief /);
      if (rank === 0) assert.match(String(r.job_title), / Intern$/);
    }
  });

  it("draws a lab result's test, code, unit, range and method together", () => {
    for (const r of rowsOf("lab_result")) {
      assert.ok(String(r.reference_range).endsWith(` ${r.unit}`), `${r.test_name}: ${r.reference_range} / ${r.unit}`);
      assert.ok(Number(r.reference_low) < Number(r.reference_high));
      assert.ok(String(r.reference_range).startsWith(String(r.reference_low).split(".")[0]));
    }
    const names = new Set(rowsOf("lab_result").map((r) => `${r.test_name}|${r.loinc_code}|${r.unit}`));
    assert.ok(names.size >= 8 && names.size <= 12, `${names.size} test/code/unit triples`); // twelve tests, each always with its own code and unit
  });

  it("flight legs, vehicles, errors and advisories agree with themselves", () => {
    for (const r of rowsOf("flight_booking")) {
      assert.notEqual(r.origin_airport, r.destination_airport);
      assert.ok(String(r.flight_number).startsWith(String(r.airline_iata)));
    }
    for (const r of rowsOf("vehicle")) assert.ok(["WVW", "3VW"].includes(String(r.vin).slice(0, 3)) === (r.make === "Volkswagen"), `${r.vin} ${r.make}`);
    for (const r of rowsOf("application_log")) {
      const error = r.error as Record<string, string> | undefined;
      const first = error?.stack_trace?.split("\n")[0];
      if (first && error!.type) assert.ok(first.startsWith(`${error!.type}: `), first);
      if (first && error!.message) assert.ok(first.endsWith(`: ${error!.message}`), first);
    }
    for (const r of rowsOf("vulnerability")) {
      const cwe = Number(String(r.cwe_id).slice(4));
      assert.ok(String(r.description).includes(`(CWE-${cwe})`), String(r.description));
    }
  });
});
