#!/usr/bin/env node
// The `pickpack` command that npm links into node_modules/.bin. It is a committed file, not the build
// output, because npm links workspace bins before the `prepare` step has built cli/dist/: a bin that
// pointed at dist/main.js would be missing after `npm ci` on a fresh clone.
//
// It runs the bundled CLI (cli/dist/bundle/main.js, written by `npm run build`: a few files to load
// instead of hundreds) unless a later `tsc -b` rebuilt a package after the bundle was made; then it
// runs the plain compiled cli/dist/main.js, which is always current.
import { statSync } from "node:fs";
import process from "node:process";
import { URL } from "node:url";

const at = (path) => new URL(path, import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs;
const main = at("../dist/main.js");
if (mtime(main) === undefined) {
  process.stderr.write("pickpack is not built yet (cli/dist/main.js is missing): run `npm run build` in the project folder\n");
  process.exit(2);
}
const bundle = at("../dist/bundle/main.js");
const bundled = mtime(bundle);
const builds = ["core", "client", "data", "labels", "scanner-gateway", "cli"].map((p) => mtime(at(`../../${p}/dist/.tsbuildinfo`)) ?? 0);
const fresh = bundled !== undefined && builds.every((t) => t <= bundled);
await import((fresh ? bundle : main).href);
