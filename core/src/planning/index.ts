// Public surface of core/planning: waves and batching (pure).
export * from "./waves.js";
export * from "./batching.js";
