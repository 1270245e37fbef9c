// The per-feature layering rules of the redesign must really refuse what they forbid.
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: root });
const lint = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? []).map((m) => m.message).join("\n");
};

describe("feature layering", () => {
  it("a repository never imports a service or workflow module", async () => {
    expect(await lint("data/src/orders/repository.ts", 'import { x } from "./service.js";\nexport const y = x;\n')).toContain("A repository holds queries only");
    expect(await lint("data/src/packing/repository.ts", 'import { x } from "../orders/cancel.js";\nexport const y = x;\n')).toContain("A repository holds queries only");
    expect(await lint("data/src/picking/repository.ts", 'import { x } from "../store.js";\nexport const y = x;\n')).toContain("A repository holds queries only");
  });

  it("a repository may import db plumbing, tables, types and other repositories", async () => {
    const code = [
      'import type { Database } from "../db/schema.js";',
      'import { iso } from "../db/unit-of-work.js";',
      'import type { T } from "./tables.js";',
      'import type { V } from "./types.js";',
      'import { q } from "../stock/repository.js";',
      "export type X = [Database, T, V];",
      "export const y = [iso, q];",
      "",
    ].join("\n");
    expect(await lint("data/src/orders/repository.ts", code)).toBe("");
  });

  it("a service may import its repository (the rule is for repositories only)", async () => {
    expect(await lint("data/src/orders/service.ts", 'import { x } from "./repository.js";\nexport const y = x;\n')).toBe("");
  });

  it("the CLI never reaches the database", async () => {
    expect(await lint("cli/src/commands/x.ts", "export const f = (s: { kysely: unknown }) => s.kysely;\n")).toContain("cli/ never reaches the database");
  });

  it("only clients import the browser-safe client package", async () => {
    for (const file of ["data/src/x.ts", "labels/src/x.ts", "scanner-gateway/src/x.ts"]) {
      expect(await lint(file, 'import { PackClient } from "@pickpack/client";\nexport const y = PackClient;\n')).toContain("must not import @pickpack/client");
    }
    expect(await lint("cli/src/tui/x.ts", 'import { PackClient } from "@pickpack/client";\nexport const y = PackClient;\n')).toBe("");
  });
});

describe("stock is storage only", () => {
  it("its files use each other and db plumbing, never a workflow", async () => {
    expect(await lint("data/src/stock/holds.ts", 'import { x } from "./levels.js";\nimport type { Q } from "../db/unit-of-work.js";\nexport const y: [unknown, Q?] = [x];\n')).toBe("");
    expect(await lint("data/src/stock/holds.ts", 'import { x } from "../orders/service.js";\nexport const y = x;\n')).toContain("stock/ is storage only");
    expect(await lint("data/src/stock/levels.ts", 'import { x } from "../planning/allocate.js";\nexport const y = x;\n')).toContain("stock/ is storage only");
  });
});
