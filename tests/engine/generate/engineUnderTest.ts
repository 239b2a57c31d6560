// This engine as an InstanceGenerator for the conformance harness.
import { prepareGeneration } from "../../../functions/engine/generate";
import type { JsonSchema, JsonSchemaObject } from "../../../functions/engine/schema/types";

export function engineInstances(schema: JsonSchema, count: number, seed: string | number = 1): unknown[] {
  const asObject: JsonSchemaObject = schema === true ? {} : schema === false ? { not: {} } : schema;
  return [...prepareGeneration({ schema: asObject, rows: count, seed, format: "jsonl" }).rows()];
}
