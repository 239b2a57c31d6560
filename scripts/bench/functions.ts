// Bench of the agent functions' whole generation flow (handler, s3rver, dynalite: generate, upload, read
// back, validate, metrics, reports) at several volumes: the measurement behind SYNC_ROW_LIMIT
// (functions/shared/config.ts). Run with `npm run bench functions`.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const VOLUMES = [10_000, 25_000, 50_000, 100_000];
const FORMATS = ["parquet", "jsonl", "csv"] as const;

/* eslint-disable @typescript-eslint/no-require-imports */
export async function bench(): Promise<void> {
  process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
  process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
  const { startHarness } = require("../../tests/functions/harness") as typeof import("../../tests/functions/harness");
  const { classicBody, classicEvent } = require("../../functions/local/events") as typeof import("../../functions/local/events");
  const { DEFAULT_SYNC_ROW_LIMIT } = require("../../functions/shared/config") as typeof import("../../functions/shared/config");
  const userProfile = JSON.parse(readFileSync(join(__dirname, "..", "..", "examples", "user_profile.schema.json"), "utf8")) as {
    properties: Record<string, unknown>;
  };
  const wide = { ...userProfile, properties: {} as Record<string, unknown>, required: [] as string[] };
  for (let copy = 0; copy < 5; copy++) {
    for (const [name, def] of Object.entries(userProfile.properties)) {
      wide.properties[`${name}_${copy}`] = def;
      wide.required.push(`${name}_${copy}`);
    }
  }
  const h = await startHarness({ SYNC_ROW_LIMIT: "10000000" });
  try {
    console.log(`whole flow inside one call (SYNC_ROW_LIMIT default ${DEFAULT_SYNC_ROW_LIMIT} rows of 10 fields)`);
    console.log("schema            format   rows      ms   rows/s");
    const runs: Array<[string, unknown, (typeof FORMATS)[number], number]> = [];
    for (const format of FORMATS) for (const rows of VOLUMES) runs.push(["user_profile(10)", userProfile, format, rows]);
    for (const rows of [10_000, 20_000]) runs.push(["user_profile(50)", wide, "parquet", rows]);
    for (const [label, schema, format, rows] of runs) {
      const started = process.hrtime.bigint();
      const { body } = classicBody(await h.generate(classicEvent("generateSyntheticData", {
        data_type: "custom", volume: rows, schema, output_format: format, seed: 1,
      })));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (body.status !== "completed") throw new Error(`${label} ${format} ${rows}: ${JSON.stringify(body)}`);
      console.log(`${label.padEnd(17)} ${format.padEnd(8)} ${String(rows).padStart(7)} ${ms.toFixed(0).padStart(7)} ${Math.round(rows / (ms / 1000)).toString().padStart(8)}`);
    }
  } finally {
    await h.stop();
  }
}
