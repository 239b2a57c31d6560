// End to end, as a user runs it: whole processes (start-up included) that write a data file, side by side
// in one run, best of RUNS, interleaved so a loaded machine slows every contender alike:
//   - `sdga generate` (bin/sdga.cjs, the bundles `npm run build:cli` makes) for JSONL, CSV and Parquet, on
//     the default worker threads (one per core) and on one thread (--workers 1);
//   - a hand-written @faker-js/faker loop writing the same ten fields as JSONL (peers/fakerLoop.ts);
//   - json-schema-faker with faker writing JSONL (peers/jsfFaker.ts; fewer rows, it is 30x slower: rows/s).
// Each process's peak RSS comes from /usr/bin/time. Targets (issue 15): JSONL at least 5x the faker loop
// and 20x json-schema-faker + faker; CSV and Parquet within 2x of JSONL's time; 1M rows under 150 MB peak;
// the default workers at least 1.7x one thread on 2 cores, beside what the machine gives two independent
// one-thread processes at once (the ceiling of any split over its cores).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, table } from "./table";

const RUNS = 3;
const MILLION = 1_000_000;
const JSF_ROWS = 100_000;
export const TARGETS = { vsFakerLoop: 5, vsJsfFaker: 20, formatVsJsonl: 2, peakRssMb: 150, workersSpeedUp: 1.7 };

interface Run { seconds: number; cpuSeconds: number; peakRssMb: number; bytes: number }
interface Contender { label: string; rows: number; command: (out: string) => string[]; file: string; best?: Run; runs: Run[] }

function timed(argv: string[], cwd: string): { seconds: number; cpuSeconds: number; peakRssMb: number } {
  const started = process.hrtime.bigint();
  const res = spawnSync("/usr/bin/time", ["-f", "TIME %U %S %M", ...argv], { cwd, encoding: "utf8", maxBuffer: 16 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (res.status !== 0) throw new Error(`${argv.slice(0, 4).join(" ")} failed (${res.status}): ${res.stderr.slice(-2000)}`);
  const line = res.stderr.trim().split("\n").reverse().find((l) => l.startsWith("TIME "));
  const [user, sys, rssKb] = (line ?? "TIME 0 0 0").slice(5).split(" ").map(Number);
  return { seconds, cpuSeconds: user + sys, peakRssMb: rssKb / 1024 };
}

/** Seconds until every one of `argvs`, started together, has exited (each must succeed). */
async function together(argvs: string[][], cwd: string): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(argvs.map((argv) => new Promise<void>((done, fail) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, stdio: "ignore" });
    child.on("error", fail);
    child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`${argv.slice(0, 4).join(" ")} failed (${code})`))));
  })));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** The two peers as plain JavaScript bundles, so they start the way our CLI bundle does. */
function bundlePeers(dir: string): { fakerLoop: string; jsfFaker: string } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSync } = require("esbuild") as typeof import("esbuild");
  const out = { fakerLoop: join(dir, "faker-loop.cjs"), jsfFaker: join(dir, "jsf-faker.cjs") };
  for (const [entry, outfile] of [["fakerLoop.ts", out.fakerLoop], ["jsfFaker.ts", out.jsfFaker]] as const) {
    buildSync({ entryPoints: [join(__dirname, "peers", entry)], outfile, bundle: true, platform: "node", target: "node20", format: "cjs", logLevel: "error" });
  }
  return out;
}

const ROOT = join(__dirname, "..", "..");

/** `npm run bench -- endToEnd` (and part of `npm run bench`). */
export async function bench(): Promise<void> {
  await endToEnd(ROOT, join(ROOT, "examples", "user_profile.schema.json"));
}

