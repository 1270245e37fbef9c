// "@pickpack/data/demo": the demo dataset and the demo shift, for `pickpack demo` and the benches.
export { loadDemo } from "./load.js";
export { startDemoShift } from "./shift.js";
export type { PickedWave } from "./shift.js";
