// Powertools logger, metrics and tracer, created once per execution environment (module scope). The logger
// handed to the code is contextual: every line carries the keys of the request (or background job) it is
// written for, from logContext.ts, never another concurrent request's.
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { appendLogKeys, currentLogKeys, removeLogKeys, type LogKeys } from "./logContext";

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? "synthetic-data-agent";
export const METRICS_NAMESPACE = process.env.POWERTOOLS_METRICS_NAMESPACE ?? "SyntheticDataAgent";

/** The one Powertools logger; code logs through `logger` below. */
export const baseLogger = new Logger({ serviceName });

type Extra = Error | string | Record<string, unknown>;

function attributes(extra: Extra[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [currentLogKeys()];
  for (const item of extra) {
    if (item instanceof Error) out.push({ error: item });
    else if (typeof item === "string") out.push({ extra: item });
    else if (item) out.push(item);
  }
  return out;
}

/**
 * The logger the functions use: Powertools' output, with the current request's keys added to each line.
 * appendKeys/removeKeys change the current request's context only (outside any context, the base logger's).
 */
export const logger = {
  debug: (message: string, ...extra: Extra[]) => baseLogger.debug(message, ...attributes(extra)),
  info: (message: string, ...extra: Extra[]) => baseLogger.info(message, ...attributes(extra)),
  warn: (message: string, ...extra: Extra[]) => baseLogger.warn(message, ...attributes(extra)),
  error: (message: string, ...extra: Extra[]) => baseLogger.error(message, ...attributes(extra)),
  appendKeys(keys: LogKeys): void {
    if (!appendLogKeys(keys)) baseLogger.appendKeys(keys);
  },
  removeKeys(names: string[]): void {
    if (!removeLogKeys(names)) baseLogger.removeKeys(names);
  },
};
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
