import { describe, expect, it } from "vitest";
import { gs1CheckDigit, isValidLocalCourierTracking } from "@pickpack/core";
import { renderLogisticLabelPdf, renderPickListPdf, renderShippingLabelPdf } from "../src/index.js";
import { decodeAll, hasPdftoppm, rasterise } from "./decode.js";
import { DEMO_LABEL, DEMO_LOGISTIC, DEMO_PICKLIST, DEMO_SSCC } from "./fixtures.js";

// CI installs poppler-utils; locally the test says clearly why it did not run.
const describeRaster = hasPdftoppm() || process.env.CI ? describe : describe.skip;
if (!hasPdftoppm() && !process.env.CI) console.warn("SKIPPED barcode decode tests: pdftoppm not installed (apt-get install poppler-utils)");

describeRaster("rendered barcodes decode with an independent decoder (zxing-wasm)", () => {
  it("shipping label: tracking Code 128, GS1 DataMatrix, SSCC GS1-128 lowest", async () => {
    const found = await decodeAll(rasterise(await renderShippingLabelPdf(DEMO_LABEL)));
    const byFormat = (f: string) => found.filter((r) => r.format === f);
    const sscc = found.find((r) => r.symbologyIdentifier === "]C1");
    const tracking = byFormat("Code128").find((r) => r.symbologyIdentifier === "]C0");
    const dm = byFormat("DataMatrix")[0];
    expect(found.length, JSON.stringify(found.map((r) => [r.format, r.text]))).toBe(3);

    expect(tracking?.text).toBe(DEMO_LABEL.trackingNumber);
    expect(isValidLocalCourierTracking(tracking?.text ?? "")).toBe(true);

    expect(sscc?.text).toBe(`(00)${DEMO_SSCC}`);
    const digits = DEMO_SSCC;
    expect(Number(digits[17])).toBe(gs1CheckDigit(digits.slice(0, 17)));

    expect(dm?.symbologyIdentifier).toBe("]d2");
    expect(dm?.text).toBe(`(00)${DEMO_SSCC}(400)SO-1001(420)10117(90)LC00000000018`);

    // The SSCC is the lowest barcode on the label.
    const bottom = (r: (typeof found)[number]) => Math.max(r.position.bottomLeft.y, r.position.bottomRight.y);
    for (const other of found) if (other !== sscc && sscc) expect(bottom(other)).toBeLessThan(bottom(sscc));
  });

  it("logistic label: every GS1-128 decodes as ]C1 with the right AIs, SSCC lowest", async () => {
    const found = await decodeAll(rasterise(await renderLogisticLabelPdf(DEMO_LOGISTIC)));
    expect(found.every((r) => r.symbologyIdentifier === "]C1")).toBe(true);
    const texts = found.map((r) => r.text).sort();
    expect(texts).toEqual([`(00)${DEMO_SSCC}`, "(02)08712345000011(37)24", "(17)270531(10)L2026-47A", "(420)10117"].sort());
    const lowest = [...found].sort((a, b) => b.position.bottomLeft.y - a.position.bottomLeft.y)[0];
    expect(lowest?.text).toBe(`(00)${DEMO_SSCC}`);
  });

  it("pick list: one Code 128 per stop plus the list id", async () => {
    const found = await decodeAll(rasterise(await renderPickListPdf(DEMO_PICKLIST)));
    expect(found.map((r) => r.text).sort()).toEqual(["PL-0007", ...DEMO_PICKLIST.stops.map((s) => s.location)].sort());
  });
});
