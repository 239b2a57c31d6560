// Peer of `sdga generate` end to end: a whole process that writes ROWS user profiles made by a hand-written
// faker loop to a JSONL file. Usage (bundled by scripts/bench/endToEnd.ts): node faker-loop.cjs ROWS FILE
import { faker } from "@faker-js/faker/locale/en";
import { fakerUserProfile, jsonlFile } from "./fakerRow";

const [rows, path] = [Number(process.argv[2]), process.argv[3]];
const next = fakerUserProfile(faker);
const out = jsonlFile(path);
for (let i = 0; i < rows; i++) out.row(next());
out.close();