export async function endToEnd(root: string, schemaPath: string): Promise<void> {
  const cores = availableParallelism();
  console.log(`End to end: whole processes writing a file (start-up included), best of ${RUNS}, interleaved; ${cores} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  // The CLI bundles as this checkout's code makes them (sdga generate has its own; workers have theirs).
  execFileSync(process.execPath, [join(root, "scripts", "build-cli.mjs")], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  const dir = mkdtempSync(join(tmpdir(), "sdga-bench-e2e-"));
  try {
    const peers = bundlePeers(dir);
    const sdga = (format: string, workers?: number) => (out: string) => [process.execPath, join(root, "bin", "sdga.cjs"), "generate",
      "--schema", schemaPath, "--rows", String(MILLION), "--seed", "1", "--format", format, "--out", out, "--no-progress",
      ...(workers ? ["--workers", String(workers)] : [])];
    const contenders: Contender[] = [
      { label: `sdga generate jsonl (${cores} workers)`, rows: MILLION, command: sdga("jsonl"), file: "data.jsonl", runs: [] },
      { label: "sdga generate csv", rows: MILLION, command: sdga("csv"), file: "data.csv", runs: [] },
      { label: "sdga generate parquet", rows: MILLION, command: sdga("parquet"), file: "data.parquet", runs: [] },
      { label: "sdga generate jsonl --workers 1", rows: MILLION, command: sdga("jsonl", 1), file: "data.jsonl", runs: [] },
      { label: "sdga generate csv --workers 1", rows: MILLION, command: sdga("csv", 1), file: "data.csv", runs: [] },
      { label: "sdga generate parquet --workers 1", rows: MILLION, command: sdga("parquet", 1), file: "data.parquet", runs: [] },
      { label: "hand-written faker loop, jsonl", rows: MILLION, command: (out) => [process.execPath, peers.fakerLoop, String(MILLION), join(out, "data.jsonl")], file: "data.jsonl", runs: [] },
      { label: "json-schema-faker + faker, jsonl", rows: JSF_ROWS, command: (out) => [process.execPath, peers.jsfFaker, schemaPath, String(JSF_ROWS), join(out, "data.jsonl")], file: "data.jsonl", runs: [] },
    ];
    // What the machine itself gives: `cores` one-thread runs at once, each its own process and file. Their
    // speed-up over one alone is the most any split of one job over the cores could reach here.
    let ceilingSeconds = Infinity;
    for (let run = 0; run < RUNS; run++) {
      const outs = Array.from({ length: cores }, (_, i) => join(dir, `alone-${i}`));
      for (const out of outs) execFileSync("mkdir", ["-p", out]);
      ceilingSeconds = Math.min(ceilingSeconds, await together(outs.map((out) => sdga("jsonl", 1)(out)), root));
      for (const out of outs) rmSync(out, { recursive: true, force: true });
      for (const c of contenders) {
        const out = join(dir, "out");
        rmSync(out, { recursive: true, force: true });
        execFileSync("mkdir", ["-p", out]);
        const measured = timed(c.command(out), root);
        const file = join(out, c.file);
        const result: Run = { ...measured, bytes: existsSync(file) ? statSync(file).size : 0 };
        c.runs.push(result);
        if (!c.best || result.seconds < c.best.seconds) c.best = result;
      }
    }
    rmSync(join(dir, "out"), { recursive: true, force: true });
    const [jsonl, csv, parquet, jsonl1, , , loop, jsf] = contenders;
    const rate = (c: Contender) => c.rows / c.best!.seconds;
    table(["process", "rows", "seconds (best)", "rows/s", "CPU s", "peak RSS MB", "MB written", "sdga jsonl is"], contenders.map((c) => [
      c.label, fmt(c.rows), c.best!.seconds.toFixed(2), fmt(rate(c)), c.best!.cpuSeconds.toFixed(2), c.best!.peakRssMb.toFixed(0),
      (c.best!.bytes / 1e6).toFixed(0), c === jsonl ? "1.0x" : `${(rate(jsonl) / rate(c)).toFixed(1)}x`,
    ]));
    const verdict = (ok: boolean) => (ok ? "MET" : "MISSED");
    const vsLoop = rate(jsonl) / rate(loop);
    const vsJsf = rate(jsonl) / rate(jsf);
    console.log(`target >= ${TARGETS.vsFakerLoop}x the hand-written faker loop (JSONL, whole process): ${vsLoop.toFixed(1)}x ${verdict(vsLoop >= TARGETS.vsFakerLoop)}`);
    console.log(`target >= ${TARGETS.vsJsfFaker}x json-schema-faker + faker (JSONL, whole process): ${vsJsf.toFixed(1)}x ${verdict(vsJsf >= TARGETS.vsJsfFaker)}`);
    for (const c of [csv, parquet]) {
      const ratio = c.best!.seconds / jsonl.best!.seconds;
      console.log(`target ${c.label.split(" ").pop()} within ${TARGETS.formatVsJsonl}x of JSONL's time: ${ratio.toFixed(2)}x ${verdict(ratio <= TARGETS.formatVsJsonl)}`);
    }
    for (const c of [jsonl, csv, parquet, jsonl1]) {
      console.log(`target 1M rows under ${TARGETS.peakRssMb} MB peak (${c.label}): ${c.best!.peakRssMb.toFixed(0)} MB ${verdict(c.best!.peakRssMb < TARGETS.peakRssMb)}`);
    }
    const speedUp = jsonl1.best!.seconds / jsonl.best!.seconds;
    const cpuShare = jsonl.best!.cpuSeconds / jsonl.best!.seconds;
    console.log(`target ${cores} workers >= ${TARGETS.workersSpeedUp}x one thread (JSONL, 1M rows): ${speedUp.toFixed(2)}x ${cores === 2 ? verdict(speedUp >= TARGETS.workersSpeedUp) : `(${cores} cores)`}`
      + `; the pooled run kept ${cpuShare.toFixed(2)} cores busy on average (load average now ${loadavg()[0].toFixed(1)}: other processes share the cores)`);
    const ceiling = (cores * jsonl1.best!.seconds) / ceilingSeconds;
    console.log(`the machine's own ceiling: ${cores} one-thread processes at once, each writing 1M rows, took ${ceilingSeconds.toFixed(2)} s (best of ${RUNS}) against ${jsonl1.best!.seconds.toFixed(2)} s for one alone:`
      + ` ${ceiling.toFixed(2)}x the throughput of one; ${cores} workers on one job reach ${speedUp.toFixed(2)}x, ${((100 * speedUp) / ceiling).toFixed(0)}% of it`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
