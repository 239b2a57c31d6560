// What the schema front door tells its callers: notes on what it normalised (warnings, never fatal) and
// problems that stop a schema from being read at all (a 4xx naming each one).

/** One thing the front door changed or assumed while turning an input into JSON Schema 2020-12. */
export interface NormalisationNote {
  /** JSON Pointer into the input as the caller wrote it (`/fields/2`, `/components/schemas/Pet/properties/id`), "" for the whole input. */
  path: string;
  /** A stable, kebab-case name of what was done, e.g. `draft-07-dependencies`, `openapi-nullable`, `field-type-alias`. */
  rule: string;
  message: string;
}

/** A problem that stops the input from being read as a schema. */
export interface SchemaInputProblem {
  path: string;
  rule: string;
  message: string;
}

/** The input cannot be turned into a schema: every problem found, each naming where it is. */
export class SchemaInputError extends Error {
  override readonly name = "SchemaInputError";
  constructor(readonly problems: SchemaInputProblem[]) {
    super(problems.slice(0, 5).map((p) => `${p.path || "/"}: ${p.message}`).join("; ")
      + (problems.length > 5 ? ` (and ${problems.length - 5} more)` : ""));
  }
}
