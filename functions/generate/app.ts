// The generate function's handler, built from its dependencies (handler.ts wires the real ones).
import { createAgentHandler } from "../shared/adapters";
import {
  continueGeneration, generateSyntheticData, getGeneration, isContinuationEvent, type GenerationDeps,
} from "./generation";

export function createGenerateHandler(deps: GenerationDeps) {
  return createAgentHandler({
    functionName: "generate",
    operations: {
      generateSyntheticData: (args, info) => generateSyntheticData(deps, args, info),
      getGeneration: (args) => getGeneration(deps, args),
    },
    internal: (event) => (isContinuationEvent(event) ? continueGeneration(deps, event.sdgaContinuation.generation_id) : undefined),
  });
}
