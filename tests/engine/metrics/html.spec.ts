import { strict as assert } from "node:assert";
import { calculateQualityMetrics, escapeHtml, renderHtmlReport } from "../../../functions/engine/metrics";

const HOSTILE = `<script>alert("x")</script>&'`;
const schema = {
  type: "object",
  properties: {
    [HOSTILE]: { type: "string", enum: ["<img src=x onerror=alert(1)>", "plain"] },
    amount: { type: "number" },
    day: { type: "string", format: "date" },
  },
};

function rows(count: number, offset: number) {
  return Array.from({ length: count }, (_, k) => ({
    [HOSTILE]: k % 3 ? "plain" : "<img src=x onerror=alert(1)>",
    amount: (k * 37) % 100 + offset,
    day: `2024-05-${String(1 + (k % 28)).padStart(2, "0")}`,
  }));
}

describe("metrics: HTML report", () => {
  it("escapes the five HTML-special characters", () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("is self-contained (no URLs, scripts, external styles or images) and escapes field names and values", async () => {
    const report = await calculateQualityMetrics({ schema, data: rows(300, 0), reference: rows(200, 20), validator: () => true });
    const html = renderHtmlReport(report);
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    assert.doesNotMatch(html, /https?:\/\//i);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /<link|<img|<iframe|@import|url\(/i);
    assert.doesNotMatch(html, /<[^>]*\ssrc=/i, "no element loads a resource");
    assert.ok(!html.includes(HOSTILE), "the raw field name must not appear");
    assert.ok(html.includes(escapeHtml(HOSTILE)));
    assert.ok(html.includes(escapeHtml("<img src=x onerror=alert(1)>")));
  });

  it("has scores first, then a chart per field, with the reference overlaid when given", async () => {
    const withReference = renderHtmlReport(await calculateQualityMetrics({ schema, data: rows(300, 0), reference: rows(200, 20), validator: () => true }));
    const alone = renderHtmlReport(await calculateQualityMetrics({ schema, data: rows(300, 0), validator: () => true }));
    assert.ok(withReference.indexOf("overall quality") < withReference.indexOf("<h2>Fields</h2>"));
    assert.equal((withReference.match(/<section class="field">/g) ?? []).length, 3);
    assert.equal((withReference.match(/<svg /g) ?? []).length, 3);
    assert.match(withReference, /aria-label="histogram"/);
    assert.match(withReference, /aria-label="category frequencies"/);
    assert.match(withReference, /KSComplement/);
    // Reference bars: outlined histogram bins and thin category bars in the reference colour.
    assert.match(withReference, /stroke="#e07b24"/);
    assert.match(withReference, /fill="#e07b24"/);
    assert.doesNotMatch(alone, /#e07b24"/);
  });
});

describe("metrics: HTML report, readability", () => {
  it("draws no category chart for identifier-like text, and gives a date's spread in days", async () => {
    const idSchema = { type: "object", properties: { id: { type: "string" }, status: { type: "string" }, day: { type: "string", format: "date" } } };
    const data = Array.from({ length: 400 }, (_, k) => ({
      id: `id-${k}`, status: k % 4 ? "active" : "closed", day: `2024-0${1 + (k % 9)}-15`,
    }));
    const html = renderHtmlReport(await calculateQualityMetrics({ schema: idSchema, data, validator: () => true }));
    assert.match(html, /400 distinct values, none above 1% of rows: no category chart/);
    assert.equal((html.match(/aria-label="category frequencies"/g) ?? []).length, 1, "only status gets a category chart");
    const std = /<td>std<\/td><td>([^<]+)<\/td>/.exec(html.slice(html.indexOf("<h3>day</h3>")));
    assert.ok(std, "the date field shows its spread");
    // Months 1..9 on the 15th: the population std is about 2.58 months, some 78 days.
    assert.match(std[1], /^7\d\.\d{3} days$/);
  });
});
