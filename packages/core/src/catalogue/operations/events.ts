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

const subscribeResponse = z.looseObject({
  subscriber_id: z.string().describe('The id of the new subscription; keep it to read or delete it.'),
});

const exampleCallbackUrl = 'https://hooks.example.com/workspan?token=3f9c2a7be41d4c0f8a6b5e1d2c3b4a59';
const subscriberName = 'Name assigned to the webhook; it identifies the subscription in WorkSpan.';
const howToCheck =
  'A subscription may have been created: look for it by name in WorkSpan (or ReadSubscriber with a known id) before subscribing again.';

export const subscribe = defineOperation({
  id: 'Subscribe',
  kind: 'trigger',
  resource: 'event',
  key: 'collaborationEvent',
  name: 'On Collaboration Event',
  actionSentence: 'Subscribe to a collaboration event',
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
  effect: 'add',
  howToCheck,
  behaviours: {
    trigger: {
      events: { listSource: 'events' },
      eventField: 'event',
      callbackUrlField: 'callbackUrl',
      payloadSchema: { operation: 'GetEventSchema', parameters: { event: 'event' }, valuePath: 'schema' },
    },
  },
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
  example: {
    event: 'task.assigned',
    name: 'Task assigned — notify the assignee',
    filters: '(assignee_name = "Dana Scott")',
    callbackUrl: exampleCallbackUrl,
  },
  output: subscribeResponse,
});

export const subscribeObjectEvent = defineOperation({
  id: 'SubscribeObjectEvent',
  kind: 'trigger',
  resource: 'event',
  key: 'objectEvent',
  name: 'On Object Event',
  actionSentence: 'Subscribe to object events of an integration',
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
  effect: 'add',
  howToCheck,
  behaviours: {
    trigger: {
      events: objectEventNames,
      eventField: 'events',
      callbackUrlField: 'callbackUrl',
      payloadSchema: {
        operation: 'GetObjectEventSchema',
        parameters: { integration_id: 'integrationId' },
        valuePath: 'schema',
      },
    },
  },
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
  example: {
    integrationId: 'WS-Integration_crm_opportunity',
    events: ['object.stage_change'],
    name: 'Deal stage changed — sync to CRM',
    filters: '(stage in ["closed", "won", "lost"]) AND (sales_details.partner = "P1")',
    callbackUrl: exampleCallbackUrl,
  },
  output: subscribeResponse,
});

export const submitToPartnerCenterObjectEvent = defineOperation({
  id: 'SubmitToPartnerCenterObjectEvent',
  kind: 'trigger',
  resource: 'event',
  key: 'partnerCenterReferralSubmit',
  name: 'On Partner Center Referral Submit',
  actionSentence: 'Subscribe to referrals submitted to Microsoft Partner Center',
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
  effect: 'add',
  howToCheck,
  behaviours: {
    trigger: {
      events: ['object.partner_center_referral_submit'],
      callbackUrlField: 'callbackUrl',
      payloadSchema: {
        operation: 'GetObjectEventSchema',
        parameters: { integration_id: 'integrationId' },
        valuePath: 'schema',
      },
    },
  },
  fields: {
    integrationId: integrationIdField('body', 'The Partner Center integration configured in WorkSpan.'),
    name: subscriberNameField(subscriberName),
    callbackUrl: callbackUrlField(),
  },
  example: {
    integrationId: 'WS-Integration_partner_center',
    name: 'Referral submitted — send to Partner Center',
    callbackUrl: exampleCallbackUrl,
  },
  output: subscribeResponse,
});

const schemaResponse = z.looseObject({
  schema: z
    .record(z.string(), z.unknown())
    .describe('The payload schema: each field a delivery of this event carries, declared a string.'),
});

export const getEventList = defineOperation({
  id: 'GetEventList',
  kind: 'internal',
  resource: 'metadata',
  key: 'listEvents',
  name: 'List Events',
  actionSentence: 'List the collaboration events',
  title: 'Get list of events',
  description: 'List the WorkSpan collaboration events that can be subscribed to.',
  http: { method: 'GET', path: '/event/v1/metadata/event', body: 'none' },
  creates: false,
  effect: 'read',
  behaviours: {},
  fields: {},
  example: {},
  output: z.looseObject({
    events: z
      .array(
        z.looseObject({
          name: z.string().describe('The event name to subscribe with.'),
          description: z.string().optional().describe('What the event is about.'),
        }),
      )
      .describe('The collaboration events.'),
  }),
});

