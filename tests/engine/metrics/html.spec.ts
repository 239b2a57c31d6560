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
