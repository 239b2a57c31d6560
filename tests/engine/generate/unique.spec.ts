import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keyedPermutation, prepareGeneration, uniqueIntegers, uniqueUuids } from "../../../functions/engine/generate";
import { GenContext } from "../../../functions/engine/generate/context";
import { loadLocale } from "../../../functions/engine/generate/locale";
import { Rng } from "../../../functions/engine/generate/prng";
import { compilePatternDeal } from "../../../functions/engine/generate/regex";
import { asciiLetters, codedDeal, codeStyleOf, emailDeal, fullNameDeal, usernameDeal } from "../../../functions/engine/generate/uniqueStrings";
import { compileValidator } from "../../../functions/engine/validate/compile";
import { ShardPool, writeJobFile, type ShardJob } from "../../../functions/engine/shards";
import type { JsonSchemaObject } from "../../../functions/engine/schema/types";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("x-unique from the global row index: a keyed permutation of the value space", () => {
  it("keyedPermutation reaches every value of the space once, in an order set by the key", () => {
    for (const size of [1, 2, 3, 7, 100, 1_000, 4_097]) {
      const permute = keyedPermutation("k", size);
      const values = Array.from({ length: size }, (_, i) => permute(i)!);
      assert.deepEqual([...values].sort((a, b) => a - b), Array.from({ length: size }, (_, i) => i), `size ${size}`);
      assert.equal(permute(size), undefined);
      assert.equal(permute(-1), undefined);
    }
    const a = Array.from({ length: 50 }, (_, i) => keyedPermutation("seed-a", 1_000)(i));
    const b = Array.from({ length: 50 }, (_, i) => keyedPermutation("seed-b", 1_000)(i));
    assert.notDeepEqual(a, b);
    assert.notDeepEqual(a, Array.from({ length: 50 }, (_, i) => i), "the order is not the index's");
    assert.throws(() => keyedPermutation("k", 0), /1 to 2\^52/);
  });

  it("uniqueIntegers and uniqueUuids (the primary-key helpers) never repeat, and run out only at the range's end", () => {
    const ints = uniqueIntegers("pk", 10, 58, 2);
    const dealt = Array.from({ length: 25 }, (_, i) => ints(i)!);
    assert.deepEqual([...dealt].sort((x, y) => x - y), Array.from({ length: 25 }, (_, i) => 10 + 2 * i));
    assert.equal(ints(25), undefined);
    const uuids = uniqueUuids("pk");
    const indexes = [...Array.from({ length: 20_000 }, (_, i) => i), 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1];
    const ids = indexes.map((i) => uuids(i)!);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, UUID_V4);
  });
});

