import { createAgentHandler } from "../shared/adapters";
import { guardOperations, type RequestGuard } from "../shared/guardrail";
import { retrieveKnowledge, type RetrieveDeps } from "./operations";

export function createRetrieveHandler(deps: RetrieveDeps, guard?: RequestGuard) {
  return createAgentHandler({
    functionName: "retrieve",
    operations: guardOperations({ retrieveKnowledge: (args) => retrieveKnowledge(deps, args) }, guard),
  });
}
