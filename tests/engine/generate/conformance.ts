// Conformance harness shared by the spec and `npm run bench`: every satisfiable, local-only case group of
// the official JSON Schema Test Suite (drafts 4, 6, 7, 2019-09 and 2020-12), 20 generated instances each,
// checked by @cfworker/json-schema (a validator independent of the product's ajv) in the case's own draft.
// The generator sees each case schema as a user would send it: with the `$schema` of its draft.
import { type ConformanceDraft, conformanceSuiteDir } from "../../fixtures/conformance";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Validator } from "@cfworker/json-schema";
import { migrateToDraft2020 } from "../../../functions/engine/schema/drafts";
import { RefResolver } from "../../../functions/engine/schema/refs";
import type { JsonSchema, JsonSchemaObject } from "../../../functions/engine/schema/types";

export const INSTANCES_PER_GROUP = 20;

export interface CaseGroup {
  draft: ConformanceDraft;
  file: string;
  description: string;
  /** The case's schema as the suite writes it (most declare no `$schema`: the folder says the draft). */
  schema: JsonSchema;
}

/** @cfworker/json-schema's name for a draft (it has no draft 6 of its own; 7 reads every draft-06 keyword alike). */
const VALIDATOR_DRAFT: Record<ConformanceDraft, "4" | "7" | "2019-09" | "2020-12"> = {
  draft4: "4", draft6: "7", draft7: "7", "draft2019-09": "2019-09", "draft2020-12": "2020-12",
};

const META_SCHEMA: Record<ConformanceDraft, string> = {
  draft4: "http://json-schema.org/draft-04/schema#",
  draft6: "http://json-schema.org/draft-06/schema#",
  draft7: "http://json-schema.org/draft-07/schema#",
  "draft2019-09": "https://json-schema.org/draft/2019-09/schema",
  "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
};

/** The independent validator of the group's draft. */
export function independentValidator(group: Pick<CaseGroup, "draft" | "schema">): Validator {
  return new Validator(group.schema as object, VALIDATOR_DRAFT[group.draft], true);
}

/** The case schema as a user of that draft sends it: declaring its draft (a boolean schema stays as it is). */
export function declaredSchema(group: Pick<CaseGroup, "draft" | "schema">): JsonSchema {
  const s = group.schema;
  if (typeof s !== "object" || s.$schema !== undefined) return s;
  return { $schema: META_SCHEMA[group.draft], ...s };
}

/**
 * True when the independent validator rejects every instance the suite calls invalid (it may be stricter,
 * e.g. it asserts formats, which only makes the check harder to pass); where it does not, or where it
 * throws (a gap in @cfworker/json-schema), it cannot judge generated instances.
 */
function validatorAgrees(group: Pick<CaseGroup, "draft" | "schema">, tests: Array<{ data: unknown; valid: boolean }>): boolean {
  try {
    const validator = independentValidator(group);
    return tests.every((t) => t.valid || !validator.validate(t.data as never).valid);
  } catch {
    return false;
  }
}

/** The schema's references as 2020-12 reads them (draft-04 `id`s, moved tuple items), to tell local from remote ones. */
function asDraft2020(draft: ConformanceDraft, schema: JsonSchemaObject): JsonSchemaObject {
  const name = ({ draft4: "draft-04", draft6: "draft-06", draft7: "draft-07", "draft2019-09": "draft-2019-09", "draft2020-12": "draft-2020-12" } as const)[draft];
  return name === "draft-2020-12" ? schema : migrateToDraft2020(schema, name).schema;
}

/** Groups the independent validator cannot judge (left out of the share, counted here). */
export const uncheckable: CaseGroup[] = [];

/** Case groups that are satisfiable (some test is valid), need no remote `$ref`, and the validator can judge. */
export function conformanceGroups(draft: ConformanceDraft = "draft2020-12"): CaseGroup[] {
  const groups: CaseGroup[] = [];
  uncheckable.length = 0;
  const dir = conformanceSuiteDir(draft);
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const file = name.replace(/\.json$/, "");
    const cases = JSON.parse(readFileSync(join(dir, name), "utf8")) as Array<{ description: string; schema: JsonSchema; tests: Array<{ data: unknown; valid: boolean }> }>;
    for (const c of cases) {
      if (!c.tests.some((t) => t.valid)) continue;
      if (typeof c.schema === "object" && new RefResolver(asDraft2020(draft, c.schema)).unresolved().length > 0) continue;
      const group = { draft, file, description: c.description, schema: c.schema };
      if (!validatorAgrees(group, c.tests)) { uncheckable.push(group); continue; }
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
      instances = await generate(declaredSchema(group), INSTANCES_PER_GROUP);
    } catch (err) {
      outcomes.push({ group, passed: false, reason: `refused: ${(err as Error).message.slice(0, 160)}` });
      continue;
    }
    const validator = independentValidator(group);
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
