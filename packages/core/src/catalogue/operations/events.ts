import { z } from 'zod';
import {
  callbackUrlField,
  eventFilterField,
  identifier,
  integrationIdField,
  objectIdsField,
  subscriberNameField,
} from '../common-fields.js';
import { field } from '../field.js';
import { defineOperation } from '../operation.js';

export const objectEventNames = [
  'object.all',
  'object.create',
  'object.update',
  'object.delete',
  'object.stage_change',
  'object.partner_center_referral_submit',
  'report.submit',
] as const;

const subscribeResponse = z.looseObject({ subscriber_id: z.string() });
const subscriberName = 'Name assigned to the webhook; it identifies the subscription in WorkSpan.';
const howToCheck =
  'A subscription may have been created: look for it by name in WorkSpan (or ReadSubscriber with a known id) before subscribing again.';

export const subscribe = defineOperation({
  id: 'Subscribe',
  kind: 'trigger',
  resource: 'event',
  action: 'collaborationEvent',
  title: 'Subscribe to WorkSpan Collaboration Events',
  description:
    'Subscribe to collaboration events such as creates and updates on membership, tasks and comments to drive communication with your internal and partner network.',
  http: {
    method: 'POST',
    path: '/event/v1/subscriber',
    body: 'json',
    constants: { subscriber_type: 'webhook' },
  },
  creates: true,
  howToCheck,
  triggerEvents: 'The collaboration event chosen, from GetEventList.',
  fields: {
    event: field(identifier('a collaboration event name from GetEventList'), {
      in: 'body',
      wireName: 'event',
      label: 'Event Name',
      description: 'The collaboration event to subscribe to.',
      listSource: 'events',
    }),
    name: subscriberNameField(subscriberName),
    objectIds: objectIdsField(),
    filters: eventFilterField(),
    callbackUrl: callbackUrlField(),
  },
  output: subscribeResponse,
});

export const subscribeObjectEvent = defineOperation({
  id: 'SubscribeObjectEvent',
  kind: 'trigger',
  resource: 'event',
  action: 'objectEvent',
  title: 'Subscribe to WorkSpan Object Events',
  description:
    'Subscribe to object events such as creates and updates on opportunities to increase the visibility of your partner influence.',
  http: {
    method: 'POST',
    path: '/event/v1/subscriber/object_integration_event',
    routedPath: '/event/v1/subscriber',
    body: 'json',
    constants: { subscriber_type: 'webhook' },
  },
  creates: true,
  howToCheck,
  triggerEvents: objectEventNames.join(', '),
  fields: {
    integrationId: integrationIdField(
      'body',
      'The integration configured in WorkSpan whose objects are watched.',
    ),
    events: field(
      z
        .array(z.enum(objectEventNames, { error: `one of ${objectEventNames.join(', ')}` }), {
          error: 'a list of object events',
        })
        .min(1, { error: 'at least one object event' })
        .default(['object.all']),
      {
        in: 'body',
        wireName: 'event',
        label: 'Events',
        description: 'Object events to subscribe to.',
      },
    ),
    name: subscriberNameField(subscriberName),
    objectIds: objectIdsField(),
    filters: eventFilterField(),
    callbackUrl: callbackUrlField(),
  },
  output: subscribeResponse,
});

export const submitToPartnerCenterObjectEvent = defineOperation({
  id: 'SubmitToPartnerCenterObjectEvent',
  kind: 'trigger',
  resource: 'event',
  action: 'partnerCenterReferralSubmit',
  title: 'Submit Referral to Microsoft Partner Center from WorkSpan',
  description: 'Fires when a WorkSpan user asks to submit an opportunity to Microsoft Partner Center.',
  http: {
    method: 'POST',
    path: '/event/v1/subscriber/submit_to_partner_center',
    routedPath: '/event/v1/subscriber',
    body: 'json',
    constants: { subscriber_type: 'webhook', event: 'object.partner_center_referral_submit' },
  },
  creates: true,
  howToCheck,
  triggerEvents: 'object.partner_center_referral_submit',
  fields: {
    integrationId: integrationIdField('body', 'The Partner Center integration configured in WorkSpan.'),
    name: subscriberNameField(subscriberName),
    callbackUrl: callbackUrlField(),
  },
  output: subscribeResponse,
});

