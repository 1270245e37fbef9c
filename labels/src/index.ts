// @pickpack/labels' public entry: rendering (PDF, ZPL) and printing.
export { shippingLabelLayout } from "./documents/shipping-label.js";
export { PrintError, parsePrinterTarget, printJob } from "./print/printer.js";
export { renderLogisticLabelPdf, renderLogisticLabelZpl, renderManifestPdf, renderPackingSlipPdf, renderPickListPdf, renderShippingLabelPdf, renderShippingLabelZpl } from "./render.js";
export { commandSheetLayout, renderCommandSheetPdf, type CommandSheetData, type CommandSheetSection } from "./documents/command-sheet.js";
