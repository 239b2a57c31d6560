// A JSON (or YAML) data-set document: tables, each a JSON Schema in any dialect the schema front door reads
// (field list, drafts 04-2020-12, an OpenAPI document with a component), and relationships with a
// cardinality per parent:
//
//   { "tables": {
//       "customers": { "schema": { "fields": [...] }, "primaryKey": ["id"], "rows": 1000 },
//       "orders":    { "schema": "...any JSON Schema...", "unique": [["customer_id", "placed_at"]] } },
//     "relationships": [
//       { "from": "orders.customer_id", "to": "customers.id", "cardinality": "0..20, mean 3, skewed" },
//       "order_lines.order_id -> orders.id" ],
//     "rules": [ { "sum": "orders.total", "of": "order_lines.line_total" },
//                { "after": "orders.placed_at", "parent": "customers.signed_up_at" },
//                { "atMost": "refunds.amount", "parent": "payments.amount" } ] }
//
// A table's primary key is `primaryKey`, else its `id` column; a property with `x-unique` is UNIQUE.
import { normaliseSchema, SchemaInputError } from "../schema";
import type { JsonSchemaObject } from "../schema/types";
import { buildDataset, type DraftRelationship, type DraftRule, type DraftTable } from "./build";
import { cardinalityFromDocument } from "./cardinality";
import { type ColumnSpec, type DataSet, DatasetError, type DatasetNote, type DatasetProblem } from "./model";
import { quoteName, sqlTypeOfSchema } from "./sqlTypes";

