export * from "./gs1/check-digit.js";
