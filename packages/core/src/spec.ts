// The pure entry: what a host needs to know about WorkSpan, with no client and no I/O.

export {
  type BulkloadStatus,
  minimumPollIntervalMs,
  pollIntervalFor,
} from './bulk/wait-for-bulkload.js';
export * from './catalogue/index.js';
export {
  type ConnectionSettings,
  type EnvironmentName,
  environments,
  type FormConnectionSettings,
  isLoopback,
  type ResolvedConnection,
  resolveConnection,
} from './connection.js';
export * from './errors.js';
export {
  checkDelivery,
  constantTimeEqual,
  type DeliveryCheck,
  type DeliveryCheckOptions,
  defaultDeliveryMaxDepth,
  type IncomingDelivery,
  nestingDepthExceeds,
} from './events/delivery-check.js';
export {
  createListDedupeStore,
  createMemoryDedupeStore,
  type DedupeListEntry,
  type DeliveryDedupeStore,
  deliveryDedupeKey,
  objectIdentityFields,
  redeliveryWindowMs,
} from './events/delivery-dedupe.js';
export * from './events/delivery-protocol.js';
export {
  callbackTokenDigest,
  createDeliveryReceiver,
  type DeliveryReceiverOptions,
  type DeliveryRefusal,
  type DeliveryVerdict,
  receiveDelivery,
} from './events/receive-delivery.js';
export {
  buildCallbackUrl,
  callbackUrlWithoutToken,
  createCallbackToken,
  type DesiredSubscription,
  deleteSubscription,
  desiredSubscription,
  type ListedSubscription,
  listSubscriptions,
  type Reconciliation,
  readSubscriberList,
  readSubscription,
  reconcileSubscriptions,
  type StoredSubscription,
  type SubscriberInfo,
  type Subscription,
  type SubscriptionLister,
  subscribeTrigger,
  subscriptionMatches,
  type TriggerCaller,
  type TriggerOperationId,
} from './events/trigger-lifecycle.js';
export * from './filter-language/index.js';
export * from './host/index.js';
export { Redactor, redactPatterns } from './redact.js';
export * from './reports/report-filter-builder.js';
export { rowsToCsv } from './request/csv.js';
export { type ValidatedInput, validateInput } from './request/validate-input.js';
export * from './run/index.js';
