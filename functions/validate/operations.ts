// validateSchema: the schema checks of the validation engine, answered in the contract's shape.
import type { ComplianceRegime, SchemaInput } from "../engine/schema/types";
import { DEFAULT_LIMITS, type FunctionConfig } from "../shared/config";
import { asInputError, splitFindings, type SchemaFinding } from "../shared/engine";
import { validateSchema } from "../engine/validate";
import { RECORD_SHAPE_RULE, recordShapeProblem } from "../shared/schemaInput";
import { countMetric, METRIC, publishMetrics } from "../shared/powertools";
import { formatBytes, hugeRowThreshold, requestCost, rowSizeProblem } from "../shared/requestCost";
import type { JsonSchemaObject } from "../engine/schema/types";
import { describeCardinality } from "../engine/dataset/cardinality";
import { RequestValidationError } from "../shared/errors";
import { assertOneInput, checkDataset, readDatasetInput } from "../shared/datasetInput";

export interface ValidateArgs { schema?: SchemaInput; dataset?: string; component?: string; compliance_requirements?: ComplianceRegime[]; volume?: number }

/** Rows of each root table a data set is checked at when the request plans no volume. */
const DATASET_DEFAULT_ROOT_ROWS = 1000;

/**
 * validateSchema of a data set: read (400 when it cannot be), then planned at the volume without a row
 * made; every problem is an error naming its table, column or relationship, and the answer says how many
 * rows each table would have.
 */
export async function validateDatasetOperation(config: Pick<FunctionConfig, "maxVolume">, args: ValidateArgs & { dataset: string }): Promise<Record<string, unknown>> {
  let set;
  try {
    set = await readDatasetInput(args.dataset);
  } catch (err) {
    // Tables that parse but cannot be built (a reference to no table, key types that differ, a cycle) are
    // findings like any other; text that is no data set stays a 400.
    const problems = err instanceof RequestValidationError ? (err.details as { problems?: Array<{ at: string; message: string }> } | undefined)?.problems : undefined;
    if (!problems) throw err;
    countMetric(METRIC.validationFailures);
    publishMetrics();
    return { valid: false, errors: problems.map((p) => ({ field: `dataset: ${p.at}`, rule: "dataset", severity: "error", message: p.message })), warnings: [], suggestions: [] };
  }
  const check = checkDataset(set, {
    volume: args.volume ?? DATASET_DEFAULT_ROOT_ROWS, maxVolume: config.maxVolume,
    ...(args.compliance_requirements ? { compliance: args.compliance_requirements } : {}),
  });
  const valid = check.errors.length === 0;
  if (!valid) countMetric(METRIC.validationFailures);
  publishMetrics();
  return {
    valid, errors: check.errors, warnings: check.warnings, suggestions: [],
    tables: set.tables.map((t) => ({ name: t.name, rows: check.counts[t.name] ?? 0, primary_key: t.primaryKey })),
    relationships: set.relationships.map((r) => ({ name: r.name, from: `${r.child}(${r.columns.join(", ")})`, to: `${r.parent}(${r.parentColumns.join(", ")})`, cardinality: describeCardinality(r.cardinality), stated: r.cardinalityStated })),
  };
}

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

/** validateSchema: a data set (`dataset`) or one record structure (`schema`), exactly one of them. */
export async function validateOperation(config: Pick<FunctionConfig, "maxVolume"> & { limits?: FunctionConfig["limits"] }, args: ValidateArgs): Promise<Record<string, unknown>> {
  return assertOneInput(args) === "dataset" ? validateDatasetOperation(config, args as ValidateArgs & { dataset: string }) : validateSchemaOperation(config, args);
}

/** The stack's size ceilings come with the function's configuration; without them (a bare spec), the defaults. */
export function validateSchemaOperation(config: Pick<FunctionConfig, "maxVolume"> & { limits?: FunctionConfig["limits"] }, args: ValidateArgs):
  Record<string, unknown> {
  let result: Record<string, unknown>;
  try {
    result = validateSchema({
      schema: args.schema!,
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
