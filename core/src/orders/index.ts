export * from "./types.js";
export * from "./order-machine.js";
export * from "./holds.js";
export * from "./ports.js";
export * from "./reimport.js";
export * from "./new-order.js";
