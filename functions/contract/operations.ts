// The operations of the product, each once: its name (OpenAPI operationId = gateway tool name), its HTTP
// route for Agents Classic, which Lambda serves it, and its request/response schemas.
import {
  type ContractSchema,
  errorResponse, generateRequest, generationResponse, getGenerationRequest, metricsRequest, metricsResponse,
  retrieveRequest, retrieveResponse, validateRequest, validateResponse,
} from "./schemas";

export type FunctionName = "generate" | "validate" | "metrics" | "retrieve";
/** Action groups of the classic runtime (one OpenAPI document each). */
export type ActionGroup = "generation" | "validation" | "quality";
export type HttpMethod = "GET" | "POST";

export interface Operation {
  operationId: OperationId;
  summary: string;
  description: string;
  functionName: FunctionName;
  /** Absent for operations that exist only as gateway tools (retrieveKnowledge). */
  http?: { group: ActionGroup; method: HttpMethod; path: string; pathParameters?: string[]; successStatus: number };
  request: ContractSchema;
  response: ContractSchema;
}

export type OperationId =
  | "generateSyntheticData" | "getGeneration" | "validateSchema" | "calculateQualityMetrics" | "retrieveKnowledge";

export const OPERATIONS: readonly Operation[] = [
  {
    operationId: "generateSyntheticData",
    summary: "Generate a synthetic data set",
    description:
      "Generates a synthetic data set from a schema and stores it in the stack's data bucket. Small volumes complete "
      + "within the call and return a sample, quality summary and a short-lived download URL; large volumes return "
      + "status processing at once: poll getGeneration with the generation_id. With dataset instead of schema it generates "
      + "several related tables whose foreign keys all resolve, stored as <table>/part-NNNNN.<ext> beside schema.sql. "
      + "Object and array values are sent as JSON text.",
    functionName: "generate",
    http: { group: "generation", method: "POST", path: "/generate-synthetic-data", successStatus: 200 },
    request: generateRequest,
    response: generationResponse,
  },
  {
    operationId: "getGeneration",
    summary: "Get a generation's status and result",
    description:
      "Returns the status (pending, processing, completed or failed), progress and, once completed, the location, "
      + "a fresh download URL and the quality summary of a generation.",
    functionName: "generate",
    http: { group: "generation", method: "GET", path: "/generations/{generation_id}", pathParameters: ["generation_id"], successStatus: 200 },
    request: getGenerationRequest,
    response: generationResponse,
  },
  {
    operationId: "validateSchema",
    summary: "Validate a data schema",
    description:
      "Checks a field list or JSON Schema before generating: structure, satisfiability, constraint conflicts, risky "
      + "patterns and compliance hints. unknown_meanings names text fields the schema does not explain; give each a "
      + "description and examples, then validate again. Object and array values are sent as JSON text.",
    functionName: "validate",
    http: { group: "validation", method: "POST", path: "/validate-schema", successStatus: 200 },
    request: validateRequest,
    response: validateResponse,
  },
  {
    operationId: "calculateQualityMetrics",
    summary: "Measure the quality of a data set",
    description:
      "Computes quality metrics (validity against the schema, completeness, uniqueness, distributions, and similarity to "
      + "a reference data set when one is given) for a generation or for a data set in the stack's data bucket, and "
      + "stores a JSON and an HTML report. A data set of several tables (a generation with dataset, or its folder) is "
      + "measured table by table and as a whole: keys, referential integrity, children per parent, parent rules, and "
      + "against a reference data set's folder SDMetrics' multi-table metrics. Object and array values are sent as JSON text.",
    functionName: "metrics",
    http: { group: "quality", method: "POST", path: "/calculate-quality-metrics", successStatus: 200 },
    request: metricsRequest,
    response: metricsResponse,
  },
  {
    operationId: "retrieveKnowledge",
    summary: "Search the knowledge base",
    description:
      "Searches the stack's knowledge base of domain schemas and compliance guidance and returns the best passages.",
    functionName: "retrieve",
    request: retrieveRequest,
    response: retrieveResponse,
  },
];

export const ERROR_RESPONSE = errorResponse;

export function operationById(id: string): Operation | undefined {
  return OPERATIONS.find((op) => op.operationId === id);
}

export function operationsOf(functionName: FunctionName): Operation[] {
  return OPERATIONS.filter((op) => op.functionName === functionName);
}

export const ACTION_GROUPS: Record<ActionGroup, { title: string; description: string }> = {
  generation: { title: "Synthetic data generation", description: "Generate synthetic data sets and follow their progress." },
  validation: { title: "Schema validation", description: "Validate data schemas before generating." },
  quality: { title: "Data quality metrics", description: "Measure the quality of generated data sets." },
};
