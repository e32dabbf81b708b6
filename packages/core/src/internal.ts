/**
 * `@workspan-kit/core/internal`: what the workspan-kit packages share beside the public entries,
 * such as naming helpers, GitHub's repository_dispatch envelope and limits, and constant-time
 * comparison. Not a public API: no semver promise, any release may change or remove a name.
 * Pure like `./spec` (no client, no I/O).
 */

export { fieldJsonSchema } from './catalogue/field.js';
export { portalOperations } from './catalogue/portal-operations.js';
export { parseReportDate } from './catalogue/report-filter-schema.js';
export { isLoopback } from './connection.js';
export { checkDelivery, constantTimeEqual } from './events/delivery-check.js';
export { callbackTokenDigest } from './events/receive-delivery.js';
export { callbackUrlWithoutToken } from './events/trigger-lifecycle.js';
export { Redactor } from './redact.js';
export { rowsToCsv } from './request/csv.js';
export { notFoundFields } from './run/not-found.js';
export { bulkloadRunOptions, pagingRunOptions } from './run/run-options.js';
export { answerList } from './shared-by-hosts/answer-list.js';
export { choiceLabel } from './shared-by-hosts/choice-labels.js';
export { connectionProblems, describeConnectionProblems } from './shared-by-hosts/connection-problem.js';
export {
  type DispatchEnvelope,
  dispatchEnvelopeSchema,
  dispatchEventType,
  repositoryDispatchLimits,
} from './shared-by-hosts/dispatch-envelope.js';
export { fieldLabel, kebabCase } from './shared-by-hosts/field-names.js';
export { fieldSpecification } from './shared-by-hosts/host-specification.js';
export { olderNodeMessage } from './shared-by-hosts/node-version.js';
export { fieldValueFromHost } from './shared-by-hosts/values.js';
