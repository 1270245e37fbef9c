/**
 * The handheld's first-load budget: the JavaScript the page loads before its first screen (the entry
 * script and everything it imports statically, as index.html and the bundle name them) is at most
 * 150 KB gzip-compressed; the camera decoder (zxing-wasm) is not part of it (loaded on demand only).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ROOT } from "./harness.js";

const DIST = join(ROOT, "handheld/dist");
const BUDGET = 150 * 1024;

/** The entry script and its static imports (transitively): what the browser fetches before first paint. */
function firstLoadScripts(): string[] {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const entries = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const walk = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    const code = readFileSync(join(DIST, path), "utf8");
    // static imports only: `import … from "./x.js"` / `import "./x.js"` (not `import("./x.js")`)
    for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[^()"']*?from\s*)?["'](\.\/[^"']+\.js)["']/g)) walk(`/assets/${m[1]!.slice(2)}`);
  };
  entries.forEach(walk);
  return [...seen];
}

describe.skipIf(!existsSync(join(DIST, "index.html")) && !process.env.CI)("handheld first-load budget", () => {
  it("≤ 150 KB of gzip-compressed JavaScript on first load; the camera decoder loads on demand", () => {
    const scripts = firstLoadScripts();
    expect(scripts.length).toBeGreaterThan(0);
    const gz = scripts.reduce((n, s) => n + gzipSync(readFileSync(join(DIST, s))).length, 0);
    console.log(`first-load JavaScript: ${scripts.join(", ")} = ${(gz / 1024).toFixed(1)} KB gzip (budget 150 KB)`);
    expect(gz).toBeLessThanOrEqual(BUDGET);
    expect(scripts.some((s) => /reader|zxing|camera/.test(s))).toBe(false);
  });
});
