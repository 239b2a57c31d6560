// Batches many small strings (one per row) into byte chunks of about `chunkBytes`, so a stream carries
// a few large Buffers instead of millions of tiny ones.

import { DEFAULT_CHUNK_BYTES } from "./limits";

/** Where an encoder puts its output. */
export interface ChunkSink {
  text(s: string): void;
  /** `owned`: the caller never touches `b` again, so the sink may keep it without a copy. */
  bytes(b: Uint8Array, owned?: boolean): void;
}

export class ChunkBatcher implements ChunkSink {
  private pending = "";
  private ready: Buffer[] = [];
  private readyLength = 0;

  constructor(private readonly chunkBytes = DEFAULT_CHUNK_BYTES) {}

  text(s: string): void {
    this.pending += s;
    // Length in UTF-16 units is a cheap lower bound of the UTF-8 size: good enough for batching.
    if (this.pending.length >= this.chunkBytes) this.flushText();
  }

  bytes(b: Uint8Array, owned = false): void {
    this.flushText();
    if (b.byteLength > 0) {
      this.ready.push(owned ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : Buffer.from(b));
      this.readyLength += b.byteLength;
    }
  }

  get hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** Bytes in the chunks completed so far. */
  get readyBytes(): number {
    return this.readyLength;
  }

  /** Chunks completed so far (emptied by the call). */
  take(): Buffer[] {
    const out = this.ready;
    this.ready = [];
    this.readyLength = 0;
    return out;
  }

  /** Moves any buffered text into a chunk (at the end of the stream). */
  flush(): void {
    this.flushText();
  }

  private flushText(): void {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending, "utf8");
    this.ready.push(chunk);
    this.readyLength += chunk.length;
    this.pending = "";
  }
}
