// One owner of a local state folder at a time. s3rver's files and dynalite's LevelDB are not made to be shared
// by two processes (the second one's database is closed under it), and the start-up sweep takes every lease
// it finds as dead. So the stack takes <state>/owner.json first: it names the process (pid, command, and the
// URL when it is `sdga serve`), so a second command can say plainly who holds the folder and what to do. A
// lock whose process is gone (killed, crashed) is taken over.
import { hostname } from "node:os";
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface StateOwner {
  pid: number;
  command: string;
  host: string;
  started_at: string;
  /** Where `sdga serve` answers, once it listens. */
  url?: string;
}

/** The state folder is held by another live process (or another stack in this one). */
export class StateInUseError extends Error {
  override readonly name = "StateInUseError";
  constructor(readonly stateDir: string, readonly owner: StateOwner) {
    super(inUseMessage(stateDir, owner));
  }
}

function inUseMessage(stateDir: string, owner: StateOwner): string {
  const who = owner.pid === process.pid && owner.host === hostname() ? "this process" : `pid ${owner.pid}`;
  const serving = owner.url ? `, serving ${owner.url}` : "";
  const talk = owner.url ? ` send your requests to ${owner.url} (POST /generate-synthetic-data, ...),` : "";
  return `the local state folder ${stateDir} is in use by ${who} (${owner.command}, since ${owner.started_at}${serving}). `
    + `Either${talk} stop that process (Ctrl-C where it runs, or kill ${owner.pid}), `
    + `or give this command a folder of its own: --state-dir DIR (or SDGA_STATE_DIR=DIR).`;
}

export interface StateLock {
  path: string;
  owner: StateOwner;
  /** The owner a dead process left behind, when this lock took its place. */
  tookOverFrom?: StateOwner;
  /** Adds to what the lock says about its owner (serve's URL). */
  describe(extra: Partial<Pick<StateOwner, "url">>): void;
  release(): void;
}

/** Whether `pid` is a live process on this machine (EPERM: alive, someone else's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(path: string): StateOwner | undefined {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as StateOwner;
    return Number.isInteger(value.pid) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The command line as a person typed it: `sdga serve --port 8787`. */
export function commandLine(argv: string[] = process.argv): string {
  return ["sdga", ...argv.slice(2)].join(" ").slice(0, 200);
}

/** Takes `<stateDir>/owner.json`, or throws StateInUseError naming the live process that holds it. */
export function acquireStateLock(stateDir: string, command: string = commandLine()): StateLock {
  const path = join(stateDir, "owner.json");
  const owner: StateOwner = { pid: process.pid, command, host: hostname(), started_at: new Date().toISOString() };
  const write = (target: string, value: StateOwner) => writeFileSync(target, `${JSON.stringify(value, null, 2)}\n`);
  let tookOverFrom: StateOwner | undefined;
  for (let attempt = 0; ; attempt++) {
    // Written whole under a name of its own, then linked into place: the link fails if a lock exists, and a
    // reader never sees half a file.
    const temp = `${path}.${process.pid}.${attempt}.tmp`;
    write(temp, owner);
    try {
      linkSync(temp, path);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readOwner(path);
      // Another host (a shared file system) cannot be checked: taken as alive.
      if (holder && (holder.host !== owner.host || alive(holder.pid))) throw new StateInUseError(stateDir, holder);
      // Lost the race for a stale lock to other starters each time: someone else holds it now.
      if (attempt >= 5) throw new StateInUseError(stateDir, holder ?? owner);
      // Its process is gone (or the file is unreadable): a stale lock, taken over.
      tookOverFrom = holder ?? tookOverFrom;
      rmSync(path, { force: true });
    } finally {
      rmSync(temp, { force: true });
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off("exit", release);
    // Only our own lock: a folder removed under us, or taken over, is left as it is.
    if (readOwner(path)?.pid === owner.pid) rmSync(path, { force: true });
  };
  // process.exit() in any command still frees the folder (a signal's default death leaves a stale lock).
  process.on("exit", release);
  return {
    path, owner, ...(tookOverFrom ? { tookOverFrom } : {}),
    describe(extra) {
      Object.assign(owner, extra);
      const temp = `${path}.${process.pid}.tmp`;
      write(temp, owner);
      renameSync(temp, path);
    },
    release,
  };
}
