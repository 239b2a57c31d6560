// The validation engine: schema validation (structure, satisfiability, references, compliance) and
// streaming data validation, over one way of compiling validators.
export { compileValidator, createAjv, schemaDigest, MULTIPLE_OF_PRECISION, ANNOTATION_KEYWORDS } from "./compile";
export type { CompiledValidator, CompileOptions } from "./compile";
export { validateSchema, DRAFT_2020_12 } from "./schema";
export type { SchemaValidationRequest, SchemaValidationResult, SchemaFinding } from "./schema";
export { validateDataset } from "./data";
export type { DataValidationReport, DataErrorGroup, DataValidationOptions } from "./data";
export { classifySensitiveFields, complianceIssues } from "./compliance";
export type { SensitiveField, SensitiveKind, SensitiveCategory, ComplianceIssue } from "./compliance";
export { satisfiabilityFindings, domainSize } from "./satisfiability";
export { analyseRefs } from "./refs";
export { compileSafePattern, patternLengths, patternProblem, patternRegExpEngine, UnsupportedPatternError } from "./regex";
export { schemaLimitProblems, SCHEMA_LIMITS } from "./limits";
export { SchemaCompileError, SchemaLimitError, DataReadError } from "./errors";
export type { SchemaProblem } from "./errors";
