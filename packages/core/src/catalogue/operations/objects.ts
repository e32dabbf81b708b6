import { z } from 'zod';
import { identifier, lengthLimits, objectIdField, optionalIntegrationIdField } from '../common-fields.js';
import { field } from '../field.js';
import { defineOperation } from '../operation.js';

const externalIdSchema = identifier('an id from the external system (e.g. a CRM id)');

export const objectAudit = defineOperation({
  id: 'ObjectAudit',
  kind: 'action',
  resource: 'object',
  key: 'addAudit',
  name: 'Add Audit Entry',
  actionSentence: 'Record an integration status on an object',
  title: 'Add Audit information to WorkSpan Object',
  description: 'Record an integration status and message in the audit log of a WorkSpan object.',
  http: { method: 'PATCH', path: '/app/v1/object/{object_id}/audit', body: 'json' },
  creates: true,
  effect: 'replace',
  howToCheck:
    'Check the object in WorkSpan (its partner_center.integration_status field) before recording it again.',
  behaviours: {},
  fields: {
    objectId: objectIdField(
      'Object ID (long ID) of the WorkSpan object to update with the integration status.',
    ),
    fieldName: field(
      z
        .enum(['partner_center.integration_status'], { error: 'partner_center.integration_status' })
        .default('partner_center.integration_status'),
      {
        in: 'body',
        wireName: 'field_name',
        label: 'Field Name',
        description: 'Audit field of the WorkSpan object.',
      },
    ),
    statusCode: field(
      z.enum(['SCHEDULED', 'CREATE_FAILED', 'UPDATE_FAILED', 'LINKED'], {
        error: 'one of SCHEDULED, CREATE_FAILED, UPDATE_FAILED, LINKED',
      }),
      {
        in: 'body',
        wireName: 'status_code',
        label: 'Status Code',
        description: 'Code representing the status of the audit request.',
      },
    ),
    message: field(
      z
        .string({ error: 'a message for the audit log' })
        .min(1, { error: 'a message for the audit log (not empty)' })
        .max(lengthLimits.text, { error: `a message of at most ${lengthLimits.text} characters` }),
      {
        in: 'body',
        wireName: 'message',
        label: 'Message',
        description: 'Additional information to record in the audit log.',
        multiline: true,
      },
    ),
    integrationId: optionalIntegrationIdField('body', 'Integration Id (long ID) of the related integration.'),
    externalId: field(externalIdSchema.optional(), {
      in: 'body',
      wireName: 'external_id',
      label: 'External ID',
      description: 'ID from the external system (for example the CRM id).',
    }),
  },
  example: {
    objectId: 'WS-Project_agpzfndzLWF',
    fieldName: 'partner_center.integration_status',
    statusCode: 'LINKED',
    message: 'Linked to CRM opportunity 006ACME0001',
    integrationId: 'WS-Integration_crm_opportunity',
    externalId: '006ACME0001',
  },
  output: z.looseObject({
    object_id: z.string().optional().describe('The object the entry was recorded on.'),
    field_name: z.string().optional().describe('The audit field written.'),
    status_code: z.string().optional().describe('The status recorded.'),
  }),
});

export const updateExternalId = defineOperation({
  id: 'UpdateExternalId',
  kind: 'action',
  resource: 'object',
  key: 'connectExternalId',
  name: 'Set External ID',
  actionSentence: 'Connect an external id to an object',
  title: 'Connect an external ID to a WorkSpan ID',
  description: "Update a WorkSpan object with the external application's primary unique identifier.",
  http: { method: 'PATCH', path: '/app/v1/object/{object_id}/external_id', body: 'json' },
  creates: false,
  effect: 'replace',
  behaviours: {},
  fields: {
    objectId: objectIdField('Object ID (long ID) of the WorkSpan object.'),
    externalId: field(externalIdSchema, {
      in: 'body',
      wireName: 'external_id',
      label: 'External ID',
      description: 'ID from the external system (for example the CRM id).',
    }),
    fieldName: field(
      identifier('a WorkSpan field name such as sales_details.crm_opportunity_id').optional(),
      {
        in: 'body',
        wireName: 'field_name',
        label: 'Field Name',
        description:
          "Field of the WorkSpan object that holds the external id. Empty: opportunity 'sales_details.crm_opportunity_id', account 'account_info.external_account_id'.",
        placeholder: 'sales_details.crm_opportunity_id',
        advanced: true,
      },
    ),
  },
  example: {
    objectId: 'WS-Project_agpzfndzLWF',
    externalId: '006ACME0001',
    fieldName: 'sales_details.crm_opportunity_id',
  },
  output: z.looseObject({
    object_id: z.string().optional().describe('The object updated.'),
    external_id: z.string().optional().describe('The external id stored.'),
    field_name: z.string().optional().describe('The field that holds it.'),
  }),
});

export const getExternalId = defineOperation({
  id: 'GetExternalId',
  kind: 'action',
  resource: 'object',
  key: 'getExternalId',
  name: 'Get External IDs',
  actionSentence: 'Get the external ids of an object',
  title: 'Get external ID for WorkSpan ID',
  description: "Get the external application's primary unique identifiers stored on a WorkSpan object.",
  http: { method: 'GET', path: '/app/v1/object/{object_id}/external_id', body: 'none' },
  creates: false,
  effect: 'read',
  behaviours: {},
  fields: {
    objectId: objectIdField('Object ID (long ID) of the WorkSpan object.'),
  },
  example: { objectId: 'WS-Project_agpzfndzLWF' },
  output: z.looseObject({
    object_id: z.string().optional().describe('The object read.'),
    external_ids: z
      .array(
        z.looseObject({
          field_name: z.string().optional().describe('The field holding the id.'),
          external_id: z.string().optional().describe('The id in the external system.'),
        }),
      )
      .optional()
      .describe('Each external id stored on the object.')
      .meta({ firstItemOutputs: true }),
  }),
});
