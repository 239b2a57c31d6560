import { strict as assert } from "node:assert";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import {
  type ComponentResult, componentNames, loadOctokitDocument, MIN_OCCURRENCES_FOR_NULLS, ROWS,
} from "./octokit";

// GitHub's REST API description as the public test bed of the OpenAPI conversion: every one of its
// schema components is converted and generated (200 rows, seed 1); the first 100 rows of each are judged by
// an independent validator (@cfworker/json-schema) and by the product's (compileValidator), and every
// nullable field seen at least 100 times in the 200 rows must be null somewhere. The work is spread over
// worker threads (OCTOKIT_WORKERS, default: the machine's cores, at most 4). It costs about 2 CPU-minutes,
// most of it in the independent validator and in compiling each component's validators;
// OCTOKIT_VALIDATED_ROWS=200 judges every row, OCTOKIT_ROWS=50 is a quicker local run.

/**
 * Components with a known failure: the text it shows (a generator refusal or the product validator's)
 * and why. A listed failure that stops happening fails the spec too, so the entry goes when its cause
 * is fixed; the rows such a component still gets are judged like any other's.
 */
const KNOWN_FAILURES: Record<string, { failure: RegExp; reason: string }> = {};

const doc = loadOctokitDocument();
const names = componentNames(doc);

/** Starts the workers once; one promise per component, settled when its result arrives. */
function startChecks(): Map<string, Promise<ComponentResult>> {
  const settle = new Map<string, { resolve: (r: ComponentResult) => void; reject: (e: Error) => void }>();
  const pending = new Map<string, Promise<ComponentResult>>();
  for (const name of names) pending.set(name, new Promise((resolve, reject) => settle.set(name, { resolve, reject })));
  const count = Math.max(1, Number(process.env.OCTOKIT_WORKERS) || Math.min(availableParallelism(), 4));
  for (let w = 0; w < count; w++) {
    // Interleaved, so results arrive in about the order the tests ask for them.
    const mine = names.filter((_, i) => i % count === w);
    // Worker threads do not inherit mocha's tsx loader: the worker registers tsx's CommonJS hook itself.
    const worker = new Worker(`require("tsx/cjs"); require(${JSON.stringify(require.resolve("./octokit.worker.ts"))});`, { eval: true, workerData: { names: mine } });
    worker.on("message", (r: ComponentResult) => settle.get(r.name)!.resolve(r));
    const fail = (err: Error) => { for (const n of mine) settle.get(n)!.reject(err); };
    worker.on("error", fail);
    worker.on("exit", (code) => { if (code !== 0) fail(new Error(`octokit worker ${w} exited with code ${code}`)); });
    worker.unref();
  }
  return pending;
}

describe("GitHub's REST API description (@octokit/openapi): every schema component converted, generated and validated", function () {
  this.timeout(120_000);
  const results: ComponentResult[] = [];
  let checks: Map<string, Promise<ComponentResult>>;
  before(() => { checks = startChecks(); });

  it("has the components it is known for", () => {
    assert.ok(names.length > 900, `expected ~970 schema components, found ${names.length}`);
    for (const name of Object.keys(KNOWN_FAILURES)) assert.ok(names.includes(name), `known failure ${name} is no longer a component`);
  });

  for (const name of names) {
    it(name, async () => {
      const r = await checks.get(name)!;
      results.push(r);
      const known = KNOWN_FAILURES[name];
      if (known) {
        const failure = r.failedAt ? `${r.failedAt}: ${r.error}` : r.productRefused;
        assert.match(failure ?? "", known.failure, `known failure no longer happens (remove it from KNOWN_FAILURES): ${known.reason}`);
        if (r.failedAt) return;
      }
      assert.equal(r.failedAt, undefined, `${r.failedAt} failed: ${r.error}`);
      assert.equal(r.rows, ROWS);
      // Notes stay readable (folded per rule) and name places in the document.
      assert.ok(r.notes <= 25, `${r.notes} notes`);
      assert.deepEqual(r.notesOutside, []);
      assert.equal(r.independentInvalid, 0, `${r.independentInvalid} rows invalid for @cfworker/json-schema; first: ${r.independentFirst}`);
      assert.equal(r.productInvalid, 0, `${r.productInvalid} rows invalid for the product's validator; first: ${r.productFirst}`);
      if (!known) assert.equal(r.productRefused, undefined, `the product's validator refused the schema: ${r.productRefused}`);
      assert.deepEqual(r.nullableNeverNull, [], `nullable fields present in ${MIN_OCCURRENCES_FOR_NULLS}+ places of the rows but never null`);
    });
  }

  after(() => {
    if (results.length === 0) return;
    const sum = (f: (r: ComponentResult) => number) => results.reduce((a, r) => a + f(r), 0);
    const slowest = [...results].sort((a, b) => b.ms.prepare + b.ms.rows - (a.ms.prepare + a.ms.rows)).slice(0, 5);
    console.error(`      octokit: ${results.filter((r) => !r.failedAt).length}/${results.length} components generated, `
      + `${sum((r) => r.rows)} rows; invalid rows: ${sum((r) => r.independentInvalid)} (independent), ${sum((r) => r.productInvalid)} (product); `
      + `nullable fields judged ${sum((r) => r.nullableJudged)}, with nulls ${sum((r) => r.nullableWithNull)}, too rare to judge ${sum((r) => r.nullableRare)}; `
      + `ms convert ${sum((r) => r.ms.convert)}, prepare ${sum((r) => r.ms.prepare)}, rows ${sum((r) => r.ms.rows)}, validate ${sum((r) => r.ms.validate)}; `
      + `slowest to generate: ${slowest.map((r) => `${r.name} ${r.ms.prepare}+${r.ms.rows} ms`).join(", ")}`);
  });
});
