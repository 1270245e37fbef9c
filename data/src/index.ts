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
export { PAIRING_ATTEMPT_LIMIT, PairingAttempts, type PairingAttemptLimit } from "./gateway/pairing-attempts.js";
export { resolveTote, toteBarcode } from "./gateway/totes.js";
export { TRACKING_UPDATED_EVENT, applyCarrierEvents, carrierEventsSchema, pollCarrierTracking, receiveCarrierEvents } from "./carrier/index.js";
export type { CarrierEventOutcome, CarrierEventResult, CarrierEventsBody, CarrierEventsSummary } from "./carrier/index.js";
export { importFile } from "./imports/index.js";
export { parseImport, parseImportRecords } from "./imports/parse.js";
export { INBOX_MESSAGE_TYPES, REQUEST_REFUSED_EVENT, parseInboxMessage, receiveInboxMessage } from "./inbox/index.js";
export type { InboundMessage, InboxMessageType, InboxOutcome } from "./inbox/index.js";
export { cancelOrder } from "./orders/cancel.js";
export { completeTask, listTasks } from "./picking/tasks.js";
export { resolveScannedItem } from "./scanning/resolve.js";
export { SqlStore } from "./store.js";
export { metricsSnapshot, OPEN_WAREHOUSE_STATES } from "./metrics/snapshot.js";
export type { MetricsSnapshot } from "./metrics/snapshot.js";
export { API_SCOPES, abandonIdempotent, beginIdempotent, cancelByNumber, changedOrders, checkApiKeyRequest, completeIdempotent, createApiKey, createOrders, decodeCursor, encodeCursor, idempotencyRecords, isApiScope, listApiKeys, orderByNumber, patchOrder, purgeIdempotentAnswers, recordPayment, revokeApiKey, stockOfSku, verifyApiKey } from "./api/index.js";
export { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_RETENTION_MS, MAX_BATCH_ORDERS, cancelRequestSchema, orderBatchSchema, orderPatchSchema, orderSchema, paymentRequestSchema, validate, validateOrders } from "./api/index.js";
export type { ApiKeyInfo, ApiOrderDetails, ApiScope, ApiShipment, CancelRequest, ChangedOrder, ChangesCursor, CreatedOrders, IdempotencyRef, IdempotencyStart, NewApiKey, OrderPatch, PaymentRequest, Validated } from "./api/index.js";
export { OutboxRelay, toOutboundEvent } from "./outbox/relay.js";
export type { RelayOptions, TickResult } from "./outbox/relay.js";
export { DEFAULT_RETRY_POLICY, DEFAULT_RETRY_SCHEDULE_MS, nextRetryDelay } from "./outbox/schedule.js";
export type { RetryPolicy } from "./outbox/schedule.js";
export { deliveryHealth, listOutboxEntries, parseEventRef, replaySince, retryDeliveries, writeStreamEvent } from "./outbox/service.js";
export type { DeliveryHealth, OutboxEntryView } from "./outbox/service.js";
export { addWebhook, checkEndpointUrl, listWebhooks, removeWebhook, rotateWebhookSecret, testWebhook, DEFAULT_ROTATION_GRACE_MS } from "./webhooks/service.js";
export type { WebhookSender, WebhookView } from "./webhooks/service.js";
export { addressRefusal } from "./webhooks/address-policy.js";
export { postWebhook, DEFAULT_WEBHOOK_TIMEOUT_MS } from "./webhooks/http-sender.js";
export type { WebhookRequest, WebhookResponse } from "./webhooks/http-sender.js";
