// Lambda entry of the calculateQualityMetrics tool for both agent runtimes.
import { loadConfig } from "../shared/config";
import { requestGuardFromConfig } from "../shared/guardrail";
import { createStorageClients } from "../shared/clients";
import { JobStore } from "../shared/jobs";
import { createMetricsHandler } from "./app";
import type { MetricsDeps } from "./operations";

const config = loadConfig(process.env);
const { s3, ddb } = createStorageClients(config);

export const deps: MetricsDeps = { config, s3, jobs: new JobStore(ddb, config.generationsTable) };
export const handler = createMetricsHandler(deps, requestGuardFromConfig(config));
