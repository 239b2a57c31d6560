// Prints the digest of each table's rows in one shard of the shop, made in a process of its own (the
// sharded-generation spec compares it with the same shard made in the spec's process).
// Usage: node --import tsx tests/engine/dataset/shardDigest.ts <rows> <seed> <index> <count>
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { prepareDataset, readDdl } from "../../../functions/engine/dataset";

if (require.main === module) void (async () => {
  const [rows, seed, index, count] = process.argv.slice(2);
  const shop = await readDdl(readFileSync(join(__dirname, "../../../examples/shop.sql"), "utf8"));
  const plan = prepareDataset(shop, { rows: Number(rows), seed, shard: { index: Number(index), count: Number(count) } });
  const digests: Record<string, string> = {};
  for (const t of plan.tables) digests[t.table.name] = digestRows(t.rows());
  process.stdout.write(JSON.stringify(digests));
})();

export function digestRows(rows: Iterable<unknown>): string {
  const hash = createHash("sha256");
  for (const row of rows) hash.update(JSON.stringify(row) + "\n");
  return hash.digest("hex");
}
