// s3rver made safe for the local stack. Its file store pipes a request into a file without listening for the
// file's errors (a full disk throws an unhandled ENOSPC that kills the process), resolves before the file is
// flushed, and leaves a truncated object when a write fails half-way; it answers 405 to
// AbortMultipartUpload, so the parts of a failed upload stay on disk for ever. Here:
// - objects and parts are written to a temporary file and renamed into place once complete, so an object
//   is either whole or absent, and a write error (ENOSPC, EIO) becomes a 500 InternalError naming the
//   cause, answered after the request body is drained;
// - AbortMultipartUpload removes the upload's stored parts (204, or 404 NoSuchUpload as S3 answers);
// - at start-up, the parts of uploads a previous process left open and any temporary file are removed (the
//   folder belongs to one process at a time), which also frees the space a full disk needs to start again;
// - every object is also hard-linked under its real name where a person looks (paths.ts: a generation's files
//   in <state>/generations/<id>/), so the HTML report opens in a browser and Parquet in any reader; the
//   link follows each write, copy and delete, and start-up links what an older state folder holds.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, existsSync, linkSync, mkdirSync, promises as fsp, readdirSync, rmSync, statfsSync, statSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/* eslint-disable @typescript-eslint/no-require-imports */
type S3ErrorClass = new (code: string, message: string, detail?: Record<string, string>) => Error;
const S3Error = require("s3rver/lib/models/error") as S3ErrorClass;
const FilesystemStore = require("s3rver/lib/stores/filesystem") as new (root: string) => FilesystemStoreShape;
/* eslint-enable @typescript-eslint/no-require-imports */

interface S3ObjectShape { bucket: string; key: string; content: Readable | Buffer; metadata: Record<string, unknown> }
interface FilesystemStoreShape {
  rootDirectory: string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5?: string): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
  copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacementMetadata?: Record<string, unknown>): Promise<unknown>;
}

/** Where an object is linked under its real name, or undefined for none (paths.ts plainPathOf). */
export type PlainPathOf = (bucket: string, key: string) => string | undefined;

/**
 * Links `objectPath` to `plainPath` (a hard link: no second copy; a copy where the file system has no links).
 * The object is stored whatever happens here: a link that fails is said on stderr, not thrown.
 */
export function linkPlainFile(objectPath: string, plainPath: string): void {
  try {
    mkdirSync(dirname(plainPath), { recursive: true });
    rmSync(plainPath, { force: true });
    try {
      linkSync(objectPath, plainPath);
    } catch (err) {
      if (!["EXDEV", "EPERM", "ENOTSUP", "EMLINK"].includes((err as NodeJS.ErrnoException).code ?? "")) throw err;
      copyFileSync(objectPath, plainPath);
    }
  } catch (err) {
    process.stderr.write(`sdga: could not place ${plainPath} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the object is stored in the S3 stand-in\n`);
  }
}

/** Where s3rver keeps the parts of a bucket's multipart uploads: <root>/<bucket>/._S3rver_uploads/<uploadId>/. */
export function uploadsDir(rootDirectory: string, bucket: string): string {
  return join(rootDirectory, bucket, "._S3rver_uploads");
}

const TEMP_MARK = ".sdga-tmp-";

/** The error a client sees when the store cannot write: a 500 whose message says why. */
function storeError(err: NodeJS.ErrnoException): Error {
  const why = err.code === "ENOSPC" ? "no space left on the local S3 stand-in's disk (ENOSPC)"
    : `the local S3 stand-in could not write its file (${err.code ?? err.message})`;
  return new S3Error("InternalError", why);
}

/** An ENOSPC as the file system raises it, for a store with a quota (a simulated small disk). */
function noSpace(): NodeJS.ErrnoException {
  return Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
}

/**
 * Writes `content` to `target` through a temporary file; resolves with its size and md5 once it is in place.
 * `room` is the bytes the write may take (a quota), unlimited when undefined.
 */
