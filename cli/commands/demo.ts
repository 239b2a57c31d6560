// `sdga demo` (`npm start`): the product's main job end to end on this machine, no AWS account. Starts the
// local S3 and DynamoDB stand-ins and drives the three handlers with real Bedrock action-group events:
// generate 10,000 user profiles as Parquet, validate the schema, measure the data set's quality. The story
// goes to stderr and ends with where the files are and what to try next; stdout carries the result JSON.
import type { Command } from "commander";
import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import userProfileSchema from "../../examples/user_profile.schema.json";
import { writeJsonResult } from "../output";

const DEMO_VOLUME = 10_000;

/** The command that opens a file in this system's default application. */
export function openCommand(path: string, platform: NodeJS.Platform = process.platform): string {
  const quoted = /^[\w./@:+-]+$/.test(path) ? path : `"${path.replace(/(["\\$`])/g, "\\$1")}"`;
  if (platform === "darwin") return `open ${quoted}`;
  if (platform === "win32") return `start "" ${quoted}`;
  return `xdg-open ${quoted}`;
}

/** A path as short as it can be said: relative to the working folder when it is under it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

function size(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : bytes >= 1e3 ? `${(bytes / 1e3).toFixed(1)} kB` : `${bytes} B`;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export async function runDemo(options: { stateDir?: string; volume?: number }): Promise<number> {
  const say = (text: string) => process.stderr.write(`${text}\n`);
  const { startLocalRuntime } = require("../../functions/local/runtime") as typeof import("../../functions/local/runtime");
  const { classicEvent, classicBody } = require("../../functions/local/events") as typeof import("../../functions/local/events");
  const { generationFilesDir, plainPathOfUri } = require("../../functions/local/paths") as typeof import("../../functions/local/paths");

  const started = Date.now();
  const runtime = await startLocalRuntime({ command: "sdga demo", ...(options.stateDir ? { stateDir: options.stateDir } : {}) });
  try {
    const stateDir = runtime.stack.stateDir;
    say(`Local S3 (s3rver) and DynamoDB (dynalite) stand-ins started for this run; state in ${shown(stateDir)}\n`);
    const volume = options.volume ?? DEMO_VOLUME;

    say(`1. generateSyntheticData: ${volume.toLocaleString("en-US")} user profiles as Parquet, seed 42, GDPR (POST /generate-synthetic-data)`);
    let t = Date.now();
    const generated = classicBody(await runtime.handlers.generate(classicEvent("generateSyntheticData", {
      data_type: "user_profile", volume, schema: userProfileSchema, output_format: "parquet", seed: 42,
      compliance_requirements: ["GDPR"],
    }), { awsRequestId: "demo-generate" }));
    let body = generated.body;
    if (body.status === "processing") {
      await runtime.settle();
      body = classicBody(await runtime.handlers.generate(classicEvent("getGeneration", { generation_id: body.generation_id }))).body;
    }
    say(`   HTTP ${generated.status} in ${Date.now() - t} ms: generation ${String(body.generation_id)} ${String(body.status)}`);
    if (body.status !== "completed") {
      say(indent(JSON.stringify(body, null, 2)));
      say("The generation did not complete; see its errors above.");
      writeJsonResult({ generation_id: body.generation_id ?? null, status: body.status ?? "failed", response: body });
      return 1;
    }

    say(`2. validateSchema: the same schema with GDPR (POST /validate-schema)`);
    t = Date.now();
    const validated = classicBody(await runtime.handlers.validate(classicEvent("validateSchema", {
      schema: userProfileSchema, compliance_requirements: ["GDPR"], volume,
    })));
    const personal = Array.isArray(validated.body.pii_fields) ? validated.body.pii_fields.length : undefined;
    say(`   HTTP ${validated.status} in ${Date.now() - t} ms: ${validated.body.valid ? "valid" : "not valid"}`
      + `${personal !== undefined ? `, ${personal} personal field(s) found` : ""}`);

    say(`3. calculateQualityMetrics: generation ${String(body.generation_id)} (POST /calculate-quality-metrics)`);
    t = Date.now();
    const measured = classicBody(await runtime.handlers.metrics(classicEvent("calculateQualityMetrics", { generation_id: body.generation_id })));
    const score = measured.body.overall_score;
    say(`   HTTP ${measured.status} in ${Date.now() - t} ms: overall quality score ${typeof score === "number" ? score.toFixed(2) : "-"}`);

    const folder = generationFilesDir(stateDir, String(body.generation_id));
    const plain = (uri: unknown) => (typeof uri === "string" ? plainPathOfUri(stateDir, uri) : undefined);
    const files = {
      data: plain(body.output_location),
      metadata: join(folder, "metadata.json"),
      quality_report: plain(body.quality_report_location),
      html_report: plain(measured.body.html_report_location),
    };
    const seconds = (Date.now() - started) / 1000;
    const ok = measured.status === 200 && validated.status === 200;
    writeJsonResult({
      generation_id: body.generation_id, status: body.status, rows: volume, format: "parquet", seed: 42,
      schema_valid: validated.body.valid === true, overall_quality_score: score ?? null, folder, files, seconds,
    });

    say(`\nDone in ${seconds.toFixed(1)} s. The files, under their own names (open them with any tool):`);
    say(`   ${shown(folder)}/`);
    for (const name of readdirSync(folder).sort()) say(`     ${name.padEnd(22)} ${size(statSync(join(folder, name)).size)}`);
    if (files.html_report) {
      say(`\nLook at the quality report:\n   ${openCommand(shown(files.html_report))}`);
    }
    say(`\nTry next:`);
    say(`   npx sdga metrics --schema examples/user_profile.schema.json --data ${shown(files.data ?? join(folder, "data.parquet"))}`);
    say(`   npx sdga generate --schema examples/orders.fields.json --rows 1000 --format csv --out out/orders/`);
    say(`   npx sdga serve     # the same operations over HTTP on localhost (README, Quick start)`);
    return ok ? 0 : 1;
  } finally {
    await runtime.stop();
  }
}

function indent(text: string): string {
  return text.split("\n").map((l) => `   ${l}`).join("\n");
}

export function registerDemo(program: Command): void {
  program
    .command("demo")
    .description("Run the main job locally: generate 10,000 user profiles as Parquet, validate, measure quality (no AWS account)")
    .option("--state-dir <dir>", "folder of the local S3/DynamoDB state (default .sdga or SDGA_STATE_DIR)")
    .option("--volume <n>", "rows to generate", String(DEMO_VOLUME))
    .action(async (options: { stateDir?: string; volume: string }) => {
      const volume = Number(options.volume);
      if (!Number.isSafeInteger(volume) || volume < 1) {
        process.stderr.write("sdga demo: --volume must be a positive integer\n");
        process.exitCode = 2;
        return;
      }
      process.exitCode = await runDemo({ ...(options.stateDir ? { stateDir: options.stateDir } : {}), volume });
    });
}
