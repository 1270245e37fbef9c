// Public surface of core/allocation: each module of this area is re-exported here.
export * from "./types.js";
export * from "./geo.js";
export * from "./split.js";
export * from "./hold-planner.js";
