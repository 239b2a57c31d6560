import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  NameLimitError, autoNamedBucketLogicalName, bedrockName, gatewayName, gatewayTargetName, harnessName, lambdaFunctionName,
  openSearchName, resourceTags, stackPrefix, vectorBucketName,
} from "../../components/names";

describe("components/names", () => {
  it("derives every explicit name of each stack within its service's limits", () => {
    for (const env of ["dev", "staging", "prod"]) {
      const prefix = stackPrefix("sdga", env);
      assert.equal(harnessName(prefix), `sdga_${env}_agent`);
      assert.match(harnessName(prefix), /^[A-Za-z][A-Za-z0-9_]{0,39}$/);
      assert.doesNotMatch(gatewayName(prefix), /_/);
      assert.ok(openSearchName(prefix, "kb-data").length <= 32);
      assert.ok(vectorBucketName(prefix, "123456789012").length <= 63);
      assert.ok(lambdaFunctionName(prefix, "generate").length <= 64);
      assert.match(bedrockName(prefix, "agent"), /^([0-9a-zA-Z][_-]?){1,100}$/);
    }
  });

  it("refuses names the services would reject, naming the rule", () => {
    assert.throws(() => gatewayTargetName("my_target"), (e: unknown) => e instanceof NameLimitError && /no '_'/.test(e.message));
    // CreateGateway's GatewayName is ([0-9a-zA-Z][-]?){1,48} (bedrock-agentcore-control model): 48 letters or
    // digits, each of which may carry one '-'. "<prefix>-tools" with a 43-letter prefix has 48 of them.
    assert.equal(gatewayName("a".repeat(43)), `${"a".repeat(43)}-tools`);
    assert.throws(() => gatewayName("a".repeat(44)), (e: unknown) => e instanceof NameLimitError && /48/.test(e.message));
    assert.throws(() => harnessName("9lives"), NameLimitError);
    assert.throws(() => harnessName("a".repeat(40)), NameLimitError);
    assert.throws(() => openSearchName("sdga-staging-with-a-long-name", "kb-data"), /3-32/);
    assert.throws(() => bedrockName("sdga--dev", "agent"), NameLimitError);
    assert.throws(() => stackPrefix("SDGA", "dev"), NameLimitError);
  });

  it("keeps auto-named bucket logical names at 55 characters so 63 with Pulumi's 8-character suffix", () => {
    assert.equal(autoNamedBucketLogicalName("a".repeat(55)), "a".repeat(55));
    assert.throws(() => autoNamedBucketLogicalName("a".repeat(56)), /55/);
    fc.assert(fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,70}[a-z0-9]$/), (name) => {
      let ok = true;
      try { autoNamedBucketLogicalName(name); } catch { ok = false; }
      assert.equal(ok, name.length <= 55);
    }));
  });

  it("tags a resource with the stack tags plus Name and Component, the component's winning", () => {
    assert.deepEqual(resourceTags({ Project: "sdga", Name: "stack" }, "SecureBucket", "sdga-dev-data"),
      { Project: "sdga", Name: "sdga-dev-data", Component: "SecureBucket" });
  });
});
