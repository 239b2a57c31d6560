// CSV reader over csv-parse (streaming, RFC 4180, line numbers in its errors). The first record is the
// header; dotted headers become nested objects. An empty unquoted field is null and a quoted "" is the
// empty string (what our writer emits). With a schema, cells are typed by their column; a cell that does
// not parse as its type is kept as text, so validation reports the row instead of the read failing.
import { Readable } from "node:stream";
import { parse, type CastingContext } from "csv-parse";
import { RowAssembler, HeaderConflictError, type CellConverter } from "./assemble";
import type { FieldNode } from "./columns";
import { DataFormatError } from "./errors";
import type { Row } from "../schema/types";
import { byteChunks, type DataSource } from "./source";

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export const typeCsvCell: CellConverter = (cell, kind) => {
  const text = cell as string;
  switch (kind) {
    case "integer": return INTEGER.test(text) ? Number(text) : text;
    case "number": return NUMBER.test(text) ? Number(text) : text;
    case "boolean": return text === "true" ? true : text === "false" ? false : text;
    case "json":
      try { return JSON.parse(text); } catch { return text; }
    default: return text;
  }
};

/** null for an empty unquoted field, the text otherwise. */
const nullForEmpty = (value: string, context: CastingContext) => (value === "" && !context.quoting ? null : value);

export async function* readCsv(source: DataSource, tree: FieldNode[] | undefined): AsyncGenerator<Row> {
  const parser = Readable.from(byteChunks(source)).pipe(parse({ bom: true, cast: nullForEmpty, info: true }));
  let assembler: RowAssembler | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: (string | null)[]; info: { lines: number } }>) {
      if (!assembler) {
        if (record.some((name) => !name)) throw new DataFormatError("csv", "the header has an empty column name", { line: info.lines });
        try {
          assembler = new RowAssembler(record as string[], tree, typeCsvCell);
        } catch (error) {
          if (error instanceof HeaderConflictError) throw new DataFormatError("csv", error.message, { line: info.lines });
          throw error;
        }
        continue;
      }
      yield assembler.assemble(record);
    }
  } catch (error) {
    if (error instanceof DataFormatError) throw error;
    const csvError = error as Error & { code?: string; lines?: number };
    if (csvError.code?.startsWith("CSV_")) {
      throw new DataFormatError("csv", csvError.message.replace(/^Invalid \w+ /, ""), { line: csvError.lines });
    }
    throw error;
  } finally {
    parser.destroy();
  }
}
