#!/usr/bin/env node
// Launcher for the `sdga` CLI. `npm ci` runs `prepare`, which bundles cli/sdga.ts into dist/sdga.cjs
// with esbuild, so the installed command starts without a TypeScript loader. In a checkout where the
// bundle is missing (or SDGA_FROM_SOURCE=1), fall back to running the sources through tsx.
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const dist = path.join(__dirname, "..", "dist");
const bundle = path.join(dist, "sdga.cjs");
// `sdga generate` has a bundle of its own, a third the size: a generation starts sooner.
const generate = path.join(dist, "sdga-generate.cjs");
if (process.env.SDGA_FROM_SOURCE !== "1" && process.argv[2] === "generate" && fs.existsSync(generate)) {
  require(generate);
} else if (process.env.SDGA_FROM_SOURCE !== "1" && fs.existsSync(bundle)) {
  require(bundle);
} else {
  require("tsx/cjs");
  require(path.join(__dirname, "..", "cli", "sdga.ts"));
}
