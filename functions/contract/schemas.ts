// The one source of the request/response contract. The OpenAPI documents (Agents Classic action groups),
// the gateway tool schemas (AgentCore) and both adapters' request validation are all derived from here,
// so they cannot drift apart.
//
// Schemas are written in the subset that is valid both as JSON Schema 2020-12 and as an OpenAPI 3.0 schema
// object: single `type` strings, no `const`, no `$ref`, no type arrays. `enum` values are repeated in the
// description by the renderer, because enum support in agent schemas is reported as unreliable.
import {
  COMPLIANCE_REGIMES, DATA_TYPES, OUTPUT_FORMATS,
} from "../engine/schema/types";

export type ContractSchema = Record<string, unknown>;

/** Upper bounds that keep hostile requests cheap to reject. */
export const LIMITS = {
  /** A generation id is a UUID (36 characters); anything longer is refused before any lookup. */
  generationIdPattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
  locationMaxLength: 1024,
  idempotencyKeyMaxLength: 128,
  queryMaxLength: 1000,
  maxRetrieveResults: 10,
  /** A JSON Schema or field list larger than this (as JSON text) is refused. */
  schemaMaxBytes: 256 * 1024,
  /** Properties (or fields) in one schema, counted over all nesting levels. */
  schemaMaxProperties: 1000,
  /** Nesting depth of a schema document. */
  schemaMaxDepth: 32,
  /** Largest minLength/maxLength honoured: longer values would make a single row megabytes long. */
  schemaMaxStringLength: 100_000,
  /** Largest minItems/maxItems/minProperties/maxProperties honoured. */
  schemaMaxItems: 10_000,
  /** The contract's default volume ceiling; a stack may set another with MAX_VOLUME. */
  defaultMaxVolume: 1_000_000,
} as const;

const OBJECT_AS_JSON = "Send it as JSON text (for example {\"fields\":[...]}), never as key=value text.";

const schemaProperty: ContractSchema = {
  type: "object",
  description:
    "The record structure: either a field list {\"fields\":[{\"name\":\"email\",\"type\":\"email\",\"constraints\":{\"unique\":true}}]} "
    + "or a full JSON Schema 2020-12 object. Field names: any text without a dot (letters, digits and _ are simplest). "
    + "Field types: preferably string, integer, number, boolean, date, datetime, email, phone, address, uuid, name, url, ip, currency, country; "
    + "SQL spellings such as varchar(255), char(2), numeric(10,2), bigint, timestamptz and text[] are read too. "
    + "Constraints: min, max (numbers, lengths for text, ISO dates for dates), pattern (a regular expression), format (a format name such as "
    + "email or date-time, not a regex), enum, nullable, unique, required (false makes a field optional). "
    + "Unknown types or constraints are refused with the accepted spellings. " + OBJECT_AS_JSON,
  additionalProperties: true,
};

/** A data set of several related tables, instead of one record structure (`schema`). */
const datasetProperty: ContractSchema = {
  type: "string",
  description:
    "Optional, instead of schema: a data set of several related tables, as text. Either a PostgreSQL DDL script "
    + "(CREATE TABLE with PRIMARY KEY, REFERENCES / FOREIGN KEY, UNIQUE, NOT NULL, CHECK, CREATE TYPE ... AS ENUM) or a "
    + "data-set document as JSON text: {\"tables\":{\"customers\":{\"schema\":{...JSON Schema...},\"primaryKey\":[\"id\"]},...},"
    + "\"relationships\":[{\"from\":\"orders.customer_id\",\"to\":\"customers.id\",\"cardinality\":\"0-20, mean 3, skewed\"}]}. "
    + "volume is then the row count of the root tables (those no reference sizes); child tables follow their cardinalities. "
    + "Every foreign key points at an existing parent row. Send exactly one of schema and dataset.",
  minLength: 1,
  maxLength: LIMITS.schemaMaxBytes,
};

const componentProperty: ContractSchema = {
  type: "string",
  description: "Optional, when schema is a whole document: which of its schemas describes the records, by NAME "
    + "(components/schemas/NAME of an OpenAPI document, $defs/NAME or definitions/NAME of a JSON Schema). "
    + "Leave it out for a field list or a single schema; a wrong name is answered with the names available.",
  minLength: 1,
  maxLength: 256,
};

const complianceProperty: ContractSchema = {
  type: "array",
  description: "Compliance regimes the data must respect (no real personal data, safe value ranges). "
    + "Send the list as JSON text, e.g. [\"GDPR\",\"HIPAA\"].",
  items: { type: "string", enum: [...COMPLIANCE_REGIMES] },
  maxItems: COMPLIANCE_REGIMES.length,
  uniqueItems: true,
};