const schemaResponse = z.looseObject({ schema: z.record(z.string(), z.unknown()) });

export const getEventList = defineOperation({
  id: 'GetEventList',
  kind: 'internal',
  resource: 'metadata',
  action: 'listEvents',
  title: 'Get list of events',
  description: 'List the WorkSpan collaboration events that can be subscribed to.',
  http: { method: 'GET', path: '/event/v1/metadata/event', body: 'none' },
  creates: false,
  fields: {},
  output: z.looseObject({
    events: z.array(z.looseObject({ name: z.string(), description: z.string().optional() })),
  }),
});

export const getEventSchema = defineOperation({
  id: 'GetEventSchema',
  kind: 'internal',
  resource: 'metadata',
  action: 'getEventSchema',
  title: 'Get schema of collaboration event',
  description: 'Get the payload schema of a WorkSpan collaboration event.',
  http: { method: 'GET', path: '/event/v1/metadata/event/{event}', body: 'none' },
  creates: false,
  fields: {
    event: field(identifier('a collaboration event name from GetEventList'), {
      in: 'path',
      wireName: 'event',
      label: 'Event Name',
      description: 'Name of the collaboration event.',
      listSource: 'events',
    }),
  },
  output: schemaResponse,
});

export const getIntegrationList = defineOperation({
  id: 'GetIntegrationList',
  kind: 'internal',
  resource: 'metadata',
  action: 'listIntegrations',
  title: 'Get list of integrations',
  description: 'List the integrations configured in WorkSpan.',
  http: { method: 'GET', path: '/event/v1/metadata/integration', body: 'none' },
  creates: false,
  fields: {},
  output: z.looseObject({
    integrations: z.array(
      z.looseObject({
        integration_id: z.string(),
        integration_type: z.string().optional(),
        name: z.string().optional(),
        description: z.string().optional(),
      }),
    ),
  }),
});

export const getObjectEventSchema = defineOperation({
  id: 'GetObjectEventSchema',
  kind: 'internal',
  resource: 'metadata',
  action: 'getObjectEventSchema',
  title: 'Get schema of object event',
  description: 'Get the payload schema of the object events of an integration.',
  http: { method: 'GET', path: '/event/v1/metadata/integration/{integration_id}', body: 'none' },
  creates: false,
  fields: {
    integrationId: integrationIdField('path', 'Integration Id of the object event integration.'),
  },
  output: schemaResponse,
});

const subscriberIdField = field(identifier('a subscriber id assigned by WorkSpan'), {
  in: 'path',
  wireName: 'subscriber_id',
  label: 'Subscriber ID',
  description: 'Subscriber id assigned by WorkSpan when subscribing.',
});

export const readSubscriber = defineOperation({
  id: 'ReadSubscriber',
  kind: 'internal',
  resource: 'subscription',
  action: 'read',
  title: 'Read subscriber information',
  description: 'Read the details of a subscription.',
  http: { method: 'GET', path: '/event/v1/subscriber/{subscriber_id}', body: 'none' },
  creates: false,
  fields: { subscriberId: subscriberIdField },
  output: z.looseObject({
    subscriber_id: z.string().optional(),
    name: z.string().optional(),
    objectids: z.array(z.string()).optional(),
    event: z.union([z.array(z.string()), z.string()]).optional(),
    filters: z.string().optional(),
    integraion_id: z.string().optional(),
    subscriber_type: z.string().optional(),
  }),
});

export const deleteSubscriber = defineOperation({
  id: 'DeleteSubscriber',
  kind: 'internal',
  resource: 'subscription',
  action: 'delete',
  title: 'Delete subscriber',
  description: 'Delete a subscription, so WorkSpan stops delivering its events.',
  http: { method: 'DELETE', path: '/event/v1/subscriber/{subscriber_id}', body: 'none' },
  creates: false,
  fields: { subscriberId: subscriberIdField },
  output: z.looseObject({}),
});
