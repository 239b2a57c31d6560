// The README's picture of the quality report: builds the report of a 20,000-row user data set (whole-
// number ages that fall after 60, a long-tailed balance, a constant country, a few invalid rows) against
// a 5,000-row reference, opens it in headless Chromium and saves the top of the page as
// docs/quality-report.png, and its relations and first fields as docs/quality-report-fields.png. Run: npx tsx scripts/report-screenshot.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { calculateQualityMetrics, renderHtmlReport } from "../functions/engine/metrics";
import { seededRandom } from "../functions/engine/metrics/hash";
import { chromiumPath, CHROMIUM_CANDIDATES } from "./chromium";

const OUT_DIR = join(__dirname, "..", "docs");
const CHROMIUM = chromiumPath();

const schema = {
  type: "object",
  properties: {
    id: { type: "string" },
    age: { type: "integer", minimum: 18, maximum: 85 },
    balance: { type: "number" },
    income: { type: "number" },
    signup_date: { type: "string", format: "date" },
    status: { type: "string", enum: ["active", "inactive", "suspended"] },
    country_code: { type: "string" },
    verified: { type: "boolean" },
  },
};

function rows(count: number, seed: number, synthetic: boolean): Array<Record<string, unknown>> {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, k) => {
    const age = Math.min(90, 18 + Math.floor(-Math.log(1 - random()) * 16));
    return {
      id: `${synthetic ? "s" : "r"}-${k.toString(16).padStart(6, "0")}`,
      age,
      balance: Math.round(Math.exp(random() * 4 + random() * 5) * 100) / 100,
      // The reference's income grows with age; the synthetic data kept only part of that.
      income: Math.round(20_000 + (synthetic ? 300 : 900) * age + 15_000 * random()),
      signup_date: new Date(Date.UTC(2021, 0, 1) + Math.floor(random() * 1000) * 86_400_000).toISOString().slice(0, 10),
      status: ["active", "inactive", "suspended"][Math.floor(random() ** 2 * 3)],
      country_code: synthetic ? "US" : ["US", "GB", "DE"][k % 3],
      verified: random() < 0.85,
    };
  });
}

async function main(): Promise<void> {
  const report = await calculateQualityMetrics({ schema, data: rows(20_000, 1, true), reference: rows(5_000, 2, false) });
  const html = await renderHtmlReport(report);
  mkdirSync(OUT_DIR, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), "report-screenshot-"));
  const page = join(scratch, "quality_report.html");
  writeFileSync(page, html);
  const puppeteer = (await import("puppeteer-core")).default;
  if (!CHROMIUM) throw new Error(`no Chromium at ${CHROMIUM_CANDIDATES.join(" or ")}: \`apt-get install chromium\`, or set CHROMIUM_PATH`);
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1180, height: 1500, deviceScaleFactor: 1 });
    await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });
    await tab.screenshot({ path: join(OUT_DIR, "quality-report.png"), clip: { x: 0, y: 0, width: 1180, height: 1500 } });
    // The relations and the first fields: the heatmap, a pair view, whole-unit bins and a log-scale view.
    const top = await tab.evaluate(() => (globalThis as unknown as { document: { getElementById(id: string): { offsetTop: number } } }).document.getElementById("relations").offsetTop);
    await tab.screenshot({ path: join(OUT_DIR, "quality-report-fields.png"), clip: { x: 0, y: top - 10, width: 1180, height: 1500 }, captureBeyondViewport: true });
  } finally {
    await browser.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  process.stderr.write(`wrote ${join(OUT_DIR, "quality-report.png")} and ${join(OUT_DIR, "quality-report-fields.png")}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