async function writeWhole(target: string, content: Readable | Buffer, room?: number, makeFolder = true): Promise<{ size: number; md5: string }> {
  if (makeFolder) await fsp.mkdir(dirname(target), { recursive: true });
  const temp = `${target}${TEMP_MARK}${randomBytes(6).toString("hex")}`;
  const md5 = createHash("md5");
  let size = 0;
  try {
    if (Buffer.isBuffer(content)) {
      if (room !== undefined && content.length > room) throw noSpace();
      md5.update(content);
      size = content.length;
      await fsp.writeFile(temp, content);
    } else {
      const count = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          md5.update(chunk);
          size += chunk.length;
          if (room !== undefined && size > room) done(noSpace());
          else done(null, chunk);
        },
      });
      await pipeline(content, count, createWriteStream(temp));
    }
    await fsp.rename(temp, target);
  } catch (err) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    // The client is still sending: read the rest so it receives the answer instead of a reset connection.
    if (!Buffer.isBuffer(content) && !content.destroyed) content.resume();
    throw storeError(err as NodeJS.ErrnoException);
  }
  return { size, md5: md5.digest("hex") };
}

/**
 * s3rver's file store with whole-or-nothing writes and write errors answered, not thrown at the process.
 * `quotaBytes` simulates a small disk: a write that would take the folder past it fails with ENOSPC.
 */
export class SafeFilesystemStore extends (FilesystemStore as unknown as new (root: string) => FilesystemStoreShape) {
  constructor(root: string, private readonly quotaBytes?: number, private readonly plainPathOf?: PlainPathOf) {
    super(root);
  }

  private linkPlain(bucket: string, key: string): void {
    const plain = this.plainPathOf?.(bucket, key);
    if (plain) linkPlainFile(this.getResourcePath(bucket, key, "object"), plain);
  }

  private room(): number | undefined {
    return this.quotaBytes === undefined ? undefined : Math.max(0, this.quotaBytes - sizeOf(this.rootDirectory));
  }

  async putObject(object: S3ObjectShape): Promise<{ size: number; md5: string }> {
    const objectPath = this.getResourcePath(object.bucket, object.key, "object");
    const written = await writeWhole(objectPath, object.content, this.room());
    try {
      await this.putMetadata(object.bucket, object.key, object.metadata, written.md5);
    } catch (err) {
      // An object without its metadata would be half there: remove it.
      await this.deleteObject(object.bucket, object.key).catch(() => undefined);
      throw storeError(err as NodeJS.ErrnoException);
    }
    this.linkPlain(object.bucket, object.key);
    return written;
  }

  override async copyObject(srcBucket: string, srcKey: string, destBucket: string, destKey: string, replacementMetadata?: Record<string, unknown>): Promise<unknown> {
    const copied = await super.copyObject(srcBucket, srcKey, destBucket, destKey, replacementMetadata);
    this.linkPlain(destBucket, destKey);
    return copied;
  }

  override async deleteObject(bucket: string, key: string): Promise<void> {
    await super.deleteObject(bucket, key);
    const plain = this.plainPathOf?.(bucket, key);
    if (plain) await fsp.rm(plain, { force: true });
  }

