// What the sub-commands share about their command lines: the usage error (exit code 2), reading the schema
// file (through the schema front door), the data file's format, and the compliance list.
import { readFileSync } from "node:fs";
import { COMPLIANCE_REGIMES, type ComplianceRegime, type JsonSchemaObject } from "../functions/engine/schema/types";
import type { ReadableFormat } from "../functions/engine/validate/rows";

type RowsModule = typeof import("../functions/engine/validate/rows");

export const EXIT_USAGE = 2;

/** A problem with the command line or its files: the command exits with code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** The document in the schema file given as `option`: JSON, or YAML (OpenAPI documents often are). */
export function readSchemaFile(path: string, option = "--schema"): JsonSchemaObject {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${option} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseSchemaText } = require("../functions/engine/schema/readSchemaText") as typeof import("../functions/engine/schema/readSchemaText");
  let value: unknown;
  try {
    value = parseSchemaText(text, path);
  } catch (err) {
    throw new UsageError(`${option} ${path}: ${(err as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new UsageError(`${option} ${path} must hold an object (a field list {fields: [...]}, a JSON Schema or an OpenAPI document)`);
  }
  return value as JsonSchemaObject;
}

/**
 * The schema file through the schema front door: JSON Schema 2020-12 whatever it was written in, with what
 * was normalised written to standard error. A schema that cannot be read is a usage error naming each problem.
 */
export function readNormalisedSchema(command: string, path: string, component: string | undefined): JsonSchemaObject {
  const document = readSchemaFile(path);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { normaliseSchema, SchemaInputError } = require("../functions/engine/schema") as typeof import("../functions/engine/schema");
  try {
    const { schema, notes, dialect, component: chosen } = normaliseSchema(document, component !== undefined ? { component } : {});
    if (dialect !== "draft-2020-12" || chosen !== undefined) {
      process.stderr.write(`sdga ${command}: read ${path} as ${dialect}${chosen !== undefined ? `, component ${chosen}` : ""}\n`);
    }
    for (const n of notes) process.stderr.write(`sdga ${command}: note: ${n.path || "/"}: ${n.message}\n`);
    return schema;
  } catch (err) {
    if (!(err instanceof SchemaInputError)) throw err;
    throw new UsageError(`${path} cannot be read as a schema:\n${err.problems.map((p) => `  ${p.path || "/"}: ${p.message}`).join("\n")}`);
  }
}

/** The `--component` option every schema-reading command takes. */
export const COMPONENT_OPTION = ["--component <name>", "the schema to use from a document: NAME of components/schemas/NAME (OpenAPI), $defs/NAME or definitions/NAME (JSON Schema)"] as const;

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
