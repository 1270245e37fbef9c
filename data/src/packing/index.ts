// Public surface of data/packing: the service, its types, and the SQL adapters of core's carrier ports.
export { PackingService } from "./service.js";
export * from "./types.js";
export { StoreSerialSequence } from "./sequence.js";
export { TxShipmentLog } from "./carrier-log.js";
