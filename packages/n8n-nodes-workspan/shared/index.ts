// The code both nodes and the credential share, bundled once with core so that one n8n process
// holds one copy (and one call budget per credential).

// Core itself and its internal entry, for the node and credential files: they import them by name,
// the build points here.
export * from '@workspan-kit/core';
export * from '@workspan-kit/core/internal';
export * from './access-token';
export * from './action-description';
export * from './batching';
export * from './client';
export * from './connection-properties';
export * from './field-properties';
export * from './form-names';
export * from './list-sources';
export * from './node-errors';
export * from './operation-form';
export * from './operation-input';
export * from './report-filter-form';
export * from './transport';
export * from './trigger-description';
export * from './trigger-state';
