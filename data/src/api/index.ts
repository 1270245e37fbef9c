// The order-system API's data side: API keys, idempotency records, order workflows and reads, request schemas.
export { API_SCOPES, checkApiKeyRequest, createApiKey, isApiScope, listApiKeys, revokeApiKey, verifyApiKey, type ApiKeyInfo, type ApiScope, type NewApiKey } from "./keys.js";
export { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_RETENTION_MS, abandonIdempotent, beginIdempotent, completeIdempotent, idempotencyRecords, type IdempotencyRef, type IdempotencyStart } from "./idempotency.js";
export { cancelByNumber, changedOrders, createOrders, decodeCursor, encodeCursor, orderByNumber, patchOrder, recordPayment, stockOfSku, type ApiOrderDetails, type ApiShipment, type ChangedOrder, type ChangesCursor, type CreatedOrders } from "./orders.js";
export { MAX_BATCH_ORDERS, cancelRequestSchema, orderBatchSchema, orderPatchSchema, orderSchema, paymentRequestSchema, validate, validateOrders, type CancelRequest, type OrderPatch, type PaymentRequest, type Validated } from "./schemas.js";
