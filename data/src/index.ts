export { SqlStore, StoreErrorCode } from "./store.js";
export { openStore, dialectOf, redact, DEFAULT_DATABASE_PATH, type OpenOptions } from "./open.js";
export { dropPostgresSchema } from "./drivers/postgres.js";
export type { Dialect } from "./schema.js";
