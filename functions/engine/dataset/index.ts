// Relational data sets: many tables with keys that hold. Read a PostgreSQL DDL script (`readDdl`) or a JSON
// data-set document (`readDatasetDocument`) into a DataSet, plan it (`prepareDataset`: counts, parents,
// keys), write it (`writeDataset`: a file per table or one data.sql), load it into PostgreSQL (`./load`) and
// measure it (`./quality`).
export * from "./model";
export { readDdl, looksLikeDdl } from "./ddl";
export { readDatasetDocument, isDatasetDocument } from "./document";
export { parseCardinality, describeCardinality } from "./cardinality";
export { prepareDataset, shardRange, DEFAULT_ROOT_ROWS, type DatasetGenerationOptions, type DatasetPlan, type TablePlan } from "./generate";
export { writeDataset, schemaScript, sqlScript, type DatasetManifest } from "./output";

import { looksLikeDdl, readDdl } from "./ddl";
import { isDatasetDocument, readDatasetDocument } from "./document";
import type { DataSet } from "./model";

/** A data set from a file's text: DDL, or a JSON/YAML data-set document; undefined when it is neither (one schema). */
export async function readDataset(text: string, parsed?: unknown): Promise<DataSet | undefined> {
  if (looksLikeDdl(text)) return readDdl(text);
  if (parsed !== undefined && isDatasetDocument(parsed)) return readDatasetDocument(parsed);
  return undefined;
}
export { loadDataset, loadInto, openPglite, openServer, readManifest, sqlStatements, type LoadOptions, type LoadResult, type LoadTarget } from "./load";
export { datasetQuality, type DatasetQualityReport, type DatasetShape, type Tables } from "./quality";
export { readDatasetFolder } from "./readFolder";
export { DatasetMeasurement, datasetShape, measuredPlan, planMeasurement, qualityColumnsOf, tableReportsOfShards, type DatasetReport, type DatasetMeasurementOptions } from "./report";
export { renderDatasetHtmlReport } from "./html";
