// `sdga metrics`: the quality report of a data file (with fidelity against a reference file when
// given). Standard output carries only the JSON report; logs and progress go to stderr; with --out the
// JSON and HTML reports are also written there. Exit 0 done, 1 the data or schema could not be
// measured, 2 usage error.
import type { Command } from "commander";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Row } from "../../functions/engine/schema/types";
import { COMPONENT_OPTION, EXIT_USAGE, UsageError, dataFormat, readNormalisedSchema } from "../usage";
import { writeResult } from "../output";

type MetricsEngine = typeof import("../../functions/engine/metrics");
type RowsModule = typeof import("../../functions/engine/validate/rows");

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
const PROGRESS_EVERY = 250_000;

interface MetricsCliOptions {
  schema?: string;
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
    .option("--schema <file>", "schema file (field list, JSON Schema of any draft, OpenAPI document; JSON or YAML); not for a data set folder")
    .option(...COMPONENT_OPTION)
    .requiredOption("--data <file>", "data file (jsonl, json, csv, parquet), or a data set folder sdga generate wrote (dataset.json beside one file per table)")
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

/** A folder holding dataset.json: a data set of several tables, measured as one. */
function isDatasetFolder(path: string): boolean {
  return existsSync(join(path, "dataset.json")) && statSync(path).isDirectory();
}

/**
 * The quality of a data set folder: keys, referential integrity, cardinality and parent rules, and with
 * --reference (another data set folder of the same tables) SDMetrics' multi-table fidelity.
 */
async function runDatasetMetrics(options: MetricsCliOptions): Promise<number> {
  if (options.schema !== undefined || options.component !== undefined) throw new UsageError("--schema and --component are for a data file; a data set folder carries its tables' schemas in dataset.json");
  if (options.format !== undefined || options.referenceFormat !== undefined) throw new UsageError("--format and --reference-format are for data files; a data set folder says its format in dataset.json");
  if (options.reference !== undefined && !isDatasetFolder(options.reference)) throw new UsageError(`--reference ${options.reference} must be a data set folder too (dataset.json beside one file per table)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dataset = require("../../functions/engine/dataset") as typeof import("../../functions/engine/dataset");
  const started = Date.now();
  let read, reference;
  try {
    read = await dataset.readDatasetFolder(options.data);
    reference = options.reference !== undefined ? await dataset.readDatasetFolder(options.reference) : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const missing = reference ? read.manifest.tables.map((t) => t.name).filter((name) => !reference!.manifest.tables.some((t) => t.name === name)) : [];
  if (missing.length) throw new UsageError(`--reference ${options.reference} has no table ${missing.join(", ")}: a reference data set holds the same tables`);
  // Each table's own report beside the data-set checks; with a reference every column is kept, for the parent-child pairs.
  const schemas = (m: typeof read.manifest) => Object.fromEntries(m.tables.map((t) => [t.name, t.schema]));
  const measured = new dataset.DatasetMeasurement(read.shape, schemas(read.manifest), { wholeRows: reference !== undefined }).addTables(read.tables);
  const real = reference ? new dataset.DatasetMeasurement(reference.shape, schemas(reference.manifest), { wholeRows: true, validate: false }).addTables(reference.tables) : undefined;
  const report = measured.report(real);
  process.stderr.write(`sdga metrics: ${read.manifest.tables.length} tables, ${report.tables.reduce((a, t) => a + t.rows, 0)} rows in ${Date.now() - started} ms\n`);
  const source = { data: options.data, ...(options.reference !== undefined ? { reference: options.reference } : {}) };
  if (options.out !== undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { writeDatasetReports } = require("./load") as typeof import("./load");
    const written = await writeDatasetReports(options.out, report, read.shape.relationships, source);
    process.stderr.write(`sdga metrics: wrote ${written.json} and ${written.html}\n`);
  }
  writeResult(`${JSON.stringify({ kind: "dataset", ...source, ...report }, null, 2)}\n`);
  return EXIT_OK;
}

export async function runMetrics(options: MetricsCliOptions): Promise<number> {
  if (isDatasetFolder(options.data)) return runDatasetMetrics(options);
  if (options.schema === undefined) throw new UsageError("--schema is required for a data file (a data set folder needs none)");
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
  writeResult(json);
  return EXIT_OK;
}
