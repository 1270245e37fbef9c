// The shift simulator: whole days through the real services with simulated time (see simulate.ts).
export { simulate } from "./simulate.js";
export { DEFAULT_RATES, DEFAULT_SPEEDS } from "./model.js";
export type { IncidentRates, SimulationOptions, SimulationResult, WorkSpeeds } from "./model.js";
export { loadDemoSite } from "./site.js";
