// CSV reader: the first record is the header; dotted headers become nested objects. An empty unquoted
// field is null and a quoted "" is the empty string (what our writer emits). With a schema, cells are
// typed by their column; a cell that does not parse as its type is kept as text, so validation reports
// the row instead of the read failing.
import type { Row } from "../schema/types";
import { HeaderConflictError, RowAssembler, type CellConverter } from "./assemble";
import type { FieldNode } from "./columns";
import { CsvTokenizer, type CsvRecord } from "./csvTokenizer";
import { DataFormatError } from "./errors";

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export const typeCsvCell: CellConverter = (cell, kind) => {
  const text = cell as string;
  switch (kind) {
    case "integer": return INTEGER.test(text) ? Number(text) : text;
    case "number": return NUMBER.test(text) ? Number(text) : text;
    case "boolean": { // also TRUE/FALSE as spreadsheets write them
      const lower = text.toLowerCase();
      return lower === "true" ? true : lower === "false" ? false : text;
    }
    case "json":
      try { return JSON.parse(text); } catch { return text; }
    default: return text;
  }
};

export async function* readCsv(text: AsyncIterable<string>, tree: FieldNode[] | undefined): AsyncGenerator<Row> {
  const tokenizer = new CsvTokenizer();
  let assembler: RowAssembler | undefined;
  function* rows(records: CsvRecord[]): Generator<Row> {
    for (const record of records) {
      if (assembler) yield assembler.assemble(record.fields);
      else assembler = headerAssembler(record, tree);
    }
  }
  for await (const chunk of text) yield* rows(tokenizer.push(chunk));
  yield* rows(tokenizer.end());
}

function headerAssembler({ fields, line }: CsvRecord, tree: FieldNode[] | undefined): RowAssembler {
  if (fields.some((name) => !name)) throw new DataFormatError("csv", "the header has an empty column name", { line });
  try {
    return new RowAssembler(fields as string[], tree, typeCsvCell);
  } catch (error) {
    if (error instanceof HeaderConflictError) throw new DataFormatError("csv", error.message, { line });
    throw error;
  }
}
