// @pickpack/client must run in a browser as well as in the terminal: its sources import only
// @pickpack/core (socket.io-client only in its transport adapter), use no Node global, and the
// package publishes explicit entry points.
import { readFileSync, readdirSync } from "node:fs";
import { isBuiltin } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const src = join(root, "client/src");
const ADAPTER = "socket-transport.ts";

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [join(dir, e.name)] : []));

/** Every module specifier of a file: static, type-only, re-exports and dynamic imports. */
const specifiers = (file: string): string[] => ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);

/** Why a specifier is not allowed in this file, or null. */
function refusal(file: string, spec: string): string | null {
  if (spec.startsWith(".")) {
    const target = resolve(dirname(file), spec);
    return relative(src, target).startsWith("..") ? "a relative import leaving client/src" : null;
  }
  if (isBuiltin(spec)) return "a Node built-in";
  if (spec === "@pickpack/core") return null;
  if (spec === "socket.io-client") return relative(src, file) === ADAPTER ? null : `socket.io-client outside ${ADAPTER}`;
  return "a package other than @pickpack/core";
}

describe("@pickpack/client is browser-safe", () => {
  it("imports only @pickpack/core, and socket.io-client only in its transport adapter", () => {
    const files = sources(src);
    expect(files.map((f) => relative(src, f))).toContain(ADAPTER);
    const bad = files.flatMap((f) => specifiers(f).flatMap((s) => (refusal(f, s) ? [`${relative(root, f)}: "${s}" is ${refusal(f, s)}`] : [])));
    expect(bad).toEqual([]);
  });

  it("the check itself refuses Node built-ins, other packages and stray socket.io-client imports", () => {
    const file = join(src, "pack-client.ts");
    expect(refusal(file, "node:fs")).toBe("a Node built-in");
    expect(refusal(file, "fs")).toBe("a Node built-in");
    expect(refusal(file, "zod")).toBe("a package other than @pickpack/core");
    expect(refusal(file, "@pickpack/data")).toBe("a package other than @pickpack/core");
    expect(refusal(file, "@pickpack/core/protocol/events")).toBe("a package other than @pickpack/core");
    expect(refusal(file, "socket.io-client")).toContain("outside");
    expect(refusal(file, "../../cli/src/tui/queue-file.js")).toContain("leaving client/src");
    expect(refusal(join(src, ADAPTER), "socket.io-client")).toBeNull();
    expect(refusal(file, "./state.js")).toBeNull();
  });

  it("declares only @pickpack/core and socket.io-client, with explicit entry points (no ./* deep imports)", () => {
    const pkg = JSON.parse(readFileSync(join(root, "client/package.json"), "utf8")) as { dependencies: Record<string, string>; exports: Record<string, unknown> };
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@pickpack/core", "socket.io-client"]);
    expect(Object.keys(pkg.exports).sort()).toEqual([".", "./socket"]);
    expect(readFileSync(join(src, "index.ts"), "utf8")).not.toMatch(/export\s+(type\s+)?\*/);
    expect(readFileSync(join(src, "index.ts"), "utf8")).not.toContain(ADAPTER.replace(".ts", ".js"));
  });

  it("is compiled without Node's types, so process and Buffer do not type-check", () => {
    const { config } = ts.readConfigFile(join(root, "client/tsconfig.json"), ts.sys.readFile) as { config: { compilerOptions: { types?: string[]; lib?: string[] } } };
    expect(config.compilerOptions.types).toEqual([]);
    expect(config.compilerOptions.lib).toEqual(["ES2023"]);
  });

  it("lint refuses Node built-ins, Node globals and other packages in client/src", async () => {
    const eslint = new ESLint({ cwd: root });
    const lint = async (filePath: string, code: string) => {
      const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
      return (result?.messages ?? []).map((m) => m.message).join("\n");
    };
    expect(await lint("client/src/x.ts", 'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n')).toContain("client/ is browser-safe");
    expect(await lint("client/src/x.ts", 'import { z } from "zod";\nexport const x = z;\n')).toContain("client/ is browser-safe");
    expect(await lint("client/src/x.ts", 'import { io } from "socket.io-client";\nexport const x = io;\n')).toContain("client/ is browser-safe");
    expect(await lint("client/src/x.ts", "export const x = [process.env.HOME, Buffer.from('a')];\n")).toMatch(/no Node global process[\s\S]*no Node global Buffer/);
    expect(await lint("client/src/socket-transport.ts", 'import { io } from "socket.io-client";\nexport const x = io;\n')).toBe("");
    expect(await lint("client/src/x.ts", 'import { sanitizeScan } from "@pickpack/core";\nimport { reduce } from "./state.js";\nexport const x = [sanitizeScan, reduce];\n')).toBe("");
    expect(await lint("cli/src/x.ts", 'import { io } from "socket.io-client";\nexport const x = io;\n')).toContain("socket.io-client may only be imported in client/src/socket-transport.ts");
  });
});
