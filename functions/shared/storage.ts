// S3 access of the functions: streamed multipart uploads that leave no partial object behind, small JSON
// documents, reads, and short-lived presigned URLs.
import type { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectCommand,
  GetObjectCommand, HeadObjectCommand, PutObjectCommand, UploadPartCommand, type CompletedPart, type S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { NotFoundError } from "./errors";

/** Presigned URLs live at most this long. */
export const PRESIGN_SECONDS = 3600;
/** S3's smallest multipart part: bounds the memory an upload holds (one part being filled, one being sent). */
export const PART_SIZE = 5 * 1024 * 1024;

export const CONTENT_TYPES: Record<string, string> = {
  json: "application/json", jsonl: "application/x-ndjson", csv: "text/csv", sql: "application/sql",
  parquet: "application/vnd.apache.parquet", html: "text/html; charset=utf-8",
};

export interface UploadHooks {
  /** Called once a multipart upload exists, with its id: a worker taking over a dead one's job aborts it. */
  onMultipartStarted?(uploadId: string): Promise<void> | void;
  /** Stops the upload (and aborts it) once aborted: the worker lost its job. */
  signal?: AbortSignal;
}

/** The bytes of `body` in pieces of at least PART_SIZE (the last one shorter). */
async function* parts(body: Readable, signal?: AbortSignal): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    signal?.throwIfAborted();
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    held.push(b);
    size += b.length;
    if (size >= PART_SIZE) {
      yield Buffer.concat(held, size);
      held = [];
      size = 0;
    }
  }
  if (size > 0 || held.length === 0) yield Buffer.concat(held, size);
}

/**
 * Streams `body` to `bucket/key`: one PutObject when it fits one part, otherwise a multipart upload whose
 * parts are sent as they fill. On any failure the body is destroyed and the multipart upload aborted (its
 * parts removed), so a failure never leaves a partial object (an object is whole once completed).
 * The bucket's lifecycle rule aborts any upload left incomplete by a process that died after a day; a
 * worker taking over a job aborts the dead worker's upload at once (abortUpload).
 */
export async function uploadStream(s3: S3Client, bucket: string, key: string, body: Readable, contentType: string,
  hooks: UploadHooks = {}): Promise<void> {
  const pieces = parts(body, hooks.signal);
  let uploadId: string | undefined;
  try {
    const first = await pieces.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    const second = firstPart.length >= PART_SIZE ? await pieces.next() : { done: true as const, value: undefined };
    if (second.done) {
      hooks.signal?.throwIfAborted();
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: firstPart, ContentType: contentType }), { abortSignal: hooks.signal });
      return;
    }
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }));
    uploadId = created.UploadId!;
    await hooks.onMultipartStarted?.(uploadId);
    const done: CompletedPart[] = [];
    // At most two parts in flight while the next one fills: generation overlaps the upload, memory stays bounded.
    const inFlight: Promise<void>[] = [];
    let sent = 0;
    const send = async (bytes: Buffer) => {
      hooks.signal?.throwIfAborted();
      const partNumber = ++sent;
      const sending = s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: bytes }),
        { abortSignal: hooks.signal }).then((out) => { done.push({ ETag: out.ETag, PartNumber: partNumber }); });
      sending.catch(() => undefined);
      inFlight.push(sending);
      if (inFlight.length >= 2) await inFlight.shift();
    };
    await send(firstPart);
    await send(second.value);
    for await (const bytes of pieces) await send(bytes);
    while (inFlight.length) await inFlight.shift();
    hooks.signal?.throwIfAborted();
    await s3.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: done.sort((a, b) => a.PartNumber! - b.PartNumber!) },
    }));
  } catch (err) {
    body.destroy();
    await pieces.return(undefined).catch(() => undefined);
    if (uploadId) await abortUpload(s3, bucket, key, uploadId);
    // No DeleteObject here: the object at `key` may be another worker's by now (this one may have lost its
    // job); a failed job's objects are deleted by the job's own clean-up, which only its lease holder runs.
    throw err;
  }
}

/**
 * Aborts a multipart upload (its stored parts are removed). True once it is gone (an upload already
 * aborted or completed is gone too); false when storage could not be reached: the caller keeps its id to
 * try again, and the bucket's lifecycle rule is the backstop.
 */
export async function abortUpload(s3: S3Client, bucket: string, key: string, uploadId: string): Promise<boolean> {
  try {
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    return true;
  } catch (err) {
    return isMissing(err) || (err as { name?: string }).name === "NoSuchUpload";
  }
}

export async function putText(s3: S3Client, bucket: string, key: string, text: string, contentType: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: contentType }));
}

export async function putJson(s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  await putText(s3, bucket, key, `${JSON.stringify(value, null, 2)}\n`, CONTENT_TYPES.json!);
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.name === "NoSuchBucket" || e?.$metadata?.httpStatusCode === 404;
}

/** The object's bytes as a stream; NotFoundError when it does not exist. */
export async function readStream(s3: S3Client, bucket: string, key: string): Promise<Readable> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return out.Body as Readable;
  } catch (err) {
    if (isMissing(err)) throw new NotFoundError(`no data set at s3://${bucket}/${key}`, { location: `s3://${bucket}/${key}` });
    throw err;
  }
}

/** NotFoundError (404) unless the object exists. */
export async function assertExists(s3: S3Client, bucket: string, key: string): Promise<void> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (err) {
    if (isMissing(err)) throw new NotFoundError(`no data set at s3://${bucket}/${key}`, { location: `s3://${bucket}/${key}` });
    throw err;
  }
}

export async function readBytes(s3: S3Client, bucket: string, key: string): Promise<Uint8Array> {
  const stream = await readStream(s3, bucket, key);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return new Uint8Array(Buffer.concat(chunks));
}

export async function presignGet(s3: S3Client, bucket: string, key: string, seconds = PRESIGN_SECONDS): Promise<string> {
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: Math.min(seconds, PRESIGN_SECONDS) });
}

/**
 * Removes the given objects (a failed job's outputs). Known keys only, so the role needs s3:DeleteObject
 * under the data prefix but no listing. True when every one is gone; false when storage could not be
 * reached for some (the job records that, and the sweeper tries again).
 */
export async function deleteKeys(s3: S3Client, bucket: string, keys: string[]): Promise<boolean> {
  const results = await Promise.all(keys.map((key) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }))
    .then(() => true, (err) => isMissing(err))));
  return results.every(Boolean);
}
