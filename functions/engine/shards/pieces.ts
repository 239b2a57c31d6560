// Where encoded bytes go on their way out of a shard: straight into buffers that are reused (a worker's
// shared ring, or a few buffers on this thread), in pieces of up to PIECE_BYTES. No buffer is allocated
// per piece, so memory stays flat whatever the row count (a fresh Buffer per piece is freed only when
// the garbage collector gets round to it: tens of MB per thread at a million rows).
import type { ChunkSink } from "../io";

/** Bytes per piece (the size of the buffers pieces are written into). */
export const PIECE_BYTES = 1 << 20;
/** Text is gathered into strings of about this many characters before it is encoded. */
const TEXT_BATCH = 1 << 12;

/** Buffer's own UTF-8 writer, without `write`'s argument handling; `write` where it is missing. */
const utf8Write: (buf: Buffer, text: string, offset: number) => number =
  typeof (Buffer.prototype as unknown as { utf8Write?: unknown }).utf8Write === "function"
    ? (buf, text, offset) => (buf as unknown as { utf8Write(t: string, o: number): number }).utf8Write(text, offset)
    : (buf, text, offset) => buf.write(text, offset, "utf8");

export interface PieceTarget {
  /** A buffer of PIECE_BYTES to fill (may wait until one is free). */
  acquire(): Buffer;
  /** The first `length` bytes of `buffer` (from `acquire`) are the next piece. */
  emit(buffer: Buffer, length: number): void;
}

/** An encoder's sink that fills the target's buffers. */
export class PieceSink implements ChunkSink {
  private buf: Buffer | undefined;
  private at = 0;
  private pending = "";
  /** Bytes emitted so far. */
  bytesOut = 0;

  constructor(private readonly target: PieceTarget) {}

  text(s: string): void {
    this.pending += s;
    if (this.pending.length >= TEXT_BATCH) this.flushText();
  }

  bytes(b: Uint8Array): void {
    this.flushText();
    for (let off = 0; off < b.length;) {
      const buf = this.current();
      const n = Math.min(buf.length - this.at, b.length - off);
      buf.set(b.subarray(off, off + n), this.at);
      this.at += n;
      off += n;
      if (this.at === buf.length) this.emit();
    }
  }

  /** Emits whatever is buffered (the end of the shard). */
  finish(): void {
    this.flushText();
    if (this.at > 0) this.emit();
  }

  private current(): Buffer {
    if (!this.buf) {
      this.buf = this.target.acquire();
      this.at = 0;
    }
    return this.buf;
  }

  private flushText(): void {
    const text = this.pending;
    if (text.length === 0) return;
    this.pending = "";
    const worst = text.length * 3; // UTF-8 bytes of a UTF-16 unit, at most
    if (worst > PIECE_BYTES) { // one huge value: encoded apart, then copied across pieces
      this.bytes(Buffer.from(text, "utf8"));
      return;
    }
    let buf = this.current();
    if (this.at + worst > buf.length) {
      this.emit();
      buf = this.current();
    }
    const written = utf8Write(buf, text, this.at);
    this.at += written;
  }

  private emit(): void {
    const buf = this.buf!;
    const length = this.at;
    this.buf = undefined;
    this.at = 0;
    this.bytesOut += length;
    this.target.emit(buf, length);
  }
}
