export { SqlStore, StoreErrorCode, type StoreTransaction } from "./store.js";
export type { Database } from "./schema.js";
export { openStore, dialectOf, redact, DEFAULT_DATABASE_PATH, type OpenOptions } from "./open.js";
export { dropPostgresSchema } from "./drivers/postgres.js";
export type { Dialect } from "./schema.js";
export { importFile, IMPORT_KINDS, isImportKind, parseImport, formatFromPath, type ImportKind, type ImportFormat, type ImportFileResult } from "./import/index.js";
export { GatewayRepo, transactionBatch, withSavepoint, type BatchOutcome, normalisePairingCode, toDeviceInfo, type NewPairingCode, type DeviceRow, type ScanRow } from "./gateway/repo.js";
export { withStoredSkuLookup } from "./sku-lookup.js";
export { listTasks, completeTask, TaskErrorCode, type TaskView, type TaskType } from "./tasks.js";
