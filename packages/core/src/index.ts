export {
  type BulkloadStatus,
  type WaitForBulkloadOptions,
  waitForBulkload,
} from './bulk/wait-for-bulkload.js';
export * from './catalogue/index.js';
export {
  type CallOptions,
  type ClientOptions,
  defaultThrottle,
  isWorkSpanError,
  WorkSpanClient,
} from './client/client.js';
export type { ClientEvent, ClientEventListener } from './client/client-events.js';
export { defaultRetryOptions, type RetryOptions } from './client/retry-policy.js';
export { Throttle, type ThrottleOptions, type ThrottleSlot } from './client/throttle.js';
export {
  type Clock,
  type Transport,
  TransportFailure,
  type TransportRequest,
  type TransportResponse,
} from './client/transport.js';
export {
  type ConnectionSettings,
  type EnvironmentName,
  environments,
  resolveConnection,
} from './connection.js';
export * from './errors.js';
export * from './events/delivery-protocol.js';
export * from './events/delivery-verifier.js';
export * from './events/filter-language/index.js';
export * from './events/subscriptions.js';
export * from './host/index.js';
export { Redactor, redactPatterns } from './redact.js';
export * from './reports/iterate-reports.js';
export * from './reports/report-filter-builder.js';
export { type PreparedBody, type PreparedRequest, prepareRequest } from './request/build-request.js';
export { rowsToCsv } from './request/csv.js';
export type { FileAccess } from './request/file-access.js';
export { validateInput } from './request/validate-input.js';
