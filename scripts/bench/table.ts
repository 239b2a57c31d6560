// Output helpers shared by the bench modules: their tables print as Markdown, ready for the README.

/** A Markdown table with padded columns. */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => "| " + cells.map((c, i) => c.padEnd(widths[i])).join(" | ") + " |";
  console.log(line(header));
  console.log("| " + widths.map((w) => "-".repeat(w)).join(" | ") + " |");
  for (const r of rows) console.log(line(r));
}

/** A whole number with thousands separators (1,234,567). */
export const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
