// Column stores of the Parquet writer: each holds one column of a row group in typed memory (numbers in
// typed arrays, text as UTF-8 bytes or dictionary indexes, encoded as it arrives) and encodes it as a
// column chunk: an optional dictionary page and data pages (format v1: RLE definition levels, PLAIN or
// RLE_DICTIONARY values), Snappy where it pays, with min/max statistics. Page headers, Snappy and the
// footer's Thrift come from hyparquet-writer; the value encoding is ours, written for speed (no object
// per value, no text encoded twice): about 5x hyparquet-writer's own column writer on the benchmark record.
import type { ColumnChunk, CompressionCodec, Encoding, SchemaElement } from "hyparquet";
import { ByteWriter } from "hyparquet-writer";
import { writePageHeader } from "hyparquet-writer/src/datapage.js";
import { snappyCompress } from "hyparquet-writer/src/snappy.js";
import type { ChunkSink } from "./chunks";
import type { ValueKind } from "./columns";

const DAY_MS = 86_400_000;
/** Target uncompressed size of one data page. */
const PAGE_BYTES = 1 << 20;
/**
 * A dictionary is tried unless a sample of the chunk (numbers: 1,024 values spread over it; text: its
 * first 1,024 values) is more than this share distinct.
 */
const DICTIONARY_SAMPLE_SHARE = 0.9;
const DICTIONARY_SAMPLE = 1024;
/** A dictionary is kept when it has at most half as many entries as the chunk has values, and this many at most. */
const DICTIONARY_MAX_ENTRIES = 1 << 16;
const DICTIONARY_MAX_BYTES = 1 << 20;
/** Snappy is used for a chunk when, by samples of its pages weighted by their size, it shrinks it to this share or less. */
const SNAPPY_WORTH = 0.9;
const SNAPPY_SAMPLE = 1 << 16;
/** Text up to this many characters is copied in JavaScript when it is ASCII. */
const SHORT_TEXT = 64;
/** Pieces below this size are gathered into blocks of SMALL_BLOCK bytes. */
const SMALL_PIECE = 1 << 14;
const SMALL_BLOCK = 1 << 16;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type Typed = Uint8Array | Int32Array | Float64Array | BigInt64Array;

/** A value the column cannot hold; the writer adds the row and the column's name. */
export class ColumnValueError extends Error {}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Buffer's own UTF-8 writer (`buf.utf8Write`, what `buf.write` calls), without `write`'s argument
 * handling, which costs more than the copy for short strings; `write` where it is missing.
 */
type Utf8Write = (buf: Buffer, text: string, offset: number) => number;
const utf8Write: Utf8Write = typeof (Buffer.prototype as unknown as { utf8Write?: unknown }).utf8Write === "function"
  ? (buf, text, offset) => (buf as unknown as { utf8Write(t: string, o: number): number }).utf8Write(text, offset)
  : (buf, text, offset) => buf.write(text, offset, "utf8");

