/** @deprecated moved to ./scanning/sku-lookup.ts; this path stays for existing imports. */
export { withStoredSkuLookup } from "./scanning/sku-lookup.js";
