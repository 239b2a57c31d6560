// `sdga metrics`: the quality report of a data file (with fidelity against a reference file when
// given). Standard output carries only the JSON report; logs and progress go to stderr; with --out the
// JSON and HTML reports are also written there. Exit 0 done, 1 the data or schema could not be
// measured, 2 usage error.
import type { Command } from "commander";
import { createReadStream } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { JsonSchemaObject, Row } from "../../functions/engine/schema/types";

type MetricsEngine = typeof import("../../functions/engine/metrics");
type FieldListModule = typeof import("../../functions/engine/schema/fieldList");

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const READABLE_FORMATS = ["jsonl", "json", "csv", "parquet"] as const;
type ReadableFormat = (typeof READABLE_FORMATS)[number];
const PROGRESS_EVERY = 250_000;

interface MetricsCliOptions {
  schema: string;
  data: string;
  format?: string;
  reference?: string;
  referenceFormat?: string;
  out?: string;
  seed?: string;
}

class UsageError extends Error {
  override readonly name = "UsageError";
}

export function registerMetrics(program: Command): void {
  program
    .command("metrics")
    .description("Measure a data file's quality (completeness, uniqueness, validity, per-field statistics) and, with --reference, its fidelity to real data (SDMetrics metrics)")
    .requiredOption("--schema <file>", "schema file (field list or JSON Schema 2020-12)")
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

/** The format a file name implies (`.ndjson` is JSONL), or undefined. */
export function formatFromPath(path: string): ReadableFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === "ndjson") return "jsonl";
  return (READABLE_FORMATS as readonly string[]).includes(ext ?? "") ? (ext as ReadableFormat) : undefined;
}

function chooseFormat(path: string, requested: string | undefined, option: string): ReadableFormat {
  const format = requested ?? formatFromPath(path);
  if (format === undefined) throw new UsageError(`cannot tell the format of ${path} from its name; pass ${option} (${READABLE_FORMATS.join(", ")})`);
  if (!(READABLE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown ${option} "${format}"; expected ${READABLE_FORMATS.join(", ")}`);
  return format as ReadableFormat;
}

async function readJsonFile(path: string, option: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${option} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${option} ${path} is not JSON: ${(err as Error).message}`);
  }
}

type ReadRows = (format: string, source: string, schema?: JsonSchemaObject) => AsyncIterable<Row>;

/** Rows of a file through the IO engine's reader; JSONL alone also without it. */
export async function rowsOf(format: ReadableFormat, path: string, schema: JsonSchemaObject): Promise<AsyncIterable<Row>> {
  const io = require("../../functions/engine/io") as { readRows?: ReadRows };
  if (typeof io.readRows === "function") return io.readRows(format, path, schema);
  if (format === "jsonl") return jsonLines(path);
  throw new Error(`reading ${format} needs the IO engine's readRows, which this build does not have`);
}

async function* jsonLines(path: string): AsyncGenerator<Row> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path, { encoding: "utf8" }), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === "") continue;
    try {
      yield JSON.parse(text) as Row;
    } catch (err) {
      throw new Error(`${path} line ${line} is not JSON: ${(err as Error).message}`);
    }
  }
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
  const dataFormat = chooseFormat(options.data, options.format, "--format");
  const referenceFormat = options.reference === undefined ? undefined
    : chooseFormat(options.reference, options.referenceFormat ?? options.format, "--reference-format");
  if (options.referenceFormat !== undefined && options.reference === undefined) throw new UsageError("--reference-format needs --reference");
  let seed: number | undefined;
  if (options.seed !== undefined) {
    seed = Number(options.seed);
    if (!/^\d+$/.test(options.seed) || !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a non-negative integer, got "${options.seed}"`);
  }
  const schemaInput = await readJsonFile(options.schema, "--schema");
  if (typeof schemaInput !== "object" || schemaInput === null || Array.isArray(schemaInput)) {
    throw new UsageError(`--schema ${options.schema} must hold a JSON object (a field list or a JSON Schema)`);
  }
  // Heavy modules load only when the command runs, so `sdga --help` stays quick.
  const { calculateQualityMetrics, renderHtmlReport } = require("../../functions/engine/metrics") as MetricsEngine;
  const { toJsonSchema } = require("../../functions/engine/schema/fieldList") as FieldListModule;
  const schema = toJsonSchema(schemaInput as JsonSchemaObject);

  const started = Date.now();
  process.stderr.write(`sdga metrics: reading ${options.data} as ${dataFormat}\n`);
  const data = withProgress(await rowsOf(dataFormat, options.data, schema), "data");
  const reference = options.reference !== undefined && referenceFormat !== undefined
    ? withProgress(await rowsOf(referenceFormat, options.reference, schema), "reference")
    : undefined;
  const report = await calculateQualityMetrics({ schema: schemaInput as JsonSchemaObject, data, reference, seed });
  process.stderr.write(`sdga metrics: ${report.row_count} rows in ${Date.now() - started} ms\n`);

  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (options.out !== undefined) {
    await mkdir(options.out, { recursive: true });
    await writeWhole(join(options.out, "quality_report.json"), json);
    await writeWhole(join(options.out, "quality_report.html"), renderHtmlReport(report));
    process.stderr.write(`sdga metrics: wrote quality_report.json and quality_report.html to ${options.out}\n`);
  }
  process.stdout.write(json);
  return EXIT_OK;
}
