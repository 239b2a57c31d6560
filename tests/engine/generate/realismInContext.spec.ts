// Issue 11: values read in context. On GitHub's REST API description (@octokit/openapi) no free-text field
// is Latin, statuses come from the enum or the description's list, SHAs are 40 hex digits, life-cycle dates
// are in order; nested addresses, products, tickets and patterns keep their meaning; the plan records it.
import { strict as assert } from "node:assert";
import { prepareGeneration } from "../../../functions/engine/generate";
import { normaliseSchema } from "../../../functions/engine/schema";
import type { JsonSchemaObject } from "../../../functions/engine/schema/types";
import { latinWords, measureRealism, statusValuesOf } from "../../../functions/engine/metrics/realism";

/** Components of GitHub's description whose rows a reader would check: free text, statuses, SHAs, life-cycle dates. */
const GITHUB_COMPONENTS = ["issue", "pull-request", "repository", "release", "commit", "check-run"];

// eslint-disable-next-line @typescript-eslint/no-require-imports
const github = require("@octokit/openapi/generated/api.github.com.json") as object;

const rowsOf = (schema: JsonSchemaObject, n = 200, seed: string | number = 11) => [...prepareGeneration({ schema, rows: n, seed, format: "jsonl" }).rows()] as Array<Record<string, any>>;
const latin = (s: string) => s.toLowerCase().split(/[^a-z]+/).filter((w) => latinWords().has(w));

