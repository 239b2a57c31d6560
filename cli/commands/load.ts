// `sdga load`: a generated data set (a folder `sdga generate` wrote from a DDL script or a data-set document)
// into PostgreSQL with every constraint on: a server given by --database (COPY FROM STDIN), else an embedded
// PostgreSQL (PGlite) kept in a folder. And the data-set half of `sdga generate`: a DDL script or data-set
// document becomes one file per table (or one data.sql), `--rows N[,table=N...]`.
import type { Command } from "commander";
import { EXIT_USAGE, UsageError, complianceList } from "../usage";
import { writeJsonResult } from "../output";

type DatasetModule = typeof import("../../functions/engine/dataset");

export interface LoadCliOptions {
  data: string;
  database?: string;
  pglite?: string;
  replace?: boolean;
}

export function registerLoad(program: Command): void {
  program
    .command("load")
    .description("Load a generated data set into PostgreSQL with COPY: a server (--database), or an embedded PGlite in a folder")
    .requiredOption("--data <dir>", "folder that sdga generate wrote the data set into (dataset.json, schema.sql, the table files)")
    .option("--database <url>", "postgres://user:password@host:port/database (default: PGlite in --pglite)")
    .option("--pglite <dir>", "folder of the embedded PostgreSQL (default: <data>/pglite)")
    .option("--replace", "start the PGlite folder afresh when it exists")
    .action(async (opts: LoadCliOptions) => {
      try {
        writeJsonResult(await runLoad(opts));
      } catch (err) {
        if (err instanceof UsageError) {
          process.stderr.write(`sdga load: ${err.message}\n`);
          process.exitCode = EXIT_USAGE;
          return;
        }
        throw err;
      }
    });
}

export async function runLoad(opts: LoadCliOptions): Promise<unknown> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { existsSync, rmSync } = require("node:fs") as typeof import("node:fs");
  const { join } = require("node:path") as typeof import("node:path");
  const dataset = require("../../functions/engine/dataset") as DatasetModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (!existsSync(join(opts.data, "dataset.json"))) throw new UsageError(`${opts.data} holds no dataset.json; generate a data set there first (sdga generate --schema shop.sql --out ${opts.data})`);
  if (opts.database && !/^postgres(ql)?:\/\//.test(opts.database)) throw new UsageError("--database must be a postgres:// or postgresql:// URL");
  const pgliteDir = opts.pglite ?? join(opts.data, "pglite");
  if (!opts.database && existsSync(pgliteDir)) {
    if (!opts.replace) throw new UsageError(`${pgliteDir} exists; pass --replace to load afresh, or --pglite for another folder`);
    rmSync(pgliteDir, { recursive: true, force: true });
  }
  const result = await dataset.loadDataset({
    dir: opts.data, ...(opts.database ? { database: opts.database } : { pgliteDir }),
    log: (m) => process.stderr.write(`sdga load: ${m}\n`),
  });
  return { loaded_into: result.target, tables: result.tables, rows: result.tables.reduce((a, t) => a + t.rows, 0), seconds: result.ms / 1000 };
}

/** `--rows 1000` or `--rows 1000,products=200` or `--rows customers=5000,products=200`. */
export function parseRows(text: string): { rows?: number; tableRows: Record<string, number> } {
  const out: { rows?: number; tableRows: Record<string, number> } = { tableRows: {} };
  for (const part of text.split(",").map((s) => s.trim()).filter(Boolean)) {
    const m = /^(?:([A-Za-z_][\w.]*)=)?(\d+)$/.exec(part);
    if (!m || !Number.isSafeInteger(Number(m[2]))) throw new UsageError(`--rows takes N or table=N, comma-separated; got "${part}"`);
    if (m[1]) out.tableRows[m[1]] = Number(m[2]);
    else out.rows = Number(m[2]);
  }
  return out;
}

export interface DatasetGenerateOptions {
  schema: string;
  rows: string;
  seed?: string;
  format: string;
  locale?: string;
  compliance?: string;
  out: string;
}

