// Labels, packing slips and manifests in every script: the page text is the Unicode given (pdftotext),
// the fonts are embedded subsets (pdffonts), right-to-left lines are in visual order with joined
// Arabic letters, long text still fits its box, the barcodes still decode, and ZPL carries the text.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { shippingLabel2dElementString } from "@pickpack/core";
import { describe, expect, it } from "vitest";
import { renderManifestPdf, renderPackingSlipPdf, renderShippingLabelPdf, renderShippingLabelZpl, shippingLabelLayout } from "../src/index.js";
import { fitText, sanitizeText } from "../src/layout/text.js";
import { shapeRun } from "../src/pdf/fonts.js";
import { unicodeMeasurer } from "../src/pdf/pdf-document.js";
import { decodeAll, hasPdftoppm, rasterise } from "./decode.js";
import { DEMO_LABEL, DEMO_MANIFEST, DEMO_SLIP, DEMO_SSCC, SCRIPT_ADDRESSES, type Script } from "./fixtures.js";
import { parseZpl } from "./zpl-parse.js";
import { decodeGfa } from "./zpl-graphic.js";

const SCRIPTS = Object.keys(SCRIPT_ADDRESSES) as Script[];
const RTL: readonly Script[] = ["arabic", "hebrew"];
const FACE: Record<Script, string> = { cyrillic: "NotoSans", greek: "NotoSans", arabic: "NotoSansArabic", hebrew: "NotoSansHebrew", chinese: "DroidSansFallback", japanese: "DroidSansFallback", korean: "DroidSansFallback" };

const poppler = hasPdftoppm() || Boolean(process.env.CI);
if (!poppler) console.warn("SKIPPED script tests that read PDFs: poppler-utils not installed (apt-get install poppler-utils)");

function tool(cmd: string, pdf: Uint8Array, args: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), "pickpack-scripts-"));
  writeFileSync(join(dir, "in.pdf"), pdf);
  return execFileSync(cmd, [...args, join(dir, "in.pdf"), ...(cmd === "pdftotext" ? ["-"] : [])]).toString();
}

/** Page text; pdftotext wraps each right-to-left run in RLE…PDF, which is its own output, not the page's. */
const pageText = (pdf: Uint8Array) => tool("pdftotext", pdf, ["-enc", "UTF-8"]).replace(/[\u202b\u202c]/g, "").replace(/\s+/g, " ");

interface PdfFont {
  name: string;
  type: string;
  emb: boolean;
  sub: boolean;
  uni: boolean;
}
function fonts(pdf: Uint8Array): PdfFont[] {
  return tool("pdffonts", pdf)
    .split("\n")
    .slice(2)
    .filter(Boolean)
    .map((l) => {
      const f = l.trim().split(/\s+/);
      const [emb, sub, uni] = f.slice(-5, -2);
      return { name: f[0] ?? "", type: f.slice(1, -6).join(" "), emb: emb === "yes", sub: sub === "yes", uni: uni === "yes" };
    });
}

/** The text in the page must read as given: LTR lines exactly; RTL lines word by word (pdftotext orders mixed-direction lines its own way). */
function expectText(text: string, given: string, rtl: boolean): void {
  if (!rtl) expect(text).toContain(given);
  else for (const word of given.split(" ")) expect(text).toContain(word);
}

function expectEmbeddedSubsets(pdf: Uint8Array, face: string): void {
  const list = fonts(pdf);
  const embedded = list.filter((f) => !f.name.startsWith("Helvetica"));
  expect(embedded.length).toBeGreaterThan(0);
  for (const f of embedded) {
    expect(f, f.name).toMatchObject({ emb: true, sub: true, uni: true });
    expect(f.name).toMatch(/^[A-Z]{6}\+/);
  }
  expect(embedded.some((f) => f.name.replace(/^[A-Z]{6}\+/, "").split("-")[0] === face), `${face} in ${list.map((f) => f.name).join(", ")}`).toBe(true);
  // Helvetica is the only font not embedded: the built-in standard font for Latin-1 text.
  for (const f of list.filter((x) => !x.emb)) expect(f.name).toMatch(/^Helvetica/);
}