describe("realism in context (issue 11)", function () {
  this.timeout(300_000);

  describe("GitHub REST API components, 200 rows each", () => {
    for (const component of GITHUB_COMPONENTS) {
      it(`${component}: no Latin in free text, statuses allowed, SHAs 40 hex, dates in life-cycle order`, () => {
        const { schema } = normaliseSchema(github, { component });
        // The product's own realism check (functions/engine/metrics/realism.ts), as `sdga` users run it.
        const f = measureRealism(rowsOf(schema), statusValuesOf(schema));
        assert.ok(f.freeText > 100 && f.checkedMeanings > 0, JSON.stringify(f));
        assert.equal(f.placeholder, 0, `free-text values with Latin words: ${f.examples.join("; ")}`);
        assert.equal(f.misread, 0, `values of another meaning (statuses outside the enum or the description's list, SHAs not 40 hex digits): ${f.examples.join("; ")}`);
        assert.equal(f.outOfOrder, 0, `later stages dated before earlier ones: ${f.examples.join("; ")}`);
        assert.equal(f.inconsistent, 0, `counts or sums that disagree: ${f.examples.join("; ")}`);
      });
    }

    it("issue: state is open or closed (the description lists them), and an open issue has no closed_at", () => {
      const { schema } = normaliseSchema(github, { component: "issue" });
      const rows = rowsOf(schema);
      const states = new Set(rows.map((r) => r.state));
      assert.deepEqual([...states].sort(), ["closed", "open"]);
      for (const r of rows) if (r.state === "open" && "closed_at" in r) assert.equal(r.closed_at, null);
    });

    it("names follow their object: a repository's name is a slug, its owner's login is not a sentence", () => {
      const { schema } = normaliseSchema(github, { component: "repository" });
      for (const r of rowsOf(schema, 50)) {
        assert.match(r.name, /^[a-z0-9][a-z0-9._-]*$/);
        if (typeof r.full_name === "string") assert.match(r.full_name, /^[a-z0-9-]+\/[a-z0-9._-]+$/);
        if (typeof r.default_branch === "string") assert.match(r.default_branch, /^(main|master|develop|trunk)$/);
      }
    });

    it("the plan records the meaning chosen per field path", () => {
      const { schema } = normaliseSchema(github, { component: "pull-request" });
      const plan = prepareGeneration({ schema, rows: 1, seed: 1, format: "jsonl" });
      assert.equal(typeof plan.meanings["/state"], "string");
      assert.equal(plan.meanings["/merge_commit_sha"], "commit SHA");
      assert.equal(plan.meanings["/title"], "issue title");
      assert.equal(plan.meanings["/head/repo/name"], "repository name");
    });
  });

  it("street lines in any address-like object are street lines, not words", () => {
    const address = { type: "object", required: ["line1", "line2", "city", "postal_code", "state"], properties: { line1: { type: "string" }, line2: { type: "string" }, city: { type: "string" }, postal_code: { type: "string" }, state: { type: "string" } } };
    const schema = {
      type: "object", required: ["shipping_address", "registered_address", "billing"],
      properties: { shipping_address: address, registered_address: address, billing: { type: "object", required: ["street"], properties: { street: { type: "string" } } } },
    } as JsonSchemaObject;
    for (const r of rowsOf(schema, 100)) {
      for (const a of [r.shipping_address, r.registered_address]) {
        assert.match(a.line1, /\d/); // a house number
        assert.match(a.line2, /^(Apt|Suite|Floor|Unit) \w+$/);
        assert.deepEqual(latin(a.line1), []);
      }
      assert.match(r.billing.street, /\d/);
    }
  });

  it("products, tickets, campaigns, companies and errors read as such (no Latin)", () => {
    const s = (props: string[]) => ({ type: "object", required: props, properties: Object.fromEntries(props.map((p) => [p, { type: "string" }])) });
    const schema = {
      type: "object", required: ["product", "ticket", "campaign", "company", "log"],
      properties: {
        product: s(["title", "description", "material"]), ticket: s(["subject", "body", "comment"]), campaign: s(["name"]),
        company: s(["name", "notes"]), log: s(["error_message", "summary"]),
      },
    } as JsonSchemaObject;
    for (const r of rowsOf(schema, 100)) {
      for (const group of Object.values(r)) for (const v of Object.values(group as Record<string, string>)) assert.deepEqual(latin(v), [], v);
      assert.match(r.campaign.name, /\b20\d\d\b/);
    }
  });

  it("a recognisable pattern gives its scheme's values, still matching the pattern", () => {
    const schema = {
      type: "object", required: ["country", "currency", "commit"],
      properties: { country: { type: "string", pattern: "^[A-Z]{2}$" }, currency: { type: "string", pattern: "^[A-Z]{3}$" }, commit: { type: "string", pattern: "^[0-9a-f]{40}$" } },
    } as JsonSchemaObject;
    // A few ISO 3166 and ISO 4217 codes that random letters would rarely give.
    const rows = rowsOf(schema, 300);
    const countries = new Set(rows.map((r) => r.country));
    for (const c of countries) assert.match(c, /^[A-Z]{2}$/);
    assert.ok([...countries].some((c) => ["US", "GB", "DE", "FR", "ES", "CA"].includes(c)));
    for (const r of rows) {
      assert.match(r.currency, /^[A-Z]{3}$/);
      assert.match(r.commit, /^[0-9a-f]{40}$/);
    }
    assert.ok(rows.filter((r) => ["USD", "EUR", "GBP", "JPY"].includes(r.currency)).length > 150);
  });

  it("values a description lists and examples as a palette, every keyword still met", () => {
    const schema = {
      type: "object", required: ["visibility", "mergeable_state", "kind"],
      properties: {
        visibility: { type: "string", description: "The repository visibility: public, private, or internal." },
        mergeable_state: { type: "string", examples: ["clean", "dirty", "blocked"] },
        kind: { type: "string", description: "Either `alpha` or `beta`.", maxLength: 4 },
      },
    } as JsonSchemaObject;
    for (const r of rowsOf(schema, 100)) {
      assert.ok(["public", "private", "internal"].includes(r.visibility), r.visibility);
      assert.ok(["clean", "dirty", "blocked"].includes(r.mergeable_state), r.mergeable_state);
      assert.ok(r.kind.length <= 4); // "alpha" does not fit: the keyword wins
    }
  });

  it("nested life cycles: completed_at after started_at, closed_at and merged_at after created_at, in nested objects", () => {
    const run = { type: "object", required: ["status", "started_at", "completed_at"], properties: { status: { type: "string" }, started_at: { type: "string", format: "date-time" }, completed_at: { type: "string", format: "date-time" } } };
    const pr = { type: "object", required: ["created_at", "updated_at", "closed_at", "merged_at"], properties: Object.fromEntries(["created_at", "updated_at", "closed_at", "merged_at"].map((k) => [k, { type: "string", format: "date-time" }])) };
    const schema = { type: "object", required: ["run", "pulls"], properties: { run, pulls: { type: "array", minItems: 2, items: pr } } } as JsonSchemaObject;
    for (const r of rowsOf(schema, 200)) {
      if (r.run.completed_at) assert.ok(Date.parse(r.run.completed_at) >= Date.parse(r.run.started_at));
      for (const p of r.pulls) {
        for (const k of ["updated_at", "closed_at", "merged_at"]) assert.ok(Date.parse(p[k]) >= Date.parse(p.created_at), k);
        assert.ok(Date.parse(p.closed_at) >= Date.parse(p.merged_at));
      }
    }
  });
});
