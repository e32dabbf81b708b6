import { type FieldDefinition, reportColumnTypes, reportFilterOperators } from '@workspan-kit/core';
import { choiceLabel } from '@workspan-kit/core/internal';
import type { INodeProperties } from 'n8n-workflow';
import { hostParameters } from './form-names';
import type { ParameterReader } from './operation-input';

/** The report filter as n8n parameters: a match (AND / OR) and a list of conditions. */
export function reportFilterProperties(field: FieldDefinition): INodeProperties[] {
  return [
    {
      displayName: 'Match',
      name: hostParameters.filterMatch,
      type: 'options',
      options: [
        { name: 'All Conditions (AND)', value: 'AND' },
        { name: 'Any Condition (OR)', value: 'OR' },
      ],
      default: 'AND',
      description: 'How the filter conditions combine',
    },
    {
      displayName: field.label,
      name: hostParameters.filterConditions,
      type: 'fixedCollection',
      typeOptions: { multipleValues: true },
      placeholder: 'Add Condition',
      default: {},
      description: 'Only rows that match these conditions on report columns',
      options: [
        {
          displayName: 'Condition',
          name: 'condition',
          values: [
            {
              displayName: 'Column',
              name: 'colId',
              type: 'string',
              default: '',
              placeholder: 'stage',
              description: 'The ID of the report column',
            },
            {
              displayName: 'Column Type',
              name: 'type',
              type: 'options',
              options: reportColumnTypes.map((type) => ({ name: choiceLabel(type), value: type })),
              default: 'TEXT',
            },
            {
              displayName: 'Operator',
              name: 'op',
              type: 'options',
              options: reportFilterOperators.map((op) => ({ name: choiceLabel(op), value: op })),
              default: 'EQUAL_TO',
            },
            {
              displayName: 'Value',
              name: 'value',
              type: 'string',
              default: '',
              hint: 'For In, several values separated by commas; for Between, the two bounds',
            },
            {
              displayName: 'Negate',
              name: 'negate',
              type: 'boolean',
              default: false,
              description: 'Whether to keep the rows that do not match instead',
            },
          ],
        },
      ],
    },
  ];
}

interface ConditionParameter {
  colId?: string;
  type?: string;
  op?: string;
  value?: string;
  negate?: boolean;
}

const numericTypes = new Set(['NUMBER', 'DECIMAL', 'CURRENCY']);

/** The form's filter conditions as core's report filter. */
export function readReportFilters(read: ParameterReader) {
  const conditions = (
    (read(hostParameters.filterConditions, {}) ?? {}) as { condition?: ConditionParameter[] }
  ).condition;
  if (!conditions || conditions.length === 0) return undefined;
  return {
    op: String(read(hostParameters.filterMatch, 'AND')),
    fieldFilters: conditions.map((condition) => {
      const type = condition.type ?? 'TEXT';
      const scalar = (text: string) =>
        numericTypes.has(type) && text.trim() !== '' && !Number.isNaN(Number(text))
          ? Number(text)
          : text.trim();
      const text = String(condition.value ?? '');
      const many = condition.op === 'IN' || condition.op === 'BETWEEN';
      return {
        colId: condition.colId ?? '',
        type,
        filter: {
          op: condition.op ?? 'EQUAL_TO',
          ...(condition.negate ? { negate: true } : {}),
          ...(condition.op === 'IS_EMPTY'
            ? {}
            : many
              ? { values: text.split(',').map(scalar) }
              : { value: condition.op === 'OFFSET' ? Number(text) : scalar(text) }),
        },
      };
    }),
  };
}
