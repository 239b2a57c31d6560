// The human report: one self-contained HTML page (inline CSS, inline SVG, no scripts, no network),
// scores first, then a chart per field with the reference overlaid when there is one. Every piece of
// text from the data or schema goes through `escapeHtml`.
import type { DistributionAnalysis, FieldStatistics, MetricScore, QualityReport } from "./types";

export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1040px;color:#1d2330;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #dde2ea;padding-bottom:4px}
h3{font-size:15px;margin:0 0 6px;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid #dde2ea;border-radius:8px;padding:10px 14px;min-width:150px}
.card .v{font-size:24px;font-weight:600}.card .l{color:#5b6475;font-size:12px}
.good{color:#18794e}.fair{color:#ad5700}.poor{color:#c62a2f}.na{color:#8a93a3}
table{border-collapse:collapse;width:100%;margin:6px 0}td,th{border-bottom:1px solid #eef1f5;padding:4px 8px;text-align:left;vertical-align:top}
th{font-weight:600;color:#5b6475;font-size:12px}
.field{border:1px solid #dde2ea;border-radius:8px;padding:12px 14px;margin:12px 0;display:grid;grid-template-columns:minmax(260px,1fr) 500px;gap:14px}
.stats td{padding:2px 6px;font-size:13px}.legend{font-size:12px;color:#5b6475}
.sw{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px}
ul.notes{color:#5b6475;font-size:12px}
@media (max-width:820px){.field{grid-template-columns:1fr}}
`;

const DATA_COLOUR = "#3b6fd6";
const REFERENCE_COLOUR = "#e07b24";

function scoreClass(score: number | null | undefined): string {
  if (score === null || score === undefined) return "na";
  return score >= 0.85 ? "good" : score >= 0.6 ? "fair" : "poor";
}

function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined ? "n/a" : score.toFixed(3);
}

function formatNumber(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isInteger(value)) return value.toLocaleString("en-US");
    return Math.abs(value) >= 1e6 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(3) : value.toFixed(3);
  }
  return String(value);
}

function card(label: string, score: number | null | undefined, note = ""): string {
  return `<div class="card"><div class="v ${scoreClass(score)}">${escapeHtml(formatScore(score))}</div>`
    + `<div class="l">${escapeHtml(label)}${note ? ` (${escapeHtml(note)})` : ""}</div></div>`;
}

function axisLabel(kind: string, x: number): string {
  return kind === "datetime" ? new Date(x).toISOString().slice(0, 10) : formatNumber(x);
}

/** Vertical bars per bin; the reference drawn as an outlined bar over the same bin. */
function histogramSvg(analysis: DistributionAnalysis): string {
  const histogram = analysis.histogram!;
  const width = 480;
  const height = 170;
  const plotHeight = 140;
  const bins = histogram.frequencies.length;
  const peak = Math.max(...histogram.frequencies, ...(histogram.reference_frequencies ?? []), 1e-12);
  const barWidth = width / bins;
  const bars: string[] = [];
  histogram.frequencies.forEach((share, i) => {
    const h = (share / peak) * plotHeight;
    bars.push(`<rect x="${(i * barWidth + 1).toFixed(1)}" y="${(plotHeight - h).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${DATA_COLOUR}" fill-opacity="0.75"><title>${escapeHtml(`${axisLabel(analysis.kind, histogram.edges[i])} – ${axisLabel(analysis.kind, histogram.edges[i + 1])}: ${(share * 100).toFixed(1)}%`)}</title></rect>`);
  });
  histogram.reference_frequencies?.forEach((share, i) => {
    const h = (share / peak) * plotHeight;
    bars.push(`<rect x="${(i * barWidth + 1).toFixed(1)}" y="${(plotHeight - h).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="none" stroke="${REFERENCE_COLOUR}" stroke-width="2"><title>${escapeHtml(`reference: ${(share * 100).toFixed(1)}%`)}</title></rect>`);
  });
  const low = escapeHtml(axisLabel(analysis.kind, histogram.edges[0]));
  const high = escapeHtml(axisLabel(analysis.kind, histogram.edges[bins]));
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="histogram">`
    + `<line x1="0" y1="${plotHeight}" x2="${width}" y2="${plotHeight}" stroke="#8a93a3"/>${bars.join("")}`
    + `<text x="0" y="${height - 8}" font-size="11" fill="#5b6475">${low}</text>`
    + `<text x="${width}" y="${height - 8}" font-size="11" fill="#5b6475" text-anchor="end">${high}</text></svg>`;
}

/** Horizontal bars per category; the reference's share as a thin bar under each. */
function categorySvg(analysis: DistributionAnalysis): string {
  const categories = analysis.categories!.slice(0, 12);
  const withReference = categories.some((c) => c.reference_frequency !== undefined);
  const rowHeight = withReference ? 26 : 20;
  const labelWidth = 150;
  const barSpace = 270;
  const width = 480;
  const height = categories.length * rowHeight + 6;
  const peak = Math.max(...categories.map((c) => Math.max(c.frequency, c.reference_frequency ?? 0)), 1e-12);
  const rows = categories.map((c, i) => {
    const y = i * rowHeight + 4;
    const label = c.value.length > 22 ? `${c.value.slice(0, 21)}…` : c.value;
    let row = `<text x="${labelWidth - 6}" y="${y + 11}" font-size="11" text-anchor="end" fill="#1d2330">${escapeHtml(label)}<title>${escapeHtml(c.value)}</title></text>`
      + `<rect x="${labelWidth}" y="${y}" width="${((c.frequency / peak) * barSpace).toFixed(1)}" height="13" fill="${DATA_COLOUR}" fill-opacity="0.8"/>`
      + `<text x="${labelWidth + barSpace + 6}" y="${y + 11}" font-size="11" fill="#5b6475">${escapeHtml((c.frequency * 100).toFixed(1))}%</text>`;
    if (c.reference_frequency !== undefined) {
      row += `<rect x="${labelWidth}" y="${y + 15}" width="${((c.reference_frequency / peak) * barSpace).toFixed(1)}" height="6" fill="${REFERENCE_COLOUR}"/>`;
    }
    return row;
  });
  return `<svg width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="category frequencies">${rows.join("")}</svg>`;
}

const DAY_MS = 86_400_000;
/** A category chart says nothing when the commonest value holds under this share (ids, e-mails, free text). */
const MIN_CHARTED_TOP_SHARE = 0.01;

function statsTable(stats: FieldStatistics): string {
  const rows: Array<[string, unknown]> = [
    ["kind", stats.kind],
    ["values", stats.count],
    ["nulls", `${formatNumber(stats.null_count)} (${(stats.null_rate * 100).toFixed(1)}%)`],
    ["distinct", `${formatNumber(stats.distinct_count)}${stats.distinct_approximate ? " (approx.)" : ""}`],
  ];
  if (stats.type_mismatch_count > 0) rows.push(["wrong type", stats.type_mismatch_count]);
  if (stats.min !== null) rows.push(["min / max", `${formatNumber(stats.min)} / ${formatNumber(stats.max)}`]);
  if (stats.mean !== null) rows.push(["mean / median", `${formatNumber(stats.mean)} / ${formatNumber(stats.median)}${stats.quantiles_approximate ? " (approx.)" : ""}`]);
  // Dates are measured in milliseconds; a spread reads better in days.
  if (stats.std !== null) rows.push(["std", stats.kind === "datetime" ? `${formatNumber(stats.std / DAY_MS)} days` : formatNumber(stats.std)]);
  if (stats.length) rows.push(["length min / mean / max", `${stats.length.min} / ${formatNumber(stats.length.mean)} / ${stats.length.max}`]);
  return `<table class="stats">${rows.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(formatNumber(v))}</td></tr>`).join("")}</table>`;
}

function metricRows(metrics: Array<MetricScore & { field?: string; fields?: [string, string] }>): string {
  return metrics.map((m) => {
    const subject = m.fields ? m.fields.join(" × ") : m.field ?? "whole rows";
    const detail = m.reason ?? (m.approximate ? `approximate${m.error_bound !== undefined ? `, ± ${m.error_bound.toFixed(3)}` : ""}` : "");
    return `<tr><td>${escapeHtml(subject)}</td><td>${escapeHtml(m.metric)}</td><td class="${scoreClass(m.score)}">${escapeHtml(formatScore(m.score))}</td><td>${escapeHtml(detail)}</td></tr>`;
  }).join("");
}

export function renderHtmlReport(report: QualityReport, title = "Synthetic data quality report"): string {
  const fidelity = report.fidelity;
  const cards = [
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
    ? `<p class="legend"><span class="sw" style="background:${DATA_COLOUR}"></span>this data set<span class="sw" style="background:${REFERENCE_COLOUR}"></span>reference</p>`
    : "";
  const fields = Object.entries(report.field_statistics).map(([name, stats]) => {
    const analysis = report.distribution_analysis[name];
    const categories = analysis?.categories ?? [];
    const chart = analysis?.histogram ? histogramSvg(analysis)
      : categories.length > 0 && categories[0].frequency >= MIN_CHARTED_TOP_SHARE ? categorySvg(analysis!)
        : categories.length > 0
          ? `<p class="legend">${escapeHtml(formatNumber(stats.distinct_count))} distinct values, none above ${MIN_CHARTED_TOP_SHARE * 100}% of rows: no category chart</p>`
          : `<p class="legend">no chart for this field</p>`;
    const shape = analysis && analysis.shape !== "categorical" && analysis.shape !== "not_applicable" ? `<p class="legend">shape: ${escapeHtml(analysis.shape.replace(/_/g, " "))}</p>` : "";
    return `<section class="field"><div><h3>${escapeHtml(name)}</h3>${statsTable(stats)}${shape}</div><div>${chart}</div></section>`;
  });
  const fidelitySection = fidelity ? `<h2>Fidelity to the reference (${escapeHtml(formatNumber(fidelity.reference_row_count))} rows)</h2>`
    + `<table><tr><th>field</th><th>metric</th><th>score</th><th>note</th></tr>`
    + metricRows([...fidelity.column_shapes.metrics, ...fidelity.coverage, ...fidelity.column_pair_trends.metrics, fidelity.new_row_synthesis])
    + `</table>` : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p class="legend">${escapeHtml(formatNumber(report.row_count))} rows, ${escapeHtml(report.field_count)} fields, ${escapeHtml(formatNumber(report.duplicate_row_count))} duplicate rows</p>
<div class="cards">${cards.join("")}</div>
${fidelitySection}
<h2>Fields</h2>${legend}
${fields.join("\n")}
<h2>Notes</h2><ul class="notes">${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>
</body></html>
`;
}