/** Growable byte buffer for page bodies (reused from page to page). */
class Bytes {
  buf: Buffer;
  at = 0;
  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafeSlow(size);
  }
  reset(): void {
    this.at = 0;
  }
  ensure(extra: number): void {
    if (this.at + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + extra));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.at++] = b;
  }
  uint32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v, this.at);
    this.at += 4;
  }
  varint(v: number): void {
    while (v > 0x7f) {
      this.byte((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.byte(v);
  }
  /** A UTF-8 string with its 4-byte length; returns the byte length. */
  text(s: string): number {
    const length = s.length;
    this.ensure(4 + length * 3);
    const buf = this.buf;
    const start = this.at + 4;
    let n = length;
    // Short ASCII text byte by byte: cheaper than a call into the runtime (and no warm-up).
    if (length <= SHORT_TEXT) {
      for (let i = 0; i < length; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) { n = utf8Write(buf, s, start); break; }
        buf[start + i] = c;
      }
    } else n = utf8Write(buf, s, start);
    buf.writeUInt32LE(n, this.at);
    this.at = start + n;
    return n;
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}

/**
 * RLE / bit-packing hybrid (the encoding of definition levels and dictionary indexes): runs of 8 or more
 * equal values as RLE runs, everything else bit-packed in groups of 8 (the last group zero-padded).
 */
export function writeHybrid(out: Bytes, values: ArrayLike<number>, start: number, end: number, bitWidth: number): void {
  const valueBytes = (bitWidth + 7) >> 3;
  let i = start;
  while (i < end) {
    const v = values[i];
    let j = i + 1;
    while (j < end && values[j] === v) j++;
    if (j - i >= 8) {
      out.varint((j - i) * 2);
      for (let b = 0, x = v; b < valueBytes; b++, x >>>= 8) out.byte(x & 0xff);
      i = j;
      continue;
    }
    // Bit-packed groups until a run of 8 begins at a group boundary.
    const first = i;
    let groups = 0;
    while (i < end) {
      if (groups > 0) {
        const w = values[i];
        let k = i + 1;
        while (k < end && k - i < 8 && values[k] === w) k++;
        if (k - i >= 8) break;
      }
      i += 8;
      groups++;
    }
    out.varint(groups * 2 + 1);
    out.ensure(groups * bitWidth);
    let acc = 0;
    let bits = 0;
    const stop = first + groups * 8;
    for (let k = first; k < stop; k++) {
      acc |= (k < end ? values[k] : 0) << bits;
      bits += bitWidth;
      while (bits >= 8) {
        out.buf[out.at++] = acc & 0xff;
        acc >>>= 8;
        bits -= 8;
      }
    }
    if (i > end) i = end;
  }
}

/** Days since 1970-01-01 of "YYYY-MM-DD" (by Date.UTC, as always), NaN for any other text. */
function isoDay(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  let y = 0, m = 0, d = 0;
  for (let i = 0; i < 10; i++) {
    if (i === 4 || i === 7) continue;
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NaN;
    if (i < 4) y = y * 10 + digit;
    else if (i < 7) m = m * 10 + digit;
    else d = d * 10 + digit;
  }
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function bitWidthOf(maxValue: number): number {
  return Math.max(1, 32 - Math.clz32(maxValue));
}

/** UTF-8 (code point) order of two strings, from their UTF-16 units. */
function lessCodePoints(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) { // surrogates (astral code points) sort after U+E000..U+FFFF
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y;
  }
  return a.length < b.length;
}

/**
 * The bytes of a segment as they are encoded, passed on to the encoder's sink at once (page headers and
 * small pages gathered into blocks first); `offset` counts from the segment's first byte. Holds the page
 * scratch buffers the stores share (they encode one after another).
 */
export class PageOutput {
  offset = 0;
  /** Where bytes go: set by the encoder while it writes. */
  sink: ChunkSink | undefined;
  readonly body = new Bytes(1 << 16);
  readonly dictionary = new Bytes(1 << 16);
  private readonly small = new Bytes(SMALL_BLOCK);
  private readonly header = new ByteWriter(256);

  /** Appends bytes; `owned` bytes are not touched again by the caller (a sink may keep them uncopied). */
  append(bytes: Uint8Array, owned: boolean): void {
    this.offset += bytes.length;
    if (bytes.length >= SMALL_PIECE) {
      this.flush();
      this.sink!.bytes(bytes, owned);
      return;
    }
    if (this.small.at + bytes.length > this.small.buf.length) this.flush();
    this.small.buf.set(bytes, this.small.at);
    this.small.at += bytes.length;
  }

  pageHeader(header: Parameters<typeof writePageHeader>[1]): number {
    this.header.index = 0;
    this.header.offset = 0;
    writePageHeader(this.header, header);
    this.append(new Uint8Array(this.header.buffer, 0, this.header.index), false);
    return this.header.index;
  }

  /** Passes on the gathered small pieces. */
  flush(): void {
    if (this.small.at === 0) return;
    this.sink!.bytes(this.small.view(), false);
    this.small.reset();
  }
}

/** Writes the pages of one column chunk, compressed when the chunk's codec says so, with their headers. */
class ChunkWriter {
  codec: CompressionCodec | undefined;
  pages = 0;
  uncompressed = 0;
  readonly start: number;

  constructor(private readonly out: PageOutput) {
    this.start = out.offset;
  }

  /**
   * Chooses the chunk's codec from samples of its pages (the first data page, and the dictionary page
   * when there is one), each weighted by its size: Snappy when it would shrink the chunk enough.
   */
  decide(...bodies: Uint8Array[]): void {
    if (this.codec !== undefined) return;
    let size = 0;
    let estimate = 0;
    for (const body of bodies) {
      const sample = body.subarray(0, SNAPPY_SAMPLE);
      if (sample.length === 0) continue;
      size += body.length;
      estimate += body.length * (snappyCompress(sample).length / sample.length);
    }
    this.codec = size > 0 && estimate <= size * SNAPPY_WORTH ? "SNAPPY" : "UNCOMPRESSED";
  }

  private write(header: Parameters<typeof writePageHeader>[1], body: Uint8Array): void {
    this.decide(body);
    const data = this.codec === "SNAPPY" ? snappyCompress(body) : body;
    header.compressed_page_size = data.length;
    this.uncompressed += this.out.pageHeader(header) + body.length;
    this.out.append(data, data !== body);
  }

  dictionaryPage(body: Uint8Array, entries: number): void {
    this.write({
      type: "DICTIONARY_PAGE", uncompressed_page_size: body.length, compressed_page_size: 0,
      dictionary_page_header: { num_values: entries, encoding: "PLAIN" },
    } as Parameters<typeof writePageHeader>[1], body);
  }

  dataPage(body: Uint8Array, values: number, encoding: Encoding): void {
    this.write({
      type: "DATA_PAGE", uncompressed_page_size: body.length, compressed_page_size: 0,
      data_page_header: { num_values: values, encoding, definition_level_encoding: "RLE", repetition_level_encoding: "RLE" },
    } as Parameters<typeof writePageHeader>[1], body);
    this.pages++;
  }
}

/** Shared part of every store: row count, definition levels, paging. */
export abstract class ColumnStore {
  /** Rows pushed since the last reset. */
  rows = 0;
  /** Non-null values pushed. */
  count = 0;
  protected defs: Uint8Array | undefined;

  constructor(readonly element: SchemaElement, readonly path: string[], readonly nullable: boolean, capacity: number) {
    if (nullable) this.defs = new Uint8Array(capacity);
  }

  /** Appends one row's value (null or undefined for none); throws ColumnValueError when it cannot be held. */
  push(value: unknown): void {
    if (value === null || value === undefined) {
      if (!this.defs) throw new ColumnValueError("a value is required here");
      this.level(0);
    } else {
      this.add(value);
      if (this.defs) this.level(1);
    }
    this.rows++;
  }

  private level(def: number): void {
    if (this.defs!.length <= this.rows) this.defs = grow(this.defs!, this.rows * 2);
    this.defs![this.rows] = def;
  }

  /** Stores one non-null value (called before the row is counted). */
  protected abstract add(value: unknown): void;

  /** Writes the chunk of the rows pushed so far and forgets them. */
  abstract encode(out: PageOutput): ColumnChunk;

  reset(): void {
    this.rows = 0;
    this.count = 0;
  }

  /** Page body prefix for rows [from, to): the definition levels with their 4-byte length (v1 pages). */
  levelsInto(body: Bytes, from: number, to: number): void {
    if (!this.defs) return;
    const lengthAt = body.at;
    body.uint32(0);
    writeHybrid(body, this.defs, from, to, 1);
    body.buf.writeUInt32LE(body.at - lengthAt - 4, lengthAt);
  }

  /** Non-null values among rows [from, to). */
  presentIn(from: number, to: number): number {
    if (!this.defs) return to - from;
    let n = 0;
    for (let i = from; i < to; i++) n += this.defs[i];
    return n;
  }

  protected chunk(writer: ChunkWriter, out: PageOutput, fields: {
    encodings: Encoding[]; dataPageOffset: number; dictionaryPageOffset?: number; min?: unknown; max?: unknown;
  }): ColumnChunk {
    const statistics: NonNullable<ColumnChunk["meta_data"]>["statistics"] = { null_count: BigInt(this.rows - this.count) };
    if (fields.min !== undefined) statistics.min_value = fields.min as never;
    if (fields.max !== undefined) statistics.max_value = fields.max as never;
    const dictionary = fields.dictionaryPageOffset !== undefined;
    return {
      file_offset: BigInt(writer.start),
      meta_data: {
        type: this.element.type!,
        encodings: fields.encodings,
        path_in_schema: this.path,
        codec: writer.codec ?? "UNCOMPRESSED",
        num_values: BigInt(this.rows),
        total_uncompressed_size: BigInt(writer.uncompressed),
        total_compressed_size: BigInt(out.offset - writer.start),
        data_page_offset: BigInt(fields.dataPageOffset),
        ...(dictionary ? { dictionary_page_offset: BigInt(fields.dictionaryPageOffset!) } : {}),
        statistics,
        encoding_stats: [
          ...(dictionary ? [{ page_type: "DICTIONARY_PAGE" as const, encoding: "PLAIN" as const, count: 1 }] : []),
          { page_type: "DATA_PAGE" as const, encoding: dictionary ? "RLE_DICTIONARY" as const : "PLAIN" as const, count: writer.pages },
        ],
      },
    };
  }
}

function grow<T extends Typed>(array: T, size: number): T {
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, 16));
  next.set(array as never);
  return next;
}

