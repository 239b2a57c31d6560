// Fault injection on the local stack (s3rver + dynalite): a worker killed at each phase of a job, storage
// that goes down, a disk that fills up. Every case ends with the job completed or failed with its reason,
// no object, multipart part or temporary file left behind, and the handlers still answering.
//
// A "killed" worker is one whose process stopped: the fault hook never returns (as a dead process never
// continues), its heartbeats stop reaching the table, and its open multipart upload stays open. It is
// released only after another worker has taken its job over, and then must change nothing (a zombie).
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreateBucketCommand, GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { startHarness, USER_PROFILE, type Handler, type Harness } from "./harness";
import { classicBody, classicEvent, gatewayContext } from "../../functions/local/events";
import { createGenerateHandler } from "../../functions/generate/app";
import { continueGeneration, sweepGenerations, type GenerationDeps, type RunPhase } from "../../functions/generate/generation";
import { inProcessContinuation } from "../../functions/shared/continuation";
import { createS3Client } from "../../functions/shared/clients";
import { leaseLapsed, type JobRecord, type JobStore } from "../../functions/shared/jobs";
import { LOCAL_BUCKET, startLocalStack, startS3StandIn } from "../../functions/local/stack";
import { freeBytes, uploadsDir } from "../../functions/local/s3store";

const LEASE_MS = 300;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits until `check` holds (the mocha timeout bounds the wait; nothing is asserted about how long it took). */
async function until<T>(check: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (;;) {
    const value = await check();
    if (value) return value;
    await sleep(25);
  }
}

/** Multipart parts and temporary files left on the S3 stand-in's disk. */
function leftoversOnDisk(s3Dir: string, bucket: string): string[] {
  const found: string[] = [];
  const uploads = uploadsDir(s3Dir, bucket);
  if (existsSync(uploads)) found.push(...readdirSync(uploads).map((u) => `upload ${u}`));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.includes(".sdga-tmp-")) found.push(full);
    }
  };
  if (existsSync(s3Dir)) walk(s3Dir);
  return found;
}

