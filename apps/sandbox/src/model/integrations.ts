import type { Integration, ObjectType } from './types.js';

/** Opportunity stages, in pipeline order. */
export const stages = [
  'prospecting',
  'qualification',
  'proposal',
  'negotiation',
  'closed',
  'won',
  'lost',
] as const;
export type Stage = (typeof stages)[number];

/** Fields that hold an id from an external system; GetExternalId lists the ones an object has. */
export const externalIdFields = [
  'sales_details.crm_opportunity_id',
  'account_info.external_account_id',
  'partner_center.referral_id',
] as const;

/** The external-id field used when UpdateExternalId gets no `field_name`. */
export const defaultExternalIdField: Record<ObjectType, string> = {
  opportunity: 'sales_details.crm_opportunity_id',
  account: 'account_info.external_account_id',
};

/** Field that ObjectAudit writes. */
export const auditField = 'partner_center.integration_status';

/** Long-id prefix of each object type. */
export const objectIdPrefix: Record<ObjectType, string> = {
  opportunity: 'WS-Project_',
  account: 'WS-Account_',
};

/** The integrations every seeded tenant has. */
export function defaultIntegrations(): Integration[] {
  return [
    {
      integration_id: 'WS-Integration_crm_opportunity',
      integration_type: 'crm_opportunity',
      name: 'CRM opportunities',
      description: 'Opportunities synchronised with the CRM; upserted by the CRM opportunity id.',
      object_type: 'opportunity',
      key_column: 'opportunity_id',
      columns: [
        {
          column: 'opportunity_id',
          field: 'sales_details.crm_opportunity_id',
          type: 'string',
          required: true,
        },
        { column: 'name', field: 'name', type: 'string', required: true },
        { column: 'stage', field: 'stage', type: 'enum', values: [...stages] },
        { column: 'amount', field: 'amount', type: 'number' },
        { column: 'close_date', field: 'close_date', type: 'date' },
        { column: 'partner', field: 'sales_details.partner', type: 'string' },
        { column: 'account_id', field: 'account_info.external_account_id', type: 'string' },
        { column: 'account_name', field: 'account_name', type: 'string' },
        { column: 'owner', field: 'owner', type: 'string' },
        { column: 'description', field: 'description', type: 'string' },
      ],
    },
    {
      integration_id: 'WS-Integration_crm_account',
      integration_type: 'crm_account',
      name: 'CRM accounts and leads',
      description: 'Accounts synchronised with the CRM; upserted by the CRM account id.',
      object_type: 'account',
      key_column: 'account_id',
      columns: [
        { column: 'account_id', field: 'account_info.external_account_id', type: 'string', required: true },
        { column: 'name', field: 'name', type: 'string', required: true },
        { column: 'industry', field: 'industry', type: 'string' },
        { column: 'country', field: 'country', type: 'string' },
        { column: 'website', field: 'website', type: 'string' },
        { column: 'employees', field: 'employees', type: 'number' },
      ],
    },
    {
      integration_id: 'WS-Integration_partner_center',
      integration_type: 'partner_center',
      name: 'Microsoft Partner Center',
      description: 'Co-sell referrals exchanged with Microsoft Partner Center; upserted by the referral id.',
      object_type: 'opportunity',
      key_column: 'referral_id',
      columns: [
        { column: 'referral_id', field: 'partner_center.referral_id', type: 'string', required: true },
        { column: 'name', field: 'name', type: 'string', required: true },
        { column: 'status', field: 'partner_center.referral_status', type: 'string' },
        { column: 'deal_value', field: 'amount', type: 'number' },
        { column: 'close_date', field: 'close_date', type: 'date' },
        { column: 'stage', field: 'stage', type: 'enum', values: [...stages] },
      ],
    },
  ];
}

export function keyField(integration: Integration): string {
  const key = integration.columns.find((c) => c.column === integration.key_column);
  if (!key) throw new Error(`integration ${integration.integration_id} has no key column`);
  return key.field;
}
