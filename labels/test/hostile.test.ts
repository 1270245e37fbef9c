import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderPackingSlipPdf, renderShippingLabelPdf, renderShippingLabelZpl } from "../src/index.js";
import { fitText, sanitizeText } from "../src/layout/text.js";
import { helveticaMeasurer } from "../src/pdf/pdf-document.js";
import { DEMO_LABEL, DEMO_SLIP } from "./fixtures.js";
import { hasPdftoppm } from "./decode.js";

const HOSTILE = [
  "X".repeat(10_000),
  "Evil \u202Egnp.exe\u202C name \u2066isolate\u2069",
  "Emoji 📦🚚👩‍👩‍👧 and 中文 and עברית",
  "NUL\u0000in\u0000the\u0000middle",
  "\u001b[31mRED\u001b[0m \u001b]0;title\u0007 \u009b2J clear",
  "tab\tnew\nline\r\nend\u2028sep",
];

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

describe("untrusted text", () => {
  it("never lets control, bidi or undrawable characters through; unknown ones become a visible ?", () => {
    expect(sanitizeText("\u001b[31mRED\u001b[0m", helveticaMeasurer)).toBe("RED");
    expect(sanitizeText("a\u0000b\u202Ec", helveticaMeasurer)).toBe("abc");
    expect(sanitizeText("box 📦 ok", helveticaMeasurer)).toBe("box ? ok");
    expect(sanitizeText("Zoë Straße", helveticaMeasurer)).toBe("Zoë Straße");
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        const out = sanitizeText(s, helveticaMeasurer);
        expect(CONTROL.test(out)).toBe(false);
        for (const ch of out) expect(helveticaMeasurer.canDraw(ch.codePointAt(0) ?? 0)).toBe(true);
      }),
    );
  });

  it("fitted lines always fit their box width", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.integer({ min: 30, max: 300 }), fc.integer({ min: 8, max: 80 }), (s, w, h) => {
        const clean = sanitizeText(s, helveticaMeasurer);
        const f = fitText(clean, w, h, helveticaMeasurer, { maxSize: 14, minSize: 6 });
        for (const line of f.lines) expect(helveticaMeasurer.width(line, false) * f.size).toBeLessThanOrEqual(w + 1e-6);
        expect(f.size).toBeGreaterThanOrEqual(6);
      }),
    );
  });

  it("hostile names and addresses render PDF and ZPL in bounded time and size", async () => {
    for (const evil of HOSTILE) {
      const data = { ...DEMO_LABEL, orderNumber: evil.slice(0, 50), shipTo: { ...DEMO_LABEL.shipTo, name: evil, street: evil, city: evil }, shipFrom: { ...DEMO_LABEL.shipFrom, company: evil } };
      const t0 = performance.now();
      const pdf = await renderShippingLabelPdf(data);
      const zpl = renderShippingLabelZpl(data, 300);
      expect(performance.now() - t0).toBeLessThan(2_000);
      expect(pdf.byteLength).toBeLessThan(60_000);
      // Lines outside Latin-1 (the CJK and Hebrew here) travel as graphic fields, so the bound is the PDF's.
      expect(zpl.length).toBeLessThan(60_000);
      // eslint-disable-next-line no-control-regex
      expect(/[\u0000-\u0009\u000b-\u001f\u007f]/.test(zpl)).toBe(false);
      const slip = await renderPackingSlipPdf({ ...DEMO_SLIP, shipTo: data.shipTo, cartons: [{ index: 1, items: [{ sku: evil.slice(0, 40), description: evil, quantity: 1, lots: [evil] }] }] });
      expect(slip.byteLength).toBeLessThan(60_000);
    }
  });

  it.runIf(hasPdftoppm())("the text that reaches the page has no control characters", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pickpack-hostile-"));
    const data = { ...DEMO_LABEL, shipTo: { ...DEMO_LABEL.shipTo, name: HOSTILE.slice(1).join(" ") } };
    writeFileSync(join(dir, "l.pdf"), await renderShippingLabelPdf(data));
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", join(dir, "l.pdf"), "-"]).toString();
    expect(text).toContain("RED");
    expect(text).toContain("Emoji ???");
    // pdftotext itself wraps each right-to-left run it extracts in RLE…PDF (U+202B…U+202C); drop
    // exactly those pairs, so any bidi control coming from the page still fails.
    const pageText = text.replace(/\f/g, "").replace(/\u202b([^\u202a-\u202e]*)\u202c/g, "$1");
    expect(pageText).toContain("עברית");
    // eslint-disable-next-line no-control-regex
    expect(/[\u0000-\u0009\u000b\u000e-\u001f\u001b\u202a-\u202e\u2066-\u2069]/.test(pageText)).toBe(false);
  });
});
