// The pack as the Pulumi CLI runs it: policy-pack/index.ts started with ts-node and the pack's own tsconfig,
// in the pack's directory, serving the analyzer gRPC API; the spec is the CLI's side of that conversation
// (analyzer info, configure, analyze). No Pulumi CLI is needed for this.
import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { allPolicies, POLICY_PACK_NAME } from "../../policy-pack/policies";
import { evaluatePolicies, GraphResource } from "../../policy-pack/local/evaluate";
import { cachedPreview } from "./previews";

/* eslint-disable @typescript-eslint/no-require-imports */
// gRPC and protobuf as @pulumi/policy itself loads them (transitive dependencies, not the project's own).
const fromPolicy = (id: string) => require.resolve(id, { paths: [path.dirname(require.resolve("@pulumi/policy"))] });
const grpc = require(fromPolicy("@grpc/grpc-js")) as typeof import("@grpc/grpc-js");
const rpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const pb = require("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require(fromPolicy("google-protobuf/google/protobuf/struct_pb"));
const { Empty } = require(fromPolicy("google-protobuf/google/protobuf/empty_pb"));
/* eslint-enable @typescript-eslint/no-require-imports */

const PACK_DIR = path.join(__dirname, "../../policy-pack");
const LEVEL = ["advisory", "mandatory", "disabled", "remediate"];

type Call = (request: unknown, callback: (error: Error | null, response: any) => void) => void;
const call = (client: any, method: string, request: unknown): Promise<any> =>
  new Promise((resolve, reject) => (client[method] as Call).call(client, request, (e, r) => (e ? reject(e) : resolve(r))));

describe("policy pack served as the CLI runs it (gRPC analyzer)", function () {
  this.timeout(90_000);
  let pack: ChildProcess;
  let client: any;
  let stderr = "";

  before(async () => {
    // As the CLI does: the pack's directory as cwd, ts-node with the pack's tsconfig. Types are checked by
    // `npm run typecheck` (same tsconfig), so this start only transpiles.
    pack = spawn(process.execPath, ["-r", "ts-node/register", "index.ts"], {
      cwd: PACK_DIR,
      env: { ...process.env, TS_NODE_PROJECT: path.join(PACK_DIR, "tsconfig.json"), TS_NODE_TRANSPILE_ONLY: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    pack.stderr!.on("data", (d) => { stderr += String(d); });
    const port = await new Promise<string>((resolve, reject) => {
      pack.stdout!.once("data", (d) => resolve(String(d).trim()));
      pack.once("exit", (code) => reject(new Error(`the pack exited with ${code}: ${stderr}`)));
    });
    assert.match(port, /^\d+$/);
    client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });
  after(() => { client?.close(); pack?.kill(); });

  const analyze = async (type: string, name: string, props: Record<string, unknown>) => {
    const request = new pb.AnalyzeRequest();
    request.setType(type);
    request.setName(name);
    request.setUrn(`urn:pulumi:prod::sdga::${type}::${name}`);
    request.setProperties(Struct.fromJavaScript(props));
    request.setOptions(new pb.AnalyzerResourceOptions()); // the CLI always sends options
    const response = await call(client, "analyze", request);
    return response.getDiagnosticsList().map((d: any) => ({ policy: d.getPolicyname(), level: LEVEL[d.getEnforcementlevel()], message: d.getMessage() }));
  };
  const publicPolicy = { bucket: "b", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }] }) };

  it("announces every policy, mandatory by default", async () => {
    const info = await call(client, "getAnalyzerInfo", new Empty());
    assert.equal(info.getName(), POLICY_PACK_NAME);
    assert.equal(info.getVersion(), require("../../policy-pack/package.json").version);
    const names = info.getPoliciesList().map((p: any) => p.getName()).sort();
    assert.deepEqual(names, allPolicies.map((p) => p.name).sort());
  });

  it("blocks a public bucket policy", async () => {
    const found = await analyze("aws:s3/bucketPolicy:BucketPolicy", "public", publicPolicy);
    const notPublic = found.find((d: { policy: string }) => d.policy === "s3-bucket-policy-not-public");
    assert.equal(notPublic?.level, "mandatory");
    assert.match(notPublic!.message, /Statement 'PublicRead' allows s3:GetObject to anyone/);
    assert.ok(found.some((d: { policy: string }) => d.policy === "s3-bucket-policy-tls-only"));
  });

  it("checks IAM actions against iam-data inside the pack", async () => {
    const found = await analyze("aws:iam/rolePolicy:RolePolicy", "typo", {
      role: "r", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "lambda:InvokeModel", Resource: "arn:aws:lambda:us-east-1:123456789012:function:f" }] }),
    });
    assert.deepEqual(found.map((d: { policy: string }) => d.policy), ["iam-actions-exist"]);
  });

  /** Every violation the real analyzer reports over a graph: resources one by one (inputs), then the stack (outputs). */
  const analyzeGraph = async (graph: GraphResource[]) => {
    const json = (v: unknown) => Struct.fromJavaScript(JSON.parse(JSON.stringify(v ?? {})));
    const found: string[] = [];
    const collect = (response: any, urn?: string) => {
      for (const d of response.getDiagnosticsList()) {
        // The served message starts with the policy's description (the CLI prints both).
        const message = String(d.getMessage()).replace(`${d.getDescription()}\n`, "");
        found.push(`${d.getPolicyname()} ${d.getUrn() || urn} ${message}`);
      }
    };
    const stack = new pb.AnalyzeStackRequest();
    for (const r of graph) {
      const request = new pb.AnalyzeRequest();
      request.setType(r.type); request.setName(r.name); request.setUrn(r.urn);
      request.setProperties(json(r.inputs));
      request.setOptions(new pb.AnalyzerResourceOptions());
      collect(await call(client, "analyze", request), r.urn);
      const resource = new pb.AnalyzerResource();
      resource.setType(r.type); resource.setName(r.name); resource.setUrn(r.urn);
      resource.setProperties(json(r.outputs));
      const options = new pb.AnalyzerResourceOptions();
      if (r.parent) { options.setParent(r.parent); resource.setParent(r.parent); }
      resource.setOptions(options);
      resource.setDependenciesList(r.dependencies);
      for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
        const deps = new pb.AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        resource.getPropertydependenciesMap().set(key, deps);
      }
      stack.addResources(resource);
    }
    collect(await call(client, "analyzeStack", stack));
    return found.sort();
  };

  for (const [label, options] of [
    ["the insecure program", { stack: "prod", program: "tests/policy-pack/fixtures/insecure-program.ts" }],
    ["the real program (prod, classic)", { stack: "prod", config: { agentRuntime: "classic" } }],
  ] as const) {
    it(`reports what scripts/policy-check.ts reports, on ${label}`, async () => {
      const graph = (await cachedPreview(options)).resources.filter((r) => !r.type.startsWith("pulumi:"));
      const local = (await evaluatePolicies({ policies: allPolicies, graph }))
        .map((v) => `${v.policy} ${v.urn} ${v.message}`).sort();
      const served = await analyzeGraph(graph);
      assert.deepEqual(served, local);
      if (label === "the insecure program") assert.ok(local.length >= 7);
    });
  }

  it("takes per-policy levels and config from the CLI (as from policy-pack/dev.json)", async () => {
    const request = new pb.ConfigureAnalyzerRequest();
    const advisory = new pb.PolicyConfig();
    advisory.setEnforcementlevel(pb.EnforcementLevel.ADVISORY);
    advisory.setProperties(Struct.fromJavaScript({})); // the CLI always sends properties
    request.getPolicyconfigMap().set("s3-bucket-policy-not-public", advisory);
    const tags = new pb.PolicyConfig();
    tags.setEnforcementlevel(pb.EnforcementLevel.MANDATORY);
    tags.setProperties(Struct.fromJavaScript({ requiredTags: ["DataClass"], exemptTypes: [] }));
    request.getPolicyconfigMap().set("required-tags", tags);
    await call(client, "configure", request);
    const found = await analyze("aws:s3/bucketPolicy:BucketPolicy", "public", publicPolicy);
    assert.equal(found.find((d: { policy: string }) => d.policy === "s3-bucket-policy-not-public")?.level, "advisory");
    const tagged = await analyze("aws:sns/topic:Topic", "topic", { kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:key/k", tags: { Project: "sdga" } });
    assert.match(tagged.find((d: { policy: string }) => d.policy === "required-tags")?.message ?? "", /DataClass/);
  });
});
