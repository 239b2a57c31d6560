// roundTo, the rounding of every numeric(p,s) value of a data set (and of CHECK expressions' round()):
// half away from zero on the decimal a double stands for, as PostgreSQL's numeric round does.
import { strict as assert } from "node:assert";
import { roundTo } from "../../../functions/engine/dataset/checks";

/** The rounding by its definition: the scaled value read at 15 significant digits, then rounded half up. */
function byDefinition(value: number, digits: number): number {
  const f = 10 ** digits;
  return (Math.sign(value) * Math.round(Number((Math.abs(value) * f).toPrecision(15)))) / f;
}

describe("dataset: roundTo", () => {
  it("rounds half away from zero on the decimal the double stands for", () => {
    assert.equal(roundTo(1.005, 2), 1.01); // 1.005 * 100 = 100.49999999999999
    assert.equal(roundTo(2.675, 2), 2.68);
    assert.equal(roundTo(8.345, 2), 8.35);
    assert.equal(roundTo(-2.5, 0), -3);
    assert.equal(roundTo(0.125, 2), 0.13);
    assert.equal(roundTo(1234.5649, 2), 1234.56);
    assert.ok(Number.isNaN(roundTo(Number.NaN, 2)));
    assert.equal(roundTo(Number.POSITIVE_INFINITY, 2), Number.POSITIVE_INFINITY);
  });

  it("agrees with the 15-digit reading everywhere, halves and their neighbours included (its fast path skips the reading)", () => {
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const differences: string[] = [];
    const check = (value: number, digits: number) => {
      const got = roundTo(value, digits), want = byDefinition(value, digits);
      if (!Object.is(got, want) && differences.length < 5) differences.push(`roundTo(${value}, ${digits}) = ${got}, by definition ${want}`);
    };
    for (let i = 0; i < 200_000; i++) {
      const digits = Math.floor(random() * 7);
      check((random() - 0.3) * 10 ** Math.floor(random() * 16 - 4), digits);
      const half = (Math.floor(random() * 10 ** Math.floor(random() * 12)) + 0.5) / 10 ** digits;
      check(half, digits);
      check(-half, digits);
      check(half * (1 + Number.EPSILON * Math.floor(random() * 20 - 10)), digits);
      check((Math.round(random() * 1e5) / 100) * 1.005, 2);
    }
    assert.deepEqual(differences, []);
  });
});
