// The HTML quality report in a real browser: Debian's headless Chromium (installed by .ci/run) driven by
// puppeteer-core opens reports from disk (a plain data set, a skewed one, one with a reference, a data set
// of two tables against a reference) and checks that they render without console errors, load nothing,
// and show their charts and alerts.
// Skips, saying why, only when no Chromium is installed.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "puppeteer-core";
import { calculateQualityMetrics, renderHtmlReport } from "../../../functions/engine/metrics";
import { seededRandom } from "../../../functions/engine/metrics/hash";
import { measuredPlan, planMeasurement, prepareDataset, readDdl, renderDatasetHtmlReport } from "../../../functions/engine/dataset";
import { chromiumPath } from "../../../scripts/chromium";


const schema = {
  type: "object",
  properties: {
    id: { type: "string" },
    age: { type: "integer", minimum: 18, maximum: 85 },
    balance: { type: "number" },
    signup_date: { type: "string", format: "date" },
    status: { type: "string", enum: ["active", "inactive", "suspended"] },
    country_code: { type: "string" },
  },
};

/** Rows of the schema: plain (symmetric values) or skewed (ages falling after 60, a long-tailed balance, a constant country). */
function rows(count: number, skewed: boolean, seed: number): Array<Record<string, unknown>> {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, k) => {
    const u = random();
    return {
      id: `u-${seed}-${k}`,
      age: skewed ? Math.min(90, 18 + Math.floor(-Math.log(1 - u) * 15)) : 18 + Math.floor(u * 60),
      balance: skewed ? Math.round(Math.exp(random() * 9) * 100) / 100 : Math.round((500 + 200 * (random() + random() + random() - 1.5)) * 100) / 100,
      signup_date: new Date(Date.UTC(2021, 0, 1) + Math.floor(random() * 900) * 86_400_000).toISOString().slice(0, 10),
      status: ["active", "inactive", "suspended"][Math.floor((skewed ? random() ** 3 : random()) * 3)],
      country_code: skewed ? "US" : ["US", "GB", "DE"][k % 3],
    };
  });
}

/** The little of the DOM the page-side checks use (this project compiles without the DOM library). */
interface PageElement { getBoundingClientRect(): { width: number; height: number }; querySelectorAll(selector: string): ArrayLike<PageElement>; getAttribute(name: string): string | null; id: string }
declare const document: { querySelectorAll(selector: string): ArrayLike<PageElement> };

interface PageFacts { errors: string[]; requests: string[]; charts: number; drawnCharts: number; alerts: string[]; sections: string[]; referenceMarks: number }

