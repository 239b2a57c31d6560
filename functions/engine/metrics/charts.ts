// Charts of the HTML report: Vega-Lite specifications compiled and rendered to static SVG at build time
// (vega's View.toSVG with the "none" renderer: no canvas, no DOM, no script in the page). vega and
// vega-lite (about 1.5 MB) load on the first report built, not when the metrics engine loads, so
// computing metrics alone (the metrics Lambda's JSON path, `sdga metrics` without --out) never pays for them.
import type { TopLevelSpec } from "vega-lite";

export type ChartSpec = TopLevelSpec;

interface ChartLibraries {
  vega: typeof import("vega");
  vegaLite: typeof import("vega-lite");
}

let libraries: ChartLibraries | undefined;

function load(): ChartLibraries {
  // require, not import(): the CommonJS builds of both, resolved when the first report is drawn.
  libraries ??= { vega: require("vega") as typeof import("vega"), vegaLite: require("vega-lite") as typeof import("vega-lite") };
  return libraries;
}

/** Shared look: the report's font and greys, no chart border. */
const CONFIG = {
  // No ARIA description per mark and axis: each chart is one labelled image, and the page stays small.
  aria: false,
  font: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
  view: { stroke: null },
  axis: { labelColor: "#5b6475", titleColor: "#5b6475", gridColor: "#eef1f5", domainColor: "#8a93a3", tickColor: "#8a93a3", labelFontSize: 11, titleFontSize: 11, titleFontWeight: 500 },
  legend: { labelColor: "#5b6475", titleColor: "#5b6475", labelFontSize: 11, titleFontSize: 11 },
  title: { fontSize: 12, color: "#1d2330", fontWeight: 600, anchor: "start" },
} as const;

/**
 * The names of Object.prototype's members. vega keeps scale domains, sort orders and titles in plain
 * objects, so a column called `constructor` or a category `hasOwnProperty` breaks a chart ("Operator not
 * defined"). Such a string gets a zero-width space in front: drawn the same, no longer a member's name.
 */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

function withoutPrototypeNames<T>(value: T): T {
  if (typeof value === "string") return (PROTOTYPE_NAMES.has(value) ? `\u200b${value}` : value) as T;
  if (Array.isArray(value)) return value.map(withoutPrototypeNames) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutPrototypeNames(inner)])) as T;
  }
  return value;
}

/** Draws the charts of one page, each with its own id prefix (the same page gives the same bytes). */
export function chartDrawer(): (spec: ChartSpec, label: string) => Promise<string> {
  let drawn = 0;
  // A chart vega cannot draw costs that chart, not the report (nor the generation that builds it).
  return (spec, label) => renderChart(spec, label, `chart${++drawn}-`)
    .catch((error: Error) => `<p class="chart-missing">This chart could not be drawn (${escapeText(error.message)}).</p>`);
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * One chart as an inline <svg> element, labelled for screen readers. The namespace attributes are
 * dropped: inline SVG in HTML needs none, and the page then names no URL at all.
 */
export async function renderChart(spec: ChartSpec, label: string, idPrefix: string): Promise<string> {
  const { vega, vegaLite } = load();
  const compiled = vegaLite.compile({ ...withoutPrototypeNames(spec), config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    // Each chart's gradients and clip paths get ids of their own on the page.
    const prefix = idPrefix;
    return svg
      .replace(/\s+xmlns(:xlink)?="[^"]*"/g, "")
      .replace(/ id="([^"]+)"/g, (_, id: string) => ` id="${prefix}${id}"`)
      .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
      .replace(/^<svg /, `<svg role="img" aria-label="${escapeText(label)}" `);
  } finally {
    view.finalize();
  }
}
