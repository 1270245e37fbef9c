/**
 * The scanner gateway's public entry point. The binary is `./main` (src/main.ts, the composition
 * root); a program that embeds a gateway node composes it from these.
 */
export { Gateway, type GatewayOptions } from "./gateway.js";
export { EVENTS, type EventEntry, type EventTable, type GatewayServices } from "./socket/events.js";
export type { CommandScope, LaterScope, PackerFlow, PickerFlow, QueryScope } from "./flows/flows.js";
export { pickerFlow } from "./flows/picker-flow.js";
export { createPacking, type PackingSetupOptions } from "./flows/packing-setup.js";
export type { Job } from "./jobs/runner.js";
export { createLogger, silentLogger, type GatewayLogger } from "./shared/logger.js";
export type { RateLimitOptions } from "./shared/rate-limit.js";
export type { Elapsed, GatewayMetrics } from "./metrics/metrics.js";