/**
 * The dictionary of `count` values read by `at(i)` (numbers or strings), or undefined when a dictionary
 * would not pay: the indexes, and the distinct values in first-seen order.
 */
function dictionaryOf<T>(count: number, at: (i: number) => T, keyBytes: (v: T) => number): { indexes: Int32Array; values: T[] } | undefined {
  if (count < 2) return undefined;
  const sample = Math.min(count, DICTIONARY_SAMPLE);
  const seen = new Set<T>();
  for (let s = 0; s < sample; s++) seen.add(at(sample === 1 ? 0 : Math.floor(s * (count - 1) / (sample - 1))));
  if (seen.size > sample * DICTIONARY_SAMPLE_SHARE) return undefined;
  const limit = Math.min(DICTIONARY_MAX_ENTRIES, Math.floor(count / 2));
  const map = new Map<T, number>();
  const values: T[] = [];
  const indexes = new Int32Array(count);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const v = at(i);
    let index = map.get(v);
    if (index === undefined) {
      index = values.length;
      if (index >= limit) return undefined;
      bytes += keyBytes(v);
      if (bytes > DICTIONARY_MAX_BYTES) return undefined;
      map.set(v, index);
      values.push(v);
    }
    indexes[i] = index;
  }
  return { indexes, values };
}