describe.runIf(poppler)("every script on the page", () => {
  it.each(SCRIPTS)("shipping label, %s address: the page text is the Unicode given, in embedded subsets", async (script) => {
    const shipTo = SCRIPT_ADDRESSES[script];
    const pdf = await renderShippingLabelPdf({ ...DEMO_LABEL, shipTo });
    const text = pageText(pdf);
    expect(text).not.toContain("?");
    for (const s of [shipTo.name, shipTo.street, shipTo.city]) expectText(text, s, RTL.includes(script));
    expectEmbeddedSubsets(pdf, FACE[script]);
    expect(pdf.byteLength).toBeLessThan(60_000);
  });

  it.each(SCRIPTS)("packing slip, %s address", async (script) => {
    const shipTo = SCRIPT_ADDRESSES[script];
    const pdf = await renderPackingSlipPdf({ ...DEMO_SLIP, shipTo });
    const text = pageText(pdf);
    expect(text).not.toContain("?");
    for (const s of [shipTo.name, shipTo.street, shipTo.city]) expectText(text, s, RTL.includes(script));
    expectEmbeddedSubsets(pdf, FACE[script]);
  });

  it("manifest with one shipment per script", async () => {
    const shipments = SCRIPTS.map((script, i) => ({ ...DEMO_MANIFEST.shipments[0]!, shipmentNumber: `SH-2026-00013${i}`, shipTo: SCRIPT_ADDRESSES[script] }));
    const pdf = await renderManifestPdf({ ...DEMO_MANIFEST, shipments, totals: { shipments: shipments.length, parcels: shipments.length * 2, weightKg: 28.7 } });
    const text = pageText(pdf);
    expect(text).not.toContain("?");
    SCRIPTS.forEach((script) => {
      const a = SCRIPT_ADDRESSES[script];
      expectText(text, a.name, RTL.includes(script));
      expectText(text, a.city, RTL.includes(script));
    });
    for (const face of new Set(Object.values(FACE))) expectEmbeddedSubsets(pdf, face);
  });

  it("right-to-left lines are drawn in visual order: the first word of a Hebrew or Arabic name is the rightmost", async () => {
    for (const script of RTL) {
      const name = SCRIPT_ADDRESSES[script].name;
      const pdf = await renderShippingLabelPdf({ ...DEMO_LABEL, shipTo: { ...SCRIPT_ADDRESSES[script] } });
      const words = [...tool("pdftotext", pdf, ["-bbox"]).matchAll(/<word xMin="([\d.]+)"[^>]*>([^<]+)<\/word>/g)].map((m) => ({ x: Number(m[1]), text: m[2] ?? "" }));
      const [first, second] = name.split(" ");
      // -bbox lists each word's glyphs left to right, so an RTL word reads reversed there.
      const find = (word = "") => words.find((w) => w.text === word || w.text === [...word].reverse().join(""));
      const a = find(first);
      const b = find(second);
      expect(a && b, `${first} / ${second} in ${JSON.stringify(words.slice(0, 40))}`).toBeTruthy();
      expect(a?.x ?? 0).toBeGreaterThan(b?.x ?? 0);
    }
  });

  it("barcodes still decode on labels with Arabic and Japanese addresses", async () => {
    for (const script of ["arabic", "japanese"] as const) {
      const found = await decodeAll(rasterise(await renderShippingLabelPdf({ ...DEMO_LABEL, shipTo: SCRIPT_ADDRESSES[script] })));
      const dm = shippingLabel2dElementString({ sscc: DEMO_SSCC, orderNumber: "SO-1001", shipToPostalCode: SCRIPT_ADDRESSES[script].postalCode, trackingNumber: "LC00000000018" });
      expect(found.map((r) => r.text).sort()).toEqual([`(00)${DEMO_SSCC}`, dm.hri, "LC00000000018"].sort());
    }
  });

  it("transliterate adds a Latin line under a non-Latin address, and only then", async () => {
    const shipTo = SCRIPT_ADDRESSES.cyrillic;
    expect(pageText(await renderShippingLabelPdf({ ...DEMO_LABEL, shipTo }, { transliterate: true }))).toContain("Ivan Petrov, ul. Tverskaya, d. 7, 125009 Moskva, RU");
    expect(pageText(await renderShippingLabelPdf({ ...DEMO_LABEL, shipTo }))).not.toContain("Moskva");
    expect(pageText(await renderPackingSlipPdf({ ...DEMO_SLIP, shipTo: SCRIPT_ADDRESSES.greek }, { transliterate: true }))).toContain("Athina");
    expect(pageText(await renderManifestPdf({ ...DEMO_MANIFEST, shipments: [{ ...DEMO_MANIFEST.shipments[0]!, shipTo: SCRIPT_ADDRESSES.chinese }] }, { transliterate: true }))).toContain("BeiJingShi");
    // Japanese kanji have readings a character table cannot give: no (wrong) Latin line.
    expect(pageText(await renderShippingLabelPdf({ ...DEMO_LABEL, shipTo: SCRIPT_ADDRESSES.japanese }, { transliterate: true }))).not.toContain("ShanTian");
    expect(pageText(await renderShippingLabelPdf({ ...DEMO_LABEL, shipTo: SCRIPT_ADDRESSES.korean }, { transliterate: true }))).toContain("SeoUlTeugByeolSi");
    // A Latin address gets no second line.
    const latin = shippingLabelLayout(DEMO_LABEL, unicodeMeasurer, { transliterate: true });
    expect(latin).toEqual(shippingLabelLayout(DEMO_LABEL, unicodeMeasurer));
  });
});

