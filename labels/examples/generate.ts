// Regenerates the sample documents in labels/examples/ (PDF, PNG via pdftoppm, ZPL):
//   node --conditions=source --import tsx labels/examples/generate.ts
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderLogisticLabelPdf, renderLogisticLabelZpl, renderManifestPdf, renderPackingSlipPdf, renderPickListPdf, renderShippingLabelPdf, renderShippingLabelZpl } from "../src/index.js";
import { DEMO_LABEL, DEMO_LOGISTIC, DEMO_MANIFEST, DEMO_PICKLIST, DEMO_SLIP, SCRIPT_ADDRESSES } from "../test/fixtures.js";

const dir = fileURLToPath(new URL(".", import.meta.url));
const out = async (name: string, pdf: Promise<Uint8Array>, dpi: number) => {
  writeFileSync(`${dir}${name}.pdf`, await pdf);
  execFileSync("pdftoppm", ["-png", "-r", String(dpi), "-singlefile", `${dir}${name}.pdf`, `${dir}${name}`]);
};
await out("shipping-label", renderShippingLabelPdf(DEMO_LABEL), 203);
writeFileSync(`${dir}shipping-label-203dpi.zpl`, renderShippingLabelZpl(DEMO_LABEL, 203));
writeFileSync(`${dir}shipping-label-300dpi.zpl`, renderShippingLabelZpl(DEMO_LABEL, 300));
await out("logistic-label", renderLogisticLabelPdf(DEMO_LOGISTIC), 203);
writeFileSync(`${dir}logistic-label-203dpi.zpl`, renderLogisticLabelZpl(DEMO_LOGISTIC, 203));
await out("packing-slip", renderPackingSlipPdf(DEMO_SLIP), 100);
await out("pick-list", renderPickListPdf(DEMO_PICKLIST), 100);
await out("manifest", renderManifestPdf(DEMO_MANIFEST), 100);
// Addresses in the recipient's script (see docs/labels.md, "Scripts").
await out("shipping-label-ja", renderShippingLabelPdf({ ...DEMO_LABEL, shipTo: SCRIPT_ADDRESSES.japanese }), 203);
await out("shipping-label-zh", renderShippingLabelPdf({ ...DEMO_LABEL, shipTo: SCRIPT_ADDRESSES.chinese }, { transliterate: true }), 203);
await out("shipping-label-ar", renderShippingLabelPdf({ ...DEMO_LABEL, shipTo: { ...SCRIPT_ADDRESSES.arabic, company: "شركة النيل للتجارة" } }), 203);
writeFileSync(`${dir}shipping-label-ar-203dpi.zpl`, renderShippingLabelZpl({ ...DEMO_LABEL, shipTo: SCRIPT_ADDRESSES.arabic }, 203));
await out("packing-slip-ru", renderPackingSlipPdf({ ...DEMO_SLIP, shipTo: { ...SCRIPT_ADDRESSES.cyrillic, company: "ООО «Ромашка»" }, cartons: [{ ...DEMO_SLIP.cartons[0]!, items: [{ sku: "ESP-1KG", description: "Кофе в зёрнах 1 кг · Κόκκοι καφέ", quantity: 6, lots: ["L2026-47A"] }] }] }, { transliterate: true }), 100);
const shipments = Object.values(SCRIPT_ADDRESSES).map((shipTo, i) => ({ ...DEMO_MANIFEST.shipments[0]!, shipmentNumber: `SH-2026-00013${i}`, orderNumber: `SO-10${10 + i}`, trackingNumber: `LC0000000${1000 + i}`, shipTo }));
await out("manifest-scripts", renderManifestPdf({ ...DEMO_MANIFEST, shipments, totals: { shipments: shipments.length, parcels: shipments.length * 2, weightKg: 28.7 } }, { transliterate: true }), 100);
console.log(`written to ${dir}`);