/**
 * A dictionary-encoded chunk: the dictionary page (`dictionary`, PLAIN values), then data pages of the
 * indexes of all rows; the codec is chosen from the dictionary and the first index page together.
 */
function writeDictionaryChunk(store: ColumnStore, writer: ChunkWriter, out: PageOutput, body: Bytes, dictionary: Uint8Array,
  entries: number, indexes: Int32Array): { dictionaryPageOffset: number; dataPageOffset: number } {
  const rows = store.rows;
  const bitWidth = bitWidthOf(entries - 1);
  // Pages of up to PAGE_BYTES / 2 rows (two bytes per index at most).
  const pageRows = Math.max(1, Math.floor(PAGE_BYTES / 2));
  let value = 0;
  const page = (from: number, to: number) => {
    const present = store.presentIn(from, to);
    body.reset();
    store.levelsInto(body, from, to);
    body.byte(bitWidth);
    writeHybrid(body, indexes, value, value + present, bitWidth);
    value += present;
  };
  page(0, Math.min(rows, pageRows));
  writer.decide(body.view(), dictionary);
  const dictionaryPageOffset = out.offset;
  writer.dictionaryPage(dictionary, entries);
  const dataPageOffset = out.offset;
  writer.dataPage(body.view(), Math.min(rows, pageRows), "RLE_DICTIONARY");
  for (let from = pageRows; from < rows; from += pageRows) {
    const to = Math.min(rows, from + pageRows);
    page(from, to);
    writer.dataPage(body.view(), to - from, "RLE_DICTIONARY");
  }
  return { dictionaryPageOffset, dataPageOffset };
}

/** Numbers (INT64, DOUBLE, INT32 DATE, INT64 TIMESTAMP) in a Float64Array; INT64 beyond 2^53 in a BigInt64Array. */
export class NumberStore extends ColumnStore {
  private values: Float64Array;
  private wide: BigInt64Array | undefined;
  private min = Infinity;
  private max = -Infinity;
  private negativeZero = false;
  private readonly width: number;

  constructor(element: SchemaElement, path: string[], nullable: boolean, capacity: number, private readonly kind: ValueKind) {
    super(element, path, nullable, capacity);
    this.values = new Float64Array(capacity);
    this.width = element.type === "INT32" ? 4 : 8;
  }

