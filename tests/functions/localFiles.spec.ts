// The local stack's objects as plain files: each one the S3 stand-in stores is also a file under its real name
// where a person looks (a generation's in <state>/generations/<id>/), through the S3 API as the handlers use
// it: a put, a multipart upload, a copy, a delete; and a state folder from before the links is linked at start.
import "./quiet";
import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CopyObjectCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { startLocalStack, type LocalStack } from "../../functions/local/stack";
import { objectPathOnDisk, plainPathOf } from "../../functions/local/paths";

const FOLDER = "generated-data/local/2026/12/07/0b9c1f2e-aaaa-bbbb-cccc-0123456789ab/";

describe("local stack: objects are plain files under their real names", function () {
  this.timeout(60_000);
  let state: string;
  let stack: LocalStack;
  let s3: S3Client;
  before(async () => {
    state = mkdtempSync(join(tmpdir(), "sdga-files-"));
    stack = await startLocalStack({ stateDir: state });
    s3 = new S3Client({ endpoint: stack.s3Endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  });
  after(async () => {
    s3?.destroy();
    await stack?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  const plain = (key: string) => join(state, "generations", "0b9c1f2e-aaaa-bbbb-cccc-0123456789ab", key.slice(FOLDER.length));

  it("a put, a multipart upload and a copy land in the generation's folder, the same bytes (one inode, no second copy)", async () => {
    await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `${FOLDER}quality_report.html`, Body: "<!DOCTYPE html><p>report</p>", ContentType: "text/html" }));
    const big = Buffer.alloc(11 * 1024 * 1024, 7);
    await new Upload({ client: s3, params: { Bucket: stack.bucket, Key: `${FOLDER}data.parquet`, Body: big }, partSize: 5 * 1024 * 1024 }).done();
    await s3.send(new CopyObjectCommand({ Bucket: stack.bucket, Key: `${FOLDER}copy.html`, CopySource: `${stack.bucket}/${FOLDER}quality_report.html` }));
    assert.equal(readFileSync(plain(`${FOLDER}quality_report.html`), "utf8"), "<!DOCTYPE html><p>report</p>");
    assert.ok(readFileSync(plain(`${FOLDER}data.parquet`)).equals(big));
    assert.equal(readFileSync(plain(`${FOLDER}copy.html`), "utf8"), "<!DOCTYPE html><p>report</p>");
    assert.equal(statSync(plain(`${FOLDER}data.parquet`)).ino, statSync(objectPathOnDisk(stack.s3Dir, stack.bucket, `${FOLDER}data.parquet`)).ino);
    // Overwritten: the plain file follows.
    await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `${FOLDER}quality_report.html`, Body: "<!DOCTYPE html><p>again</p>" }));
    assert.equal(readFileSync(plain(`${FOLDER}quality_report.html`), "utf8"), "<!DOCTYPE html><p>again</p>");
  });

  it("a deleted object's plain file goes with it; a key outside a generation lands in files/<bucket>/", async () => {
    await s3.send(new DeleteObjectCommand({ Bucket: stack.bucket, Key: `${FOLDER}copy.html` }));
    assert.ok(!existsSync(plain(`${FOLDER}copy.html`)));
    await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: "generated-data/local/notes.txt", Body: "n" }));
    assert.equal(readFileSync(join(state, "files", stack.bucket, "generated-data", "local", "notes.txt"), "utf8"), "n");
  });

  it("no plain path for a key that would leave the state folder", () => {
    assert.equal(plainPathOf(state, "b", "../../etc/passwd"), undefined);
    assert.equal(plainPathOf(state, "b", "a//b"), undefined);
    assert.equal(plainPathOf(state, "b", "2026/01/01/../x/y"), undefined);
  });

  it("a state folder from before the links gets them at start-up", async () => {
    const older = mkdtempSync(join(tmpdir(), "sdga-files-old-"));
    try {
      const object = objectPathOnDisk(join(older, "s3"), stack.bucket, `${FOLDER}metadata.json`);
      mkdirSync(join(object, ".."), { recursive: true });
      writeFileSync(object, `{"volume": 3}`);
      const again = await startLocalStack({ stateDir: older });
      await again.stop();
      assert.equal(readFileSync(join(older, "generations", "0b9c1f2e-aaaa-bbbb-cccc-0123456789ab", "metadata.json"), "utf8"), `{"volume": 3}`);
    } finally {
      rmSync(older, { recursive: true, force: true });
    }
  });
});
