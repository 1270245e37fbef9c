/**
 * The stock repository, the only writer of the `stock` and `reservations` tables: ./levels.ts (units
 * on hand per location), ./holds.ts (reservations and allocations), ./availability.ts (what is free).
 */
export * from "./levels.js";
export * from "./holds.js";
export * from "./availability.js";
