import { createAgentHandler } from "../shared/adapters";
import { retrieveKnowledge, type RetrieveDeps } from "./operations";

export function createRetrieveHandler(deps: RetrieveDeps) {
  return createAgentHandler({
    functionName: "retrieve",
    operations: { retrieveKnowledge: (args) => retrieveKnowledge(deps, args) },
  });
}
