// Public surface of @pickpack/labels.
export * from "./render.js";
export type { ZplDpi, ZplOptions } from "./zpl/zpl.js";
export type { DocumentOptions } from "./layout/transliterate.js";
export { layoutToZpl } from "./zpl/zpl.js";
export { shippingLabelLayout, validateShippingLabel, LABEL_4X6 } from "./documents/shipping-label.js";
export { logisticLabelLayout } from "./documents/logistic-label.js";
export type { PageLayout, LayoutItem, BarcodeItem, TextItem, Symbology } from "./layout/types.js";
export { sanitizeText } from "./layout/text.js";
export * from "./print/printer.js";
