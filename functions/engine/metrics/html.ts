// The human report: one self-contained HTML page (inline CSS, charts as inline SVG drawn by Vega-Lite
// at build time, no scripts, no network). Overview and alerts first, then the fidelity to a reference
// when there is one, the relations between columns, each field, a few rows and the notes. Every piece
// of text from the data or schema goes through `escapeHtml` (and Vega's SVG renderer escapes its text).
import type {
  Alert, AssociationMatrix, DistributionAnalysis, FieldStatistics, FidelityReport, Histogram, MetricScore, PairMetric, PairView, QualityReport,
} from "./types";
import { chartDrawer, type ChartSpec } from "./charts";

export type Draw = ReturnType<typeof chartDrawer>;

/**
 * Where a report's sections sit on a page: their ids start with `prefix` and their headings are h`level`
 * (subheadings one below). A page of its own is { prefix: "", level: 2 }; the data-set report puts one
 * report per table under its table's heading, each with ids of its own.
 */
export interface SectionLayout { prefix: string; level: 2 | 3 }

const PAGE_LAYOUT: SectionLayout = { prefix: "", level: 2 };

function heading(layout: SectionLayout, depth: 0 | 1, text: string, id?: string): string {
  const tag = `h${layout.level + depth}`;
  return `<${tag}${id === undefined ? "" : ` id="${layout.prefix}${id}"`}>${text}</${tag}>`;
}

