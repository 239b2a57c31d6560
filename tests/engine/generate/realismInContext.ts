// Realism figures for generated rows read in context (issue 11): placeholder (Latin) words in free-text
// fields, status fields filled with something else, malformed commit SHAs, life-cycle dates out of order.
// Used by realismInContext.spec.ts and by `tsx tests/engine/generate/realismInContext.ts` (prints the
// figures for GitHub's REST API components).
import { faker } from "@faker-js/faker";

/** faker's lorem words that are not also English words (faker's own English word lists): "culpa", "nemo". */
export const LATIN_WORDS: ReadonlySet<string> = (() => {
  const english = new Set<string>();
  for (const list of Object.values(faker.definitions.word ?? {})) for (const w of list as string[]) english.add(w.toLowerCase());
  // English prose faker writes (product blurbs, hacker phrases) uses words lorem also has ("comes", "maxime").
  for (const text of [...faker.definitions.commerce.product_description, ...(faker.definitions.hacker?.phrase ?? [])]) {
    for (const w of text.toLowerCase().split(/[^a-z]+/)) english.add(w);
  }
  // People's names are not placeholder text ("Maxime" is a French first name and a lorem word).
  for (const list of [faker.definitions.person.first_name, faker.definitions.person.last_name]) {
    for (const w of Object.values(list ?? {}).flat() as string[]) english.add(String(w).toLowerCase());
  }
  for (const w of ["error", "color", "a", "i", "in", "non", "id", "est", "et", "ad", "at", "video", "animal", "item", "minus", "qui", "ea", "eos", "odio"]) english.add(w);
  return new Set((faker.definitions.lorem.word as string[]).map((w) => w.toLowerCase()).filter((w) => !english.has(w) && w.length > 2));
})();

/** Free-text property names (the last path segment, without format): titles, bodies, names, messages, street lines. */
export const FREE_TEXT = /^(title|body|body_text|description|name|full_name|message|summary|notes?|comments?|subject|line1|line2|street|label|reason|text|language|default_branch|master_branch|target_commitish|ref|tag_name|company|bio|location|blog|display_title|conclusion_text|output_title|head_branch)$/;

const LATER = ["closed_at", "merged_at", "completed_at", "resolved_at", "updated_at", "published_at", "pushed_at"];
const EARLIER = ["created_at", "started_at", "opened_at"];

export interface RealismFigures {
  rows: number;
  freeText: number;
  latinValues: number;
  stateValues: number;
  stateMisread: number;
  shaValues: number;
  shaInvalid: number;
  datePairs: number;
  dateViolations: number;
  rowsWithDateViolation: number;
}

/** Allowed values a status field's schema names: its enum, else the quoted or back-ticked words of its description. */
export function statusValues(description: string | undefined): string[] {
  if (!description) return [];
  const quoted = [...description.matchAll(/[`'"]([a-z_]+)[`'"]/g)].map((m) => m[1]);
  return quoted;
}

export function measure(rows: unknown[], allowedStates: (path: string) => string[] | undefined): RealismFigures {
  const f: RealismFigures = { rows: rows.length, freeText: 0, latinValues: 0, stateValues: 0, stateMisread: 0, shaValues: 0, shaInvalid: 0, datePairs: 0, dateViolations: 0, rowsWithDateViolation: 0 };
  for (const row of rows) {
    let violated = false;
    const walk = (v: unknown, path: string): void => {
      if (Array.isArray(v)) { v.forEach((x) => walk(x, path + "/*")); return; }
      if (typeof v !== "object" || v === null) return;
      const o = v as Record<string, unknown>;
      for (const early of EARLIER) for (const late of LATER) {
        const a = o[early], b = o[late];
        if (typeof a !== "string" || typeof b !== "string" || isNaN(Date.parse(a)) || isNaN(Date.parse(b))) continue;
        f.datePairs++;
        if (Date.parse(b) < Date.parse(a)) { f.dateViolations++; violated = true; }
      }
      for (const [k, x] of Object.entries(o)) {
        const p = path + "/" + k;
        if (typeof x === "string") {
          if (FREE_TEXT.test(k) && !/^https?:/.test(x)) {
            f.freeText++;
            if (x.toLowerCase().split(/[^a-z]+/).some((w) => LATIN_WORDS.has(w))) f.latinValues++;
          }
          if (k === "state" || k === "status") {
            const allowed = allowedStates(p);
            if (allowed?.length) { f.stateValues++; if (!allowed.includes(x)) f.stateMisread++; }
          }
          if (/(^|_)sha$/.test(k)) { f.shaValues++; if (!/^[0-9a-f]{40}$/.test(x)) f.shaInvalid++; }
        } else walk(x, p);
      }
    };
    walk(row, "");
    if (violated) f.rowsWithDateViolation++;
  }
  return f;
}

/** The allowed values of every status field in a JSON Schema, by instance path pattern ("/state", "/head/repo/state"). */
export function statusFieldsOf(schema: unknown): (path: string) => string[] | undefined {
  const found = new Map<string, string[]>();
  const resolve = (ref: string): unknown => ref.replace(/^#\/?/, "").split("/").filter(Boolean)
    .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], schema);
  const visit = (s: unknown, path: string, depth: number): void => {
    if (depth > 6 || typeof s !== "object" || s === null) return;
    let o = s as Record<string, unknown>;
    if (typeof o.$ref === "string" && o.$ref.startsWith("#")) o = { ...(resolve(o.$ref) as Record<string, unknown>), ...o, $ref: undefined };
    for (const key of ["allOf", "anyOf", "oneOf"]) if (Array.isArray(o[key])) for (const b of o[key] as unknown[]) visit(b, path, depth + 1);
    if (o.items) visit(o.items, path + "/*", depth + 1);
    const props = o.properties as Record<string, Record<string, unknown>> | undefined;
    if (!props) return;
    for (const [k, p] of Object.entries(props)) {
      if ((k === "state" || k === "status") && typeof p === "object") {
        const values = Array.isArray(p.enum) ? (p.enum as unknown[]).filter((x): x is string => typeof x === "string") : statusValues(p.description as string | undefined);
        if (values.length >= 2) found.set(path + "/" + k, values);
      }
      visit(p, path + "/" + k, depth + 1);
    }
  };
  visit(schema, "", 0);
  return (path) => found.get(path);
}

export const GITHUB_COMPONENTS = ["issue", "pull-request", "repository", "release", "commit", "check-run"];

if (require.main === module) {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { normaliseSchema } = require("../../../functions/engine/schema") as typeof import("../../../functions/engine/schema");
  const { prepareGeneration } = require("../../../functions/engine/generate") as typeof import("../../../functions/engine/generate");
  const doc = require("@octokit/openapi/generated/api.github.com.json");
  const total: Record<string, number> = {};
  for (const component of GITHUB_COMPONENTS) {
    const { schema } = normaliseSchema(doc, { component });
    const rows = [...prepareGeneration({ schema, rows: 200, seed: 11, format: "jsonl" }).rows()];
    const m = measure(rows, statusFieldsOf(schema));
    console.log(component.padEnd(13), JSON.stringify(m));
    for (const [k, v] of Object.entries(m)) total[k] = (total[k] ?? 0) + v;
  }
  console.log("total".padEnd(13), JSON.stringify(total));
}
