// validateSchema: the schema checks of the validation engine, answered in the contract's shape.
import type { ComplianceRegime, SchemaInput } from "../engine/schema/types";
import type { FunctionConfig } from "../shared/config";
import { asInputError, splitFindings, type SchemaFinding } from "../shared/engine";
import { validateSchema } from "../engine/validate";
import { RECORD_SHAPE_RULE, recordShapeProblem } from "../shared/schemaInput";
import { countMetric, METRIC, publishMetrics } from "../shared/powertools";

export interface ValidateArgs { schema: SchemaInput; component?: string; compliance_requirements?: ComplianceRegime[]; volume?: number }

export function validateSchemaOperation(config: Pick<FunctionConfig, "maxVolume">, args: ValidateArgs): Record<string, unknown> {
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
  };
}
