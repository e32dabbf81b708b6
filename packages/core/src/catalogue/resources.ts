import type { Resource } from './operation.js';

export interface ResourceDefinition {
  id: Resource;
  /** Title-case name for menus ("Bulk Load"). */
  displayName: string;
  description: string;
}

/** The groups hosts show operations in (n8n's Resource, the CLI's command groups), in menu order. */
export const resources: readonly ResourceDefinition[] = [
  {
    id: 'bulkLoad',
    displayName: 'Bulk Load',
    description: 'Load CSV, JSON or Excel data into a WorkSpan integration and follow the load.',
  },
  {
    id: 'object',
    displayName: 'Object',
    description: 'Read and update WorkSpan objects: external ids and audit entries.',
  },
  { id: 'report', displayName: 'Report', description: 'List reports and read their rows.' },
  { id: 'event', displayName: 'Event', description: 'Subscribe to WorkSpan events.' },
  { id: 'metadata', displayName: 'Metadata', description: 'Integrations, events and their schemas.' },
  { id: 'subscription', displayName: 'Subscription', description: 'Read and delete event subscriptions.' },
];

export function getResource(id: Resource): ResourceDefinition {
  const resource = resources.find((candidate) => candidate.id === id);
  if (!resource) throw new Error(`Unknown resource "${id}"`);
  return resource;
}
