// The client entry: everything of the pure entry, and the client that talks to WorkSpan.

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
export * from './reports/iterate-reports.js';
export { type PreparedBody, type PreparedRequest, prepareRequest } from './request/build-request.js';
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
export * from './spec.js';
