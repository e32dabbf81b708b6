export * from './dispatch-envelope.js';
export { kebabCase } from './kebab-case.js';
export { FieldTextError, listFromText, valueFromText } from './values-from-text.js';
