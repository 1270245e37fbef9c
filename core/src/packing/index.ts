// Public surface of core/packing: each module of this area is re-exported here.
export * from "./cartonize.js";
export * from "./weight.js";
export * from "./verify.js";
export * from "./ports.js";
export * from "./source.js";
export * from "./rules.js";
export * from "./station.js";
export * from "./label-scan.js";
