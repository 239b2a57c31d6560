// The HTML report of a data set of several tables: one self-contained page (the single-table report's style
// and chart drawer: Vega-Lite rendered to inline SVG, no script, no network). First the data set as a whole:
// keys, referential integrity per relationship (orphans, NULL share), children per parent against what was
// asked (a histogram each), the parent rules, and with a reference SDMetrics' multi-table metrics; then each
// table's own report, the one a data file gets (renderReportSections), under its table's heading.
import { chartDrawer, type ChartSpec } from "../metrics/charts";
import {
  CHART_WIDTH, DATA_COLOUR, REFERENCE_COLOUR, card, countCard, escapeHtml, formatNumber, formatScore, htmlPage, pairScoresSpec,
  renderReportSections, reportNav, scoreClass, type Draw,
} from "../metrics/html";
import type { PairMetric } from "../metrics/types";
import { countDistribution, describeCardinality } from "./cardinality";
import type { Relationship } from "./model";
import type { DatasetReport } from "./report";

/** A histogram of children per parent has at most this many bars; wider ranges are grouped. */
const MAX_COUNT_BARS = 50;

const DATASET_CSS = `
h4{font-size:14px;margin:14px 0 6px;word-break:break-all}.field h4{margin-top:0}
.table-report{border-top:3px solid #dde2ea;margin-top:36px}
td.num{text-align:right;font-variant-numeric:tabular-nums}
`;

const RULE_TEXT: Record<string, string> = {
  after: "not before its parent's",
  sum: "adds up to its parent's",
  atMost: "adds up to at most its parent's",
};

const minimum = (scores: number[]): number | null => (scores.length ? Math.min(...scores) : null);
const share = (part: number, whole: number): string => (whole ? `${((part / whole) * 100).toFixed(1)}%` : "0%");
const tableId = (name: string): string => `table-${encodeURIComponent(name).replace(/%/g, "_")}-`;

function scoreCell(score: number | null | undefined, title = ""): string {
  return `<td class="${scoreClass(score)}"${title ? ` title="${escapeHtml(title)}"` : ""}>${escapeHtml(formatScore(score))}</td>`;
}

function numberCell(value: number): string {
  return `<td class="num">${escapeHtml(formatNumber(value))}</td>`;
}

/**
 * Children per parent: the share of parents with each count (bars) and, for the relationship that sizes the
 * child table, the share its cardinality asks for (outlined bars: countDistribution). Counts above
 * MAX_COUNT_BARS distinct values are grouped into equal bins.
 */
function countsSpec(histogram: Record<string, number>, parents: number, asked: { min: number; shares: number[] } | undefined, title: string): ChartSpec {
  const counts = Object.entries(histogram).map(([k, n]) => [Number(k), n] as const);
  const top = Math.max(0, ...counts.map(([k]) => k), asked ? asked.min + asked.shares.length - 1 : 0);
  const width = Math.max(1, Math.ceil((top + 1) / MAX_COUNT_BARS));
  const bins = new Map<number, { generated: number; asked: number }>();
  const bin = (k: number) => {
    const start = Math.floor(k / width) * width;
    if (!bins.has(start)) bins.set(start, { generated: 0, asked: 0 });
    return bins.get(start)!;
  };
  for (const [k, n] of counts) bin(k).generated += parents ? n / parents : 0;
  asked?.shares.forEach((p, i) => { if (p > 0) bin(asked.min + i).asked += p; });
  const rows = [...bins].sort(([a], [b]) => a - b).map(([start, v]) => ({ x0: start - 0.5, x1: start + width - 0.5, generated: v.generated, asked: v.asked }));
  const x = { field: "x0", type: "quantitative", bin: { binned: true }, title: width === 1 ? "children per parent" : `children per parent (bins of ${width})`, axis: { format: "d", tickMinStep: width, labelOverlap: true } } as const;
  const y = { type: "quantitative", title: "share of parents", axis: { format: "%" } } as const;
  const layers: unknown[] = [{ mark: { type: "bar", color: DATA_COLOUR, opacity: 0.78 }, encoding: { x, x2: { field: "x1" }, y: { ...y, field: "generated" } } }];
  if (asked) layers.push({ mark: { type: "bar", fill: null, stroke: REFERENCE_COLOUR, strokeWidth: 2 }, encoding: { x, x2: { field: "x1" }, y: { ...y, field: "asked" } } });
  return { width: CHART_WIDTH, height: 150, title, data: { values: rows }, layer: layers } as unknown as ChartSpec;
}

