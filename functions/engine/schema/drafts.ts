// JSON Schema drafts 04, 06, 07 and 2019-09 migrated to 2020-12, keyword by keyword, with a note for each
// kind of change. We evaluated the ajv team's json-schema-migrate (2.0.0, last released 2021): it writes the
// 2019-09 meta-schema URI into "draft2020" output, keeps the siblings of a draft-07 `$ref` (which that draft
// ignores, so rows would be judged by keywords the author's validator never applied), leaves
// `$recursiveRef` alone, breaks `$ref`s that point into moved keywords (`#/items/0`), and reports nothing of
// what it changed. So the migration is done here, on a copy, in one walk over the source draft's own
// schema positions.
import type { NormalisationNote } from "./notes";
import { escapePointer } from "./refs";
import type { JsonSchema, JsonSchemaObject } from "./types";

export const DRAFT_2020_12_URI = "https://json-schema.org/draft/2020-12/schema";

export type JsonSchemaDraft = "draft-04" | "draft-06" | "draft-07" | "draft-2019-09" | "draft-2020-12";

const DRAFT_URIS: Array<[RegExp, JsonSchemaDraft]> = [
  [/^https?:\/\/json-schema\.org\/draft-04\/(hyper-)?schema#?$/, "draft-04"],
  [/^https?:\/\/json-schema\.org\/draft-06\/(hyper-)?schema#?$/, "draft-06"],
  [/^https?:\/\/json-schema\.org\/draft-07\/(hyper-)?schema#?$/, "draft-07"],
  [/^https?:\/\/json-schema\.org\/draft\/2019-09\/(hyper-)?schema#?$/, "draft-2019-09"],
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/(hyper-)?schema#?$/, "draft-2020-12"],
  [/^https?:\/\/json-schema\.org\/(hyper-)?schema#?$/, "draft-2020-12"], // "the latest"
];

/** The draft a `$schema` URI names, undefined for a URI that is not a known JSON Schema meta-schema. */
export function draftOfUri(uri: string): JsonSchemaDraft | undefined {
  return DRAFT_URIS.find(([re]) => re.test(uri.trim()))?.[1];
}

/** What a schema's own keywords say about its draft when it declares none. */
export interface DraftEvidence {
  draft: JsonSchemaDraft;
  /** Keyword and pointer that decided it; undefined when nothing did (then 2020-12 is assumed). */
  because?: string;
}

function isObject(v: unknown): v is JsonSchemaObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// Schema positions by draft: keywords whose value is a schema, a map of schemas or a list of schemas.
const SINGLE_OLD = ["additionalItems", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"];
const SINGLE_NEW = [...SINGLE_OLD, "unevaluatedItems", "unevaluatedProperties", "contentSchema", "items"];
// `$defs` is no keyword before 2019-09, but draft-07 authors keep their definitions there too, written in
// their draft: `$defs/NAME` is migrated like `definitions/NAME` (folders of definitions inside it are not).
const MAP_OLD = ["properties", "patternProperties", "definitions", "$defs"];
const MAP_NEW = [...MAP_OLD, "dependentSchemas"];
const LIST = ["allOf", "anyOf", "oneOf"];

/**
 * Infers the draft of a schema without `$schema` from keywords only one family of drafts gives meaning:
 * keywords only 2020-12 has settle it (`prefixItems`, `$dynamicRef`, `dependentRequired`, ...); otherwise
 * boolean exclusive bounds or `id` mean draft-04, `$recursiveRef` 2019-09, and array `items`,
 * `additionalItems` or `dependencies` draft-07. `$defs` alone settles nothing: draft-07 authors use it too.
 */
export function inferDraft(schema: JsonSchemaObject): DraftEvidence {
  const found: Partial<Record<JsonSchemaDraft, string>> = {};
  const mark = (draft: JsonSchemaDraft, keyword: string, pointer: string) => { found[draft] ??= `"${keyword}" at #${pointer}`; };
  const visit = (node: unknown, pointer: string, depth: number): void => {
    if (!isObject(node) || depth > 64) return;
    for (const k of ["prefixItems", "$dynamicRef", "$dynamicAnchor", "dependentRequired", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems"]) {
      if (node[k] !== undefined) mark("draft-2020-12", k, pointer);
    }
    for (const k of ["exclusiveMinimum", "exclusiveMaximum"]) if (typeof node[k] === "boolean") mark("draft-04", k, pointer);
    if (typeof node.id === "string" && node.$id === undefined) mark("draft-04", "id", pointer);
    for (const k of ["$recursiveRef", "$recursiveAnchor"]) if (node[k] !== undefined) mark("draft-2019-09", k, pointer);
    if (Array.isArray(node.items)) mark("draft-07", "items", pointer);
    for (const k of ["additionalItems", "dependencies"]) if (node[k] !== undefined) mark("draft-07", k, pointer);
    for (const k of [...SINGLE_NEW, "additionalItems"]) visit(node[k], `${pointer}/${k}`, depth + 1);
    for (const k of [...MAP_NEW, "dependencies"]) {
      if (isObject(node[k])) for (const [name, sub] of Object.entries(node[k] as object)) visit(sub, `${pointer}/${k}/${escapePointer(name)}`, depth + 1);
    }
    for (const k of [...LIST, "items", "prefixItems"]) if (Array.isArray(node[k])) (node[k] as unknown[]).forEach((sub, i) => visit(sub, `${pointer}/${k}/${i}`, depth + 1));
  };
  visit(schema, "", 0);
  for (const draft of ["draft-2020-12", "draft-04", "draft-2019-09", "draft-07"] as const) {
    if (found[draft]) return { draft, because: found[draft] };
  }
  return { draft: "draft-2020-12" };
}

/** Keywords next to a `$ref` that drafts before 2019-09 ignore but that are no assertions to drop. */
const REF_SIBLINGS_KEPT = new Set(["$schema", "definitions", "$defs", "$comment", "title", "description", "examples", "default"]);

interface Move { from: string; to: string }

/**
 * A 2020-12 copy of `schema` written in `draft`, and a note per kind of change. The input is not modified.
 * Pointers in notes are into the input as written (`/definitions/address/items`).
 */
export function migrateToDraft2020(schema: JsonSchemaObject, draft: JsonSchemaDraft): { schema: JsonSchemaObject; notes: NormalisationNote[] } {
  const notes = new NoteBook();
  const moves: Move[] = [];
  const pre2019 = draft === "draft-04" || draft === "draft-06" || draft === "draft-07";
  const draft4 = draft === "draft-04";
  const single = draft === "draft-2019-09" || draft === "draft-2020-12" ? SINGLE_NEW : SINGLE_OLD;
  const maps = draft === "draft-2019-09" || draft === "draft-2020-12" ? MAP_NEW : MAP_OLD;
  // 2019-09 `$recursiveAnchor: true` resources become `$dynamicAnchor` ones under one shared name.
  const RECURSIVE_ANCHOR = "sdga-recursive";

  const migrate = (node: JsonSchema, pointer: string, outPointer: string, depth: number, recursiveResource: boolean): JsonSchema => {
    if (!isObject(node)) return node;
    if (depth > 128) return node;
    const out: JsonSchemaObject = {};
    let source = node;
    const isResource = typeof node.$id === "string" || (draft4 && typeof node.id === "string");
    const recursive = draft === "draft-2019-09" ? (isResource ? node.$recursiveAnchor === true : recursiveResource) : false;

    if (pre2019 && typeof node.$ref === "string") {
      const dropped = Object.keys(node).filter((k) => k !== "$ref" && !REF_SIBLINGS_KEPT.has(k));
      if (dropped.length) {
        notes.add("ref-siblings-ignored", pointer, `${draft} ignores keywords beside "$ref"; dropped ${dropped.map((k) => `"${k}"`).join(", ")} as that draft does`);
        source = Object.fromEntries(Object.entries(node).filter(([k]) => k === "$ref" || REF_SIBLINGS_KEPT.has(k)));
      }
    }

    for (const [key, value] of Object.entries(source)) {
      const at = `${pointer}/${escapePointer(key)}`;
      const outAt = (k: string) => `${outPointer}/${escapePointer(k)}`;
      const child = (v: JsonSchema, from: string, to: string) => migrate(v, from, to, depth + 1, recursive);
      if (key === "$schema") continue; // set once at the root by the caller
      if (draft4 && key === "id" && typeof value === "string") {
        setId(out, value, at, notes, "draft-04-id");
        continue;
      }
      if (key === "$id" && typeof value === "string") {
        setId(out, value, at, notes, "id-fragment");
        continue;
      }
      if (draft4 && (key === "exclusiveMinimum" || key === "exclusiveMaximum") && typeof value === "boolean") {
        const bound = key === "exclusiveMinimum" ? "minimum" : "maximum";
        if (value && typeof source[bound] === "number") {
          out[key] = source[bound];
          notes.add("draft-04-exclusive-bound", at, `boolean "${key}": true with "${bound}" became a numeric "${key}"`);
        } else notes.add("draft-04-exclusive-bound", at, `boolean "${key}": ${String(value)} dropped (it only qualifies "${bound}")`);
        continue;
      }
      if (draft4 && (key === "minimum" || key === "maximum")) {
        const exclusive = key === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum";
        if (source[exclusive] === true) continue; // moved into the exclusive keyword above
      }
      if (draft !== "draft-2020-12" && key === "dependencies" && isObject(value)) {
        for (const [name, dep] of Object.entries(value)) {
          const kind = Array.isArray(dep) ? "dependentRequired" : "dependentSchemas";
          const target = (out[kind] ??= {}) as JsonSchemaObject;
          target[name] = Array.isArray(dep) ? dep : child(dep as JsonSchema, `${at}/${escapePointer(name)}`, `${outAt(kind)}/${escapePointer(name)}`);
          moves.push({ from: `${pointer}/dependencies/${escapePointer(name)}`, to: `${outPointer}/${kind}/${escapePointer(name)}` });
        }
        notes.add("dependencies-split", at, `"dependencies" became "dependentRequired" (lists of names) and "dependentSchemas" (schemas)`);
        continue;
      }
      if (key === "items" && Array.isArray(value) && draft !== "draft-2020-12") {
        out.prefixItems = value.map((v, i) => child(v as JsonSchema, `${at}/${i}`, `${outAt("prefixItems")}/${i}`));
        moves.push({ from: at, to: outAt("prefixItems") });
        if (source.additionalItems !== undefined) {
          out.items = child(source.additionalItems as JsonSchema, `${pointer}/additionalItems`, outAt("items"));
          moves.push({ from: `${pointer}/additionalItems`, to: outAt("items") });
        }
        notes.add("tuple-items", at, `tuple "items"${source.additionalItems !== undefined ? ` and "additionalItems"` : ""} became "prefixItems"${source.additionalItems !== undefined ? ` and "items"` : ""}`);
        continue;
      }
      if (key === "additionalItems" && draft !== "draft-2020-12") {
        if (!Array.isArray(source.items)) notes.add("additional-items-ignored", at, `"additionalItems" without tuple "items" has no effect and was dropped`);
        continue;
      }
      if (draft === "draft-2019-09" && key === "$recursiveAnchor") {
        if (value === true && isResource) out.$dynamicAnchor = RECURSIVE_ANCHOR;
        notes.add("recursive-ref", at, `"$recursiveAnchor"/"$recursiveRef" became "$dynamicAnchor"/"$dynamicRef"`);
        continue;
      }
      if (draft === "draft-2019-09" && key === "$recursiveRef" && typeof value === "string") {
        // "#" resolves to the resource root; it is dynamic only where that root has $recursiveAnchor: true.
        if (value === "#" && recursive) out.$dynamicRef = `#${RECURSIVE_ANCHOR}`;
        else out.$ref = value;
        notes.add("recursive-ref", at, `"$recursiveAnchor"/"$recursiveRef" became "$dynamicAnchor"/"$dynamicRef"`);
        continue;
      }
      if (single.includes(key) && (isObject(value) || typeof value === "boolean")) {
        out[key] = child(value as JsonSchema, at, outAt(key));
      } else if ((maps.includes(key) || (pre2019 && key === "$defs")) && isObject(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([n, v]) => [n, child(v as JsonSchema, `${at}/${escapePointer(n)}`, `${outAt(key)}/${escapePointer(n)}`)]));
      } else if ((LIST.includes(key) || key === "prefixItems") && Array.isArray(value)) {
        out[key] = value.map((v, i) => child(v as JsonSchema, `${at}/${i}`, `${outAt(key)}/${i}`));
      } else if (key === "items" && isObject(value)) {
        out[key] = child(value as JsonSchema, at, outAt(key));
      } else {
        out[key] = value;
      }
    }
    return out;
  };

  const migrated = migrate(schema, "", "", 0, false) as JsonSchemaObject;
  if (moves.length) rewriteRefs(migrated, moves, notes);
  return { schema: migrated, notes: notes.list() };
}

/** `$id` (or draft-04 `id`) without the fragments 2020-12 forbids: `#name` becomes `$anchor: name`. */
function setId(out: JsonSchemaObject, id: string, at: string, notes: NoteBook, rule: string): void {
  const hash = id.indexOf("#");
  const base = hash < 0 ? id : id.slice(0, hash);
  const fragment = hash < 0 ? "" : id.slice(hash + 1);
  if (base) out.$id = base;
  if (fragment && !fragment.startsWith("/")) out.$anchor = fragment;
  if (rule === "draft-04-id") notes.add(rule, at, `"id" became "$id"${fragment ? ` and "$anchor"` : ""}`);
  else if (hash >= 0) notes.add(rule, at, `"$id" with a fragment became ${base ? `"$id" and ` : ""}${fragment ? `"$anchor"` : "no fragment"} (2020-12 forbids fragments in "$id")`);
}

/** Rewrites local `$ref`s that point into keywords the migration moved (`#/items/0` to `#/prefixItems/0`). */
function rewriteRefs(root: JsonSchemaObject, moves: Move[], notes: NoteBook): void {
  // Longest source first, so `/items/0/items` moves before `/items`.
  const ordered = [...moves].sort((a, b) => b.from.length - a.from.length);
  const visit = (node: unknown, depth: number): void => {
    if (depth > 256 || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) { node.forEach((n) => visit(n, depth + 1)); return; }
    const n = node as JsonSchemaObject;
    for (const key of ["$ref", "$dynamicRef"]) {
      const ref = n[key];
      if (typeof ref !== "string" || !ref.startsWith("#/")) continue;
      const pointer = decodeURIComponent(ref.slice(1));
      const move = ordered.find((m) => pointer === m.from || pointer.startsWith(m.from + "/"));
      if (move) {
        n[key] = "#" + move.to + pointer.slice(move.from.length);
        notes.add("ref-rewritten", "", `"$ref"s into moved keywords were rewritten (e.g. "${ref}" to "${n[key] as string}")`);
      }
    }
    for (const v of Object.values(n)) visit(v, depth + 1);
  };
  visit(root, 0);
}

/** Notes by rule: the first few places of each kind, and how many there were in all. */
export class NoteBook {
  private readonly byRule = new Map<string, { first: NormalisationNote; count: number; paths: string[] }>();

  add(rule: string, path: string, message: string): void {
    const hit = this.byRule.get(rule);
    if (hit) {
      hit.count++;
      if (hit.paths.length < 5) hit.paths.push(path || "/");
      return;
    }
    this.byRule.set(rule, { first: { path, rule, message }, count: 1, paths: [path || "/"] });
  }

  list(): NormalisationNote[] {
    return [...this.byRule.values()].map(({ first, count, paths }) => (count === 1 ? first : {
      ...first,
      message: `${first.message} (${count} places: ${paths.join(", ")}${count > paths.length ? ", ..." : ""})`,
    }));
  }
}
