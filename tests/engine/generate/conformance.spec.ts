import { strict as assert } from "node:assert";
import { CONFORMANCE_DRAFTS } from "../../fixtures/conformance";
import { conformanceGroups, runConformance, sharePerFile } from "./conformance";
import { engineInstances } from "./engineUnderTest";

// Floors per draft. 2020-12 was measured at 322 of 324 groups when its floor was set; drafts 4, 6, 7 and
// 2019-09 go through the schema front door's migration and were measured at 100% of their checkable groups.
// A share may rise; it must not fall below the floor.
const SHARE_FLOOR: Record<(typeof CONFORMANCE_DRAFTS)[number], number> = {
  draft4: 0.95, draft6: 0.95, draft7: 0.95, "draft2019-09": 0.95, "draft2020-12": 0.99,
};

describe("generator conformance (JSON Schema Test Suite, every draft, through the schema front door)", function () {
  this.timeout(240_000);

  for (const draft of CONFORMANCE_DRAFTS) {
    describe(draft, () => {
      it(`generates 20 instances valid in ${draft} for at least ${SHARE_FLOOR[draft] * 100}% of satisfiable local case groups`, async () => {
        const groups = conformanceGroups(draft);
        assert.ok(groups.length > 100, `expected the suite's ${draft} groups, found ${groups.length}`);
        const outcomes = await runConformance((schema, count) => engineInstances(schema, count, "conformance"), groups);
        const { share } = sharePerFile(outcomes);
        const failed = outcomes.filter((o) => !o.passed).map((o) => `${o.group.file}: ${o.group.description} (${o.reason})`);
        assert.ok(share >= SHARE_FLOOR[draft], `share ${share.toFixed(4)} fell below ${SHARE_FLOOR[draft]}; failing groups:\n${failed.join("\n")}`);
      });

      it("refuses rather than emitting invalid instances: every failure is a refusal", async () => {
        const outcomes = await runConformance((schema, count) => engineInstances(schema, count, 7), conformanceGroups(draft));
        const invalid = outcomes.filter((o) => !o.passed && !o.reason?.startsWith("refused"));
        assert.deepEqual(invalid.map((o) => `${o.group.file}: ${o.group.description}: ${o.reason}`), []);
      });
    });
  }
});
