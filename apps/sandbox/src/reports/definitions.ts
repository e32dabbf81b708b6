import type { Person, Report, ReportColumn } from '../model/types.js';

const people: Person[] = [
  { id: 'WS-User_alex.kim', name: 'Alex Kim' },
  { id: 'WS-User_priya.nair', name: 'Priya Nair' },
  { id: 'WS-User_sam.oconnor', name: "Sam O'Connor" },
];
const [alex, priya, sam] = people as [Person, Person, Person];

const opportunityColumns: ReportColumn[] = [
  { colId: 'object_id', field: 'object_id', type: 'TEXT', label: 'WorkSpan id' },
  { colId: 'name', field: 'name', type: 'TEXT', label: 'Opportunity' },
  { colId: 'stage', field: 'stage', type: 'TEXT', label: 'Stage' },
  { colId: 'amount', field: 'amount', type: 'CURRENCY', label: 'Amount' },
  { colId: 'close_date', field: 'close_date', type: 'DATE', label: 'Close date' },
  { colId: 'partner', field: 'sales_details.partner', type: 'TEXT', label: 'Partner' },
  { colId: 'crm_id', field: 'sales_details.crm_opportunity_id', type: 'TEXT', label: 'CRM id' },
  { colId: 'account_name', field: 'account_name', type: 'TEXT', label: 'Account' },
  { colId: 'owner', field: 'owner', type: 'TEXT', label: 'Owner' },
  { colId: 'updated_at', field: 'updated_at', type: 'DATE_TIME', label: 'Last modified' },
];

const pick = (...ids: string[]): ReportColumn[] =>
  ids.map((id) => {
    const column = opportunityColumns.find((c) => c.colId === id);
    if (!column) throw new Error(`no column ${id}`);
    return column;
  });

/** The reports every seeded tenant has (ids 1001…1006). */
export function defaultReports(): Report[] {
  const at = (day: number) => new Date(Date.UTC(2025, 0, day, 9, 30)).toISOString();
  return [
    {
      id: 1001,
      name: 'All opportunities',
      description: 'Every co-sell opportunity with stage, amount, close date and partner.',
      reportStatus: 'PUBLISHED',
      createdAt: at(6),
      createdBy: alex,
      modifiedAt: at(20),
      modifiedBy: priya,
      object_type: 'opportunity',
      columns: opportunityColumns,
    },
    {
      id: 1002,
      name: 'Open pipeline',
      description: 'Opportunities not yet closed, won or lost.',
      reportStatus: 'PUBLISHED',
      createdAt: at(7),
      createdBy: priya,
      modifiedAt: at(7),
      modifiedBy: priya,
      object_type: 'opportunity',
      columns: pick('object_id', 'name', 'stage', 'amount', 'close_date', 'partner', 'owner'),
      base_filter: {
        op: 'AND',
        fieldFilters: [
          {
            colId: 'stage',
            type: 'TEXT',
            filter: { op: 'IN', negate: true, values: ['closed', 'won', 'lost'] },
          },
        ],
      },
    },
    {
      id: 1003,
      name: 'Won deals',
      description: 'Opportunities in stage won, with the partner that influenced them.',
      reportStatus: 'PUBLISHED',
      createdAt: at(8),
      createdBy: sam,
      modifiedAt: at(15),
      modifiedBy: alex,
      object_type: 'opportunity',
      columns: pick('object_id', 'name', 'stage', 'amount', 'close_date', 'partner', 'account_name'),
      base_filter: {
        op: 'AND',
        fieldFilters: [{ colId: 'stage', type: 'TEXT', filter: { op: 'EQUAL_TO', value: 'won' } }],
      },
    },
    {
      id: 1004,
      name: 'Partner Center referrals',
      description:
        'Opportunities linked to a Microsoft Partner Center referral and their integration status.',
      reportStatus: 'PUBLISHED',
      createdAt: at(9),
      createdBy: alex,
      modifiedAt: at(9),
      modifiedBy: alex,
      object_type: 'opportunity',
      columns: [
        ...pick('object_id', 'name', 'stage', 'amount'),
        { colId: 'referral_id', field: 'partner_center.referral_id', type: 'TEXT', label: 'Referral id' },
        {
          colId: 'referral_status',
          field: 'partner_center.referral_status',
          type: 'TEXT',
          label: 'Referral status',
        },
        {
          colId: 'integration_status',
          field: 'partner_center.integration_status',
          type: 'TEXT',
          label: 'Integration status',
        },
      ],
      base_filter: {
        op: 'AND',
        fieldFilters: [{ colId: 'referral_id', type: 'TEXT', filter: { op: 'IS_EMPTY', negate: true } }],
      },
    },
    {
      id: 1005,
      name: 'Accounts',
      description: 'Customer accounts with their CRM account id.',
      reportStatus: 'PUBLISHED',
      createdAt: at(10),
      createdBy: priya,
      modifiedAt: at(12),
      modifiedBy: sam,
      object_type: 'account',
      columns: [
        { colId: 'object_id', field: 'object_id', type: 'TEXT', label: 'WorkSpan id' },
        { colId: 'name', field: 'name', type: 'TEXT', label: 'Account' },
        {
          colId: 'crm_account_id',
          field: 'account_info.external_account_id',
          type: 'TEXT',
          label: 'CRM account id',
        },
        { colId: 'industry', field: 'industry', type: 'TEXT', label: 'Industry' },
        { colId: 'country', field: 'country', type: 'TEXT', label: 'Country' },
        { colId: 'employees', field: 'employees', type: 'NUMBER', label: 'Employees' },
        { colId: 'website', field: 'website', type: 'TEXT', label: 'Website' },
      ],
    },
    {
      id: 1006,
      name: 'Closing soon (draft)',
      description: 'Open opportunities by close date; work in progress.',
      reportStatus: 'DRAFT',
      createdAt: at(21),
      createdBy: sam,
      modifiedAt: at(22),
      modifiedBy: sam,
      object_type: 'opportunity',
      columns: [
        ...pick('object_id', 'name', 'stage', 'amount'),
        { colId: 'close_date', field: 'close_date', type: 'DATE_OFFSET', label: 'Close date' },
      ],
      base_filter: {
        op: 'AND',
        fieldFilters: [
          {
            colId: 'stage',
            type: 'TEXT',
            filter: { op: 'IN', negate: true, values: ['closed', 'won', 'lost'] },
          },
        ],
      },
    },
  ];
}
