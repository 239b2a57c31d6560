// Where readers take bytes from: a Node stream, bytes in memory, or a file path.
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";

/**
 * Random access to a large object (e.g. S3 ranged GETs): lets the Parquet reader fetch only the footer
 * and one row group at a time instead of buffering a whole stream. Same shape as hyparquet's AsyncBuffer.
 */
export interface RangeSource {
  byteLength: number;
  slice(start: number, end?: number): ArrayBuffer | Promise<ArrayBuffer>;
}

/** A stream, bytes in memory, a file path, or (Parquet only) a RangeSource. */
export type DataSource = Readable | Uint8Array | string | RangeSource;

export function isRangeSource(source: DataSource): source is RangeSource {
  return typeof source === "object" && !(source instanceof Uint8Array) && typeof (source as RangeSource).slice === "function"
    && typeof (source as RangeSource).byteLength === "number";
}

/** The source's bytes in chunks; a string is a file path. */
export async function* byteChunks(source: DataSource): AsyncGenerator<Uint8Array> {
  if (typeof source === "string") yield* createReadStream(source, { highWaterMark: 1 << 16 });
  else if (source instanceof Uint8Array) yield source;
  else if (isRangeSource(source)) yield new Uint8Array(await source.slice(0, source.byteLength));
  else for await (const chunk of source) yield typeof chunk === "string" ? Buffer.from(chunk) : chunk as Uint8Array;
}

/** The source's text in chunks, decoded as UTF-8 without splitting characters, a leading BOM removed. */
export async function* textChunks(source: DataSource): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: false });
  for await (const bytes of byteChunks(source)) {
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
