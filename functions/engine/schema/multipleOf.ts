// `multipleOf` on decimals in binary floating point: 9.95 / 0.01 is 994.9999999999999 and 631868.47 / 0.01
// is 63186846.99999999, so an exact check, or ajv's absolute `multipleOfPrecision`, rejects ordinary cent
// amounts once they are large. A quotient within a few units in its last place of an integer is a multiple.
// One rule for the generator, its row check and the validator, so what one makes the others accept.

/** True when `value` is a whole multiple of `divisor`, up to the rounding of the division. */
export function isMultipleOf(value: number, divisor: number): boolean {
  const q = value / divisor;
  if (!Number.isFinite(q)) return false;
  return Math.abs(q - Math.round(q)) <= Math.max(1e-9, Math.abs(q) * 8 * Number.EPSILON);
}

interface KeywordHost {
  removeKeyword(keyword: string): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  addKeyword(definition: any): unknown;
}

/** Replaces ajv's `multipleOf` with isMultipleOf (its error reads as ajv's own). */
export function useDecimalMultipleOf(ajv: KeywordHost): void {
  const check = (divisor: number, value: number): boolean => {
    if (isMultipleOf(value, divisor)) return true;
    check.errors = [{ keyword: "multipleOf", message: `must be multiple of ${divisor}`, params: { multipleOf: divisor } }];
    return false;
  };
  check.errors = null as unknown;
  ajv.removeKeyword("multipleOf");
  ajv.addKeyword({ keyword: "multipleOf", type: "number", schemaType: "number", errors: true, validate: check });
}
