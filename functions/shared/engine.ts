// The data engine as the functions use it. The engine modules are built by other parts of the team; this
// facade names exactly what the handlers need from them and maps the engine's input errors to 4xx.
import type { Readable } from "node:stream";
import type { ComplianceRegime, JsonSchemaObject, OutputFormat, Row, SchemaInput } from "../engine/schema/types";
import { RequestValidationError } from "./errors";

export interface GenerationOptions {
  schema: SchemaInput;
  rows: number;
  seed?: number | string;
  format: OutputFormat;
  locale?: string;
  compliance?: ComplianceRegime[];
  shard?: { index: number; count: number };
  reference?: unknown;
}
export interface GenerationPlan { rows(): Iterable<Row> }

interface GenerateModule {
  prepareGeneration(opts: GenerationOptions): GenerationPlan;
  generateToStream(opts: GenerationOptions): Readable;
}
interface IoModule {
  readRows(format: OutputFormat, source: Readable | Uint8Array | string, schema?: SchemaInput): AsyncIterable<Row>;
}
interface ValidateModule {
  validateSchema(input: { schema: unknown; compliance_requirements?: string[]; volume?: number }): Record<string, unknown>;
  validateDataset(schema: SchemaInput, rows: AsyncIterable<Row>): Promise<Record<string, unknown>>;
}
interface MetricsModule {
  calculateQualityMetrics(input: { schema: SchemaInput; data: AsyncIterable<Row>; reference?: AsyncIterable<Row> }): Promise<Record<string, unknown>>;
  renderHtmlReport(report: any): string;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const engine = {
  get generate(): GenerateModule { return require("../engine/generate") as GenerateModule; },
  get io(): IoModule { return require("../engine/io") as IoModule; },
  get validate(): ValidateModule { return require("../engine/validate") as ValidateModule; },
  get metrics(): MetricsModule { return require("../engine/metrics") as MetricsModule; },
};

/** Engine errors that mean "the caller's schema or data is not usable" rather than "we failed". */
const INPUT_ERROR_NAMES = new Set([
  "UnsupportedSchemaError", "SchemaCompileError", "SchemaLimitError", "UnsupportedPatternError",
  "DataFormatError", "DataReadError", "UnencodableValueError", "RefResolutionError", "GenerationFailure",
  "MetricsInputError",
]);

/** Converts an engine error about the caller's input into a RequestValidationError; rethrows anything else. */
export function asInputError(err: unknown, what: string): never {
  const e = err as { name?: string; message?: string; problems?: unknown };
  if (err instanceof RangeError && /call stack/i.test(String(e.message))) {
    throw new RequestValidationError(`${what} is too deeply nested or has a $ref cycle that cannot be expanded`);
  }
  if (e && typeof e.name === "string" && INPUT_ERROR_NAMES.has(e.name)) {
    const problems = Array.isArray(e.problems) ? e.problems.slice(0, 20) : undefined;
    throw new RequestValidationError(`${what}: ${e.message ?? e.name}`, problems ? { problems } : undefined);
  }
  throw err;
}

export type { JsonSchemaObject };

/**
 * Schema-validation findings the engine reports as warnings that the product treats as errors, because
 * the generator cannot honour them (an unknown format would silently produce unformatted text).
 */
export const BLOCKING_WARNING_RULES = new Set(["format-known"]);

export type SchemaFinding = { field?: string; rule?: string; message?: string; severity?: string };

/** Splits validateSchema findings into blocking errors and warnings. */
export function splitFindings(findings: SchemaFinding[]): { errors: SchemaFinding[]; warnings: SchemaFinding[] } {
  const blocking = (f: SchemaFinding) => f.severity !== "warning" || BLOCKING_WARNING_RULES.has(String(f.rule));
  return {
    errors: findings.filter(blocking).map((f) => (f.severity === "warning" ? { ...f, severity: "error" } : f)),
    warnings: findings.filter((f) => !blocking(f)),
  };
}