function overviewSection(report: DatasetReport): string {
  const rows = report.tables.reduce((a, t) => a + t.rows, 0);
  const scored = report.cardinality.filter((c) => c.bounds_from !== "assumed");
  const cards = [
    countCard("tables", formatNumber(report.tables.length)),
    countCard("rows", formatNumber(rows)),
    countCard("relationships", formatNumber(report.referential_integrity.length)),
    card("data-set score", report.score),
    card("key uniqueness", minimum(report.key_uniqueness.map((k) => k.score)), "lowest"),
    card("referential integrity", minimum(report.referential_integrity.map((r) => r.score)), "lowest"),
    card("cardinality adherence", minimum(scored.map((c) => c.adherence)), "lowest"),
    card("parent rules", minimum(report.parent_rules.map((r) => r.score)), "lowest"),
  ];
  if (report.fidelity) cards.push(card("multi-table fidelity", report.fidelity.score));
  const tables = report.tables.map((t) => {
    const single = report.table_reports[t.name];
    return `<tr><td><a href="#${tableId(t.name)}overview">${escapeHtml(t.name)}</a></td>${numberCell(t.rows)}${scoreCell(single?.overall_quality_score)}`
      + `${scoreCell(single?.validity_score)}${numberCell(single?.alerts?.length ?? 0)}${single?.fidelity ? scoreCell(single.fidelity.overall_score) : "<td></td>"}</tr>`;
  }).join("");
  return `<h2 id="overview">Overview</h2><div class="cards">${cards.join("")}</div>`
    + `<p class="legend">The data-set score is the mean of every key, reference, stated cardinality and parent-rule score below (1.0: a database with every constraint on takes the data as it is, and its readers find children agreeing with their parents).</p>`
    + `<h3>Tables (in dependency order)</h3><table><tr><th>table</th><th>rows</th><th>quality</th><th>validity</th><th>alerts</th><th>fidelity</th></tr>${tables}</table>`;
}

function keysSection(report: DatasetReport): string {
  if (report.key_uniqueness.length === 0) return `<h2 id="keys">Keys</h2><p class="legend">No primary keys or UNIQUE constraints.</p>`;
  const rows = report.key_uniqueness.map((k) => `<tr><td>${escapeHtml(`${k.table} (${k.columns.join(", ")})`)}</td>${numberCell(k.duplicates)}${scoreCell(k.score)}</tr>`).join("");
  return `<h2 id="keys">Keys</h2><p class="legend">KeyUniqueness = 1 − duplicated keys / rows, per primary key and UNIQUE set (rows with a NULL in the key never collide, as in PostgreSQL).</p>`
    + `<table><tr><th>key</th><th>duplicates</th><th>score</th></tr>${rows}</table>`;
}

function integritySection(report: DatasetReport, relationships: readonly Relationship[]): string {
  if (report.referential_integrity.length === 0) return `<h2 id="integrity">Referential integrity</h2><p class="legend">No relationships.</p>`;
  const rows = report.referential_integrity.map((ri) => {
    const r = relationships.find((x) => x.name === ri.relationship);
    const link = r ? `${r.child}(${r.columns.join(", ")}) → ${r.parent}(${r.parentColumns.join(", ")})` : `${ri.child} → ${ri.parent}`;
    return `<tr data-relationship="${escapeHtml(ri.relationship)}"><td>${escapeHtml(ri.relationship)}</td><td>${escapeHtml(link)}</td>${numberCell(ri.references)}`
      + `<td class="num">${escapeHtml(`${formatNumber(ri.nulls)} (${share(ri.nulls, ri.nulls + ri.references)})`)}</td>`
      + `<td class="num ${ri.orphans ? "poor" : ""}">${escapeHtml(formatNumber(ri.orphans))}</td>${scoreCell(ri.score)}</tr>`;
  }).join("");
  return `<h2 id="integrity">Referential integrity</h2>`
    + `<p class="legend">ReferentialIntegrity (SDMetrics) = child rows whose non-NULL reference is a parent key / child rows with a non-NULL reference; an orphan is a reference to no parent row. NULL references are counted apart (a nullable foreign key).</p>`
    + `<table><tr><th>relationship</th><th>child → parent</th><th>references</th><th>NULL references</th><th>orphans</th><th>score</th></tr>${rows}</table>`;
}

