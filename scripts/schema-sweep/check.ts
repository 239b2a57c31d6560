// One schema file of a sweep (sweep.ts), in a child process of its own: read by the schema front door,
// judged by validateSchema, `rows` rows generated and each judged by an independent validator of the file's
// own draft (@cfworker/json-schema). Answers one line of JSON per file sent over IPC.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Validator } from "@cfworker/json-schema";
import { prepareGeneration } from "../../functions/engine/generate";
import { normaliseSchema } from "../../functions/engine/schema";
import { validateSchema } from "../../functions/engine/validate";

export interface SweepResult {
  file: string;
  /** Where it ended: refused by the front door or the generator, rows judged, or the judge could not run. */
  stage: "normalise" | "generate" | "done" | "unjudged" | "timeout" | "crashed";
  error?: string;
  message?: string;
  /** validateSchema's errors (at most three). */
  findings?: string[];
  ms?: number;
  invalid?: number;
  firstInvalid?: string[];
  /** sha256 of the rows' JSON (16 hex digits): compares two checkouts' bytes. */
  digest?: string;
}

type Draft = "4" | "7" | "2019-09" | "2020-12";
function draftOf(document: { $schema?: unknown }): Draft {
  const uri = String(document.$schema ?? "");
  if (uri.includes("draft-04") || uri.includes("draft-03")) return "4";
  if (uri.includes("2019-09")) return "2019-09";
  if (uri.includes("2020-12")) return "2020-12";
  return "7";
}

function check(file: string, rows: number): SweepResult {
  const document = JSON.parse(readFileSync(file, "utf8"));
  let schema;
  try {
    schema = normaliseSchema(document).schema;
  } catch (e) {
    return { file, stage: "normalise", error: (e as Error).name, message: (e as Error).message.slice(0, 400) };
  }
  const findings = validateSchema({ schema: document }).errors.filter((e) => e.severity === "error").slice(0, 3).map((e) => `${e.field} ${e.rule}: ${e.message}`.slice(0, 300));
  const started = Date.now();
  let made;
  try {
    made = [...prepareGeneration({ schema, rows, seed: 7, format: "jsonl" }).rows()];
  } catch (e) {
    return { file, stage: "generate", error: (e as Error).name, message: (e as Error).message.slice(0, 400), findings };
  }
  const result: SweepResult = { file, stage: "done", findings, ms: Date.now() - started, digest: createHash("sha256").update(JSON.stringify(made)).digest("hex").slice(0, 16) };
  try {
    const judge = new Validator(document, draftOf(document), false);
    const bad = made.map((row) => judge.validate(row as never)).filter((r) => !r.valid);
    result.invalid = bad.length;
    if (bad[0]) result.firstInvalid = bad[0].errors.slice(-2).map((e) => `${e.instanceLocation} ${e.keyword}: ${e.error}`.slice(0, 200));
  } catch (e) {
    return { ...result, stage: "unjudged", message: (e as Error).message.slice(0, 200) };
  }
  return result;
}

process.on("message", ({ file, rows }: { file: string; rows: number }) => {
  let result: SweepResult;
  try {
    result = check(file, rows);
  } catch (e) {
    result = { file, stage: "crashed", error: (e as Error).name, message: (e as Error).message.slice(0, 400) };
  }
  process.send!(result);
});
