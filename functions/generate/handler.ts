// Lambda entry of the generation tools (generateSyntheticData, getGeneration) for both agent runtimes.
// Configuration and clients are set up once per execution environment.
import { loadConfig } from "../shared/config";
import { requestGuardFromConfig } from "../shared/guardrail";
import { createLambdaClient, createStorageClients } from "../shared/clients";
import { inProcessContinuation, lambdaContinuation } from "../shared/continuation";
import { JobStore } from "../shared/jobs";
import { createGenerateHandler } from "./app";
import { continueGeneration, type GenerationDeps } from "./generation";
import { SFNClient } from "@aws-sdk/client-sfn";
import { stepFunctionsPipeline } from "../shared/continuation";

const config = loadConfig(process.env);
const { s3, ddb } = createStorageClients(config);

export const deps: GenerationDeps = {
  config,
  s3,
  jobs: new JobStore(ddb, config.generationsTable),
  startContinuation: config.functionName
    ? lambdaContinuation(createLambdaClient(), config.functionName)
    : inProcessContinuation((id) => continueGeneration(deps, id)),
  ...(config.pipelineStateMachineArn ? { startPipeline: stepFunctionsPipeline(new SFNClient({}), config.pipelineStateMachineArn) } : {}),
};

export const handler = createGenerateHandler(deps, requestGuardFromConfig(config));
