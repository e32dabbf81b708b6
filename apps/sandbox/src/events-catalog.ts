import { objectEventNames } from '@workspan-kit/core/spec';
import { stages } from './integrations.js';
import type { Integration } from './model.js';

export interface CollaborationEvent {
  name: string;
  description: string;
  /** Names of the string properties of the event's data. */
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

/** JSON Schema (draft-07) of a collaboration event's data: an object of strings. */
export function collaborationEventSchema(event: CollaborationEvent): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, description] of Object.entries(event.properties)) {
    properties[name] = { type: 'string', title: name, description };
  }
  return {
    $schema: draft07,
    title: event.name,
    description: event.description,
    type: 'object',
    properties,
  };
}

/** JSON Schema (draft-07) of the data of object events for an integration. */
export function objectEventSchema(integration: Integration): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    object_id: { type: 'string', title: 'object_id', description: 'WorkSpan object id (long id)' },
    object_type: { type: 'string', title: 'object_type', enum: [integration.object_type] },
    event: { type: 'string', title: 'event', enum: [...objectEvents] },
    integration_id: { type: 'string', title: 'integration_id' },
    changed_fields: {
      type: 'array',
      title: 'changed_fields',
      description: 'Fields changed by this event',
      items: { type: 'string' },
    },
    previous_stage: {
      type: 'string',
      title: 'previous_stage',
      description: 'Stage before a stage change',
      enum: [...stages],
    },
  };
  for (const column of integration.columns) {
    const schema: Record<string, unknown> = { title: column.field, description: `column '${column.column}'` };
    if (column.type === 'number') schema.type = 'number';
    else if (column.type === 'boolean') schema.type = 'boolean';
    else {
      schema.type = 'string';
      if (column.type === 'date') schema.format = 'date';
      if (column.type === 'enum' && column.values) schema.enum = column.values;
    }
    properties[column.field] = schema;
  }
  return {
    $schema: draft07,
    title: `${integration.name} object event`,
    type: 'object',
    properties,
    required: ['object_id', 'object_type', 'event'],
  };
}
