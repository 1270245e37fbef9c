/**
 * @pickpack/client: the pack station client shared by the terminal UI (cli/src/tui) and the handheld
 * page. Browser-safe: imports only @pickpack/core, no Node built-ins. The socket.io transport is the
 * separate entry `@pickpack/client/socket`, so this one loads no npm package at all.
 */
export { PackClient, defaultScanId } from "./pack-client.js";
export type { PackClientOptions, ScanOutcome } from "./pack-client.js";
export { TransportError, FATAL_HANDSHAKE_CODES } from "./transport.js";
export type { Transport, TransportStatus } from "./transport.js";
export type { QueueStore, QueuedCommand, QueuedEvent } from "./queue.js";
export { MemoryQueueStore } from "./memory-queue.js";
export { journalLine, replayJournal } from "./journal.js";
export { EMPTY_STATS, describeError, initialState, reduce, secondsPerOrder, sessionMinutes, sessionText } from "./state.js";
export type { Banner, ClientAction, ClientState, ClosedSession, ConnectionStatus, LastScan, ScaleReading, SessionStats } from "./state.js";
export { systemTimers } from "./timers.js";
export type { Timers } from "./timers.js";
export { WedgeReader } from "./wedge.js";
export type { SpecialKey, WedgeHandlers, WedgeOptions } from "./wedge.js";
export { PICKER_ACTION_LABELS, PICKER_COMMAND_BARCODES, pickerCommandOf } from "./picker-commands.js";
export type { PickerAction } from "./picker-commands.js";
