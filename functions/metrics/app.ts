import { createAgentHandler } from "../shared/adapters";
import { calculateQualityMetrics, type MetricsDeps } from "./operations";

export function createMetricsHandler(deps: MetricsDeps) {
  return createAgentHandler({
    functionName: "metrics",
    operations: { calculateQualityMetrics: (args) => calculateQualityMetrics(deps, args) },
  });
}