const locationProperty = (what: string): ContractSchema => ({
  type: "string",
  description: `${what}: an S3 location inside this stack's data bucket under its data prefix, as s3://<bucket>/<key> or `
    + "a key relative to the bucket. Other buckets and relative segments such as ../ are refused.",
  minLength: 1,
  maxLength: LIMITS.locationMaxLength,
});

const generationIdProperty: ContractSchema = {
  type: "string",
  description: "The generation id returned by generateSyntheticData (a UUID).",
  pattern: LIMITS.generationIdPattern,
};

const warningsProperty: ContractSchema = { type: "array", items: { type: "string" }, description: "Non-fatal remarks." };

// ---- generateSyntheticData ------------------------------------------------------------------------------

export const generateRequest: ContractSchema = {
  type: "object",
  // schema or dataset: exactly one (the function refuses neither and both, naming them).
  required: ["data_type", "volume", "output_format"],
  additionalProperties: false,
  properties: {
    data_type: {
      type: "string",
      description: "What kind of records these are; custom when none of the others fits.",
      enum: [...DATA_TYPES],
    },
    volume: {
      type: "integer",
      description: `Number of records to generate, from 1 up to the stack's ceiling (${LIMITS.defaultMaxVolume.toLocaleString("en-US")} by default). `
        + "Small volumes complete within the call; larger ones answer status processing and run in the background.",
      minimum: 1,
    },
    schema: schemaProperty,
    dataset: datasetProperty,
    component: componentProperty,
    output_format: {
      type: "string",
      description: "File format of the data set.",
      enum: [...OUTPUT_FORMATS],
    },
    seed: {
      type: "integer",
      description: "Optional seed: the same seed, schema and volume give byte-identical data.",
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
    },
    compliance_requirements: complianceProperty,
    reference_data_location: locationProperty("Optional real data set to imitate"),
    idempotency_key: {
      type: "string",
      description: "Optional key that makes retries safe: a repeated request with the same key returns the same generation.",
      minLength: 1,
      maxLength: LIMITS.idempotencyKeyMaxLength,
    },
  },
};

const qualitySummary: ContractSchema = {
  type: "object",
  description: "Summary of the data quality report (scores in 0..1, higher is better).",
  additionalProperties: true,
};

export const generationResponse: ContractSchema = {
  type: "object",
  required: ["generation_id", "status"],
  additionalProperties: false,
  properties: {
    generation_id: { type: "string", description: "Id of the generation job (a UUID)." },
    status: { type: "string", description: "Job status.", enum: ["pending", "processing", "completed", "failed"] },
    data_type: { type: "string", description: "The requested data type." },
    output_format: { type: "string", description: "The requested output format." },
    volume: { type: "integer", description: "Records requested." },
    records_generated: { type: "integer", description: "Records written so far." },
    progress: { type: "number", description: "Fraction of the records written, 0..1." },
    output_location: { type: "string", description: "s3:// location of the data set (a folder for sharded jobs)." },
    files: { type: "array", items: { type: "string" }, description: "s3:// locations of the data files." },
    download_url: { type: "string", description: "Presigned HTTPS URL of the data file, valid for at most one hour." },
    quality_report_location: { type: "string", description: "s3:// location of quality_report.json." },
    sample: { type: "array", items: { type: "object", additionalProperties: true }, description: "A few generated records." },
    data_quality_metrics: qualitySummary,
    execution_time_ms: { type: "integer", description: "Time spent generating so far, in milliseconds." },
    created_at: { type: "string", description: "When the job was created (ISO 8601)." },
    updated_at: { type: "string", description: "When the job last changed (ISO 8601)." },
    warnings: warningsProperty,
    errors: { type: "array", items: { type: "string" }, description: "Why the job failed, when it did." },
  },
};

// ---- getGeneration ------------------------------------------------------------------------------------

export const getGenerationRequest: ContractSchema = {
  type: "object",
  required: ["generation_id"],
  additionalProperties: false,
  properties: { generation_id: generationIdProperty },
};

// ---- validateSchema -----------------------------------------------------------------------------------

export const validateRequest: ContractSchema = {
  type: "object",
  // schema or dataset: exactly one (refused otherwise, naming them).
  additionalProperties: false,
  properties: {
    schema: schemaProperty,
    dataset: datasetProperty,
    component: componentProperty,
    compliance_requirements: complianceProperty,
    volume: {
      type: "integer",
      description: "Optional planned volume, checked against unique constraints and the stack's ceiling (for a dataset: rows of its root tables).",
      minimum: 1,
    },
  },
};

