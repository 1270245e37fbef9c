import { describe, expect, it } from "vitest";
import { renderLogisticLabelZpl, renderShippingLabelZpl, shippingLabelLayout } from "../src/index.js";
import { helveticaMeasurer } from "../src/pdf/pdf-document.js";
import { DEMO_LABEL, DEMO_LOGISTIC, DEMO_SSCC } from "./fixtures.js";
import { parseZpl } from "./zpl-parse.js";

const barcodes = (fields: ReturnType<typeof parseZpl>["fields"]) => fields.filter((f) => f.commands.some((c) => c.name === "BC" || c.name === "BX"));

describe("ZPL shipping label", () => {
  it.each([
    [203, 812, 1218],
    [300, 1200, 1800],
  ] as const)("at %i dpi: one format, page size, GS1-128 mode D, Code 128, GS1 DataMatrix", (dpi, pw, ll) => {
    const zpl = renderShippingLabelZpl(DEMO_LABEL, dpi);
    const { formats, fields } = parseZpl(zpl);
    expect(formats).toHaveLength(1);
    const cmds = formats[0] ?? [];
    expect(cmds.find((c) => c.name === "PW")?.args).toBe(String(pw));
    expect(cmds.find((c) => c.name === "LL")?.args).toBe(String(ll));

    const codes = barcodes(fields);
    const sscc = codes.find((f) => f.commands.some((c) => c.name === "BC" && c.args.endsWith(",D")));
    expect(sscc?.data).toBe(`(00)${DEMO_SSCC}`);
    const tracking = codes.find((f) => f.commands.some((c) => c.name === "BC" && c.args.endsWith(",A")));
    expect(tracking?.data).toBe(DEMO_LABEL.trackingNumber);
    const dm = codes.find((f) => f.commands.some((c) => c.name === "BX"));
    expect(dm?.data).toBe(`~100${DEMO_SSCC}400SO-1001~1420${"10117"}~190LC00000000018`);
    expect(dm?.commands.find((c) => c.name === "BX")?.args).toMatch(/^N,\d+,200,\d+,\d+,6,~$/);
    // Module widths are whole dots; at 203 dpi the SSCC uses 4 dots (0.5 mm).
    expect(sscc?.commands.find((c) => c.name === "BY")?.args.split(",")[0]).toBe(dpi === 203 ? "4" : "6");
    // The SSCC is the lowest barcode.
    for (const f of codes) if (f !== sscc) expect(f.y).toBeLessThan(sscc?.y ?? 0);
  });

  it("carries exactly the text lines of the layout the PDF is drawn from", () => {
    const layout = shippingLabelLayout(DEMO_LABEL, helveticaMeasurer);
    const lines = layout.items.flatMap((i) => (i.type === "text" ? i.lines.filter(Boolean) : []));
    const { fields } = parseZpl(renderShippingLabelZpl(DEMO_LABEL, 203));
    const texts = fields.filter((f) => f.commands.some((c) => c.name === "A0")).map((f) => f.data);
    expect(texts).toEqual(lines);
    expect(texts).toContain("Zoë Müller-Lüdenscheidt");
  });

  it("escapes ZPL control characters in field data so text cannot inject commands", () => {
    const evil = { ...DEMO_LABEL, shipTo: { ...DEMO_LABEL.shipTo, name: "^XZ^XA^FO0,0^FDpwned^FS ~JA _under\\" } };
    const zpl = renderShippingLabelZpl(evil, 203);
    const { formats, fields } = parseZpl(zpl);
    expect(formats).toHaveLength(1);
    const text = fields.filter((f) => f.commands.some((c) => c.name === "A0")).map((f) => f.data).join(" ");
    expect(text).toContain("^XZ^XA^FO0,0^FDpwned^FS ~JA _under\\");
    expect(zpl.match(/\^XA/g)).toHaveLength(1);
    expect(zpl).not.toContain("~JA");
  });

  it("renders several cartons as several formats", () => {
    const z = renderShippingLabelZpl([DEMO_LABEL, { ...DEMO_LABEL, carton: { index: 2, count: 2 } }]);
    expect(parseZpl(z).formats).toHaveLength(2);
  });
});

describe("ZPL logistic label", () => {
  it("has one GS1-128 per AI group, all mode D, SSCC last and lowest", () => {
    const { fields } = parseZpl(renderLogisticLabelZpl(DEMO_LOGISTIC));
    const codes = barcodes(fields);
    expect(codes.map((f) => f.data).sort()).toEqual(["(420)10117", "(17)270531(10)L2026-47A", "(02)08712345000011(37)24", `(00)${DEMO_SSCC}`].sort());
    expect(codes.every((f) => f.commands.some((c) => c.name === "BC" && c.args.endsWith(",D")))).toBe(true);
    const ys = codes.map((f) => f.y);
    expect(Math.max(...ys)).toBe(codes.find((f) => f.data.startsWith("(00)"))?.y);
  });
});
