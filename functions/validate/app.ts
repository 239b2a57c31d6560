import type { FunctionConfig } from "../shared/config";
import { createAgentHandler } from "../shared/adapters";
import { guardOperations, type RequestGuard } from "../shared/guardrail";
import { validateOperation } from "./operations";

export function createValidateHandler(config: Pick<FunctionConfig, "maxVolume">, guard?: RequestGuard) {
  return createAgentHandler({
    functionName: "validate",
    operations: guardOperations({ validateSchema: (args) => validateOperation(config, args) }, guard),
  });
}
