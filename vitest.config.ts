import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("./", import.meta.url));
const WORKSPACES = ["core", "client", "data", "labels", "scanner-gateway", "cli"];

/**
 * Tests run against the TypeScript sources of every workspace, not their build output: each public entry
 * of a package ("exports" in its package.json, the "source" condition) maps to its source file, and
 * nothing else resolves (no deep imports).
 */
function sourceAliases(): { find: RegExp; replacement: string }[] {
  return WORKSPACES.flatMap((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as { name: string; exports: Record<string, { source: string }> };
    return Object.entries(manifest.exports).map(([sub, target]) => ({
      find: new RegExp(`^${(manifest.name + sub.slice(1)).replace(/[/.-]/g, (c) => `\\${c}`)}$`),
      replacement: join(root, dir, target.source),
    }));
  });
}

export default defineConfig({
  resolve: { alias: sourceAliases() },
  test: {
    include: ["*/src/**/*.test.{ts,tsx}", "*/test/**/*.test.{ts,tsx}"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["./vitest.global-setup.ts"],
  },
});
