export * from "./availability.js";
