import assert from "node:assert/strict";
import { prepareGeneration, UnsupportedSchemaError, type GenerationOptions } from "../../../functions/engine/generate";
import type { JsonSchemaObject } from "../../../functions/engine/schema/types";

// x-unique values dealt by row index and remembered per shard, a nested object, an optional property.
const SCHEMA: JsonSchemaObject = {
  type: "object",
  properties: {
    n: { type: "integer", minimum: 1, maximum: 1_000_000, "x-unique": true },
    email: { type: "string", format: "email", "x-unique": true },
    note: { type: "string", "x-unique": true },
    address: { type: "object", properties: { city: { type: "string" }, line: { type: "string", "x-unique": true } }, required: ["city", "line"] },
    tag: { type: "string", enum: ["a", "b", "c"] },
  },
  required: ["n", "email", "address"],
};

const shardOf = (index: number, seed = "s1"): GenerationOptions => ({ schema: SCHEMA, rows: 600, seed, format: "jsonl", locale: "de", shard: { index, count: 3 } });
const rowsOf = (options: GenerationOptions) => [...prepareGeneration(options).rows()];

describe("generator: the shards of one job on one thread", () => {
  it("a shard prepared after the job's previous ones (their compiled plan reused) has the rows it has prepared alone", () => {
    const alone = (index: number) => {
      rowsOf(shardOf(0, "another job")); // another job's plan in between: this shard is compiled afresh
      return rowsOf(shardOf(index));
    };
    const fresh = [alone(0), alone(1), alone(2)];
    rowsOf(shardOf(0, "another job"));
    const inTurn = [rowsOf(shardOf(0)), rowsOf(shardOf(1)), rowsOf(shardOf(2)), rowsOf(shardOf(1))];
    assert.deepEqual(inTurn, [...fresh, fresh[1]]);
    assert.equal(new Set(fresh.flat().map((r) => r.email)).size, 600);
  });

  it("a shard outside the job is refused on a reused plan too", () => {
    rowsOf(shardOf(0));
    assert.throws(() => prepareGeneration({ ...shardOf(0), shard: { index: 3, count: 3 } }), UnsupportedSchemaError);
  });
});
