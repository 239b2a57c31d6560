import { strict as assert } from "node:assert";
import fc from "fast-check";
import { valueAt } from "../../../functions/engine/io/columns";
import { accessorSource, compileRowFunction, numberText } from "../../../functions/engine/io/compiled";

describe("io: code compiled from the schema", () => {
  it("numberText is String(n) for every finite number, cents included", () => {
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), (c) => numberText(c / 100) === String(c / 100)), { numRuns: 20_000 });
    fc.assert(fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 6 }), (c, d) => numberText(c / 10 ** d) === String(c / 10 ** d)), { numRuns: 20_000 });
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => numberText(n) === String(n)), { numRuns: 20_000 });
    for (const n of [0, -0, 0.1, 0.07, -0.01, 1.005, 0.015, 9_999_999_999_999.99, 99_999_999_999_999.99, 1e21, 5e-324]) assert.equal(numberText(n), String(n));
  });

  it("an accessor reads a path as valueAt does: own properties only, undefined past a null or a non-object", () => {
    const paths = [["a"], ["a", "b"], ["constructor"], ["__proto__"], ["toString"], ["a", "hasOwnProperty"], ["length"], ["a", "length"]];
    const read = paths.map((path) => compileRowFunction<unknown>(`  return ${accessorSource(path)};`, {}));
    const rows: unknown[] = [
      {}, { a: null }, { a: 1 }, { a: "text" }, { a: { b: 2 } }, { a: [1, 2] }, { a: { hasOwnProperty: 3 } },
      JSON.parse('{"__proto__": {"b": 4}, "constructor": 5}'), { toString: "own" }, { length: 7 }, Object.create({ a: { b: 9 } }), null,
    ];
    for (const row of rows) {
      paths.forEach((path, i) => assert.deepEqual(read[i](row, undefined), valueAt(row as Record<string, unknown>, path), `${JSON.stringify(row)} at ${path.join(".")}`));
    }
  });

  it("a property name in the schema is data, never code", () => {
    const hostile = ['"]; throw new Error("x"); //', "\\", "\u2028", "${x}", "`"];
    const read = compileRowFunction<unknown>(`  return [${hostile.map((k) => accessorSource([k])).join(", ")}];`, {});
    assert.deepEqual(read(Object.fromEntries(hostile.map((k, i) => [k, i])), undefined), [0, 1, 2, 3, 4]);
  });
});
