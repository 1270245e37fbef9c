// "@pickpack/data/schemas": file schemas the CLI reads without a database (layouts and pick lists for `pickpack route`).
export { parseLayoutJson } from "./layout.js";
export { parsePicksJson } from "./picks.js";
