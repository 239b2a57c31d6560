// Writes the OpenAPI documents and gateway tool schemas generated from functions/contract.
// `npm run build:contract`; tests/functions/contract.spec.ts fails when the committed copies are stale.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderAll } from "../functions/contract/render";

export const GENERATED_DIR = join(__dirname, "..", "functions", "contract", "generated");

function main(): void {
  for (const [relative, text] of Object.entries(renderAll())) {
    const file = join(GENERATED_DIR, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    process.stdout.write(`wrote ${join("functions/contract/generated", relative)} (${Buffer.byteLength(text)} bytes)\n`);
  }
}

if (require.main === module) main();
