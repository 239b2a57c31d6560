// Lambda entry of the validateSchema tool for both agent runtimes. Needs no storage.
import { loadConfig } from "../shared/config";
import { createAgentHandler } from "../shared/adapters";
import { validateSchemaOperation } from "./operations";

const config = loadConfig(process.env, { storage: false, knowledgeBase: false });

export function createValidateHandler(cfg: Pick<typeof config, "maxVolume"> = config) {
  return createAgentHandler({
    functionName: "validate",
    operations: { validateSchema: async (args) => validateSchemaOperation(cfg, args) },
  });
}

export const handler = createValidateHandler();
