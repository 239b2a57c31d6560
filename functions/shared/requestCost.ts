// The cost of a generation request before it runs, and the stack's size ceilings applied to it: a request
// whose rows, values or whole data set would be larger than the stack accepts is refused with a 413 that
// names the field making it large and the setting that limits it; one that is accepted runs inside the call
// or in the background by its estimated work, not by its number of fields.
import { estimateRowCost, type RowCost } from "../engine/generate/cost";
import type { JsonSchemaObject } from "../engine/schema/types";
import type { FunctionConfig } from "./config";
import { PayloadTooLargeError } from "./errors";

export type SizeLimits = FunctionConfig["limits"];

export interface RequestCost {
  row: RowCost;
  rows: number;
  /** Estimated bytes of the whole data set as JSON. */
  bytes: number;
  /** Estimated work of one row, in rows of the reference record (10 values, about 400 bytes). */
  rowUnits: number;
  /** Estimated seconds of the whole call (generation, upload, read-back, validation, metrics). */
  seconds: number;
}

/**
 * The reference record of the in-call cut-over (SYNC_ROW_LIMIT rows of it run inside the call): the
 * 10-field user profile, whose estimated row is about 365 bytes (its real rows are about 233).
 */
export const REFERENCE_ROW = { values: 10, bytes: 400 };
/** Measured whole-call time of one reference row (50,000 rows in 1.2 s, README benchmarks). */
const REFERENCE_ROW_SECONDS = 1.2 / 50_000;

export function requestCost(schema: JsonSchemaObject, rows: number): RequestCost {
  const row = estimateRowCost(schema);
  const rowUnits = Math.max(1, row.values / REFERENCE_ROW.values, row.bytes / REFERENCE_ROW.bytes);
  return { row, rows, bytes: row.bytes * rows, rowUnits, seconds: rows * rowUnits * REFERENCE_ROW_SECONDS };
}

/** Largest volume of this request that runs inside the call. */
export function inCallRows(cost: RequestCost, syncRowLimit: number): number {
  return Math.floor(syncRowLimit / cost.rowUnits);
}

/** "1.5 GiB", "200 KiB", "512 bytes". */
export function formatBytes(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(Math.round(value)) : value >= 100 ? value.toFixed(0) : value.toFixed(1).replace(/\.0$/, "");
  return `${shown} ${units[unit]}`;
}

/** The problem with a row of this size, or undefined when it is within the limits (per value, per row). */
export function rowSizeProblem(row: RowCost, limits: SizeLimits): { message: string; path: string; limit: string; bytes: number } | undefined {
  const value = row.largestValue;
  if (value && value.bytes > limits.maxValueBytes) {
    return {
      path: value.path, bytes: value.bytes, limit: "maxValueKb",
      message: `field "${value.path}" would be about ${formatBytes(value.bytes)} in each row; this stack accepts at most `
        + `${formatBytes(limits.maxValueBytes)} per value (setting maxValueKb). Lower its minLength or minItems (or those inside it)`,
    };
  }
  if (row.bytes > limits.maxRowBytes) {
    const field = row.heaviestField;
    return {
      path: field?.path ?? "", bytes: row.bytes, limit: "maxRowKb",
      message: `one row would be about ${formatBytes(row.bytes)}${field ? `, mostly field "${field.path}" (about ${formatBytes(field.bytes)})` : ""}; `
        + `this stack accepts at most ${formatBytes(limits.maxRowBytes)} per row (setting maxRowKb)`,
    };
  }
  return undefined;
}

/** Throws PayloadTooLargeError (413) naming the field and the setting when the request is beyond a ceiling. */
export function assertWithinLimits(cost: RequestCost, limits: SizeLimits): void {
  const row = rowSizeProblem(cost.row, limits);
  if (row) {
    throw new PayloadTooLargeError(`schema: ${row.message}`, {
      field: "schema", path: row.path, estimated_bytes: Math.round(row.bytes), limit: row.limit,
      limit_bytes: row.limit === "maxValueKb" ? limits.maxValueBytes : limits.maxRowBytes,
    });
  }
  if (cost.bytes > limits.maxRequestBytes) {
    const field = cost.row.heaviestField;
    const fits = Math.max(0, Math.floor(limits.maxRequestBytes / Math.max(1, cost.row.bytes)));
    throw new PayloadTooLargeError(
      `volume: ${cost.rows.toLocaleString("en-US")} rows of about ${formatBytes(cost.row.bytes)} each`
      + `${field ? ` (mostly field "${field.path}")` : ""} would be about ${formatBytes(cost.bytes)}; this stack accepts at most `
      + `${formatBytes(limits.maxRequestBytes)} per request (setting maxRequestMb): ask for at most ${fits.toLocaleString("en-US")} rows`,
      {
        field: "volume", path: field?.path ?? "", estimated_bytes: Math.round(cost.bytes), limit: "maxRequestMb",
        limit_bytes: limits.maxRequestBytes, max_volume: fits,
      },
    );
  }
}

/** One row is "huge" (validateSchema warns) above this share of the per-row ceiling, or above 64 KiB. */
export function hugeRowThreshold(limits: SizeLimits): number {
  return Math.min(64 * 1024, limits.maxRowBytes / 4);
}
