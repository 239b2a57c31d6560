// Named errors of the IO layer. Callers (handlers, CLI) map them to 4xx answers: both are the caller's data.

/** Input that is not valid in its declared format; `line` (text formats) or `row` (1-based) says where. */
export class DataFormatError extends Error {
  override readonly name = "DataFormatError";
  constructor(
    readonly format: string,
    message: string,
    readonly location: { line?: number; row?: number } = {},
  ) {
    const where = [location.line && `line ${location.line}`, location.row && `row ${location.row}`]
      .filter(Boolean).join(", ");
    super(`${format}: ${where ? `${where}: ` : ""}${message}`);
  }
}

/** A row value that the requested output format cannot represent (e.g. a NUL character in SQL text). */
export class UnencodableValueError extends Error {
  override readonly name = "UnencodableValueError";
  constructor(
    readonly format: string,
    readonly row: number,
    readonly column: string | undefined,
    message: string,
  ) {
    super(`${format}: row ${row}${column === undefined ? "" : `, column "${column}"`}: ${message}`);
  }
}

/** A format that cannot be written or read here (unknown name, SQL to read, Parquet for a schema without properties). */
export class UnsupportedFormatError extends Error {
  override readonly name = "UnsupportedFormatError";
  constructor(readonly format: string, message: string) {
    super(`${format}: ${message}`);
  }
}

/** An input that a reader would have to hold in memory whole, beyond its cap. */
export class InputTooLargeError extends Error {
  override readonly name = "InputTooLargeError";
  constructor(readonly format: string, readonly limitBytes: number, hint: string) {
    super(`${format}: input larger than ${limitBytes} bytes; ${hint}`);
  }
}
