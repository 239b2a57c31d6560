// The policy gate without the Pulumi CLI or AWS: previews each stack locally (tests/harness/preview.ts),
// runs the pack's resource policies over every resource's inputs and its stack policies over the graph,
// with the stack's own pack config (policy-pack/<stack>.json), prints the violations by policy and resource,
// and exits 1 when any is mandatory.
//
//   npm run policy:check -- --stack dev|staging|prod|all [--config key=value ...] [--program file] [--json]
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
import { allPolicies } from "../policy-pack/policies";
import { blocks, evaluatePolicies, PackConfig, Violation } from "../policy-pack/local/evaluate";
import { parseConfigOverrides, previewStack, REPO_ROOT } from "../tests/harness/preview";

export const STACKS = ["dev", "staging", "prod"] as const;
export type StackName = (typeof STACKS)[number];

export interface StackCheck {
    stack: StackName;
    config: Record<string, string>;
    resourceCount: number;
    violations: Violation[];
}

export interface CheckOptions {
    stack: StackName;
    /** Stack config overrides (`agentRuntime=classic`). */
    config?: Record<string, string>;
    /** Another program entry file (e.g. an insecure fixture), relative to the repository root. */
    program?: string;
    /** Pack config file; default `policy-pack/<stack>.json`. */
    packConfigPath?: string;
    /** The local preview (a spec may pass a memoised one). */
    preview?: typeof previewStack;
}

export function readPackConfig(file: string): PackConfig {
    return JSON.parse(readFileSync(file, "utf8")) as PackConfig;
}

/** Previews one stack and evaluates the whole pack over its graph. */
export async function checkStack(options: CheckOptions): Promise<StackCheck> {
    const preview = options.preview ?? previewStack;
    const graph = await preview({ stack: options.stack, config: options.config, program: options.program });
    const packConfig = readPackConfig(options.packConfigPath ?? path.join(REPO_ROOT, "policy-pack", `${options.stack}.json`));
    const violations = await evaluatePolicies({ policies: allPolicies, graph: graph.resources, config: packConfig });
    return { stack: options.stack, config: options.config ?? {}, resourceCount: graph.resources.length, violations };
}

/** The report: per stack, violations grouped by policy, then resource. */
export function formatReport(checks: StackCheck[]): string {
    const lines: string[] = [];
    for (const check of checks) {
        const overrides = Object.entries(check.config).map(([k, v]) => `${k}=${v}`).join(" ");
        const mandatory = check.violations.filter(blocks).length;
        lines.push(`stack ${check.stack}${overrides ? ` (${overrides})` : ""}: ${check.resourceCount} resources, `
            + `${mandatory} mandatory and ${check.violations.length - mandatory} advisory violations`);
        const byPolicy = new Map<string, Violation[]>();
        for (const v of check.violations) byPolicy.set(v.policy, [...(byPolicy.get(v.policy) ?? []), v]);
        for (const [policy, violations] of [...byPolicy].sort(([a], [b]) => a.localeCompare(b))) {
            lines.push(`  ${policy} [${violations[0].level}]`);
            for (const v of violations) lines.push(`    ${v.resourceName ?? "(stack)"} (${v.resourceType ?? "-"}): ${v.message}`);
        }
    }
    return lines.join("\n");
}

export async function main(argv: string[], out: (text: string) => void = console.log): Promise<number> {
    const program = new Command("policy-check")
        .description("Run the CrossGuard pack over the local preview of each stack")
        .addOption(new Option("--stack <stack>", "stack to check").choices([...STACKS, "all"]).makeOptionMandatory())
        .option("--config <key=value>", "stack config override (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
        .option("--program <file>", "program entry file instead of index.ts")
        .option("--pack-config <file>", "pack config file instead of policy-pack/<stack>.json")
        .option("--json", "print the violations as JSON")
        .exitOverride();
    program.parse(argv, { from: "user" });
    const opts = program.opts<{ stack: StackName | "all"; config: string[]; program?: string; packConfig?: string; json?: boolean }>();
    const stacks = opts.stack === "all" ? [...STACKS] : [opts.stack];
    const config = parseConfigOverrides(opts.config);
    const checks: StackCheck[] = [];
    for (const stack of stacks) {
        checks.push(await checkStack({ stack, config, program: opts.program, packConfigPath: opts.packConfig }));
    }
    out(opts.json ? JSON.stringify(checks, null, 2) : formatReport(checks));
    return checks.some((c) => c.violations.some(blocks)) ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => { process.exitCode = code; },
        (e: Error & { code?: string }) => {
            // commander has printed usage errors already; anything else is named here.
            if (!e.code?.startsWith("commander.")) console.error(`policy-check: ${e.name}: ${e.message}`);
            process.exitCode = e.code === "commander.helpDisplayed" ? 0 : 2;
        },
    );
}