export const getEventSchema = defineOperation({
  id: 'GetEventSchema',
  kind: 'internal',
  resource: 'metadata',
  key: 'getEventSchema',
  name: 'Get Event Schema',
  actionSentence: 'Get the payload schema of a collaboration event',
  title: 'Get schema of collaboration event',
  description: 'Get the payload schema of a WorkSpan collaboration event.',
  http: { method: 'GET', path: '/event/v1/metadata/event/{event}', body: 'none' },
  creates: false,
  effect: 'read',
  behaviours: {},
  fields: {
    event: field(identifier('a collaboration event name from GetEventList'), {
      in: 'path',
      wireName: 'event',
      label: 'Event Name',
      description: 'Name of the collaboration event.',
      listSource: 'events',
    }),
  },
  example: { event: 'task.assigned' },
  output: schemaResponse,
});

export const getIntegrationList = defineOperation({
  id: 'GetIntegrationList',
  kind: 'internal',
  resource: 'metadata',
  key: 'listIntegrations',
  name: 'List Integrations',
  actionSentence: 'List the integrations',
  title: 'Get list of integrations',
  description: 'List the integrations configured in WorkSpan.',
  http: { method: 'GET', path: '/event/v1/metadata/integration', body: 'none' },
  creates: false,
  effect: 'read',
  behaviours: {},
  fields: {},
  example: {},
  output: z.looseObject({
    integrations: z
      .array(
        z.looseObject({
          integration_id: z.string().describe('The id other operations take.'),
          integration_type: z.string().optional().describe('What kind of integration it is.'),
          name: z.string().optional().describe('Its name in WorkSpan.'),
          description: z.string().optional().describe('What it is for.'),
        }),
      )
      .describe('The integrations of the environment.'),
  }),
});

export const getObjectEventSchema = defineOperation({
  id: 'GetObjectEventSchema',
  kind: 'internal',
  resource: 'metadata',
  key: 'getObjectEventSchema',
  name: 'Get Object Event Schema',
  actionSentence: 'Get the payload schema of the object events of an integration',
  title: 'Get schema of object event',
  description: 'Get the payload schema of the object events of an integration.',
  http: { method: 'GET', path: '/event/v1/metadata/integration/{integration_id}', body: 'none' },
  creates: false,
  effect: 'read',
  behaviours: {},
  fields: {
    integrationId: integrationIdField('path', 'Integration Id of the object event integration.'),
  },
  example: { integrationId: 'WS-Integration_crm_opportunity' },
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
  key: 'read',
  name: 'Get',
  actionSentence: 'Get a subscription',
  title: 'Read subscriber information',
  description: 'Read the details of a subscription.',
  http: { method: 'GET', path: '/event/v1/subscriber/{subscriber_id}', body: 'none' },
  creates: false,
  effect: 'read',
  behaviours: {},
  fields: { subscriberId: subscriberIdField },
  example: { subscriberId: 'sub_4b1e7f' },
  output: z.looseObject({
    subscriber_id: z.string().optional().describe('The subscription id.'),
    name: z.string().optional().describe('The name given when subscribing.'),
    objectids: z.array(z.string()).optional().describe('The objects watched; empty for all.'),
    event: z
      .union([z.array(z.string()), z.string()])
      .optional()
      .describe('The event or events subscribed to.'),
    filters: z.string().optional().describe('The event filter, if any.'),
    integraion_id: z
      .string()
      .optional()
      .describe('The integration watched (the connector spells the field this way).'),
    subscriber_type: z.string().optional().describe('Always webhook.'),
  }),
});

export const deleteSubscriber = defineOperation({
  id: 'DeleteSubscriber',
  kind: 'internal',
  resource: 'subscription',
  key: 'delete',
  name: 'Delete',
  actionSentence: 'Delete a subscription',
  title: 'Delete subscriber',
  description: 'Delete a subscription, so WorkSpan stops delivering its events.',
  http: { method: 'DELETE', path: '/event/v1/subscriber/{subscriber_id}', body: 'none' },
  creates: false,
  effect: 'remove',
  behaviours: {},
  fields: { subscriberId: subscriberIdField },
  example: { subscriberId: 'sub_4b1e7f' },
  output: z.looseObject({}),
});