async function bytesOf(s3: S3Client, bucket: string, key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

interface KillableWorker {
  deps: GenerationDeps;
  handler: Handler;
  /** Resolves once the worker has been killed. */
  killed: Promise<void>;
  /** Lets the dead worker's code run on (it finds its job taken over and must change nothing). */
  release(): void;
}

describe("fault injection: jobs end completed or failed with a reason, nothing is left behind", function () {
  this.timeout(120_000);
  let h: Harness;
  const released: Array<() => void> = [];
  before(async () => {
    h = await startHarness({
      SHARD_ROWS: "200", SYNC_ROW_LIMIT: "250", JOB_LEASE_MS: String(LEASE_MS), JOB_MAX_ATTEMPTS: "2", PROGRESS_INTERVAL_MS: "50",
    });
  });
  // A test that fails before releasing its killed worker would leave that worker's continuation pending, and
  // every later h.settle() would wait on it: release them all after each test.
  afterEach(async () => {
    released.splice(0).forEach((release) => release());
    await h.settle();
  });
  after(async () => {
    await h?.stop();
  });

  /**
   * A worker that dies at `phase` (of data file `part`, when given), or when `s3Hang` says a request of its
   * S3 client is the one it dies in.
   */
  function killableWorker(options: { phase?: RunPhase; part?: number; s3Hang?: (command: string, input: Record<string, unknown>) => boolean }): KillableWorker {
    let dead = false;
    let markKilled!: () => void;
    const killed = new Promise<void>((done) => { markKilled = done; });
    let release!: () => void;
    const gone = new Promise<never>((_, fail) => { release = () => fail(new Error("the killed worker's process is gone")); });
    gone.catch(() => undefined);
    const die = () => {
      dead = true;
      markKilled();
      return gone;
    };
    const jobs = Object.create(h.jobs) as JobStore;
    // A dead process writes nothing: its heartbeats stop reaching the table.
    jobs.renew = async (...args) => (dead ? true : h.jobs.renew(...args));
    let s3 = h.s3;
    if (options.s3Hang) {
      s3 = createS3Client(h.config);
      const hang = options.s3Hang;
      s3.middlewareStack.add((next, context) => async (args) => {
        if (!dead && hang(context.commandName ?? "", args.input as Record<string, unknown>)) await die();
        return next(args);
      }, { step: "initialize", name: "dieInRequest" });
    }
    const deps: GenerationDeps = {
      ...h.generateDeps, jobs, s3,
      faults: (phase, at) => {
        if (!dead && phase === options.phase && (options.part === undefined || at.part === options.part)) return die();
        return undefined;
      },
    };
    deps.startContinuation = inProcessContinuation((id) => continueGeneration(deps, id));
    released.push(release);
    return { deps, handler: createGenerateHandler(deps) as Handler, killed, release };
  }

  const request = (extra: Record<string, unknown> = {}) => ({
    data_type: "user_profile", volume: 600, schema: USER_PROFILE, output_format: "jsonl", seed: 11, ...extra,
  });

  /** Every object of a completed job, and nothing else, in its folder. */
  async function assertCompleteAndClean(job: JobRecord, files: number): Promise<void> {
    assert.equal(job.status, "completed", JSON.stringify(job.errors));
    assert.equal(job.files?.length, files);
    const expected = [...job.files!, `${job.folder}metadata.json`, `${job.folder}quality_report.html`, `${job.folder}quality_report.json`].sort();
    assert.deepEqual(await h.listKeys(job.folder), expected);
    assert.deepEqual(leftoversOnDisk(h.stack.s3Dir, h.stack.bucket), []);
  }

  /** The data files of an uninterrupted run of the same request (same seed): what a resumed job must equal. */
  async function cleanRunBytes(args: Record<string, unknown>): Promise<Buffer[]> {
    const out = await h.generate({ ...args, idempotency_key: `clean-${JSON.stringify(args).length}-${args.seed}` }, gatewayContext("generateSyntheticData"));
    await h.settle();
    const job = (await h.jobs.get(out.generation_id))!;
    assert.equal(job.status, "completed");
    return Promise.all(job.files!.map((key) => bytesOf(h.s3, h.stack.bucket, key)));
  }

  /** Waits for the lease to lapse, then runs the sweeper as the stack's schedule would. */
  async function sweepOnceLapsed(id: string, deps: GenerationDeps = h.generateDeps) {
    await until(async () => leaseLapsed((await h.jobs.get(id))!, LEASE_MS), "the lease to lapse");
    return sweepGenerations(deps);
  }

  for (const [phase, part, where, seed] of [
    ["before-parts", undefined, "before the first data file", 21],
    ["after-part", 0, "between data files (after the first of three)", 22],
    ["after-part", 2, "after the last data file, before measuring", 23],
    ["before-reports", undefined, "after measuring, before the reports", 24],
    ["after-reports", undefined, "during the reports (written, metadata not)", 25],
  ] as const) {
    it(`a background job whose worker is killed ${where} is resumed by the sweeper and completes, byte for byte`, async () => {
      const args = request({ seed });
      const worker = killableWorker({ phase, ...(part !== undefined ? { part } : {}) });
      const started = await worker.handler(args, gatewayContext("generateSyntheticData"));
      assert.equal(started.status, "processing");
      await worker.killed;
      // Nothing runs the job now: getGeneration says so by resuming it only once the lease has lapsed.
      const swept = await sweepOnceLapsed(started.generation_id);
      assert.deepEqual(swept.resumed, [started.generation_id]);
      await until(async () => ((await h.jobs.get(started.generation_id))!.attempts ?? 0) >= 2 || undefined, "the takeover");
      worker.release();
      await h.settle();
      const job = (await h.jobs.get(started.generation_id))!;
      await assertCompleteAndClean(job, 3);
      assert.equal(job.attempts, 2);
      assert.equal(job.records_generated, 600);
      assert.ok(job.warnings!.some((w) => /attempt 2 of 2 resumed it/.test(w)), JSON.stringify(job.warnings));
      const expected = await cleanRunBytes(args);
      const actual = await Promise.all(job.files!.map((key) => bytesOf(h.s3, h.stack.bucket, key)));
      assert.deepEqual(actual.map((b) => b.length), expected.map((b) => b.length));
      assert.ok(actual.every((b, i) => b.equals(expected[i]!)), "the resumed data files are the uninterrupted run's bytes");
    });
  }

  it("a data set whose worker is killed between two tables' parts is resumed after its last stored part and completes, byte for byte", async () => {
    // 300 customers with 1..3 orders each: both tables in the same 3 or more shards of at most 200 rows;
    // parts go table by table, so part 4 is the second of orders' shards.
    const dataset = JSON.stringify({
      tables: {
        customers: { schema: { fields: [{ name: "id", type: "integer" }, { name: "email", type: "email", constraints: { unique: true } }, { name: "signed_up_at", type: "datetime" }] } },
        orders: { schema: { fields: [{ name: "id", type: "integer" }, { name: "customer_id", type: "integer" }, { name: "placed_at", type: "datetime" }, { name: "amount", type: "number", constraints: { min: 1, max: 500 } }] } },
      },
      relationships: [{ from: "orders.customer_id", to: "customers.id", cardinality: "1..3, mean 2" }],
      rules: [{ after: "orders.placed_at", parent: "customers.signed_up_at" }],
    });
    const args = { data_type: "custom", volume: 300, output_format: "csv", seed: 27, dataset };
    const worker = killableWorker({ phase: "after-part", part: 4 });
    const started = await worker.handler(args, gatewayContext("generateSyntheticData"));
    assert.equal(started.status, "processing");
    await worker.killed;
    const stuck = (await h.jobs.get(started.generation_id))!;
    const shards = Math.ceil(Math.max(...Object.values(stuck.dataset_counts!)) / 200);
    assert.ok(shards >= 3, `${shards} shards`);
    assert.equal(stuck.parts_done, 5);
    await sweepOnceLapsed(started.generation_id);
    await until(async () => ((await h.jobs.get(started.generation_id))!.attempts ?? 0) >= 2 || undefined, "the takeover");
    worker.release();
    await h.settle();
    const job = (await h.jobs.get(started.generation_id))!;
    assert.equal(job.status, "completed", JSON.stringify(job.errors));
    assert.equal(job.attempts, 2);
    assert.equal(job.files!.length, 2 * shards);
    assert.deepEqual(await h.listKeys(job.folder), [...job.files!, `${job.folder}metadata.json`, `${job.folder}quality_report.html`, `${job.folder}quality_report.json`, `${job.folder}schema.sql`].sort());
    assert.equal(job.quality_summary!.key_uniqueness, 1);
    assert.equal(job.quality_summary!.referential_integrity, 1);
    const expected = await cleanRunBytes(args);
    const actual = await Promise.all(job.files!.map((key) => bytesOf(h.s3, h.stack.bucket, key)));
    assert.ok(actual.length === expected.length && actual.every((b, i) => b.equals(expected[i]!)), "the resumed parts are the uninterrupted run's bytes");
  });

  it("a worker killed in the middle of a multipart upload: the takeover aborts it (no part stays on disk) and completes", async () => {
    // Rows of about 40 KB: a data file of 200 rows is about 8 MB, uploaded in two parts.
    const wide = { ...USER_PROFILE, properties: { ...USER_PROFILE.properties, notes: { type: "string", minLength: 40_000, maxLength: 40_010 } } };
    const args = request({ schema: wide, volume: 400, seed: 31 });
    const worker = killableWorker({ s3Hang: (command, input) => command === "UploadPartCommand" && input.PartNumber === 2 });
    const started = await worker.handler(args, gatewayContext("generateSyntheticData"));
    assert.equal(started.status, "processing", "rows this large run in the background whatever their number of fields");
    await worker.killed;
    const before = (await h.jobs.get(started.generation_id))!;
    assert.ok(before.upload_id, "the open upload is recorded for whoever takes over");
    // Part 1 went out beside part 2 (the upload sends parts concurrently) and may still be arriving: wait
    // until it is wholly on disk (its .md5 beside it), then nothing but that upload may be there.
    const uploadDir = join(uploadsDir(h.stack.s3Dir, h.stack.bucket), before.upload_id!);
    await until(async () => existsSync(join(uploadDir, "1.md5")), "part 1 of the dead worker's upload to be stored");
    assert.deepEqual(leftoversOnDisk(h.stack.s3Dir, h.stack.bucket), [`upload ${before.upload_id}`], "the dead worker's open upload holds a part");
    await sweepOnceLapsed(started.generation_id);
    await until(async () => ((await h.jobs.get(started.generation_id))!.attempts ?? 0) >= 2 || undefined, "the takeover");
    worker.release();
    await h.settle();
    await assertCompleteAndClean((await h.jobs.get(started.generation_id))!, 2);
  });

  it("an in-call job whose worker is killed after its data file: a retry with the same idempotency key runs it to completion", async () => {
    const args = request({ volume: 150, seed: 41, idempotency_key: "killed-in-call" });
    const worker = killableWorker({ phase: "after-part", part: 0 });
    const answer = worker.handler(args, gatewayContext("generateSyntheticData"));
    answer.catch(() => undefined);
    await worker.killed;
    const stuck = (await h.jobs.get((await h.scanJobs()).find((j) => j.seed === 41)!.generation_id))!;
    assert.equal(stuck.mode, "sync");
    assert.equal(stuck.status, "processing");
    assert.equal(stuck.parts_done, 1);
    await until(async () => leaseLapsed((await h.jobs.get(stuck.generation_id))!, LEASE_MS), "the lease to lapse");
    const retried = await h.generate(args, gatewayContext("generateSyntheticData"));
    assert.equal(retried.generation_id, stuck.generation_id);
    assert.equal(retried.status, "completed", JSON.stringify(retried.errors));
    worker.release();
    await h.settle();
    const job = (await h.jobs.get(stuck.generation_id))!;
    await assertCompleteAndClean(job, 1);
    assert.equal(job.attempts, 2);
  });

  it("a job whose workers die more often than jobMaxAttempts allows ends failed with the reason, its partial outputs deleted", async () => {
    const first = killableWorker({ phase: "after-part", part: 0 });
    const started = await first.handler(request({ seed: 51 }), gatewayContext("generateSyntheticData"));
    await first.killed;
    assert.equal((await h.listKeys((await h.jobs.get(started.generation_id))!.folder)).length, 1, "one data file was written");
    const second = killableWorker({ phase: "after-part", part: 1 });
    await sweepOnceLapsed(started.generation_id, second.deps);
    await second.killed;
    const swept = await sweepOnceLapsed(started.generation_id);
    assert.deepEqual(swept.failed, [started.generation_id]);
    first.release();
    second.release();
    await h.settle();
    const job = (await h.jobs.get(started.generation_id))!;
    assert.equal(job.status, "failed");
    assert.match(job.errors![0]!, /the worker stopped before finishing \(a crash, a timeout or a killed process\) 2 times \(last seen: after data file 2 of 3\); no attempts are left \(setting jobMaxAttempts is 2\)/);
    assert.deepEqual(await h.listKeys(job.folder), []);
    assert.deepEqual(leftoversOnDisk(h.stack.s3Dir, h.stack.bucket), []);
    const seen = await h.generate({ generation_id: started.generation_id }, gatewayContext("getGeneration"));
    assert.equal(seen.status, "failed");
  });

  it("getGeneration never reports a dead worker's job as running: it resumes it, or fails it once attempts are spent", async () => {
    const worker = killableWorker({ phase: "before-parts" });
    const started = await worker.handler(request({ seed: 61, volume: 400 }), gatewayContext("generateSyntheticData"));
    await worker.killed;
    await until(async () => leaseLapsed((await h.jobs.get(started.generation_id))!, LEASE_MS), "the lease to lapse");
    const seen = classicBody(await h.generate(classicEvent("getGeneration", { generation_id: started.generation_id }))).body;
    assert.equal(seen.status, "processing");
    await until(async () => ((await h.jobs.get(started.generation_id))!.attempts ?? 0) >= 2 || undefined, "a worker to hold it again");
    worker.release();
    await h.settle();
    await assertCompleteAndClean((await h.jobs.get(started.generation_id))!, 2);
  });

  it("S3 down mid-job: the job fails with a storage reason; what could not be removed then is removed by the sweeper once S3 is back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sdga-s3-down-"));
    let standIn = await startS3StandIn(dir);
    const s3 = createS3Client({ s3Endpoint: standIn.endpoint });
    await s3.send(new CreateBucketCommand({ Bucket: h.stack.bucket }));
    let downAfterFirstFile = true;
    s3.middlewareStack.add((next, context) => async (args) => {
      const result = await next(args);
      if (downAfterFirstFile && context.commandName === "PutObjectCommand" && /part-00000/.test(String((args.input as { Key?: string }).Key))) {
        downAfterFirstFile = false;
        await standIn.close();
      }
      return result;
    }, { step: "initialize", name: "s3GoesDown" });
    const deps: GenerationDeps = { ...h.generateDeps, s3 };
    deps.startContinuation = inProcessContinuation((id) => continueGeneration(deps, id));
    try {
      const handler = createGenerateHandler(deps) as Handler;
      const started = await handler(request({ seed: 71 }), gatewayContext("generateSyntheticData"));
      await h.settle();
      const failed = (await h.jobs.get(started.generation_id))!;
      assert.equal(failed.status, "failed");
      assert.match(failed.errors![0]!, /^storage error \(/);
      assert.equal(failed.cleanup_pending, true, "part-00000 could not be removed while S3 was down");
      // The rest of the service still answers (the table is up).
      assert.equal((await handler({ generation_id: started.generation_id }, gatewayContext("getGeneration"))).status, "failed");
      standIn = await startS3StandIn(dir, { port: standIn.port });
      const swept = await sweepGenerations(deps);
      assert.ok(swept.cleaned.includes(started.generation_id));
      const listed = await (await import("@aws-sdk/client-s3")).ListObjectsCommand;
      const out = await s3.send(new listed({ Bucket: h.stack.bucket, Prefix: failed.folder }));
      assert.deepEqual(out.Contents ?? [], []);
      assert.equal((await h.jobs.get(started.generation_id))!.cleanup_pending, undefined);
      assert.deepEqual(leftoversOnDisk(dir, h.stack.bucket), []);
    } finally {
      s3.destroy();
      await standIn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("DynamoDB unreachable for a heartbeat: the worker stops, the job is resumed once the table answers, and completes", async () => {
    // From the first data file on, the table does not answer this worker (as if DynamoDB were down for it).
    const jobs = Object.create(h.jobs) as JobStore;
    let outage = false;
    const refused = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1"), { code: "ECONNREFUSED" });
    jobs.renew = async (id, owner, leaseMs, changes = {}) => {
      if (changes.parts_done === 1) outage = true;
      if (outage) throw refused();
      return h.jobs.renew(id, owner, leaseMs, changes);
    };
    jobs.finish = async (...args) => {
      if (outage) throw refused();
      return h.jobs.finish(...args);
    };
    const deps: GenerationDeps = { ...h.generateDeps, jobs };
    deps.startContinuation = inProcessContinuation((id) => continueGeneration(deps, id));
    const started = await (createGenerateHandler(deps) as Handler)(request({ seed: 81 }), gatewayContext("generateSyntheticData"));
    await h.settle();
    const stalled = (await h.jobs.get(started.generation_id))!;
    assert.equal(stalled.status, "processing", "the worker could not record anything, so the job waits for a takeover");
    await sweepOnceLapsed(started.generation_id);
    await h.settle();
    await assertCompleteAndClean((await h.jobs.get(started.generation_id))!, 3);
  });
});

/** A small file system for the disk-full case: SDGA_SMALL_DISK (CI mounts one), a tmpfs mounted here, or none. */
function smallDisk(): { dir: string; unmount(): void } | undefined {
  if (process.env.SDGA_SMALL_DISK) {
    const dir = mkdtempSync(join(process.env.SDGA_SMALL_DISK, "sdga-"));
    return { dir, unmount: () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (process.platform !== "linux" || process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "sdga-small-disk-"));
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", dir], { encoding: "utf8" });
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return {
    dir,
    unmount: () => {
      spawnSync("umount", [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe("fault injection: a full disk", function () {
  this.timeout(120_000);
  // Where no small file system can be mounted (no root, not Linux), the S3 stand-in gets a 16 MiB quota and
  // answers ENOSPC past it, as the file system would: the same code path from the failed write on. Mounted
  // here, not when the file is loaded, so a run that skips this suite mounts nothing.
  let disk: ReturnType<typeof smallDisk>;
  let state: string;
  let h: Harness;
  const start = () => startHarness({ SHARD_ROWS: "100000" }, { stateDir: state, ...(disk ? {} : { s3QuotaBytes: 16 * 1024 * 1024 }) });
  before(async function () {
    disk = smallDisk();
    state = disk ? join(disk.dir, "state") : mkdtempSync(join(tmpdir(), "sdga-quota-"));
    mkdirSync(state, { recursive: true });
    h = await start();
  });
  after(async () => {
    await h?.stop();
    if (disk) disk.unmount();
    else if (state) rmSync(state, { recursive: true, force: true });
  });

  it("on a 16 MiB disk (a tmpfs, or the stand-in's quota where none can be mounted): a job larger than the disk fails with ENOSPC, leaves nothing, and the service goes on and restarts on the same folder", async function () {
    this.test!.title += disk ? " [tmpfs]" : " [simulated: no tmpfs could be mounted here]";
    const freeBefore = freeBytes(state);
    // About 40 MB of JSON lines, in one data file: more than the disk holds.
    const wide = { ...USER_PROFILE, properties: { ...USER_PROFILE.properties, notes: { type: "string", minLength: 1500, maxLength: 1500 } } };
    const started = await h.generate({ data_type: "custom", volume: 26_000, schema: wide, output_format: "jsonl", seed: 5 }, gatewayContext("generateSyntheticData"));
    await h.settle();
    const job = (await h.jobs.get(started.generation_id))!;
    assert.equal(job.status, "failed");
    assert.match(job.errors![0]!, /no space left on the local S3 stand-in's disk \(ENOSPC\)/);
    assert.deepEqual(await h.listKeys(job.folder), []);
    assert.deepEqual(leftoversOnDisk(h.stack.s3Dir, h.stack.bucket), []);
    assert.ok(freeBytes(state) > freeBefore / 2, "the failed job's parts no longer take the space");
    // Other requests are still served.
    const small = await h.generate({ data_type: "user_profile", volume: 20, schema: USER_PROFILE, output_format: "csv", seed: 6 }, gatewayContext("generateSyntheticData"));
    assert.equal(small.status, "completed", JSON.stringify(small.errors));
    // The same folder starts again, with the failed job still failed and the small one readable.
    await h.stop();
    h = await start();
    assert.equal((await h.jobs.get(started.generation_id))?.status, "failed");
    assert.equal((await h.generate({ generation_id: small.generation_id }, gatewayContext("getGeneration"))).status, "completed");
  });
});

describe("fault injection: what a dead process left on the stand-ins' disk", () => {
  it("is removed at start-up: the parts of its open uploads and its temporary files", async () => {
    const state = mkdtempSync(join(tmpdir(), "sdga-leftovers-"));
    try {
      const upload = join(uploadsDir(join(state, "s3"), LOCAL_BUCKET), "0123abcd");
      mkdirSync(upload, { recursive: true });
      writeFileSync(join(upload, "1"), Buffer.alloc(64 * 1024));
      const folder = join(state, "s3", LOCAL_BUCKET, "generated-data", "local");
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "data.csv._S3rver_object.sdga-tmp-abcdef"), "half a row");
      const stack = await startLocalStack({ stateDir: state });
      try {
        assert.deepEqual(stack.cleaned, { uploads: 1, tempFiles: 1, bytes: 64 * 1024 + 10 });
        assert.deepEqual(leftoversOnDisk(stack.s3Dir, stack.bucket), []);
      } finally {
        await stack.stop();
      }
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });
});
