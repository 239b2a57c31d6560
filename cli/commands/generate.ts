// `sdga generate`: a synthetic data set from a JSON Schema or field-list file, written to DIR/data.<ext>
// with DIR/metadata.json. Bad arguments or an unusable schema exit with code 2 and a message naming the
// problem; nothing is written in that case. The engine is loaded inside the action so `sdga --help` is quick.
// A job of more than SHARD_ROWS rows is cut into seeded shards (functions/engine/shards) computed on
// --workers threads (default: one per core); the bytes are the same for every --workers.
import type { Command } from "commander";
import { COMPONENT_OPTION, EXIT_USAGE, UsageError, complianceList, readNormalisedSchema } from "../usage";
import { writeJsonResult } from "../output";

/** What a run wrote: a sentence for a person (stderr) and the result (stdout, JSON). */
export interface GenerateOutcome { summary: string; result: Record<string, unknown> }

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
  /** Worker threads (a positive integer as text). @default the machine's cores */
  workers?: string;
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
    .option("--workers <n>", "worker threads computing shards of 100,000 rows (the bytes do not depend on it; default: the machine's cores)")
    .option("--no-progress", "no progress bar")
    .action(async (opts: GenerateCliOptions) => {
      try {
        const { summary, result } = await runGenerate(opts);
        process.stderr.write(`sdga generate: ${summary}\n`);
        writeJsonResult(result);
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

/** Runs one generation; resolves to its summary and result. Throws UsageError / UnsupportedSchemaError. */
export async function runGenerate(opts: GenerateCliOptions): Promise<GenerateOutcome> {
  if (opts.workers !== undefined && (!/^\d+$/.test(opts.workers) || Number(opts.workers) < 1 || Number(opts.workers) > 1024)) {
    throw new UsageError(`--workers must be a positive integer, got "${opts.workers}"`);
  }
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { SHARD_ROWS, shardLayout } = require("../../functions/engine/shards/layout") as typeof import("../../functions/engine/shards/layout");
  const { ShardPool, defaultWorkers } = require("../../functions/engine/shards/pool") as typeof import("../../functions/engine/shards/pool");
  /* eslint-enable @typescript-eslint/no-require-imports */
  // A job of several shards gets its threads at once: they load the engine while this one reads the schema.
  const rows = /^\d+$/.test(opts.rows) ? Number(opts.rows) : 0;
  const workers = rows > SHARD_ROWS ? Math.min(opts.workers !== undefined ? Number(opts.workers) : defaultWorkers(), shardLayout(rows).count) : 1;
  const pool = workers > 1 ? new ShardPool(workers) : undefined;
  try {
    // A DDL script or a data-set document: many tables, one file each (cli/commands/load.ts).
    if (opts.component === undefined && mayBeDataset(opts.schema)) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const datasets = require("./load") as typeof import("./load");
      const set = await datasets.readDatasetFile(opts.schema);
      if (set) return await datasets.runDatasetGenerate(set, opts);
    }
    return await generateFile(opts, pool);
  } finally {
    await pool?.close();
  }
}

/**
 * Could the file be a DDL script or a data-set document? The data-set module's own tests, without loading
 * the module (it loads the whole engine, which a sharded job leaves to its workers). An unreadable file says
 * yes (readDatasetFile names the problem, as it always has); one that does not parse says no (the schema
 * reader names it).
 */
function mayBeDataset(path: string): boolean {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { readFileSync } = require("node:fs") as typeof import("node:fs");
  const { looksLikeDdl } = require("../../functions/engine/dataset/ddl") as typeof import("../../functions/engine/dataset/ddl");
  const { isDatasetDocument } = require("../../functions/engine/dataset/document") as typeof import("../../functions/engine/dataset/document");
  const { parseSchemaText } = require("../../functions/engine/schema/readSchemaText") as typeof import("../../functions/engine/schema/readSchemaText");
  /* eslint-enable @typescript-eslint/no-require-imports */
  let text: string;
  try { text = readFileSync(path, "utf8"); } catch { return true; } // readDatasetFile names the problem as it always has
  if (looksLikeDdl(text)) return true;
  try { return isDatasetDocument(parseSchemaText(text, path)); } catch { return false; }
}

/** One data file (and its metadata) from one schema, its shards on `pool` or on this thread. */
async function generateFile(opts: GenerateCliOptions, pool: import("../../functions/engine/shards").ShardPool | undefined): Promise<GenerateOutcome> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { writeFileSync, renameSync, rmSync, statSync } = require("node:fs") as typeof import("node:fs");
  const { join } = require("node:path") as typeof import("node:path");
  const { schemaDigest } = require("../../functions/engine/schema/digest") as typeof import("../../functions/engine/schema/digest");
  const { OUTPUT_FORMATS, FILE_EXTENSIONS } = require("../../functions/engine/schema/types") as typeof import("../../functions/engine/schema/types");
  // Not the shards index: it would load the engine, which only the workers need when there are workers.
  const shards = {
    ...(require("../../functions/engine/shards/file") as typeof import("../../functions/engine/shards/file")),
    ...(require("../../functions/engine/shards/layout") as typeof import("../../functions/engine/shards/layout")),
  };
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
  const options = {
    schema, rows, format,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(compliance.length ? { compliance } : {}),
  };
  // The engine checks the schema before anything is written: on this thread when there are no workers;
  // with workers, each shard's worker compiles its plan anyway (this thread never loads the engine), and
  // nothing is written until the first has (writeJobFile's onStart).
  const here = pool ? undefined : preparedHere(options);
  const seed = here?.seed ?? opts.seed ?? randomSeed();
  let engine: { engineVersion: string; referenceDate: number; meanings: Readonly<Record<string, string>> } | undefined = here;
  let prepared = Date.now();
  const onStart = (start: { warnings: Array<{ path: string; message: string }>; meanings: Readonly<Record<string, string>>; engineVersion: string; referenceDate: number }) => {
    prepared = Date.now();
    engine = start;
    // An optional property the engine cannot generate is left out of every row: say so on stderr.
    for (const w of start.warnings) process.stderr.write(`sdga generate: warning: ${w.path}: ${w.message}\n`);
  };
  if (here) onStart(here);

  const dataName = `data.${FILE_EXTENSIONS[format]}`;
  const dataPath = join(opts.out, dataName);
  const partial = `${dataPath}.partial`;
  const bar = opts.progress !== false && process.stderr.isTTY && rows >= 50_000 ? progressBar(rows) : undefined;
  const job: import("../../functions/engine/shards").ShardJob = {
    schema: here?.schema ?? schema, rows, seed, format,
    ...(opts.locale ? { locale: opts.locale } : {}),
    ...(compliance.length ? { compliance } : {}),
  };
  let written: import("../../functions/engine/shards").JobFileResult;
  try {
    // The output folder and file are created once the engine has accepted the job.
    written = await shards.writeJobFile(job, partial, { workers: pool ?? 1, ...(pool ? { onStart } : {}), ...(bar ? { onRows: throttled(bar) } : {}) });
    renameSync(partial, dataPath); // a failed run leaves no data file behind
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    bar?.stop();
  }
  const finished = Date.now();
  const { size } = statSync(dataPath);
  const metadata = {
    file: dataName,
    format,
    rows,
    seed,
    locale: opts.locale ?? "en",
    compliance_requirements: compliance,
    schema_digest: `sha256:${schemaDigest(schema)}`,
    engine_version: engine!.engineVersion,
    reference_date: new Date(engine!.referenceDate).toISOString(),
    bytes: size,
    // The layout is part of the seed (shard i from seed#shard-i); the workers are not.
    shards: { count: written.shards, rows_per_shard: shards.shardLayout(rows).perShard },
    workers: written.workers,
    created_at: new Date(started).toISOString(),
    // Why a value looks as it does: the meaning the engine chose per field path.
    meanings: engine!.meanings,
    timings_ms: { prepare: prepared - started, generate_and_write: finished - prepared, total: finished - started },
  };
  const metadataPath = join(opts.out, "metadata.json");
  writeFileSync(metadataPath, JSON.stringify(metadata, null, 2) + "\n");
  const seconds = (finished - started) / 1000;
  return {
    summary: `wrote ${rows} rows to ${dataPath} (${(size / 1e6).toFixed(1)} MB, ${seconds.toFixed(2)} s, seed ${seed}) and ${metadataPath}`,
    result: { data: dataPath, metadata: metadataPath, ...metadata },
  };
}

/** A seed for a run without --seed, as the engine makes one (prepareGeneration without a seed). */
function randomSeed(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("node:crypto") as typeof import("node:crypto")).randomBytes(8).toString("hex");
}

/** prepareGeneration on this thread, with what the metadata needs of the engine. */
function preparedHere(options: import("../../functions/engine/generate").GenerationOptions): import("../../functions/engine/shards/protocol").PreparedJob {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require("../../functions/engine/generate") as typeof import("../../functions/engine/generate");
  const plan = engine.prepareGeneration(options);
  return { schema: plan.schema, seed: plan.seed, warnings: plan.warnings, meanings: plan.meanings, engineVersion: engine.ENGINE_VERSION, referenceDate: engine.REFERENCE_DATE };
}

interface Bar { update(n: number): void; stop(): void }

function progressBar(total: number): Bar {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SingleBar, Presets } = require("cli-progress") as typeof import("cli-progress");
  const bar = new SingleBar({ format: "generating [{bar}] {percentage}% | {value}/{total} rows | ETA {eta}s", stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}

/** Progress to the bar at most every 10,000 rows. */
function throttled(bar: Bar): (rows: number) => void {
  let shown = 0;
  return (rows) => {
    if (rows - shown < 10_000) return;
    shown = rows;
    bar.update(rows);
  };
}
