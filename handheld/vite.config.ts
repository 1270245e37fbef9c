/**
 * Build of the handheld page: Preact (3 KB runtime: the page must stay under 150 KB of compressed
 * JavaScript on first load), the workspace packages from their TypeScript sources, and a service worker
 * (sw.js) written after the bundle with the list of files to keep, so the page opens offline.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";

/** Emit sw.js: the service worker template with this build's files and a version that changes with them. */
function serviceWorker(): Plugin {
  return {
    name: "pickpack-service-worker",
    apply: "build",
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith(".map") && !f.endsWith(".wasm") && !f.includes("camera") && !f.includes("reader"));
      const precache = ["/", "/pick", "/manifest.webmanifest", "/icon.svg", ...files.filter((f) => f !== "index.html").map((f) => `/${f}`)];
      const version = files.sort().join("|");
      let hash = 0;
      for (const ch of version) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
      const template = readFileSync(fileURLToPath(new URL("./src/sw-template.js", import.meta.url)), "utf8");
      this.emitFile({
        type: "asset",
        fileName: "sw.js",
        source: template.replace("__PRECACHE__", JSON.stringify(precache)).replace("__VERSION__", (hash >>> 0).toString(36)),
      });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [preact(), serviceWorker()],
  resolve: { conditions: ["source", "browser", "module", "import", "default"] },
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", sourcemap: false, reportCompressedSize: true, assetsInlineLimit: 0 },
});
