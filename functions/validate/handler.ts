// Lambda entry of the validateSchema tool for both agent runtimes. Needs no storage.
import { loadConfig } from "../shared/config";
import { requestGuardFromConfig } from "../shared/guardrail";
import { createValidateHandler } from "./app";

const config = loadConfig(process.env, { storage: false, knowledgeBase: false });

export const handler = createValidateHandler(config, requestGuardFromConfig(config));
