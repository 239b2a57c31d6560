// `sdga demo` (`npm start`): the product's main job end to end on this machine, no AWS account. Starts the
// local S3 and DynamoDB stand-ins and drives the three handlers with real Bedrock action-group events:
// generate 10,000 user profiles as Parquet, validate the schema, measure the data set's quality.
import type { Command } from "commander";
import userProfileSchema from "../../examples/user_profile.schema.json";

const DEMO_VOLUME = 10_000;

/* eslint-disable @typescript-eslint/no-require-imports */
export async function runDemo(options: { stateDir?: string; volume?: number }): Promise<number> {
  const out = (text: string) => process.stdout.write(`${text}\n`);
  const { startLocalRuntime } = require("../../functions/local/runtime") as typeof import("../../functions/local/runtime");
  const { classicEvent, classicBody } = require("../../functions/local/events") as typeof import("../../functions/local/events");
  const { uriPathOnDisk } = require("../../functions/local/paths") as typeof import("../../functions/local/paths");

  const started = Date.now();
  const runtime = await startLocalRuntime(options.stateDir ? { stateDir: options.stateDir } : {});
  const onDisk = (uri: unknown) => (typeof uri === "string" ? uriPathOnDisk(runtime.stack.s3Dir, uri) : "-");
  try {
    out(`Local S3 (s3rver) ${runtime.stack.s3Endpoint}, DynamoDB (dynalite) ${runtime.stack.dynamodbEndpoint}; state in ${runtime.stack.stateDir}\n`);
    const volume = options.volume ?? DEMO_VOLUME;

    out(`1. generateSyntheticData: ${volume.toLocaleString("en-US")} user profiles as Parquet (POST /generate-synthetic-data)`);
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
    out(`   HTTP ${generated.status} in ${Date.now() - t} ms`);
    const shown = {
      ...body,
      download_url: body.download_url ? `${String(body.download_url).slice(0, 80)}…` : undefined,
      sample: Array.isArray(body.sample) ? [...body.sample.slice(0, 2), `… ${Math.max(0, body.sample.length - 2)} more sample row(s)`] : undefined,
    };
    out(indent(JSON.stringify(shown, null, 2)));
    if (body.status !== "completed") {
      out("The generation did not complete; see the errors above.");
      return 1;
    }

    out(`\n2. validateSchema: the same schema with GDPR (POST /validate-schema)`);
    t = Date.now();
    const validated = classicBody(await runtime.handlers.validate(classicEvent("validateSchema", {
      schema: userProfileSchema, compliance_requirements: ["GDPR"], volume,
    })));
    out(`   HTTP ${validated.status} in ${Date.now() - t} ms`);
    out(indent(JSON.stringify(validated.body, null, 2).slice(0, 3000)));

    out(`\n3. calculateQualityMetrics: generation ${body.generation_id} (POST /calculate-quality-metrics)`);
    t = Date.now();
    const measured = classicBody(await runtime.handlers.metrics(classicEvent("calculateQualityMetrics", { generation_id: body.generation_id })));
    out(`   HTTP ${measured.status} in ${Date.now() - t} ms`);
    out(indent(JSON.stringify({ ...measured.body, report_url: measured.body.report_url ? `${String(measured.body.report_url).slice(0, 80)}…` : undefined }, null, 2)));

    out(`\nOn disk:`);
    out(`   data:           ${onDisk(body.output_location)}`);
    out(`   quality report: ${onDisk(body.quality_report_location)}`);
    out(`   HTML report:    ${onDisk(measured.body.html_report_location)}`);
    out(`   metadata:       ${onDisk(String(body.output_location).replace(/[^/]+$/, "metadata.json"))}`);
    out(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return measured.status === 200 && validated.status === 200 ? 0 : 1;
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
