// `npm run preview:local -- --stack dev [--config key=value ...] [--json]`
// Previews a stack's resource graph locally (no Pulumi CLI, no AWS): the tree of resources and a count
// per type, or with --json only the graph as JSON on stdout for other tools.
import { parseArgs } from "node:util";
import { parseConfigOverrides, previewStack, type GraphResource, type ResourceGraph } from "../tests/harness/preview";

function renderTree(graph: ResourceGraph): string {
  const children = new Map<string | undefined, GraphResource[]>();
  for (const r of graph.resources) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      lines.push(`${"  ".repeat(depth)}${r.custom ? "" : "+ "}${r.name}  (${r.type})`);
      walk(r.urn, depth + 1);
    }
  };
  walk(undefined, 0);
  // Resources whose parent was never registered (should not happen) are shown at the end, not lost.
  const known = new Set(graph.resources.map((r) => r.urn));
  for (const r of graph.resources) if (r.parent && !known.has(r.parent)) lines.push(`? ${r.name}  (${r.type}) parent ${r.parent}`);
  return lines.join("\n");
}

function renderCounts(graph: ResourceGraph): string {
  const counts = new Map<string, number>();
  for (const r of graph.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const width = Math.max(...[...counts.keys()].map((k) => k.length), 4);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b))
    .map(([type, n]) => `${type.padEnd(width)}  ${n}`).join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", default: "dev" },
      config: { type: "string", multiple: true, default: [] },
      json: { type: "boolean", default: false },
    },
  });
  const graph = await previewStack({ stack: values.stack!, config: parseConfigOverrides(values.config ?? []) });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(graph, null, 2)}\n`);
    return;
  }
  process.stdout.write(`Stack ${graph.stack}: ${graph.resources.length} resources\n\n${renderTree(graph)}\n\n`);
  process.stdout.write(`Resources by type\n${renderCounts(graph)}\n\nOutputs\n`);
  for (const [key, value] of Object.entries(graph.outputs)) process.stdout.write(`  ${key}: ${JSON.stringify(value)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`preview:local failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
