// An RFC 4180 tokenizer that streams: feed it text chunks, get records of fields. It is small and our
// own for two reasons: it tells a quoted empty field ("" -> empty string) from an unquoted one (null),
// which csv-parse only exposes through its `cast` hook at ~15x the parse time; and it keeps the reader
// independent from csv-parse, which the specs use to check our writer.
// Accepts LF or CRLF line ends, skips blank lines (but for a one-column table), refuses stray quotes and ragged records.
import { DataFormatError } from "./errors";

import { MAX_FIELD_CHARS } from "./limits";

export interface CsvRecord {
  fields: (string | null)[];
  /** Line on which the record starts (1-based). */
  line: number;
}

const COMMA = 44, LF = 10, CR = 13, QUOTE = 34;

export class CsvTokenizer {
  private fields: (string | null)[] = [];
  private field = ""; // text of the current field carried over from earlier chunks / before a "" escape
  private quoted = false; // the current field started with a quote
  private inQuotes = false;
  private quotePending = false; // a quote inside quotes: an escaped quote if another follows, else the end
  private line = 1;
  private recordLine = 1;
  private width: number | undefined;

  /** Records completed by this chunk. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === QUOTE) {
            this.field += '"';
            start = i + 1;
            continue;
          }
          this.inQuotes = false;
          start = i; // falls through: c follows the closing quote
        } else {
          if (c === QUOTE) {
            this.field += chunk.slice(start, i);
            this.quotePending = true;
          } else if (c === LF) this.line++;
          continue;
        }
      }
      if (c === COMMA) {
        this.endField(chunk.slice(start, i), false);
        start = i + 1;
      } else if (c === LF) {
        this.endField(chunk.slice(start, i), true);
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        start = i + 1;
      } else if (c === QUOTE) {
        if (this.quoted || this.field !== "" || i > start) this.fail("a quote inside an unquoted field (quote the whole field and double the quote)");
        this.quoted = true;
        this.inQuotes = true;
        start = i + 1;
      } else if (this.quoted && c !== CR) {
        this.fail("characters after the closing quote of a field");
      }
    }
    // Keep the unfinished field's text; after a closing quote only a CR can follow, which is dropped.
    if (!this.quoted || (this.inQuotes && !this.quotePending)) this.field += chunk.slice(start);
    if (this.field.length > MAX_FIELD_CHARS) this.fail(`a field longer than ${MAX_FIELD_CHARS} characters`);
    return out;
  }

  /** The last record, if the input does not end with a line break. */
  end(): CsvRecord[] {
    if (this.inQuotes && !this.quotePending) this.fail("a quoted field is not closed", this.recordLine);
    this.inQuotes = false;
    const out: CsvRecord[] = [];
    if (this.fields.length > 0 || this.field !== "" || this.quoted) {
      this.endField("", true);
      this.endRecord(out);
    }
    return out;
  }

  private endField(tail: string, endOfLine: boolean): void {
    if (this.quoted) {
      this.fields.push(this.field);
    } else {
      let text = this.field + tail;
      if (endOfLine && text.endsWith("\r")) text = text.slice(0, -1);
      this.fields.push(text === "" ? null : text);
    }
    this.field = "";
    this.quoted = false;
  }

  private endRecord(out: CsvRecord[]): void {
    const fields = this.fields;
    this.fields = [];
    // A blank line is skipped, except in a one-column table, where it is that column's null (a writer has
    // no other way to say it).
    if (fields.length === 1 && fields[0] === null && this.width !== 1) return;
    if (this.width === undefined) this.width = fields.length;
    else if (fields.length !== this.width) {
      this.fail(`expected ${this.width} fields as in the header, found ${fields.length}`, this.recordLine);
    }
    out.push({ fields, line: this.recordLine });
  }

  private fail(message: string, line = this.line): never {
    throw new DataFormatError("csv", message, { line });
  }
}
