import { GetObjectCommand } from "@aws-sdk/client-s3";
import type { Readable } from "node:stream";
import type { Harness } from "./harness";
import type { OutputFormat, Row, SchemaInput } from "../../functions/engine/schema/types";
import { readRows } from "../../functions/engine/io";

/** Every row of the given s3:// data files, read back with the IO readers (typed by `schema` when given, as CSV needs). */
export async function readRowsFrom(h: Harness, uris: string[], format: OutputFormat, schema?: SchemaInput): Promise<Row[]> {
  const rows: Row[] = [];
  for (const uri of uris) {
    const [, , bucket, ...key] = uri.split("/");
    const o = await h.s3.send(new GetObjectCommand({ Bucket: bucket!, Key: key.join("/") }));
    for await (const row of readRows(format, o.Body as Readable, schema)) rows.push(row);
  }
  return rows;
}