async function cardinalitySection(draw: Draw, report: DatasetReport, relationships: readonly Relationship[]): Promise<string> {
  if (report.cardinality.length === 0) return "";
  const parts: string[] = [];
  for (const c of report.cardinality) {
    const r = relationships.find((x) => x.name === c.relationship);
    const asked = r && r.drives && r.child !== r.parent ? { min: r.cardinality.min, shares: countDistribution(r.cardinality) } : undefined;
    const bounds = `${formatNumber(c.bounds[0])}..${Number.isFinite(c.bounds[1]) ? formatNumber(c.bounds[1]) : "∞"}`;
    const what = r ? `${r.cardinalityStated ? "asked" : "assumed"}: ${describeCardinality(r.cardinality)}` : "";
    const chart = await draw(countsSpec(c.histogram, c.parents, asked, `${r ? `${r.child} per ${r.parent}` : c.relationship}${what ? ` (${what})` : ""}`), `children per parent along ${c.relationship}`);
    parts.push(`<section class="field" data-relationship="${escapeHtml(c.relationship)}"><div><h3>${escapeHtml(c.relationship)}</h3><table class="stats">`
      + `<tr><td>parents</td><td>${escapeHtml(formatNumber(c.parents))}</td></tr>`
      + `<tr><td>children per parent min / mean / max</td><td>${escapeHtml(`${formatNumber(c.min)} / ${formatNumber(c.mean)} / ${formatNumber(c.max)}`)}</td></tr>`
      + (what ? `<tr><td>${r!.cardinalityStated ? "asked" : "assumed"}</td><td>${escapeHtml(describeCardinality(r!.cardinality))}</td></tr>` : "")
      + `<tr><td>bounds (${escapeHtml(c.bounds_from)})</td><td>${escapeHtml(bounds)}</td></tr>`
      + `<tr><td>adherence</td><td class="${scoreClass(c.adherence)}">${escapeHtml(formatScore(c.adherence))}${c.bounds_from === "assumed" ? " (not scored: assumed)" : ""}</td></tr>`
      + `</table></div><div class="charts">${chart}</div></section>`);
  }
  return `<h2 id="cardinality">Cardinality</h2>`
    + `<p class="legend">CardinalityBoundaryAdherence = parents whose number of children lies within the bounds / parents (SDMetrics takes the bounds from the real data; with a reference, so does this report, else the cardinality asked). Bars: the share of parents with each number of children; <span class="sw" style="border:2px solid ${REFERENCE_COLOUR};width:7px;height:7px"></span>the share the cardinality asks for, where it sizes the child table.</p>`
    + parts.join("\n");
}

function rulesSection(report: DatasetReport): string {
  if (report.parent_rules.length === 0) return `<h2 id="rules">Parent rules</h2><p class="legend">No rules between children and their parents.</p>`;
  const rows = report.parent_rules.map((p) => `<tr data-rule="${escapeHtml(p.kind)}"><td>${escapeHtml(p.relationship)}</td><td>${escapeHtml(`${p.column} ${RULE_TEXT[p.kind] ?? p.kind} ${p.parent_column}`)}</td>`
    + `${numberCell(p.checked)}<td class="num ${p.violations ? "poor" : ""}">${escapeHtml(formatNumber(p.violations))}</td>${scoreCell(p.score)}</tr>`).join("");
  return `<h2 id="rules">Parent rules</h2>`
    + `<p class="legend">Score = 1 − violating rows / rows checked. after: a child's time not before its parent's; sum: the parent's value equals its children's sum, to the cent (each parent checked); atMost: the children add up to at most the parent's (each parent with children checked).</p>`
    + `<table><tr><th>relationship</th><th>rule</th><th>checked</th><th>violations</th><th>score</th></tr>${rows}</table>`;
}

