// Regenerates the sample documents in labels/examples/ (PDF, PNG via pdftoppm, ZPL):
//   node --conditions=source --import tsx labels/examples/generate.ts
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderLogisticLabelPdf, renderLogisticLabelZpl, renderManifestPdf, renderPackingSlipPdf, renderPickListPdf, renderShippingLabelPdf, renderShippingLabelZpl } from "../src/index.js";
import { DEMO_LABEL, DEMO_LOGISTIC, DEMO_MANIFEST, DEMO_PICKLIST, DEMO_SLIP } from "../test/fixtures.js";

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
console.log(`written to ${dir}`);
