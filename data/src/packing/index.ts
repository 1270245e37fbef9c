// Public surface of data/packing.
export * from "./service.js";
export { StoreSerialSequence } from "./sequence.js";
export { TxShipmentLog } from "./carrier-log.js";
