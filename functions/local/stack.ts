// Local stand-ins for the stack's storage: s3rver (S3) and dynalite (DynamoDB), in this process on
// 127.0.0.1 with random ports, holding their state in a folder (default .sdga/) so later runs see
// earlier generations. The bucket and table are created as the stack creates them. s3rver runs over a
// hardened file store (s3store.ts): writes are whole or absent, a full disk is a 500 not a crash, aborted
// uploads remove their parts, and what a dead process left half-done is removed at start-up. The folder has
// one owner at a time (lock.ts), and every object is also a plain file under its real name (paths.ts).
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { join, resolve } from "node:path";
import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { STATUS_INDEX } from "../shared/jobs";
import { acquireStateLock, type StateLock } from "./lock";
import { plainPathOf } from "./paths";
import { abortUploadMiddleware, cleanUpS3Folder, freeBytes, linkPlainFiles, SafeFilesystemStore, type CleanUp, type PlainPathOf } from "./s3store";

export const LOCAL_BUCKET = "sdga-local-data";
export const LOCAL_TABLE = "sdga-local-generations";
export const LOCAL_ENVIRONMENT = "local";
export { STATUS_INDEX } from "../shared/jobs";

export interface LocalStack {
  stateDir: string;
  s3Endpoint: string;
  dynamodbEndpoint: string;
  bucket: string;
  table: string;
  /** Folder where s3rver keeps the bucket's objects (objects are files under it). */
  s3Dir: string;
  /** Environment variables the handlers read (DATA_BUCKET, GENERATIONS_TABLE, endpoints, ...). */
  env: Record<string, string>;
  /** What the start-up clean-up removed from the S3 folder (a previous process's open uploads, temp files). */
  cleaned: CleanUp;
  /** This process's hold on the state folder (owner.json); stop() releases it. */
  lock: StateLock;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** Folder for persistent state; default `.sdga` in the working directory, or SDGA_STATE_DIR. */
  stateDir?: string;
  environment?: string;
  /**
   * Simulates a small disk for the S3 stand-in: writes that would take its folder past this many bytes
   * fail with ENOSPC (the fault specs use it where no small file system can be mounted).
   */
  s3QuotaBytes?: number;
  /** The command the lock names as the folder's owner (default: this process's command line). */
  command?: string;
}

/** The generations table as the stack defines it: key generation_id, GSI on status + created_at, TTL. */
export function generationsTableDefinition(table: string) {
  return {
    TableName: table,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [
      { AttributeName: "generation_id", AttributeType: "S" as const },
      { AttributeName: "status", AttributeType: "S" as const },
      { AttributeName: "created_at", AttributeType: "S" as const },
    ],
    KeySchema: [{ AttributeName: "generation_id", KeyType: "HASH" as const }],
    GlobalSecondaryIndexes: [{
      IndexName: STATUS_INDEX,
      KeySchema: [
        { AttributeName: "status", KeyType: "HASH" as const },
        { AttributeName: "created_at", KeyType: "RANGE" as const },
      ],
      Projection: { ProjectionType: "ALL" as const },
    }],
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.closeAllConnections?.();
    server.close(() => done());
  });
}

/** Stops dynalite and closes its LevelDB, so the folder can be reused or removed. */
async function closeDynamo(dynamo: Server): Promise<void> {
  await closeServer(dynamo);
  const db = (dynamo as unknown as { db?: { close?: () => Promise<void> } }).db;
  await db?.close?.().catch(() => undefined);
}

async function ensureBucket(endpoint: string, bucket: string): Promise<void> {
  // A plain client: importing the handlers' client module here would create Powertools before the
  // local environment variables are set.
  const s3 = new S3Client({
    endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  s3.destroy();
}

async function ensureTable(endpoint: string, table: string): Promise<void> {
  const ddb = new DynamoDBClient({ endpoint, region: "us-east-1", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    await ddb.send(new DescribeTableCommand({ TableName: table }));
  } catch {
    await ddb.send(new CreateTableCommand(generationsTableDefinition(table)));
  }
  // A table is usable only once ACTIVE (dynalite flips CREATING -> ACTIVE on a timer).
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await ddb.send(new DescribeTableCommand({ TableName: table }));
    if (Table?.TableStatus === "ACTIVE") break;
    await new Promise((done) => setTimeout(done, 10));
  }
  // dynalite has no TTL (DESIGN.md): the expires_at attribute is written but never acted on locally.
  ddb.destroy();
}

/** Below this much free space the stand-ins are not started: DynamoDB's store cannot even open. */
const MIN_FREE_BYTES = 1024 * 1024;

export class LocalStackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LocalStackError";
  }
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  store: unknown;
  context: { store: unknown };
  middleware: unknown[];
}

