export * from './events/delivery-protocol.js';
export * from './events/filter-language/index.js';
