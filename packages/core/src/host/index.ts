export * from './bulkload-outcome.js';
export * from './field-names.js';
export * from './file-format.js';
export * from './follow-up-fields.js';
export * from './host-specification.js';
export * from './output-fields.js';
export * from './read-pages.js';
export * from './values.js';
