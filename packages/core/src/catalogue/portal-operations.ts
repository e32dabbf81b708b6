import { z } from 'zod';
import { defineOperation } from './operation.js';

/**
 * Calls that WorkSpan's developer portal documents and the connector's definition lacks. They are
 * kept out of `catalogue` on purpose: no host offers them as actions, the conformance matrix and
 * the catalogue's tests hold only the connector's operations, and core uses them only where it
 * falls back quietly when WorkSpan does not answer them (decision 18).
 */
export const listSubscribers = defineOperation({
  id: 'ListSubscribers',
  kind: 'internal',
  origin: 'portal',
  resource: 'subscription',
  key: 'list',
  name: 'List',
  actionSentence: 'List the subscriptions',
  title: 'List subscribers',
  description:
    "List a tenant's subscriptions (the developer portal's call; the connector has none that lists them).",
  http: { method: 'GET', path: '/event/v1/subscriber', body: 'none' },
  creates: false,
  effect: 'read',
  behaviours: {},
  fields: {},
  example: {},
  output: z
    .unknown()
    .describe(
      'The subscriptions, each as ReadSubscriber answers it; read by readSubscriberList, which takes a list or an object holding one.',
    ),
});

export const portalOperations = { ListSubscribers: listSubscribers } as const;

export type PortalOperationId = keyof typeof portalOperations;
