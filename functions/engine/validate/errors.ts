// Named errors of the validation engine. Each carries the problems it found, every one naming the
// field (a JSON path) and the rule that failed, so callers can answer 4xx with something useful.

export interface SchemaProblem {
  /** Where the problem is: a data path such as `order.items[*].price`, `$` for the root. */
  field: string;
  /** The rule that failed, stable and machine-readable (e.g. `minimum<=maximum`). */
  rule: string;
  message: string;
}

/** The schema cannot be compiled into a validator (structure, unresolved or remote `$ref`, unsafe pattern, limits). */
export class SchemaCompileError extends Error {
  override readonly name: string = "SchemaCompileError";
  constructor(message: string, readonly problems: SchemaProblem[]) {
    super(message);
  }
}

/** The schema is larger, deeper or wider than the engine accepts. */
export class SchemaLimitError extends SchemaCompileError {
  override readonly name: string = "SchemaLimitError";
}

/** The data could not be read (bad JSON line, unreadable file): reported with the row it stopped at. */
export class DataReadError extends Error {
  override readonly name = "DataReadError";
  constructor(message: string, readonly row: number, options?: { cause?: unknown }) {
    super(message, options);
  }
}