async function fidelitySection(draw: Draw, report: DatasetReport): Promise<string> {
  const fidelity = report.fidelity;
  if (!fidelity) return "";
  const shapes = fidelity.cardinality_shape_similarity.map((c) => `<tr><td>${escapeHtml(c.relationship)}</td>${scoreCell(c.score)}</tr>`).join("");
  const trends = fidelity.intertable_trends;
  const pairs: PairMetric[] = trends.map((t) => ({
    fields: [`${t.relationship}: ${t.parent_column}`, t.child_column], metric: t.metric, score: t.score,
    ...(t.real !== undefined ? { real: t.real } : {}), ...(t.synthetic !== undefined ? { synthetic: t.synthetic } : {}),
  }));
  const chart = pairs.some((p) => p.score !== null) ? await draw(pairScoresSpec(pairs), "parent-child pair scores against the reference") : "";
  const rows = trends.map((t) => `<tr><td>${escapeHtml(t.relationship)}</td><td>${escapeHtml(t.parent_column)}</td><td>${escapeHtml(t.child_column)}</td><td>${escapeHtml(t.metric)}</td>`
    + `<td>${escapeHtml(t.real === undefined ? "" : formatNumber(t.real))}</td><td>${escapeHtml(t.synthetic === undefined ? "" : formatNumber(t.synthetic))}</td>${scoreCell(t.score)}<td class="legend">${escapeHtml(t.reason ?? "")}</td></tr>`).join("");
  return `<h2 id="fidelity">Fidelity to the reference data set</h2>`
    + `<p class="legend">SDMetrics' multi-table metrics. CardinalityShapeSimilarity = 1 − D, D the two-sample Kolmogorov-Smirnov statistic of the reference's and this data set's children per parent. Parent-child column pair trends: each child row joined to its parent, every (parent column, child column) pair scored by CorrelationSimilarity = 1 − |r_ref − r| / 2 (both numeric or dates) or ContingencySimilarity = 1 − ½ Σ |R_ab − S_ab| (numeric sides in 10 bins); n/a where SDMetrics gives NaN (a constant or empty column). Score: the mean of those not n/a.</p>`
    + `<h3>CardinalityShapeSimilarity</h3><table><tr><th>relationship</th><th>score</th></tr>${shapes}</table>`
    + `<h3>Parent-child column pair trends</h3><div class="pairs">${chart}</div>`
    + `<table><tr><th>relationship</th><th>parent column</th><th>child column</th><th>metric</th><th>reference</th><th>this data set</th><th>score</th><th>note</th></tr>${rows}</table>`;
}

/** The data set's report as one HTML page (relationships: the data set's, for what each one asked). */
export async function renderDatasetHtmlReport(report: DatasetReport, relationships: readonly Relationship[], title = "Synthetic data set quality report"): Promise<string> {
  const draw = chartDrawer();
  const sections = [
    overviewSection(report), keysSection(report), integritySection(report, relationships),
    await cardinalitySection(draw, report, relationships), rulesSection(report), await fidelitySection(draw, report),
  ];
  const nav: Array<[string, string]> = [["overview", "Overview"], ["keys", "Keys"], ["integrity", "Referential integrity"],
    ...(report.cardinality.length ? [["cardinality", "Cardinality"] as [string, string]] : []), ["rules", "Parent rules"],
    ...(report.fidelity ? [["fidelity", "Fidelity"] as [string, string]] : [])];
  for (const t of report.tables) {
    const single = report.table_reports[t.name];
    if (!single) {
      sections.push(`<section class="table-report" id="${tableId(t.name)}table"><h2>Table ${escapeHtml(t.name)}</h2><p class="legend">No report of this table's own: its rows were not measured.</p></section>`);
      nav.push([`${tableId(t.name)}table`, t.name]);
      continue;
    }
    const layout = { prefix: tableId(t.name), level: 3 as const };
    const links = reportNav(single, layout).map(([id, label]) => `<a href="#${id}">${label}</a>`).join("");
    sections.push(`<section class="table-report" id="${layout.prefix}table"><h2>Table ${escapeHtml(t.name)}</h2><nav>${links}</nav>\n${await renderReportSections(single, draw, layout)}</section>`);
    nav.push([`${layout.prefix}table`, t.name]);
  }
  return htmlPage(title, nav.map(([id, label]) => `<a href="#${escapeHtml(id)}">${escapeHtml(label)}</a>`).join(""), sections.join("\n"), DATASET_CSS);
}