describe("shaping and fitting", () => {
  it("Arabic letters take their joined forms; a Hebrew run comes back in visual order", () => {
    const word = "محمد";
    const joined = shapeRun("arabic", false, word, true).glyphs.map((g) => g.glyph.id);
    const isolated = [...word].map((ch) => shapeRun("arabic", false, ch, true).glyphs[0]?.glyph.id);
    expect(joined).toHaveLength(4);
    // Visual order is reversed, and every letter of a joined word differs from its isolated form except none.
    expect(joined.filter((id, i) => id !== isolated[isolated.length - 1 - i]).length).toBeGreaterThanOrEqual(3);
    const hebrew = shapeRun("hebrew", false, "כהן", true).glyphs.map((g) => g.glyph.codePoints[0]);
    expect(hebrew).toEqual(["ן", "ה", "כ"].map((c) => c.codePointAt(0)));
  });

  it("long text in any script still wraps and shrinks inside its box", () => {
    const alphabet = fc.constantFrom(..."Москва Αθήνα القاهرة תל אביב 東京都千代田区 서울특별시 Straße ");
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 200 }).map((a) => a.join("")), fc.integer({ min: 40, max: 300 }), fc.integer({ min: 10, max: 80 }), (s, w, h) => {
        const clean = sanitizeText(s, unicodeMeasurer);
        expect(clean).not.toContain("?");
        const f = fitText(clean, w, h, unicodeMeasurer, { maxSize: 14, minSize: 6 });
        for (const line of f.lines) expect(unicodeMeasurer.width(line, false) * f.size).toBeLessThanOrEqual(w + 1e-6);
      }),
      { numRuns: 60 },
    );
    const layout = shippingLabelLayout({ ...DEMO_LABEL, shipTo: { ...SCRIPT_ADDRESSES.japanese, name: "山田太郎".repeat(40) } }, unicodeMeasurer);
    for (const item of layout.items) if (item.type === "text") for (const l of item.lines) expect(unicodeMeasurer.width(l, item.bold) * item.size).toBeLessThanOrEqual(item.w + 1e-6);
  });

  it("an unknown character still becomes a visible ?, and a missing font is named with its package", async () => {
    expect(sanitizeText("Москва 📦", unicodeMeasurer)).toBe("Москва ?");
    const saved = process.env.PICKPACK_FONT_DIRS;
    process.env.PICKPACK_FONT_DIRS = mkdtempSync(join(tmpdir(), "pickpack-nofonts-"));
    try {
      await expect((async () => renderShippingLabelPdf({ ...DEMO_LABEL, shipTo: SCRIPT_ADDRESSES.arabic }))()).rejects.toMatchObject({ code: "LABEL_FONT_MISSING", message: expect.stringMatching(/NotoSansArabic-Regular\.ttf.*fonts-noto-core/) });
      // Latin-only labels need no font files at all.
      await expect(renderShippingLabelPdf(DEMO_LABEL)).resolves.toBeInstanceOf(Uint8Array);
    } finally {
      if (saved === undefined) delete process.env.PICKPACK_FONT_DIRS;
      else process.env.PICKPACK_FONT_DIRS = saved;
    }
  });
});

describe("ZPL in every script", () => {
  it.each(SCRIPTS)("%s: lines outside Latin-1 are graphic fields, Latin lines stay ^A0 text", (script) => {
    const { fields } = parseZpl(renderShippingLabelZpl({ ...DEMO_LABEL, shipTo: SCRIPT_ADDRESSES[script] }, 203));
    const text = fields.filter((f) => f.commands.some((c) => c.name === "A0"));
    expect(text.every((f) => /^[\u0020-\u00ff]*$/.test(f.data))).toBe(true);
    expect(text.map((f) => f.data)).toContain("SHIP TO");
    const graphics = fields.filter((f) => f.commands.some((c) => c.name === "GF"));
    expect(graphics.length).toBeGreaterThanOrEqual(3); // name, street, city lines
    for (const g of graphics) {
      const b = decodeGfa(g.commands.find((c) => c.name === "GF")?.args ?? "");
      const ink = b.dots.reduce((a, v) => a + v, 0);
      expect(ink).toBeGreaterThan(20);
      expect(g.x + b.width).toBeLessThanOrEqual(812);
    }
  });

  it("with a printer-resident Unicode font: ^A@ text in that font, bidi and shaping on (^PA)", () => {
    const zpl = renderShippingLabelZpl({ ...DEMO_LABEL, shipTo: SCRIPT_ADDRESSES.arabic }, 203, { unicodeFont: "E:NOTOSANS.TTF" });
    const { formats, fields } = parseZpl(zpl);
    expect(formats[0]?.some((c) => c.name === "PA" && c.args === "0,1,1,1")).toBe(true);
    const unicode = fields.filter((f) => f.commands.some((c) => c.name === "A@"));
    expect(unicode.map((f) => f.data)).toEqual(expect.arrayContaining([SCRIPT_ADDRESSES.arabic.name, SCRIPT_ADDRESSES.arabic.street]));
    expect(unicode.every((f) => f.commands.find((c) => c.name === "A@")?.args.endsWith(",E:NOTOSANS.TTF"))).toBe(true);
    expect(fields.some((f) => f.commands.some((c) => c.name === "GF"))).toBe(false);
    expect(() => renderShippingLabelZpl(DEMO_LABEL, 203, { unicodeFont: "E:X.TTF^XZ" })).toThrow(/printer font path/);
  });
});
