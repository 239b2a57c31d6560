// validateSchema: the schema checks of the validation engine, answered in the contract's shape.
import type { ComplianceRegime, SchemaInput } from "../engine/schema/types";
import { DEFAULT_LIMITS, type FunctionConfig } from "../shared/config";
import { asInputError, splitFindings, type SchemaFinding } from "../shared/engine";
import { validateSchema } from "../engine/validate";
import { RECORD_SHAPE_RULE, recordShapeProblem } from "../shared/schemaInput";
import { countMetric, METRIC, publishMetrics } from "../shared/powertools";
import { formatBytes, hugeRowThreshold, requestCost, rowSizeProblem } from "../shared/requestCost";
import type { JsonSchemaObject } from "../engine/schema/types";

export interface ValidateArgs { schema: SchemaInput; component?: string; compliance_requirements?: ComplianceRegime[]; volume?: number }

/**
 * Findings on the size of the schema's rows: an error when generateSyntheticData on this stack would refuse
 * them (a value, a row, or the planned volume beyond its ceilings), a warning when one row can be huge.
 */
function sizeFindings(schema: JsonSchemaObject, limits: FunctionConfig["limits"], volume: number | undefined): SchemaFinding[] {
  let cost;
  try {
    cost = requestCost(schema, volume ?? 1);
  } catch {
    return []; // a schema the estimate cannot read is judged by the validator's own findings
  }
  const { row } = cost;
  const problem = rowSizeProblem(row, limits);
  if (problem) return [{ field: problem.path || "$", rule: "row-size", severity: "error", message: `${problem.message}; generateSyntheticData refuses it` }];
  const findings: SchemaFinding[] = [];
  if (volume !== undefined && cost.bytes > limits.maxRequestBytes) {
    findings.push({
      field: "volume", rule: "request-size", severity: "error",
      message: `${volume.toLocaleString("en-US")} rows of about ${formatBytes(row.bytes)} would be about ${formatBytes(cost.bytes)}; `
        + `this stack accepts at most ${formatBytes(limits.maxRequestBytes)} per request (setting maxRequestMb)`,
    });
  }
  if (row.bytes > hugeRowThreshold(limits)) {
    const field = row.heaviestField;
    findings.push({
      field: field?.path || "$", rule: "row-size", severity: "warning",
      message: `one row can be about ${formatBytes(row.bytes)} as JSON${field ? ` (mostly field "${field.path}", about ${formatBytes(field.bytes)})` : ""}; `
        + `${(10_000).toLocaleString("en-US")} rows would be about ${formatBytes(row.bytes * 10_000)}. This stack accepts rows up to ${formatBytes(limits.maxRowBytes)} `
        + `and requests up to ${formatBytes(limits.maxRequestBytes)}`,
    });
  }
  return findings;
}

/** The stack's size ceilings come with the function's configuration; without them (a bare spec), the defaults. */
export function validateSchemaOperation(config: Pick<FunctionConfig, "maxVolume"> & { limits?: FunctionConfig["limits"] }, args: ValidateArgs):
  Record<string, unknown> {
  let result: Record<string, unknown>;
  try {
    result = validateSchema({
      schema: args.schema,
      ...(args.component !== undefined ? { component: args.component } : {}),
      ...(args.compliance_requirements ? { compliance_requirements: args.compliance_requirements } : {}),
      ...(args.volume !== undefined ? { volume: args.volume } : {}),
    }) as unknown as Record<string, unknown>;
  } catch (err) {
    asInputError(err, "schema cannot be validated");
  }
  const { errors, warnings } = splitFindings((result.errors as SchemaFinding[] | undefined) ?? []);
  // Records are JSON objects: a schema whose root allows anything else cannot be generated as a data set.
  const normalised = result.normalized_schema as Record<string, unknown> | null;
  const shape = normalised && result.dialect !== "field-list" ? recordShapeProblem(normalised) : undefined;
  if (shape) errors.push({ field: "$", rule: RECORD_SHAPE_RULE, severity: "error", message: shape });
  if (normalised && !shape) {
    for (const finding of sizeFindings(normalised as JsonSchemaObject, config.limits ?? DEFAULT_LIMITS, args.volume)) {
      (finding.severity === "warning" ? warnings : errors).push(finding);
    }
  }
  if (args.volume !== undefined && args.volume > config.maxVolume) {
    errors.push({ field: "volume", rule: "max-volume", severity: "error", message: `volume ${args.volume} is above this stack's ceiling of ${config.maxVolume}` });
  }
  const valid = result.valid !== false && errors.length === 0;
  if (!valid) countMetric(METRIC.validationFailures);
  publishMetrics();
  // The normalised schema can be as large as the input: it is not echoed back (responses stay small).
  return {
    valid,
    errors,
    warnings,
    suggestions: result.suggestions ?? [],
    compliance_issues: result.compliance_issues ?? [],
    sensitive_fields: result.sensitive_fields ?? [],
    unknown_meanings: result.unknown_meanings ?? [],
  };
}