  protected add(value: unknown): void {
    let n: number;
    switch (this.kind) {
      case "integer":
        if (typeof value === "bigint") {
          if (value >= -9007199254740991n && value <= 9007199254740991n) n = Number(value);
          else return this.addWide(value);
        } else if (Number.isSafeInteger(value)) n = value as number;
        else throw new ColumnValueError(`expected an integer, got ${describe(value)}`);
        break;
      case "number":
        if (typeof value !== "number") throw new ColumnValueError(`expected a number, got ${describe(value)}`);
        n = value;
        if (n === 0 && 1 / n < 0) this.negativeZero = true;
        break;
      case "date": {
        n = typeof value === "string" ? isoDay(value) : NaN;
        if (Number.isNaN(n)) throw new ColumnValueError(`expected a date YYYY-MM-DD, got ${describe(value)}`);
        break;
      }
      case "timestamp": {
        n = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : NaN;
        if (Number.isNaN(n)) throw new ColumnValueError(`expected an ISO 8601 date-time, got ${describe(value)}`);
        break;
      }
      default:
        throw new Error(`not a numeric column kind: ${this.kind}`);
    }
    if (this.wide) return this.addWide(BigInt(n));
    if (this.values.length <= this.count) this.values = grow(this.values, this.count * 2);
    this.values[this.count++] = n;
    if (n < this.min) this.min = n;
    if (n > this.max) this.max = n;
  }

  private addWide(value: bigint): void {
    if (value < -(2n ** 63n) || value > 2n ** 63n - 1n) throw new ColumnValueError(`integer out of the INT64 range: ${value}`);
    if (!this.wide) {
      this.wide = new BigInt64Array(Math.max(16, this.values.length));
      for (let i = 0; i < this.count; i++) this.wide[i] = BigInt(this.values[i]);
    }
    if (this.wide.length <= this.count) this.wide = grow(this.wide, this.count * 2);
    this.wide[this.count++] = value;
  }

  override reset(): void {
    super.reset();
    this.wide = undefined;
    this.min = Infinity;
    this.max = -Infinity;
    this.negativeZero = false;
  }

  encode(out: PageOutput): ColumnChunk {
    const writer = new ChunkWriter(out);
    const { rows, count } = this;
    const { body } = out;
    const wide = this.wide;
    const values = this.values;
    // -0 and 0 are one key of a Map; such a column keeps its values plain.
    const dictionary = this.negativeZero ? undefined
      : wide ? dictionaryOf<bigint>(count, (i) => wide[i], () => 8) : dictionaryOf<number>(count, (i) => values[i], () => this.width);
    let stats: { min?: unknown; max?: unknown } = {};
    if (wide) {
      let min = wide[0], max = wide[0];
      for (let i = 1; i < count; i++) { if (wide[i] < min) min = wide[i]; if (wide[i] > max) max = wide[i]; }
      if (count > 0) stats = { min, max };
    } else if (count > 0 && this.min <= this.max) {
      stats = this.element.type === "INT64" ? { min: BigInt(this.min), max: BigInt(this.max) } : { min: this.min, max: this.max };
    }
    if (dictionary) {
      const dictionaryBody = out.dictionary;
      dictionaryBody.reset();
      this.plainInto(dictionaryBody, dictionary.values as never, 0, dictionary.values.length);
      const offsets = writeDictionaryChunk(this, writer, out, body, dictionaryBody.view(), dictionary.values.length, dictionary.indexes);
      return this.chunk(writer, out, { encodings: ["PLAIN", "RLE", "RLE_DICTIONARY"], ...offsets, ...stats });
    }
    const dataPageOffset = out.offset;
    const pageRows = Math.max(1, Math.floor(PAGE_BYTES / this.width));
    let value = 0;
    for (let from = 0; from < rows; from += pageRows) {
      const to = Math.min(rows, from + pageRows);
      const present = this.presentIn(from, to);
      body.reset();
      this.levelsInto(body, from, to);
      this.plainInto(body, wide ?? values, value, value + present);
      value += present;
      writer.dataPage(body.view(), to - from, "PLAIN");
    }
    return this.chunk(writer, out, { encodings: ["PLAIN", "RLE"], dataPageOffset, ...stats });
  }

