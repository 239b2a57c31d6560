import { strict as assert } from "node:assert";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { startHarness, USER_PROFILE, ORDER_FIELDS, type Harness } from "./harness";
import { classicBody, classicEvent, gatewayContext } from "../../functions/local/events";
import { JobConflictError, type JobStore } from "../../functions/shared/jobs";
import { inProcessContinuation, lambdaContinuation } from "../../functions/shared/continuation";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { createGenerateHandler } from "../../functions/generate/app";
import { continueGeneration, type GenerationDeps } from "../../functions/generate/generation";
import { readRowsFrom } from "./readBack";

describe("generate handler (s3rver + dynalite)", function () {
  let h: Harness;
  before(async function () {
    h = await startHarness({ SYNC_ROW_LIMIT: "300", SHARD_ROWS: "250" });
  });
  after(async () => h?.stop());

  const request = (extra: Record<string, unknown> = {}) => ({
    data_type: "user_profile", volume: 50, schema: USER_PROFILE, output_format: "jsonl", seed: 7, ...extra,
  });

  it("classic: generates a small data set within the call and stores data, metadata and reports", async () => {
    const { status, body } = classicBody(await h.generate(classicEvent("generateSyntheticData", request())));
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.status, "completed");
    assert.equal(body.records_generated, 50);
    assert.ok(body.sample.length > 0 && body.sample.length <= 5);
    assert.match(body.output_location, /^s3:\/\/sdga-local-data\/generated-data\/test\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\/data\.jsonl$/);
    const folder = body.output_location.replace("s3://sdga-local-data/", "").replace(/data\.jsonl$/, "");
    assert.deepEqual(await h.listKeys(folder), ["data.jsonl", "metadata.json", "quality_report.html", "quality_report.json"].map((k) => folder + k));
    // metadata.json says why values look as they do: the meaning chosen per field path.
    const stored = await h.s3.send(new GetObjectCommand({ Bucket: "sdga-local-data", Key: `${folder}metadata.json` }));
    const metadata = JSON.parse(await stored.Body!.transformToString()) as { meanings: Record<string, string> };
    assert.equal(metadata.meanings["/email"], "email");
    // The presigned URL really serves the data set, and expires within the hour.
    const url = new URL(body.download_url);
    assert.ok(Number(url.searchParams.get("X-Amz-Expires")) <= 3600);
    const text = await (await fetch(body.download_url)).text();
    assert.equal(text.trim().split("\n").length, 50);
    assert.equal(JSON.parse(text.split("\n")[0]!).id, body.sample[0].id);
    const job = await h.jobs.get(body.generation_id);
    assert.equal(job?.status, "completed");
    assert.ok(job!.expires_at > Date.now() / 1000, "TTL attribute set in the future");
    assert.equal(typeof body.data_quality_metrics.overall_quality_score, "number");
  });

  it("non-blocking schema remarks come back as warnings", async () => {
    // A misspelt keyword ("minimun") is not an error in JSON Schema, but the caller should hear about it.
    const schema = { ...USER_PROFILE, properties: { ...USER_PROFILE.properties, age: { type: "integer", minimum: 18, maximum: 90, minimun: 20 } } };
    const findings = await h.validate({ schema }, gatewayContext("validateSchema"));
    assert.ok(findings.warnings.length > 0, JSON.stringify(findings));
    const out = await h.generate(request({ schema }), gatewayContext("generateSyntheticData"));
    assert.equal(out.status, "completed");
    assert.equal(out.warnings.length, findings.warnings.length);
    assert.match(out.warnings.join(" "), /minimun/);
  });

  it("gateway: the same operation from tool arguments, and getGeneration", async () => {
    const out = await h.generate(request({ output_format: "csv", schema: ORDER_FIELDS, data_type: "transaction" }),
      gatewayContext("generateSyntheticData", "generate-target"));
    assert.equal(out.status, "completed", JSON.stringify(out));
    assert.match(out.output_location, /data\.csv$/);
    const got = await h.generate({ generation_id: out.generation_id }, gatewayContext("getGeneration"));
    assert.equal(got.status, "completed");
    assert.equal(got.generation_id, out.generation_id);
    assert.deepEqual(got.data_quality_metrics, out.data_quality_metrics);
  });

  it("same seed, schema and volume give byte-identical data", async () => {
    const a = classicBody(await h.generate(classicEvent("generateSyntheticData", request({ output_format: "parquet" })))).body;
    const b = classicBody(await h.generate(classicEvent("generateSyntheticData", request({ output_format: "parquet" })))).body;
    assert.notEqual(a.generation_id, b.generation_id);
    const bytes = async (uri: string) => {
      const [, , bucket, ...key] = uri.split("/");
      const o = await h.s3.send(new GetObjectCommand({ Bucket: bucket!, Key: key.join("/") }));
      return Buffer.from(await o.Body!.transformToByteArray());
    };
    assert.ok((await bytes(a.output_location)).equals(await bytes(b.output_location)));
  });

  it("sql output (no reader) completes, sharded: quality is measured on the same rows generated again (found by fuzzing)", async () => {
    const started = await h.generate(request({ output_format: "sql", volume: 600 }), gatewayContext("generateSyntheticData"));
    assert.equal(started.status, "processing", JSON.stringify(started));
    await h.settle();
    const done = await h.generate({ generation_id: started.generation_id }, gatewayContext("getGeneration"));
    assert.equal(done.status, "completed", JSON.stringify(done.errors));
    assert.equal(done.files.length, 3);
    assert.equal(done.data_quality_metrics.row_count, 600);
    assert.equal(done.data_quality_metrics.validity_score, 1);
    // Metrics by generation id answer the report made at generation time: SQL cannot be read back.
    const measured = await h.metrics({ generation_id: started.generation_id }, gatewayContext("calculateQualityMetrics"));
    assert.equal(measured.overall_score, done.data_quality_metrics.overall_quality_score, JSON.stringify(measured));
    assert.equal(measured.rows, 600);
    assert.match(measured.warnings.join(" "), /report made when the data set was generated/);
    const sqlKey = done.files[0].replace(/^s3:\/\/[^/]+\//, "");
    const sqlReference = await h.metrics({ generation_id: started.generation_id, reference_data_location: sqlKey }, gatewayContext("calculateQualityMetrics"));
    assert.match(sqlReference.message, /reference_data_location must end in \.json, \.jsonl, \.csv or \.parquet/);
    await h.s3.send(new PutObjectCommand({ Bucket: h.stack.bucket, Key: "generated-data/test/sql-ref.jsonl", Body: `${JSON.stringify(done.sample?.[0] ?? {})}\n` }));
    const withReference = await h.metrics({ generation_id: started.generation_id, reference_data_location: "generated-data/test/sql-ref.jsonl" },
      gatewayContext("calculateQualityMetrics"));
    assert.match(withReference.message, /cannot be read back to be compared with a reference/);
    // And a generation refuses a reference it could not read, before any job exists.
    const refused = await h.generate(request({ reference_data_location: sqlKey }), gatewayContext("generateSyntheticData"));
    assert.match(refused.message, /reference_data_location must end in/);
  });

  it("a reference data set that cannot be read is a 400 before any job, not a failed job (found by fuzzing)", async () => {
    const keysBefore = await h.listKeys();
    const jobsBefore = (await h.scanJobs()).length;
    const files: Record<string, [string, RegExp]> = {
      "ragged.csv": ["a,b\n1\n", /csv: line 2: expected 2 fields as in the header, found 1/],
      "broken.jsonl": ["{not json\n", /jsonl: line 1: invalid JSON/],
      "scalars.jsonl": ["1\n2\n", /each record must be a JSON object/],
      "junk.parquet": ["PAR1garbagePAR1", /not a readable Parquet file/],
    };
    for (const [name, [body, message]] of Object.entries(files)) {
      const key = `generated-data/test/bad-ref/${name}`;
      await h.s3.send(new PutObjectCommand({ Bucket: h.stack.bucket, Key: key, Body: body }));
      const out = await h.generate(request({ reference_data_location: key, volume: 600 }), gatewayContext("generateSyntheticData"));
      assert.equal(out.error, "RequestValidationError", JSON.stringify(out));
      assert.match(out.message, /^reference_data_location cannot be read: /);
      assert.match(out.message, message);
    }
    assert.equal((await h.scanJobs()).length, jobsBefore, "no job created");
    assert.deepEqual((await h.listKeys()).filter((k) => !k.includes("/bad-ref/")), keysBefore);
  });

  it("classic: a large volume answers processing at once, continues in the background, and completes sharded", async () => {
    const first = classicBody(await h.generate(classicEvent("generateSyntheticData", request({ volume: 600 }))));
    assert.equal(first.status, 200);
    assert.equal(first.body.status, "processing");
    assert.equal(first.body.download_url, undefined);
    await h.settle();
    const { body } = classicBody(await h.generate(classicEvent("getGeneration", { generation_id: first.body.generation_id })));
    assert.equal(body.status, "completed", JSON.stringify(body.errors));
    assert.equal(body.records_generated, 600);
    assert.equal(body.files.length, 3);
    assert.match(body.files[0], /part-00000\.jsonl$/);
    const rows = await readRowsFrom(h, body.files, "jsonl");
    assert.equal(rows.length, 600);
    assert.equal(new Set(rows.map((r) => r.id)).size, 600, "shards do not repeat each other");
  });

  it("a background job reports its progress while it runs", async () => {
    const reported: number[] = [];
    const jobs = Object.create(h.jobs) as JobStore;
    jobs.renew = async (id, owner, leaseMs, changes = {}) => {
      if (typeof changes.records_generated === "number") reported.push(changes.records_generated);
      return h.jobs.renew(id, owner, leaseMs, changes);
    };
    const deps: GenerationDeps = { ...h.generateDeps, jobs, config: { ...h.config, progressIntervalMs: 1 }, startContinuation: async () => undefined };
    deps.startContinuation = inProcessContinuation((id) => continueGeneration(deps, id));
    const out: any = await createGenerateHandler(deps)(request({ volume: 3000, seed: 400 }), gatewayContext("generateSyntheticData"));
    assert.equal(out.status, "processing");
    await h.settle();
    assert.ok(reported.length > 0, "progress was written");
    assert.ok(reported.every((n, i) => n >= 0 && n <= 3000 && (i === 0 || n >= reported[i - 1]!)), JSON.stringify(reported));
    const done = await h.jobs.get(out.generation_id);
    assert.equal(done?.status, "completed");
    assert.equal(done?.records_generated, 3000);
  });

  it("gateway: the async path to completion", async () => {
    const out = await h.generate(request({ volume: 400, output_format: "parquet" }), gatewayContext("generateSyntheticData"));
    assert.equal(out.status, "processing");
    await h.settle();
    const done = await h.generate({ generation_id: out.generation_id }, gatewayContext("getGeneration"));
    assert.equal(done.status, "completed");
    assert.equal(done.progress, 1);
  });

  it("a retry with the same idempotency key returns the same job, and another body with it is a 409", async () => {
    const key = `key-${Date.now()}`;
    const a = await h.generate(request({ idempotency_key: key }), gatewayContext("generateSyntheticData"));
    const b = await h.generate(request({ idempotency_key: key }), gatewayContext("generateSyntheticData"));
    assert.equal(a.generation_id, b.generation_id);
    const folder = a.output_location.replace("s3://sdga-local-data/", "").replace(/data\.jsonl$/, "");
    assert.equal((await h.listKeys(folder)).length, 4);
    const conflict = classicBody(await h.generate(classicEvent("generateSyntheticData", request({ idempotency_key: key, volume: 51 }))));
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.error, "ConflictError");
  });

  it("a repeated classic event (same session, turn and body) or gateway message id is the same job", async () => {
    const event = classicEvent("generateSyntheticData", request({ seed: undefined }), { sessionId: "s-retry", inputText: "50 users please" });
    const a = classicBody(await h.generate(event)).body;
    const b = classicBody(await h.generate(structuredClone(event))).body;
    assert.equal(a.generation_id, b.generation_id);
    const ctx = gatewayContext("generateSyntheticData");
    const c = await h.generate(request(), ctx);
    const d = await h.generate(request(), ctx);
    assert.equal(c.generation_id, d.generation_id);
    const jobs = (await h.scanJobs()).filter((j) => j.generation_id === a.generation_id || j.generation_id === c.generation_id);
    assert.equal(jobs.length, 2);
  });

  it("state moves only by conditional writes: a stale transition or a replayed continuation changes nothing", async () => {
    const out = await h.generate(request(), gatewayContext("generateSyntheticData"));
    const before = await h.jobs.get(out.generation_id);
    await assert.rejects(h.jobs.transition(out.generation_id, "processing", "failed", { errors: ["late"] }), JobConflictError);
    await assert.rejects(h.jobs.transition(out.generation_id, "pending", "processing"), JobConflictError);
    const replay = await h.generate({ sdgaContinuation: { generation_id: out.generation_id } });
    assert.deepEqual(replay, { status: "completed" });
    const after = await h.jobs.get(out.generation_id);
    assert.deepEqual(after, before);
    // Two creators racing for one id: exactly one creates it.
    const job = { ...before!, generation_id: "00000000-0000-5000-8000-000000000001", status: "pending" as const };
    const results = await Promise.all([h.jobs.create(job), h.jobs.create(job), h.jobs.create(job)]);
    assert.equal(results.filter((r) => r.created).length, 1);
  });

  it("imitates a reference data set from the bucket and reports fidelity to it", async () => {
    const rows = Array.from({ length: 80 }, (_, i) => JSON.stringify({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, email: `u${i}@example.com`, age: 60 + (i % 10),
      balance: 100 + i, status: "active",
    })).join("\n");
    await h.s3.send(new PutObjectCommand({ Bucket: h.config.dataBucket, Key: "generated-data/test/ref/real.jsonl", Body: rows }));
    const out = await h.generate(request({ volume: 100, reference_data_location: "s3://sdga-local-data/generated-data/test/ref/real.jsonl" }),
      gatewayContext("generateSyntheticData"));
    assert.equal(out.status, "completed", JSON.stringify(out.errors));
    assert.equal(typeof out.data_quality_metrics.fidelity_score, "number");
    const generated = await readRowsFrom(h, [out.output_location], "jsonl");
    const meanAge = generated.reduce((sum, r) => sum + Number(r.age), 0) / generated.length;
    assert.ok(meanAge > 50, `ages follow the reference (60..69), mean ${meanAge}`);
  });

  // An operator (or a watchdog) fails a job while it runs: before its worker claims it, or after. Either way
  // the conditional writes keep it failed, and it keeps no objects.
  for (const when of ["before the worker claims it", "while the worker runs"] as const) {
    it(`a job failed ${when} stays failed and keeps no objects (both adapters)`, async () => {
      for (const via of ["classic", "gateway"] as const) {
        let openGate!: () => void;
        const gate = new Promise<void>((done) => { openGate = done; });
        const jobs = Object.create(h.jobs) as JobStore;
        if (when === "while the worker runs") {
          jobs.acquire = async (id, owner, terms) => {
            const held = await h.jobs.acquire(id, owner, terms);
            await h.jobs.transition(id, "processing", "failed", { errors: ["cancelled by operator"] });
            return held;
          };
        }
        const deps: GenerationDeps = { ...h.generateDeps, jobs, startContinuation: async () => undefined };
        deps.startContinuation = inProcessContinuation((id) => gate.then(() => continueGeneration(deps, id)));
        const handler = createGenerateHandler(deps);
        const args = request({ volume: 500, seed: via === "classic" ? 100 : 200 });
        const started = via === "classic"
          ? classicBody(await handler(classicEvent("generateSyntheticData", args))).body
          : await handler(args, gatewayContext("generateSyntheticData"));
        assert.equal(started.status, "processing");
        if (when === "before the worker claims it") {
          await h.jobs.transition(started.generation_id, "processing", "failed", { errors: ["cancelled by operator"] });
        }
        openGate();
        await h.settle();
        const job = await h.jobs.get(started.generation_id);
        assert.equal(job?.status, "failed");
        assert.deepEqual(job?.errors, ["cancelled by operator"]);
        assert.deepEqual(await h.listKeys(job!.folder), [], `${via}: no objects left`);
        const seen = via === "classic"
          ? classicBody(await handler(classicEvent("getGeneration", { generation_id: started.generation_id }))).body
          : await handler({ generation_id: started.generation_id }, gatewayContext("getGeneration"));
        assert.equal(seen.status, "failed");
        assert.equal(seen.download_url, undefined);
      }
    });
  }

  it("on Lambda the continuation is an asynchronous self-invoke (InvocationType Event); a refused invoke fails the job", async () => {
    const sent: Array<Record<string, any>> = [];
    let answer: () => unknown = () => ({ StatusCode: 202 });
    const lambda = new LambdaClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    lambda.middlewareStack.add((_next, context) => async (args) => {
      sent.push({ command: context.commandName, ...(args.input as object) });
      const out = answer();
      if (out instanceof Error) throw out;
      return { output: { $metadata: {}, ...(out as object) }, response: {} } as never;
    }, { step: "initialize", name: "stubLambda" });
    const deps: GenerationDeps = { ...h.generateDeps, startContinuation: lambdaContinuation(lambda, "sdga-dev-generate") };
    const handler = createGenerateHandler(deps);
    const out: any = await handler(request({ volume: 400, seed: 300 }), gatewayContext("generateSyntheticData"));
    assert.equal(out.status, "processing");
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.command, "InvokeCommand");
    assert.equal(sent[0]!.FunctionName, "sdga-dev-generate");
    assert.equal(sent[0]!.InvocationType, "Event");
    const payload = JSON.parse(Buffer.from(sent[0]!.Payload).toString("utf8"));
    assert.deepEqual(payload, { sdgaContinuation: { generation_id: out.generation_id } });
    // The event Lambda would deliver runs the job to completion.
    assert.deepEqual(await handler(payload), { status: "completed" });

    answer = () => Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" });
    const refused: any = await handler(request({ volume: 400, seed: 301 }), gatewayContext("generateSyntheticData"));
    assert.equal(refused.error, "InternalError");
    const failed = (await h.scanJobs()).find((j) => j.seed === 301);
    assert.equal(failed?.status, "failed");
    assert.deepEqual(failed?.errors, ["could not start the background generation"]);
  });

  it("gateway: an idempotency key reused with another body is a conflict error object", async () => {
    const key = `gw-key-${Date.now()}`;
    await h.generate(request({ idempotency_key: key }), gatewayContext("generateSyntheticData"));
    const out = await h.generate(request({ idempotency_key: key, output_format: "csv" }), gatewayContext("generateSyntheticData"));
    assert.equal(out.error, "ConflictError");
    assert.match(out.message, /idempotency key already used for a different request/);
  });

  it("getGeneration of an unknown id is a 404 in both formats", async () => {
    const id = "11111111-2222-4333-8444-555555555555";
    const classic = classicBody(await h.generate(classicEvent("getGeneration", { generation_id: id })));
    assert.equal(classic.status, 404);
    assert.match(classic.body.message, /no generation with id 11111111/);
    const gw = await h.generate({ generation_id: id }, gatewayContext("getGeneration"));
    assert.equal(gw.error, "NotFoundError");
  });
});
