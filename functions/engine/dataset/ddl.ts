// A PostgreSQL DDL script as a data set, read by PostgreSQL's own parser (libpg-query: the server's grammar
// compiled to WebAssembly), never by a hand-written one. Read: CREATE TYPE ... AS ENUM, CREATE TABLE (column
// types, NOT NULL, DEFAULT, PRIMARY KEY, UNIQUE, REFERENCES / FOREIGN KEY, CHECK, identity and generated
// columns, arrays), ALTER TABLE ... ADD CONSTRAINT, CREATE UNIQUE INDEX, and COMMENT ON with `sdga:`
// directives that say what SQL cannot (how many children per parent, how parents and children agree):
//
//   COMMENT ON CONSTRAINT orders_customer_fk ON orders IS 'sdga: 0..20 per parent, mean 3, skewed';
//   COMMENT ON TABLE products IS 'sdga: rows 500';
//   COMMENT ON COLUMN orders.total IS 'sdga: sum of order_lines.line_total';
//   COMMENT ON COLUMN refunds.amount IS 'sdga: at most payments.amount';
//   COMMENT ON COLUMN orders.placed_at IS 'sdga: after customers.signed_up_at';
//
// The statements that create the tables are kept as written (sliced from the script by the parser's
// locations) for the SQL output and the load; anything else (functions, triggers, INSERTs) is left out with a note.
import type { JsonSchemaObject } from "../schema/types";
import { readCheck } from "./checks";
import { buildDataset, type DraftRelationship, type DraftRule, type DraftTable } from "./build";
import type { ColumnKind, ColumnSpec, DataSet, DatasetNote, DatasetProblem, RowRule } from "./model";
import { DatasetError } from "./model";
import { readSqlType } from "./sqlTypes";
import { parseCardinality } from "./cardinality";

type PgNode = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let parser: typeof import("libpg-query") | undefined;

/** The PostgreSQL parser, loaded once (its WebAssembly module compiles on first use). */
async function pgParser(): Promise<typeof import("libpg-query")> {
  if (!parser) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require("libpg-query") as typeof import("libpg-query");
    await lib.loadModule();
    parser = lib;
  }
  return parser;
}

/** True when the text looks like SQL DDL rather than a JSON or YAML document. */
export function looksLikeDdl(text: string): boolean {
  const head = text.replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, "");
  return /^(create|alter|comment|set|begin|drop)\b/i.test(head);
}