  /** PLAIN encoding of values [from, to) of `source`. */
  private plainInto(body: Bytes, source: Float64Array | BigInt64Array | number[] | bigint[], from: number, to: number): void {
    const n = to - from;
    body.ensure(n * this.width);
    const buf = body.buf;
    let at = body.at;
    if (this.element.type === "DOUBLE") {
      if (LITTLE_ENDIAN && source instanceof Float64Array) {
        buf.set(new Uint8Array(source.buffer, source.byteOffset + from * 8, n * 8), at);
        at += n * 8;
      } else {
        for (let i = from; i < to; i++, at += 8) buf.writeDoubleLE(source[i] as number, at);
      }
    } else if (this.element.type === "INT32") {
      for (let i = from; i < to; i++, at += 4) buf.writeInt32LE(source[i] as number, at);
    } else if (typeof source[from] === "bigint") {
      for (let i = from; i < to; i++, at += 8) buf.writeBigInt64LE(source[i] as bigint, at);
    } else {
      for (let i = from; i < to; i++, at += 8) {
        const v = source[i] as number;
        const hi = Math.floor(v / 4294967296);
        buf.writeUInt32LE(v - hi * 4294967296, at);
        buf.writeInt32LE(hi, at + 4);
      }
    }
    body.at = at;
  }
}

export class BooleanStore extends ColumnStore {
  private values: Uint8Array;
  private sawTrue = false;
  private sawFalse = false;

  constructor(element: SchemaElement, path: string[], nullable: boolean, capacity: number) {
    super(element, path, nullable, capacity);
    this.values = new Uint8Array(capacity);
  }

  protected add(value: unknown): void {
    if (typeof value !== "boolean") throw new ColumnValueError(`expected a boolean, got ${describe(value)}`);
    if (this.values.length <= this.count) this.values = grow(this.values, this.count * 2);
    this.values[this.count++] = value ? 1 : 0;
    if (value) this.sawTrue = true;
    else this.sawFalse = true;
  }

  override reset(): void {
    super.reset();
    this.sawTrue = this.sawFalse = false;
  }

  encode(out: PageOutput): ColumnChunk {
    const writer = new ChunkWriter(out);
    const { rows, values } = this;
    const { body } = out;
    const dataPageOffset = out.offset;
    const pageRows = PAGE_BYTES * 8;
    let value = 0;
    for (let from = 0; from < rows; from += pageRows) {
      const to = Math.min(rows, from + pageRows);
      const present = this.presentIn(from, to);
      body.reset();
      this.levelsInto(body, from, to);
      // PLAIN booleans: bit-packed, least significant bit first.
      const bytes = (present + 7) >> 3;
      body.ensure(bytes);
      body.buf.fill(0, body.at, body.at + bytes);
      for (let i = 0; i < present; i++) if (values[value + i]) body.buf[body.at + (i >> 3)] |= 1 << (i & 7);
      body.at += bytes;
      value += present;
      writer.dataPage(body.view(), to - from, "PLAIN");
    }
    const stats = this.sawTrue || this.sawFalse ? { min: !this.sawFalse, max: this.sawTrue } : {};
    return this.chunk(writer, out, { encodings: ["PLAIN", "RLE"], dataPageOffset, ...stats });
  }
}

/**
 * Text (UTF8 strings, and JSON text for JSON columns) as BYTE_ARRAY, encoded as it arrives so a row
 * group holds bytes, not strings: into a dictionary while the column repeats itself (a prefix of the
 * chunk decides: more than 90% distinct after 1,024 values, or a dictionary beyond its caps, ends it),
 * otherwise straight to PLAIN bytes.
 */
export class TextStore extends ColumnStore {
  private map: Map<string, number> | undefined = new Map();
  private entries: string[] = [];
  private entryBytes = 0;
  private indexes: Int32Array;
  private readonly plain = new Bytes(1 << 16);
  /** End offset in `plain` of each value. */
  private ends: Int32Array;
  private min: string | undefined;
  private max: string | undefined;
  private minAscii = true;
  private maxAscii = true;

  constructor(element: SchemaElement, path: string[], nullable: boolean, capacity: number, private readonly json: boolean) {
    super(element, path, nullable, capacity);
    this.indexes = new Int32Array(capacity);
    this.ends = new Int32Array(16);
  }