export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export const REPORT_CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#1d2330;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:30px 0 10px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
h3{font-size:15px;margin:16px 0 6px;word-break:break-all}.field h3{margin-top:0}
nav a{margin-right:14px;color:#3b6fd6;text-decoration:none;font-size:13px}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #dde2ea;border-radius:8px;padding:10px 14px;min-width:140px}
.card .v{font-size:24px;font-weight:600}.card .l{color:#5b6475;font-size:12px}
.good{color:#18794e}.fair{color:#ad5700}.poor{color:#c62a2f}.na{color:#8a93a3}
table{border-collapse:collapse;width:100%;margin:6px 0}td,th{border-bottom:1px solid #eef1f5;padding:4px 8px;text-align:left;vertical-align:top}
th{font-weight:600;color:#5b6475;font-size:12px}
.alerts{list-style:none;padding:0;margin:0}.alerts li{padding:5px 10px;margin:4px 0;border-radius:6px;border-left:4px solid}
.alert-warning{background:#fff5e6;border-color:#e08a00}.alert-info{background:#eef4ff;border-color:#3b6fd6}
.tag{display:inline-block;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.03em;color:#5b6475;min-width:150px}
.field{border:1px solid #dde2ea;border-radius:8px;padding:12px 14px;margin:12px 0;display:grid;grid-template-columns:minmax(260px,1fr) 520px;gap:14px}
.charts{display:flex;flex-direction:column;gap:8px}
.stats td{padding:2px 6px;font-size:13px}.legend{font-size:12px;color:#5b6475}
.sw{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px}
.pairs{display:flex;flex-wrap:wrap;gap:16px}
.sample{overflow-x:auto}.sample td{font-size:12px;white-space:nowrap;max-width:220px;overflow:hidden;text-overflow:ellipsis}
details{margin:4px 0}summary{cursor:pointer}code{font-size:12px;word-break:break-all}
ul.notes{color:#5b6475;font-size:12px}
@media (max-width:860px){.field{grid-template-columns:1fr}}
`;

export const DATA_COLOUR = "#3b6fd6";
export const REFERENCE_COLOUR = "#e07b24";
/** Fields drawn with charts at most; the rest get their statistics only (a schema of hundreds of fields). */
const MAX_CHARTED_FIELDS = 60;
/** A category chart says nothing when the commonest value holds under this share (ids, e-mails, free text). */
const MIN_CHARTED_TOP_SHARE = 0.01;
/** A pair whose synthetic relation drifted this far (score below) is listed as lost. */
const LOST_PAIR_SCORE = 0.9;
const MAX_LOST_PAIRS_LISTED = 6;
const DAY_MS = 86_400_000;
export const CHART_WIDTH = 440;

export function scoreClass(score: number | null | undefined): string {
  if (score === null || score === undefined) return "na";
  return score >= 0.85 ? "good" : score >= 0.6 ? "fair" : "poor";
}

export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? "n/a" : score.toFixed(3);
}

/** One formatter for every whole number: toLocaleString builds a new one at each call, which shows in a report's build time. */
const WHOLE_NUMBER = new Intl.NumberFormat("en-US");

export function formatNumber(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isInteger(value)) return WHOLE_NUMBER.format(value);
    return Math.abs(value) >= 1e6 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(3) : value.toFixed(3);
  }
  return String(value);
}

export function card(label: string, score: number | null | undefined, note = ""): string {
  return `<div class="card"><div class="v ${scoreClass(score)}">${escapeHtml(formatScore(score))}</div>`
    + `<div class="l">${escapeHtml(label)}${note ? ` (${escapeHtml(note)})` : ""}</div></div>`;
}

export function countCard(label: string, value: string): string {
  return `<div class="card"><div class="v">${escapeHtml(value)}</div><div class="l">${escapeHtml(label)}</div></div>`;
}

// ---- chart specifications ----

/** Bars per bin (the data set), outlined bars over the same bins (the reference). */
function histogramSpec(kind: string, histogram: Histogram, title: string): ChartSpec {
  const temporal = kind === "datetime";
  // A narrower last bin of whole units holds fewer possible values: its bar is scaled up to a full bin's.
  const fullWidth = histogram.edges[1] - histogram.edges[0];
  const scale = (i: number): number => (histogram.whole_units ? fullWidth / (histogram.edges[i + 1] - histogram.edges[i]) : 1);
  const bins = histogram.frequencies.map((share, i) => ({ x0: histogram.edges[i], x1: histogram.edges[i + 1], share: share * scale(i), set: "this data set" }));
  const reference = (histogram.reference_frequencies ?? []).map((share, i) => ({ x0: histogram.edges[i], x1: histogram.edges[i + 1], share: share * scale(i), set: "reference" }));
  const log = histogram.scale === "log";
  const x = {
    field: "x0", type: temporal ? "temporal" : "quantitative", bin: { binned: true }, title: null,
    ...(log ? { scale: { type: "log" } } : {}),
    axis: { ...(histogram.whole_units && !temporal ? { format: "d" } : {}), ...(log ? { format: "~s" } : {}), labelOverlap: true },
  } as const;
  const y = { field: "share", type: "quantitative", title: "share of values", axis: { format: "%" } } as const;
  const layers: unknown[] = [{ data: { values: bins }, mark: { type: "bar", color: DATA_COLOUR, opacity: 0.78 }, encoding: { x, x2: { field: "x1" }, y } }];
  if (reference.length > 0) {
    layers.push({ data: { values: reference }, mark: { type: "bar", fill: null, stroke: REFERENCE_COLOUR, strokeWidth: 2 }, encoding: { x, x2: { field: "x1" }, y } });
  }
  return { width: CHART_WIDTH, height: 150, title, layer: layers } as unknown as ChartSpec;
}

/** Horizontal bars per category; the reference's share as a tick on each row. */
function categorySpec(analysis: DistributionAnalysis): ChartSpec {
  const categories = analysis.categories!.slice(0, 12).map((c) => ({
    value: c.value.length > 24 ? `${c.value.slice(0, 23)}…` : c.value, share: c.frequency, reference: c.reference_frequency ?? null,
  }));
  const y = { field: "value", type: "nominal", sort: null, title: null } as const;
  const layers: unknown[] = [{ mark: { type: "bar", color: DATA_COLOUR, opacity: 0.82 }, encoding: { y, x: { field: "share", type: "quantitative", title: "share of values", axis: { format: "%" } } } }];
  if (categories.some((c) => c.reference !== null)) {
    layers.push({ mark: { type: "tick", color: REFERENCE_COLOUR, thickness: 3 }, encoding: { y, x: { field: "reference", type: "quantitative" } } });
  }
  return { width: CHART_WIDTH - 120, height: { step: 18 }, data: { values: categories }, layer: layers } as unknown as ChartSpec;
}

const MEASURE_LABEL: Record<string, string> = { spearman: "Spearman", cramers_v: "Cramér's V", correlation_ratio: "correlation ratio" };

/** The association of every pair of columns as a square heatmap (Spearman signed, the others 0..1). */
function heatmapSpec(matrix: AssociationMatrix): ChartSpec {
  const cells: Array<{ a: string; b: string; value: number | null; measure: string }> = [];
  for (const f of matrix.fields) cells.push({ a: f.name, b: f.name, value: 1, measure: "itself" });
  for (const p of matrix.pairs) {
    cells.push({ a: p.fields[0], b: p.fields[1], value: p.value, measure: MEASURE_LABEL[p.measure] });
    cells.push({ a: p.fields[1], b: p.fields[0], value: p.value, measure: MEASURE_LABEL[p.measure] });
  }
  const order = matrix.fields.map((f) => f.name);
  const side = Math.min(560, Math.max(160, order.length * 38));
  return {
    width: side, height: side, data: { values: cells },
    encoding: {
      x: { field: "a", type: "nominal", sort: order, title: null, axis: { labelAngle: -40, labelLimit: 120 } },
      y: { field: "b", type: "nominal", sort: order, title: null, axis: { labelLimit: 120 } },
    },
    layer: [
      { mark: "rect", encoding: { color: { field: "value", type: "quantitative", scale: { scheme: "redblue", domain: [-1, 1], reverse: true }, title: "association" } } },
      ...(order.length <= 14 ? [{ mark: { type: "text", fontSize: 10 }, transform: [{ filter: "datum.value != null" }], encoding: { text: { field: "value", type: "quantitative", format: ".2f" }, color: { condition: { test: "abs(datum.value) > 0.6", value: "white" }, value: "#1d2330" } } }] : []),
    ],
  } as unknown as ChartSpec;
}

function pairViewSpec(view: PairView): ChartSpec {
  const [a, b] = view.fields;
  const title = `${a} × ${b}: ${MEASURE_LABEL[view.measure]} ${view.value === null ? "n/a" : view.value.toFixed(2)}`;
  if (view.view === "scatter") {
    return {
      width: 300, height: 220, title, data: { values: view.points.map(([x, y]) => ({ x, y })) },
      mark: { type: "circle", size: 14, opacity: 0.45, color: DATA_COLOUR },
      encoding: { x: { field: "x", type: "quantitative", title: a, scale: { zero: false } }, y: { field: "y", type: "quantitative", title: b, scale: { zero: false } } },
    } as unknown as ChartSpec;
  }
  if (view.view === "heatmap") {
    return {
      width: 300, height: 220, title, data: { values: view.cells },
      mark: "rect",
      encoding: {
        x: { field: "x", type: "nominal", title: a, axis: { labelLimit: 90 } }, y: { field: "y", type: "nominal", title: b, axis: { labelLimit: 90 } },
        color: { field: "share", type: "quantitative", scale: { scheme: "blues" }, title: "share", legend: { format: "%" } },
      },
    } as unknown as ChartSpec;
  }
  const numeric = view.category_field === a ? b : a;
  const boxes = view.boxes.map((box) => ({ category: box.category, p5: box.quantiles[0], p25: box.quantiles[1], p50: box.quantiles[2], p75: box.quantiles[3], p95: box.quantiles[4] }));
  const y = { field: "category", type: "nominal", title: view.category_field, sort: null, axis: { labelLimit: 100 } } as const;
  return {
    width: 300, height: { step: 20 }, title, data: { values: boxes },
    layer: [
      { mark: { type: "rule", color: "#8a93a3" }, encoding: { y, x: { field: "p5", type: "quantitative", title: `${numeric} (p5, p25, median, p75, p95)`, scale: { zero: false } }, x2: { field: "p95" } } },
      { mark: { type: "bar", size: 12, color: DATA_COLOUR, opacity: 0.7 }, encoding: { y, x: { field: "p25", type: "quantitative" }, x2: { field: "p75" } } },
      { mark: { type: "tick", color: "#1d2330", size: 14, thickness: 2 }, encoding: { y, x: { field: "p50", type: "quantitative" } } },
    ],
  } as unknown as ChartSpec;
}

/** The real and synthetic correlation (or association score) of each pair side by side. */
export function pairScoresSpec(metrics: PairMetric[]): ChartSpec {
  const values = metrics.filter((m) => m.score !== null).map((m) => ({ pair: `${m.fields[0]} × ${m.fields[1]}`, score: m.score, metric: m.metric }));
  return {
    width: CHART_WIDTH, height: { step: 16 }, data: { values },
    mark: { type: "bar", color: DATA_COLOUR, opacity: 0.8 },
    encoding: {
      y: { field: "pair", type: "nominal", sort: { field: "score", order: "ascending" }, title: null, axis: { labelLimit: 200 } },
      x: { field: "score", type: "quantitative", scale: { domain: [0, 1] }, title: "pair score (1 = the relation is kept)" },
      color: { field: "metric", type: "nominal", scale: { range: [DATA_COLOUR, "#7aa0e8"] }, legend: { orient: "bottom", title: null } },
    },
  } as unknown as ChartSpec;
}

// ---- sections ----

function alertsSection(alerts: Alert[]): string {
  if (alerts.length === 0) return `<p class="legend">No alerts: no constant columns, heavy nulls, heavy skew, duplicates or invalid rows.</p>`;
  const ordered = [...alerts].sort((x, y) => (x.severity === y.severity ? 0 : x.severity === "warning" ? -1 : 1));
  return `<ul class="alerts">${ordered.map((a) => `<li class="alert-${a.severity}" data-alert="${escapeHtml(a.kind)}"><span class="tag">${escapeHtml(a.kind.replace(/_/g, " "))}</span>${escapeHtml(a.message)}</li>`).join("")}</ul>`;
}

function invalidSection(report: QualityReport, layout: SectionLayout): string {
  const groups = report.invalid_rows ?? [];
  if (groups.length === 0) return "";
  return `${heading(layout, 1, "Invalid rows by reason")}<table><tr><th>reason</th><th>rows</th><th>examples</th></tr>${groups.map((g) => `<tr><td>${escapeHtml(g.reason)}</td><td>${escapeHtml(formatNumber(g.count))}</td><td><details><summary>${g.examples.length} example${g.examples.length === 1 ? "" : "s"}</summary>${g.examples.map((e) => `<div><code>${escapeHtml(e)}</code></div>`).join("")}</details></td></tr>`).join("")}</table>`;
}

function statsTable(stats: FieldStatistics, analysis: DistributionAnalysis | undefined): string {
  const approximate = stats.distinct_approximate
    ? ` (HyperLogLog estimate, ± ${((stats.distinct_error ?? 0) * 100).toFixed(1)}%)` : "";
  const rows: Array<[string, unknown]> = [
    ["kind", stats.kind],
    ["values", stats.count],
    ["nulls", `${formatNumber(stats.null_count)} (${(stats.null_rate * 100).toFixed(1)}%)`],
    ["distinct", `${stats.distinct_approximate ? "≈ " : ""}${formatNumber(stats.distinct_count)}${approximate}`],
  ];
  if (stats.type_mismatch_count > 0) rows.push(["wrong type", stats.type_mismatch_count]);
  const dated = (v: unknown): unknown => (stats.kind === "datetime" && typeof v === "string" ? v.replace("T00:00:00.000Z", "") : v);
  if (stats.min !== null) rows.push(["min / max", `${formatNumber(dated(stats.min))} / ${formatNumber(dated(stats.max))}`]);
  if (stats.mean !== null) rows.push(["mean / median", `${formatNumber(dated(stats.mean))} / ${formatNumber(dated(stats.median))}${stats.quantiles_approximate ? " (from a sample)" : ""}`]);
  // Dates are measured in milliseconds; a spread reads better in days.
  if (stats.std !== null) rows.push(["std", stats.kind === "datetime" ? `${formatNumber(stats.std / DAY_MS)} days` : formatNumber(stats.std)]);
  if (stats.quantiles && stats.kind === "numeric") {
    const q = stats.quantiles;
    rows.push(["p1 / p5 / p25", `${formatNumber(q.p1)} / ${formatNumber(q.p5)} / ${formatNumber(q.p25)}`]);
    rows.push(["p75 / p95 / p99", `${formatNumber(q.p75)} / ${formatNumber(q.p95)} / ${formatNumber(q.p99)}`]);
  }
  if (analysis?.skewness !== null && analysis?.skewness !== undefined) rows.push(["skewness", formatNumber(analysis.skewness)]);
  if (stats.length) rows.push(["length min / mean / max", `${stats.length.min} / ${formatNumber(stats.length.mean)} / ${stats.length.max}`]);
  if (analysis && analysis.shape !== "categorical" && analysis.shape !== "not_applicable") rows.push(["shape", analysis.shape.replace(/_/g, " ")]);
  return `<table class="stats">${rows.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(formatNumber(v))}</td></tr>`).join("")}</table>`;
}

async function fieldCharts(draw: Draw, name: string, stats: FieldStatistics, analysis: DistributionAnalysis | undefined): Promise<string> {
  const categories = analysis?.categories ?? [];
  if (analysis?.histogram) {
    const linear = await draw(histogramSpec(analysis.kind, analysis.histogram, analysis.histogram.whole_units ? "histogram (one bin per whole unit or group of units)" : "histogram"), `histogram of ${name}`);
    const log = analysis.log_histogram;
    if (!log) return linear;
    const below = log.below_log_range ? `; ${(log.below_log_range * 100).toFixed(1)}% of values at or below 0 are not on this axis` : "";
    return linear + await draw(histogramSpec(analysis.kind, log, `log scale (right-skewed values)${below}`), `log-scale histogram of ${name}`);
  }
  if (categories.length > 0 && categories[0].frequency >= MIN_CHARTED_TOP_SHARE) return draw(categorySpec(analysis!), `category frequencies of ${name}`);
  if (categories.length > 0 || stats.top_categories_note) {
    return `<p class="legend">${escapeHtml(formatNumber(stats.distinct_count))} distinct values, none above ${MIN_CHARTED_TOP_SHARE * 100}% of rows: no category chart</p>`;
  }
  return `<p class="legend">no chart for this field</p>`;
}

function metricCell(m: MetricScore | undefined): string {
  if (!m) return "<td></td>";
  const note = m.reason ?? (m.approximate ? `approx.${m.error_bound !== undefined ? ` ± ${m.error_bound.toFixed(3)}` : ""}` : "");
  return `<td class="${scoreClass(m.score)}" title="${escapeHtml(note)}">${escapeHtml(m.metric === "none" ? "—" : `${m.metric} ${formatScore(m.score)}`)}</td>`;
}

async function fidelitySection(draw: Draw, fidelity: FidelityReport, layout: SectionLayout): Promise<string> {
  const coverage = new Map<string, MetricScore[]>();
  for (const m of fidelity.coverage) coverage.set(m.field, [...(coverage.get(m.field) ?? []), m]);
  const columns = fidelity.column_shapes.metrics.map((m) => {
    const [first, second] = coverage.get(m.field) ?? [];
    return `<tr><td>${escapeHtml(m.field)}</td>${metricCell(m)}${metricCell(first)}${metricCell(second)}<td class="legend">${escapeHtml(m.reason ?? "")}</td></tr>`;
  }).join("");
  const pairs = fidelity.column_pair_trends.metrics;
  const pairRows = pairs.map((m) => `<tr><td>${escapeHtml(m.fields.join(" × "))}</td><td>${escapeHtml(m.metric)}</td><td>${escapeHtml(m.real === undefined ? "" : formatNumber(m.real))}</td><td>${escapeHtml(m.synthetic === undefined ? "" : formatNumber(m.synthetic))}</td><td class="${scoreClass(m.score)}">${escapeHtml(formatScore(m.score))}</td><td class="legend">${escapeHtml(m.reason ?? "")}</td></tr>`).join("");
  const lost = pairs.filter((m) => m.score !== null && m.score < LOST_PAIR_SCORE).sort((x, y) => x.score! - y.score!);
  const more = lost.length > MAX_LOST_PAIRS_LISTED ? `<p class="legend">and ${lost.length - MAX_LOST_PAIRS_LISTED} more pairs under ${LOST_PAIR_SCORE}: see the table below.</p>` : "";
  const lostList = lost.length === 0 ? `<p class="legend">No pair lost its relation (every pair score at least ${LOST_PAIR_SCORE}).</p>`
    : `<ul class="alerts">${lost.slice(0, MAX_LOST_PAIRS_LISTED).map((m) => `<li class="alert-warning" data-alert="lost_relation"><span class="tag">relation lost</span>${escapeHtml(`${m.fields.join(" × ")}: ${m.metric} ${formatScore(m.score)}${m.real !== undefined && m.synthetic !== undefined ? ` (correlation ${formatNumber(m.real)} in the reference, ${formatNumber(m.synthetic)} here)` : ""}`)}</li>`).join("")}</ul>${more}`;
  const chart = pairs.some((m) => m.score !== null) ? await draw(pairScoresSpec(pairs), "pair scores against the reference") : "";
  const novelty = fidelity.new_row_synthesis;
  return heading(layout, 0, `Fidelity to the reference (${escapeHtml(formatNumber(fidelity.reference_row_count))} rows)`, "fidelity")
    + `<p class="legend">SDMetrics' metrics: column shapes (KSComplement for numbers and dates, TVComplement for categories), coverage and adherence, column pair trends (CorrelationSimilarity, ContingencySimilarity) and NewRowSynthesis ${escapeHtml(formatScore(novelty.score))}${novelty.reason ? ` (${escapeHtml(novelty.reason)})` : ""}.</p>`
    + `${heading(layout, 1, "Per column")}<table><tr><th>field</th><th>shape</th><th>coverage</th><th>adherence</th><th>note</th></tr>${columns}</table>`
    + `${heading(layout, 1, "Pairs whose relation was lost")}${lostList}`
    + `${heading(layout, 1, "Per pair")}<div class="pairs">${chart}</div>`
    + `<table><tr><th>pair</th><th>metric</th><th>reference</th><th>this data set</th><th>score</th><th>note</th></tr>${pairRows}</table>`;
}

async function relationsSection(draw: Draw, matrix: AssociationMatrix | undefined, layout: SectionLayout): Promise<string> {
  if (!matrix || matrix.pairs.length === 0) return `${heading(layout, 0, "Relations", "relations")}<p class="legend">Fewer than two numeric or categorical columns to relate.</p>`;
  const heatmap = await draw(heatmapSpec(matrix), "association heatmap");
  const views: string[] = [];
  for (const view of matrix.pair_views) views.push(await draw(pairViewSpec(view), `pair view of ${view.fields.join(" and ")}`));
  return heading(layout, 0, "Relations", "relations")
    + `<p class="legend">Spearman's rank correlation between numeric columns (−1..1), Cramér's V between categorical columns and the correlation ratio between a categorical and a numeric column (0..1), over the rows where both have a value${matrix.sampled ? ` (a uniform sample of ${escapeHtml(formatNumber(matrix.rows))} rows)` : ""}.</p>`
    + `<div class="pairs">${heatmap}</div>`
    + (views.length > 0 ? `${heading(layout, 1, "Strongest pairs")}<div class="pairs">${views.join("")}</div>` : "");
}

function sampleSection(report: QualityReport, layout: SectionLayout): string {
  const rows = report.sample_rows ?? [];
  if (rows.length === 0) return "";
  const names = Object.keys(report.field_statistics);
  const cell = (v: unknown): string => (v === null || v === undefined ? `<span class="na">null</span>` : escapeHtml(typeof v === "number" ? formatNumber(v) : v));
  return `${heading(layout, 0, "Sample rows", "sample")}<div class="sample"><table><tr>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join("")}</tr>`
    + rows.map((row) => `<tr>${names.map((n) => `<td>${cell(row[n])}</td>`).join("")}</tr>`).join("")
    + `</table></div><p class="legend">From the row sample (random rows). Long text is cut at 200 characters.</p>`;
}

/** The report as one HTML page; async because the charts are rendered by vega. */
export async function renderHtmlReport(report: QualityReport, title = "Synthetic data quality report"): Promise<string> {
  const draw = chartDrawer();
  const nav = reportNav(report, PAGE_LAYOUT).map(([id, label]) => `<a href="#${id}">${label}</a>`).join("");
  return htmlPage(title, nav, await renderReportSections(report, draw, PAGE_LAYOUT));
}

/** One self-contained page: the report's style, a title, a line of links and the body. */
export function htmlPage(title: string, nav: string, body: string, extraCss = ""): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${REPORT_CSS}${extraCss}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<nav>${nav}</nav>
${body}
</body></html>
`;
}

/** The report's sections as [id, label], ids with the layout's prefix. */
export function reportNav(report: QualityReport, layout: SectionLayout): Array<[string, string]> {
  const sections: Array<[string, string]> = [["overview", "Overview"], ...(report.fidelity ? [["fidelity", "Fidelity"] as [string, string]] : []),
    ["relations", "Relations"], ["fields", "Fields"], ["sample", "Sample rows"], ["notes", "Notes"]];
  return sections.map(([id, label]) => [`${layout.prefix}${id}`, label]);
}

/**
 * The body of one report (overview and alerts, fidelity, relations, fields, sample rows, notes) laid out by
 * `layout`, its charts drawn by the page's `draw` (so chart ids stay unique on a page of several reports).
 */
export async function renderReportSections(report: QualityReport, draw: Draw, layout: SectionLayout): Promise<string> {
  const fidelity = report.fidelity;
  const alerts = report.alerts ?? [];
  const cards = [
    countCard("rows", formatNumber(report.row_count)),
    countCard("fields", formatNumber(report.field_count)),
    countCard("alerts", formatNumber(alerts.length)),
    card("overall quality", report.overall_quality_score),
    card("completeness", report.completeness_score),
    card("uniqueness", report.uniqueness_score, report.uniqueness_approximate ? "approx." : ""),
    card("validity", report.validity_score, report.validity_score === null ? "no validator" : ""),
  ];
  if (fidelity) {
    cards.push(card("fidelity", fidelity.overall_score), card("column shapes", fidelity.column_shapes.score),
      card("column pair trends", fidelity.column_pair_trends.score), card("new rows", fidelity.new_row_synthesis.score));
  }
  const legend = fidelity
    ? `<p class="legend"><span class="sw" style="background:${DATA_COLOUR}"></span>this data set<span class="sw" style="border:2px solid ${REFERENCE_COLOUR};width:7px;height:7px"></span>reference</p>`
    : "";
  const fields: string[] = [];
  let charted = 0;
  for (const [name, stats] of Object.entries(report.field_statistics)) {
    const analysis = report.distribution_analysis[name];
    const charts = charted++ < MAX_CHARTED_FIELDS ? await fieldCharts(draw, name, stats, analysis) : `<p class="legend">not charted: more than ${MAX_CHARTED_FIELDS} fields</p>`;
    fields.push(`<section class="field" id="${layout.prefix}field-${escapeHtml(encodeURIComponent(name))}"><div>${heading(layout, 1, escapeHtml(name))}${statsTable(stats, analysis)}</div><div class="charts">${charts}</div></section>`);
  }
  return `${heading(layout, 0, "Overview", "overview")}
<div class="cards">${cards.join("")}</div>
${heading(layout, 1, "Alerts")}
${alertsSection(alerts)}
${invalidSection(report, layout)}
${fidelity ? await fidelitySection(draw, fidelity, layout) : ""}
${await relationsSection(draw, report.associations, layout)}
${heading(layout, 0, "Fields", "fields")}${legend}
${fields.join("\n")}
${sampleSection(report, layout)}
${heading(layout, 0, "Notes", "notes")}<ul class="notes">${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`;
}
