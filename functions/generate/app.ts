// The generate function's handler, built from its dependencies (handler.ts wires the real ones).
import { createAgentHandler } from "../shared/adapters";
import { guardOperations, type RequestGuard } from "../shared/guardrail";
import {
  continueGeneration, generateSyntheticData, getGeneration, isContinuationEvent, isSweepEvent, sweepGenerations, type GenerationDeps,
} from "./generation";
import { failPipeline, isPipelineStepEvent, isShardEvent, mergeShards, runShard } from "./pipeline";

/** `guard`: the stack's guardrail on the caller's request (AgentCore); getGeneration takes only an id we issued. */
export function createGenerateHandler(deps: GenerationDeps, guard?: RequestGuard) {
  return createAgentHandler({
    functionName: "generate",
    operations: guardOperations({
      generateSyntheticData: (args, info) => generateSyntheticData(deps, args, info),
      getGeneration: (args) => getGeneration(deps, args),
    }, guard, ["getGeneration"]),
    internal: (event) => {
      if (isContinuationEvent(event)) return continueGeneration(deps, event.sdgaContinuation.generation_id);
      // The generation pipeline's steps (Step Functions): a failure is thrown, for the state machine to see.
      if (isShardEvent(event)) return runShard(deps, event.sdgaShard);
      if (isPipelineStepEvent(event)) {
        return event.sdgaPipeline.step === "merge" ? mergeShards(deps, event.sdgaPipeline) : failPipeline(deps, event.sdgaPipeline);
      }
      // The stack's schedule: jobs whose worker died are resumed or failed (see sweepGenerations).
      if (isSweepEvent(event)) {
        return sweepGenerations(deps).then((swept) => ({ resumed: swept.resumed.length, failed: swept.failed.length, cleaned: swept.cleaned.length }));
      }
      return undefined;
    },
  });
}
