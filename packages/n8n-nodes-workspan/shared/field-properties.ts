import { type AnyOperation, describeField, type FieldDefinition } from '@workspan-kit/core';
import { choiceLabel } from '@workspan-kit/core/internal';
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { formatFromFileChoice, hostParameters, listSearchMethods, pickerModes } from './form-names';
import { reportFilterProperties } from './report-filter-form';

const n8nType = (kind: string): INodeProperties['type'] => {
  switch (kind) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'options':
      return 'options';
    case 'multiOptions':
      return 'multiOptions';
    case 'json':
      return 'json';
    default:
      return 'string';
  }
};

const emptyDefault = (type: INodeProperties['type']) =>
  type === 'number' ? 0 : type === 'boolean' ? false : type === 'multiOptions' ? [] : '';

/** One catalogue field as n8n parameters (most fields are one; files, data and report filters are more). */
export function fieldProperties(
  operation: AnyOperation,
  name: string,
  field: FieldDefinition,
): INodeProperties[] {
  const facts = describeField(field);
  const base = { displayName: field.label, name, description: field.description };
  if (field.in === 'file') {
    return [
      {
        displayName: 'Input Binary Field',
        name: hostParameters.binaryProperty,
        type: 'string',
        default: 'data',
        required: true,
        hint: 'The name of the input binary field holding the file to upload',
        description: field.description,
      },
    ];
  }
  if (field.kind === 'data') {
    return [
      {
        displayName: 'Data Source',
        name: hostParameters.dataSource,
        type: 'options',
        options: [
          { name: 'Rows From Input Items', value: 'items', description: 'Each input item is one row' },
          { name: 'Text', value: 'text', description: 'CSV or JSON text typed or mapped in' },
        ],
        default: 'items',
        description: field.description,
      },
      {
        displayName: 'Loads',
        name: hostParameters.rowsPerLoad,
        type: 'options',
        options: [
          { name: 'One Load for All Items', value: 'allItems' },
          { name: 'One Load per Item', value: 'eachItem' },
        ],
        default: 'allItems',
        description: 'Whether all input items go to WorkSpan in one bulk load, or each item in its own',
        displayOptions: { show: { [hostParameters.dataSource]: ['items'] } },
      },
      {
        ...base,
        type: 'string',
        typeOptions: { rows: 6 },
        default: '',
        required: true,
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
        displayOptions: { show: { [hostParameters.dataSource]: ['text'] } },
      },
    ];
  }
  if (field.kind === 'reportFilters') return reportFilterProperties(field);
  if (field.listSource) {
    const example = (operation.example as Record<string, unknown>)[name];
    const numeric = facts.kind === 'number';
    return [
      {
        ...base,
        type: 'resourceLocator',
        default: { mode: pickerModes.list, value: '' },
        required: facts.required,
        description: field.description,
        modes: [
          {
            displayName: 'From List',
            name: pickerModes.list,
            type: 'list',
            placeholder: `Select ${/^[aeiou]/i.test(field.label) ? 'an' : 'a'} ${field.label.toLowerCase()}...`,
            typeOptions: { searchListMethod: listSearchMethods[field.listSource], searchable: true },
          },
          {
            displayName: 'By ID',
            name: pickerModes.id,
            type: 'string',
            ...(example === undefined ? {} : { placeholder: `e.g. ${String(example)}` }),
            ...(numeric
              ? {
                  validation: [
                    {
                      type: 'regex' as const,
                      properties: { regex: '^\\s*\\d+\\s*$', errorMessage: `Not a valid ${field.label} ID` },
                    },
                  ],
                }
              : {}),
          },
        ],
      },
    ];
  }
  const type = n8nType(facts.kind);
  const property: INodeProperties = {
    ...base,
    type,
    default: (facts.default as INodeProperties['default']) ?? emptyDefault(type),
    required: facts.required && facts.default === undefined,
  };
  if (facts.choices) {
    const choices: INodePropertyOptions[] = facts.choices.map((choice) => ({
      name: choiceLabel(choice),
      value: choice,
    }));
    if (operation.http.body === 'multipart' && operation.behaviours.bulkload?.formatField === name) {
      choices.unshift({
        name: 'From File Name or Type',
        value: formatFromFileChoice,
        description: "Read the format from the binary's file name or MIME type",
      });
      property.default = formatFromFileChoice;
    }
    property.options = choices;
  }
  const typeOptions: INodeProperties['typeOptions'] = {};
  if (facts.minimum !== undefined) typeOptions.minValue = facts.minimum;
  if (facts.maximum !== undefined) typeOptions.maxValue = facts.maximum;
  if (field.secret) typeOptions.password = true;
  if (field.multiline || facts.kind === 'eventFilter') typeOptions.rows = 3;
  if (Object.keys(typeOptions).length > 0) property.typeOptions = typeOptions;
  if (field.placeholder) property.placeholder = field.placeholder;
  if (facts.kind === 'stringList') property.hint = 'Separate several values with commas';
  return [property];
}
