import type { FunctionConfig } from "../shared/config";
import { createAgentHandler } from "../shared/adapters";
import { validateSchemaOperation } from "./operations";

export function createValidateHandler(config: Pick<FunctionConfig, "maxVolume">) {
  return createAgentHandler({
    functionName: "validate",
    operations: { validateSchema: async (args) => validateSchemaOperation(config, args) },
  });
}
