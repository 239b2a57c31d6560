// Mocked Pulumi runtime for the component specs: realistic mock outputs (tests/harness/mocks.ts), and a
// record of every registered resource with its resolved inputs, parent and dependencies.
import * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT, realisticMocks } from "../harness/mocks";
import type { AwsEnv } from "../../components/policies";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
  getMonitor(): {
    registerResource(req: RegisterRequest, cb: (err: unknown, resp: RegisterResponse | undefined) => void): void;
  };
  waitForRPCs(): Promise<void>;
};
interface RegisterRequest {
  getType(): string; getName(): string; getParent(): string; getCustom(): boolean; getProvider(): string;
  getDependenciesList(): string[]; getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface RegisterResponse { getUrn(): string }

export interface Recorded {
  urn: string;
  type: string;
  name: string;
  parent?: string;
  custom: boolean;
  provider?: string;
  // Resolved inputs as the provider would receive them (specs navigate them freely).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inputs: Record<string, any>;
  dependencies: string[];
}

export const REGION = "us-east-1";
export const ENV: AwsEnv = { partition: "aws", region: REGION, accountId: MOCK_ACCOUNT };
export const TAGS = { Project: "sdga", Environment: "test", Owner: "data-platform", CostCenter: "cc", ManagedBy: "pulumi" };
export const KEY_ARN = `arn:aws:kms:${REGION}:${MOCK_ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
export { MOCK_ACCOUNT };

export const recorded: Recorded[] = [];

/** Unwraps Pulumi's serialized secrets/outputs into plain values. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (o["4dabf18193072939515e22adb298388d"] !== undefined && "value" in o) return plain(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

/** Installs the mocks (call in a `before` hook: it resets the runtime) and clears the record. */
export function installMocks(): void {
  recorded.length = 0;
  void pulumi.runtime.setMocks(realisticMocks(REGION), "sdga", "test", false);
  const monitor = settings.getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => register(req, (err, resp) => {
    if (!err && resp) {
      recorded.push({
        urn: resp.getUrn(), type: req.getType(), name: req.getName(), parent: req.getParent() || undefined,
        custom: req.getCustom(), provider: req.getProvider() || undefined,
        inputs: plain(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
        dependencies: [...new Set(req.getDependenciesList())],
      });
    }
    cb(err, resp);
  });
}

/** Waits until every registration has been answered. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await settings.waitForRPCs();
    await new Promise((r) => setImmediate(r));
  }
}

export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));
}

/** The resources registered under the component named `component` (its children by URN parent chain). */
export function childrenOf(component: string): Recorded[] {
  const root = recorded.find((r) => !r.custom && r.name === component);
  if (!root) throw new Error(`component '${component}' was not registered`);
  const inside = new Set([root.urn]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of recorded) {
      if (r.parent && inside.has(r.parent) && !inside.has(r.urn)) { inside.add(r.urn); grew = true; }
    }
  }
  return recorded.filter((r) => r.urn !== root.urn && inside.has(r.urn));
}

/** `type::name` of each child, sorted: the exact list a spec asserts. */
export function inventory(component: string): string[] {
  return childrenOf(component).map((r) => `${r.type}::${r.name}`).sort();
}

export function resource(name: string, type?: string): Recorded {
  const found = recorded.filter((r) => r.name === name && (type === undefined || r.type === type));
  if (found.length !== 1) throw new Error(`expected one resource '${name}'${type ? ` of ${type}` : ""}, found ${found.length}`);
  return found[0];
}

/** True when `dependent` lists `dependency` among its dependencies (explicit dependsOn or input dependencies). */
export function dependsOn(dependent: Recorded, dependency: Recorded): boolean {
  return dependent.dependencies.includes(dependency.urn);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function json(text: unknown): any {
  if (typeof text !== "string") throw new Error(`expected JSON text, got ${typeof text}`);
  return JSON.parse(text);
}

/** Every statement of a policy document whose Sid matches. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function statement(document: any, sid: string): any {
  const found = (document.Statement as { Sid: string }[]).filter((s) => s.Sid === sid);
  if (found.length !== 1) throw new Error(`expected one statement '${sid}', found ${found.length} in ${JSON.stringify(document)}`);
  return found[0];
}
