// Public surface of core/picking: statuses, the pick-list machine, location choice, the short-pick policy (pure).
export * from "./statuses.js";
export * from "./machine.js";
export * from "./locations.js";
export * from "./short-pick.js";
