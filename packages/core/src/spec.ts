// The pure entry: what a host needs to know about WorkSpan, with no client and no I/O. Every name is
// listed: a name not here is not part of the package's promise (siblings use `./internal`).

export type { BulkloadStatus } from './bulk/wait-for-bulkload.js';
export {
  type AnyOperation,
  type BodyEncoding,
  type BulkloadBehaviour,
  type ByteSource,
  type Catalogue,
  type ConnectionField,
  catalogue,
  connectionFields,
  connectionFromFields,
  type DataSource,
  describeField,
  type FieldDefinition,
  type FieldFacts,
  type FieldKind,
  type FieldLocation,
  type FieldPresentation,
  type FileContentSource,
  type FilePathSource,
  type FileSource,
  getOperation,
  getResource,
  type HttpMapping,
  type HttpMethod,
  type ListSource,
  type ListSourceDefinition,
  lengthLimits,
  listSources,
  type OperationBehaviours,
  type OperationDefinition,
  type OperationEffect,
  type OperationId,
  type OperationInput,
  type OperationKind,
  type OperationOutput,
  objectEventNames,
  operationIds,
  type PagingBehaviour,
  type PayloadSchemaSource,
  type ReportColumnType,
  type ReportFieldFilter,
  type ReportFilterContainer,
  type ReportFilterOperator,
  type Resource,
  type ResourceDefinition,
  reportColumnTypes,
  reportFilterOperators,
  resources,
  type TriggerBehaviour,
  type VisibleWhen,
} from './catalogue/index.js';
export {
  type ConnectionSettings,
  type EnvironmentName,
  environments,
  type FormConnectionSettings,
  type ResolvedConnection,
  resolveConnection,
} from './connection.js';
export {
  type ApiErrorDetails,
  type ErrorCode,
  errorCodes,
  isWorkSpanError,
  type ValidationIssue,
  WorkSpanAbortedError,
  WorkSpanAnswerTooLargeError,
  WorkSpanApiError,
  WorkSpanAuthenticationError,
  WorkSpanBulkloadFailedError,
  WorkSpanBulkloadWaitTimeoutError,
  WorkSpanConnectionError,
  WorkSpanError,
  type WorkSpanErrorOptions,
  WorkSpanNotFoundError,
  WorkSpanOutcomeUnknownError,
  WorkSpanThrottledError,
  WorkSpanTimeoutError,
  WorkSpanValidationError,
} from './errors.js';
export {
  type DeliveryCheckOptions,
  defaultDeliveryMaxDepth,
  type IncomingDelivery,
} from './events/delivery-check.js';
export {
  createListDedupeStore,
  createMemoryDedupeStore,
  type DedupeListEntry,
  type DeliveryDedupeStore,
  redeliveryWindowMs,
} from './events/delivery-dedupe.js';
export {
  callbackTokenParameter,
  type DeliveryMetadata,
  defaultDeliveryBodyLimit,
  deliveryAsItem,
  deliveryHeaders,
  deliveryMetadataKey,
  type EventPayload,
  type ReceivedDelivery,
} from './events/delivery-protocol.js';
export {
  createDeliveryReceiver,
  type DeliveryReceiverOptions,
  type DeliveryRefusal,
  type DeliveryVerdict,
  receiveDelivery,
} from './events/receive-delivery.js';
export {
  buildCallbackUrl,
  createCallbackToken,
  type DesiredSubscription,
  deleteSubscription,
  desiredSubscription,
  type ListedSubscription,
  listSubscriptions,
  type Reconciliation,
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
export {
  compileEventFilter,
  describeEventFilter,
  type EventFilterAnd,
  type EventFilterComparison,
  type EventFilterComparisonOperator,
  type EventFilterCondition,
  type EventFilterContains,
  type EventFilterExists,
  type EventFilterExpression,
  type EventFilterFieldPath,
  type EventFilterInList,
  type EventFilterLiteral,
  type EventFilterNot,
  type EventFilterOr,
  EventFilterSyntaxError,
  evaluateEventFilter,
  maximumEventFilterNesting,
  parseEventFilter,
} from './filter-language/index.js';
export { ReportColumn, reportFilters } from './reports/report-filter-builder.js';
export { type ValidatedInput, validateInput } from './request/validate-input.js';
export { planRun, type RunMode, type RunPlan } from './run/plan-run.js';
export {
  isRunOptionShown,
  type RunOptionField,
  type RunOptionName,
  type RunOptions,
  runDefaults,
  runOptionFields,
} from './run/run-options.js';
export {
  type BulkloadState,
  type BulkloadSummary,
  bulkloadFailure,
  summarizeBulkload,
} from './shared-by-hosts/bulkload-outcome.js';
export {
  type DescribeFailureOptions,
  describeFailure,
  type FailureDescription,
  failureText,
} from './shared-by-hosts/describe-failure.js';
export { type FieldNamer, fieldNamers, type HostIssue, hostIssues } from './shared-by-hosts/field-names.js';
export { withFileFormat } from './shared-by-hosts/file-format.js';
export {
  type FieldSpecification,
  type HostSpecification,
  hostSpecification,
  type OperationSpecification,
} from './shared-by-hosts/host-specification.js';
export { type OutputField, outputFields } from './shared-by-hosts/output-fields.js';
export { inputFromHost } from './shared-by-hosts/values.js';
