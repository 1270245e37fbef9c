// Build step after `tsc -b`: bundles the compiled CLI (cli/dist/main.js and every command module it
// loads lazily) into cli/dist/bundle/, so that a command loads a few files instead of hundreds
// (kysely alone is ~260 ES modules). Our packages, kysely, zod and commander are bundled; native and
// other npm packages stay external and load from node_modules as usual. Lazy `import()`s stay lazy
// (each command module is its own chunk). `import.meta.url` in a bundled file is rewritten to that
// file's own location in dist/, so paths relative to it (the demo dataset, the gateway binary) are
// what they were. cli/bin/pickpack.js runs the bundle unless a later `tsc -b` made it stale.
import { chmodSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, relative } from "node:path";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../", import.meta.url));
// PICKPACK_BUNDLE_DIR: build somewhere else (the bundle test builds a private copy).
const outdir = process.env.PICKPACK_BUNDLE_DIR ?? `${root}cli/dist/bundle`;
const BUNDLED = /^(?:@pickpack\/|kysely(?:\/|$)|zod(?:\/|$)|commander(?:\/|$))/;
const OURS = /\/(?:core|client|data|labels|scanner-gateway|cli)\/dist\/.*\.js$/;

chmodSync(`${root}cli/dist/main.js`, 0o755);
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [`${root}cli/dist/main.js`],
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outdir,
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
  // commander is CommonJS: its require()s of Node built-ins need a require in an ES module bundle.
  banner: { js: 'import { createRequire as __pickpackCreateRequire } from "node:module"; const require = __pickpackCreateRequire(import.meta.url);' },
  plugins: [
    {
      name: "pickpack",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (a) => (a.path.startsWith("node:") || !BUNDLED.test(a.path) ? { external: true } : undefined));
        b.onLoad({ filter: OURS }, async (a) => {
          let contents = await readFile(a.path, "utf8");
          if (contents.includes("import.meta.url")) {
            const own = JSON.stringify(relative(outdir, a.path));
            contents = contents.replaceAll("import.meta.url", `new URL(${own}, import.meta.url).href`);
          }
          return { contents, loader: "js", resolveDir: dirname(a.path) };
        });
      },
    },
  ],
});
