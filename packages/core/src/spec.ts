// The pure entry: what a host needs to know about WorkSpan, with no client and no I/O.

export {
  type BulkloadStatus,
  minimumPollIntervalMs,
  pollIntervalFor,
  WorkSpanBulkloadWaitTimeoutError,
} from './bulk/wait-for-bulkload.js';
export * from './catalogue/index.js';
export {
  type ConnectionSettings,
  type EnvironmentName,
  environments,
  isLoopback,
  type ResolvedConnection,
  resolveConnection,
} from './connection.js';
export * from './errors.js';
export * from './events/delivery-protocol.js';
export * from './events/delivery-verifier.js';
export * from './filter-language/index.js';
export * from './host/index.js';
export { Redactor, redactPatterns } from './redact.js';
export * from './reports/report-filter-builder.js';
export { type ValidatedInput, validateInput } from './request/validate-input.js';
