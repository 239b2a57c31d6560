import { strict as assert } from "node:assert";
import { calculateQualityMetrics, escapeHtml, renderHtmlReport } from "../../../functions/engine/metrics";
import { chartDrawer, type ChartSpec } from "../../../functions/engine/metrics/charts";
import { seededRandom } from "../../../functions/engine/metrics/hash";

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
    const html = await renderHtmlReport(report);
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    assert.doesNotMatch(html, /https?:\/\//i);
    assert.doesNotMatch(html, /<script/i);
    // url(#...) points into the page (a chart's gradient); nothing else may load.
    assert.doesNotMatch(html, /<link|<img|<iframe|@import|url\((?!#)/i);
    assert.doesNotMatch(html, /<[^>]*\ssrc=/i, "no element loads a resource");
    assert.ok(!html.includes(HOSTILE), "the raw field name must not appear");
    assert.ok(html.includes(escapeHtml(HOSTILE)));
    assert.ok(html.includes(escapeHtml("<img src=x onerror=alert(1)>")));
  });

  it("has scores first, then a chart per field, with the reference overlaid when given", async () => {
    const withReference = await renderHtmlReport(await calculateQualityMetrics({ schema, data: rows(300, 0), reference: rows(200, 20), validator: () => true }));
    const alone = await renderHtmlReport(await calculateQualityMetrics({ schema, data: rows(300, 0), validator: () => true }));
    assert.ok(withReference.indexOf("overall quality") < withReference.indexOf('<h2 id="fields">Fields</h2>'));
    assert.ok(withReference.indexOf("<h3>Alerts</h3>") < withReference.indexOf('<h2 id="fidelity">'));
    const sections = withReference.split('<section class="field"').slice(1);
    assert.equal(sections.length, 3);
    // Every field's chart is an inline SVG drawn by vega (its "marks" class), labelled for screen readers.
    for (const section of sections) assert.match(section, /<svg role="img" aria-label="[^"]+" [^>]*class="marks"/);
    assert.match(withReference, /aria-label="histogram of amount"/);
    assert.match(withReference, /aria-label="histogram of day"/);
    assert.match(withReference, /aria-label="category frequencies of /);
    assert.match(withReference, /aria-label="association heatmap"/);
    assert.match(withReference, /KSComplement/);
    assert.match(withReference, /CorrelationSimilarity|ContingencySimilarity/);
    // Reference bars: outlined histogram bins and ticks on the category bars, in the reference colour.
    assert.match(withReference, /stroke="#e07b24"/);
    assert.doesNotMatch(alone, /#e07b24"/);
    assert.doesNotMatch(alone, /id="fidelity"/);
  });
});

describe("metrics: HTML report, names of Object.prototype's members", () => {
  it("draws every chart for columns and categories called constructor, hasOwnProperty or __proto__", async () => {
    const names = ["constructor", "hasOwnProperty", "toString"];
    const data = Array.from({ length: 120 }, (_, k) => ({
      constructor: names[k % 3], hasOwnProperty: k % 2 ? "__proto__" : "valueOf", toString: (k * 7) % 50, n: (k * 13) % 40,
    }));
    const protoSchema = { type: "object", properties: {
      constructor: { enum: names }, hasOwnProperty: { enum: ["__proto__", "valueOf"] }, toString: { type: "integer" }, n: { type: "integer" },
    } };
    const report = await calculateQualityMetrics({ schema: protoSchema, data, reference: data.slice(0, 60), validator: () => true });
    const html = await renderHtmlReport(report);
    // A chart per column (4), the association heatmap and pair views: all drawn as SVG.
    assert.ok((html.match(/<svg /g) ?? []).length >= 5, "the charts are drawn");
    assert.ok(html.includes("hasOwnProperty"));
  });

  it("a chart vega cannot draw becomes a line saying so, not a failed report", async () => {
    const draw = chartDrawer();
    const broken = { data: { values: [{ x: 1 }] }, mark: "no-such-mark", encoding: { x: { field: "x", type: "quantitative" } } } as unknown as ChartSpec;
    assert.match(await draw(broken, "broken"), /^<p class="chart-missing">This chart could not be drawn \(.+\)\.<\/p>$/);
    assert.match(await draw({ data: { values: [{ x: 1 }] }, mark: "bar", encoding: { x: { field: "x", type: "quantitative" } } }, "fine"), /^<svg role="img"/);
  });
});

describe("metrics: HTML report, readability", () => {
  it("draws no category chart for identifier-like text, and gives a date's spread in days", async () => {
    const idSchema = { type: "object", properties: { id: { type: "string" }, status: { type: "string" }, day: { type: "string", format: "date" } } };
    const data = Array.from({ length: 400 }, (_, k) => ({
      id: `id-${k}`, status: k % 4 ? "active" : "closed", day: `2024-0${1 + (k % 9)}-15`,
    }));
    const html = await renderHtmlReport(await calculateQualityMetrics({ schema: idSchema, data, validator: () => true }));
    assert.match(html, /400 distinct values, none above 1% of rows: no category chart/);
    assert.equal((html.match(/aria-label="category frequencies of /g) ?? []).length, 1, "only status gets a category chart");
    const std = /<td>std<\/td><td>([^<]+)<\/td>/.exec(html.slice(html.indexOf("<h3>day</h3>")));
    assert.ok(std, "the date field shows its spread");
    // Months 1..9 on the 15th: the population std is about 2.58 months, some 78 days.
    assert.match(std[1], /^7\d\.\d{3} days$/);
  });
});

describe("metrics: report contents (alerts, bins, distinct counts, shape)", () => {
  const skewedSchema = {
    type: "object",
    properties: {
      id: { type: "string" }, age: { type: "integer" }, balance: { type: "number" }, country_code: { type: "string" },
      status: { type: "string", enum: ["active", "closed"] },
    },
  };
  // 20,000 rows: unique ids, whole-number ages falling after 60, a right-skewed balance, a constant country.
  const data = Array.from({ length: 20_000 }, (_, k) => {
    const u = ((k * 7919) % 20_000) / 20_000;
    return {
      id: `user-${k}`, age: 18 + Math.floor(60 * u * u), balance: Math.round(100 * Math.exp(8 * u ** 3)) / 100,
      country_code: "US", status: k % 10 === 0 ? "closed" : "active",
    };
  });

  it("counts 20,000 unique ids exactly, bins whole numbers in whole units and names the shape from the data", async () => {
    const report = await calculateQualityMetrics({ schema: skewedSchema, data, validator: () => true });
    assert.equal(report.field_statistics.id.distinct_count, 20_000);
    assert.equal(report.field_statistics.id.distinct_approximate, false);
    const histogram = report.distribution_analysis.age.histogram!;
    assert.ok(histogram.whole_units);
    // Every bin spans the same whole number of years from the youngest age on (the last may be narrower),
    // so no bin holds one more possible value than its neighbour.
    const widths = histogram.edges.slice(1).map((e, i) => e - histogram.edges[i]);
    assert.equal(histogram.edges[0], 18 - 0.5);
    assert.ok(widths.slice(0, -1).every((w) => w === widths[0] && Number.isInteger(w)), `widths ${widths}`);
    assert.ok(Number.isInteger(widths[widths.length - 1]) && widths[widths.length - 1] <= widths[0], `widths ${widths}`);
    assert.notEqual(report.distribution_analysis.age.shape, "uniform");
    assert.equal(report.distribution_analysis.age.shape, "right_skewed");
    assert.ok(report.distribution_analysis.balance.log_histogram, "a skewed balance gets a log-scale view");
    const kinds = report.alerts.map((a) => `${a.kind}:${a.fields.join(",")}`);
    assert.ok(kinds.includes("constant:country_code"), kinds.join(" "));
    assert.ok(kinds.includes("skewed:balance"), kinds.join(" "));
    assert.ok(kinds.includes("imbalanced:status"), kinds.join(" "));
    const html = await renderHtmlReport(report);
    assert.doesNotMatch(html, /approx/);
    assert.match(html, /aria-label="log-scale histogram of balance"/);
    assert.match(html, /data-alert="constant"/);
  });

  it("names a shape only when the data follow it: laws by their fit, otherwise lean, modes or flat", async () => {
    const random = seededRandom(3);
    const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const cases: Array<[string, () => number]> = [
      ["uniform", () => random()],
      ["uniform", () => 18 + Math.floor(random() * 73)], // whole-number ages, evenly spread
      ["normal", gauss],
      ["exponential", () => -Math.log(1 - random())],
      ["bimodal", () => (random() < 0.5 ? 0 : 6) + gauss()],
      // The ages: even up to 60, then falling off: not uniform, right-skewed.
      ["right_skewed", () => (random() < 0.75 ? 18 + Math.floor(random() * 42) : 60 + Math.floor(random() * random() * 30))],
      ["flat", () => random() + 0.3 * random()],
    ];
    for (const [expected, draw] of cases) {
      const report = await calculateQualityMetrics({ schema: { type: "object", properties: { x: { type: "number" } } }, data: Array.from({ length: 10_000 }, () => ({ x: draw() })), validator: () => true });
      assert.equal(report.distribution_analysis.x.shape, expected);
    }
  });

  it("groups invalid rows by the rule they break, with examples, when the schema's validator is used", async () => {
    const schema = { type: "object", properties: { age: { type: "integer", maximum: 65 }, name: { type: "string" } }, required: ["name"] };
    const rows = Array.from({ length: 50 }, (_, k) => (k % 10 === 0 ? { age: 70 + k } : { age: 20 + k, name: `n${k}` }));
    const report = await calculateQualityMetrics({ schema, data: rows });
    assert.equal(report.valid_row_count, 50 - 5 - 4);
    const reasons = new Map(report.invalid_rows.map((g) => [g.reason, g]));
    // Rows 0, 10, ..., 40 lack a name; rows 46..49 have ages 66..69, over 65.
    const total = report.invalid_rows.reduce((n, g) => n + g.count, 0);
    assert.equal(total, 9);
    assert.ok([...reasons.keys()].some((r) => /name/.test(r)), [...reasons.keys()].join(" | "));
    assert.ok([...reasons.keys()].some((r) => /^age: must be <= 65/.test(r)), [...reasons.keys()].join(" | "));
    for (const group of report.invalid_rows) assert.ok(group.examples.length >= 1 && group.examples.length <= 3);
    assert.ok(report.alerts.some((a) => a.kind === "invalid_rows"));
  });
});