  protected add(value: unknown): void {
    let text: string;
    if (this.json) {
      try {
        text = JSON.stringify(value);
      } catch (error) { // a BigInt or a cycle
        throw new ColumnValueError(`not representable as JSON (${(error as Error).message})`);
      }
    } else if (typeof value === "string") text = value;
    else throw new ColumnValueError(`expected a string, got ${describe(value)}`);
    const map = this.map;
    if (map) {
      let index = map.get(text);
      if (index === undefined) {
        index = this.entries.length;
        const count = this.count + 1;
        if (index >= DICTIONARY_MAX_ENTRIES || this.entryBytes > DICTIONARY_MAX_BYTES || (count >= DICTIONARY_SAMPLE && index + 1 > count * DICTIONARY_SAMPLE_SHARE)) {
          this.toPlain();
          this.addPlain(text);
          return;
        }
        map.set(text, index);
        this.entries.push(text);
        this.entryBytes += 4 + text.length;
      }
      if (this.indexes.length <= this.count) this.indexes = grow(this.indexes, this.count * 2);
      this.indexes[this.count++] = index;
      return;
    }
    this.addPlain(text);
  }

  private addPlain(text: string): void {
    const n = this.plain.text(text);
    if (this.ends.length <= this.count) this.ends = grow(this.ends, this.count * 2);
    this.ends[this.count++] = this.plain.at;
    if (!this.json) this.consider(text, n === text.length);
  }

  /** Leaves dictionary mode: the values so far become PLAIN bytes. */
  private toPlain(): void {
    const { entries, indexes } = this;
    const count = this.count;
    this.map = undefined;
    this.count = 0;
    for (let i = 0; i < count; i++) this.addPlain(entries[indexes[i]]);
    this.entries = [];
  }

  /** Statistics in UTF-8 byte order (JavaScript's order agrees unless both strings are beyond ASCII). */
  private consider(v: string, ascii: boolean): void {
    if (this.min === undefined) {
      this.min = this.max = v;
      this.minAscii = this.maxAscii = ascii;
      return;
    }
    if (ascii || this.minAscii ? v < this.min : lessCodePoints(v, this.min)) { this.min = v; this.minAscii = ascii; }
    if (ascii || this.maxAscii ? v > this.max! : lessCodePoints(this.max!, v)) { this.max = v; this.maxAscii = ascii; }
  }

  override reset(): void {
    super.reset();
    this.map = new Map();
    this.entries = [];
    this.entryBytes = 0;
    this.plain.reset();
    this.min = this.max = undefined;
  }

  encode(out: PageOutput): ColumnChunk {
    const writer = new ChunkWriter(out);
    // A dictionary with more than half as many entries as values does not pay.
    if (this.map && this.entries.length > this.count / 2) this.toPlain();
    const { rows } = this;
    const { body } = out;
    if (this.map) {
      const dictionaryBody = out.dictionary;
      dictionaryBody.reset();
      for (const v of this.entries) {
        const n = dictionaryBody.text(v);
        if (!this.json) this.consider(v, n === v.length);
      }
      const offsets = writeDictionaryChunk(this, writer, out, body, dictionaryBody.view(), this.entries.length, this.indexes);
      return this.chunk(writer, out, { encodings: ["PLAIN", "RLE", "RLE_DICTIONARY"], ...offsets, ...this.bounds() });
    }
    const dataPageOffset = out.offset;
    const { defs, ends, plain } = this;
    let value = 0;
    for (let from = 0; from < rows;) {
      // Rows until the page holds about PAGE_BYTES of text.
      const startByte = value === 0 ? 0 : ends[value - 1];
      let to = from;
      let end = value;
      while (to < rows && (end === value || ends[end - 1] - startByte < PAGE_BYTES)) {
        if (!defs || defs[to]) end++;
        to++;
      }
      const endByte = end === 0 ? 0 : ends[end - 1];
      if (defs) {
        body.reset();
        this.levelsInto(body, from, to);
        body.ensure(endByte - startByte);
        plain.buf.copy(body.buf, body.at, startByte, endByte);
        body.at += endByte - startByte;
        writer.dataPage(body.view(), to - from, "PLAIN");
      } else {
        writer.dataPage(plain.buf.subarray(startByte, endByte), to - from, "PLAIN");
      }
      value = end;
      from = to;
    }
    return this.chunk(writer, out, { encodings: ["PLAIN", "RLE"], dataPageOffset, ...this.bounds() });
  }

  private bounds(): { min?: Uint8Array; max?: Uint8Array } {
    return this.min === undefined ? {} : { min: Buffer.from(this.min, "utf8"), max: Buffer.from(this.max!, "utf8") };
  }
}
