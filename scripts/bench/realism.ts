// Realism figures (issue 11) for the sixteen realistic schemas of tests/fixtures/realism, the examples and
// six components of GitHub's REST API description: placeholder words in free text, misread values, pairs
// out of order, inconsistent counts and sums, and rows that cannot happen (functions/engine/metrics/
// realism.ts), 500 rows each, seed 11. `npm run bench realism` or `npx tsx scripts/bench/realism.ts
// [--examples]` (the latter also lists what was found).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { prepareGeneration } from "../../functions/engine/generate";
import { measureRealism, statusValuesOf, type RealismFigures } from "../../functions/engine/metrics/realism";

const ROOT = join(__dirname, "../..");
export const REALISM_SCHEMAS = join(ROOT, "tests/fixtures/realism");

export interface RealismRow { schema: string; figures: RealismFigures }

/** One schema generated (`rows` rows, seed 11) and measured. */
export function realismOfSchema(name: string, schema: unknown, rows = 500): RealismRow {
  const generated = [...prepareGeneration({ schema: schema as Record<string, unknown>, rows, seed: 11, format: "jsonl" }).rows()];
  return { schema: name, figures: measureRealism(generated, statusValuesOf(schema)) };
}

/** Each *.schema.json of a folder generated and measured. */
export function realismOf(dir: string, rows = 500): RealismRow[] {
  return readdirSync(dir).filter((f) => f.endsWith(".schema.json")).sort()
    .map((file) => realismOfSchema(file.replace(/\.schema\.json$/, ""), JSON.parse(readFileSync(join(dir, file), "utf8")), rows));
}

const GITHUB_COMPONENTS = ["issue", "pull-request", "repository", "release", "commit", "check-run"];

/** GitHub's components (@octokit/openapi), through the schema front door as generate reads them. */
export function realismOfGitHub(rows = 500): RealismRow[] {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { normaliseSchema } = require("../../functions/engine/schema") as typeof import("../../functions/engine/schema");
  const doc = require("@octokit/openapi/generated/api.github.com.json") as unknown;
  return GITHUB_COMPONENTS.map((component) => realismOfSchema(`github ${component}`, normaliseSchema(doc, { component }).schema, rows));
}

export async function bench(): Promise<void> {
  const examples = realismOf(join(ROOT, "examples"));
  const rows = [...realismOf(REALISM_SCHEMAS), ...examples, ...realismOfGitHub()];
  printRealism(rows);
}

export function printRealism(rows: RealismRow[], log: (line: string) => void = console.log): void {
  log("schema                      rows  placeholder/free text  misread/checked  out of order/pairs  inconsistent/sums+counts  impossible rows");
  const total = { rows: 0, freeText: 0, placeholder: 0, checkedMeanings: 0, misread: 0, orderedPairs: 0, outOfOrder: 0, arithmetic: 0, inconsistent: 0, impossibleRows: 0 };
  const line = (name: string, f: typeof total) => log(`${name.padEnd(26)} ${String(f.rows).padStart(5)}  ${`${f.placeholder}/${f.freeText}`.padStart(21)}  ${`${f.misread}/${f.checkedMeanings}`.padStart(15)}  ${`${f.outOfOrder}/${f.orderedPairs}`.padStart(18)}  ${`${f.inconsistent}/${f.arithmetic}`.padStart(24)}  ${String(f.impossibleRows).padStart(15)}`);
  for (const { schema, figures } of rows) {
    line(schema, figures);
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += figures[k];
  }
  line("total", total);
}

if (require.main === module) {
  const rows = [...realismOf(REALISM_SCHEMAS), ...realismOf(join(ROOT, "examples")), ...realismOfGitHub()];
  printRealism(rows);
  if (process.argv.includes("--examples")) for (const r of rows) for (const e of r.figures.examples) console.log(`  ${r.schema}: ${e}`);
}
