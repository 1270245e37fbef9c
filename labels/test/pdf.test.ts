import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { renderManifestPdf, renderPackingSlipPdf, renderPickListPdf, renderShippingLabelPdf, shippingLabelLayout } from "../src/index.js";
import { helveticaMeasurer } from "../src/pdf/pdf-document.js";
import { DOT_PT } from "../src/layout/types.js";
import { DEMO_LABEL, DEMO_MANIFEST, DEMO_PICKLIST, DEMO_SLIP } from "./fixtures.js";

function contentStreams(pdf: Uint8Array): string[] {
  const s = Buffer.from(pdf).toString("latin1");
  const out: string[] = [];
  const re = /\/Filter \/FlateDecode[^>]*>>\s*stream\r?\n/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const start = m.index + m[0].length;
    const end = s.indexOf("endstream", start);
    out.push(inflateSync(Buffer.from(s.slice(start, end), "latin1")).toString("latin1"));
  }
  return out;
}

describe("PDF output", () => {
  it("4x6 page, barcodes as vector rectangles on the 203-dpi dot grid, no images", async () => {
    const pdf = await renderShippingLabelPdf(DEMO_LABEL);
    const raw = Buffer.from(pdf).toString("latin1");
    expect(raw).toMatch(/\/MediaBox \[ 0 0 288 432 \]/);
    expect(raw).not.toContain("/Image");
    const content = contentStreams(pdf).join("\n");
    // Every barcode is drawn in a dot coordinate system (72/203 scale) with whole-dot rectangles.
    const blocks = content.split(/\bq 0\.354680 0 0 0\.354680 /).slice(1);
    expect(blocks).toHaveLength(3);
    for (const b of blocks) {
      const origin = /^([\d.]+) ([\d.]+) cm/.exec(b);
      expect(Math.abs(Number(origin?.[1]) / DOT_PT - Math.round(Number(origin?.[1]) / DOT_PT))).toBeLessThan(0.01);
      const rects = [...b.slice(0, b.indexOf("f Q")).matchAll(/^(\S+) (\S+) (\S+) (\S+) re$/gm)];
      expect(rects.length).toBeGreaterThan(20);
      for (const r of rects) {
        expect(Number.isInteger(Number(r[1]))).toBe(true);
        expect(Number.isInteger(Number(r[3]))).toBe(true);
      }
    }
    // Layout module widths are whole dots, and the SSCC uses 4 dots (0.5 mm).
    const layout = shippingLabelLayout(DEMO_LABEL, helveticaMeasurer);
    const codes = layout.items.filter((i) => i.type === "barcode");
    expect(codes.every((c) => c.type === "barcode" && Number.isInteger(c.moduleDots))).toBe(true);
    expect(codes.find((c) => c.type === "barcode" && c.symbology === "gs1-128")).toMatchObject({ moduleDots: 4 });
  });

  it("paginates long packing slips, pick lists and manifests with page numbers", async () => {
    const items = Array.from({ length: 80 }, (_, i) => ({ sku: `SKU-${i}`, description: `Item ${i}`, quantity: i + 1 }));
    const slip = await renderPackingSlipPdf({ ...DEMO_SLIP, paper: "Letter", cartons: [{ index: 1, items }] });
    expect(Buffer.from(slip).toString("latin1")).toMatch(/\/MediaBox \[ 0 0 612 792 \]/);
    const pages = (pdf: Uint8Array) => Buffer.from(pdf).toString("latin1").match(/\/Type \/Page\b/g)?.length ?? 0;
    expect(pages(slip)).toBeGreaterThan(1);
    const stops = Array.from({ length: 60 }, (_, i) => ({ sequence: i + 1, location: `A-${i}`, sku: `S${i}`, description: "d", quantity: 1 }));
    expect(pages(await renderPickListPdf({ ...DEMO_PICKLIST, stops }))).toBeGreaterThan(1);
    expect(pages(await renderManifestPdf(DEMO_MANIFEST))).toBe(1);
  });
});
