import { strict as assert } from "node:assert";
import { Validator } from "@cfworker/json-schema";
import { learnReference, prepareGeneration, UnsupportedSchemaError } from "../../../functions/engine/generate";
import { Rng } from "../../../functions/engine/generate/prng";
import type { Row } from "../../../functions/engine/schema/types";

const schema = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" },
    income: { type: "number", minimum: 0, maximum: 1_000_000 },
    spend: { type: "number", minimum: 0, maximum: 1_000_000 },
    segment: { type: "string", enum: ["gold", "silver", "bronze"] },
    joined: { type: "string", format: "date" },
    churned: { type: "boolean" },
  },
  required: ["id", "income", "spend", "segment", "joined", "churned"],
  additionalProperties: false,
};

/** A reference set with skewed incomes, spend strongly tied to income, and lopsided categories. */
function reference(n: number): Row[] {
  const rng = new Rng("ref");
  return Array.from({ length: n }, (_, i) => {
    const income = Math.round(Math.exp(10 + rng.normal() * 0.5) * 100) / 100;
    const u = rng.float();
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      income, spend: Math.round((income * 0.3 + rng.normal() * 500) * 100) / 100 > 0 ? Math.round((income * 0.3 + Math.abs(rng.normal()) * 500) * 100) / 100 : 1,
      segment: u < 0.7 ? "bronze" : u < 0.9 ? "silver" : "gold",
      joined: new Date(Date.UTC(2020, 0, 1) + rng.int(0, 1000) * 86_400_000).toISOString().slice(0, 10),
      churned: rng.chance(0.2),
    };
  });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
function correlation(xs: number[], ys: number[]): number {
  const mx = mean(xs), my = mean(ys);
  let sxy = 0, sxx = 0, syy = 0;
  xs.forEach((x, i) => { sxy += (x - mx) * (ys[i] - my); sxx += (x - mx) ** 2; syy += (ys[i] - my) ** 2; });
  return sxy / Math.sqrt(sxx * syy);
}

describe("generation from a reference profile", function () {
  this.timeout(30_000);

  it("follows the reference's distributions, frequencies and correlation without copying rows", async () => {
    const real = reference(3000);
    const profile = await learnReference(real);
    assert.equal(profile.rows, 3000);
    assert.equal(profile.columns.id.kind, "text"); // all distinct: not learned, not copied
    const rows = [...prepareGeneration({ schema, rows: 3000, seed: 1, format: "jsonl", reference: JSON.parse(JSON.stringify(profile)) }).rows()];
    const validator = new Validator(schema as object, "2020-12", false);
    assert.ok(rows.every((r) => validator.validate(r as never).valid));
    const share = (data: Row[], s: string) => data.filter((r) => r.segment === s).length / data.length;
    assert.ok(Math.abs(share(rows, "bronze") - share(real, "bronze")) < 0.04);
    assert.ok(Math.abs(mean(rows.map((r) => r.churned ? 1 : 0)) - mean(real.map((r) => r.churned ? 1 : 0))) < 0.04);
    const medianOf = (data: Row[]) => data.map((r) => r.income as number).sort((a, b) => a - b)[data.length >> 1];
    assert.ok(Math.abs(medianOf(rows) / medianOf(real) - 1) < 0.08, `${medianOf(rows)} vs ${medianOf(real)}`);
    const rReal = correlation(real.map((r) => r.income as number), real.map((r) => r.spend as number));
    const rGen = correlation(rows.map((r) => r.income as number), rows.map((r) => r.spend as number));
    assert.ok(rReal > 0.8 && Math.abs(rGen - rReal) < 0.1, `correlation ${rGen} vs ${rReal}`);
    const realKeys = new Set(real.map((r) => `${r.income}|${r.spend}|${r.joined}`));
    assert.ok(rows.every((r) => !realKeys.has(`${r.income}|${r.spend}|${r.joined}`)));
  });

  it("refuses something that is not a profile", () => {
    assert.throws(() => prepareGeneration({ schema, rows: 1, format: "jsonl", reference: { columns: 1 } as never }), UnsupportedSchemaError);
  });
});
