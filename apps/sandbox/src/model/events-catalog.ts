import { objectEventNames } from '@workspan-kit/core/spec';
import { auditField, externalIdFields, stages } from './integrations.js';
import type { Integration } from './types.js';

export interface CollaborationEvent {
  name: string;
  description: string;
  /** The event's payload fields (all strings), with their descriptions. */
  properties: Record<string, string>;
}

/** The collaboration events GetEventList offers (the Subscribe trigger's dynamic values). */
export const collaborationEvents: readonly CollaborationEvent[] = [
  {
    name: 'task.assigned',
    description: 'A task was assigned to a member',
    properties: {
      task_id: 'Task id',
      task_title: 'Task title',
      assignee_id: 'Id of the member the task is assigned to',
      assignee_name: 'Name of the member the task is assigned to',
      assigned_by: 'Name of the member who assigned the task',
      due_date: 'Due date (YYYY-MM-DD)',
      object_id: 'WorkSpan object the task belongs to',
      object_name: 'Name of that object',
    },
  },
  {
    name: 'task.completed',
    description: 'A task was completed',
    properties: {
      task_id: 'Task id',
      task_title: 'Task title',
      completed_by: 'Name of the member who completed the task',
      completed_at: 'When the task was completed (ISO 8601)',
      object_id: 'WorkSpan object the task belongs to',
      object_name: 'Name of that object',
    },
  },
  {
    name: 'comment.added',
    description: 'A comment was added to an object',
    properties: {
      comment_id: 'Comment id',
      text: 'Comment text',
      author_id: 'Id of the author',
      author_name: 'Name of the author',
      object_id: 'WorkSpan object commented on',
      object_name: 'Name of that object',
    },
  },
  {
    name: 'member.added',
    description: 'A member was added to an object team',
    properties: {
      member_id: 'Id of the member',
      member_name: 'Name of the member',
      member_email: 'E-mail of the member',
      role: 'Role on the team',
      added_by: 'Name of the member who added them',
      object_id: 'WorkSpan object',
      object_name: 'Name of that object',
    },
  },
  {
    name: 'member.removed',
    description: 'A member was removed from an object team',
    properties: {
      member_id: 'Id of the member',
      member_name: 'Name of the member',
      removed_by: 'Name of the member who removed them',
      object_id: 'WorkSpan object',
      object_name: 'Name of that object',
    },
  },
  {
    name: 'object.shared',
    description: 'An object was shared with a partner',
    properties: {
      partner_id: 'Id of the partner company',
      partner_name: 'Name of the partner company',
      shared_by: 'Name of the member who shared it',
      object_id: 'WorkSpan object shared',
      object_name: 'Name of that object',
    },
  },
];

/** Object events (SubscribeObjectEvent's enum, core's `objectEventNames`, without `object.all` and `report.submit`). */
export const objectEvents = objectEventNames.filter(
  (name) => name !== 'object.all' && name !== 'report.submit',
);

export function findCollaborationEvent(name: string): CollaborationEvent | undefined {
  return collaborationEvents.find((e) => e.name === name);
}

const draft07 = 'http://json-schema.org/draft-07/schema#';

/**
 * Every payload field is a string, as the connector declares (`event_payload` /
 * `wsobject_event_payload`: additional properties of `#/definitions/field`, a string). Numbers and
 * booleans are sent as their JSON text, lists comma-separated, objects as JSON text.
 */
export function payloadValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((item) => payloadValue(item) ?? '').join(',');
  return JSON.stringify(value);
}

type PropertySchema = {
  type: 'string';
  title: string;
  description?: string;
  format?: string;
  enum?: string[];
};

function stringProperty(name: string, facts: Omit<PropertySchema, 'type' | 'title'> = {}): PropertySchema {
  return { type: 'string', title: name, ...facts };
}

/** JSON Schema (draft-07) of a collaboration event's payload: an object of strings. */
export function collaborationEventSchema(event: CollaborationEvent): Record<string, unknown> {
  const properties: Record<string, PropertySchema> = {};
  for (const [name, description] of Object.entries(event.properties))
    properties[name] = stringProperty(name, { description });
  return {
    $schema: draft07,
    title: event.name,
    description: event.description,
    type: 'object',
    properties,
  };
}

/** The payload of a collaboration event: the given data, held to the event's properties. */
export function collaborationEventPayload(
  event: CollaborationEvent,
  data: Record<string, unknown>,
): Record<string, string> {
  return project(data, Object.keys(event.properties));
}

/** The properties of object events for an integration, by payload field name. */
function objectEventProperties(integration: Integration): Record<string, PropertySchema> {
  const properties: Record<string, PropertySchema> = {
    object_id: stringProperty('object_id', { description: 'WorkSpan object id (long id)' }),
    object_type: stringProperty('object_type', { enum: [integration.object_type] }),
    event: stringProperty('event', { enum: [...objectEvents] }),
    integration_id: stringProperty('integration_id', { description: "The subscription's integration" }),
    changed_fields: stringProperty('changed_fields', {
      description: 'Fields changed by this event, comma-separated',
    }),
    previous_stage: stringProperty('previous_stage', {
      description: 'Stage before a stage change',
      enum: [...stages],
    }),
  };
  for (const column of integration.columns) {
    const facts: Omit<PropertySchema, 'type' | 'title'> = { description: `column '${column.column}'` };
    if (column.type === 'number') facts.format = 'number';
    else if (column.type === 'boolean') facts.format = 'boolean';
    else if (column.type === 'date') facts.format = 'date';
    if (column.type === 'enum' && column.values) facts.enum = column.values;
    properties[column.field] = stringProperty(column.field, facts);
  }
  for (const field of [...externalIdFields, auditField]) {
    properties[field] ??= stringProperty(field, {
      description: field === auditField ? 'Integration status written by ObjectAudit' : 'External id',
    });
  }
  return properties;
}

/** JSON Schema (draft-07) of the payload of object events for an integration: an object of strings. */
export function objectEventSchema(integration: Integration): Record<string, unknown> {
  return {
    $schema: draft07,
    title: `${integration.name} object event`,
    type: 'object',
    properties: objectEventProperties(integration),
    required: ['object_id', 'object_type', 'event'],
  };
}

/** The payload of an object event for a subscriber of `integration`: the schema's fields, as strings. */
export function objectEventPayload(
  integration: Integration,
  data: Record<string, unknown>,
): Record<string, string> {
  return project(data, Object.keys(objectEventProperties(integration)));
}

function project(data: Record<string, unknown>, names: readonly string[]): Record<string, string> {
  const payload: Record<string, string> = {};
  for (const name of names) {
    const value = payloadValue(data[name]);
    if (value !== undefined) payload[name] = value;
  }
  return payload;
}
