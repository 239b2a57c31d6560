import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as vm from "node:vm";
import { BundleError, bundleFunction } from "../../components/bundle";

const fixtures = path.resolve(__dirname, "fixtures/functions");

describe("components/bundle", () => {
  it("bundles a handler as CommonJS, leaving external only what it is told to", async () => {
    const code = bundleFunction("hello", { functionsDir: fixtures, external: ["@aws-sdk/*"] });
    assert.match(code, /require\("@aws-sdk\/client-s3"\)/);
    const module = { exports: {} as { handler?: (e: unknown) => Promise<unknown> } };
    const fakeRequire = (id: string) => { assert.equal(id, "@aws-sdk/client-s3"); return { S3Client: class {} }; };
    vm.runInNewContext(code, { module, exports: module.exports, require: fakeRequire });
    // The result comes from another realm (vm context): compare its JSON.
    assert.equal(JSON.stringify(await module.exports.handler!({ name: "sdga" })), JSON.stringify({ hello: "sdga", sdk: "function" }));
  });

  it("is deterministic: it names sources relative to the repository root, never the checkout path", () => {
    const code = bundleFunction("hello", { functionsDir: fixtures });
    assert.ok(!code.includes(path.resolve(__dirname, "..", "..")), "the bundle embeds the checkout path");
    assert.match(code, /tests\/components\/fixtures\/functions\/hello\/handler\.ts/);
  });

  it("fails clearly when the handler does not exist", () => {
    assert.throws(() => bundleFunction("missing", { functionsDir: fixtures }),
      (e: unknown) => e instanceof BundleError && /functions\/missing\/handler\.ts does not exist/.test(e.message));
    assert.throws(() => bundleFunction("../etc", { functionsDir: fixtures }), BundleError);
  });
});

describe("components/bundle, externals", () => {
  it("bundles the AWS SDK by default, so the functions run the SDK versions they were tested with", () => {
    const code = bundleFunction("hello", { functionsDir: fixtures });
    assert.doesNotMatch(code, /require\("@aws-sdk\/client-s3"\)/);
    assert.match(code, /node_modules\/@aws-sdk\/client-s3\//, "the client is bundled");
  });
});
