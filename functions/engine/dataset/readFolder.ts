// A data set as sdga generate wrote it into a folder (dataset.json beside one file per table), read back
// into rows per table for the quality report (`sdga metrics --data DIR`). data.sql has no reader: such a
// folder is refused with what to do instead.
import { createReadStream } from "node:fs";
import { join } from "node:path";
import { readRows } from "../io";
import type { Row } from "../schema/types";
import { readManifest } from "./load";
import type { DatasetManifest } from "./output";
import type { DatasetShape, Tables } from "./quality";

/** Every table's rows and the shape the quality report checks them against. */
export async function readDatasetFolder(dir: string): Promise<{ manifest: DatasetManifest; shape: DatasetShape; tables: Tables }> {
  const manifest = readManifest(dir);
  if (manifest.format === "sql") {
    throw new Error(`${dir} holds data.sql, which has no reader; generate the data set as jsonl, json, csv or parquet to measure it (the same seed gives the same rows)`);
  }
  const tables: Tables = {};
  for (const t of manifest.tables) {
    const rows: Row[] = [];
    for await (const row of readRows(manifest.format, createReadStream(join(dir, t.file)), t.schema)) rows.push(row);
    tables[t.name] = rows;
  }
  const shape: DatasetShape = {
    tables: manifest.tables.map((t) => ({ name: t.name, primaryKey: t.primary_key, columns: t.columns })),
    relationships: manifest.relationships, parentRules: manifest.parent_rules,
  };
  return { manifest, shape, tables };
}
