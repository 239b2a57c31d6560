// Conformance harness shared by the spec and `npm run bench`: every satisfiable, local-only case group of
// the official JSON Schema Test Suite (draft 2020-12), 20 generated instances each, checked by
// @cfworker/json-schema (a validator independent of the product's ajv).
import { CONFORMANCE_SUITE_DIR } from "../../fixtures/conformance";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@cfworker/json-schema";
import { RefResolver } from "../../../functions/engine/schema/refs";
import type { JsonSchema } from "../../../functions/engine/schema/types";

export const SUITE_DIR = CONFORMANCE_SUITE_DIR;
export const INSTANCES_PER_GROUP = 20;

export interface CaseGroup {
  file: string;
  description: string;
  schema: JsonSchema;
}

/**
 * True when the independent validator rejects every instance the suite calls invalid (it may be stricter,
 * e.g. it asserts formats, which only makes the check harder to pass); where it does not, or where it
 * throws (a gap in @cfworker/json-schema), it cannot judge generated instances.
 */
function validatorAgrees(schema: JsonSchema, tests: Array<{ data: unknown; valid: boolean }>): boolean {
  try {
    const validator = new Validator(schema as object, "2020-12", true);
    return tests.every((t) => t.valid || !validator.validate(t.data as never).valid);
  } catch {
    return false;
  }
}

/** Groups the independent validator cannot judge (left out of the share, counted here). */
export const uncheckable: CaseGroup[] = [];

/** Case groups that are satisfiable (some test is valid), need no remote `$ref`, and the validator can judge. */
export function conformanceGroups(): CaseGroup[] {
  const groups: CaseGroup[] = [];
  uncheckable.length = 0;
  for (const name of readdirSync(SUITE_DIR).filter((f) => f.endsWith(".json")).sort()) {
    const file = name.replace(/\.json$/, "");
    const cases = JSON.parse(readFileSync(join(SUITE_DIR, name), "utf8")) as Array<{ description: string; schema: JsonSchema; tests: Array<{ data: unknown; valid: boolean }> }>;
    for (const c of cases) {
      if (!c.tests.some((t) => t.valid)) continue;
      if (typeof c.schema === "object" && new RefResolver(c.schema).unresolved().length > 0) continue;
      const group = { file, description: c.description, schema: c.schema };
      if (!validatorAgrees(c.schema, c.tests)) { uncheckable.push(group); continue; }
      groups.push(group);
    }
  }
  return groups;
}

/** A generator under test: `count` instances of `schema`, or a thrown error when it refuses. */
export type InstanceGenerator = (schema: JsonSchema, count: number) => unknown[] | Promise<unknown[]>;

export interface GroupOutcome {
  group: CaseGroup;
  passed: boolean;
  reason?: string;
}

/** Runs one generator over the groups; a group passes when all its instances validate. */
export async function runConformance(generate: InstanceGenerator, groups = conformanceGroups()): Promise<GroupOutcome[]> {
  const outcomes: GroupOutcome[] = [];
  for (const group of groups) {
    let instances: unknown[];
    try {
      instances = await generate(group.schema, INSTANCES_PER_GROUP);
    } catch (err) {
      outcomes.push({ group, passed: false, reason: `refused: ${(err as Error).message.slice(0, 160)}` });
      continue;
    }
    const validator = new Validator(group.schema as object, "2020-12", true);
    const bad = instances.find((v) => !validator.validate(v as never).valid);
    const passed = instances.length === INSTANCES_PER_GROUP && bad === undefined;
    outcomes.push({ group, passed, ...(passed ? {} : { reason: `invalid instance ${JSON.stringify(bad)?.slice(0, 160)}` }) });
  }
  return outcomes;
}

/** Passed/total per keyword file, plus the overall share. */
export function sharePerFile(outcomes: GroupOutcome[]): { perFile: Map<string, { passed: number; total: number }>; share: number } {
  const perFile = new Map<string, { passed: number; total: number }>();
  for (const o of outcomes) {
    const entry = perFile.get(o.group.file) ?? { passed: 0, total: 0 };
    entry.total++;
    if (o.passed) entry.passed++;
    perFile.set(o.group.file, entry);
  }
  const passed = outcomes.filter((o) => o.passed).length;
  return { perFile, share: outcomes.length ? passed / outcomes.length : 0 };
}
