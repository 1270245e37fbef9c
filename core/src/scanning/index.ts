export * from "./check-digit.js";
export * from "./aim.js";
export * from "./sanitize.js";
export * from "./gs1-parse.js";
export * from "./classify.js";
export * from "./hid/index.js";
export * from "./commands.js";
export * from "./resolve.js";
