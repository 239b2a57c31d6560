// Where the local stack's objects can be opened. s3rver keeps an object as <s3Dir>/<bucket>/<key>._S3rver_object
// beside its metadata; the store (s3store.ts) also links each object, under its real name, into a folder a
// person opens: a generation's files in <stateDir>/generations/<generation_id>/, anything else in
// <stateDir>/files/<bucket>/<key>.
import { join, relative, sep } from "node:path";

export function objectPathOnDisk(s3Dir: string, bucket: string, key: string): string {
  const parts = key.split("/");
  const name = parts.pop()!;
  return join(s3Dir, bucket, ...parts, `${name}._S3rver_object`);
}

/** A generation's folder in the bucket: <prefix>/yyyy/mm/dd/<generation_id>/<file>. */
const GENERATION_KEY = /(?:^|\/)\d{4}\/\d{2}\/\d{2}\/([^/]+)\/(.+)$/;

/** The folder of a generation's plain files. */
export function generationFilesDir(stateDir: string, generationId: string): string {
  return join(stateDir, "generations", generationId);
}

/** The plain file an object is linked to, or undefined for a key that cannot be a file under the state folder. */
export function plainPathOf(stateDir: string, bucket: string, key: string): string | undefined {
  if (key === "" || key.endsWith("/") || key.split("/").some((s) => s === "" || s === "." || s === "..")) return undefined;
  const m = GENERATION_KEY.exec(key);
  const path = m ? join(generationFilesDir(stateDir, m[1]!), ...m[2]!.split("/")) : join(stateDir, "files", bucket, ...key.split("/"));
  const inside = relative(stateDir, path);
  return inside.startsWith(`..${sep}`) || inside === ".." ? undefined : path;
}

/** `s3://bucket/key` -> the plain file it is linked to (the URI itself when it is not one). */
export function plainPathOfUri(stateDir: string, uri: string): string {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return (m && plainPathOf(stateDir, m[1]!, m[2]!)) ?? uri;
}
