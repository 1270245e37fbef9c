// @pickpack/labels' public entry: rendering (PDF, ZPL) and printing.
export { shippingLabelLayout } from "./documents/shipping-label.js";
export { PrintError, parsePrinterTarget, printJob } from "./print/printer.js";
export { fillPrintTarget, type TargetVariables } from "./print/template.js";
export { renderLogisticLabelPdf, renderLogisticLabelZpl, renderManifestPdf, renderPackingSlipPdf, renderPickListPdf, renderShippingLabelPdf, renderShippingLabelZpl } from "./render.js";
export { renderReportPdf } from "./reports/report-document.js";
export type { ReportDocumentData, ReportSection } from "./reports/report-document.js";
export { commandSheetLayout, renderCommandSheetPdf, type CommandSheetData, type CommandSheetSection } from "./documents/command-sheet.js";
