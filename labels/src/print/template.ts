/**
 * Printer targets with placeholders: `file:/spool/{station}/{shipment}.zpl`. A value fills in as
 * letters, digits, `.`, `_` and `-` only (anything else becomes `_`), and a filled `file:` target
 * must stay inside the template's folder (the folder before the first placeholder): a station or
 * shipment that would make `..` or `.` a path segment is refused (PRINT_TARGET_OUTSIDE_FOLDER),
 * never written elsewhere.
 */
import { PrintError } from "./printer.js";

export type TargetVariables = Readonly<Record<"station" | "shipment" | "tracking", string>>;

export function fillPrintTarget(template: string, vars: TargetVariables): string {
  const filled = template.replace(/\{(station|shipment|tracking)\}/g, (_, k: keyof TargetVariables) => (vars[k] ?? "").replace(/[^A-Za-z0-9._-]/g, "_"));
  if (!template.startsWith("file:")) return filled;
  const path = template.slice("file:".length);
  const first = path.indexOf("{");
  if (first === -1) return filled;
  // The fixed folder: everything up to the last "/" before the first placeholder (none for a bare name).
  const fixed = "file:".length + path.slice(0, first).lastIndexOf("/") + 1;
  const rest = filled.slice(fixed);
  const escapes = rest.split("/").some((seg) => seg === ".." || seg === ".");
  if (escapes || filled.slice(0, fixed) !== template.slice(0, fixed)) {
    throw new PrintError("PRINT_TARGET_OUTSIDE_FOLDER", `printer target ${JSON.stringify(template)} filled in as ${JSON.stringify(filled)} would write outside its folder: refused`);
  }
  return filled;
}
