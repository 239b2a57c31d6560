import { createAgentHandler } from "../shared/adapters";
import { guardOperations, type RequestGuard } from "../shared/guardrail";
import { calculateQualityMetrics, type MetricsDeps } from "./operations";

export function createMetricsHandler(deps: MetricsDeps, guard?: RequestGuard) {
  return createAgentHandler({
    functionName: "metrics",
    operations: guardOperations({ calculateQualityMetrics: (args) => calculateQualityMetrics(deps, args) }, guard),
  });
}
