// Whole-row verification for schemas whose keywords relate several generated values (not, oneOf,
// unevaluated*, contains, ...): a row that fails is regenerated. Uses ajv (2020 dialect) with patterns on
// the linear-time RE2 engine, loaded only when a schema needs it so simple schemas start fast.
import type { JsonSchemaObject } from "../schema/types";
import { toRe2Syntax } from "./compile";

export type RowValidator = (row: unknown) => boolean;

/** Compiles `schema` into a validator; throws with a readable message when ajv cannot compile it. */
export function compileRowValidator(schema: JsonSchemaObject): RowValidator {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Ajv2020 = (require("ajv/dist/2020") as { default: new (opts: object) => { compile(s: object): RowValidator } }).default;
  const addFormats = (require("ajv-formats") as { default: (ajv: unknown) => void }).default;
  const { RE2JS } = require("re2js") as typeof import("re2js");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const regExp = Object.assign(
    (pattern: string) => {
      const program = RE2JS.compile(toRe2Syntax(pattern));
      return { test: (s: string) => program.test(s) };
    },
    { code: 'require("re2js")' },
  );
  // ownProperties: a property named like an Object.prototype member (constructor, toString) is judged on the row itself.
  const ajv = new Ajv2020({ strict: false, allErrors: false, multipleOfPrecision: 9, validateFormats: true, ownProperties: true, code: { regExp } });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (row) => validate(row) === true;
}
