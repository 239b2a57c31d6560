// The `sdga` command as a person runs it: a real process through the launcher (bin/sdga.cjs), from the
// sources (SDGA_FROM_SOURCE=1, so a stale bundle cannot hide a change), its two streams kept apart.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const LAUNCHER = join(ROOT, "bin", "sdga.cjs");

export interface Run { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

export function sdgaEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Powertools at INFO writes its JSON lines to stdout: the output contract must still hold.
  return { ...process.env, SDGA_FROM_SOURCE: "1", POWERTOOLS_LOG_LEVEL: "INFO", ...extra };
}

/** Collects a child's streams and resolves when it exits. */
export function finished(child: ChildProcess): Promise<Run> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (t: string) => { stdout += t; });
  child.stderr?.setEncoding("utf8").on("data", (t: string) => { stderr += t; });
  return new Promise((done, fail) => {
    child.once("error", fail);
    child.once("close", (code, signal) => done({ code, signal, stdout, stderr }));
  });
}

/** Runs `sdga ARGS` to its end. */
export function sdga(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const child = spawn(process.execPath, [LAUNCHER, ...args], { cwd: ROOT, env: sdgaEnv(options.env), stdio: ["pipe", "pipe", "pipe"] });
  const run = finished(child);
  child.stdin!.end(options.input ?? "");
  return run;
}

export interface Served { child: ChildProcess; url: string; pid: number; exited: Promise<Run> }

/** Waits until `check` returns a value (polling every 100 ms), or fails after `ms`. */
export async function until<T>(check: () => T | undefined, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** The owner a state folder's lock names, if any. */
export function ownerOf(stateDir: string): { pid: number; command: string; url?: string } | undefined {
  const path = join(stateDir, "owner.json");
  if (!existsSync(path)) return undefined;
  try { return JSON.parse(readFileSync(path, "utf8")); } catch { return undefined; }
}

/**
 * `sdga serve --port 0 --state-dir DIR` as a real process (or `command` wrapping it, e.g. a shell); resolves
 * once it listens, with the URL its lock names.
 */
export async function serve(stateDir: string, wrap?: (argv: string[]) => { file: string; args: string[] }, env: Record<string, string> = {}): Promise<Served> {
  const argv = [process.execPath, LAUNCHER, "serve", "--port", "0", "--state-dir", stateDir];
  const how = wrap ? wrap(argv) : { file: argv[0]!, args: argv.slice(1) };
  const child = spawn(how.file, how.args, { cwd: ROOT, env: sdgaEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  const exited = finished(child);
  let gone: Run | undefined;
  void exited.then((r) => { gone = r; });
  const owner = await until(() => {
    if (gone) throw new Error(`sdga serve exited (${gone.code}): ${gone.stderr}`);
    const o = ownerOf(stateDir);
    return o?.url ? o : undefined;
  }, 45_000, "sdga serve to listen");
  return { child, url: owner.url!, pid: owner.pid, exited };
}
