/**
 * The event filter language for WorkSpan event subscriptions, e.g.
 * `(stage in [ "closed", "won", "lost" ]) AND (sales_details.partner = "P1")`.
 * Pure TypeScript without imports, so hosts can bundle it anywhere.
 */
import { evaluateEventFilter } from './evaluate.js';
import { parseEventFilter } from './parser.js';

export { describeEventFilter } from './describe.js';
export { evaluateEventFilter } from './evaluate.js';
export { maximumEventFilterNesting, parseEventFilter } from './parser.js';
export { EventFilterSyntaxError } from './syntax-error.js';
export type {
  EventFilterAnd,
  EventFilterComparison,
  EventFilterComparisonOperator,
  EventFilterCondition,
  EventFilterContains,
  EventFilterExists,
  EventFilterExpression,
  EventFilterFieldPath,
  EventFilterInList,
  EventFilterLiteral,
  EventFilterNot,
  EventFilterOr,
} from './syntax-tree.js';

/** Parses once and returns a predicate; throws EventFilterSyntaxError right away on bad text. */
export function compileEventFilter(text: string): (record: Record<string, unknown>) => boolean {
  const expression = parseEventFilter(text);
  return (record) => evaluateEventFilter(expression, record);
}
