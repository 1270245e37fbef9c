// Public surface of core/planning: waves, batching, statuses, walking order (pure).
export * from "./waves.js";
export * from "./batching.js";
export * from "./statuses.js";
export * from "./route-lines.js";
