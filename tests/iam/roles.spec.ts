// Least privilege, proved by simulation (tests/iam/simulate.ts) against each function's table
// (functions/<name>/permissions.ts): first on the roles the pure helpers of components/policies.ts compose,
// then on the roles of the local preview's graph (the policies the program really attaches).
import * as assert from "node:assert/strict";
import { cachedPreview } from "../policy-pack/previews";
import { graphServiceRole, ServiceRole } from "./serviceRoles";
import { pipelineRolePolicy } from "../../components/generationPipeline";
import { FUNCTIONS, FunctionLabel, graphFunctionRole, helperContext, helperRole, tableFor, TableContext } from "./roles";
import {
  describeMismatch, PermissionTable, removalBreaks, RoleUnderTest, SimulationError, tableMismatches, unusedActions,
  wideningLeaks, decide,
} from "./simulate";

/** Grants no request of the code needs (none today: an entry here is a known excess waiting for its fix). */
const REPORTED_EXCESS: Record<FunctionLabel, string[]> = { generate: [], validate: [], metrics: [], retrieve: [], ingest: [] };

function proveLeastPrivilege(fn: FunctionLabel | ServiceRole, source: () => Promise<{ role: RoleUnderTest; table: PermissionTable }>,
  excess: string[] | "code-free" = REPORTED_EXCESS[fn as FunctionLabel]) {
  describe(fn, () => {
    let role: RoleUnderTest;
    let table: PermissionTable;
    before(async () => ({ role, table } = await source()));

    it("allows every request of its code and denies every near miss", async () => {
      const mismatches = await tableMismatches(role, table);
      assert.deepEqual(mismatches.map(describeMismatch), []);
      assert.ok(table.allowed.length > 0 && table.denied.length > 0);
    });

    it("needs every statement: removing any breaks an allowed request", async () => {
      const unneeded = (await removalBreaks(role, table)).filter((r) => r.broken.length === 0).map((r) => r.label);
      assert.deepEqual(unneeded, []);
    });

    it("is scoped where it matters: widening any scoped statement to `*` lets a denied request through", async () => {
      const results = await wideningLeaks(role, table);
      assert.ok(results.length > 0, "no scoped statement");
      assert.deepEqual(results.filter((r) => r.leaked.length === 0).map((r) => r.label), []);
    });

    // A service role's allowed list is what the service documents calling, not code of ours: no such check.
    if (excess !== "code-free") {
      it("grants no action the code does not use, beyond those reported", async () => {
        const unused = (await unusedActions(role, table)).map((u) => u.replace(/^[^/]+\//, ""));
        assert.deepEqual(unused.sort(), [...excess].sort());
      });
    }
  });
}

describe("IAM least privilege (iam-simulate)", function () {
  this.timeout(60_000);

  describe("the simulator", () => {
    it("rejects an action that does not exist instead of calling it denied", async () => {
      const role = helperRole("validate");
      await assert.rejects(decide(role, { action: "lambda:InvokeModel", resource: "*", why: "typo" }), SimulationError);
    });
  });

  describe("roles composed by components/policies.ts", () => {
    for (const fn of FUNCTIONS) {
      proveLeastPrivilege(fn, async () => ({ role: helperRole(fn), table: tableFor(fn, helperContext(fn)) }));
    }
  });

  for (const agentRuntime of ["agentcore", "classic"] as const) {
    describe(`roles of the dev stack's preview graph (${agentRuntime})`, function () {
      // Classic agents reach the knowledge base directly: no retrieve function.
      const functions = FUNCTIONS.filter((fn) => agentRuntime === "agentcore" || fn !== "retrieve");
      const serviceRoles: ServiceRole[] = agentRuntime === "agentcore" ? ["gateway", "harness", "knowledge-base"] : ["classic-agent", "knowledge-base"];
      let graph: Awaited<ReturnType<typeof cachedPreview>> | undefined;
      before(async function () {
        graph = await cachedPreview({ stack: "dev", config: { agentRuntime } });
      });

      it("simulates every role of the graph", () => {
        const roles = graph!.resources.filter((r) => r.type === "aws:iam/role:Role").map((r) => String(r.outputs.arn)).sort();
        const simulated = [
          ...functions.map((fn) => graphFunctionRole(graph!.resources, fn, "prod").role.roleArn),
          ...serviceRoles.map((which) => graphServiceRole(graph!.resources, which)!.role.roleArn),
          // The generation pipeline's role: simulated in tests/iam/pipeline.spec.ts (its document, checked next).
          ...graph!.resources.filter((r) => r.type === "aws:iam/role:Role" && r.name === "sdga-dev-pipeline-role").map((r) => String(r.outputs.arn)),
        ].sort();
        assert.deepEqual(simulated, roles);
      });

      it("gives the generation pipeline's role exactly the policy tests/iam/pipeline.spec.ts simulates", () => {
        const policy = graph!.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "sdga-dev-pipeline-policy");
        const key = graph!.resources.find((r) => r.type === "aws:kms/key:Key")!;
        const worker = graph!.resources.find((r) => r.type === "aws:lambda/function:Function" && r.inputs.name === "sdga-dev-generate")!;
        const [, partition, , region, accountId] = String(key.outputs.arn).split(":");
        assert.ok(policy, "no pipeline policy in the graph");
        assert.deepEqual(JSON.parse(String(policy.inputs.policy)), pipelineRolePolicy({ partition, region, accountId }, {
          name: "sdga-dev-generation-pipeline", workerArn: String(worker.outputs.arn), keyArn: String(key.outputs.arn),
        }));
      });

      for (const fn of functions) {
        proveLeastPrivilege(fn, async () => {
          const { role, context } = graphFunctionRole(graph!.resources, fn, "prod");
          const filled: TableContext = context;
          // ingest touches no storage: its table needs no bucket, prefix or table.
          const optional = fn === "ingest" ? ["dataBucket", "dataPrefix", "tableName"] : ["knowledgeBaseId"];
          for (const [key, value] of Object.entries(filled)) assert.ok(value !== "" || optional.includes(key), `${fn}: ${key} unknown in the graph`);
          return { role, table: tableFor(fn, filled) };
        });
      }
      for (const which of serviceRoles) {
        proveLeastPrivilege(which, async () => {
          const found = graphServiceRole(graph!.resources, which);
          assert.ok(found, `no ${which} role in the ${agentRuntime} graph`);
          return found;
        }, "code-free");
      }
    });
  }
});