  async putPart(bucket: string, uploadId: string, partNumber: number, content: Readable): Promise<{ size: number; md5: string }> {
    const partPath = join(this.getResourcePath(bucket, undefined, "uploads"), uploadId, String(partNumber));
    // A part of an upload that was aborted (or never made) is refused, as S3 does; its folder is not made
    // again, so a part still arriving after an abort leaves nothing behind.
    if (!existsSync(dirname(partPath))) {
      if (!content.destroyed) content.resume();
      throw new S3Error("NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.");
    }
    const written = await writeWhole(partPath, content, this.room(), false);
    try {
      await fsp.writeFile(`${partPath}.md5`, written.md5);
    } catch (err) {
      await fsp.rm(partPath, { force: true }).catch(() => undefined);
      throw storeError(err as NodeJS.ErrnoException);
    }
    return written;
  }
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  body: unknown;
  type: string;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

/** AbortMultipartUpload (DELETE /<bucket>/<key>?uploadId=ID): removes the upload's parts. */
export function abortUploadMiddleware(rootDirectory: string): KoaMiddleware {
  return async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    if (ctx.method !== "DELETE" || typeof uploadId !== "string") return next();
    const bucket = ctx.path.split("/")[1] ?? "";
    const dir = join(uploadsDir(rootDirectory, decodeURIComponent(bucket)), uploadId);
    ctx.type = "application/xml";
    if (!/^[0-9a-zA-Z_-]{1,128}$/.test(uploadId) || !/^[a-z0-9.-]{3,63}$/.test(decodeURIComponent(bucket)) || !existsSync(dir)) {
      ctx.status = 404;
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`;
      return;
    }
    await fsp.rm(dir, { recursive: true, force: true });
    ctx.status = 204;
    ctx.body = "";
  };
}

/** Files and folders the start-up clean-up removed, and the bytes they held. */
export interface CleanUp { uploads: number; tempFiles: number; bytes: number }

/** Bytes of the files under `dir`. */
function sizeOf(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    total += entry.isDirectory() ? sizeOf(full) : statSync(full, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

/**
 * Removes what a previous process left half-done in the S3 folder: the parts of its open multipart uploads
 * and its temporary files. Runs before the stand-ins start, when no upload can be in flight.
 */
export function cleanUpS3Folder(s3Dir: string): CleanUp {
  const result: CleanUp = { uploads: 0, tempFiles: 0, bytes: 0 };
  if (!existsSync(s3Dir)) return result;
  for (const bucket of readdirSync(s3Dir, { withFileTypes: true })) {
    if (!bucket.isDirectory()) continue;
    const uploads = uploadsDir(s3Dir, bucket.name);
    if (existsSync(uploads)) {
      for (const upload of readdirSync(uploads)) {
        const dir = join(uploads, upload);
        result.bytes += sizeOf(dir);
        rmSync(dir, { recursive: true, force: true });
        result.uploads++;
      }
    }
  }
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.includes(TEMP_MARK)) {
        result.bytes += statSync(full, { throwIfNoEntry: false })?.size ?? 0;
        rmSync(full, { force: true });
        result.tempFiles++;
      }
    }
  };
  walk(s3Dir);
  return result;
}

const OBJECT_SUFFIX = "._S3rver_object";

/**
 * Links every object of the S3 folder that has no plain file yet (a state folder from before the links, or a
 * process that died between storing an object and linking it). Returns how many it linked.
 */
export function linkPlainFiles(s3Dir: string, plainPathOf: PlainPathOf): number {
  let linked = 0;
  if (!existsSync(s3Dir)) return linked;
  const walk = (bucket: string, dir: string, keyParts: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!entry.name.startsWith("._S3rver_")) walk(bucket, join(dir, entry.name), [...keyParts, entry.name]);
        continue;
      }
      if (!entry.name.endsWith(OBJECT_SUFFIX)) continue;
      const key = [...keyParts, entry.name.slice(0, -OBJECT_SUFFIX.length)].join("/");
      const plain = plainPathOf(bucket, key);
      const object = join(dir, entry.name);
      if (!plain) continue;
      const there = statSync(plain, { throwIfNoEntry: false });
      const stored = statSync(object);
      if (there && there.ino === stored.ino && there.dev === stored.dev) continue;
      if (there && there.size === stored.size && there.mtimeMs >= stored.mtimeMs) continue; // a copy, up to date
      linkPlainFile(object, plain);
      linked++;
    }
  };
  for (const bucket of readdirSync(s3Dir, { withFileTypes: true })) {
    if (bucket.isDirectory()) walk(bucket.name, join(s3Dir, bucket.name), []);
  }
  return linked;
}

/** Bytes free for this process on the file system holding `dir`. */
export function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  return Number(stats.bavail) * Number(stats.bsize);
}
