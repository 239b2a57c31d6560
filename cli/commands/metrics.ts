// `sdga metrics`: the quality report of a data file (with fidelity against a reference file when
// given). Standard output carries only the JSON report; logs and progress go to stderr; with --out the
// JSON and HTML reports are also written there. Exit 0 done, 1 the data or schema could not be
// measured, 2 usage error.
import type { Command } from "commander";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Row } from "../../functions/engine/schema/types";
import { COMPONENT_OPTION, EXIT_USAGE, UsageError, dataFormat, readNormalisedSchema } from "../usage";

type MetricsEngine = typeof import("../../functions/engine/metrics");
type RowsModule = typeof import("../../functions/engine/validate/rows");

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
const PROGRESS_EVERY = 250_000;

interface MetricsCliOptions {
  schema: string;
  component?: string;
  data: string;
  format?: string;
  reference?: string;
  referenceFormat?: string;
  out?: string;
  seed?: string;
}

export function registerMetrics(program: Command): void {
  program
    .command("metrics")
    .description("Measure a data file's quality (completeness, uniqueness, validity, per-field statistics) and, with --reference, its fidelity to real data (SDMetrics metrics)")
    .requiredOption("--schema <file>", "schema file (field list, JSON Schema of any draft, OpenAPI document; JSON or YAML)")
    .option(...COMPONENT_OPTION)
    .requiredOption("--data <file>", "data file (jsonl, json, csv, parquet)")
    .option("--format <format>", "format of the data file (default: from its extension)")
    .option("--reference <file>", "real data to compare against")
    .option("--reference-format <format>", "format of the reference file (default: from its extension)")
    .option("--out <dir>", "directory to write quality_report.json and quality_report.html into")
    .option("--seed <n>", "seed for the bounded samples (default fixed, so reports are reproducible)")
    .action(async (options: MetricsCliOptions) => {
      try {
        process.exitCode = await runMetrics(options);
      } catch (err) {
        if (err instanceof UsageError) {
          process.stderr.write(`sdga metrics: ${err.message}\n`);
          process.exitCode = EXIT_USAGE;
        } else {
          process.stderr.write(`sdga metrics: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}\n`);
          process.exitCode = EXIT_FAILED;
        }
      }
    });
}

async function* withProgress(rows: AsyncIterable<Row>, label: string): AsyncGenerator<Row> {
  let count = 0;
  for await (const row of rows) {
    if (++count % PROGRESS_EVERY === 0) process.stderr.write(`sdga metrics: ${label}: ${count} rows\n`);
    yield row;
  }
}

/** Writes a file whole or not at all (temporary file, then rename). */
async function writeWhole(path: string, content: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content, "utf8");
  await rename(temporary, path);
}

export async function runMetrics(options: MetricsCliOptions): Promise<number> {
  const format = dataFormat(options.data, options.format, "--format");
  const referenceFormat = options.reference === undefined ? undefined
    : dataFormat(options.reference, options.referenceFormat ?? options.format, "--reference-format");
  if (options.referenceFormat !== undefined && options.reference === undefined) throw new UsageError("--reference-format needs --reference");
  let seed: number | undefined;
  if (options.seed !== undefined) {
    seed = Number(options.seed);
    if (!/^\d+$/.test(options.seed) || !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a non-negative integer, got "${options.seed}"`);
  }
  const schema = readNormalisedSchema("metrics", options.schema, options.component);
  // Heavy modules load only when the command runs, so `sdga --help` stays quick.
  const { calculateQualityMetrics, renderHtmlReport } = require("../../functions/engine/metrics") as MetricsEngine;
  const { rowsFromFile } = require("../../functions/engine/validate/rows") as RowsModule;

  const started = Date.now();
  process.stderr.write(`sdga metrics: reading ${options.data} as ${format}\n`);
  const data = withProgress(rowsFromFile(format, options.data, schema), "data");
  const reference = options.reference !== undefined && referenceFormat !== undefined
    ? withProgress(rowsFromFile(referenceFormat, options.reference, schema), "reference")
    : undefined;
  const report = await calculateQualityMetrics({ schema, data, reference, seed });
  process.stderr.write(`sdga metrics: ${report.row_count} rows in ${Date.now() - started} ms\n`);

  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (options.out !== undefined) {
    await mkdir(options.out, { recursive: true });
    await writeWhole(join(options.out, "quality_report.json"), json);
    await writeWhole(join(options.out, "quality_report.html"), await renderHtmlReport(report));
    process.stderr.write(`sdga metrics: wrote quality_report.json and quality_report.html to ${options.out}\n`);
  }
  process.stdout.write(json);
  return EXIT_OK;
}
