// One local preview per stack and configuration for the whole mocha run: the gate, the tagging coverage
// check and the IAM simulation all read the same graphs instead of previewing the program again.
import { previewStack, type PreviewOptions, type ResourceGraph } from "../harness/preview";

const graphs = new Map<string, Promise<ResourceGraph>>();
let queue: Promise<unknown> = Promise.resolve();

/** previewStack, memoised by its options (previews run one at a time, as the harness requires). */
export function cachedPreview(options: PreviewOptions): Promise<ResourceGraph> {
  const key = JSON.stringify([options.stack, options.program ?? "index.ts", Object.entries(options.config ?? {}).sort()]);
  let graph = graphs.get(key);
  if (!graph) {
    graph = queue.then(() => previewStack(options));
    queue = graph.catch(() => undefined);
    graphs.set(key, graph);
  }
  return graph;
}