/** Reads a DDL script into a data set. Throws DatasetError naming every problem (syntax errors with line and column). */
export async function readDdl(text: string): Promise<DataSet> {
  const pg = await pgParser();
  let tree: { stmts?: Array<{ stmt: PgNode; stmt_location?: number; stmt_len?: number }> };
  try {
    tree = pg.parseSync(text) as typeof tree;
  } catch (err) {
    const details = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const at = details?.cursorPosition !== undefined ? lineColumn(text, details.cursorPosition) : "the script";
    throw new DatasetError([{ at, message: `PostgreSQL cannot parse the script: ${(err as Error).message}` }]);
  }
  const bytes = Buffer.from(text, "utf8");
  const slice = (start: number, end: number) => bytes.subarray(start, end).toString("utf8");
  const notes: DatasetNote[] = [];
  const problems: DatasetProblem[] = [];
  const enums = new Map<string, string[]>();
  const tables: DraftTable[] = [];
  const relationships: DraftRelationship[] = [];
  const rules: DraftRule[] = [];
  const ddl: string[] = [];
  const pendingChecks: Array<{ table: DraftTable; expr: PgNode; text: string; at: string }> = [];
  const constraintComments: Array<{ table: string; name: string; comment: string; at: string }> = [];
  const columnComments: Array<{ table: string; column: string; comment: string; at: string }> = [];

  const stmts = tree.stmts ?? [];
  stmts.forEach((s, i) => {
    const start = s.stmt_location ?? 0;
    const end = s.stmt_len ? start + s.stmt_len : bytes.length;
    const statement = slice(start, end).trim();
    const at = `statement ${i + 1} (${lineColumn(text, start + leadingSpace(slice(start, end)))})`;
    const kind = Object.keys(s.stmt)[0];
    const node = s.stmt[kind];
    const tableOf = (relation: PgNode) => relationName(relation);
    const findTable = (name: string) => tables.find((t) => t.name === name);
    const addConstraint = (table: DraftTable, c: PgNode, columnName: string | undefined, ctx: string) => {
      switch (c.contype) {
        case "CONSTR_PRIMARY": {
          const keys = columnName ? [columnName] : names(c.keys);
          table.primaryKey = keys;
          break;
        }
        case "CONSTR_UNIQUE": table.unique.push(columnName ? [columnName] : names(c.keys)); break;
        case "CONSTR_FOREIGN": {
          const columns = columnName ? [columnName] : names(c.fk_attrs);
          const parent = tableOf(c.pktable);
          relationships.push({
            name: c.conname ?? `${table.name}_${columns.join("_")}_fkey`, child: table.name, columns, parent,
            parentColumns: names(c.pk_attrs), at: ctx,
          });
          break;
        }
        case "CONSTR_CHECK": {
          const checkText = checkTextAt(slice(c.location ?? start, end));
          pendingChecks.push({ table, expr: c.raw_expr, text: checkText, at: `${table.name}${columnName ? `.${columnName}` : ""}: CHECK ${checkText}` });
          break;
        }
        case "CONSTR_EXCLUSION":
          problems.push({ at: ctx, message: "EXCLUDE constraints are not honoured by the generator" });
          break;
        default:
          break;
      }
    };
    switch (kind) {
      case "CreateEnumStmt": {
        const name = lastName(node.typeName);
        enums.set(name.toLowerCase(), (node.vals as PgNode[]).map((v) => v.String.sval as string));
        ddl.push(statement);
        break;
      }
      case "CreateStmt": {
        const table: DraftTable = { name: tableOf(node.relation), columns: [], primaryKey: [], unique: [], rowRules: [], schemas: new Map(), required: new Set(), at };
        if (findTable(table.name)) { problems.push({ at, message: `table ${table.name} is created twice` }); break; }
        tables.push(table);
        for (const element of node.tableElts ?? []) {
          if (element.ColumnDef) {
            const def = element.ColumnDef;
            const name = def.colname as string;
            const typeName = lastName(def.typeName.names);
            const mods = (def.typeName.typmods ?? []).map((m: PgNode) => Number(m.A_Const?.ival?.ival ?? 0));
            const reading = readSqlType(typeName, mods, enums);
            const isArray = Array.isArray(def.typeName.arrayBounds) && def.typeName.arrayBounds.length > 0;
            if (!reading) {
              problems.push({ at: `${table.name}.${name}`, message: `the type ${typeName} is not one the generator knows (known: integer types, numeric, real, boolean, text, varchar, char, uuid, date, timestamp, timestamptz, time, json, jsonb, inet, the script's enum types, and arrays of those)` });
              continue;
            }
            let nullable = true;
            let identityAlways = false, sequence = Boolean(reading.sequence), generated = false;
            for (const cn of def.constraints ?? []) {
              const c = cn.Constraint;
              if (c.contype === "CONSTR_NOTNULL") nullable = false;
              else if (c.contype === "CONSTR_PRIMARY") nullable = false;
              else if (c.contype === "CONSTR_IDENTITY") { identityAlways = c.generated_when === "a"; sequence = true; nullable = false; }
              else if (c.contype === "CONSTR_GENERATED") generated = true;
            }
            const column: ColumnSpec = {
              name, sqlType: isArray ? `${reading.sqlType}[]` : reading.sqlType,
              kind: isArray ? "array" : reading.kind, ...(isArray ? { elementKind: reading.kind } : {}),
              nullable, ...(reading.scale !== undefined ? { scale: reading.scale } : {}),
              ...(identityAlways ? { identityAlways } : {}), ...(sequence ? { sequence } : {}), ...(generated ? { generated } : {}),
            };
            table.columns.push(column);
            table.schemas.set(name, isArray ? { type: "array", items: reading.schema, maxItems: 4 } : { ...reading.schema });
            for (const cn of def.constraints ?? []) {
              const c = cn.Constraint;
              if (c.contype === "CONSTR_GENERATED") {
                pendingChecks.push({ table, expr: { A_Expr: { kind: "AEXPR_OP", name: [{ String: { sval: "=" } }], lexpr: { ColumnRef: { fields: [{ String: { sval: name } }] } }, rexpr: c.raw_expr } }, text: `GENERATED ${name}`, at: `${table.name}.${name}: GENERATED ALWAYS AS (...)` });
              } else addConstraint(table, c, name, `${table.name}.${name}`);
            }
          } else if (element.Constraint) {
            addConstraint(table, element.Constraint, undefined, `${table.name}: ${element.Constraint.conname ?? element.Constraint.contype}`);
          } else if (element.TableLikeClause) {
            problems.push({ at, message: "CREATE TABLE ... (LIKE ...) is not read; list the columns" });
          }
        }
        if (node.inhRelations?.length) problems.push({ at, message: "INHERITS is not read" });
        if (node.partspec) notes.push({ at, message: `${table.name} is partitioned: rows are generated for the parent table` });
        ddl.push(statement);
        break;
      }
      case "AlterTableStmt": {
        const table = findTable(tableOf(node.relation));
        let kept = true;
        for (const cmd of node.cmds ?? []) {
          const c = cmd.AlterTableCmd;
          if (c.subtype === "AT_AddConstraint" && table) addConstraint(table, c.def.Constraint, undefined, at);
          else if (c.subtype === "AT_SetNotNull" && table) {
            const col = table.columns.find((x) => x.name === c.name);
            if (col) table.columns[table.columns.indexOf(col)] = { ...col, nullable: false };
          } else if (["AT_ColumnDefault", "AT_SetStatistics", "AT_SetStorage", "AT_ChangeOwner", "AT_EnableRowSecurity", "AT_ForceRowSecurity"].includes(c.subtype)) {
            // changes nothing about the rows
          } else {
            kept = false;
            notes.push({ at, message: `ALTER TABLE ${c.subtype.replace(/^AT_/, "")} is not applied; the statement is left out` });
          }
        }
        if (!table) problems.push({ at, message: `ALTER TABLE names ${tableOf(node.relation)}, which the script does not create` });
        if (kept) ddl.push(statement);
        break;
      }
      case "IndexStmt": {
        const table = findTable(tableOf(node.relation));
        if (table && node.unique) {
          const cols = (node.indexParams as PgNode[]).map((p) => p.IndexElem?.name as string | undefined);
          if (cols.every((c) => c !== undefined) && !node.whereClause) table.unique.push(cols as string[]);
          else notes.push({ at, message: "a unique index over expressions or with WHERE is kept in the DDL but not known to the generator" });
        }
        ddl.push(statement);
        break;
      }
      case "CommentStmt": {
        const items = (node.object?.List?.items ?? []) as PgNode[];
        const parts = items.map((x) => x.String?.sval as string);
        const comment = String(node.comment ?? "");
        if (node.objtype === "OBJECT_TABCONSTRAINT") constraintComments.push({ table: parts.slice(0, -1).join("."), name: parts[parts.length - 1], comment, at });
        else if (node.objtype === "OBJECT_COLUMN") columnComments.push({ table: parts.slice(0, -1).join(".").replace(/^public\./, ""), column: parts[parts.length - 1], comment, at });
        else if (node.objtype === "OBJECT_TABLE") {
          const m = /^\s*sdga:.*\brows\s*[=:]?\s*(\d+)/i.exec(comment);
          const table = findTable((node.object?.List?.items ?? []).map((x: PgNode) => x.String?.sval).join(".").replace(/^public\./, ""));
          if (m && table) table.rows = Number(m[1]);
        }
        ddl.push(statement);
        break;
      }
      case "VariableSetStmt": case "CreateSchemaStmt": case "CreateExtensionStmt":
        ddl.push(statement);
        break;
      default:
        notes.push({ at, message: `${kind.replace(/Stmt$/, "")} is not part of a data set's tables; left out of the generated SQL` });
    }
  });

  // CHECKs read once every column of the table is known.
  for (const check of pendingChecks) {
    const kinds = new Map<string, ColumnKind>(check.table.columns.map((c) => [c.name, c.kind]));
    const reading = readCheck(check.expr, kinds, check.text);
    if (reading.unhonoured) {
      problems.push({ at: check.at, message: `the generator cannot honour this check (${reading.unhonoured}); rewrite it, or drop it from the script` });
      continue;
    }
    for (const { column, schema } of reading.keywords) mergeKeywords(check.table.schemas, column, schema);
    for (const column of reading.required) {
      const col = check.table.columns.find((c) => c.name === column)!;
      check.table.columns[check.table.columns.indexOf(col)] = { ...col, nullable: false };
    }
    check.table.rowRules.push(...(reading.rowRules as RowRule[]));
  }
  for (const c of constraintComments) {
    const body = directive(c.comment);
    if (body === undefined) continue;
    const rel = relationships.find((r) => r.name === c.name && (r.child === c.table || c.table.endsWith(`.${r.child}`) || r.child.endsWith(`.${c.table}`)));
    if (!rel) { problems.push({ at: c.at, message: `COMMENT ON CONSTRAINT ${c.name}: no foreign key of that name on ${c.table}` }); continue; }
    const parsed = parseCardinality(body);
    if ("problem" in parsed) problems.push({ at: c.at, message: parsed.problem });
    else { rel.cardinality = parsed.cardinality; if (parsed.nullShare !== undefined) rel.nullShare = parsed.nullShare; }
  }
  for (const c of columnComments) {
    const body = directive(c.comment);
    if (body === undefined) continue;
    const m = /^(sum of|at most|after)\s+(?:the sum of\s+)?([\w.]+)\.(\w+)\s*$/i.exec(body.trim());
    if (!m) { problems.push({ at: c.at, message: `COMMENT ON COLUMN ${c.table}.${c.column}: "${body}" is not a directive (sum of T.C, at most T.C, after T.C)` }); continue; }
    const kind = m[1].toLowerCase() === "sum of" ? "sum" : m[1].toLowerCase() === "at most" ? "atMost" : "after";
    // "sum of" sits on the parent's column; "at most" and "after" on the child's.
    if (kind === "sum") rules.push({ kind, child: m[2], column: m[3], parent: c.table, parentColumn: c.column, at: c.at });
    else rules.push({ kind, child: c.table, column: c.column, parent: m[2], parentColumn: m[3], at: c.at });
  }
  if (problems.length) throw new DatasetError(problems);
  return buildDataset({ tables, relationships, rules, ddl, notes, source: "ddl" });
}