describe("x-unique across shards and worker threads", function () {
  this.timeout(120_000);
  // Value spaces barely larger than the rows: values remembered per shard would collide across shards.
  const ROWS = 6_000;
  const schema: JsonSchemaObject = {
    type: "object", required: ["n", "u", "code", "price", "tags", "first_name", "last_name", "email", "username", "full_name", "sku", "slug", "title", "backup_email", "ref"],
    additionalProperties: false,
    properties: {
      first_name: { type: "string" },
      last_name: { type: "string" },
      email: { type: "string", format: "email", maxLength: 254, "x-unique": true },
      username: { type: "string", maxLength: 32, "x-unique": true },
      full_name: { type: "string", "x-unique": true },
      // 9,000 strings for 6,000 rows: per-shard memory would repeat them across shards.
      sku: { type: "string", pattern: "^[A-C]{2}-\\d{3}$", "x-unique": true },
      slug: { type: "string", maxLength: 40, "x-unique": true },
      title: { type: "string", maxLength: 30, "x-unique": true },
      // Nullable (a data set's UNIQUE column without NOT NULL): a value in every row, since a null would repeat.
      backup_email: { type: ["string", "null"], format: "email", "x-unique": true },
      ref: { type: ["integer", "null"], minimum: 1, maximum: 7_000, "x-unique": true },
      n: { type: "integer", minimum: 1, maximum: 6_500, "x-unique": true },
      u: { type: "string", format: "uuid", "x-unique": true },
      code: { enum: Array.from({ length: 6_200 }, (_, i) => `C${i}`), "x-unique": true },
      price: { type: "number", multipleOf: 0.01, minimum: 0, maximum: 70, "x-unique": true },
      tags: { type: "array", minItems: 1, maxItems: 3, items: { type: "integer", minimum: 0, maximum: 1_000_000, "x-unique": true } },
    },
  };
  let dir: string;
  let pool: ShardPool;
  before(() => { dir = mkdtempSync(join(tmpdir(), "sdga-unique-")); pool = new ShardPool(2); });
  after(async () => { await pool.close(); rmSync(dir, { recursive: true, force: true }); });

  it("every row of a job of six shards has its own value, the same bytes on one thread and on two workers", async () => {
    const job: ShardJob = { schema, rows: ROWS, seed: "unique", format: "jsonl", shardRows: 1_000 };
    const one = await writeJobFile(job, join(dir, "one.jsonl"), { workers: 1 });
    const two = await writeJobFile(job, join(dir, "two.jsonl"), { workers: pool });
    assert.equal(one.shards, 6);
    assert.equal(two.workers, 2);
    const bytes = readFileSync(join(dir, "one.jsonl"));
    assert.ok(bytes.equals(readFileSync(join(dir, "two.jsonl"))));
    const rows = bytes.toString("utf8").trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(rows.length, ROWS);
    for (const field of ["n", "u", "code", "price", "email", "username", "full_name", "sku", "slug", "title", "backup_email", "ref"]) {
      assert.equal(new Set(rows.map((r) => r[field])).size, ROWS, `${field} repeats`);
    }
    const valid = compileValidator(schema, { allErrors: false });
    assert.ok(rows.every((r) => valid(r)), "every row is valid against the schema (lengths, pattern, format)");
    // The row's person is the one its address is dealt for; the first rows' addresses carry no number.
    for (const r of rows) {
      assert.match(r.email as string, new RegExp(`^${asciiLetters(r.first_name as string)}[._]${asciiLetters(r.last_name as string)}@[a-z.]+$`));
      assert.match(r.username as string, /^[a-z]{2,}_[a-z]{2,4}\d{1,3}$/);
      assert.match(r.full_name as string, /^\S+ \S+$/);
    }
    for (const r of rows) {
      assert.ok(Number.isInteger(r.n) && (r.n as number) >= 1 && (r.n as number) <= 6_500);
      assert.match(r.u as string, UUID_V4);
      assert.ok(Math.abs(Math.round((r.price as number) * 100) - (r.price as number) * 100) < 1e-6 && (r.price as number) <= 70);
      // Nested values (several to a row) are remembered within the shard: distinct in each row.
      const tags = r.tags as number[];
      assert.equal(new Set(tags).size, tags.length);
    }
  });

  it("e-mail addresses and usernames never repeat far into the index, past the natural block they carry its number, and each parses one way", () => {
    const locale = loadLocale("en");
    const ctx = new GenContext(new Rng("x"), locale, false);
    for (const deal of [emailDeal(locale, false), usernameDeal(locale)]) {
      const at = deal.at("k");
      const values = [0, 2 ** 24, 2 ** 30, 2 ** 40].flatMap((from) => Array.from({ length: 400 }, (_, i) => at(from + i, ctx)!));
      assert.equal(new Set(values).size, values.length);
      for (const v of values) assert.match(v, /^[a-z]{2,}[._][a-z]{2,}\d*(@[a-z.-]+)?$/);
    }
    const email = emailDeal(locale, false).at("k");
    // en (faker 10.6.0): 2,953 distinct first names, 473 last names, 7 (domain, separator) slots (gmail.com, listed three times, gets two).
    const natural = 2_953 * 473 * 7;
    assert.match(email(natural - 1, ctx)!, /^[a-z]+[._][a-z]+@/);
    assert.match(email(natural, ctx)!, /^[a-z]+[._][a-z]+1@/);
    assert.match(email(7 * natural + 5, ctx)!, /^[a-z]+[._][a-z]+7@/);
    assert.match(emailDeal(locale, true).at("k")(3, ctx)!, /@example\.(com|org|net)$/, "compliance: reserved domains");
  });

  it("person names take a middle initial, then a middle name, once the pairs are used; other text keeps its value before the row's code", () => {
    const locale = loadLocale("en");
    const ctx = new GenContext(new Rng("x"), locale, false);
    const names = fullNameDeal(locale);
    const at = names.at("k");
    const pairs = names.natural!;
    assert.match(at(pairs - 1, ctx)!, /^\S+ \S+$/);
    assert.match(at(pairs, ctx)!, /^\S+ A\. \S+$/);
    assert.match(at(27 * pairs, ctx)!, /^\S+ \S+ \S+$/);
    assert.equal(at(names.size, ctx), undefined, "the names run out");
    const sample = [0, pairs - 200, 26 * pairs, 27 * pairs].flatMap((from) => Array.from({ length: 200 }, (_, i) => at(from + i, ctx)!));
    assert.equal(new Set(sample).size, sample.length);
    // Cut to maxLength 20 at a word's end (12 characters of room), a space, the 7-character code.
    const coded = codedDeal(() => "Ergonomic Steel Chair", 20).at("k");
    const values = Array.from({ length: 2_000 }, (_, i) => coded(i, ctx)!);
    assert.equal(new Set(values).size, 2_000);
    for (const v of values) assert.match(v, /^Ergonomic [0-9a-z]{7}$/);
    // One style per column, from some of its values: a hyphen after single words, upper case after upper case.
    assert.deepEqual(codeStyleOf(["SUMMER-SALE", "WINTER"]), { separator: "-", upper: true });
    assert.deepEqual(codeStyleOf(["Seattle", "Los Angeles"]), { separator: " ", upper: false });
    assert.match(codedDeal(() => "SUMMER-SALE", Infinity, codeStyleOf(["SUMMER-SALE"])).at("k")(1, ctx)!, /^SUMMER-SALE-[0-9A-Z]{7}$/);
  });

  it("under a tight maxLength, e-mail addresses come from the names short enough, and still read as the row's person", () => {
    const short = {
      type: "object", required: ["first_name", "last_name", "email"],
      properties: { first_name: { type: "string" }, last_name: { type: "string" }, email: { type: "string", format: "email", maxLength: 24, "x-unique": true } },
    } as JsonSchemaObject;
    const plan = prepareGeneration({ schema: short, rows: 3_000, seed: 1, format: "jsonl" });
    assert.deepEqual(plan.warnings, []);
    const rows = [...plan.rows()];
    assert.equal(new Set(rows.map((r) => r.email)).size, 3_000);
    const valid = compileValidator(short, { allErrors: false });
    for (const r of rows) {
      assert.ok(valid(r), JSON.stringify(r));
      assert.match(r.email as string, new RegExp(`^${asciiLetters(r.first_name as string)}[._]${asciiLetters(r.last_name as string)}@`));
    }
  });

  it("a pattern's deal is a bijection into its strings; a pattern with fewer strings than rows is refused naming the field", () => {
    const deal = compilePatternDeal("^[A-C]{2}-\\d{3}$")!;
    assert.equal(deal.size, 9_000);
    const all = Array.from({ length: deal.size }, (_, p) => deal.at(p, 0));
    assert.equal(new Set(all).size, 9_000);
    assert.ok(all.every((v) => /^[A-C]{2}-\d{3}$/.test(v)));
    // Same-length literal alternatives are a choice; repeats are fitted to the lengths.
    const alt = compilePatternDeal("^(ORD|INV)-[0-9]{4,8}$", 0, 10)!;
    assert.equal(alt.length, 10);
    assert.equal(alt.size, 2 * 10 ** 6);
    assert.equal(compilePatternDeal("^(a)\\1$"), undefined, "back-references have no deal");
    const sku = { type: "object", required: ["sku"], properties: { sku: { type: "string", pattern: "^[A-C]{2}-\\d{3}$", "x-unique": true } } } as JsonSchemaObject;
    assert.doesNotThrow(() => prepareGeneration({ schema: sku, rows: 9_000, seed: 1, format: "jsonl" }));
    assert.throws(() => prepareGeneration({ schema: sku, rows: 9_001, seed: 1, format: "jsonl" }), (err: Error & { problems?: Array<{ path: string; message: string }> }) =>
      (err.problems ?? []).some((p) => p.path === "/sku" && /row 9001 is past the field's last distinct value \(it has 9000 distinct values, and 9001 rows/.test(p.message)));
  });

  it("a top-level x-unique value without a deal by row index (a date) says it is distinct within each shard only", () => {
    const dated = { type: "object", required: ["day"], properties: { day: { type: "string", format: "date", "x-unique": true } } } as JsonSchemaObject;
    const plan = prepareGeneration({ schema: dated, rows: 100, seed: 1, format: "jsonl" });
    assert.ok(plan.warnings.some((w) => w.path === "/day" && /distinct within each shard of the job only/.test(w.message)));
    assert.equal(new Set([...plan.rows()].map((r) => r.day)).size, 100);
  });

  it("a data set's seed keys the values: another seed deals them in another order", () => {
    const first = (seed: string) => [...prepareGeneration({ schema, rows: 50, seed, format: "jsonl" }).rows()].map((r) => r.n);
    assert.notDeepEqual(first("a"), first("b"));
    assert.deepEqual(first("a"), first("a"));
  });

  it("a job with more rows than a unique field's values is refused before a row is written, naming the field", () => {
    const small: JsonSchemaObject = { type: "object", required: ["n"], properties: { n: { type: "integer", minimum: 1, maximum: 5, "x-unique": true } } };
    assert.doesNotThrow(() => prepareGeneration({ schema: small, rows: 5, seed: 1, format: "jsonl" }));
    assert.throws(() => prepareGeneration({ schema: small, rows: 6, seed: 1, format: "jsonl" }), (err: Error & { problems?: Array<{ path: string; message: string }> }) =>
      (err.problems ?? []).some((p) => p.path === "/n" && /ran out of unique values at \/n: row 6/.test(p.message)));
  });
});
