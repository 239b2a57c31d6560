import { createHash } from "node:crypto";

/** A canonical digest of a schema: the same schema with keys in another order gives the same digest. */
export function schemaDigest(schema: unknown): string {
  return createHash("sha256").update(canonicalJson(schema)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
