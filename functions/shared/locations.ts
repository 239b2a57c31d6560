// S3 keys: built by the functions for outputs, and checked for every caller-supplied location so that
// nothing outside the stack's data bucket and prefix is ever read.
import { ForbiddenLocationError } from "./errors";
import { FILE_EXTENSIONS, type OutputFormat } from "../engine/schema/types";

export interface DataLocation { bucket: string; key: string }

/** `generated-data/{env}/{yyyy}/{mm}/{dd}/{generation_id}/` for a job created at `createdAt` (UTC). */
export function generationFolder(dataPrefix: string, generationId: string, createdAt: Date): string {
  const yyyy = String(createdAt.getUTCFullYear());
  const mm = String(createdAt.getUTCMonth() + 1).padStart(2, "0");
  const dd = String(createdAt.getUTCDate()).padStart(2, "0");
  return `${dataPrefix}${yyyy}/${mm}/${dd}/${generationId}/`;
}

export function dataFileKey(folder: string, format: OutputFormat, shard?: { index: number; count: number }): string {
  const ext = FILE_EXTENSIONS[format];
  return shard && shard.count > 1 ? `${folder}part-${String(shard.index).padStart(5, "0")}.${ext}` : `${folder}data.${ext}`;
}

export const s3Uri = (bucket: string, key: string) => `s3://${bucket}/${key}`;

/**
 * Resolves a caller-supplied location (`s3://bucket/key` or a key) to one inside the data bucket under the
 * allowed prefix, or throws ForbiddenLocationError naming why.
 */
export function resolveDataLocation(input: string, dataBucket: string, dataPrefix: string, field = "location"): DataLocation {
  let key = input.trim();
  if (/[\u0000-\u001f\u007f\\]/.test(key)) throw new ForbiddenLocationError(`${field} contains control characters or backslashes`, { field });
  if (/^[a-z][a-z0-9+.-]*:/i.test(key)) {
    const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(key);
    if (!m) throw new ForbiddenLocationError(`${field} must be s3://${dataBucket}/${dataPrefix}... or a key under ${dataPrefix}`, { field });
    if (m[1] !== dataBucket) {
      throw new ForbiddenLocationError(`${field} names bucket ${m[1]!.slice(0, 63)}; only this stack's data bucket ${dataBucket} may be read`, { field });
    }
    key = m[2]!;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(key);
  } catch {
    decoded = key;
  }
  const segments = decoded.split("/");
  if (key.startsWith("/") || segments.some((s) => s === ".." || s === ".") || key.includes("//")) {
    throw new ForbiddenLocationError(`${field} must not contain relative segments (../, ./) or empty segments`, { field });
  }
  if (!key.startsWith(dataPrefix) || key.length === dataPrefix.length) {
    throw new ForbiddenLocationError(`${field} must be under ${dataPrefix} in the data bucket`, { field });
  }
  return { bucket: dataBucket, key };
}

/** The output format implied by a key's extension, if any. */
export function formatOfKey(key: string): OutputFormat | undefined {
  const ext = key.slice(key.lastIndexOf(".") + 1).toLowerCase();
  return (Object.keys(FILE_EXTENSIONS) as OutputFormat[]).find((f) => FILE_EXTENSIONS[f] === ext);
}
