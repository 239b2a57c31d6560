// Published schemas often reference a JSON Schema meta-schema (`"schema": {"$ref":
// "http://json-schema.org/draft-04/schema#"}` in Swagger 2.0's and many config files' schemas). Nothing is
// fetched: the meta-schemas of drafts 04, 06 and 07 ship with the engine (ajv's copies; draft-04 from
// ajv-draft-04, MIT) and are embedded under `$defs` with their own `$id`, so those `$ref`s resolve locally.
import { migrateToDraft2020, type NoteBook } from "./drafts";
import type { JsonSchemaObject } from "./types";

const META_SCHEMAS: Array<{ uri: RegExp; id: string; draft: "draft-04" | "draft-06" | "draft-07"; load: () => JsonSchemaObject }> = [
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  { uri: /^https?:\/\/json-schema\.org\/draft-04\/schema(#|$)/, id: "http://json-schema.org/draft-04/schema", draft: "draft-04", load: () => require("./metaSchemas/draft-04.json") as JsonSchemaObject },
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  { uri: /^https?:\/\/json-schema\.org\/draft-06\/schema(#|$)/, id: "http://json-schema.org/draft-06/schema", draft: "draft-06", load: () => require("ajv/dist/refs/json-schema-draft-06.json") as JsonSchemaObject },
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  { uri: /^https?:\/\/json-schema\.org\/draft-07\/schema(#|$)/, id: "http://json-schema.org/draft-07/schema", draft: "draft-07", load: () => require("ajv/dist/refs/json-schema-draft-07.json") as JsonSchemaObject },
];

/** True when some `$ref` in the schema's JSON text may name a bundled meta-schema (a cheap test before copying). */
export function mayReferenceMetaSchemas(schema: JsonSchemaObject): boolean {
  return /"\$ref":"https?:\/\/json-schema\.org\/draft-0[467]\/schema/.test(JSON.stringify(schema));
}

/** The key under `$defs` of an embedded meta-schema. */
const defKey = (draft: string) => `sdga-meta-schema-${draft}`;

/**
 * Embeds (in place, on the caller's own copy) every draft 04-07 meta-schema that a `$ref` of `schema`
 * names and that the document does not carry itself (some bundle it under `definitions`, by its `$id`);
 * `https` spellings are pointed at the embedded `http` identifier.
 * Returns whether anything was embedded.
 */
export function embedReferencedMetaSchemas(schema: JsonSchemaObject, notes: NoteBook): boolean {
  const wanted = new Set<(typeof META_SCHEMAS)[number]>();
  const carried = new Set<(typeof META_SCHEMAS)[number]>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > 256 || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) { node.forEach((n) => visit(n, depth + 1)); return; }
    const n = node as JsonSchemaObject;
    if (typeof n.$id === "string") {
      const meta = META_SCHEMAS.find((m) => m.uri.test(n.$id as string));
      if (meta) carried.add(meta);
    }
    if (typeof n.$ref === "string") {
      const meta = META_SCHEMAS.find((m) => m.uri.test(n.$ref as string));
      if (meta) {
        wanted.add(meta);
        referring.push({ node: n, meta });
      }
    }
    for (const value of Object.values(n)) visit(value, depth + 1);
  };
  const referring: Array<{ node: JsonSchemaObject; meta: (typeof META_SCHEMAS)[number] }> = [];
  visit(schema, 0);
  for (const meta of carried) wanted.delete(meta);
  if (wanted.size === 0) return false;
  for (const { node, meta } of referring) {
    if (wanted.has(meta)) node.$ref = (node.$ref as string).replace(/^https?:\/\/json-schema\.org\/draft-0[467]\/schema/, meta.id);
  }
  const defs = (schema.$defs ??= {}) as Record<string, unknown>;
  for (const meta of wanted) {
    const migrated = migrateToDraft2020(meta.load(), meta.draft).schema;
    defs[defKey(meta.draft)] = { ...migrated, $id: meta.id };
    notes.add("meta-schema-embedded", "", `"$ref"s to the ${meta.draft} meta-schema resolve to a copy that ships with the engine (nothing is fetched)`);
  }
  return true;
}
