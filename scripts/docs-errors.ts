// `npm run docs:errors`: writes the README's "Error codes" table from the catalogue
// (core/src/shared/error-codes.ts); cli/test/error-codes.test.ts checks that they agree.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ERROR_CODES, type ErrorCode } from "@pickpack/core";

const BEGIN = "<!-- error-codes:begin -->";
const END = "<!-- error-codes:end -->";

export function errorCodeTable(): string {
  const exit = { refused: "refused (exit 1)", input: "input (exit 2)", internal: "internal (exit 70)" } as const;
  const rows = (Object.keys(ERROR_CODES) as ErrorCode[]).map((c) => `| \`${c}\` | ${exit[ERROR_CODES[c].kind]} | ${ERROR_CODES[c].means.replace(/\|/g, "\\|")} |`);
  return ["| code | kind | meaning |", "|---|---|---|", ...rows].join("\n");
}

export function withErrorTable(readme: string): string {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${BEGIN} … ${END} section`);
  return `${readme.slice(0, start + BEGIN.length)}\n${errorCodeTable()}\n${readme.slice(end)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = fileURLToPath(new URL("../README.md", import.meta.url));
  writeFileSync(path, withErrorTable(readFileSync(path, "utf8")));
}
