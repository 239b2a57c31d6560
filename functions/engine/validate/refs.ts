// `$ref` checks a meta-schema cannot do: the reference resolves inside the document, it is not remote
// (user input never makes us fetch anything), and a chain of references has a way out (a value exists
// that does not need another copy of itself without end).
import type { JsonSchema, JsonSchemaObject } from "../schema/types";
import type { SchemaProblem } from "./errors";
import { isSchemaObject, walkSchema, type SchemaSite } from "./walk";

/** Meta-schemas ajv carries: a `$ref` to one of them is resolved locally, never fetched. */
const KNOWN_META_SCHEMA = /^https:\/\/json-schema\.org\/draft\/2020-12\/(schema|meta\/[a-z-]+)$/;

interface Resource {
  node: JsonSchema;
  anchors: Map<string, JsonSchema>;
}

export interface RefAnalysis {
  problems: SchemaProblem[];
  /** Each resolved reference: the sub-schema holding the `$ref` and the sub-schema it points at. */
  edges: Map<JsonSchemaObject, JsonSchema>;
}

export function analyseRefs(root: JsonSchema): RefAnalysis {
  const sites: SchemaSite[] = [];
  walkSchema(root, (site) => sites.push(site));
  const resources = indexResources(sites);
  const problems: SchemaProblem[] = [];
  const edges = new Map<JsonSchemaObject, JsonSchema>();

  for (const site of sites) {
    if (!isSchemaObject(site.node)) continue;
    for (const keyword of ["$ref", "$dynamicRef"] as const) {
      const ref = site.node[keyword];
      if (typeof ref !== "string") continue;
      const outcome = resolve(ref, site.baseUri, resources);
      if (outcome.kind === "resolved") {
        if (outcome.target !== undefined) edges.set(site.node, outcome.target);
      } else if (outcome.kind === "remote") {
        problems.push({ field: site.field, rule: "$ref-not-remote", message: `${keyword} ${JSON.stringify(ref)} points outside this schema (${outcome.uri}); remote references are refused, never fetched: put the definition under $defs` });
      } else {
        problems.push({ field: site.field, rule: "$ref-resolves", message: `${keyword} ${JSON.stringify(ref)} does not resolve: ${outcome.reason}` });
      }
    }
  }
  problems.push(...cycleProblems(sites, edges));
  return { problems, edges };
}

function indexResources(sites: SchemaSite[]): Map<string, Resource> {
  const resources = new Map<string, Resource>();
  for (const site of sites) {
    const resource = resources.get(site.baseUri) ?? { node: site.node, anchors: new Map() };
    if (!resources.has(site.baseUri)) resources.set(site.baseUri, resource);
    if (isSchemaObject(site.node)) {
      for (const key of ["$anchor", "$dynamicAnchor"]) {
        const anchor = site.node[key];
        if (typeof anchor === "string") resource.anchors.set(anchor, site.node);
      }
    }
  }
  return resources;
}

type Resolution =
  | { kind: "resolved"; target: JsonSchema | undefined }
  | { kind: "remote"; uri: string }
  | { kind: "unresolved"; reason: string };

