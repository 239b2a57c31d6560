// JSON Lines and JSON array readers. Both stream: memory holds one line / one array element at a time
// (each capped at MAX_RECORD_CHARS), never the whole input.
import type { Row } from "../schema/types";
import { DataFormatError } from "./errors";

import { MAX_RECORD_CHARS } from "./limits";

function parseRecord(format: string, text: string, location: { line?: number; row?: number }): Row {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError(format, `invalid JSON (${(error as Error).message})`, location);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new DataFormatError(format, "each record must be a JSON object", location);
  }
  return value as Row;
}

/** One object per line; blank lines are skipped, a trailing CR is ignored. */
export async function* readJsonl(text: AsyncIterable<string>): AsyncGenerator<Row> {
  let carry = "";
  let line = 0;
  const parseLine = (raw: string): Row | undefined => {
    line++;
    const body = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    return body.trim() === "" ? undefined : parseRecord("jsonl", body, { line });
  };
  for await (const chunk of text) {
    const buffer = carry + chunk;
    let start = 0;
    for (let end = buffer.indexOf("\n"); end >= 0; end = buffer.indexOf("\n", start)) {
      const row = parseLine(buffer.slice(start, end));
      start = end + 1;
      if (row) yield row;
    }
    carry = buffer.slice(start);
    if (carry.length > MAX_RECORD_CHARS) {
      throw new DataFormatError("jsonl", `line longer than ${MAX_RECORD_CHARS} characters`, { line: line + 1 });
    }
  }
  const last = parseLine(carry);
  if (last) yield last;
}

type Phase = "start" | "first" | "next" | "element" | "after" | "done";

/**
 * A top-level JSON array of objects, split into elements by a small scanner (brackets and strings) and
 * each element handed to JSON.parse, which does the full validation.
 */
export async function* readJsonArray(text: AsyncIterable<string>): AsyncGenerator<Row> {
  let phase: Phase = "start";
  let pending = ""; // text of the element being scanned, from its "{"
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let elementLine = 1;
  let rows = 0;
  const fail = (message: string, at = line): never => {
    throw new DataFormatError("json", message, { line: at });
  };
  for await (const chunk of text) {
    let elementStart = 0;
    const out: Row[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 10) line++;
      if (phase === "element") {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true; // backslash
          else if (c === 34) inString = false; // quote
        } else if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++; // { [
        else if ((c === 125 || c === 93) && --depth === 0) { // } ]
          const element = pending + chunk.slice(elementStart, i + 1);
          pending = "";
          out.push(parseRecord("json", element, { line: elementLine, row: ++rows }));
          phase = "after";
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (phase === "start") {
        if (c !== 91) fail("expected a JSON array starting with '['");
        phase = "first";
      } else if (phase === "first" && c === 93) {
        phase = "done";
      } else if (phase === "first" || phase === "next") {
        if (c !== 123) fail(`element ${rows + 1} is not a JSON object`);
        phase = "element";
        depth = 1;
        elementStart = i;
        elementLine = line;
      } else if (phase === "after") {
        if (c === 44) phase = "next";
        else if (c === 93) phase = "done";
        else fail(`expected ',' or ']' after element ${rows}`);
      } else {
        fail("unexpected content after the closing ']'");
      }
    }
    if (phase === "element") {
      pending += chunk.slice(elementStart);
      if (pending.length > MAX_RECORD_CHARS) fail(`element ${rows + 1} longer than ${MAX_RECORD_CHARS} characters`, elementLine);
    }
    yield* out;
  }
  if ((phase as Phase) !== "done") fail((phase as Phase) === "start" ? "empty input: expected a JSON array" : "unexpected end of input: the array is not closed");
}
