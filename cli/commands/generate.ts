// `sdga generate`: a synthetic data set from a JSON Schema or field-list file, written to DIR/data.<ext>
// with DIR/metadata.json. Bad arguments or an unusable schema exit with code 2 and a message naming the
// problem; nothing is written in that case. The engine is loaded inside the action so `sdga --help` is quick.
import type { Command } from "commander";
import { COMPONENT_OPTION, EXIT_USAGE, UsageError, complianceList, readNormalisedSchema } from "../usage";

export interface GenerateCliOptions {
  schema: string;
  component?: string;
  rows: string;
  seed?: string;
  format: string;
  locale?: string;
  compliance?: string;
  out: string;
  progress?: boolean;
}

export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description("Generate a reproducible synthetic data set from a JSON Schema (any draft), OpenAPI document, field-list file, PostgreSQL DDL script or data-set document")
    .requiredOption("--schema <file>", "JSON Schema, OpenAPI document (JSON or YAML), {fields: [...]} file, PostgreSQL DDL script (.sql) or data-set document ({tables, relationships})")
    .option(...COMPONENT_OPTION)
    .requiredOption("--rows <n>", "number of rows; for a data set the root tables' rows, and table=N,... per table")
    .option("--seed <seed>", "seed: the same seed, schema, rows and engine version give byte-identical data")
    .option("--format <format>", "jsonl | json | csv | sql | parquet", "jsonl")
    .option("--locale <locale>", "faker locale for realistic values (en, en_US, de, fr, ...)", "en")
    .option("--compliance <list>", "comma-separated compliance regimes (GDPR,HIPAA,PCI-DSS,SOC2,CCPA): safe test ranges")
    .option("--out <dir>", "output directory", ".")
    .option("--no-progress", "no progress bar")
    .action(async (opts: GenerateCliOptions) => {
      try {
        const summary = await runGenerate(opts);
        process.stdout.write(`${summary}\n`);
      } catch (err) {
        if (err instanceof UsageError || (err as Error).name === "UnsupportedSchemaError") {
          const problems = (err as { problems?: Array<{ path: string; message: string }> }).problems;
          process.stderr.write(`sdga generate: ${problems ? "the schema cannot be generated:" : (err as Error).message}\n`);
          for (const p of problems ?? []) process.stderr.write(`  ${p.path}: ${p.message}\n`);
          process.exitCode = EXIT_USAGE;
          return;
        }
        throw err;
      }
    });
}

/** Runs one generation; resolves to a one-line summary. Throws UsageError / UnsupportedSchemaError. */
export async function runGenerate(opts: GenerateCliOptions): Promise<string> {
  // A DDL script or a data-set document: many tables, one file each (cli/commands/load.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const datasets = require("./load") as typeof import("./load");
  const set = opts.component === undefined ? await datasets.readDatasetFile(opts.schema) : undefined;
  if (set) return datasets.runDatasetGenerate(set, opts);
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { mkdirSync, createWriteStream, writeFileSync, renameSync, rmSync } = require("node:fs") as typeof import("node:fs");
  const { join } = require("node:path") as typeof import("node:path");
  const { schemaDigest } = require("../../functions/engine/schema/digest") as typeof import("../../functions/engine/schema/digest");
  const { pipeline } = require("node:stream/promises") as typeof import("node:stream/promises");
  const { OUTPUT_FORMATS, FILE_EXTENSIONS } = require("../../functions/engine/schema/types") as typeof import("../../functions/engine/schema/types");
  /* eslint-enable @typescript-eslint/no-require-imports */
  type OutputFormat = (typeof OUTPUT_FORMATS)[number];

  if (!/^\d+$/.test(opts.rows) || !Number.isSafeInteger(Number(opts.rows)) || Number(opts.rows) < 1) {
    throw new UsageError(`--rows must be a positive integer, got "${opts.rows}"`);
  }
  const rows = Number(opts.rows);
  if (!OUTPUT_FORMATS.includes(opts.format as OutputFormat)) {
    throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(", ")}, got "${opts.format}"`);
  }
  const format = opts.format as OutputFormat;
  const compliance = complianceList(opts.compliance) ?? [];
  const schema = readNormalisedSchema("generate", opts.schema, opts.component);

  const started = Date.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require("../../functions/engine/generate") as typeof import("../../functions/engine/generate");
  const plan = engine.prepareGeneration({
    schema, rows, format,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(compliance.length ? { compliance } : {}),
  });
  const prepared = Date.now();
  // An optional property the engine cannot generate is left out of every row: say so on stderr.
  for (const w of plan.warnings) process.stderr.write(`sdga generate: warning: ${w.path}: ${w.message}\n`);

  mkdirSync(opts.out, { recursive: true });
  const dataName = `data.${FILE_EXTENSIONS[format]}`;
  const dataPath = join(opts.out, dataName);
  const partial = `${dataPath}.partial`;
  const bar = opts.progress !== false && process.stderr.isTTY && rows >= 50_000 ? progressBar(rows) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const io = require("../../functions/engine/io") as typeof import("../../functions/engine/io");
  try {
    await pipeline(io.writeRows(format, plan.schema, counted(plan.rows(), bar)), createWriteStream(partial));
    renameSync(partial, dataPath); // a failed run leaves no data file behind
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    bar?.stop();
  }
  const finished = Date.now();
  const { size } = require("node:fs").statSync(dataPath) as import("node:fs").Stats; // eslint-disable-line @typescript-eslint/no-require-imports
  const metadata = {
    file: dataName,
    format,
    rows,
    seed: plan.seed,
    locale: opts.locale ?? "en",
    compliance_requirements: compliance,
    schema_digest: `sha256:${schemaDigest(schema)}`,
    engine_version: engine.ENGINE_VERSION,
    reference_date: new Date(engine.REFERENCE_DATE).toISOString(),
    bytes: size,
    created_at: new Date(started).toISOString(),
    timings_ms: { prepare: prepared - started, generate_and_write: finished - prepared, total: finished - started },
  };
  writeFileSync(join(opts.out, "metadata.json"), JSON.stringify(metadata, null, 2) + "\n");
  const seconds = (finished - started) / 1000;
  return `wrote ${rows} rows to ${dataPath} (${(size / 1e6).toFixed(1)} MB, ${seconds.toFixed(2)} s, seed ${plan.seed}) and ${join(opts.out, "metadata.json")}`;
}

interface Bar { update(n: number): void; stop(): void }

function progressBar(total: number): Bar {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SingleBar, Presets } = require("cli-progress") as typeof import("cli-progress");
  const bar = new SingleBar({ format: "generating [{bar}] {percentage}% | {value}/{total} rows | ETA {eta}s", stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}

/** Passes rows through, updating the progress bar every 10,000 rows. */
function* counted<T>(rows: Iterable<T>, bar: Bar | undefined): Generator<T> {
  if (!bar) { yield* rows; return; }
  let n = 0;
  for (const row of rows) {
    yield row;
    if (++n % 10_000 === 0) bar.update(n);
  }
  bar.update(n);
}
