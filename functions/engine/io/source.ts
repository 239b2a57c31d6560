// Where readers take bytes from: a Node stream, bytes in memory, or a file path.
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";

export type DataSource = Readable | Uint8Array | string;

/** The source's bytes in chunks; a string is a file path. */
export async function* byteChunks(source: DataSource): AsyncGenerator<Uint8Array> {
  if (typeof source === "string") yield* createReadStream(source, { highWaterMark: 1 << 16 });
  else if (source instanceof Uint8Array) yield source;
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
