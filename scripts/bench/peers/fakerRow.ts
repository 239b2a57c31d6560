// The hand-written @faker-js/faker loop the generator is measured against: the ten fields of
// examples/user_profile.schema.json, as a developer would write them by hand (seeded, fixed reference date).
import type { Faker } from "@faker-js/faker";

export function fakerUserProfile(faker: Faker): () => Record<string, unknown> {
  faker.seed(1);
  faker.setDefaultRefDate(new Date("2026-01-01T00:00:00Z"));
  const statuses = ["active", "inactive", "suspended", "pending"];
  return () => {
    const first = faker.person.firstName(), last = faker.person.lastName();
    return {
      id: faker.string.uuid(), first_name: first, last_name: last,
      email: faker.internet.email({ firstName: first, lastName: last }),
      age: faker.number.int({ min: 18, max: 90 }),
      balance: faker.number.float({ min: 0, max: 100000, multipleOf: 0.01 }),
      signup_date: faker.date.past({ years: 3 }).toISOString().slice(0, 10),
      status: faker.helpers.arrayElement(statuses), verified: faker.datatype.boolean(),
      country_code: faker.location.countryCode("alpha-2"),
    };
  };
}

/** json-schema-faker's way to use faker: a `faker` keyword on the fields it can name. */
export function withFakerKeywords<T>(schema: T): T {
  const copy = JSON.parse(JSON.stringify(schema)) as { properties: Record<string, Record<string, unknown>> };
  copy.properties.first_name.faker = "person.firstName";
  copy.properties.last_name.faker = "person.lastName";
  copy.properties.email.faker = "internet.email";
  copy.properties.country_code.faker = "location.countryCode";
  return copy as unknown as T;
}

/** JSON Lines to a file the way a careful hand-written script does it: 64 KiB batches, synchronous writes. */
export function jsonlFile(path: string): { row(value: unknown): void; close(): void } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require("node:fs") as typeof import("node:fs");
  const fd = fs.openSync(path, "w");
  let pending = "";
  return {
    row(value) {
      pending += JSON.stringify(value) + "\n";
      if (pending.length >= 65536) { fs.writeSync(fd, pending); pending = ""; }
    },
    close() {
      if (pending) fs.writeSync(fd, pending);
      fs.closeSync(fd);
    },
  };
}