export interface S3StandIn {
  endpoint: string;
  port: number;
  dir: string;
  close(): Promise<void>;
}

/**
 * The S3 stand-in alone: s3rver over the hardened store (s3store.ts) on 127.0.0.1, holding its objects in
 * `dir`. The local stack's, or one a spec stops and starts again on the same folder and port.
 */
export async function startS3StandIn(dir: string, options: { port?: number; quotaBytes?: number; plainPathOf?: PlainPathOf } = {}): Promise<S3StandIn> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require("s3rver") as new (opts: Record<string, unknown>) => S3rverInstance;
  const s3rver = new S3rver({ address: "127.0.0.1", port: options.port ?? 0, directory: dir, silent: true });
  s3rver.store = s3rver.context.store = new SafeFilesystemStore(dir, options.quotaBytes, options.plainPathOf);
  // Before the router (the last middleware), which answers 405 to AbortMultipartUpload.
  s3rver.middleware.splice(s3rver.middleware.length - 1, 0, abortUploadMiddleware(dir));
  const { port } = await s3rver.run();
  return { endpoint: `http://127.0.0.1:${port}`, port, dir, close: () => s3rver.close().catch(() => undefined) };
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const stateDir = resolve(options.stateDir ?? process.env.SDGA_STATE_DIR ?? ".sdga");
  const s3Dir = join(stateDir, "s3");
  const dynamoDir = join(stateDir, "dynamodb");
  mkdirSync(s3Dir, { recursive: true });
  mkdirSync(dynamoDir, { recursive: true });
  // Before anything in the folder is touched: a second process would close the first one's database.
  const lock = acquireStateLock(stateDir, options.command);
  if (lock.tookOverFrom) {
    process.stderr.write(`sdga: took over ${stateDir} from pid ${lock.tookOverFrom.pid} (${lock.tookOverFrom.command}), which is no longer running\n`);
  }
  let s3: S3StandIn | undefined;
  let dynamo: Server | undefined;
  let cleaned: CleanUp;
  const plainPath: PlainPathOf = (bucket, key) => plainPathOf(stateDir, bucket, key);
  try {
    // What a previous process left half-done goes first: it may be what filled the disk.
    cleaned = cleanUpS3Folder(s3Dir);
    const free = freeBytes(stateDir);
    if (free < MIN_FREE_BYTES) {
      throw new LocalStackError(`the local state folder ${stateDir} has ${free} bytes free; free some space (or use another --state-dir) and start again`);
    }
    linkPlainFiles(s3Dir, plainPath);

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const dynalite = require("dynalite") as (opts: Record<string, unknown>) => Server;
    s3 = await startS3StandIn(s3Dir, { plainPathOf: plainPath, ...(options.s3QuotaBytes !== undefined ? { quotaBytes: options.s3QuotaBytes } : {}) });
    dynamo = dynalite({ path: dynamoDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise<void>((done, fail) => {
      dynamo!.once("error", fail);
      dynamo!.listen(0, "127.0.0.1", () => done());
    });
  } catch (err) {
    await s3?.close();
    if (dynamo) await closeDynamo(dynamo);
    lock.release();
    throw err;
  }
  const s3Endpoint = s3.endpoint;
  const dynamodbEndpoint = `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;
  const environment = options.environment ?? LOCAL_ENVIRONMENT;

  const stop = async () => {
    await s3!.close();
    await closeDynamo(dynamo!);
    lock.release();
  };
  try {
    await ensureBucket(s3Endpoint, LOCAL_BUCKET);
    await ensureTable(dynamodbEndpoint, LOCAL_TABLE);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    stateDir, s3Endpoint, dynamodbEndpoint, bucket: LOCAL_BUCKET, table: LOCAL_TABLE, s3Dir, cleaned, lock,
    env: {
      DATA_BUCKET: LOCAL_BUCKET,
      GENERATIONS_TABLE: LOCAL_TABLE,
      ENVIRONMENT: environment,
      DATA_PREFIX: `generated-data/${environment}/`,
      SDGA_S3_ENDPOINT: s3Endpoint,
      SDGA_DYNAMODB_ENDPOINT: dynamodbEndpoint,
      AWS_REGION: process.env.AWS_REGION ?? "us-east-1",
      POWERTOOLS_SERVICE_NAME: "synthetic-data-agent-local",
      POWERTOOLS_METRICS_NAMESPACE: "SyntheticDataAgent",
      POWERTOOLS_TRACE_ENABLED: "false",
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? "true",
    },
    stop,
  };
}
