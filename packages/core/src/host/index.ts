export * from './answer-list.js';
export * from './bulkload-outcome.js';
export * from './choice-labels.js';
export * from './connection-problem.js';
export * from './describe-failure.js';
export * from './dispatch-envelope.js';
export * from './field-names.js';
export * from './file-format.js';
export * from './host-specification.js';
export * from './output-fields.js';

export * from './values.js';
