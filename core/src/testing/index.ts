// Fakes of core's ports, for tests (not part of the runtime surface).
export { MemoryStore } from "./memory-store.js";
