// What the sub-commands share about their command lines: the usage error (exit code 2), reading the schema
// file, the data file's format, and the compliance list.
import { readFileSync } from "node:fs";
import { COMPLIANCE_REGIMES, type ComplianceRegime, type JsonSchemaObject } from "../functions/engine/schema/types";
import type { ReadableFormat } from "../functions/engine/validate/rows";

type RowsModule = typeof import("../functions/engine/validate/rows");

export const EXIT_USAGE = 2;

/** A problem with the command line or its files: the command exits with code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The JSON object in the schema file given as `option` (a field list or a JSON Schema). */
export function readSchemaFile(path: string, option = "--schema"): JsonSchemaObject {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${option} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${option} ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${option} ${path} must hold a JSON object (a JSON Schema or {fields: [...]})`);
  }
  return value as JsonSchemaObject;
}

/** The format of a data file: the one asked for, else the one its name implies (`.ndjson` is JSONL). */
export function dataFormat(path: string, requested: string | undefined, option = "--format"): ReadableFormat {
  // Loaded on use: the readers are heavy and `sdga --help` should stay quick.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { formatFromPath, READABLE_FORMATS } = require("../functions/engine/validate/rows") as RowsModule;
  const format = requested ?? formatFromPath(path);
  if (format === undefined) throw new UsageError(`cannot tell the format of ${path} from its name; pass ${option} (${READABLE_FORMATS.join(", ")})`);
  if (!(READABLE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown ${option} "${format}"; expected ${READABLE_FORMATS.join(", ")}`);
  return format as ReadableFormat;
}

/** `GDPR,PCI-DSS` as regimes (case-insensitive); an unknown name is a usage error. */
export function complianceList(list: string | undefined): ComplianceRegime[] | undefined {
  if (list === undefined) return undefined;
  return list.split(",").map((s) => s.trim()).filter(Boolean).map((name) => {
    const regime = COMPLIANCE_REGIMES.find((r) => r.toLowerCase() === name.toLowerCase());
    if (!regime) throw new UsageError(`unknown compliance regime "${name}"; expected ${COMPLIANCE_REGIMES.join(", ")}`);
    return regime;
  });
}
