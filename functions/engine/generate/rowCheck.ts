// Whole-row verification for schemas whose keywords relate several generated values (not, oneOf,
// unevaluated*, contains, ...): a row that fails is regenerated. Uses ajv (2020 dialect) with the engine's
// pattern matcher (schema/patterns.ts), loaded only when a schema needs it so simple schemas start fast.
import { useDecimalMultipleOf } from "../schema/multipleOf";
import { patternRegExpEngine } from "../schema/patterns";
import type { JsonSchemaObject } from "../schema/types";

export type RowValidator = (row: unknown) => boolean;

/** Compiles `schema` into a validator; throws with a readable message when ajv cannot compile it. */
export function compileRowValidator(schema: JsonSchemaObject): RowValidator {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Ajv2020 = (require("ajv/dist/2020") as { default: new (opts: object) => { compile(s: object): RowValidator; removeKeyword(k: string): unknown; addKeyword(d: object): unknown } }).default;
  const addFormats = (require("ajv-formats") as { default: (ajv: unknown) => void }).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // ownProperties: a property named like an Object.prototype member (constructor, toString) is judged on the row itself.
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true, ownProperties: true, code: { regExp: patternRegExpEngine } });
  addFormats(ajv);
  useDecimalMultipleOf(ajv);
  const validate = ajv.compile(schema);
  return (row) => validate(row) === true;
}
