// The client entry: every name of the pure entry (listed in spec.ts), and the client that talks to
// WorkSpan. Every name is listed.

export { type WaitForBulkloadOptions, waitForBulkload } from './bulk/wait-for-bulkload.js';
export {
  type AccessTokenRequestOptions,
  requestAccessToken,
} from './client/access-token-request.js';
export {
  type CallInput,
  type CallOptions,
  type ClientOptions,
  defaultThrottle,
  WorkSpanClient,
} from './client/client.js';
export type { ClientEvent, ClientEventListener } from './client/client-events.js';
export { defaultRetryOptions, type RetryOptions } from './client/retry-policy.js';
export { Throttle, type ThrottleOptions, type ThrottleSlot } from './client/throttle.js';
export type { AccessToken, TokenProvider, TokenRenewalReason } from './client/token-provider.js';
export {
  type Clock,
  type Transport,
  TransportFailure,
  type TransportRequest,
  type TransportResponse,
} from './client/transport.js';
export {
  iterateReportData,
  iterateReportList,
  type PagingOptions,
  type ReportRow,
  type ReportSummary,
} from './reports/iterate-reports.js';
export type { FileAccess } from './request/file-access.js';
export {
  type ListChoice,
  type ListChoices,
  type ListChoicesOptions,
  readListChoices,
} from './run/list-choices.js';
export {
  type RunOperationOptions,
  type RunOutcome,
  type RunProgress,
  runOperation,
  type StartedLoad,
} from './run/run-operation.js';
// The pure entry is listed once, in spec.ts; this entry is that list and the names above.
export * from './spec.js';
