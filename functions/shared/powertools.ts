// Powertools logger, metrics and tracer, created once per execution environment (module scope).
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? "synthetic-data-agent";
export const METRICS_NAMESPACE = process.env.POWERTOOLS_METRICS_NAMESPACE ?? "SyntheticDataAgent";

export const logger = new Logger({ serviceName });
export const metrics = new Metrics({ serviceName, namespace: METRICS_NAMESPACE });
export const tracer = new Tracer({ serviceName });

/** The product's metric names, all under one namespace. */
export const METRIC = {
  generationsStarted: "GenerationsStarted",
  generationsFailed: "GenerationsFailed",
  rowsGenerated: "RowsGenerated",
  generationDurationMs: "GenerationDurationMs",
  qualityScore: "QualityScore",
  validationFailures: "ValidationFailures",
} as const;

export function countMetric(name: string, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}
export function msMetric(name: string, value: number): void {
  metrics.addMetric(name, MetricUnit.Milliseconds, value);
}
export function scoreMetric(name: string, value: number): void {
  metrics.addMetric(name, MetricUnit.NoUnit, value);
}

/** Flushes stored metrics as one EMF record; never lets a metrics problem fail the request. */
export function publishMetrics(): void {
  try {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  } catch (err) {
    logger.warn("could not publish metrics", { error: String(err) });
  }
}

/** Instruments an AWS SDK v3 client for X-Ray (a no-op when tracing is off, e.g. locally). */
export function traced<T>(client: T): T {
  return tracer.captureAWSv3Client(client as never) as T;
}