/** The body of an `sdga:` comment, or undefined for an ordinary comment. */
function directive(comment: string): string | undefined {
  const m = /^\s*sdga:\s*([\s\S]*)$/i.exec(comment);
  return m ? m[1].trim() : undefined;
}

/** Merges one check's keywords into a column's schema: bounds tighten, anything already there is kept beside. */
export function mergeKeywords(schemas: Map<string, JsonSchemaObject>, column: string, patch: JsonSchemaObject): void {
  const schema = schemas.get(column);
  if (!schema) return;
  const target = schema.type === "array" && typeof schema.items === "object" ? schema : schema;
  for (const [k, v] of Object.entries(patch)) {
    const old = target[k];
    if (old === undefined) { target[k] = v; continue; }
    if (typeof old === "number" && typeof v === "number" && (k === "minimum" || k === "exclusiveMinimum" || k === "minLength")) target[k] = Math.max(old, v);
    else if (typeof old === "number" && typeof v === "number" && (k === "maximum" || k === "exclusiveMaximum" || k === "maxLength")) target[k] = Math.min(old, v);
    else if (typeof old === "string" && typeof v === "string" && k.startsWith("formatM") && k.includes("inimum")) target[k] = Date.parse(v) > Date.parse(old) ? v : old;
    else if (typeof old === "string" && typeof v === "string" && k.startsWith("format") && k.includes("aximum")) target[k] = Date.parse(v) < Date.parse(old) ? v : old;
    else if (k === "enum" && Array.isArray(old) && Array.isArray(v)) target[k] = old.filter((x) => v.includes(x));
    else target.allOf = [...((target.allOf as JsonSchemaObject[] | undefined) ?? []), { [k]: v }];
  }
}

