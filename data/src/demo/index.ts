// "@pickpack/data/demo": the demo dataset, the demo shift and the shift simulator, for `pickpack demo`, `pickpack simulate` and the benches.
export { loadDemo } from "./load.js";
export { startDemoShift } from "./shift.js";
export type { PickedWave } from "./shift.js";
export { loadDemoSite, simulate } from "../simulate/index.js";
export type { SimulationOptions, SimulationResult } from "../simulate/index.js";
