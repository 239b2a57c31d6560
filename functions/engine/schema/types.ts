// Types shared by every part of the data engine (generator, validator, metrics, readers and writers).

/** A JSON Schema (draft 2020-12) document or sub-schema. Boolean schemas are allowed where the spec allows them. */
export type JsonSchema = boolean | JsonSchemaObject;
export interface JsonSchemaObject {
  [keyword: string]: unknown;
}

/** One field of the request contract's field-list form. */
export interface FieldSpec {
  name: string;
  type: FieldType;
  constraints?: FieldConstraints;
}
export const FIELD_TYPES = [
  "string", "integer", "float", "date", "datetime", "email", "phone", "address", "uuid", "boolean",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export interface FieldConstraints {
  min?: number;
  max?: number;
  format?: string;
  nullable?: boolean;
  unique?: boolean;
  enum?: unknown[];
  pattern?: string;
}
/** The field-list form: `{fields: [{name, type, constraints}]}`. */
export interface FieldListSchema {
  fields: FieldSpec[];
}
/** Either accepted schema form. */
export type SchemaInput = FieldListSchema | JsonSchemaObject;

export const OUTPUT_FORMATS = ["json", "jsonl", "csv", "sql", "parquet"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export const FILE_EXTENSIONS: Record<OutputFormat, string> = {
  json: "json", jsonl: "jsonl", csv: "csv", sql: "sql", parquet: "parquet",
};

export const COMPLIANCE_REGIMES = ["GDPR", "HIPAA", "PCI-DSS", "SOC2", "CCPA"] as const;
export type ComplianceRegime = (typeof COMPLIANCE_REGIMES)[number];

export const DATA_TYPES = ["user_profile", "transaction", "log_event", "custom"] as const;
export type DataType = (typeof DATA_TYPES)[number];

/** One generated or read record. */
export type Row = Record<string, unknown>;
