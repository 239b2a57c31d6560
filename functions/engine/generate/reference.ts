// Learning from a reference data set (optional part of the engine): not built yet.
import type { Row } from "../schema/types";

/** Per-column summary of a reference data set. */
export interface ReferenceProfile {
  rows: number;
  columns: Record<string, unknown>;
}

export async function learnReference(_rows: AsyncIterable<Row> | Iterable<Row>): Promise<ReferenceProfile> {
  throw new Error("learnReference is not implemented yet");
}
