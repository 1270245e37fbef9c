// node .ee2.mjs <entryFile> <specifier> [extraNames,...]: print explicit export lines for <entryFile> with exactly
// the names imported from <specifier> anywhere in the repo (static, dynamic, type imports).
import ts from "typescript";
import fs from "node:fs";
import path from "node:path";
import { execSync } from "node:child_process";
const [entryArg, spec, extra] = process.argv.slice(2);
const entry = path.resolve(entryArg);
const files = execSync("git ls-files '*.ts' '*.tsx'", { encoding: "utf8" }).trim().split("\n").filter((f) => !f.includes("/dist/") && fs.existsSync(f));
const used = new Set(extra ? extra.split(",") : []);
const unresolved = [];
for (const f of files) {
  const text = fs.readFileSync(f, "utf8");
  if (!text.includes(`"${spec}"`)) continue;
  const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true, f.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const visit = (n) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier) && n.moduleSpecifier.text === spec) {
      const b = ts.isImportDeclaration(n) ? n.importClause?.namedBindings : n.exportClause;
      if (b && (ts.isNamedImports(b) || ts.isNamedExports(b))) for (const e of b.elements) used.add((e.propertyName ?? e.name).text);
      else if (b || (ts.isImportDeclaration(n) && n.importClause?.name)) unresolved.push(`${f}: namespace/default import`);
    }
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0]) && n.arguments[0].text === spec) {
      let p = n.parent;
      if (p && ts.isAwaitExpression(p)) {
        const q = p.parent;
        if (q && ts.isVariableDeclaration(q) && ts.isObjectBindingPattern(q.name)) { for (const e of q.name.elements) used.add((e.propertyName ?? e.name).getText()); }
        else if (q && ts.isParenthesizedExpression(q) && ts.isPropertyAccessExpression(q.parent)) used.add(q.parent.name.text);
        else unresolved.push(`${f}:${sf.getLineAndCharacterOfPosition(n.pos).line + 1}: dynamic import used as a whole`);
      } else if (p && ts.isPropertyAccessExpression(p) && p.name.text === "then") unresolved.push(`${f}: import().then`);
      else unresolved.push(`${f}:${sf.getLineAndCharacterOfPosition(n.pos).line + 1}: dynamic import`);
    }
    if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && n.argument.literal.text === spec) {
      if (n.qualifier) used.add(n.qualifier.getText().split(".")[0]); else unresolved.push(`${f}: typeof import()`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
}
const program = ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.ReactJSX, customConditions: ["source"], skipLibCheck: true });
const checker = program.getTypeChecker();
const exportsOf = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)));
const byFile = new Map();
const missing = [];
for (const name of [...used].sort()) {
  const sym = exportsOf.find((e) => e.name === name);
  if (!sym) { missing.push(name); continue; }
  let target = sym;
  while (target.flags & ts.SymbolFlags.Alias) target = checker.getAliasedSymbol(target);
  const decl = target.declarations?.[0];
  let file = decl.getSourceFile().fileName;
  const isType = !(target.flags & ts.SymbolFlags.Value);
  let rel = path.relative(path.dirname(entry), file).replace(/\.tsx?$/, ".js");
  if (!rel.startsWith(".")) rel = "./" + rel;
  const list = byFile.get(rel) ?? [];
  list.push({ name, isType });
  byFile.set(rel, list);
}
if (missing.length) console.error(`${spec}: not exported by ${entryArg}: ${missing.join(", ")}`);
for (const u of unresolved) console.error(`${spec}: ${u}`);
let out = "";
for (const [rel, names] of [...byFile].sort()) {
  const v = names.filter((n) => !n.isType).map((n) => n.name), t = names.filter((n) => n.isType).map((n) => n.name);
  if (v.length) out += `export { ${v.join(", ")} } from "${rel}";\n`;
  if (t.length) out += `export type { ${t.join(", ")} } from "${rel}";\n`;
}
process.stdout.write(out);
