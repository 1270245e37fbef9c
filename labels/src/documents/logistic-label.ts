/**
 * GS1 logistic label (GS1 General Specifications §6.6; GS1 Logistic Label Guideline) on a
 * 4×6 in page: from/to block, human-readable data titles, then the barcodes; the SSCC (00)
 * GS1-128 is always the lowest. Content data ((02)+(37), (17), (10)) goes in its own GS1-128
 * above, (420) in another, so each symbol stays well under 48 data characters.
 */
import { formatGs1Elements, gs1AiTitle, logisticLabelElementString, type LogisticLabelData } from "@pickpack/core";
import { LayoutBuilder } from "../layout/builder.js";
import type { TextMeasurer } from "../layout/text.js";
import type { PageLayout } from "../layout/types.js";
import { LABEL_4X6, addressLines } from "./shipping-label.js";

function hriValue(ai: string, v: string): string {
  if (ai === "17") return `${v.slice(4, 6) === "00" ? "end" : v.slice(4, 6)}.${v.slice(2, 4)}.20${v.slice(0, 2)}`;
  return v;
}

export function logisticLabelLayout(data: LogisticLabelData, measurer: TextMeasurer): PageLayout {
  const es = logisticLabelElementString({
    sscc: data.sscc,
    ...(data.content ? { content: data.content } : {}),
    ...(data.batch !== undefined ? { batch: data.batch } : {}),
    ...(data.expiry !== undefined ? { expiry: data.expiry } : {}),
    ...((data.shipToPostalCode ?? data.shipTo?.postalCode) !== undefined ? { shipToPostalCode: data.shipToPostalCode ?? data.shipTo?.postalCode } : {}),
  });
  const { width: W, height: H } = LABEL_4X6;
  const b = new LayoutBuilder(W, H, measurer);
  const M = 8;
  const half = (W - 3 * M) / 2;
  if (data.shipFrom) {
    b.text(M, M, half, 8, "FROM", { maxSize: 6, bold: true });
    b.text(M, M + 9, half, 10, data.shipFrom.name, { maxSize: 9, maxLines: 1, bold: true });
    b.text(M, M + 20, half, 46, addressLines(data.shipFrom).join(", "), { maxSize: 8, minSize: 5 });
  }
  if (data.shipTo) {
    b.text(2 * M + half, M, half, 8, "TO", { maxSize: 6, bold: true });
    b.text(2 * M + half, M + 9, half, 10, data.shipTo.name, { maxSize: 9, maxLines: 1, bold: true });
    b.text(2 * M + half, M + 20, half, 46, addressLines(data.shipTo).join(", "), { maxSize: 8, minSize: 5 });
  }
  b.rule(0, 78, W, 1.5);
  // Human-readable data titles and values.
  const rows: [string, string][] = es.elements.map((e): [string, string] => [String(gs1AiTitle(e.ai)), hriValue(e.ai, e.value)]);
  if (data.content?.description) rows.push(["DESCRIPTION", data.content.description]);
  if (data.grossWeightKg !== undefined) rows.push(["GROSS WEIGHT", `${data.grossWeightKg} kg`]);
  rows.forEach(([title, value], i) => {
    const x = M + (i % 2) * (half + M);
    const y = 84 + Math.floor(i / 2) * 22;
    b.text(x, y, half, 8, title, { maxSize: 6, maxLines: 1 });
    b.text(x, y + 8, half, 13, value, { maxSize: 11, minSize: 6, maxLines: 1, bold: true });
  });
  b.rule(0, 84 + Math.ceil(rows.length / 2) * 22 + 2, W, 1.5);

  // Barcodes, bottom-up: SSCC lowest.
  const pick = (ais: readonly string[]) => es.elements.filter((e) => ais.includes(e.ai));
  const groups = [pick(["02", "37"]), pick(["17", "10"]), pick(["420"])].filter((g) => g.length > 0);
  let bottom = H - M;
  const ssccH = 64;
  b.text(M, bottom - 12, W - 2 * M, 12, `(00) ${data.sscc}`, { maxSize: 10, bold: true, maxLines: 1, align: "center" });
  b.barcode("center", bottom - 14 - ssccH, "gs1-128", `(00)${data.sscc}`, 4, ssccH, `00${data.sscc}`);
  bottom -= 14 + ssccH + 10;
  for (const g of groups.reverse()) {
    const f = formatGs1Elements(g);
    const h = groups.length > 2 ? 34 : 44;
    b.text(M, bottom - 11, W - 2 * M, 11, f.hri, { maxSize: 9, maxLines: 1, align: "center" });
    b.barcode("center", bottom - 13 - h, "gs1-128", f.hri, { max: 4, maxWidth: W }, h, f.transmitted);
    bottom -= 13 + h + 8;
  }
  return b.build();
}
