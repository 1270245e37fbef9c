// The pack station client module, shared by the terminal UI and the future handheld page.
export * from "./transport.js";
export * from "./queue.js";
export * from "./state.js";
export * from "./pack-client.js";
export * from "./wedge.js";
