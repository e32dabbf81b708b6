import type {
  ReportColumnType,
  ReportFieldFilter,
  ReportFilterContainer,
  ReportFilterOperator,
} from '../catalogue/report-filter-schema.js';

type Scalar = string | number | boolean;

/** Conditions on one report column; `not` negates the next condition. */
export class ReportColumn {
  readonly #colId: string;
  readonly #type: ReportColumnType;
  #negate = false;

  constructor(colId: string, type: ReportColumnType = 'TEXT') {
    this.#colId = colId;
    this.#type = type;
  }

  get not(): this {
    this.#negate = !this.#negate;
    return this;
  }

  equals(value: Scalar) {
    return this.#make('EQUAL_TO', { value });
  }
  isEmpty() {
    return this.#make('IS_EMPTY', {});
  }
  contains(value: string) {
    return this.#make('CONTAIN', { value });
  }
  startsWith(value: string) {
    return this.#make('START_WITH', { value });
  }
  endsWith(value: string) {
    return this.#make('END_WITH', { value });
  }
  in(...values: Scalar[]) {
    return this.#make('IN', { values });
  }
  greaterThan(value: Scalar) {
    return this.#make('GREATER_THAN', { value });
  }
  lessThan(value: Scalar) {
    return this.#make('LESS_THAN', { value });
  }
  atLeast(value: Scalar) {
    return this.#make('GREATER_THAN_OR_EQUAL_TO', { value });
  }
  atMost(value: Scalar) {
    return this.#make('LESS_THAN_OR_EQUAL_TO', { value });
  }
  between(from: Scalar, to: Scalar) {
    return this.#make('BETWEEN', { values: [from, to] });
  }
  /** Dates within this many days from today (negative: in the past). */
  withinDays(days: number) {
    return this.#make('OFFSET', { value: days });
  }

  #make(op: ReportFilterOperator, operand: { value?: Scalar; values?: Scalar[] }): ReportFieldFilter {
    return {
      colId: this.#colId,
      type: this.#type,
      filter: { op, ...(this.#negate ? { negate: true } : {}), ...operand },
    };
  }
}

/** `reportFilters.and(column('stage').in('won', 'lost'), column('amount', 'NUMBER').atLeast(1000))` */
export const reportFilters = {
  column: (colId: string, type?: ReportColumnType) => new ReportColumn(colId, type),
  and: (...fieldFilters: ReportFieldFilter[]): ReportFilterContainer => ({ op: 'AND', fieldFilters }),
  or: (...fieldFilters: ReportFieldFilter[]): ReportFilterContainer => ({ op: 'OR', fieldFilters }),
};
