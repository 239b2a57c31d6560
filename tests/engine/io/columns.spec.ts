import { strict as assert } from "node:assert";
import { columnsOf, fieldTree, readRows, writeRows } from "../../../functions/engine/io";
import type { FieldListSchema, Row } from "../../../functions/engine/schema/types";
import { collect } from "./helpers";

describe("io: table columns derived from the schema", () => {
  it("follows $ref, merges allOf, reads anyOf nullability and enum/const types, keeps declared order", () => {
    const schema = {
      $defs: {
        money: { type: "number" },
        place: { type: "object", properties: { city: { type: "string" }, zip: { $ref: "#/$defs/zip" } }, required: ["city"] },
        zip: { type: "string" },
      },
      allOf: [{ properties: { id: { type: "integer" } }, required: ["id"] }],
      type: "object",
      properties: {
        price: { $ref: "#/$defs/money" },
        when: { anyOf: [{ type: "string", format: "date-time" }, { type: "null" }] },
        status: { enum: ["new", "done"] },
        level: { const: 3 },
        home: { $ref: "#/$defs/place" },
        loop: { $ref: "#/properties/loop" },
        anything: {},
        list: { type: "array" },
      },
      required: ["price", "when", "status", "home"],
    };
    const columns = columnsOf(fieldTree(schema), true).map((c) => `${c.name}:${c.kind}:${c.nullable ? "null" : "req"}`);
    assert.deepEqual(columns, [
      "id:integer:req", "price:number:req", "when:timestamp:null", "status:string:req", "level:integer:null",
      "home.city:string:req", "home.zip:string:null", "loop:json:null", "anything:json:null", "list:json:null",
    ]);
    assert.deepEqual(columnsOf(fieldTree(schema), false).map((c) => c.name).slice(5, 7), ["home", "loop"]);
  });

  it("accepts the field-list form of the contract", async () => {
    const fields: FieldListSchema = {
      fields: [
        { name: "id", type: "uuid" },
        { name: "born", type: "date" },
        { name: "amount", type: "float", constraints: { nullable: true } },
        { name: "count", type: "integer" },
      ],
    };
    const rows: Row[] = [
      { id: "9b2b4b4e-0a4e-4a4a-9c1e-1c2d3e4f5a6b", born: "1990-02-03", amount: null, count: 4 },
      { id: "7c1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b", born: "2001-12-31", amount: 12.5, count: -1 },
    ];
    for (const format of ["csv", "parquet", "jsonl"] as const) {
      const bytes = await collect(writeRows(format, fields, rows));
      const read: Row[] = [];
      for await (const row of readRows(format, bytes, fields)) read.push(row);
      assert.deepEqual(read, rows, format);
    }
    const sql = (await collect(writeRows("sql", fields, rows))).toString();
    assert.match(sql, /"id" TEXT NOT NULL,\n {2}"born" DATE NOT NULL,\n {2}"amount" DOUBLE PRECISION,\n {2}"count" BIGINT NOT NULL\n\);/);
  });
});
