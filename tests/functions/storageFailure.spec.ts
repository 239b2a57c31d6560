import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { CreateBucketCommand, HeadObjectCommand } from "@aws-sdk/client-s3";
import { startHarness, USER_PROFILE, type Harness } from "./harness";
import { classicBody, classicEvent, gatewayContext } from "../../functions/local/events";
import { createS3Client } from "../../functions/shared/clients";
import { createGenerateHandler } from "../../functions/generate/app";
import { inProcessContinuation } from "../../functions/shared/continuation";
import { continueGeneration, type GenerationDeps } from "../../functions/generate/generation";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require("s3rver") as new (opts: Record<string, unknown>) => { run(): Promise<AddressInfo>; close(): Promise<void> };

describe("generate handler: S3 failures leave no object and a failed job", function () {
  let h: Harness;
  before(async function () {
    h = await startHarness();
  });
  after(async () => h?.stop());

  it("bucket removed: the job is failed with a storage reason and nothing is written", async () => {
    const deps: GenerationDeps = {
      ...h.generateDeps,
      config: { ...h.config, dataBucket: "sdga-removed-bucket" },
    };
    const handler = createGenerateHandler(deps);
    const { status, body } = classicBody(await handler(classicEvent("generateSyntheticData", {
      data_type: "user_profile", volume: 20, schema: USER_PROFILE, output_format: "jsonl",
    })));
    assert.equal(status, 200);
    assert.equal(body.status, "failed");
    assert.match(body.errors[0], /storage error \(NoSuchBucket\)/);
    const job = await h.jobs.get(body.generation_id);
    assert.equal(job?.status, "failed");
    assert.deepEqual(job?.errors, body.errors);
    assert.deepEqual(await h.listKeys(job!.folder), []);
  });

  it("server stopped mid-upload: the multipart upload is abandoned, no object exists, the job is failed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sdga-s3-stop-"));
    const server = new S3rver({ address: "127.0.0.1", port: 0, directory: dir, silent: true });
    const { port } = await server.run();
    const s3 = createS3Client({ s3Endpoint: `http://127.0.0.1:${port}` });
    await s3.send(new CreateBucketCommand({ Bucket: h.config.dataBucket }));
    // Stop the server as soon as the first part has been stored: the remaining parts cannot be sent.
    let stopped = false;
    s3.middlewareStack.add((next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === "UploadPartCommand" && !stopped) {
        stopped = true;
        await server.close();
      }
      return result;
    }, { step: "deserialize", name: "stopServerAfterFirstPart" });
    const deps: GenerationDeps = {
      ...h.generateDeps, s3,
      config: { ...h.config, syncRowLimit: 100_000 },
    };
    deps.startContinuation = inProcessContinuation((id) => continueGeneration(deps, id));
    try {
      // About 8 MB of JSON lines: more than one 5 MB part.
      const wide = { ...USER_PROFILE, properties: { ...USER_PROFILE.properties, bio: { type: "string", minLength: 300, maxLength: 320 } } };
      const out: any = await createGenerateHandler(deps)({
        data_type: "user_profile", volume: 20_000, schema: wide, output_format: "jsonl", seed: 3,
      }, gatewayContext("generateSyntheticData"));
      assert.ok(stopped, "the server was stopped during the upload");
      assert.equal(out.status, "failed", JSON.stringify(out));
      assert.match(out.errors[0], /storage error/);
      const job = await h.jobs.get(out.generation_id);
      assert.equal(job?.status, "failed");
      // Bring the same store back: the data object was never completed.
      const again = new S3rver({ address: "127.0.0.1", port, directory: dir, silent: true });
      await again.run();
      try {
        const check = createS3Client({ s3Endpoint: `http://127.0.0.1:${port}` });
        await assert.rejects(check.send(new HeadObjectCommand({ Bucket: h.config.dataBucket, Key: `${job!.folder}data.jsonl` })));
        await assert.rejects(check.send(new HeadObjectCommand({ Bucket: h.config.dataBucket, Key: `${job!.folder}metadata.json` })));
        check.destroy();
      } finally {
        await again.close();
      }
    } finally {
      s3.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
