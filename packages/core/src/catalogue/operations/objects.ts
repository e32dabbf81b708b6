import { z } from 'zod';
import { identifier, objectIdField, optionalIntegrationIdField } from '../common-fields.js';
import { field } from '../field.js';
import { defineOperation } from '../operation.js';

const externalIdSchema = z.string({ error: 'an id from the external system (e.g. a CRM id)' }).trim().min(1, {
  error: 'an id from the external system (e.g. a CRM id), not empty',
});

export const objectAudit = defineOperation({
  id: 'ObjectAudit',
  kind: 'action',
  resource: 'object',
  action: 'addAudit',
  title: 'Add Audit information to WorkSpan Object',
  description: 'Record an integration status and message in the audit log of a WorkSpan object.',
  http: { method: 'PATCH', path: '/app/v1/object/{object_id}/audit', body: 'json' },
  creates: true,
  howToCheck:
    'Check the object in WorkSpan (its partner_center.integration_status field) before recording it again.',
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
        .min(1, { error: 'a message for the audit log (not empty)' }),
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
  output: z.looseObject({
    object_id: z.string().optional(),
    field_name: z.string().optional(),
    status_code: z.string().optional(),
  }),
});

export const updateExternalId = defineOperation({
  id: 'UpdateExternalId',
  kind: 'action',
  resource: 'object',
  action: 'connectExternalId',
  title: 'Connect an external ID to a WorkSpan ID',
  description: "Update a WorkSpan object with the external application's primary unique identifier.",
  http: { method: 'PATCH', path: '/app/v1/object/{object_id}/external_id', body: 'json' },
  creates: false,
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
  output: z.looseObject({
    object_id: z.string().optional(),
    external_id: z.string().optional(),
    field_name: z.string().optional(),
  }),
});

export const getExternalId = defineOperation({
  id: 'GetExternalId',
  kind: 'action',
  resource: 'object',
  action: 'getExternalId',
  title: 'Get external ID for WorkSpan ID',
  description: "Get the external application's primary unique identifiers stored on a WorkSpan object.",
  http: { method: 'GET', path: '/app/v1/object/{object_id}/external_id', body: 'none' },
  creates: false,
  fields: {
    objectId: objectIdField('Object ID (long ID) of the WorkSpan object.'),
  },
  output: z.looseObject({
    object_id: z.string().optional(),
    external_ids: z
      .array(z.looseObject({ field_name: z.string().optional(), external_id: z.string().optional() }))
      .optional(),
  }),
});
