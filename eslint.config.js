// Lint rules that keep the architecture honest.
// Import direction: core <- client, data, labels <- scanner-gateway, cli (client <- cli). cli and
// scanner-gateway never import each other. Each native or IO library is imported in exactly one
// adapter file (ADAPTERS below). client/ is browser-safe: only @pickpack/core, no Node built-ins.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** The one file allowed to import each native/IO library. */
const ADAPTERS = {
  "better-sqlite3": ["data/src/db/drivers/sqlite.ts"],
  pg: ["data/src/db/drivers/postgres.ts", "scanner-gateway/src/cluster/postgres-adapter.ts"],
  "node-hid": ["scanner-gateway/src/devices/node-hid.ts"],
  "pdf-lib": ["labels/src/pdf/pdf-document.ts"],
  "bwip-js": ["labels/src/barcode/bwip.ts"],
  "@pdf-lib/fontkit": ["labels/src/pdf/fonts.ts"],
  "socket.io": ["scanner-gateway/src/socket/transport.ts"],
  "socket.io-client": ["client/src/socket-transport.ts"],
  "prom-client": ["scanner-gateway/src/metrics/prom.ts"],
  amqplib: ["scanner-gateway/src/broker/amqp.ts"],
  "zxing-wasm": ["handheld/src/camera.ts"],
};

const DATA_FORBIDS = ["@pickpack/labels", "@pickpack/scanner-gateway", "@pickpack/cli", "@pickpack/client"];

const adapterPatterns = (except = []) =>
  Object.entries(ADAPTERS)
    .filter(([lib]) => !except.includes(lib))
    .map(([lib, files]) => ({
      group: [lib, `${lib}/*`],
      message: `${lib} may only be imported in ${files.join(" or ")} (one adapter file per native/IO library).`,
    }));

/** client/ runs in browsers too: relative imports and @pickpack/core only (plus its adapter's library). */
const browserSafe = (files, allowed = []) => ({
  files,
  ignores: ["**/*.test.ts", "**/test/**"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          {
            regex: `^(?!\\.|@pickpack/core$${allowed.map((lib) => `|${lib.replace(/[.]/g, "\\.")}$`).join("")})`,
            message: `client/ is browser-safe: only relative imports and @pickpack/core (socket.io-client only in ${ADAPTERS["socket.io-client"].join()}); no node:*, no other package.`,
          },
        ],
      },
    ],
    "no-restricted-globals": [
      "error",
      ...["process", "Buffer", "global", "require", "module", "__dirname", "__filename", "setImmediate"].map((name) => ({
        name,
        message: `client/ is browser-safe: no Node global ${name}.`,
      })),
    ],
  },
});