export const validateResponse: ContractSchema = {
  type: "object",
  required: ["valid"],
  additionalProperties: true,
  properties: {
    valid: { type: "boolean", description: "True when the schema can be generated as asked." },
    errors: {
      type: "array",
      description: "Problems that prevent generation, each with the JSON path of the offending part.",
      items: { type: "object", additionalProperties: true },
    },
    warnings: {
      type: "array",
      description: "Remarks (compliance hints, risky constraints) that do not prevent generation.",
      items: { type: "object", additionalProperties: true },
    },
    suggestions: { type: "array", items: { type: "string" }, description: "Suggested improvements." },
    unknown_meanings: {
      type: "array", items: { type: "string" },
      description: "Text fields whose meaning the schema does not say (they would get generic words): add a description and examples to each.",
    },
  },
};

// ---- calculateQualityMetrics --------------------------------------------------------------------------

export const metricsRequest: ContractSchema = {
  type: "object",
  additionalProperties: false,
  description: "Give generation_id (data_location may name the same generation's data), or data_location with schema and format, "
    + "or data_location alone naming a data set's folder (metadata.json, schema.sql, <table>/part-NNNNN.<ext>, as a generation with dataset writes it).",
  properties: {
    generation_id: { ...generationIdProperty, description: "Measure the data set of this generation (its schema and format are known; a data set of several tables is measured table by table and as a whole)." },
    data_location: locationProperty("The data set to measure, when it is not a generation of this stack: one data file (with schema), or a data set's folder ending in / (no schema needed)"),
    format: {
      type: "string",
      description: "File format of data_location (default: taken from the file extension).",
      enum: [...OUTPUT_FORMATS],
    },
    schema: { ...schemaProperty, description: "Schema of data_location (required with data_location). " + OBJECT_AS_JSON },
    component: componentProperty,
    reference_data_location: locationProperty("Optional real data set to compare with: a data file, or for a data set of several tables a data set's folder with the same tables"),
  },
};

export const metricsResponse: ContractSchema = {
  type: "object",
  required: ["overall_score"],
  additionalProperties: true,
  properties: {
    generation_id: { type: "string", description: "The generation measured, when one was named." },
    overall_score: { type: "number", description: "Overall quality score, 0..1 (higher is better)." },
    rows: { type: "integer", description: "Records measured." },
    metrics: { type: "object", additionalProperties: true, description: "Scores per metric family (validity, uniqueness, completeness, distributions, ...); for a data set of several tables: per table, key uniqueness, referential integrity, cardinality adherence, parent rules and with a reference fidelity_score (SDMetrics' multi-table metrics)." },
    report_location: { type: "string", description: "s3:// location of the full JSON report." },
    html_report_location: { type: "string", description: "s3:// location of the HTML report." },
    report_url: { type: "string", description: "Presigned URL of the HTML report, valid for at most one hour." },
    warnings: warningsProperty,
  },
};

// ---- retrieveKnowledge (AgentCore only) ---------------------------------------------------------------

export const retrieveRequest: ContractSchema = {
  type: "object",
  required: ["query"],
  additionalProperties: false,
  properties: {
    query: {
      type: "string",
      description: "What to look up in the knowledge base (domain schemas, compliance guidance).",
      minLength: 1,
      maxLength: LIMITS.queryMaxLength,
    },
    max_results: {
      type: "integer",
      description: `How many passages to return (1..${LIMITS.maxRetrieveResults}, default 5).`,
      minimum: 1,
      maximum: LIMITS.maxRetrieveResults,
    },
  },
};

export const retrieveResponse: ContractSchema = {
  type: "object",
  required: ["results"],
  additionalProperties: false,
  properties: {
    results: {
      type: "array",
      description: "Passages, best first.",
      items: {
        type: "object",
        additionalProperties: false,
        properties: {
          text: { type: "string", description: "The passage (trimmed)." },
          score: { type: "number", description: "Relevance score." },
          source: { type: "string", description: "Where the passage comes from." },
        },
      },
    },
  },
};

// ---- errors -------------------------------------------------------------------------------------------

export const errorResponse: ContractSchema = {
  type: "object",
  required: ["error", "message", "timestamp"],
  additionalProperties: false,
  properties: {
    error: { type: "string", description: "Error name, e.g. ValidationError, NotFound, InternalError." },
    message: { type: "string", description: "What went wrong, naming the offending field." },
    details: { type: "object", additionalProperties: true, description: "Structured detail (problems with their paths)." },
    timestamp: { type: "string", description: "When the error happened (ISO 8601)." },
  },
};
