// The broker inbox: messages from the order system applied exactly once ("@pickpack/data" re-exports these).
export { INBOX_MESSAGE_TYPES, cancelRequestSchema, envelopeSchema, isInboxMessageType, paymentSchema, type InboxMessageType } from "./schemas.js";
export { REQUEST_REFUSED_EVENT, parseInboxMessage, receiveInboxMessage, type InboundMessage, type InboxOutcome } from "./service.js";
export { findInboxRow } from "./repository.js";
