// @pickpack/data's public entry: the store, imports, devices and scans, the scan resolver, tasks.
// Feature entries: "@pickpack/data/packing", "/planning", "/demo", "/schemas", and "/open" (opening a
// database without loading the rest).
export { dropPostgresSchema } from "./db/drivers/postgres.js";
export { DEFAULT_DATABASE_PATH, dialectOf, openStore, redact } from "./db/open.js";
export type { OpenOptions } from "./db/open.js";
export type { StoreTransaction } from "./db/unit-of-work.js";
export { transactionBatch, withSavepoint } from "./gateway/batch.js";
export type { BatchOutcome } from "./gateway/batch.js";
export { GatewayRepo, toDeviceInfo } from "./gateway/repo.js";
export type { DeviceRow } from "./gateway/repo.js";
export { resolveTote, toteBarcode } from "./gateway/totes.js";
export { importFile } from "./imports/index.js";
export { cancelOrder } from "./orders/cancel.js";
export { completeTask, listTasks } from "./picking/tasks.js";
export { resolveScannedItem } from "./scanning/resolve.js";
export { SqlStore } from "./store.js";
export { lowStock } from "./reports/stock.js";
