// Where the validator gets rows from a file: the IO engine's `readRows` (every format) when it is
// present, and until then a small streaming JSONL / JSON-array reader of our own.
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type { JsonSchemaObject, Row } from "../schema/types";

export const READABLE_FORMATS = ["jsonl", "json", "csv", "parquet"] as const;
export type ReadableFormat = (typeof READABLE_FORMATS)[number];

/** The format a file name implies (`.ndjson` is JSONL), or undefined. */
export function formatFromPath(path: string): ReadableFormat | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === "ndjson") return "jsonl";
  return (READABLE_FORMATS as readonly string[]).includes(ext ?? "") ? ext as ReadableFormat : undefined;
}

type ReadRows = (format: string, source: string, schema?: JsonSchemaObject) => AsyncIterable<Row>;

/** The IO engine's reader when it has one; otherwise ours for JSONL and JSON; otherwise an error naming the gap. */
export async function rowsFromFile(format: ReadableFormat, path: string, schema: JsonSchemaObject): Promise<AsyncIterable<Row>> {
  let io: { readRows?: ReadRows } | undefined;
  try {
    io = require("../io") as { readRows?: ReadRows };
  } catch {
    io = undefined; // the IO engine is not part of this build
  }
  if (typeof io?.readRows === "function") return io.readRows(format, path, schema);
  if (format === "jsonl") return readJsonLines(path);
  if (format === "json") return readJsonArray(path);
  throw new Error(`reading ${format} needs the IO engine's readRows, which is not available in this build`);
}

/** Rows of a JSONL file, streamed: a bad line throws an error naming its line number. Blank lines are skipped. */
export async function* readJsonLines(path: string): AsyncGenerator<Row> {
  let carry = "";
  let line = 0;
  const parse = (text: string): Row | undefined => {
    line++;
    if (text.trim() === "") return undefined;
    try {
      return JSON.parse(text) as Row;
    } catch (err) {
      throw new Error(`line ${line} is not JSON: ${(err as Error).message}`);
    }
  };
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    const text = carry + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf("\n", start); nl >= 0; nl = text.indexOf("\n", start)) {
      const row = parse(text.slice(start, nl));
      start = nl + 1;
      if (row !== undefined) yield row;
    }
    carry = text.slice(start);
  }
  const last = parse(carry);
  if (last !== undefined) yield last;
}

/** Rows of a JSON file holding one array (read whole: JSON arrays are not streamable without a parser). */
export async function* readJsonArray(path: string): AsyncGenerator<Row> {
  const parsed: unknown = JSON.parse(await readFile(path, "utf8"));
  if (!Array.isArray(parsed)) throw new Error("a JSON data file must hold one array of rows");
  yield* parsed as Row[];
}
