// S3 access of the functions: streamed multipart uploads that leave no partial object behind, small JSON
// documents, reads, and short-lived presigned URLs.
import type { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { NotFoundError } from "./errors";

/** Presigned URLs live at most this long. */
export const PRESIGN_SECONDS = 3600;
/** S3's smallest multipart part: bounds the memory an upload holds. */
const PART_SIZE = 5 * 1024 * 1024;

export const CONTENT_TYPES: Record<string, string> = {
  json: "application/json", jsonl: "application/x-ndjson", csv: "text/csv", sql: "application/sql",
  parquet: "application/vnd.apache.parquet", html: "text/html; charset=utf-8",
};

/**
 * Streams `body` to `bucket/key`. lib-storage aborts the multipart upload when a part fails; we also abort
 * explicitly and delete a possibly completed object, so a failure never leaves a (partial) object. The
 * bucket's lifecycle rule aborts any upload left incomplete (say, when S3 itself was unreachable) after a day.
 */
export async function uploadStream(s3: S3Client, bucket: string, key: string, body: Readable, contentType: string): Promise<void> {
  const upload = new Upload({
    client: s3,
    params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType },
    partSize: PART_SIZE,
    queueSize: 2,
    leavePartsOnError: false,
  });
  try {
    await upload.done();
  } catch (err) {
    body.destroy();
    await upload.abort().catch(() => undefined);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
    throw err;
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
 * Removes the given objects (a failed job's outputs); best effort, the failure is already recorded. Known
 * keys only, so the role needs s3:DeleteObject under the data prefix but no listing.
 */
export async function deleteKeys(s3: S3Client, bucket: string, keys: string[]): Promise<void> {
  await Promise.all(keys.map((key) => s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined)));
}
