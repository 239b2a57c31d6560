// Where s3rver keeps an object on disk: <s3Dir>/<bucket>/<key folders>/<name>._S3rver_object
import { join } from "node:path";

export function objectPathOnDisk(s3Dir: string, bucket: string, key: string): string {
  const parts = key.split("/");
  const name = parts.pop()!;
  return join(s3Dir, bucket, ...parts, `${name}._S3rver_object`);
}

/** `s3://bucket/key` -> the file s3rver stores it in. */
export function uriPathOnDisk(s3Dir: string, uri: string): string {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri);
  if (!m) return uri;
  return m[2]!.endsWith("/") ? join(s3Dir, m[1]!, m[2]!) : objectPathOnDisk(s3Dir, m[1]!, m[2]!);
}
