// Public surface of core/labels: each module of this area is re-exported here.
export * from "./types.js";
export * from "./sscc.js";
export * from "./gs1-element-string.js";
