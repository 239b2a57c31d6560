// The deploy-time ingestion (functions/ingest) with a stub Bedrock Agent client: it starts one job of the
// stack's data source, waits for it, and fails the invocation (so the deploy) on every way a job can go wrong.
import { strict as assert } from "node:assert";
import { ConflictException, type IngestionJob } from "@aws-sdk/client-bedrock-agent";
import { createIngestHandler } from "../../functions/ingest/app";
import { POLL_INTERVAL_MS, TIMEOUT_MARGIN_MS, type IngestionClient } from "../../functions/ingest/ingestion";

const KB = "KB12345678";
const DS = "DS12345678";
const DIGEST = "a".repeat(64);
const event = { knowledgeBaseId: KB, dataSourceId: DS, documentsDigest: DIGEST };

/** Answers StartIngestionJob with the first job state, each GetIngestionJob with the next. */
function stub(states: Partial<IngestionJob>[], startFailures: Error[] = []) {
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  let next = 0;
  const client: IngestionClient = {
    async send(command) {
      calls.push({ command: command.constructor.name, input: command.input as unknown as Record<string, unknown> });
      if (command.constructor.name === "StartIngestionJobCommand" && startFailures.length > 0) throw startFailures.shift()!;
      const state = states[Math.min(next++, states.length - 1)];
      return { ingestionJob: { ingestionJobId: "JOB1234567", knowledgeBaseId: KB, dataSourceId: DS, ...state } as IngestionJob };
    },
  };
  return { client, calls };
}

function handler(client: IngestionClient, remaining = () => 600_000) {
  const sleeps: number[] = [];
  const h = createIngestHandler({ client, knowledgeBaseId: KB, dataSourceId: DS, sleep: async (ms) => { sleeps.push(ms); }, log: () => undefined });
  return { run: (e: unknown = event) => h(e, { getRemainingTimeInMillis: remaining }), sleeps };
}

const conflict = () => new ConflictException({ message: "an ingestion job is already running", $metadata: {} });

describe("deploy-time knowledge-base ingestion (stub Bedrock Agent client)", () => {
  it("starts a job of the deployed knowledge base and data source and waits until it completes", async () => {
    const { client, calls } = stub([{ status: "STARTING" }, { status: "IN_PROGRESS" }, { status: "COMPLETE", statistics: { numberOfDocumentsScanned: 7, numberOfNewDocumentsIndexed: 7, numberOfDocumentsFailed: 0 } as never }]);
    const { run, sleeps } = handler(client);
    const result = await run();
    assert.deepEqual(result, { ingestionJobId: "JOB1234567", status: "COMPLETE", statistics: { numberOfDocumentsScanned: 7, numberOfNewDocumentsIndexed: 7, numberOfDocumentsFailed: 0 } });
    assert.deepEqual(calls.map((c) => c.command), ["StartIngestionJobCommand", "GetIngestionJobCommand", "GetIngestionJobCommand"]);
    assert.deepEqual([calls[0].input.knowledgeBaseId, calls[0].input.dataSourceId], [KB, DS]);
    assert.equal(calls[0].input.clientToken, undefined, "no token of ours: a digest seen before is ingested again");
    assert.equal(calls[1].input.ingestionJobId, "JOB1234567");
    assert.deepEqual(sleeps, [POLL_INTERVAL_MS, POLL_INTERVAL_MS]);
  });

  it("fails with the job's reasons when the job fails or is stopped", async () => {
    for (const status of ["FAILED", "STOPPED"] as const) {
      const { client } = stub([{ status: "IN_PROGRESS" }, { status, failureReasons: ["AccessDenied on s3:ListBucket"] }]);
      await assert.rejects(handler(client).run(), (e: Error) => e.name === "IngestionFailedError" && e.message.includes(status) && e.message.includes("AccessDenied on s3:ListBucket"));
    }
  });

  it("fails when the job completes with failed documents", async () => {
    const { client } = stub([{ status: "COMPLETE", statistics: { numberOfDocumentsFailed: 2 } as never, failureReasons: ["chunk too large"] }]);
    await assert.rejects(handler(client).run(), /completed with 2 failed documents: chunk too large/);
  });

  it("waits out a job already running on the data source, then starts its own", async () => {
    const { client, calls } = stub([{ status: "COMPLETE" }], [conflict(), conflict()]);
    const { run, sleeps } = handler(client);
    await run();
    assert.deepEqual(calls.map((c) => c.command), ["StartIngestionJobCommand", "StartIngestionJobCommand", "StartIngestionJobCommand"]);
    assert.equal(sleeps.length, 2);
  });

  it("fails, saying so, rather than being cut off by the function's timeout", async () => {
    const { client } = stub([{ status: "IN_PROGRESS" }]);
    let left = 60_000;
    const { run } = handler(client, () => (left -= POLL_INTERVAL_MS));
    await assert.rejects(run(), /still IN_PROGRESS when the function's time runs out/);
    assert.ok(left >= TIMEOUT_MARGIN_MS, "it stopped before the margin");
  });

  it("does not wait for ever for a data source another job keeps busy", async () => {
    const { client } = stub([{ status: "COMPLETE" }], Array.from({ length: 100 }, conflict));
    let left = 60_000;
    await assert.rejects(handler(client, () => (left -= POLL_INTERVAL_MS)).run(), /kept the data source busy/);
  });

  it("passes other errors through (they fail the invocation too)", async () => {
    const { client } = stub([], [Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException" })]);
    await assert.rejects(handler(client).run(), /not authorized/);
  });

  it("loads only the knowledge base it was deployed for, and only with a digest", async () => {
    const { client, calls } = stub([{ status: "COMPLETE" }]);
    const { run } = handler(client);
    await assert.rejects(run({ ...event, knowledgeBaseId: "OTHERKB123" }), /loads knowledge base KB12345678/);
    await assert.rejects(run({ knowledgeBaseId: KB, dataSourceId: DS }), /lacks documentsDigest/);
    await assert.rejects(run({ ...event, documentsDigest: "not-a-digest" }), /SHA-256/);
    assert.equal(calls.length, 0);
  });
});
