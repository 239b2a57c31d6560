// The text of a schema file (a JSON Schema, a field list, an OpenAPI document) as a JSON value: JSON, or
// YAML 1.2. A parse failure is a SchemaInputError naming the line and column.
import { parseDocument } from "yaml";
import { SchemaInputError } from "./notes";

/** Aliases expanded before YAML refuses a document (a guard against "billion laughs" documents). */
const MAX_YAML_ALIASES = 1000;

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    // V8 names the place either as "(line L column C)" or as "at position N".
    const lc = /line (\d+) column (\d+)/.exec(message);
    const pos = /at position (\d+)/.exec(message);
    const where = lc ? { line: Number(lc[1]), column: Number(lc[2]) } : pos ? lineColumn(text, Number(pos[1])) : undefined;
    const what = message.replace(/\s*\(line \d+ column \d+\)/, "").replace(/\s*at position \d+/, "").replace(/ in JSON$/, "");
    throw new SchemaInputError([{
      path: "", rule: "json-syntax",
      message: `${label} is not valid JSON${where ? ` (line ${where.line}, column ${where.column})` : ""}: ${what}`,
    }]);
  }
}

function parseYaml(text: string, label: string): unknown {
  // YAML 1.2 core schema: `yes`/`no`/`on` stay strings, numeric keys (`200:`) become string keys.
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, merge: true });
  if (doc.errors.length) {
    throw new SchemaInputError(doc.errors.map((e) => {
      const at = e.linePos?.[0];
      const first = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
      const reason = e.code === "MULTIPLE_DOCS" ? "the text holds several YAML documents (separated by ---); give one" : first;
      return { path: "", rule: "yaml-syntax", message: `${label} is not valid YAML${at ? ` (line ${at.line}, column ${at.col})` : ""}: ${reason}` };
    }));
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    throw new SchemaInputError([{ path: "", rule: "yaml-syntax", message: `${label} could not be read as YAML: ${(err as Error).message}` }]);
  }
}

/**
 * The schema text as a JSON value. A `.json` file is read as JSON, a `.yaml`/`.yml` file as YAML; any
 * other text is read as JSON when it starts with `{` or `[`, otherwise as YAML (JSON text that fails
 * to parse is reported as a JSON error). Throws SchemaInputError with the line and column of a
 * syntax error.
 */
export function parseSchemaText(text: string, fileName?: string): unknown {
  const label = fileName ? `"${fileName}"` : "the schema text";
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw new SchemaInputError([{ path: "", rule: "schema-text-empty", message: `${label} is empty` }]);
  const ext = /\.([A-Za-z]+)$/.exec(fileName ?? "")?.[1]?.toLowerCase();
  if (ext === "json") return parseJson(body, label);
  if (ext === "yaml" || ext === "yml") return parseYaml(body, label);
  if (/^\s*[[{]/.test(body)) {
    try {
      return JSON.parse(body);
    } catch {
      // Flow-style YAML can start with a brace too; when YAML cannot read it either, report the JSON error.
      try {
        return parseYaml(body, label);
      } catch {
        return parseJson(body, label);
      }
    }
  }
  return parseYaml(body, label);
}