/** The data set in a schema file (a DDL script or a data-set document), or undefined when it holds one schema. */
export async function readDatasetFile(path: string): Promise<import("../../functions/engine/dataset").DataSet | undefined> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { readFileSync } = require("node:fs") as typeof import("node:fs");
  const dataset = require("../../functions/engine/dataset") as DatasetModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  let text: string;
  try { text = readFileSync(path, "utf8"); } catch (err) { throw new UsageError(`cannot read --schema ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`); }
  let parsed: unknown;
  if (!dataset.looksLikeDdl(text)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseSchemaText } = require("../../functions/engine/schema/readSchemaText") as typeof import("../../functions/engine/schema/readSchemaText");
    try { parsed = parseSchemaText(text, path); } catch { return undefined; }
    if (!dataset.isDatasetDocument(parsed)) return undefined;
  }
  try {
    return await dataset.readDataset(text, parsed);
  } catch (err) {
    if (err instanceof dataset.DatasetError) throw new UsageError(`${path} cannot be generated:\n${err.problems.map((p) => `  ${p.at}: ${p.message}`).join("\n")}`);
    throw err;
  }
}

/** Generates a data set into `opts.out`; resolves to its summary line and result. */
export async function runDatasetGenerate(set: import("../../functions/engine/dataset").DataSet, opts: DatasetGenerateOptions): Promise<import("./generate").GenerateOutcome> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const dataset = require("../../functions/engine/dataset") as DatasetModule;
  const { OUTPUT_FORMATS } = require("../../functions/engine/schema/types") as typeof import("../../functions/engine/schema/types");
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (!OUTPUT_FORMATS.includes(opts.format as "jsonl")) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(", ")}, got "${opts.format}"`);
  const rows = parseRows(opts.rows);
  for (const n of set.notes) process.stderr.write(`sdga generate: note: ${n.at}: ${n.message}\n`);
  const started = Date.now();
  let plan;
  try {
    plan = dataset.prepareDataset(set, {
      ...(rows.rows !== undefined ? { rows: rows.rows } : {}), tableRows: rows.tableRows,
      ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.locale ? { locale: opts.locale } : {}),
      ...(complianceList(opts.compliance)?.length ? { compliance: complianceList(opts.compliance) } : {}),
    });
  } catch (err) {
    if (err instanceof dataset.DatasetError) throw new UsageError(`the data set cannot be generated:\n${err.problems.map((p) => `  ${p.at}: ${p.message}`).join("\n")}`);
    throw err;
  }
  // Every row is measured as it is written (the SQL format has no reader to measure it after).
  const measurement = dataset.planMeasurement(plan);
  const manifest = await dataset.writeDataset(dataset.measuredPlan(plan, measurement), opts.format as "jsonl", opts.out);
  const written = Date.now();
  const reports = await writeDatasetReports(opts.out, measurement.report(), plan.dataset.relationships);
  const total = manifest.tables.reduce((a, t) => a + t.rows, 0);
  const seconds = (Date.now() - started) / 1000;
  const counts = manifest.tables.map((t) => `${t.name} ${t.rows}`).join(", ");
  return {
    summary: `wrote ${total} rows in ${manifest.tables.length} tables (${counts}) to ${opts.out} as ${opts.format} (${seconds.toFixed(2)} s, seed ${plan.seed}); `
      + `data-set score ${reports.score.toFixed(3)}, quality report ${reports.html}; load with: sdga load --data ${opts.out}`,
    result: {
      out: opts.out, format: opts.format, seed: plan.seed, rows: total, tables: manifest.tables.map((t) => ({ name: t.name, file: t.file, rows: t.rows })), seconds,
      overall_quality_score: reports.score, quality_report: reports.json, html_report: reports.html,
      timings_ms: { generate_and_write: written - started, reports: Date.now() - written }, load_with: `sdga load --data ${opts.out}`,
    },
  };
}

/**
 * Writes a data set's quality_report.json (the data-set checks and each table's report) and
 * quality_report.html into `dir`, each whole or not at all; resolves to their paths and the data-set score.
 */
export async function writeDatasetReports(dir: string, report: import("../../functions/engine/dataset").DatasetReport,
  relationships: import("../../functions/engine/dataset").Relationship[], extra: Record<string, unknown> = {}): Promise<{ json: string; html: string; score: number }> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { mkdirSync, renameSync, writeFileSync } = require("node:fs") as typeof import("node:fs");
  const { join } = require("node:path") as typeof import("node:path");
  const dataset = require("../../functions/engine/dataset") as DatasetModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
  mkdirSync(dir, { recursive: true });
  const whole = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(`${path}.${process.pid}.tmp`, text, "utf8");
    renameSync(`${path}.${process.pid}.tmp`, path);
    return path;
  };
  const html = await dataset.renderDatasetHtmlReport(report, relationships);
  const json = whole("quality_report.json", `${JSON.stringify({ kind: "dataset", ...extra, ...report }, null, 2)}\n`);
  return { json, html: whole("quality_report.html", html), score: report.score };
}

export { EXIT_USAGE };