const layer = (files, forbidden, extra = []) => ({
  files,
  ignores: ["**/*.test.ts", "**/*.test.tsx", "**/test/**"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          ...forbidden.map((pkg) => ({
            group: [pkg, `${pkg}/*`],
            message: `This layer must not import ${pkg} (import direction: core <- data, labels <- scanner-gateway, cli).`,
          })),
          ...adapterPatterns(),
          ...extra,
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", ".build/**", "coverage/**", "labels/examples/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    files: ["core/src/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(?!\\.)",
              message: "core/ is pure: only relative imports (no node:*, no npm runtime packages, no IO).",
            },
          ],
        },
      ],
      "no-restricted-globals": [
        "error",
        { name: "process", message: "core/ is pure: no process access." },
        { name: "setTimeout", message: "core/ is pure: timers belong in the service layer." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "core/ never reads the wall clock: take a Clock or a `now` argument.",
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "core/ never reads the wall clock: take a Clock or a `now` argument.",
        },
      ],
    },
  },
  browserSafe(["client/src/**/*.ts"]),
  layer(["data/src/**/*.ts"], DATA_FORBIDS),
  // A repository holds queries only (the transaction handle first): it may import the database plumbing,
  // tables, types and other repositories, never a service or another workflow module.
  layer(["data/src/**/repository.ts"], DATA_FORBIDS, [
    {
      regex: "^\\.(?!.*/(repository|tables|types|schema|unit-of-work)\\.js$)",
      message: "A repository holds queries only: import db/ plumbing, tables, types or other repositories, never a service or workflow module.",
    },
  ]),
  // stock/ is storage only (the one writer of stock and reservations): its files may use each other, and
  // from elsewhere only the database plumbing and other repositories.
  layer(["data/src/stock/**/*.ts"], DATA_FORBIDS, [
    {
      regex: "^\\.\\./(?!(db/(schema|unit-of-work)|[\\w-]+/(repository|tables|types))\\.js$)",
      message: "stock/ is storage only: from outside it, import db/ plumbing, tables, types or other repositories, never a service or workflow module.",
    },
  ]),
  // handheld/ is the picker's page (a browser bundle): the browser-safe client and core, Preact, and the
  // camera decoder in its one lazy-loaded file; no Node built-ins, no server-side package.
  layer(["handheld/src/**/*.ts", "handheld/src/**/*.tsx"], ["@pickpack/data", "@pickpack/labels", "@pickpack/scanner-gateway", "@pickpack/cli"], [
    {
      regex: "^(?!\\.|@pickpack/core$|@pickpack/client$|@pickpack/client/socket$|preact$|preact/hooks$|zxing-wasm)",
      message: "handheld/ is a browser page: relative imports, @pickpack/core, @pickpack/client(/socket) and preact only.",
    },
  ]),
  {
    // the service worker template is plain browser JavaScript, copied into the build
    files: ["handheld/src/sw-template.js"],
    languageOptions: { globals: { self: "readonly", caches: "readonly", fetch: "readonly", URL: "readonly", __PRECACHE__: "readonly" } },
  },
  layer(["labels/src/**/*.ts"], ["@pickpack/data", "@pickpack/scanner-gateway", "@pickpack/cli", "@pickpack/client"]),
  layer(["scanner-gateway/src/**/*.ts"], ["@pickpack/cli", "@pickpack/client"]),
  layer(["cli/src/**/*.ts", "cli/src/**/*.tsx"], ["@pickpack/scanner-gateway"]),
  {
    // CLI commands are views over services: they never reach the database themselves.
    files: ["cli/src/**/*.ts", "cli/src/**/*.tsx"],
    rules: {
      "no-restricted-properties": ["error", { property: "kysely", message: "cli/ never reaches the database: call a data service or query instead." }],
    },
  },
  // Adapter files: each may import its own library (and only its own).
  ...Object.entries(ADAPTERS).flatMap(([lib, files]) =>
    files.map((file) => {
      if (file.startsWith("client/")) return browserSafe([file], [lib]);
      const forbidden =
        file.startsWith("data/") ? ["@pickpack/labels", "@pickpack/scanner-gateway", "@pickpack/cli"]
        : file.startsWith("labels/") ? ["@pickpack/data", "@pickpack/scanner-gateway", "@pickpack/cli"]
        : file.startsWith("cli/") ? ["@pickpack/scanner-gateway"]
        : ["@pickpack/cli"];
      return {
        files: [file],
        rules: {
          "no-restricted-imports": [
            "error",
            {
              patterns: [
                ...forbidden.map((pkg) => ({ group: [pkg, `${pkg}/*`], message: `This layer must not import ${pkg}.` })),
                ...adapterPatterns([lib]),
              ],
            },
          ],
        },
      };
    }),
  ),
  // The gateway reads time only through its injected Clock; main.ts composes the system clock.
  {
    files: ["scanner-gateway/src/**/*.ts"],
    ignores: ["**/*.test.ts", "scanner-gateway/src/main.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "The gateway reads time only through the injected Clock (main.ts composes the system clock).",
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: "The gateway reads time only through the injected Clock (main.ts composes the system clock).",
        },
      ],
    },
  },
);
