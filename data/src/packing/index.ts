// "@pickpack/data/packing": the pack station workflows, shipments and manifests.
export { getShipment, listShipments } from "./queries.js";
export { StoreSerialSequence } from "./sequence.js";
export { PackingService } from "./service.js";
export type { CloseCartonOutcome, PackView, PackingConfig, PrintOutcome } from "./types.js";
