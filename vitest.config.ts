import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const pkg = (dir: string) => fileURLToPath(new URL(`./${dir}/src/`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of every workspace, not their build output.
    alias: [
      { find: /^@pickpack\/core$/, replacement: `${pkg("core")}index.ts` },
      { find: /^@pickpack\/client$/, replacement: `${pkg("client")}index.ts` },
      { find: /^@pickpack\/client\/socket$/, replacement: `${pkg("client")}socket-transport.ts` },
      { find: /^@pickpack\/data$/, replacement: `${pkg("data")}index.ts` },
      { find: /^@pickpack\/labels$/, replacement: `${pkg("labels")}index.ts` },
      { find: /^@pickpack\/scanner-gateway$/, replacement: `${pkg("scanner-gateway")}index.ts` },
      { find: /^@pickpack\/(core|data|labels|scanner-gateway|cli)\/(.*)$/, replacement: `${fileURLToPath(new URL("./", import.meta.url))}$1/src/$2.ts` },
    ],
  },
  test: {
    include: ["*/src/**/*.test.{ts,tsx}", "*/test/**/*.test.{ts,tsx}"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: "forks",
    globalSetup: ["./vitest.global-setup.ts"],
  },
});
