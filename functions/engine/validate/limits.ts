// Limits on untrusted schemas, checked before anything else touches them, so a huge or deeply nested
// schema gets a clear answer instead of exhausting the function's memory or stack.
import type { SchemaProblem } from "./errors";
import { childField } from "./walk";

export const SCHEMA_LIMITS = {
  /** Bytes of the schema as JSON text. */
  maxBytes: 512 * 1024,
  /** Nesting depth of the JSON document (objects and arrays). */
  maxDepth: 64,
  /** Properties declared over the whole schema (every `properties` object counted). */
  maxProperties: 10_000,
  /**
   * Properties declared along one path: an object's own and those of every object enclosing it. The
   * validator nests each property's check inside the one before, so it is this sum, not the whole schema's
   * count, that runs out of stack (a flat object of about 2,000 properties does; 100 objects of 100 do not).
   * Every published schema in SchemaStore stays under it (the most: 836).
   */
  maxNestedProperties: 1000,
  /** Characters of one `pattern` or `patternProperties` key. */
  maxPatternLength: 1000,
  /** Values of one `enum`. */
  maxEnumValues: 10_000,
} as const;
export type SchemaLimits = typeof SCHEMA_LIMITS;

/** Every limit the schema breaks; an empty list when it is within all of them. */
export function schemaLimitProblems(schema: unknown, limits: SchemaLimits = SCHEMA_LIMITS): SchemaProblem[] {
  let text: string;
  try {
    text = JSON.stringify(schema) ?? "";
  } catch (err) {
    if (err instanceof RangeError) {
      return [{ field: "$", rule: "max-schema-depth", message: `the schema nests far deeper than ${limits.maxDepth} levels` }];
    }
    // A cyclic object graph (possible only from code, never from JSON) or a BigInt.
    return [{ field: "$", rule: "json-serialisable", message: `the schema is not serialisable as JSON: ${(err as Error).message}` }];
  }
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > limits.maxBytes) {
    return [{ field: "$", rule: "max-schema-bytes", message: `the schema is ${bytes} bytes; the limit is ${limits.maxBytes}` }];
  }
  const problems: SchemaProblem[] = [];
  let propertyCount = 0;
  /** The longest path by properties declared along it (maxNestedProperties), and where it ends. */
  let nested = { count: 0, own: 0, field: "$" };
  let depthReported = false;
  // Iterative walk: a recursive one would overflow on exactly the inputs this guards against. `field` is
  // the data path (names under `properties`, `[*]` under `items`), as in every other finding.
  // `along`: properties declared by the objects enclosing the value (maxNestedProperties).
  const stack: { value: unknown; depth: number; field: string; key: string; along: number }[] = [{ value: schema, depth: 0, field: "$", key: "", along: 0 }];
  while (stack.length > 0) {
    const { value, depth, field, key, along: enclosing } = stack.pop()!;
    let along = enclosing;
    if (typeof value !== "object" || value === null) continue;
    if (depth > limits.maxDepth) {
      if (!depthReported) problems.push({ field, rule: "max-schema-depth", message: `the schema nests deeper than ${limits.maxDepth} levels` });
      depthReported = true;
      continue;
    }
    if (Array.isArray(value)) {
      if (key === "enum" && value.length > limits.maxEnumValues) {
        problems.push({ field, rule: "max-enum-values", message: `enum has ${value.length} values; the limit is ${limits.maxEnumValues}` });
      }
      value.forEach((item) => stack.push({ value: item, depth: depth + 1, field, key: "", along }));
      continue;
    }
    // A map of names to schemas (under `properties`) is not itself a schema: its keys are field names.
    const isPropertyMap = key === "properties";
    if (isPropertyMap) {
      const declared = Object.keys(value).length;
      propertyCount += declared;
      along += declared;
      if (along > nested.count) nested = { count: along, own: declared, field };
    }
    for (const [k, v] of Object.entries(value)) {
      if (!isPropertyMap && k === "pattern" && typeof v === "string" && v.length > limits.maxPatternLength) {
        problems.push({ field, rule: "max-pattern-length", message: `pattern is ${v.length} characters; the limit is ${limits.maxPatternLength}` });
      }
      if (!isPropertyMap && k === "patternProperties" && typeof v === "object" && v !== null) {
        for (const p of Object.keys(v)) {
          if (p.length > limits.maxPatternLength) {
            problems.push({ field, rule: "max-pattern-length", message: `a patternProperties key is ${p.length} characters; the limit is ${limits.maxPatternLength}` });
          }
        }
      }
      const childFieldPath = isPropertyMap ? childField(field, k) : k === "items" ? `${field}[*]` : field;
      stack.push({ value: v, depth: depth + 1, field: childFieldPath, key: isPropertyMap ? "" : k, along });
    }
  }
  if (nested.count > limits.maxNestedProperties) {
    const where = nested.field === "$" ? "the top-level object" : `the object at ${nested.field}`;
    problems.unshift({
      field: nested.field, rule: "max-nested-fields",
      message: nested.own > limits.maxNestedProperties
        ? `${where} declares ${nested.own} properties; the limit is ${limits.maxNestedProperties} per object (with the objects enclosing it)`
        : `${where} declares ${nested.own} properties and the objects enclosing it ${nested.count - nested.own} more: ${nested.count} along one path; the limit is ${limits.maxNestedProperties} (the validator checks them nested, one inside the other)`,
    });
  }
  if (propertyCount > limits.maxProperties) {
    problems.unshift({ field: "$", rule: "max-fields", message: `the schema declares ${propertyCount} properties; the limit is ${limits.maxProperties}` });
  }
  return problems;
}
