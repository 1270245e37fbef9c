export { SqlStore, StoreErrorCode, type StoreTransaction } from "./store.js";
export type { Database } from "./db/schema.js";
export { openStore, dialectOf, redact, DEFAULT_DATABASE_PATH, type OpenOptions } from "./db/open.js";
export { dropPostgresSchema } from "./db/drivers/postgres.js";
export type { Dialect } from "./db/schema.js";
export { importFile, IMPORT_KINDS, isImportKind, parseImport, formatFromPath, type ImportKind, type ImportFormat, type ImportFileResult } from "./imports/index.js";
export { GatewayRepo, transactionBatch, withSavepoint, type BatchOutcome, normalisePairingCode, toDeviceInfo, type NewPairingCode, type DeviceRow, type ScanRow } from "./gateway/repo.js";
export { withStoredSkuLookup } from "./sku-lookup.js";
export { listTasks, completeTask, TaskErrorCode, type TaskView, type TaskType } from "./tasks.js";
