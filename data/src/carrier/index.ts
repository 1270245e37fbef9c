// Carrier tracking in ("@pickpack/data" re-exports these).
export { TRACKING_UPDATED_EVENT, applyCarrierEvents, carrierEventsSchema, pollCarrierTracking, receiveCarrierEvents } from "./service.js";
export type { CarrierEventOutcome, CarrierEventResult, CarrierEventsBody, CarrierEventsSummary } from "./service.js";
