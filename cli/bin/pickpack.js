#!/usr/bin/env node
// The `pickpack` command that npm links into node_modules/.bin. It is a committed file, not the build
// output, because npm links workspace bins before the `prepare` step has built cli/dist/: a bin that
// pointed at dist/main.js would be missing after `npm ci` on a fresh clone.
import { existsSync } from "node:fs";
import process from "node:process";
import { URL } from "node:url";

const main = new URL("../dist/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("pickpack is not built yet (cli/dist/main.js is missing): run `npm run build` in the project folder\n");
  process.exit(2);
}
await import(main.href);
