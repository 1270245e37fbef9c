export * from "./bytes.js";
export * from "./scale.js";
export * from "./keyboard-layouts.js";
export * from "./keyboard.js";
export * from "./hidpos.js";
export * from "./ports.js";
