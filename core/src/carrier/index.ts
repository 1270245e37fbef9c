// Public surface of core/carrier: each module of this area is re-exported here.
export * from "./port.js";
export * from "./local-courier.js";
export * from "./local-time.js";
export * from "./tracking.js";
