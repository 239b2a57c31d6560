// Least privilege proved by simulation: a role's identity policies (and the stack key's policy for KMS
// requests) go through @cloud-copilot/iam-simulate (AGPL: a dev dependency, used only here) against the
// role's table of requests it must be allowed and requests it must be denied. Mutations show the table is
// sharp: removing any statement must break an allowed request, and widening any scoped resource to `*`
// must let a denied request through.
import { runSimulation } from "@cloud-copilot/iam-simulate";

export interface PolicyDocumentJson {
  Version?: string;
  Statement: StatementJson[];
}
export interface StatementJson {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
  [key: string]: unknown;
}
import type { PermissionTable, SimulatedRequest } from "../../functions/shared/permissionTable";
export type { PermissionTable, SimulatedRequest };
export interface RoleUnderTest {
  /** What the role is for, e.g. `generate`. */
  label: string;
  roleArn: string;
  accountId: string;
  /** The role's identity policies (inline and attached). */
  documents: { name: string; document: PolicyDocumentJson }[];
  /** Key policy of the stack key: KMS needs the key policy to allow as well. */
  keyPolicy?: PolicyDocumentJson;
}

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

export class SimulationError extends Error {
  constructor(readonly request: SimulatedRequest, detail: string) {
    super(`cannot simulate ${request.action} on ${request.resource}: ${detail}`);
    this.name = "SimulationError";
  }
}

/** The decision AWS would make for one request by the role. */
export async function decide(role: RoleUnderTest, request: SimulatedRequest): Promise<Decision> {
  const result = await runSimulation({
    identityPolicies: role.documents.map(({ name, document }) => ({ name, policy: document })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.action.toLowerCase().startsWith("kms:") ? role.keyPolicy : undefined,
    request: {
      principal: role.roleArn,
      action: request.action,
      resource: { resource: request.resource, accountId: role.accountId },
      contextVariables: request.context ?? {},
    },
  } as Parameters<typeof runSimulation>[0], {});
  if (result.resultType === "error") throw new SimulationError(request, JSON.stringify(result.errors));
  return result.overallResult as Decision;
}

export interface Mismatch {
  request: SimulatedRequest;
  expected: "Allowed" | "Denied";
  actual: Decision;
}

/** Requests of the table whose decision differs from the table's. */
export async function tableMismatches(role: RoleUnderTest, table: PermissionTable): Promise<Mismatch[]> {
  const mismatches: Mismatch[] = [];
  for (const request of table.allowed) {
    const actual = await decide(role, request);
    if (actual !== "Allowed") mismatches.push({ request, expected: "Allowed", actual });
  }
  for (const request of table.denied) {
    const actual = await decide(role, request);
    if (actual === "Allowed") mismatches.push({ request, expected: "Denied", actual });
  }
  return mismatches;
}

export const describeMismatch = (m: Mismatch): string =>
  `${m.request.action} on ${m.request.resource}${m.request.context ? ` ${JSON.stringify(m.request.context)}` : ""}: `
  + `expected ${m.expected}, got ${m.actual} (${m.request.why})`;

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

interface StatementRef { document: number; statement: number; label: string }

/** Every Allow statement of the role, with a label (document name and Sid). */
export function allowStatements(role: RoleUnderTest): StatementRef[] {
  return role.documents.flatMap(({ name, document }, d) => document.Statement
    .map((s, i) => ({ document: d, statement: i, label: `${name}/${s.Sid ?? `#${i + 1}`}`, effect: s.Effect }))
    .filter((s) => s.effect === "Allow")
    .map(({ document, statement, label }) => ({ document, statement, label })));
}

/** The role with one statement changed (or removed when `change` returns undefined). */
export function mutateStatement(role: RoleUnderTest, ref: StatementRef,
  change: (s: StatementJson) => StatementJson | undefined): RoleUnderTest {
  const documents = role.documents.map(({ name, document }, d) => ({
    name,
    document: {
      ...document,
      Statement: document.Statement.flatMap((s, i) => {
        if (d !== ref.document || i !== ref.statement) return [s];
        const changed = change(structuredClone(s));
        return changed ? [changed] : [];
      }),
    },
  }));
  return { ...role, documents };
}

/** For each Allow statement: the allowed requests that fail once it is removed (empty = an unneeded statement). */
export async function removalBreaks(role: RoleUnderTest, table: PermissionTable): Promise<{ label: string; broken: SimulatedRequest[] }[]> {
  const out: { label: string; broken: SimulatedRequest[] }[] = [];
  for (const ref of allowStatements(role)) {
    const without = mutateStatement(role, ref, () => undefined);
    const broken: SimulatedRequest[] = [];
    for (const request of table.allowed) {
      if ((await decide(without, request)) !== "Allowed") broken.push(request);
    }
    out.push({ label: ref.label, broken });
  }
  return out;
}

/**
 * For each Allow statement scoped to resources (not `*`): the denied requests that get through once its
 * resources become `*` (empty = the table has no near miss that the scoping stops).
 */
export async function wideningLeaks(role: RoleUnderTest, table: PermissionTable): Promise<{ label: string; leaked: SimulatedRequest[] }[]> {
  const out: { label: string; leaked: SimulatedRequest[] }[] = [];
  for (const ref of allowStatements(role)) {
    const statement = role.documents[ref.document].document.Statement[ref.statement];
    if (list(statement.Resource).includes("*")) continue;
    const widened = mutateStatement(role, ref, (s) => ({ ...s, Resource: "*" }));
    const leaked: SimulatedRequest[] = [];
    for (const request of table.denied) {
      if ((await decide(widened, request)) === "Allowed") leaked.push(request);
    }
    out.push({ label: ref.label, leaked });
  }
  return out;
}

/** Actions granted by the role that no allowed request of the table needs (removing each breaks nothing). */
export async function unusedActions(role: RoleUnderTest, table: PermissionTable): Promise<string[]> {
  const unused: string[] = [];
  for (const ref of allowStatements(role)) {
    const statement = role.documents[ref.document].document.Statement[ref.statement];
    for (const action of list(statement.Action)) {
      const without = mutateStatement(role, ref, (s) => {
        const rest = list(s.Action).filter((a) => a !== action);
        return rest.length > 0 ? { ...s, Action: rest } : undefined;
      });
      let needed = false;
      for (const request of table.allowed) {
        if ((await decide(without, request)) !== "Allowed") { needed = true; break; }
      }
      if (!needed) unused.push(`${ref.label}: ${action}`);
    }
  }
  return unused;
}
