/**
 * The expression tree a filter parses into. Plain data (no classes, no source positions), so
 * trees compare with deep equality and survive JSON round-trips.
 */

/** A literal written in the filter. */
export type EventFilterLiteral = string | number | boolean | null;

/**
 * A field path split at its dots: `sales_details.partner` is `['sales_details', 'partner']`.
 * A backtick-quoted segment may itself contain dots and is then looked up as one key.
 */
export type EventFilterFieldPath = readonly string[];

export type EventFilterComparisonOperator = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** `field = value`, `field != value`, `field > value`, ... */
export interface EventFilterComparison {
  kind: 'comparison';
  field: EventFilterFieldPath;
  operator: EventFilterComparisonOperator;
  value: EventFilterLiteral;
}

/** `field in [...]`, or `field not in [...]` when negated. */
export interface EventFilterInList {
  kind: 'in';
  field: EventFilterFieldPath;
  values: readonly EventFilterLiteral[];
  negated: boolean;
}

/** `field contains value`, or `field not contains value` when negated. */
export interface EventFilterContains {
  kind: 'contains';
  field: EventFilterFieldPath;
  value: EventFilterLiteral;
  negated: boolean;
}

/** `field exists`, or `field not exists` when negated. */
export interface EventFilterExists {
  kind: 'exists';
  field: EventFilterFieldPath;
  negated: boolean;
}

/** `NOT operand`. */
export interface EventFilterNot {
  kind: 'not';
  operand: EventFilterExpression;
}

/** `a AND b AND ...`: one node per chain, so long chains need no deep recursion. */
export interface EventFilterAnd {
  kind: 'and';
  operands: readonly EventFilterExpression[];
}

/** `a OR b OR ...`: one node per chain. */
export interface EventFilterOr {
  kind: 'or';
  operands: readonly EventFilterExpression[];
}

/** A test of a single field. */
export type EventFilterCondition =
  | EventFilterComparison
  | EventFilterInList
  | EventFilterContains
  | EventFilterExists;

export type EventFilterExpression = EventFilterCondition | EventFilterNot | EventFilterAnd | EventFilterOr;
