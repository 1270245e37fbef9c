/**
 * A carton label scanned at the pack station: its SSCC in any form the scanner sends it (plain 18
 * digits, "(00)…", "00" + 18 digits, or a GS1-128 element string "]C1" + FNC1 + "00…"), read with
 * core's GS1 parsing and SSCC check.
 */
import { isValidSscc } from "../labels/sscc.js";
import { interpretScan } from "../scanning/classify.js";

/** The SSCC a scanned code carries, or undefined when it carries none. */
export function ssccOfScan(code: string): string | undefined {
  const r = interpretScan(code.trim());
  if (!r.ok) return undefined;
  const { gs1, data } = r.value;
  if (gs1) {
    const e = gs1.elements.find((x) => x.ai === "00");
    return e && isValidSscc(e.value) ? e.value : undefined;
  }
  if (isValidSscc(data)) return data;
  if (/^00\d{18}$/.test(data) && isValidSscc(data.slice(2))) return data.slice(2);
  return undefined;
}