/** True when the document is a data set (`tables` of schemas) rather than one schema. */
export function isDatasetDocument(doc: unknown): doc is Record<string, unknown> {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return false;
  const tables = (doc as Record<string, unknown>).tables;
  const entries = Array.isArray(tables) ? tables : typeof tables === "object" && tables !== null ? Object.values(tables) : [];
  return entries.length > 0 && entries.every((t) => typeof t === "object" && t !== null && "schema" in t);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readDatasetDocument(doc: Record<string, unknown>): DataSet {
  const problems: DatasetProblem[] = [];
  const notes: DatasetNote[] = [];
  const rawTables = Array.isArray(doc.tables)
    ? (doc.tables as Array<Record<string, unknown>>).map((t) => [String(t.name ?? ""), t] as const)
    : Object.entries(doc.tables as Record<string, Record<string, unknown>>);
  const tables: DraftTable[] = [];
  for (const [name, spec] of rawTables) {
    const at = `tables/${name}`;
    if (!NAME.test(name)) { problems.push({ at, message: `table names are letters, digits and _ (not starting with a digit), got "${name}"` }); continue; }
    let schema: JsonSchemaObject;
    try {
      const normalised = normaliseSchema(spec.schema, typeof spec.component === "string" ? { component: spec.component } : {});
      schema = normalised.schema;
      for (const n of normalised.notes) notes.push({ at: `${at}/schema${n.path}`, message: n.message });
    } catch (err) {
      if (!(err instanceof SchemaInputError)) throw err;
      for (const p of err.problems) problems.push({ at: `${at}/schema${p.path}`, message: p.message });
      continue;
    }
    const properties = (schema.properties ?? {}) as Record<string, JsonSchemaObject | boolean>;
    if (schema.type !== "object" && schema.type !== undefined || Object.keys(properties).length === 0) {
      problems.push({ at: `${at}/schema`, message: "a table's schema must be an object schema with properties (one per column)" });
      continue;
    }
    const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
    const columns: ColumnSpec[] = [];
    const schemas = new Map<string, JsonSchemaObject>();
    const unique: string[][] = [];
    for (const [column, property] of Object.entries(properties)) {
      if (!NAME.test(column)) { problems.push({ at: `${at}/schema/properties/${column}`, message: "column names are letters, digits and _ (not starting with a digit)" }); continue; }
      const p = typeof property === "object" ? property : {};
      const types = Array.isArray(p.type) ? p.type : [p.type];
      const allowsNull = types.includes("null") || (Array.isArray(p.enum) && p.enum.includes(null));
      const value: JsonSchemaObject = { ...p };
      if (Array.isArray(p.type)) {
        const rest = p.type.filter((t) => t !== "null");
        value.type = rest.length === 1 ? rest[0] : rest;
      }
      if (Array.isArray(p.enum)) value.enum = p.enum.filter((x) => x !== null);
      if (value["x-unique"] === true) { unique.push([column]); delete value["x-unique"]; }
      const sql = sqlTypeOfSchema(value);
      columns.push({ name: column, sqlType: sql.sqlType, kind: sql.kind, ...(sql.elementKind ? { elementKind: sql.elementKind } : {}), ...(sql.scale !== undefined ? { scale: sql.scale } : {}), nullable: allowsNull || !required.has(column) });
      schemas.set(column, value);
    }
    const primaryKey = Array.isArray(spec.primaryKey) ? (spec.primaryKey as string[]) : typeof spec.primaryKey === "string" ? [spec.primaryKey] : "id" in properties ? ["id"] : [];
    for (const u of Array.isArray(spec.unique) ? (spec.unique as unknown[]) : []) unique.push(Array.isArray(u) ? (u as string[]) : [String(u)]);
    if (spec.rows !== undefined && !(Number.isSafeInteger(spec.rows) && (spec.rows as number) >= 0)) problems.push({ at: `${at}/rows`, message: "rows must be a whole number" });
    tables.push({
      name, columns, primaryKey, unique, rowRules: [], schemas, required: new Set(primaryKey), at,
      ...(typeof spec.rows === "number" ? { rows: spec.rows } : {}),
      ...(schema.$defs ? { defs: schema.$defs as Record<string, unknown> } : {}),
    });
  }

  const relationships: DraftRelationship[] = [];
  const rels = Array.isArray(doc.relationships) ? doc.relationships : doc.relationships === undefined ? [] : null;
  if (rels === null) problems.push({ at: "relationships", message: "relationships must be a list" });
  (rels ?? []).forEach((r, i) => {
    const at = `relationships/${i}`;
    const spec = (typeof r === "string" ? { link: r } : r) as Record<string, unknown>;
    let child: string | undefined, columns: string[] = [], parent: string | undefined, parentColumns: string[] = [];
    const ends = typeof spec.link === "string" ? spec.link.split(/\s*->\s*/) : [spec.from, spec.to];
    if (typeof ends[0] === "string" && typeof ends[1] === "string") {
      [child, columns] = columnRef(ends[0]);
      [parent, parentColumns] = columnRef(ends[1]);
    } else if (typeof spec.child === "string" && typeof spec.parent === "string") {
      child = spec.child; parent = spec.parent;
      columns = (spec.columns as string[]) ?? []; parentColumns = (spec.parentColumns as string[]) ?? [];
    }
    if (!child || !parent || columns.length === 0) { problems.push({ at, message: `a relationship is "child.column -> parent.column" (or {from, to}, or {child, columns, parent, parentColumns})` }); return; }
    const draft: DraftRelationship = { name: typeof spec.name === "string" ? spec.name : `${child}_${columns.join("_")}_fkey`, child, columns, parent, parentColumns, at };
    if (spec.cardinality !== undefined) {
      const c = cardinalityFromDocument(spec.cardinality);
      if ("problem" in c) problems.push({ at: `${at}/cardinality`, message: c.problem });
      else { draft.cardinality = c.cardinality; if (c.nullShare !== undefined) draft.nullShare = c.nullShare; }
    }
    if (spec.sizes === true) draft.drives = true;
    relationships.push(draft);
  });

  const rules: DraftRule[] = [];
  (Array.isArray(doc.rules) ? doc.rules : []).forEach((r, i) => {
    const at = `rules/${i}`;
    const spec = r as Record<string, unknown>;
    if (typeof spec.sum === "string" && typeof spec.of === "string") {
      const [parent, [parentColumn]] = columnRef(spec.sum), [child, [column]] = columnRef(spec.of);
      rules.push({ kind: "sum", child, column, parent, parentColumn, at });
    } else if ((typeof spec.after === "string" || typeof spec.atMost === "string") && typeof spec.parent === "string") {
      const [child, [column]] = columnRef((spec.after ?? spec.atMost) as string), [parent, [parentColumn]] = columnRef(spec.parent);
      rules.push({ kind: spec.after !== undefined ? "after" : "atMost", child, column, parent, parentColumn, at });
    } else problems.push({ at, message: `a rule is {"sum": "T.C", "of": "child.C"}, {"after": "child.C", "parent": "T.C"} or {"atMost": "child.C", "parent": "T.C"}` });
  });
  if (problems.length) throw new DatasetError(problems);
  const dataset = buildDataset({ tables, relationships, rules, ddl: [], notes, source: "document" });
  return { ...dataset, ddl: ddlOf(dataset) };
}

/** `orders.customer_id` or `order_lines.(order_id, line_no)`. */
function columnRef(text: string): [string, string[]] {
  const m = /^\s*([A-Za-z_][\w]*)\.(?:\(([^)]*)\)|([A-Za-z_]\w*))\s*$/.exec(text);
  if (!m) return ["", []];
  return [m[1], m[2] !== undefined ? m[2].split(",").map((s) => s.trim()).filter(Boolean) : [m[3]]];
}

/** CREATE TABLE statements for a document's tables, with keys and references. */
function ddlOf(dataset: DataSet): string[] {
  const out: string[] = [];
  for (const t of dataset.tables) {
    const lines = t.columns.map((c) => `  ${quoteName(c.name)} ${c.sqlType}${c.nullable ? "" : " NOT NULL"}`);
    if (t.primaryKey.length) lines.push(`  PRIMARY KEY (${t.primaryKey.map(quoteName).join(", ")})`);
    for (const u of t.unique) lines.push(`  UNIQUE (${u.map(quoteName).join(", ")})`);
    out.push(`CREATE TABLE ${quoteName(t.name)} (\n${lines.join(",\n")}\n);`);
  }
  for (const r of dataset.relationships) {
    out.push(`ALTER TABLE ${quoteName(r.child)} ADD CONSTRAINT ${quoteName(r.name)} FOREIGN KEY (${r.columns.map(quoteName).join(", ")}) REFERENCES ${quoteName(r.parent)} (${r.parentColumns.map(quoteName).join(", ")});`);
  }
  return out;
}