function relationName(relation: PgNode): string {
  const schema = relation.schemaname as string | undefined;
  return schema && schema !== "public" ? `${schema}.${relation.relname}` : relation.relname;
}

function names(list: PgNode[] | undefined): string[] {
  return (list ?? []).map((x) => x.String.sval as string);
}

function lastName(list: PgNode[]): string {
  return list[list.length - 1].String.sval as string;
}

function leadingSpace(s: string): number {
  return Buffer.byteLength(/^\s*/.exec(s)![0], "utf8");
}

/** `line L, column C` of a byte offset into the script. */
function lineColumn(text: string, byteOffset: number): string {
  const before = Buffer.from(text, "utf8").subarray(0, byteOffset).toString("utf8");
  const lines = before.split("\n");
  return `line ${lines.length}, column ${lines[lines.length - 1].length + 1}`;
}

/** The `(...)` after CHECK at the start of `rest`, as written. */
function checkTextAt(rest: string): string {
  const at = rest.search(/check\s*\(/i);
  if (at < 0) return rest.slice(0, 80);
  let depth = 0;
  let quote: string | undefined;
  const open = rest.indexOf("(", at);
  for (let i = open; i < rest.length; i++) {
    const ch = rest[i];
    if (quote) { if (ch === quote) quote = undefined; continue; }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")" && --depth === 0) return rest.slice(open, i + 1);
  }
  return rest.slice(open);
}
