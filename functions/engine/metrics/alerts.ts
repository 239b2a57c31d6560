// The alerts at the top of the report: what a data engineer checks first in a data set, read off the
// field statistics, the row counts and the associations (thresholds in the spirit of ydata-profiling's).
import type { DatasetSummary } from "./summary";
import type { Alert, AssociationMatrix, DistributionAnalysis, FieldStatistics, InvalidRowGroup } from "./types";
import { HEAVY_SKEW } from "./statistics";

export const ALERT_THRESHOLDS = {
  /** Share of rows without a value. */
  highNulls: 0.2,
  /** Share of the values held by the commonest one. */
  nearConstant: 0.95,
  /** |skewness| (the log-scale view starts at the same value). */
  skew: HEAVY_SKEW,
  /** Normalised entropy of the categories (1 = all equally common) below which a column is imbalanced. */
  imbalance: 0.5,
  /** |association| between two columns. */
  highCorrelation: 0.9,
} as const;

const WHOLE_NUMBER = new Intl.NumberFormat("en-US");
const count = (n: number): string => WHOLE_NUMBER.format(n);
const percent = (share: number): string => `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;
const quote = (text: string): string => JSON.stringify(text.length > 40 ? `${text.slice(0, 39)}…` : text);

/** Share of the commonest value among a numeric field's sampled values. */
function modeShare(summary: DatasetSummary, name: string): { share: number; value: number } | null {
  const values = summary.field(name)?.sample.items;
  if (!values || values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  let best = 0;
  let value = sorted[0];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > best) { best = j - i; value = sorted[i]; }
    i = j;
  }
  return { share: best / sorted.length, value };
}

/** Entropy of the category shares over log(number of categories): 1 when balanced, near 0 when one dominates. */
function normalisedEntropy(shares: number[]): number {
  const entropy = -shares.filter((p) => p > 0).reduce((sum, p) => sum + p * Math.log(p), 0);
  return shares.length > 1 ? entropy / Math.log(shares.length) : 1;
}

export interface AlertInputs {
  summary: DatasetSummary;
  statistics: Record<string, FieldStatistics>;
  analysis: Record<string, DistributionAnalysis>;
  duplicateRows: number;
  invalidRows: number | null;
  invalidGroups: InvalidRowGroup[];
  associations: AssociationMatrix;
}

export function alertsOf(inputs: AlertInputs): Alert[] {
  const { summary, statistics, analysis } = inputs;
  const rows = summary.rowCount;
  const alerts: Alert[] = [];
  if (rows === 0) return alerts;
  for (const [name, stats] of Object.entries(statistics)) {
    const field = summary.field(name)!;
    if (stats.count === 0) {
      alerts.push({ kind: "constant", severity: "warning", fields: [name], message: `${name} is null in every row` });
      continue;
    }
    if (stats.null_rate >= ALERT_THRESHOLDS.highNulls) {
      alerts.push({ kind: "high_nulls", severity: "warning", fields: [name], message: `${name} is null in ${percent(stats.null_rate)} of rows (${count(stats.null_count)})` });
    }
    if (stats.type_mismatch_count > 0) {
      alerts.push({ kind: "type_mismatch", severity: "warning", fields: [name], message: `${name} has ${count(stats.type_mismatch_count)} values of the wrong type for a ${stats.kind} field` });
    }
    const top = stats.top_categories?.[0];
    if (stats.distinct_count === 1 && !stats.distinct_approximate) {
      const only = top ? ` (${quote(top.value)})` : stats.min !== null ? ` (${stats.min})` : "";
      alerts.push({ kind: "constant", severity: "warning", fields: [name], message: `${name} is constant: one value${only} in every non-null row` });
      continue;
    }
    const numericMode = field.isNumeric ? modeShare(summary, name) : null;
    const commonest = top ? { share: top.frequency, label: quote(top.value) }
      : numericMode ? { share: numericMode.share, label: String(stats.kind === "datetime" ? new Date(numericMode.value).toISOString().slice(0, 10) : numericMode.value) } : null;
    if (commonest && commonest.share >= ALERT_THRESHOLDS.nearConstant) {
      alerts.push({ kind: "near_constant", severity: "warning", fields: [name], message: `${name} is nearly constant: ${commonest.label} in ${percent(commonest.share)} of values` });
    } else if (stats.top_categories && stats.top_categories.length > 1 && !stats.top_categories_approximate
      && stats.distinct_count <= stats.top_categories.length) {
      const balance = normalisedEntropy(stats.top_categories.map((c) => c.frequency));
      if (balance < ALERT_THRESHOLDS.imbalance) {
        alerts.push({ kind: "imbalanced", severity: "info", fields: [name], message: `${name} is imbalanced: ${quote(top!.value)} holds ${percent(top!.frequency)} of values (balance ${balance.toFixed(2)})` });
      }
    }
    const skew = analysis[name]?.skewness;
    if (skew !== null && skew !== undefined && Math.abs(skew) >= ALERT_THRESHOLDS.skew) {
      alerts.push({ kind: "skewed", severity: "info", fields: [name], message: `${name} is heavily ${skew > 0 ? "right" : "left"}-skewed (skewness ${skew.toFixed(1)})${analysis[name]?.log_histogram ? ": see its log-scale view" : ""}` });
    }
    if (!stats.distinct_approximate && stats.distinct_count === stats.count && stats.count === rows && rows > 1 && !field.isNumeric) {
      alerts.push({ kind: "unique", severity: "info", fields: [name], message: `${name} has a different value in every row (an identifier?)` });
    }
  }
  if (inputs.duplicateRows > 0) {
    alerts.push({ kind: "duplicates", severity: "warning", fields: [], message: `${count(inputs.duplicateRows)} duplicate rows (${percent(inputs.duplicateRows / rows)})` });
  }
  if (inputs.invalidRows !== null && inputs.invalidRows > 0) {
    const reasons = inputs.invalidGroups.length;
    alerts.push({
      kind: "invalid_rows", severity: "warning", fields: [],
      message: `${count(inputs.invalidRows)} rows (${percent(inputs.invalidRows / rows)}) do not match the schema${reasons > 0 ? `: ${reasons} reason${reasons === 1 ? "" : "s"}, examples below` : ""}`,
    });
  }
  for (const pair of inputs.associations.pairs) {
    if (pair.value !== null && Math.abs(pair.value) >= ALERT_THRESHOLDS.highCorrelation) {
      const label = pair.measure === "spearman" ? "Spearman" : pair.measure === "cramers_v" ? "Cramér's V" : "correlation ratio";
      alerts.push({ kind: "high_correlation", severity: "info", fields: [...pair.fields], message: `${pair.fields[0]} and ${pair.fields[1]} are highly associated (${label} ${pair.value.toFixed(2)})` });
    }
  }
  return alerts;
}
