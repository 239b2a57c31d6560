// `sdga validate`: check a schema (and optionally a data file against it). Standard output carries only
// the JSON result; logs and progress go to stderr. Exit 0 valid, 1 invalid, 2 usage error.
import type { Command } from "commander";
import type { ReadableFormat } from "../../functions/engine/validate/rows";
import { COMPONENT_OPTION, EXIT_USAGE, UsageError, complianceList, dataFormat, readSchemaFile } from "../usage";
import { writeJsonResult } from "../output";

type ValidateEngine = typeof import("../../functions/engine/validate");
type RowsModule = typeof import("../../functions/engine/validate/rows");

export const EXIT_VALID = 0;
export const EXIT_INVALID = 1;

interface ValidateCliOptions {
  schema: string;
  component?: string;
  data?: string;
  format?: string;
  compliance?: string;
  volume?: string;
}

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("Check a schema (field list, JSON Schema of any draft, OpenAPI component) for structure, contradictions and compliance; with --data, validate a data file against it")
    .requiredOption("--schema <file>", "schema file (JSON or YAML)")
    .option(...COMPONENT_OPTION)
    .option("--data <file>", "data file to validate against the schema (jsonl, json, csv, parquet)")
    .option("--format <format>", "format of the data file (default: from its extension)")
    .option("--compliance <list>", "comma-separated regimes: GDPR, HIPAA, PCI-DSS, SOC2, CCPA")
    .option("--volume <n>", "rows to be generated (checks that unique fields have enough distinct values)")
    .action(async (options: ValidateCliOptions) => {
      try {
        process.exitCode = await runValidate(options);
      } catch (err) {
        if (!(err instanceof UsageError)) throw err;
        process.stderr.write(`sdga validate: ${err.message}\n`);
        process.exitCode = EXIT_USAGE;
      }
    });
}

async function runValidate(options: ValidateCliOptions): Promise<number> {
  // Heavy modules load only when the command runs, so `sdga --help` stays quick.
  const { validateSchema, validateDataset, SchemaCompileError, DataReadError } = require("../../functions/engine/validate") as ValidateEngine;

  const { rowsFromFile } = require("../../functions/engine/validate/rows") as RowsModule;

  const schema = readSchemaFile(options.schema);
  const compliance = complianceList(options.compliance);
  let volume: number | undefined;
  if (options.volume !== undefined) {
    volume = Number(options.volume);
    if (!/^\d+$/.test(options.volume) || !Number.isSafeInteger(volume) || volume < 1) throw new UsageError(`--volume must be a positive integer, got "${options.volume}"`);
  }
  let format: ReadableFormat | undefined;
  if (options.data !== undefined) {
    format = dataFormat(options.data, options.format);
  } else if (options.format !== undefined) {
    throw new UsageError("--format needs --data");
  }

  const schemaResult = validateSchema({ schema, ...(options.component !== undefined ? { component: options.component } : {}), compliance_requirements: compliance, volume });
  const output: Record<string, unknown> = { valid: schemaResult.valid, schema: schemaResult, data: null };
  if (options.data !== undefined && format !== undefined && schemaResult.valid && schemaResult.normalized_schema) {
    const started = Date.now();
    process.stderr.write(`sdga validate: reading ${options.data} as ${format}\n`);
    try {
      const rows = rowsFromFile(format, options.data, schemaResult.normalized_schema);
      const report = await validateDataset(schemaResult.normalized_schema, rows, {
        onProgress: (n) => process.stderr.write(`sdga validate: ${n} rows\n`),
      });
      output.data = report;
      output.valid = report.invalid_rows === 0;
      process.stderr.write(`sdga validate: ${report.rows} rows in ${Date.now() - started} ms, ${report.invalid_rows} invalid\n`);
    } catch (err) {
      if (err instanceof SchemaCompileError) {
        output.data_error = { error: err.name, message: err.message, problems: err.problems };
      } else if (err instanceof DataReadError || (err as Error)?.name === "DataFormatError") {
        output.data_error = { error: (err as Error).name, message: (err as Error).message };
      } else if ((err as NodeJS.ErrnoException)?.code === "ENOENT") {
        throw new UsageError(`cannot read --data ${options.data}: no such file`);
      } else {
        throw err;
      }
      output.valid = false;
    }
  }
  writeJsonResult(output);
  return output.valid ? EXIT_VALID : EXIT_INVALID;
}
