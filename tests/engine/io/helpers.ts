// Shared fixtures for the IO specs: a schema with every column kind and rows full of hostile values.
import type { Readable } from "node:stream";
import type { JsonSchemaObject, Row } from "../../../functions/engine/schema/types";

export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export const HOSTILE_STRINGS = [
  "plain",
  "",
  " leading and trailing ",
  'say "hi"',
  "comma, separated",
  "line\nbreak",
  "carriage\r\nreturn",
  "'; DROP TABLE synthetic_data; --",
  "O'Brien",
  "back\\slash\\'",
  "ünïcödé ✓ 日本語 🎉",
  "tab\tseparated",
  '"',
  "NULL",
];

export const SCHEMA: JsonSchemaObject = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  properties: {
    id: { type: "integer" },
    name: { type: "string" },
    score: { type: ["number", "null"] },
    active: { type: "boolean" },
    born: { type: "string", format: "date" },
    seen_at: { type: ["string", "null"], format: "date-time" },
    address: {
      type: "object",
      properties: { street: { type: "string" }, city: { type: ["string", "null"] } },
      required: ["street", "city"],
    },
    tags: { type: "array", items: { type: "string" } },
  },
  required: ["id", "name", "score", "active", "born", "seen_at", "address", "tags"],
};

export function hostileRows(): Row[] {
  return HOSTILE_STRINGS.map((text, i) => ({
    id: i + 1,
    name: text,
    score: i % 3 === 0 ? null : i * 1.25 - 3,
    active: i % 2 === 0,
    born: `19${String(50 + i).padStart(2, "0")}-0${(i % 9) + 1}-1${i % 10}`,
    seen_at: i % 4 === 0 ? null : `2024-05-0${(i % 9) + 1}T1${i % 10}:30:00.000Z`,
    address: { street: text, city: i % 5 === 0 ? null : "Zürich, \"CH\"" },
    tags: i % 2 === 0 ? [] : [text, "x"],
  }));
}
