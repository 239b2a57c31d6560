// A folder of JSON Schema files through the whole schema front door, as a user with a folder of schemas
// would ask "which of these can it fill?": each file in a child process (check.ts) with a time limit, two at
// a time; prints how many generate rows an independent validator of their own draft accepts, how many are
// refused and why, and any that crash or hang. --out writes one JSON line per file, --compare sets the rows'
// digests against an earlier --out (the same bytes, or which files changed). Run by hand (not in the suite):
//
//   npx tsx scripts/schema-sweep/sweep.ts DIR [--rows 20] [--timeout 20] [--out results.jsonl] [--compare earlier.jsonl]
//
// On SchemaStore's 951 schemas (github.com/SchemaStore/schemastore, src/schemas/json): see the README.
import { fork, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { SweepResult } from "./check";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { rows: { type: "string", default: "20" }, timeout: { type: "string", default: "20" }, out: { type: "string" }, compare: { type: "string" } },
});
const dir = positionals[0];
if (!dir || !existsSync(dir)) {
  console.error("usage: npx tsx scripts/schema-sweep/sweep.ts DIR [--rows 20] [--timeout 20] [--out results.jsonl] [--compare earlier.jsonl]");
  process.exit(2);
}
const rows = Number(args.rows), timeoutMs = Number(args.timeout) * 1000;
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => join(dir, f));
const results: SweepResult[] = [];
let next = 0;

/** One child at a time per lane; a child that hangs past the time limit, or dies, is replaced. */
function lane(): Promise<void> {
  return new Promise((done) => {
    let child: ChildProcess;
    let timer: NodeJS.Timeout | undefined;
    let current: string | undefined;
    const start = () => {
      child = fork(join(__dirname, "check.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "ignore", "ipc"] });
      child.on("message", (result: SweepResult) => { clearTimeout(timer); current = undefined; results.push(result); send(); });
      child.on("exit", (code) => {
        clearTimeout(timer);
        if (current === undefined) return;
        results.push({ file: current, stage: "crashed", error: `exit ${code}` });
        current = undefined;
        start();
        send();
      });
    };
    const send = () => {
      if (next >= files.length) { child.kill(); done(); return; }
      current = files[next++]!;
      timer = setTimeout(() => {
        results.push({ file: current!, stage: "timeout" });
        current = undefined;
        child.removeAllListeners("exit");
        child.kill("SIGKILL");
        start();
        send();
      }, timeoutMs);
      child.send({ file: current, rows });
    };
    start();
    send();
  });
}

/** Rows were made (judged or not). */
const made = (r: SweepResult) => r.stage === "done" || r.stage === "unjudged";

const outcome = (r: SweepResult): string =>
  r.stage === "done" ? (r.invalid ? "rows an independent validator rejects" : "valid rows")
    : r.stage === "unjudged" ? "rows made; the independent validator cannot read the schema"
    : r.stage === "generate" && /does not resolve/.test(r.message ?? "") ? "refused: a $ref to another file (never fetched)"
    : r.stage === "generate" || r.stage === "normalise" ? `refused (${r.error})` : r.stage;

async function main(): Promise<void> {
  const started = Date.now();
  await Promise.all(Array.from({ length: Math.min(2, availableParallelism()) }, lane));
  results.sort((a, b) => a.file.localeCompare(b.file));
  if (args.out) writeFileSync(args.out, results.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const counts = new Map<string, number>();
  for (const r of results) counts.set(outcome(r), (counts.get(outcome(r)) ?? 0) + 1);
  console.log(`${results.length} schemas, ${rows} rows each, ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const [what, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${what}`);
  for (const r of results.filter((x) => !made(x) && !/does not resolve/.test(x.message ?? ""))) {
    console.log(`  - ${r.file.split("/").pop()}: ${r.stage} ${(r.message ?? r.error ?? "").replace(/\s+/g, " ")}`.slice(0, 240));
  }
  for (const r of results.filter((x) => x.invalid)) console.log(`  ! ${r.file.split("/").pop()}: ${r.invalid} invalid rows: ${r.firstInvalid?.join("; ")}`);
  if (args.compare) {
    const before = new Map(readFileSync(args.compare, "utf8").trim().split("\n").map((l) => JSON.parse(l) as SweepResult).map((r) => [r.file, r]));
    const changed = results.filter((r) => r.digest && before.get(r.file)?.digest && before.get(r.file)!.digest !== r.digest);
    const same = results.filter((r) => r.digest && before.get(r.file)?.digest === r.digest);
    const was = (r: SweepResult) => { const b = before.get(r.file); return b !== undefined && made(b); };
    const gained = results.filter((r) => made(r) && !was(r));
    const lost = results.filter((r) => !made(r) && was(r));
    console.log(`against ${args.compare}: ${same.length} the same bytes, ${changed.length} other rows, ${gained.length} newly generated, ${lost.length} no longer`);
    for (const r of [...changed, ...gained, ...lost]) console.log(`  ${changed.includes(r) ? "changed" : gained.includes(r) ? "gained" : "lost"}: ${r.file.split("/").pop()}`);
  }
}
void main();