describe("metrics: the HTML report in headless Chromium", function () {
  let browser: Browser | undefined;
  let dir: string;
  const executablePath = chromiumPath();

  before(async function () {
    if (!executablePath) {
      if (process.env.SDGA_REQUIRE_SYSTEM_DEPS) throw new Error("no Chromium at /usr/bin/chromium: .ci/run installs Debian's chromium");
      process.stdout.write("      (skipped: no Chromium at /usr/bin/chromium; `apt-get install chromium`, as .ci/run does, or set CHROMIUM_PATH)\n");
      this.skip();
    }
    const puppeteer = (await import("puppeteer-core")).default;
    browser = await puppeteer.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
    dir = mkdtempSync(join(tmpdir(), "report-browser-"));
  });

  after(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, html: string): Promise<PageFacts> {
    const path = join(dir, `${name}.html`);
    writeFileSync(path, html);
    const page = await browser!.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (message) => { if (message.type() === "error") errors.push(message.text()); });
    page.on("pageerror", (error) => errors.push(String(error)));
    page.on("request", (request) => { if (!request.url().startsWith("file:")) requests.push(request.url()); });
    await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
    const facts = await page.evaluate(() => {
      const svgs = Array.from(document.querySelectorAll("svg.marks"));
      return {
        charts: svgs.length,
        // A chart is drawn when the browser lays it out with a size and it holds marks.
        drawnCharts: svgs.filter((svg) => {
          const box = svg.getBoundingClientRect();
          return box.width > 50 && box.height > 30 && svg.querySelectorAll("path, rect, line, text").length > 5;
        }).length,
        alerts: Array.from(document.querySelectorAll("[data-alert]")).map((li) => li.getAttribute("data-alert")!),
        sections: Array.from(document.querySelectorAll("h2[id]")).map((h) => h.id),
        referenceMarks: document.querySelectorAll('[stroke="#e07b24"], [fill="#e07b24"]').length,
      };
    });
    await page.close();
    return { errors, requests, ...facts };
  }

  it("a plain data set: every chart drawn, no console errors, nothing loaded", async () => {
    const report = await calculateQualityMetrics({ schema, data: rows(3000, false, 1) });
    const facts = await open("plain", await renderHtmlReport(report));
    assert.deepEqual(facts.errors, []);
    assert.deepEqual(facts.requests, []);
    // One chart per field but the identifier, the association heatmap, and at least one pair view.
    assert.ok(facts.charts >= 5 + 1, `charts: ${facts.charts}`);
    assert.equal(facts.drawnCharts, facts.charts);
    assert.deepEqual(facts.sections, ["overview", "relations", "fields", "sample", "notes"]);
    assert.ok(!facts.alerts.includes("constant"));
  });

  it("a skewed data set: the alerts are there, and the log-scale view", async () => {
    const report = await calculateQualityMetrics({ schema, data: rows(3000, true, 2) });
    const html = await renderHtmlReport(report);
    const facts = await open("skewed", html);
    assert.deepEqual(facts.errors, []);
    assert.deepEqual(facts.requests, []);
    assert.equal(facts.drawnCharts, facts.charts);
    for (const kind of ["constant", "skewed", "invalid_rows", "unique"]) assert.ok(facts.alerts.includes(kind), `${kind} in ${facts.alerts}`);
    assert.match(html, /aria-label="log-scale histogram of balance"/);
  });

  it("with a reference: fidelity scores, overlaid distributions and the pairs compared", async () => {
    const report = await calculateQualityMetrics({ schema, data: rows(2000, true, 3), reference: rows(2000, false, 4) });
    const facts = await open("reference", await renderHtmlReport(report));
    assert.deepEqual(facts.errors, []);
    assert.deepEqual(facts.requests, []);
    assert.equal(facts.drawnCharts, facts.charts);
    assert.deepEqual(facts.sections, ["overview", "fidelity", "relations", "fields", "sample", "notes"]);
    assert.ok(facts.referenceMarks > 10, `reference marks: ${facts.referenceMarks}`);
    // A skewed copy of a plain reference loses relations and shapes: the report lists them.
    assert.ok(facts.alerts.includes("lost_relation"), `${facts.alerts}`);
  });

  it("a data set of two tables against a reference: the data-set sections, then each table's report, every chart drawn", async () => {
    const ddl = "CREATE TABLE customers (id bigint PRIMARY KEY, segment text NOT NULL CHECK (segment IN ('retail', 'business')), signed_up_at date NOT NULL);\n"
      + "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), placed_at date NOT NULL, quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 40));\n"
      + "COMMENT ON CONSTRAINT orders_customer_id_fkey ON orders IS 'sdga: 0..8 per parent, mean 2, skewed';";
    const set = await readDdl(ddl);
    const measured = (seed: string) => {
      const plan = prepareDataset(set, { rows: 150, seed });
      const measurement = planMeasurement(plan, { wholeRows: true });
      for (const t of measuredPlan(plan, measurement).tables) for (const _ of t.rows()) { /* measured on the way */ }
      return measurement;
    };
    const facts = await open("dataset", await renderDatasetHtmlReport(measured("data").report(measured("reference")), set.relationships));
    assert.deepEqual(facts.errors, []);
    assert.deepEqual(facts.requests, []);
    assert.deepEqual(facts.sections, ["overview", "keys", "integrity", "cardinality", "rules", "fidelity"]);
    // The children-per-parent histogram, the parent-child pair scores and each table's charts, all laid out with marks.
    assert.ok(facts.charts >= 2 + 2 * 3, `charts: ${facts.charts}`);
    assert.equal(facts.drawnCharts, facts.charts);
    assert.ok(facts.referenceMarks > 5, `asked and reference marks: ${facts.referenceMarks}`);
  });
});