function resolve(ref: string, baseUri: string, resources: Map<string, Resource>): Resolution {
  let url: URL;
  try {
    url = new URL(ref, baseUri);
  } catch {
    return { kind: "unresolved", reason: "it is not a valid URI reference" };
  }
  let fragment: string;
  try {
    fragment = decodeURIComponent(url.hash.replace(/^#/, ""));
  } catch {
    return { kind: "unresolved", reason: "its fragment has malformed percent-encoding" };
  }
  url.hash = "";
  const resourceUri = url.href;
  const resource = resources.get(resourceUri);
  if (!resource) {
    if (KNOWN_META_SCHEMA.test(resourceUri)) return { kind: "resolved", target: undefined };
    return { kind: "remote", uri: resourceUri };
  }
  if (fragment === "") return { kind: "resolved", target: resource.node };
  if (fragment.startsWith("/")) {
    let current: unknown = resource.node;
    for (const raw of fragment.slice(1).split("/")) {
      const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      if (typeof current !== "object" || current === null || !(segment in current)) {
        return { kind: "unresolved", reason: `nothing at #${fragment}` };
      }
      current = (current as Record<string, unknown>)[segment];
    }
    if (typeof current !== "boolean" && !isSchemaObject(current)) return { kind: "unresolved", reason: `#${fragment} is not a schema` };
    return { kind: "resolved", target: current };
  }
  const anchored = resource.anchors.get(fragment);
  return anchored === undefined ? { kind: "unresolved", reason: `no $anchor "${fragment}"` } : { kind: "resolved", target: anchored };
}

/**
 * References with no way out. A sub-schema is "finitely satisfiable" when some value fits it without
 * needing, through required properties, minimum array items, allOf and $ref, another value of a
 * sub-schema that is not. Computed as a least fixpoint over the reference targets: every target starts
 * unsatisfiable and becomes satisfiable once a finite value is found. Local contradictions (min > max,
 * `false` schemas) are reported by the satisfiability checks, so here every leaf counts as satisfiable.
 */
function cycleProblems(sites: SchemaSite[], edges: Map<JsonSchemaObject, JsonSchema>): SchemaProblem[] {
  const targets = new Set<JsonSchema>(edges.values());
  if (targets.size === 0) return [];
  const satisfiable = new Map<JsonSchema, boolean>();
  for (const t of targets) satisfiable.set(t, false);

  const sat = (node: unknown): boolean => {
    if (!isSchemaObject(node)) return true;
    const target = edges.get(node);
    if (target !== undefined && !(satisfiable.get(target) ?? true)) return false;
    if (Array.isArray(node.allOf) && !node.allOf.every(sat)) return false;
    if (Array.isArray(node.anyOf) && node.anyOf.length > 0 && !node.anyOf.some(sat)) return false;
    if (Array.isArray(node.oneOf) && node.oneOf.length > 0 && !node.oneOf.some(sat)) return false;
    // A listed value (enum, const) is finite by construction: a base case.
    if (Array.isArray(node.enum) || "const" in node) return true;
    const types = typeof node.type === "string" ? [node.type] : Array.isArray(node.type) ? node.type as string[] : ["object", "array", "string"];
    return types.some((type) => {
      if (type === "object") {
        const required = Array.isArray(node.required) ? node.required as string[] : [];
        const properties = isSchemaObject(node.properties) ? node.properties : {};
        return required.every((name) => sat(Object.hasOwn(properties, name) ? properties[name] : node.additionalProperties));
      }
      if (type === "array") {
        const minItems = typeof node.minItems === "number" ? node.minItems : 0;
        const prefix = Array.isArray(node.prefixItems) ? node.prefixItems : [];
        for (let i = 0; i < Math.min(minItems, prefix.length + 1); i++) {
          if (!sat(i < prefix.length ? prefix[i] : node.items)) return false;
        }
        return true;
      }
      return true;
    });
  };

  // Least fixpoint: at most one flip per target, so |targets| + 1 rounds suffice.
  for (let round = 0; round <= targets.size; round++) {
    let changed = false;
    for (const t of targets) {
      if (!satisfiable.get(t) && sat(t)) {
        satisfiable.set(t, true);
        changed = true;
      }
    }
    if (!changed) break;
  }

  const problems: SchemaProblem[] = [];
  const reported = new Set<JsonSchema>();
  for (const site of sites) {
    if (!isSchemaObject(site.node) || site.negated) continue;
    const target = edges.get(site.node);
    if (target === undefined || satisfiable.get(target) || reported.has(target)) continue;
    reported.add(target);
    const ref = String(site.node.$ref ?? site.node.$dynamicRef);
    problems.push({
      field: site.field,
      rule: "$ref-cycle",
      message: `$ref ${JSON.stringify(ref)} starts a reference cycle with no way out: every value it allows must contain another such value, without end; make the recursive property optional, allow null, or allow an empty array`,
    });
  }
  return problems;
}
